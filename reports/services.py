"""The committee's periodic reports: create, edit, submit, correct (issue 22, DOMAIN §15).

Each write is one transaction that validates (a `ValidationError` with a clear message, on its
field where it has one), then saves with the user in the audit history. The user's right is
checked by the view (`reports.access`: the committee's officers); these services check the rest:

- `report_create`: one click makes the draft of a period that has begun (never of a future one):
  the number is the next in the committee's year ("Số 07-BC/ĐU"), the superior is the one the
  committee is under on the period's last day, the place is the committee's, the recipients are
  that superior (to report to) and the office's file copy, the signatory the committee's secretary
  today. A period that already has a report is not made twice: its latest version is opened;
- `report_update`: only a draft changes; each free text at most `MAX_TEXT` characters;
- `report_submit`: only a draft is submitted — it is then locked, its figures frozen and it is
  dated the day it is submitted; a second submission is refused;
- `report_correct`: a correction is a new version — a draft copied from the latest submitted
  version, with its reason, keeping the report's number — while no other draft of it exists.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from cells.models import Committee, SuperiorBody
from core.services import save_with_history
from members.selectors import secretary_on
from reports.figures import SPAN_MONTHS, live_figures, period_bounds
from reports.models import MAX_TEXT, PeriodReport

Status = PeriodReport.Status
# The free texts (`MAX_TEXT` characters each at most) and every field the edit form gives.
TEXT_FIELDS = ("situation", "notable", "plan", "recipients")
EDIT_FIELDS = (*TEXT_FIELDS, "place", "signer", "signer_name")
# The office's file copy, the last line of "Nơi nhận" (official documents are Vietnamese).
FILE_COPY = "Lưu Văn phòng Đảng ủy."


def default_recipients(body: SuperiorBody | None) -> str:
    """ "Đảng ủy xã Krông Bông (để báo cáo)," then the file copy, one per line."""
    superior = body.name if body is not None else "Cấp ủy cấp trên"
    return f"{superior} (để báo cáo),\n{FILE_COPY}"


def _next_number(committee: Committee, year: int) -> int:
    last = PeriodReport.objects.filter(committee=committee, number_year=year).aggregate(
        last=Max("number")
    )["last"]
    return (last or 0) + 1


def _text(value) -> str:
    """A typed text with the browser's line ends made one character ("\\r\\n" → "\\n")."""
    return (value or "").replace("\r\n", "\n").replace("\r", "\n")


def _too_long(name: str, text: str) -> dict:
    if len(text) <= MAX_TEXT:
        return {}
    return {
        name: _(
            "This text has %(length)d characters; at most %(max)d are allowed. Shorten it, "
            "nothing was saved."
        )
        % {"length": len(text), "max": MAX_TEXT}
    }


@transaction.atomic
def report_create(
    *,
    committee: Committee,
    kind: str,
    period_start: datetime.date,
    by,
    today: datetime.date | None = None,
) -> tuple[PeriodReport, bool]:
    """The draft report of the `kind` period containing `period_start` — (report, True); or, when
    that period already has a report, its latest version — (report, False)."""
    today = today or timezone.localdate()
    if kind not in SPAN_MONTHS:
        raise ValidationError({"kind": _("Choose the type of report.")})
    start, end = period_bounds(kind, period_start)
    if start > today:
        raise ValidationError(
            {
                "period": _(
                    "This period begins on %(date)s, in the future: a report is made for a "
                    "period that has begun."
                )
                % {"date": start.strftime("%d/%m/%Y")}
            }
        )
    # The committee's row, locked: two clicks never take the same number or make two drafts.
    # Its superior bodies come with it, for `superior_body_on` (the rule of which is valid when).
    committee = (
        Committee.objects.select_for_update(of=("self",))
        .prefetch_related(
            Prefetch("superior_bodies", queryset=SuperiorBody.objects.select_related("superior"))
        )
        .get(pk=committee.pk)
    )
    existing = (
        PeriodReport.objects.filter(committee=committee, kind=kind, period_start=start)
        .order_by("-version")
        .first()
    )
    if existing is not None:
        return existing, False
    body = committee.superior_body_on(end)
    report = PeriodReport(
        committee=committee,
        kind=kind,
        period_start=start,
        period_end=end,
        superior=body.superior if body is not None else None,
        number=_next_number(committee, today.year),
        number_year=today.year,
        place=committee.place_name or (body.superior.place_name if body is not None else ""),
        issued_on=today,
        recipients=default_recipients(body),
        signer=PeriodReport.Signer.SECRETARY,
        signer_name=secretary_on(committee_id=committee.pk, cell_id=None, day=today),
        created_by=by,
    )
    return save_with_history(report, by=by), True


def _locked(report: PeriodReport) -> PeriodReport:
    return (
        PeriodReport.objects.select_for_update(of=("self",))
        .select_related("committee", "superior")
        .get(pk=report.pk)
    )


def _locked_message(report: PeriodReport) -> str:
    return _(
        "This report was submitted on %(date)s and is locked. To change it, make a correction "
        "with its reason."
    ) % {"date": report.submitted_on.strftime("%d/%m/%Y") if report.submitted_on else ""}


@transaction.atomic
def report_update(report: PeriodReport, *, by, **fields) -> PeriodReport:
    """Change a draft's free texts, place, recipients or signatory (`EDIT_FIELDS`)."""
    unknown = set(fields) - set(EDIT_FIELDS)
    if unknown:
        raise TypeError(f"report_update() does not change {sorted(unknown)}")
    report = _locked(report)
    if not report.is_draft:
        raise ValidationError(_locked_message(report))
    errors = {}
    for name in TEXT_FIELDS:
        if name in fields:
            fields[name] = _text(fields[name])
            errors |= _too_long(name, fields[name])
    if errors:
        raise ValidationError(errors)
    for name, value in fields.items():
        setattr(report, name, value)
    return save_with_history(report, by=by)


@transaction.atomic
def report_submit(report: PeriodReport, *, by) -> PeriodReport:
    """Submit a draft to the superior: it is locked, its figures frozen, dated today."""
    report = _locked(report)
    if not report.is_draft:
        raise ValidationError(_locked_message(report))
    now = timezone.now()
    report.figures = live_figures(report, today=timezone.localdate(now))
    report.status = Status.SUBMITTED
    report.submitted_at = now
    report.submitted_by = by
    report.issued_on = timezone.localdate(now)
    return save_with_history(report, by=by)


@transaction.atomic
def report_correct(report: PeriodReport, *, by, reason: str) -> PeriodReport:
    """A correction of the latest submitted version: a new draft version with the same number,
    its texts copied, and the reason."""
    reason = _text(reason).strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the report is corrected.")})
    errors = _too_long("reason", reason)
    if errors:
        raise ValidationError(errors)
    # Every version of the report, locked: two corrections never start at once.
    versions = list(PeriodReport.objects.of_report(report).select_for_update())
    latest = versions[-1]
    if any(version.is_draft for version in versions):
        raise ValidationError(
            _("This report already has a version in draft: finish and submit it first.")
        )
    if latest.pk != report.pk:
        raise ValidationError(
            _("Only the latest version is corrected: version %(version)s is newer.")
            % {"version": latest.version}
        )
    correction = PeriodReport(
        committee_id=latest.committee_id,
        kind=latest.kind,
        period_start=latest.period_start,
        period_end=latest.period_end,
        superior_id=latest.superior_id,
        number=latest.number,
        number_year=latest.number_year,
        version=latest.version + 1,
        correction_reason=reason,
        place=latest.place,
        issued_on=timezone.localdate(),
        recipients=latest.recipients,
        signer=latest.signer,
        signer_name=latest.signer_name,
        situation=latest.situation,
        notable=latest.notable,
        plan=latest.plan,
        created_by=by,
    )
    return save_with_history(correction, by=by)
