"""Meeting documents: upload, download (with read receipts), who has opened what."""


def documents_context(request, meeting, *, can_edit: bool) -> dict:
    """What the meeting page shows of the documents (filled in by the documents work)."""
    return {}
