"""Members prepare: "studied the documents" and prepared comments on agenda items."""


def preparation_context(request, meeting, *, can_edit: bool) -> dict:
    """What the meeting page shows of the members' preparation (filled in by that work)."""
    return {}
