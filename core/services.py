"""Helpers every app's write services share."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def _loaded_foreign_keys(instance) -> set[str]:
    """The foreign keys of `instance` set from a saved object it holds (`meeting=meeting`).

    That row exists: party records are never deleted (`PROTECT`), and the database's own foreign
    key backs it. Django's `full_clean` would still ask the database once per key; `validate`
    skips only that question for these keys (a key set by id, or limited by `limit_choices_to`,
    is still checked).
    """
    names = set()
    for field in instance._meta.concrete_fields:
        if not field.many_to_one or field.remote_field.limit_choices_to:
            continue
        if not field.is_cached(instance):
            continue
        related = field.get_cached_value(instance)
        if (
            related is not None
            and not related._state.adding
            and getattr(related, field.target_field.attname) == getattr(instance, field.attname)
        ):
            names.add(field.name)
    return names


def validate(instance, *, exclude=()):
    """`instance.full_clean(exclude=exclude)`, without re-checking that loaded related rows exist.

    The same steps in the same order as Django's `Model.full_clean`: the fields, the model's
    `clean()`, then the unique checks and the constraints for the fields that passed (every
    constraint is checked, whatever the keys).
    """
    exclude = set(exclude)
    errors = {}
    try:
        instance.clean_fields(exclude=exclude | _loaded_foreign_keys(instance))
    except ValidationError as e:
        errors = e.update_error_dict(errors)
    try:
        instance.clean()
    except ValidationError as e:
        errors = e.update_error_dict(errors)
    exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
    try:
        instance.validate_unique(exclude=exclude)
    except ValidationError as e:
        errors = e.update_error_dict(errors)
    exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
    try:
        instance.validate_constraints(exclude=exclude)
    except ValidationError as e:
        errors = e.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


def save_with_history(instance, *, by):
    """Validate and save a record, naming `by` in its audit history (django-simple-history)."""
    instance._history_user = by
    validate(instance)
    instance.save()
    return instance
