"""Helpers every app's write services share."""


def save_with_history(instance, *, by):
    """Validate and save a record, naming `by` in its audit history (django-simple-history)."""
    instance._history_user = by
    instance.full_clean()
    instance.save()
    return instance
