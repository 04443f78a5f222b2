"""Resolutions and conclusions — nghị quyết / kết luận — adopted at a meeting (DOMAIN §6, §13).

A resolution is adopted from a passed vote on an ordinary motion ("Resolution or conclusion"),
while the meeting's record is open (before the minutes are approved). It is numbered per issuer
per document type within the term that contains the adoption date — "Số 05-NQ/CB", from 01 each
term, with no gaps (resolutions are never deleted) and no duplicates:

- the issuer is the meeting's cell for a cell meeting, otherwise the executive committee (cell
  empty, symbol ĐU). A whole-committee conference has no document number series of its own: its
  resolutions are issued by the executive committee — the đảng ủy signs them "T/M ĐẢNG ỦY" — and
  numbered in the executive committee's series;
- the number is taken under a lock of the term row (`select_for_update`), so two adoptions at
  once are numbered one after the other; the database's unique constraints back it, and a clash
  that still slips through is a clear message, never a 500.

`resolution_content` gathers every text of the official document, in Vietnamese, as plain data;
the A4 print view renders it with a template and `resolution_docx` through `core.documents`, so
both say the same thing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cells.models import Term
from core.documents import (
    Header,
    OfficialDocument,
    Signature,
    document_number,
    executive_name,
    official_date,
    paragraphs,
    superior_name,
)
from core.services import save_with_history as _save
from core.text import search_key
from meetings.models import Body, Meeting, Minutes, Motion, MotionKind, Resolution
from meetings.selectors import open_record
from members.models import Position

TITLE_MAX = 300
CONTENT_MAX = 50_000

DOC_TITLES = {Resolution.Type.RESOLUTION: "Nghị quyết", Resolution.Type.CONCLUSION: "Kết luận"}
FILE_TYPES = {Resolution.Type.RESOLUTION: "nghi-quyet", Resolution.Type.CONCLUSION: "ket-luan"}
CELL_RECIPIENTS = ["Đảng ủy (để báo cáo),", "Đảng viên trong chi bộ,", "Lưu chi bộ."]
EXECUTIVE_RECIPIENTS = ["Các chi bộ trực thuộc,", "Lưu văn phòng đảng ủy."]
LOCKED_EDIT = gettext_lazy(
    "The minutes of this meeting are approved: a resolution is not edited once adopted and "
    "approved."
)


# --- the term ---------------------------------------------------------------------------------


def term_on(committee, day: datetime.date) -> Term:
    """The committee's term that contains `day` (terms of a committee never overlap)."""
    term = committee.terms.containing(day).first()
    if term is None:
        raise ValidationError(
            _("No term of the committee covers this date: add the term first."), code="no_term"
        )
    return term


# --- adopting and editing ---------------------------------------------------------------------


def _clean_texts(title: str, content: str) -> tuple[str, str]:
    title, content = (title or "").strip(), (content or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Give the summary of the resolution.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("At most %(max)s characters.") % {"max": TITLE_MAX}
    if not content:
        errors["content"] = _("Write the content of the resolution.")
    elif len(content) > CONTENT_MAX:
        errors["content"] = _("At most %(max)s characters.") % {"max": CONTENT_MAX}
    if errors:
        raise ValidationError(errors)
    return title, content


def _open_record(meeting: Meeting, locked_message: str) -> Minutes:
    """The meeting's minutes, locked for this transaction, while the record is open; once they
    are approved, `locked_message` (an amendment corrects the minutes, not a resolution)."""
    minutes = Minutes.objects.select_for_update().filter(meeting_id=meeting.pk).first()
    if minutes is not None and minutes.is_locked:
        raise ValidationError(locked_message, code="locked")
    return open_record(meeting)


def check_adoptable(motion: Motion) -> None:
    """Refuse a vote a resolution cannot be adopted from: not an ordinary motion, not passed, or
    already adopted. (The record being open is checked under its lock by the write itself.)"""
    if motion.kind != MotionKind.ORDINARY:
        raise ValidationError(
            _(
                "Only a vote on a resolution or conclusion becomes a resolution; this vote is "
                "about: %(kind)s."
            )
            % {"kind": motion.get_kind_display()},
            code="kind",
        )
    if not motion.passed:
        raise ValidationError(
            _("This motion did not pass: no resolution can be adopted from it."), code="not_passed"
        )
    if Resolution.objects.filter(motion_id=motion.pk).exists():
        raise ValidationError(
            _("A resolution has already been adopted from this vote."), code="adopted"
        )


def issuer_cell(meeting: Meeting):
    """The issuing cell, or None for the executive committee (its meetings and conferences)."""
    return meeting.cell if meeting.body == Body.CELL else None


def _next_number(term: Term, cell, doc_type: str) -> int:
    same = Resolution.objects.filter(term=term, doc_type=doc_type)
    same = same.filter(cell=cell) if cell is not None else same.filter(cell__isnull=True)
    return (same.aggregate(top=Max("number"))["top"] or 0) + 1


@transaction.atomic
def resolution_adopt(
    *, motion: Motion, title: str, content: str, by, doc_type: str = Resolution.Type.RESOLUTION
) -> Resolution:
    """Adopt a resolution (NQ) or conclusion (KL) from a passed ordinary motion, numbered."""
    if doc_type not in Resolution.Type.values:
        raise ValidationError({"doc_type": _("Choose a resolution or a conclusion.")})
    meeting = Meeting.objects.select_related("committee", "cell").get(pk=motion.meeting_id)
    # The minutes' lock serialises every write of this meeting's record (a second adoption from
    # the same vote waits here, then sees the first).
    _open_record(
        meeting,
        _("The minutes of this meeting are approved: nothing new can be adopted at it any more."),
    )
    motion = Motion.objects.get(pk=motion.pk)
    check_adoptable(motion)
    title, content = _clean_texts(title, content)
    day = meeting.date
    term = Term.objects.select_for_update().get(pk=term_on(meeting.committee, day).pk)
    cell = issuer_cell(meeting)
    resolution = Resolution(
        committee=meeting.committee,
        term=term,
        cell=cell,
        doc_type=doc_type,
        number=_next_number(term, cell, doc_type),
        meeting=meeting,
        motion=motion,
        adopted_on=day,
        title=title,
        content=content,
        created_by=by,
    )
    try:
        with transaction.atomic():
            return _save(resolution, by=by)
    except IntegrityError as error:
        raise ValidationError(
            _(
                "Another resolution was numbered at the same moment and nothing was saved: "
                "submit again."
            ),
            code="clash",
        ) from error


@transaction.atomic
def resolution_update(*, resolution: Resolution, by, title: str, content: str) -> Resolution:
    """Correct the summary or content while the meeting's record is open; never after approval."""
    meeting = Meeting.objects.get(pk=resolution.meeting_id)
    _open_record(meeting, LOCKED_EDIT)
    resolution = Resolution.objects.select_for_update().get(pk=resolution.pk)
    resolution.title, resolution.content = _clean_texts(title, content)
    return _save(resolution, by=by)


# --- the official document --------------------------------------------------------------------


@dataclass
class ResolutionContent:
    """Every text of the official resolution, in Vietnamese, in the order the document prints."""

    header: Header
    place_date: str  # "Krông Bông, ngày 05 tháng 3 năm 2026"
    title: str  # "NGHỊ QUYẾT"
    subtitle: str  # "về nhiệm vụ trọng tâm tháng 3 năm 2026"
    paragraphs: list[str]
    recipients: list[str]  # without the leading "- "
    signature: Signature
    recipients_label: str = "Nơi nhận:"


def number_line(resolution: Resolution) -> str:
    """ "Số 05-NQ/CB"."""
    return document_number(resolution.number, resolution.doc_type, resolution.issuer_symbol)


def subtitle_of(title: str) -> str:
    """The summary under the title: "về …" as typed; a summary typed without it gets it
    ("Nhiệm vụ tháng 3" → "về nhiệm vụ tháng 3"; an acronym keeps its capitals)."""
    title = title.strip()
    if title.lower().startswith("về "):
        return title
    if title[1:2].islower():
        title = title[0].lower() + title[1:]
    return f"về {title}"


def signer_name(resolution: Resolution) -> str:
    """Who signs: the issuer's secretary on the adoption date (the cell secretary, or the
    committee secretary for the executive committee); else the meeting's chair; else blank."""
    day = resolution.adopted_on
    positions = Position.objects.active_on(day).select_related("member")
    if resolution.cell_id:
        positions = positions.filter(cell_id=resolution.cell_id, role=Position.Role.CELL_SECRETARY)
    else:
        positions = positions.filter(
            committee_id=resolution.committee_id,
            cell__isnull=True,
            role=Position.Role.COMMITTEE_SECRETARY,
        )
    secretary = positions.order_by("-start_date", "-pk").first()
    if secretary is not None:
        return secretary.member.full_name
    chair = resolution.meeting.chair
    return chair.full_name if chair else ""


def resolution_header(resolution: Resolution) -> Header:
    """The left column as for the minutes (`meetings.record.official`): the committee over the cell; or
    the superior body on the adoption date over "Đảng ủy …"; then the number."""
    committee = resolution.committee
    day = resolution.adopted_on
    cell = resolution.cell
    issuer = cell.name if cell is not None else executive_name(committee.name)
    superior = superior_name(committee, day, of_cell=cell is not None)
    return Header(superior, issuer, committee.place_name, day, number=number_line(resolution))


def resolution_content(resolution: Resolution) -> ResolutionContent:
    """Every text of the official resolution or conclusion, in Vietnamese."""
    with translation.override("vi"):
        header = resolution_header(resolution)
        of_cell = resolution.cell_id is not None
        return ResolutionContent(
            header=header,
            place_date=official_date(header.place, header.day),
            title=DOC_TITLES[resolution.doc_type].upper(),
            subtitle=subtitle_of(resolution.title),
            paragraphs=paragraphs(resolution.content),
            recipients=list(CELL_RECIPIENTS if of_cell else EXECUTIVE_RECIPIENTS),
            signature=Signature(
                "T/M CHI BỘ" if of_cell else "T/M ĐẢNG ỦY", "BÍ THƯ", signer_name(resolution)
            ),
        )


def render_docx(content: ResolutionContent) -> bytes:
    doc = OfficialDocument(content.header)
    doc.title(content.title, content.subtitle)
    for line in content.paragraphs:
        doc.paragraph(line)
    doc.recipients_and_signature(content.recipients, content.signature)
    return doc.to_bytes()


def resolution_docx(resolution: Resolution) -> bytes:
    """The official resolution as a DOCX, always in Vietnamese."""
    with translation.override("vi"):
        return render_docx(resolution_content(resolution))


def docx_filename(resolution: Resolution) -> str:
    """ "nghi-quyet-05-NQ-CB-2026.docx" — ASCII only (ĐU → DU)."""
    issuer = search_key(resolution.issuer_symbol).upper().encode("ascii", "ignore").decode()
    return (
        f"{FILE_TYPES[resolution.doc_type]}-{resolution.number:02d}-{resolution.doc_type}-"
        f"{issuer}-{resolution.adopted_on.year}.docx"
    )
