"""Inspection and supervision — kiểm tra, giám sát (DOMAIN §9; issue 18 items 6–8).

- `supervision_home` (GET): the programmes of a year the user may read (`?year=`), each with its
  progress, and her own records with their follow-up; members and officers (403 for anyone else).
- `programme_create` (GET/POST): a draft programme of a cell (its secretary or deputy) or of the
  committee (its officers).
- `programme_detail` (GET): its items, each done / under way / not started (from the records).
- `programme_adopt` (GET/POST): the passed vote of the body that adopted it.
- `item_add`, `item_edit` (GET/POST): the items of a draft programme.
- `record_add` (GET/POST), `record_detail` (GET), `record_edit` (GET/POST): the confidential
  records of an item — read by the member concerned and the officers, written by those who write
  the programme.
404 for what the user may not see, 403 for what she sees but may not change.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cells.models import Committee
from core.forms import apply_service_errors, posted
from members.access_log import Kind, log_view
from reviews.forms import (
    SupervisionAdoptForm,
    SupervisionItemForm,
    SupervisionProgrammeForm,
    SupervisionRecordForm,
)
from reviews.records import checks
from reviews.supervision import access as sup_access
from reviews.supervision import programmes, records
from reviews.supervision.progress import programme_items, progress_of
from reviews.supervision.selectors import my_records, programme_rows


def _year(request, today) -> int:
    """`?year=`: a year from 1930 to next year; anything else is this year."""
    value = request.GET.get("year", "")
    if value.isdigit() and checks.YEAR_MIN <= int(value) <= today.year + 1:
        return int(value)
    return today.year


@require_GET
def supervision_home(request):
    if not sup_access.may_open_section(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    year = _year(request, today)
    return render(
        request,
        "reviews/supervision/home.html",
        {
            "year": year,
            "years": [today.year + 1, today.year, today.year - 1, today.year - 2],
            "rows": programme_rows(request.user, year),
            "my_records": my_records(request.user),
            "may_create": sup_access.may_create(request.user),
            "today": today,
        },
    )


@require_http_methods(["GET", "POST"])
def programme_create(request):
    if not sup_access.may_create(request.user):
        raise PermissionDenied
    committees = Committee.objects.filter(
        pk__in=sup_access.creatable_committees(request.user)
    ).order_by("name")
    form = SupervisionProgrammeForm(
        posted(request),
        cells=list(sup_access.creatable_cells(request.user)),
        committees=list(committees),
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme = programmes.programme_create(by=request.user, **form.service_kwargs())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The programme of %(holder)s for %(year)s was created as a draft.")
                % {"holder": programme.holder_name, "year": programme.year},
            )
            return redirect(programme)
    return render(
        request,
        "reviews/supervision/form.html",
        {
            "form": form,
            "title": _("New supervision programme"),
            "cancel_url": _home_url(),
        },
    )


def _home_url() -> str:
    return reverse("reviews:supervision_home")


@require_GET
def programme_detail(request, pk):
    programme = sup_access.get_programme_for_user(request.user, pk)
    items = programme_items(programme)
    return render(
        request,
        "reviews/supervision/programme.html",
        {
            "programme": programme,
            "items": items,
            "progress": progress_of(items),
            "may_write": sup_access.may_write(request.user, programme),
        },
    )


@require_http_methods(["GET", "POST"])
def programme_adopt(request, pk):
    programme = sup_access.get_programme_for_user(request.user, pk, edit=True)
    if programme.is_adopted:
        messages.info(request, _("This programme is already adopted."))
        return redirect(programme)
    form = SupervisionAdoptForm(
        posted(request),
        committee=programme.committee,
        motions=programmes.programme_motions(programme),
    )
    if request.method == "POST" and form.is_valid():
        try:
            programmes.programme_adopt(
                programme=programme, motion=form.cleaned_data["motion"], by=request.user
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The programme was adopted."))
            return redirect(programme)
    return render(
        request,
        "reviews/supervision/form.html",
        {
            "form": form,
            "programme": programme,
            "title": _("Adopt the programme"),
            "intro": _(
                "A programme is adopted by a passed vote on a resolution or conclusion at a "
                "meeting of its body. Record the vote on the meeting's page first."
            ),
            "cancel_url": programme.get_absolute_url(),
        },
    )


def _item_page(request, programme, form, *, title):
    return render(
        request,
        "reviews/supervision/form.html",
        {
            "form": form,
            "programme": programme,
            "title": title,
            "cancel_url": programme.get_absolute_url(),
        },
    )


def _draft_or_back(request, programme):
    if programme.is_adopted:
        messages.error(
            request, _("The programme is adopted: its items change only by a new vote of the body.")
        )
        return redirect(programme)
    return None


@require_http_methods(["GET", "POST"])
def item_add(request, pk):
    programme = sup_access.get_programme_for_user(request.user, pk, edit=True)
    back = _draft_or_back(request, programme)
    if back:
        return back
    form = SupervisionItemForm(
        posted(request), programme=programme, members=programmes.body_members(programme)
    )
    if request.method == "POST" and form.is_valid():
        try:
            programmes.item_add(programme=programme, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The item was added to the programme."))
            return redirect(programme)
    return _item_page(request, programme, form, title=_("Add an item"))


@require_http_methods(["GET", "POST"])
def item_edit(request, pk):
    item = sup_access.get_item_for_user(request.user, pk, edit=True)
    programme = item.programme
    back = _draft_or_back(request, programme)
    if back:
        return back
    initial = {
        "kind": item.kind,
        "dimension": item.dimension,
        "content": item.content,
        "subject_cell": item.subject_cell_id,
        "subject_members": [m.pk for m in item.subject_members.all()],
        "supervisors": [m.pk for m in item.supervisors.all()],
        "planned_from": item.planned_from,
        "planned_until": item.planned_until,
    }
    form = SupervisionItemForm(
        posted(request),
        programme=programme,
        members=programmes.body_members(programme),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            programmes.item_update(item=item, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The item was saved."))
            return redirect(programme)
    return _item_page(request, programme, form, title=_("Edit the item"))


@require_http_methods(["GET", "POST"])
def record_add(request, pk):
    item = sup_access.get_item_for_user(request.user, pk, edit=True)
    programme = item.programme
    if not programme.is_adopted:
        messages.error(request, _("Adopt the programme before recording its supervision."))
        return redirect(programme)
    subjects = list(item.subject_members.ordered())
    chosen = request.POST.get("member") if request.method == "POST" else None
    member = next((m for m in subjects if str(m.pk) == chosen), None)
    form = SupervisionRecordForm(
        posted(request),
        item=item,
        subjects=subjects,
        disciplines=records.record_disciplines(member) if member else [],
        initial={"recorded_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            record = records.record_add(item=item, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The supervision record was saved."))
            return redirect(record)
    return render(
        request,
        "reviews/supervision/form.html",
        {
            "form": form,
            "programme": programme,
            "item": item,
            "title": _("New supervision record"),
            "intro": _(
                "Confidential: the member concerned, the officers of her cell and of the "
                "committee read it. A discipline it led to is linked once recorded on her page."
            ),
            "cancel_url": programme.get_absolute_url(),
        },
    )


@require_GET
def record_detail(request, pk):
    record = sup_access.get_record_for_user(request.user, pk)
    programme = record.item.programme
    log_view(
        request.user,
        kind=Kind.SUPERVISION,
        member=record.member,
        obj=record,
        request=request,
        label=programme,
    )
    return render(
        request,
        "reviews/supervision/record.html",
        {
            "record": record,
            "item": record.item,
            "programme": programme,
            "may_write": sup_access.may_write(request.user, programme),
            "sees_programme": sup_access.may_read_programme(request.user, programme),
        },
    )


@require_http_methods(["GET", "POST"])
def record_edit(request, pk):
    record = sup_access.get_record_for_user(request.user, pk, edit=True)
    if request.method == "GET":
        log_view(
            request.user,
            kind=Kind.SUPERVISION,
            member=record.member,
            obj=record,
            request=request,
            label=record.item.programme,
        )
    form = SupervisionRecordForm(
        posted(request),
        item=record.item,
        record=record,
        disciplines=records.record_disciplines(record.member),
    )
    if request.method == "POST" and form.is_valid():
        try:
            records.record_update(record=record, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The supervision record was saved."))
            return redirect(record)
    return render(
        request,
        "reviews/supervision/form.html",
        {
            "form": form,
            "programme": record.item.programme,
            "item": record.item,
            "record": record,
            "title": _("Edit the supervision record"),
            "cancel_url": record.get_absolute_url(),
        },
    )
