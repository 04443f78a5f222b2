"""Directives flowing down — chỉ thị, văn bản của cấp trên gửi xuống (issue 22 item 5).

A superior's officer publishes a document to the library of every committee under the superior
that day, and may start a study campaign over it in each of them; the superior then follows each
committee's study progress.

The rules decided here:
- Who publishes: an officer of the superior (a grant there today, `members.access.superiors_of`);
  not a superuser as such, not an officer of another superior (`may_publish`). Who reads the
  superior's directives and their progress: who opens the superior's dashboard
  (`members.access.get_superior_for_user`).
- A directive needs its title, its number and symbol, the date issued (not in the future) and a
  file: one of the library's kinds read from its content, within the strictest size limit of the
  committees it goes to (`publish_max_mb`; each library checks its own again). The same number
  (with or without case and diacritics) is not published twice by a superior in one year. A study deadline, when given, is not in the
  past.
- Publishing is one transaction: the `Directive`, then in each committee under the superior today
  a library document of the kind "directive or resolution of a superior body", open to all
  members, its issuing body the superior's name (the committee sees who sent it), through the
  library's own `document_create` (its checks); and, when a deadline is given, a study campaign
  starting today through the library's own `campaign_start` (its participants: the members on
  the roll of the committee's active cells). A committee with no member on the roll gets the
  document but no campaign (named in the result). Any other refusal, in any committee, saves
  nothing and names the committee.
- Progress (`directive_progress`): per directive × committee, the campaign's participants and
  those done, counted by the library's own `StudyCampaign.objects.with_counts()`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cells.models import CommitteeSettings, Superior
from cells.rules import rules_for
from cells.selectors import committees_under
from core.services import save_with_history
from core.text import search_key
from core.uploads import DOCUMENT_TYPES, check_upload
from library.documents.services import document_create
from library.models import LibraryDocument, StudyCampaign
from library.study.services import campaign_start
from members import access
from reports.models import Directive, DirectiveCopy
from reviews.reports.data import percent_of

# The library's own default limit, when no committee is under the superior.
DEFAULT_MAX_MB = CommitteeSettings._meta.get_field("upload_max_mb").default


# --- access ---------------------------------------------------------------------------------------


def may_publish(user, superior: Superior) -> bool:
    """An officer of the superior today (one query); never a superuser as such."""
    return access.superiors_of(user).filter(pk=superior.pk).exists()


def get_directive_for_user(user, pk: int) -> Directive:
    """A directive of a superior whose dashboard the user opens; 404 otherwise."""
    directive = Directive.objects.select_related("superior").filter(pk=pk).first()
    if directive is None:
        raise Http404
    access.get_superior_for_user(user, directive.superior_id)
    return directive


# --- publishing -----------------------------------------------------------------------------------


def committees_on(superior: Superior, today: datetime.date) -> list:
    """The committees under the superior on `today`, by name, with their settings (one query)."""
    return list(committees_under(superior, today).select_related("rules"))


def publish_max_mb(superior: Superior, today: datetime.date | None = None) -> int:
    """The largest file every committee under the superior today takes (the strictest of their
    `upload_max_mb`)."""
    committees = committees_on(superior, today or timezone.localdate())
    return min((rules_for(c).upload_max_mb for c in committees), default=DEFAULT_MAX_MB)


@dataclass(frozen=True)
class PublishResult:
    directive: Directive
    committees: int
    campaigns: int
    without_campaign: list[str]  # committees with no member on the roll


def _in_committee(committee, error: ValidationError) -> ValidationError:
    """A refusal in one committee's library, naming it."""
    return ValidationError(
        [
            _("%(committee)s: %(message)s") % {"committee": committee.name, "message": message}
            for message in error.messages
        ]
    )


@transaction.atomic
def directive_publish(
    *,
    superior: Superior,
    by,
    title: str,
    number: str,
    issued_on: datetime.date | None,
    upload,
    study_deadline: datetime.date | None = None,
    report_required: bool = False,
    today: datetime.date | None = None,
) -> PublishResult:
    """Publish a directive to every committee under the superior today (see the module's rules).
    Who may is the view's question (`may_publish`)."""
    today = today or timezone.localdate()
    superior = Superior.objects.select_for_update().get(pk=superior.pk)
    directive = Directive(
        superior=superior,
        title=(title or "").strip(),
        number=(number or "").strip(),
        issued_on=issued_on,
        study_deadline=study_deadline,
        report_required=bool(report_required) and study_deadline is not None,
        created_by=by,
    )
    errors = {}
    if not directive.title:
        errors["title"] = _("Give the title.")
    if not directive.number:
        errors["number"] = _("Give the number and symbol (for example 05-CT/ĐU).")
    if issued_on is None:
        errors["issued_on"] = _("Give the date issued.")
    elif issued_on > today:
        errors["issued_on"] = _("The date issued cannot be in the future.")
    if study_deadline is not None and study_deadline < today:
        errors["study_deadline"] = _("The study deadline cannot be in the past.")
    committees = committees_on(superior, today)
    if upload is None:
        errors["file"] = _("Choose a file.")
    else:
        max_mb = min((rules_for(c).upload_max_mb for c in committees), default=DEFAULT_MAX_MB)
        try:
            check_upload(upload, allowed=DOCUMENT_TYPES, max_mb=max_mb)
        except ValidationError as error:
            errors["file"] = error.messages
    if not committees:
        errors["__all__"] = _("No committee is under this superior today: nobody to send it to.")
    for name in ("title", "number"):
        if "\x00" in getattr(directive, name):
            errors[name] = _("Null characters are not allowed.")
    if directive.number and issued_on and "number" not in errors and "issued_on" not in errors:
        key = search_key(directive.number)
        same_year = Directive.objects.filter(superior=superior, issued_on__year=issued_on.year)
        if any(search_key(n) == key for n in same_year.values_list("number", flat=True)):
            errors["number"] = _(
                "This superior has already published a directive with this number this year."
            )
    if errors:
        raise ValidationError(errors)
    save_with_history(directive, by=by)
    copies, without_campaign = [], []
    for committee in committees:
        upload.seek(0)
        try:
            document = document_create(
                committee=committee,
                by=by,
                kind=LibraryDocument.Kind.SUPERIOR,
                title=directive.title,
                number=directive.number,
                issuer=superior.name,
                issued_on=issued_on,
                audience=LibraryDocument.Audience.MEMBERS,
                upload=upload,
            )
        except ValidationError as error:
            raise _in_committee(committee, error) from error
        campaign = None
        if study_deadline is not None:
            campaign = _campaign(committee, document, directive, today=today, by=by)
            if campaign is None:
                without_campaign.append(committee.name)
        copy = DirectiveCopy(
            directive=directive, committee=committee, document=document, campaign=campaign
        )
        copies.append(save_with_history(copy, by=by))
    return PublishResult(
        directive=directive,
        committees=len(copies),
        campaigns=sum(1 for copy in copies if copy.campaign_id),
        without_campaign=without_campaign,
    )


def _campaign(committee, document, directive: Directive, *, today, by) -> StudyCampaign | None:
    """The study campaign over the committee's copy (the library's own rules); None when the
    committee has no member on the roll."""
    try:
        return campaign_start(
            committee,
            document,
            title=directive.title,
            cells=[],
            starts_on=today,
            deadline=directive.study_deadline,
            report_required=directive.report_required,
            by=by,
        ).campaign
    except ValidationError as error:
        if set(getattr(error, "error_dict", {})) == {"cells"}:  # nobody on the roll
            return None
        raise _in_committee(committee, error) from error


# --- progress -------------------------------------------------------------------------------------


def directives_of(superior: Superior):
    """The superior's directives, newest first (the `reports_directive_newest` index)."""
    return Directive.objects.filter(superior=superior).order_by("-issued_on", "-pk")


@dataclass
class CommitteeProgress:
    """One committee's copy of a directive: its study campaign's numbers (None without one)."""

    committee_id: int
    name: str
    campaign_id: int | None
    participants: int | None
    studied: int | None
    done: int | None
    deadline: datetime.date | None

    @property
    def percent(self) -> Decimal | None:
        if self.participants is None:
            return None
        return percent_of(self.done, self.participants)


@dataclass
class DirectiveProgress:
    directive: Directive
    committees: list[CommitteeProgress] = field(default_factory=list)

    @property
    def campaigns(self) -> int:
        return sum(1 for line in self.committees if line.campaign_id)

    @property
    def participants(self) -> int:
        return sum(line.participants or 0 for line in self.committees)

    @property
    def done(self) -> int:
        return sum(line.done or 0 for line in self.committees)

    @property
    def percent(self) -> Decimal | None:
        return percent_of(self.done, self.participants) if self.campaigns else None


def directive_progress(directives) -> list[DirectiveProgress]:
    """Per directive × committee, the study progress (the order of `directives`). Two queries
    however many directives, committees or members: the copies with their committees, and their
    campaigns with the library's counts."""
    directives = list(directives)
    by_id = {directive.pk: DirectiveProgress(directive) for directive in directives}
    copies = (
        DirectiveCopy.objects.filter(directive_id__in=by_id)
        .select_related("committee")
        .prefetch_related(
            Prefetch("campaign", queryset=StudyCampaign.objects.with_counts().order_by())
        )
        .order_by("committee__name", "committee_id")
    )
    for copy in copies:
        campaign = copy.campaign
        by_id[copy.directive_id].committees.append(
            CommitteeProgress(
                committee_id=copy.committee_id,
                name=copy.committee.name,
                campaign_id=copy.campaign_id,
                participants=campaign.participant_count if campaign else None,
                studied=campaign.studied_count if campaign else None,
                done=campaign.done_count if campaign else None,
                deadline=campaign.deadline if campaign else None,
            )
        )
    return [by_id[directive.pk] for directive in directives]
