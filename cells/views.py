"""Pages of the organisation: committees, superior bodies, terms, cells, rule settings."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cells import services
from cells.filters import CellFilter
from cells.forms import (
    CellDissolveForm,
    CellForm,
    CommitteeForm,
    CommitteeSettingsForm,
    SuperiorBodyForm,
    TermForm,
)
from cells.models import Cell
from cells.rules import rules_for
from core.forms import posted
from core.history import history_entries
from core.views import form_page
from members import access
from members import selectors as member_selectors

PAGE_SIZE = 25


# --- committees -------------------------------------------------------------------------------


def committee_list(request):
    committees = access.visible_committees(request.user).order_by("name")
    return render(
        request,
        "cells/committee_list.html",
        {
            "committees": committees,
            "can_create": access.can_create_committee(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def committee_create(request):
    if not access.can_create_committee(request.user):
        raise PermissionDenied
    form = CommitteeForm(posted(request))
    return form_page(
        request,
        form=form,
        service=lambda **data: services.committee_create(by=request.user, **data),
        success_message=_("The committee was created."),
        template="cells/form_page.html",
        context={"heading": _("New committee"), "cancel_url": reverse("cells:committee_list")},
        redirect_to=lambda obj: obj.get_absolute_url(),
    )


def committee_detail(request, pk):
    committee = access.get_committee_for_user(request.user, pk)
    committee = type(committee).objects.with_organisation().get(pk=committee.pk)
    today = timezone.localdate()
    terms = list(committee.terms.all())
    cells = Cell.objects.filter(committee=committee).order_by("code")
    return render(
        request,
        "cells/committee_detail.html",
        {
            "committee": committee,
            "superior_body": committee.superior_body_on(today),
            "superior_bodies": committee.superior_bodies.all(),
            "terms": terms,
            "current_term": next((t for t in terms if t.is_current(today)), None),
            "cells": cells,
            "rules": rules_for(committee),
            "officers": member_selectors.current_committee_officers(committee),
            "can_list_members": access.access_for(request.user).member_section,
            "member_counts": member_selectors.cell_member_counts(committee),
            "can_edit": access.can_edit_committee(request.user, committee.pk),
            "can_audit": access.can_audit_committee(request.user, committee.pk),
        },
    )


@require_http_methods(["GET", "POST"])
def committee_edit(request, pk):
    committee = access.get_committee_for_user(request.user, pk, edit=True)
    form = CommitteeForm(posted(request), instance=committee)
    return form_page(
        request,
        form=form,
        service=lambda **data: services.committee_update(
            committee=committee, by=request.user, **data
        ),
        success_message=_("The changes were saved."),
        template="cells/form_page.html",
        context={
            "committee": committee,
            "heading": _("Edit the committee"),
            "cancel_url": committee.get_absolute_url(),
        },
        redirect_to=lambda obj: obj.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def rules_edit(request, pk):
    committee = access.get_committee_for_user(request.user, pk, edit=True)
    form = CommitteeSettingsForm(posted(request), instance=rules_for(committee))
    return form_page(
        request,
        form=form,
        service=lambda **data: services.rules_update(committee=committee, by=request.user, **data),
        success_message=_("The committee rules were saved."),
        template="cells/form_page.html",
        context={
            "committee": committee,
            "heading": _("Committee rules"),
            "cancel_url": committee.get_absolute_url(),
        },
        redirect_to=lambda obj: committee.get_absolute_url(),
    )


# --- superior bodies and terms ----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def superior_body_create(request, pk):
    committee = access.get_committee_for_user(request.user, pk, edit=True)
    form = SuperiorBodyForm(posted(request))
    return form_page(
        request,
        form=form,
        service=lambda **data: services.superior_body_create(
            committee=committee, by=request.user, **data
        ),
        success_message=_("The superior body was added."),
        template="cells/form_page.html",
        context={
            "committee": committee,
            "heading": _("Add a superior body"),
            "cancel_url": committee.get_absolute_url(),
        },
        redirect_to=lambda obj: committee.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def superior_body_edit(request, pk):
    body = access.get_superior_body_for_user(request.user, pk, edit=True)
    form = SuperiorBodyForm(posted(request), instance=body)
    return form_page(
        request,
        form=form,
        service=lambda **data: services.superior_body_update(body=body, by=request.user, **data),
        success_message=_("The changes were saved."),
        template="cells/form_page.html",
        context={
            "committee": body.committee,
            "heading": _("Edit the superior body"),
            "cancel_url": body.committee.get_absolute_url(),
        },
        redirect_to=lambda obj: obj.committee.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def term_create(request, pk):
    committee = access.get_committee_for_user(request.user, pk, edit=True)
    form = TermForm(posted(request))
    return form_page(
        request,
        form=form,
        service=lambda **data: services.term_create(committee=committee, by=request.user, **data),
        success_message=_("The term was added."),
        template="cells/form_page.html",
        context={
            "committee": committee,
            "heading": _("Add a term"),
            "cancel_url": committee.get_absolute_url(),
        },
        redirect_to=lambda obj: committee.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def term_edit(request, pk):
    term = access.get_term_for_user(request.user, pk, edit=True)
    form = TermForm(posted(request), instance=term)
    return form_page(
        request,
        form=form,
        service=lambda **data: services.term_update(term=term, by=request.user, **data),
        success_message=_("The changes were saved."),
        template="cells/form_page.html",
        context={
            "committee": term.committee,
            "heading": _("Edit the term"),
            "cancel_url": term.committee.get_absolute_url(),
        },
        redirect_to=lambda obj: obj.committee.get_absolute_url(),
    )


# --- cells ------------------------------------------------------------------------------------


def cell_list(request, pk):
    committee = access.get_committee_for_user(request.user, pk)
    cells = Cell.objects.filter(committee=committee).order_by("code")
    filterset = CellFilter(request.GET or None, queryset=cells)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cells/cell_list.html",
        {
            "committee": committee,
            "filter": filterset,
            "page": page,
            "can_edit": access.can_edit_committee(request.user, committee.pk),
        },
    )


@require_http_methods(["GET", "POST"])
def cell_create(request, pk):
    committee = access.get_committee_for_user(request.user, pk, edit=True)
    form = CellForm(posted(request))
    return form_page(
        request,
        form=form,
        service=lambda **data: services.cell_create(committee=committee, by=request.user, **data),
        success_message=_("The cell was created."),
        template="cells/form_page.html",
        context={
            "committee": committee,
            "heading": _("New cell"),
            "cancel_url": committee.get_absolute_url(),
        },
        redirect_to=lambda obj: obj.get_absolute_url(),
    )


def cell_detail(request, pk):
    cell = access.get_cell_for_user(request.user, pk)
    acc = access.access_for(request.user)
    return render(
        request,
        "cells/cell_detail.html",
        {
            "cell": cell,
            "committee": cell.committee,
            "officers": member_selectors.current_officers(cell),
            "headcount": member_selectors.cell_headcount(cell, timezone.localdate()),
            "can_manage_logins": cell.committee_id in acc.registry_committees
            or cell.pk in acc.editor_cells,
            "can_list_members": cell.committee_id in acc.registry_committees
            or cell.pk in (acc.officer_cells | acc.own_cells),
            "can_edit": access.can_edit_committee(request.user, cell.committee_id),
            "can_audit": access.can_audit_committee(request.user, cell.committee_id),
        },
    )


@require_http_methods(["GET", "POST"])
def cell_edit(request, pk):
    cell = access.get_cell_for_user(request.user, pk, edit=True)
    form = CellForm(posted(request), instance=cell)
    return form_page(
        request,
        form=form,
        service=lambda **data: services.cell_update(cell=cell, by=request.user, **data),
        success_message=_("The changes were saved."),
        template="cells/form_page.html",
        context={
            "committee": cell.committee,
            "cell": cell,
            "heading": _("Edit the cell"),
            "cancel_url": cell.get_absolute_url(),
        },
        redirect_to=lambda obj: obj.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def cell_dissolve(request, pk):
    cell = access.get_cell_for_user(request.user, pk, edit=True)
    if not cell.is_active:
        messages.info(request, _("This cell is already dissolved."))
        return redirect(cell)
    form = CellDissolveForm(posted(request))
    return form_page(
        request,
        form=form,
        service=lambda **data: services.cell_dissolve(
            cell=cell, on=data["dissolved_on"], reason=data["dissolution_reason"], by=request.user
        ),
        success_message=_("The cell was dissolved. Its records stay on file."),
        template="cells/cell_dissolve.html",
        context={
            "committee": cell.committee,
            "cell": cell,
            "heading": _("Dissolve the cell"),
            "cancel_url": cell.get_absolute_url(),
            "submit_label": _("Dissolve"),
        },
        redirect_to=lambda obj: obj.get_absolute_url(),
    )


@require_http_methods(["GET", "POST"])
def cell_restore(request, pk):
    cell = access.get_cell_for_user(request.user, pk, edit=True)
    if cell.is_active:
        messages.info(request, _("This cell is active."))
        return redirect(cell)
    if request.method == "POST":
        services.cell_restore(cell=cell, by=request.user)
        messages.success(request, _("The cell is active again."))
        return redirect(cell)
    return render(request, "cells/cell_restore.html", {"committee": cell.committee, "cell": cell})


# --- change history ---------------------------------------------------------------------------

HISTORY_MODELS = {
    "committee": (lambda user, pk: access.get_committee_for_user(user, pk), "pk"),
    "cell": (lambda user, pk: access.get_cell_for_user(user, pk), "committee_id"),
    "term": (lambda user, pk: access.get_term_for_user(user, pk), "committee_id"),
    "superior-body": (
        lambda user, pk: access.get_superior_body_for_user(user, pk),
        "committee_id",
    ),
    "rules": (lambda user, pk: access.get_committee_for_user(user, pk), "pk"),
}


def record_history(request, kind, pk):
    """Lịch sử thay đổi: who changed a record, when, and what it was before (officers)."""
    if kind not in HISTORY_MODELS:
        raise Http404
    getter, committee_attr = HISTORY_MODELS[kind]
    obj = getter(request.user, pk)
    access.require_audit(request.user, getattr(obj, committee_attr))
    if kind == "rules":
        committee = obj
        obj = rules_for(committee)
        history = obj.history.all() if obj.pk else type(obj).history.none()
    else:
        committee = obj if kind == "committee" else obj.committee
        history = obj.history.all()
    page = Paginator(history_entries(history), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "cells/history.html",
        {"object": obj, "committee": committee, "page": page, "kind": kind},
    )
