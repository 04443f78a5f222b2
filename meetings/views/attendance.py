"""The attendance sheet and guests (being written)."""

from django.http import Http404


def record_start(request, pk, **kwargs):
    raise Http404


def attendance_sheet(request, pk, **kwargs):
    raise Http404


def attendance_refresh(request, pk, **kwargs):
    raise Http404


def attendance_mark(request, pk, **kwargs):
    raise Http404


def attendance_amend(request, pk, **kwargs):
    raise Http404


def guest_add(request, pk, **kwargs):
    raise Http404


def guest_remove(request, pk, **kwargs):
    raise Http404
