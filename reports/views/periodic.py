"""The committee's periodic reports to its superior (issue 22, DOMAIN §15): the list of a
committee's reports with "Create the report" (one click), a report's page — which is also its
print view —, edit a draft, submit it (a confirmation page), correct a submitted one (a new
version with the reason), and the official DOCX.

Who may see and do what: `reports.access` — 404 for a report the user may not read, 403 for one
she reads but may not change. Views parse, call the service, message, redirect.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.db import reads_from_replica
from core.forms import apply_service_errors, posted
from core.versions import cached_render, committee_scope
from reports import access as report_access
from reports import services
from reports.document import DOCX_TYPE, docx_filename, report_content, report_docx
from reports.figures import report_figures
from reports.forms import CorrectionForm, ReportCreateForm, ReportForm
from reports.models import PeriodReport

PAGE_SIZE = 25


def _list_url(committee_id: int) -> str:
    return reverse("reports:committee", args=[committee_id])


def _edit_url(report: PeriodReport) -> str:
    return reverse("reports:edit", args=[report.pk])


def _detail_url(report: PeriodReport) -> str:
    return reverse("reports:detail", args=[report.pk])


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- the committee's reports ----------------------------------------------------------------------


@require_GET
def report_list(request, pk):
    """Báo cáo định kỳ: the committee's reports, newest period first, every version; "Create the
    report" for its officers."""
    user = request.user
    committee = report_access.get_reports_committee(user, pk)
    reports = (
        PeriodReport.objects.visible_to(user)
        .with_related()
        .filter(committee=committee)
        .order_by("-period_start", "kind", "-version")
    )
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    can_write = report_access.may_write(user, committee.pk)
    return render(
        request,
        "reports/report_list.html",
        {
            "committee": committee,
            "page": page,
            "reports": list(page.object_list),
            "can_write": can_write,
            "create_form": ReportCreateForm(today=timezone.localdate()) if can_write else None,
        },
    )


@require_POST
def report_create(request, pk):
    """One click: the draft of the chosen period, its figures counted from the records (or that
    period's report when it already has one)."""
    user = request.user
    committee = report_access.get_reports_committee(user, pk)
    if not report_access.may_write(user, committee.pk):
        raise PermissionDenied
    form = ReportCreateForm(request.POST, today=timezone.localdate())
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["period"]))
        return redirect(_list_url(committee.pk))
    kind, start = form.cleaned_data["period"]
    try:
        report, created = services.report_create(
            committee=committee, kind=kind, period_start=start, by=user
        )
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect(_list_url(committee.pk))
    if not created:
        messages.info(request, _("This period already has its report: here it is."))
        return redirect(_detail_url(report))
    messages.success(
        request,
        _("The report %(number)s was created. Write its sections, then submit it.")
        % {"number": report.number_text},
    )
    return redirect(_edit_url(report))


# --- one report -----------------------------------------------------------------------------------


def _report_context(user, report: PeriodReport) -> dict:
    """What the report's page shows: the official texts (from the live or frozen figures), its
    versions, its standing and the actions the user may take."""
    versions = list(
        PeriodReport.objects.visible_to(user).with_related().of_report(report).order_by("version")
    )
    can_write = report_access.may_write(user, report.committee_id)
    latest = versions[-1] if versions else report
    has_draft = any(version.is_draft for version in versions)
    first = versions[0] if versions and versions[0].version == 1 else None

    return {
        "report": report,
        # The official text is the same for everyone who may open the report: one cached part
        # per report and day (a draft counts from the records as they are).
        "sheet": cached_render(
            "report-sheet",
            [committee_scope(report.committee_id)],
            (report.pk, timezone.localdate()),
            "reports/report_sheet.html",
            lambda: {"doc": report_content(report, report_figures(report))},
        ),
        "versions": versions,
        "first": first,
        "can_edit": can_write and report.is_draft,
        "can_correct": (
            can_write and report.is_submitted and latest.pk == report.pk and not has_draft
        ),
        "draft_version": next((v for v in versions if v.is_draft and v.pk != report.pk), None),
    }


@require_GET
def report_detail(request, pk):
    """The report as it prints (the official layout, in Vietnamese), with its versions and the
    actions."""
    report = report_access.get_report_for_user(request.user, pk)
    return render(request, "reports/report_detail.html", _report_context(request.user, report))


@require_GET
@reads_from_replica
def report_docx_view(request, pk):
    """The report as an official Word document (DOCX), in Vietnamese."""
    report = report_access.get_report_for_user(request.user, pk)
    response = HttpResponse(report_docx(report, report_figures(report)), content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{docx_filename(report)}"'
    return response


def _locked(request, report: PeriodReport):
    messages.info(
        request,
        _("This report was submitted and is locked. To change it, make a correction."),
    )
    return redirect(_detail_url(report))


@require_http_methods(["GET", "POST"])
def report_edit(request, pk):
    """A draft's free texts, recipients and signatory."""
    user = request.user
    report = report_access.get_report_for_user(user, pk, write=True)
    if not report.is_draft:
        return _locked(request, report)
    form = ReportForm(posted(request), instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_update(report, by=user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The changes were saved."))
            return redirect(_detail_url(report))
    return render(
        request,
        "reports/report_form.html",
        {"report": report, "form": form, "cancel_url": _detail_url(report)},
    )


@require_http_methods(["GET", "POST"])
def report_submit(request, pk):
    """Submit a draft to the superior (a confirmation page): it is then locked."""
    user = request.user
    report = report_access.get_report_for_user(user, pk, write=True)
    if not report.is_draft:
        return _locked(request, report)
    if request.method == "POST":
        try:
            report = services.report_submit(report, by=user)
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            messages.success(
                request,
                _("The report %(number)s was submitted to the superior. It is now locked.")
                % {"number": report.number_text},
            )
        return redirect(_detail_url(report))
    return render(
        request,
        "reports/report_submit.html",
        {"report": report, "due": report.due_on(), "today": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
def report_correct(request, pk):
    """Correct a submitted report: a new version (a draft with the same number), with the
    reason."""
    user = request.user
    report = report_access.get_report_for_user(user, pk, write=True)
    if report.is_draft:
        messages.info(request, _("This version is a draft: edit it instead."))
        return redirect(_edit_url(report))
    form = CorrectionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            correction = services.report_correct(
                report, by=user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(version)s of the report was created: change it, then submit it.")
                % {"version": correction.version},
            )
            return redirect(_edit_url(correction))
    return render(
        request,
        "reports/report_correct.html",
        {"report": report, "form": form, "cancel_url": _detail_url(report)},
    )
