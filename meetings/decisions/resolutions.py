"""Resolutions and conclusions — nghị quyết / kết luận — adopted at a meeting (DOMAIN §6, §13).

A resolution is adopted from a passed vote on an ordinary motion ("Resolution or conclusion"),
while the meeting's record is open (before the minutes are approved). It is numbered per issuer
per document type within the term that contains the adoption date — "Số 05-NQ/CB", from 01 each
term, with no duplicates:

- the issuer is the meeting's cell for a cell meeting, otherwise the executive committee (cell
  empty, symbol ĐU). A whole-committee conference has no document number series of its own: its
  resolutions are issued by the executive committee — the đảng ủy signs them "T/M ĐẢNG ỦY" — and
  numbered in the executive committee's series;
- a resolution adopted at a meeting held in the app takes the number after the highest issued in
  its series (so it never leaves a gap); one of a meeting entered afterwards
  (`Meeting.recorded_afterwards`) takes the number it bears on paper, typed by the secretary
  (the next one when none is typed) — history is entered in any order, so gaps are allowed only
  there, and the register shows them (`register_notes`), as it shows a later number dated before
  an earlier one;
- the number is taken, or checked free, under a lock of the term row (`select_for_update`), so
  two adoptions at once are numbered one after the other; the database's unique constraints back
  it, and a clash that still slips through is a clear message, never a 500.

`resolution_content` gathers every text of the official document, in Vietnamese, as plain data;
the A4 print view renders it with a template and `resolution_docx` through `core.documents`, so
both say the same thing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import partial

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
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
from members.selectors import secretary_on

TITLE_MAX = 300
CONTENT_MAX = 50_000
NUMBER_MAX = 999  # "Số 999-NQ/CB": far more than a term ever issues

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


def _series(term: Term, cell, doc_type: str):
    """The resolutions numbered in one series: an issuer's documents of one type in one term."""
    same = Resolution.objects.filter(term=term, doc_type=doc_type)
    return same.filter(cell=cell) if cell is not None else same.filter(cell__isnull=True)


def _next_number(term: Term, cell, doc_type: str) -> int:
    """The number after the highest issued in the series (01 for the first)."""
    return (_series(term, cell, doc_type).aggregate(top=Max("number"))["top"] or 0) + 1


def next_numbers(meeting: Meeting) -> dict[str, int]:
    """{document type: the next number} for a resolution adopted at `meeting` — what the form of a
    meeting entered afterwards suggests; empty when no term covers the meeting's date."""
    term = meeting.committee.terms.containing(meeting.date).first()
    if term is None:
        return {}
    cell = issuer_cell(meeting)
    return {doc_type: _next_number(term, cell, doc_type) for doc_type in Resolution.Type.values}


def _paper_number(number, *, meeting: Meeting, term: Term, cell, doc_type: str) -> int:
    """The number typed for a resolution entered afterwards, checked: a whole number from 1, not
    yet issued in its series (an error names the resolution that bears it)."""
    if not meeting.recorded_afterwards:
        raise ValidationError(
            {
                "number": _(
                    "A resolution adopted at a meeting held in the app is numbered by the app: "
                    "only a meeting entered afterwards takes the number typed from paper."
                )
            }
        )
    if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= NUMBER_MAX:
        raise ValidationError(
            {"number": _("Type a whole number from 1 to %(max)s.") % {"max": NUMBER_MAX}}
        )
    taken = _series(term, cell, doc_type).filter(number=number).first()
    if taken is not None:
        raise ValidationError(
            {
                "number": _(
                    "Number %(code)s is already issued in this term (adopted on %(date)s): type "
                    "the number this resolution bears on paper."
                )
                % {"code": taken.code, "date": taken.adopted_on.strftime("%d/%m/%Y")}
            }
        )
    return number


@transaction.atomic
def resolution_adopt(
    *,
    motion: Motion,
    title: str,
    content: str,
    by,
    doc_type: str = Resolution.Type.RESOLUTION,
    number: int | None = None,
) -> Resolution:
    """Adopt a resolution (NQ) or conclusion (KL) from a passed ordinary motion, numbered: the
    next number of its series; at a meeting entered afterwards, `number` — the one it bears on
    paper — when given."""
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
    if number is None:
        number = _next_number(term, cell, doc_type)
    else:
        number = _paper_number(number, meeting=meeting, term=term, cell=cell, doc_type=doc_type)
    resolution = Resolution(
        committee=meeting.committee,
        term=term,
        cell=cell,
        doc_type=doc_type,
        number=number,
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


# --- the register: numbers and dates that disagree, numbers missing ---------------------------


@dataclass(frozen=True)
class Numbered:
    """One resolution of a series as the register checks it (plain values)."""

    pk: int
    number: int
    adopted_on: datetime.date


@dataclass(frozen=True)
class RegisterNote:
    """What the register says beside one resolution of its series.

    `missing`: the first and last code of the numbers the series lacks just before this one
    (the same code when one is missing), or None; `dated_after`: the code and date of a lower
    number adopted later than this one, or None."""

    missing: tuple[str, str] | None = None
    dated_after: tuple[str, datetime.date] | None = None


def series_notes(series: list[Numbered], code=lambda number: f"{number:02d}") -> dict:
    """{pk: RegisterNote} for the resolutions of one series (an issuer's type in a term) that
    have one; `code` writes a number of the series ("05-NQ/CB").

    Numbers run from 01: a number absent between 01 and the highest is missing (said beside the
    next number present). A resolution dated before one of a lower number disagrees with it (said
    beside the later number, naming the lower one with the latest date)."""
    notes: dict[int, RegisterNote] = {}
    previous = 0
    latest: Numbered | None = None  # the latest dated of the lower numbers
    for row in sorted(series, key=lambda r: (r.number, r.pk)):
        missing = dated_after = None
        if row.number > previous + 1:
            missing = (code(previous + 1), code(row.number - 1))
        if latest is not None and row.adopted_on < latest.adopted_on:
            dated_after = (code(latest.number), latest.adopted_on)
        if missing or dated_after:
            notes[row.pk] = RegisterNote(missing=missing, dated_after=dated_after)
        if latest is None or row.adopted_on > latest.adopted_on:
            latest = row
        previous = max(previous, row.number)
    return notes


def register_notes(resolutions) -> dict[int, RegisterNote]:
    """{pk: RegisterNote} for the register's rows (`resolutions`, e.g. a page), each checked
    against its whole series — the numbers the reader may not open yet count too — in one
    query."""
    keys = {(r.term_id, r.cell_id, r.doc_type) for r in resolutions}
    if not keys:
        return {}
    condition = Q()
    for term_id, cell_id, doc_type in keys:
        issuer = Q(cell_id=cell_id) if cell_id is not None else Q(cell__isnull=True)
        condition |= Q(term_id=term_id, doc_type=doc_type) & issuer
    series: dict[tuple, list[Numbered]] = {}
    for pk, term_id, cell_id, doc_type, number, adopted_on in (
        Resolution.objects.filter(condition)
        .order_by()
        .values_list("pk", "term_id", "cell_id", "doc_type", "number", "adopted_on")
    ):
        series.setdefault((term_id, cell_id, doc_type), []).append(Numbered(pk, number, adopted_on))
    wanted = {r.pk for r in resolutions}
    notes: dict[int, RegisterNote] = {}
    for (_term_id, cell_id, doc_type), rows in series.items():
        code = partial(Resolution.code_for, doc_type=doc_type, cell_id=cell_id)
        for pk, note in series_notes(rows, code).items():
            if pk in wanted:
                notes[pk] = note
    return notes


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
    secretary = secretary_on(
        committee_id=resolution.committee_id, cell_id=resolution.cell_id, day=resolution.adopted_on
    )
    if secretary:
        return secretary
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
