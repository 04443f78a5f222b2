"""Writing, approving and amending the minutes (being written)."""

from django.http import Http404


def minutes_edit(request, pk, **kwargs):
    raise Http404


def minutes_autosave(request, pk, **kwargs):
    raise Http404


def minutes_ready(request, pk, **kwargs):
    raise Http404


def minutes_approve(request, pk, **kwargs):
    raise Http404


def minutes_amend(request, pk, **kwargs):
    raise Http404
