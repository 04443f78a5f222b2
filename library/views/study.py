"""Study campaigns — học tập, quán triệt (issue 19 parts 3–4). Who may do what: `library.access`
(study block); the rules: `library.study.services`.

- `campaign_list` (GET `/library/study/`): the campaigns of the user's committees, each with the
  share done (`?archived=1` shows the archived ones too). Anyone with a library.
- `campaign_start` (GET/POST `/library/documents/<pk>/study/new/`): the committee's officers.
- `campaign_detail` (GET): the document, the deadline, the instructions and the numbers per cell
  (no names) for whoever sees the campaign; the member's own part — confirm she studied it, her
  report — when she is asked; the officers' actions.
- `campaign_progress` (GET, `?cell=`): who has studied / reported / not yet — the committee's
  officers (every cell), a cell's officers (their cell's rows); 403 for observers and members.
- `campaign_extend` (GET/POST), `campaign_archive` (POST, confirmed in the browser),
  `campaign_reports_docx`, `campaign_summary_xlsx` (GET): the committee's officers.
- `campaign_remind` (POST, `cell`): remind the missing members (once a day each) — the
  committee's officers, or a cell's secretary or deputy for her cell.
- `study_confirm` (POST), `study_report` (GET/POST): the member's own part; her row is taken
  from her login, never from the request (no URL names another member's row).
- `participant_record` (GET/POST): an officer records a member's study and handwritten report.
- `participant_report`, `participant_report_file` (GET): a report — confidential: the member,
  her cell's officers, the committee's officers; 404 for everyone else.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cells.models import Cell
from cells.rules import rules_for
from core.forms import apply_service_errors, posted, posted_files
from core.uploads import upload_limit
from core.views import file_response
from library import access as library_access
from library.study import exports, selectors, services
from library.study.forms import CampaignStartForm, ExtendForm, RecordForm, ReportForm
from members.access import access_for

PER_PAGE = 20
ROWS_PER_PAGE = 100


def _id(value) -> int | None:
    """A database id typed in a query or a form: plain digits of a sane length, else None."""
    value = str(value or "")
    if value.isascii() and value.isdigit() and len(value) <= 12:
        return int(value)
    return None


def _page(request, rows, per_page: int):
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def _max_mb(campaign) -> int:
    return rules_for(campaign.committee).upload_max_mb


# --- the list and the campaign --------------------------------------------------------------------


@require_GET
def campaign_list(request):
    library_access.require_library_section(request.user)
    archived = request.GET.get("archived") == "1"
    page = _page(
        request, selectors.campaign_list(request.user, include_archived=archived), PER_PAGE
    )
    return render(
        request,
        "library/campaign_list.html",
        {
            "page": page,
            "campaigns": page.object_list,
            "archived": archived,
        },
    )


@require_http_methods(["GET", "POST"])
def campaign_start(request, doc_pk):
    document = library_access.get_document_for_user(request.user, doc_pk)
    if not library_access.may_manage_campaigns(request.user, document.committee_id):
        raise PermissionDenied
    committee = document.committee
    with translation.override("vi"):  # a party record's title: in Vietnamese
        title = _("Study of %(document)s") % {"document": document}
    form = CampaignStartForm(posted(request), committee=committee, initial={"title": title})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.campaign_start(
                committee,
                document,
                title=data["title"],
                cells=list(data["cells"]),
                starts_on=data["starts_on"],
                deadline=data["deadline"],
                report_required=data["report_required"],
                instructions=data["instructions"],
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The campaign was started. Members asked to study the document: %(count)s; "
                    "told in the app and by e-mail: %(notified)s."
                )
                % {"count": result.participants, "notified": result.notified},
            )
            return redirect(result.campaign)
    return render(
        request,
        "library/campaign_form.html",
        {
            "form": form,
            "document": document,
            "committee": committee,
            "heading": _("Start a study campaign"),
            "cancel_url": document.get_absolute_url(),
            "submit_label": _("Start the campaign"),
        },
    )


@require_GET
def campaign_detail(request, pk):
    user = request.user
    campaign = library_access.get_campaign_for_user(user, pk)
    progress = selectors.campaign_progress(campaign)
    mine = selectors.participant_of(campaign, access_for(user).member_id)
    return render(
        request,
        "library/campaign_detail.html",
        {
            "campaign": campaign,
            "document": campaign.document,
            "committee": campaign.committee,
            "progress": progress,
            "mine": mine,
            "may_manage": library_access.may_manage_campaigns(user, campaign.committee_id),
            "may_see_progress": library_access.may_see_progress(
                user, campaign, [share.cell_id for share in progress.cells]
            ),
        },
    )


def _progress_cell(request, cells, shares) -> int | None:
    """`?cell=`: one of the cells the user sees the rows of, else None (all of hers)."""
    cell_id = _id(request.GET.get("cell"))
    if cell_id is None:
        return None
    shown = {share.cell_id for share in shares}
    if cell_id not in shown or (cells is not None and cell_id not in cells):
        return None
    return cell_id


@require_GET
def campaign_progress(request, pk):
    user = request.user
    campaign = library_access.get_campaign_for_user(user, pk)
    cells = library_access.progress_cells(user, campaign)
    progress = selectors.campaign_progress(campaign, cell_ids=cells)
    if not library_access.may_see_progress(
        user, campaign, [share.cell_id for share in progress.cells]
    ):
        raise PermissionDenied
    chosen = _progress_cell(request, cells, progress.cells)
    rows = selectors.participant_rows(campaign, cell_ids=[chosen] if chosen is not None else cells)
    page = _page(request, rows, ROWS_PER_PAGE)
    page.object_list = list(page.object_list)
    for row in page.object_list:
        row.campaign = campaign
        row.done = selectors.is_done(row, campaign)
        row.may_record = library_access.may_record_for(user, row)
    remind_cells = [
        share
        for share in progress.cells
        if share.missing and library_access.may_remind(user, campaign, share.cell_id)
    ]
    return render(
        request,
        "library/campaign_progress.html",
        {
            "campaign": campaign,
            "document": campaign.document,
            "committee": campaign.committee,
            "progress": progress,
            "chosen": chosen,
            "page": page,
            "rows": page.object_list,
            "may_manage": library_access.may_manage_campaigns(user, campaign.committee_id),
            "remind_cells": remind_cells if not campaign.archived else [],
        },
    )


# --- the committee's officers ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def campaign_extend(request, pk):
    campaign = library_access.get_campaign_for_user(request.user, pk, manage=True)
    form = ExtendForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            told = services.campaign_extend(
                campaign=campaign, deadline=form.cleaned_data["deadline"], by=request.user
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The deadline is now %(date)s. Members not done yet who were told: %(count)s.")
                % {"date": f"{form.cleaned_data['deadline']:%d/%m/%Y}", "count": told},
            )
            return redirect(campaign)
    return render(
        request,
        "library/campaign_form.html",
        {
            "form": form,
            "campaign": campaign,
            "document": campaign.document,
            "committee": campaign.committee,
            "heading": _("Extend the deadline"),
            "intro": _(
                "The current deadline is %(date)s. Reports already in keep their “late” mark; "
                "a report that comes in by the new deadline is on time."
            )
            % {"date": f"{campaign.deadline:%d/%m/%Y}"},
            "cancel_url": campaign.get_absolute_url(),
            "submit_label": _("Extend"),
        },
    )


@require_POST
def campaign_archive(request, pk):
    campaign = library_access.get_campaign_for_user(request.user, pk, manage=True)
    services.campaign_archive(campaign=campaign, by=request.user)
    messages.success(
        request,
        _("The campaign “%(title)s” was archived; its reports are kept.")
        % {"title": campaign.title},
    )
    return redirect("library:campaign_list")


@require_POST
def campaign_remind(request, pk):
    campaign = library_access.get_campaign_for_user(request.user, pk)
    value = request.POST.get("cell", "")
    cell = None
    if value:
        cell_id = _id(value)
        if cell_id is not None:
            cell = Cell.objects.filter(pk=cell_id, committee_id=campaign.committee_id).first()
        if cell is None:
            raise Http404
    if not library_access.may_remind(request.user, campaign, cell.pk if cell else None):
        raise PermissionDenied
    try:
        count = services.remind_missing(campaign=campaign, cell=cell, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if count:
            messages.success(request, _("Members reminded: %(count)s.") % {"count": count})
        else:
            messages.info(
                request,
                _(
                    "Nobody to remind: the members not done yet were already reminded today or "
                    "have no login (record their study on their behalf)."
                ),
            )
    url = reverse("library:campaign_progress", args=[campaign.pk])
    return redirect(f"{url}?cell={cell.pk}" if cell else url)


@require_GET
def campaign_reports_docx(request, pk):
    campaign = library_access.get_campaign_for_user(request.user, pk, manage=True)
    content = exports.reports_content(campaign, today=timezone.localdate())
    response = HttpResponse(exports.reports_docx(content), content_type=exports.DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.reports_filename(campaign)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def campaign_summary_xlsx(request, pk):
    campaign = library_access.get_campaign_for_user(request.user, pk, manage=True)
    response = HttpResponse(exports.summary_xlsx(campaign), content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.summary_filename(campaign)}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- the member's own part ------------------------------------------------------------------------


@require_POST
def study_confirm(request, pk):
    campaign = library_access.get_campaign_for_user(request.user, pk)
    participant = library_access.my_participant(request.user, campaign)
    try:
        services.study_confirm(participant=participant, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Recorded: you have studied the document."))
    return redirect(campaign)


def _my_max_mb(request, pk) -> int:
    return _max_mb(library_access.get_campaign_for_user(request.user, pk))


@upload_limit(_my_max_mb)
@require_http_methods(["GET", "POST"])
def study_report(request, pk):
    campaign = library_access.get_campaign_for_user(request.user, pk)
    participant = library_access.my_participant(request.user, campaign)
    if not campaign.report_required:
        raise Http404
    report = participant.report if participant.has_report else None
    editable = selectors.report_editable(campaign, report)
    if request.method == "POST" and not editable:
        messages.error(
            request,
            _("The deadline (%(date)s) has passed: your report can no longer be changed.")
            % {"date": f"{campaign.deadline:%d/%m/%Y}"}
            if not campaign.archived
            else _("This campaign is archived: nothing in it can change."),
        )
        return redirect(request.path)
    form = ReportForm(
        posted(request),
        posted_files(request),
        max_mb=_max_mb(campaign),
        initial={"text": report.text if report else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.report_submit(
                participant=participant,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            if saved.late:
                messages.warning(
                    request, _("Your report was saved. It came after the deadline: marked late.")
                )
            else:
                messages.success(request, _("Your report was saved."))
            return redirect(campaign)
    if form.is_bound and form.errors and request.FILES:
        messages.info(request, _("A browser cannot keep a chosen file: choose the file again."))
    return render(
        request,
        "library/study_report_form.html",
        {
            "form": form,
            "campaign": campaign,
            "document": campaign.document,
            "committee": campaign.committee,
            "participant": participant,
            "report": report,
            "editable": editable,
        },
    )


# --- officers for a member --------------------------------------------------------------------------


def _record_max_mb(request, pk) -> int:
    participant = library_access.get_participant_for_record(request.user, pk)
    return _max_mb(participant.campaign)


@upload_limit(_record_max_mb)
@require_http_methods(["GET", "POST"])
def participant_record(request, pk):
    participant = library_access.get_participant_for_record(request.user, pk)
    campaign = participant.campaign
    report = selectors.report_of(participant)
    form = RecordForm(
        posted(request),
        posted_files(request),
        max_mb=_max_mb(campaign),
        report_required=campaign.report_required,
        initial={
            "studied": participant.studied_at is not None,
            "text": report.text if report else "",
        },
    )
    back = f"{reverse('library:campaign_progress', args=[campaign.pk])}?cell={participant.cell_id}"
    if request.method == "POST" and campaign.archived:
        messages.error(request, _("This campaign is archived: nothing in it can change."))
        return redirect(back)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_on_behalf(
                participant=participant,
                studied=form.cleaned_data["studied"],
                text=form.cleaned_data.get("text", ""),
                upload=form.cleaned_data.get("file"),
                received_on=form.cleaned_data["received_on"],
                by=request.user,
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Recorded for %(name)s.") % {"name": participant.member.full_name},
            )
            return redirect(back)
    if form.is_bound and form.errors and request.FILES:
        messages.info(request, _("A browser cannot keep a chosen file: choose the file again."))
    return render(
        request,
        "library/study_record_form.html",
        {
            "form": form,
            "campaign": campaign,
            "document": campaign.document,
            "committee": campaign.committee,
            "participant": participant,
            "report": report,
            "own_report": report is not None and report.recorded_by_id is None,
            "cancel_url": back,
        },
    )


@require_GET
def participant_report(request, pk):
    participant = library_access.get_participant_for_reader(request.user, pk)
    if not participant.has_report:
        raise Http404
    campaign = participant.campaign
    return render(
        request,
        "library/study_report.html",
        {
            "participant": participant,
            "report": participant.report,
            "campaign": campaign,
            "document": campaign.document,
            "committee": campaign.committee,
            "mine": participant.member_id == access_for(request.user).member_id,
        },
    )


@require_GET
def participant_report_file(request, pk):
    participant = library_access.get_participant_for_reader(request.user, pk)
    report = participant.report if participant.has_report else None
    if report is None or not report.file:
        raise Http404
    return file_response(
        report.file, kind=report.file_kind, filename=selectors.report_download_name(report)
    )
