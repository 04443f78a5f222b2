"""Reading the minutes: page, print view, DOCX (being written)."""

from django.http import Http404


def minutes_detail(request, pk, **kwargs):
    raise Http404


def minutes_print(request, pk, **kwargs):
    raise Http404


def minutes_docx(request, pk, **kwargs):
    raise Http404
