"""Reads of the organisation that span committees: which committees a superior has over time."""

import datetime

from django.db.models import Q

from cells.models import Committee, SuperiorBody


def committees_under(superior, day: datetime.date):
    """The committees under `superior` on `day`: those whose superior body valid on that day
    points to it (a committee that moved to another superior is under the old one only before
    the move)."""
    valid = Q(valid_from__lte=day) & (Q(valid_until__isnull=True) | Q(valid_until__gte=day))
    rows = SuperiorBody.objects.filter(valid, superior=superior)
    return Committee.objects.filter(pk__in=rows.values("committee_id")).order_by("name")
