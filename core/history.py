"""Readable change history from django-simple-history records (Lịch sử thay đổi)."""

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime.datetime
    who: object
    kind: str
    changes: list[Change]
    reason: str


def _display(field, value) -> str:
    if value is None or value == "":
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        # Stored in UTC: shown in local time (Asia/Ho_Chi_Minh), like every time on the pages.
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%H:%M %d/%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return str(value)


def history_entries(history_queryset) -> list[Entry]:
    """Each saved version, newest first, with the fields it changed against the one before.

    One query (the records with their users); the diffs are computed in memory.
    """
    records = list(history_queryset.select_related("history_user").order_by("history_date"))
    kinds = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
    entries = []
    previous = None
    for record in records:
        changes = []
        tracked = {f.attname for f in record._meta.concrete_fields}
        fields = [
            f
            for f in record.instance_type._meta.concrete_fields
            if f.name != "id" and not f.auto_created and f.attname in tracked
        ]
        for field in fields:
            attname = field.attname
            new = getattr(record, attname)
            old = getattr(previous, attname) if previous is not None else None
            if previous is None and new in (None, ""):
                continue
            if previous is None or old != new:
                if field.is_relation:
                    continue
                changes.append(
                    Change(
                        str(field.verbose_name),
                        _display(field, old) if previous else "",
                        _display(field, new),
                    )
                )
        entries.append(
            Entry(
                when=timezone.localtime(record.history_date),
                who=record.history_user,
                kind=kinds.get(record.history_type, record.history_type),
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
        previous = record
    entries.reverse()
    return entries
