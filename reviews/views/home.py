"""The year-end review's entry page: what this user may open, for this year and last."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from cells.models import Cell
from members import access


def review_home(request):
    """Đánh giá, xếp loại: her self-assessment, the cells she reviews, the committee's ratings."""
    acc = access.access_for(request.user)
    if not (acc.member_id or acc.officer_cells or acc.officer_committees):
        raise PermissionDenied
    this_year = timezone.localdate().year
    cells = list(
        Cell.objects.filter(pk__in=acc.officer_cells).order_by("code")
        if not acc.officer_committees
        else Cell.objects.filter(committee_id__in=acc.officer_committees).active().order_by("code")
    )
    return render(
        request,
        "reviews/home.html",
        {
            "years": [this_year, this_year - 1],
            "is_member": bool(acc.member_id),
            "cells": cells,
            "is_committee_officer": bool(acc.officer_committees),
            "sees_residence": bool(acc.officer_cells or acc.officer_committees),
        },
    )
