"""The official minutes — biên bản — as the party writes them (DOMAIN §4.4, §13).

`minutes_content(meeting)` gathers every text of the document, in Vietnamese, as plain data; the
A4 print view renders it with a template and `minutes_docx(meeting)` through the DOCX builder of
`core.documents`, so both say the same thing. The sentences are the party's own wording (not UI
strings): official documents are Vietnamese whatever the UI language (DESIGN §9).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone, translation

from cells.rules import rules_for
from core.documents import Header, OfficialDocument, Signature, official_date
from core.text import search_key
from meetings import followup
from meetings.models import (
    MEMBER_KINDS,
    AgendaItem,
    Amendment,
    Body,
    Guest,
    Kind,
    Meeting,
    Minutes,
    Motion,
    MotionKind,
)
from meetings.recording import Grade, quality_grade
from meetings.selectors import MeetingHeadcount, meeting_headcount, minutes_items

TITLES = {
    Body.CELL: "Biên bản sinh hoạt chi bộ",
    Body.EXECUTIVE: "Biên bản họp Đảng ủy",
    Body.COMMITTEE: "Biên bản hội nghị Đảng bộ",
}
# How the sentences name the body ("Tổng số đảng viên của chi bộ", "thông qua trước chi bộ").
OF_BODY = {Body.CELL: "chi bộ", Body.EXECUTIVE: "Đảng ủy", Body.COMMITTEE: "Đảng bộ"}
BEFORE_BODY = {Body.CELL: "chi bộ", Body.EXECUTIVE: "Đảng ủy", Body.COMMITTEE: "hội nghị"}
# The meeting itself: "buổi sinh hoạt" of a cell, "cuộc họp" of the executive, "hội nghị".
SESSION = {Body.CELL: "buổi sinh hoạt", Body.EXECUTIVE: "cuộc họp", Body.COMMITTEE: "hội nghị"}
CONTENT_HEADING = {
    Body.CELL: "Nội dung sinh hoạt",
    Body.EXECUTIVE: "Nội dung cuộc họp",
    Body.COMMITTEE: "Nội dung hội nghị",
}
GRADE_NAMES = {
    Grade.GOOD: "Tốt",
    Grade.FAIR: "Khá",
    Grade.AVERAGE: "Trung bình",
    Grade.POOR: "Kém",
}
FILE_HOLDER = {Body.EXECUTIVE: "DU", Body.COMMITTEE: "DB"}
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
PLACEHOLDER = "…"


@dataclass(frozen=True)
class Said:
    """One contribution: "Đồng chí Nguyễn Văn A" (a guest with her position) and what she said,
    as paragraphs."""

    speaker: str
    text: list[str]


@dataclass(frozen=True)
class VoteBlock:
    """One vote — biểu quyết: "Biểu quyết: Kỷ luật cảnh cáo — đồng chí Nguyễn Văn A", the text
    voted (paragraphs), then labelled lines: the method, the ballots, the tally, the working and
    the result."""

    heading: str
    text: list[str]
    lines: list[tuple[str, str]]
    result: tuple[str, str]  # ("- Kết quả:", "Thông qua.")
    text_label: str = "- Nội dung:"


@dataclass
class ItemBlock:
    """One agenda item; each text is a list of paragraphs (the lines the clerk typed)."""

    number: int
    title: str
    summary: list[str]
    contributions: list[Said]
    conclusion: list[str]
    # The votes taken on this item (after the contributions, before the chair's conclusion).
    votes: list[VoteBlock] = field(default_factory=list)


@dataclass
class SectionBlock:
    key: str  # the agenda section ("political", …)
    heading: str  # "I. Tình hình tư tưởng chính trị"
    items: list[ItemBlock]
    # Section (b): the review of last month's tasks, after its items (`with_reviews`).
    reviews: list[Reviewed] = field(default_factory=list)


@dataclass(frozen=True)
class Reviewed:
    """One task of the review of last month's tasks: "Việc — đồng chí A, hạn 30/11/2026" and its
    outcome, as paragraphs."""

    task: str
    outcome: list[str]


@dataclass(frozen=True)
class AmendmentLine:
    when: str  # "10/03/2026 09:15"
    who: str
    what: str
    old: str
    new: str
    why: str

    @property
    def sentence(self) -> str:
        return (
            f"{self.when}, đồng chí {self.who} đính chính {self.what}: "
            f"“{self.old}” → “{self.new}”; lý do: {self.why}"
        )


@dataclass
class MinutesContent:
    """Every text of the official minutes, in Vietnamese, in the order the document prints them."""

    header: Header
    place_date: str  # "Krông Bông, ngày 05 tháng 3 năm 2026"
    title: str
    subtitle: str
    opening: str
    roles: list[tuple[str, str]]  # [("- Chủ trì:", "đồng chí Nguyễn Văn A."), ("- Thư ký:", …)]
    guests: list[str]  # "Đồng chí Nguyễn Văn C — Đảng ủy viên."
    headcount: list[str]
    content_heading: str
    sections: list[SectionBlock]
    quality: tuple[str, str] | None  # ("Xếp loại chất lượng buổi sinh hoạt:", "Tốt (92/100 điểm).")
    closing: str | None
    approval: str | None
    clerk_signature: Signature
    chair_signature: Signature
    amendments: list[AmendmentLine] = field(default_factory=list)
    guests_label: str = "- Đại biểu tham dự:"
    said_label: str = "Ý kiến phát biểu:"
    conclusion_label: str = "Kết luận của chủ trì:"
    amendments_heading: str = "Đính chính"
    reviews_label: str = "Kiểm điểm việc thực hiện nhiệm vụ tháng trước:"
    # The votes not taken on an agenda item: a part of their own after the sections.
    votes: list[VoteBlock] = field(default_factory=list)

    @property
    def votes_heading(self) -> str:
        """ "IV. Biểu quyết" — numbered after the agenda's sections."""
        number = len(self.sections)
        return f"{ROMAN[number]}. Biểu quyết" if number < len(ROMAN) else "Biểu quyết"


# --- wording ----------------------------------------------------------------------------------


def clock(value: datetime.time) -> str:
    """ "16 giờ 30 phút"."""
    return f"{value.hour} giờ {value.minute:02d} phút"


def long_date(day: datetime.date) -> str:
    """ "ngày 05 tháng 3 năm 2026" (the day padded, the month not — DOMAIN §13)."""
    return f"ngày {day.day:02d} tháng {day.month} năm {day.year}"


def month_text(day: datetime.date) -> str:
    return f"tháng {day.month} năm {day.year}"


def executive_name(committee_name: str) -> str:
    """ "Đảng bộ Trường THPT Krông Bông" → "Đảng ủy Trường THPT Krông Bông"."""
    name = committee_name.strip()
    for prefix in ("đảng bộ ", "đảng ủy ", "đảng uỷ "):
        if name.lower().startswith(prefix):
            name = name[len(prefix) :]
            break
    return f"Đảng ủy {name}"


def body_name(meeting: Meeting) -> str:
    """The issuing body as the document names it: the cell, the Đảng ủy, the Đảng bộ."""
    if meeting.body == Body.CELL:
        return meeting.cell.name
    if meeting.body == Body.EXECUTIVE:
        return executive_name(meeting.committee.name)
    return meeting.committee.name


def superior_name(committee, day: datetime.date, *, of_cell: bool) -> str:
    """The first line of the header: for a cell's document its committee; for the committee's
    (executive or whole) the superior body whose name is valid on `day`."""
    if of_cell:
        return committee.name
    body = committee.superior_body_on(day)
    return body.name if body else ""


def header_for(meeting: Meeting) -> Header:
    """The left column: the superior body (valid on the meeting date) over the issuer."""
    committee = meeting.committee
    superior = superior_name(committee, meeting.date, of_cell=meeting.body == Body.CELL)
    return Header(superior, body_name(meeting), committee.place_name, meeting.date)


def activity(meeting: Meeting) -> str:
    """What the body did: "tiến hành sinh hoạt thường kỳ tháng 3 năm 2026", "tiến hành họp bất
    thường", "tổ chức hội nghị", …"""
    month = month_text(meeting.month or meeting.date)
    verb = {
        Body.CELL: "tiến hành sinh hoạt",
        Body.EXECUTIVE: "tiến hành họp",
        Body.COMMITTEE: "tổ chức hội nghị",
    }[meeting.body]
    topic = f"chuyên đề “{meeting.topic}”" if meeting.topic else "chuyên đề"
    review = f"kiểm điểm, đánh giá, xếp loại chất lượng năm {meeting.date.year}"
    if meeting.kind == Kind.REGULAR:
        text = f"{verb} thường kỳ {month}"
        if meeting.includes_topic:
            text += f" kết hợp sinh hoạt {topic}"
        if meeting.includes_review:
            text += f" kết hợp {review}"
        return text
    if meeting.kind == Kind.TOPIC:
        return f"{verb} {topic}"
    if meeting.kind == Kind.REVIEW:
        return f"{verb} {review}"
    if meeting.kind == Kind.EXTRAORDINARY:
        return f"{verb} bất thường"
    return verb  # a conference


def opening_sentence(meeting: Meeting, minutes: Minutes) -> str:
    """ "Vào hồi 16 giờ 30 phút, ngày 05 tháng 3 năm 2026, tại …, Chi bộ … tiến hành …"."""
    start = minutes.opened_at or meeting.start_time
    place = f", tại {meeting.place.strip()}" if (meeting.place or "").strip() else ""
    return (
        f"Vào hồi {clock(start)}, {long_date(meeting.date)}{place}, {body_name(meeting)} "
        f"{activity(meeting)}."
    )


def paragraphs(text: str) -> list[str]:
    """The non-empty lines of a typed text: each becomes a paragraph of the document."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def comrade(name: str) -> str:
    """ "đồng chí Nguyễn Văn A." — or a blank to fill in while the draft names nobody."""
    return f"đồng chí {name}." if name else PLACEHOLDER


def guest_name(guest: Guest) -> str:
    """ "Nguyễn Văn C — Đảng ủy viên" (name — position)."""
    return f"{guest.name} — {guest.title}" if guest.title else guest.name


def headcount_sentences(headcount: MeetingHeadcount, body: str) -> list[str]:
    """The headcount block as party minutes state it (DOMAIN §4.4), zero categories left out.

    "Tổng số đảng viên của chi bộ: 12 đồng chí (chính thức: 10, dự bị: 2); đảng viên sinh hoạt
    tạm thời: 1." then "Có mặt: 11 đồng chí. Vắng: 2 đồng chí, trong đó có lý do: 1 (đồng chí
    Nguyễn Văn A — ốm), không lý do: 1 (đồng chí Trần Thị B)."
    """
    parts = [
        (label, count)
        for label, count in (
            ("chính thức", headcount.official),
            ("dự bị", headcount.probationary),
            ("miễn công tác và sinh hoạt", headcount.exempted),
            ("đình chỉ sinh hoạt", headcount.suspended),
        )
        if count
    ]
    total = f"Tổng số đảng viên của {OF_BODY[body]}: {headcount.total} đồng chí"
    if parts:
        total += " (" + ", ".join(f"{label}: {count}" for label, count in parts) + ")"
    if headcount.temporary:
        total += f"; đảng viên sinh hoạt tạm thời: {headcount.temporary}"
    total += "."

    excused = "; ".join(
        f"đồng chí {name} — {reason}" if reason else f"đồng chí {name}"
        for name, reason in headcount.excused
    )
    unexcused = ", ".join(f"đồng chí {name}" for name in headcount.unexcused)
    present = f"Có mặt: {headcount.present} đồng chí."
    if not headcount.absent:
        absent = "Vắng: không."
    elif headcount.excused and headcount.unexcused:
        absent = (
            f"Vắng: {headcount.absent} đồng chí, trong đó có lý do: {len(headcount.excused)} "
            f"({excused}), không lý do: {len(headcount.unexcused)} ({unexcused})."
        )
    elif headcount.excused:
        absent = f"Vắng: {headcount.absent} đồng chí, có lý do ({excused})."
    else:
        absent = f"Vắng: {headcount.absent} đồng chí, không lý do ({unexcused})."
    return [total, f"{present} {absent}"]


def speaker_text(contribution) -> str:
    """ "Đồng chí Nguyễn Văn A", or for a guest "Đồng chí Nguyễn Văn C (Đảng ủy viên)"."""
    if contribution.speaker_member_id:
        return f"Đồng chí {contribution.speaker_member.full_name}"
    guest = contribution.speaker_guest
    return f"Đồng chí {guest.name} ({guest.title})" if guest.title else f"Đồng chí {guest.name}"


def sections_of(items_with_contributions, votes=None) -> list[SectionBlock]:
    """The body by agenda section, items numbered 1… across the whole agenda (as amendments
    name them); `votes`: {agenda item id: [VoteBlock]} — each item's votes."""
    votes = votes or {}
    labels = dict(AgendaItem.Section.choices)
    sections: list[SectionBlock] = []
    for number, (item, contributions) in enumerate(items_with_contributions, start=1):
        if not sections or sections[-1].key != item.section:
            heading = f"{ROMAN[len(sections)]}. {labels[item.section]}"
            sections.append(SectionBlock(item.section, heading, []))
        sections[-1].items.append(
            ItemBlock(
                number=number,
                title=item.title,
                summary=paragraphs(item.summary),
                contributions=[Said(speaker_text(c), paragraphs(c.text)) for c in contributions],
                conclusion=paragraphs(item.conclusion),
                votes=votes.get(item.pk, []),
            )
        )
    return sections


KIND_NAMES = {
    MotionKind.ORDINARY: "Nghị quyết, kết luận",
    MotionKind.ADMISSION: "Kết nạp đảng viên",
    MotionKind.RECOGNITION: "Công nhận đảng viên chính thức",
    MotionKind.REPRIMAND: "Kỷ luật khiển trách",
    MotionKind.WARNING: "Kỷ luật cảnh cáo",
    MotionKind.DISMISSAL: "Kỷ luật cách chức",
    MotionKind.EXPULSION: "Đề nghị khai trừ",
    MotionKind.ELECTION: "Bầu cử",
}
METHOD_NAMES = {Motion.Method.HANDS: "giơ tay", Motion.Method.SECRET: "bỏ phiếu kín"}


def vote_block(motion: Motion) -> VoteBlock:
    """A vote as the minutes write it, with the working it was decided by (stored with it)."""
    heading = f"Biểu quyết: {KIND_NAMES.get(motion.kind, motion.kind)}"
    if motion.subject_name:
        if motion.kind in MEMBER_KINDS:
            heading += f" — đồng chí {motion.subject_name}"
        elif motion.kind == MotionKind.ADMISSION:
            heading += f" — quần chúng {motion.subject_name}"
        else:
            heading += f" — {motion.subject_name}"
    lines = [("- Hình thức:", f"{METHOD_NAMES.get(motion.method, motion.method)}.")]
    if motion.method == Motion.Method.SECRET:
        lines.append(
            (
                "- Số phiếu:",
                f"phát ra {motion.ballots_issued}, hợp lệ {motion.ballots_valid}, "
                f"không hợp lệ {motion.ballots_invalid}.",
            )
        )
    lines.append(
        (
            "- Số biểu quyết:",
            f"{motion.yes} tán thành, {motion.no} không tán thành, "
            f"{motion.abstain} không biểu quyết.",
        )
    )
    lines.append(("- Cách tính:", f"{motion.working}."))
    return VoteBlock(
        heading=heading,
        text=paragraphs(motion.text),
        lines=lines,
        result=("- Kết quả:", "Thông qua." if motion.passed else "Không thông qua."),
    )


def votes_of(meeting: Meeting) -> tuple[dict[int, list[VoteBlock]], list[VoteBlock]]:
    """({agenda item id: [its votes]}, [votes on no item]) in the order recorded — one query."""
    by_item: dict[int, list[VoteBlock]] = {}
    loose: list[VoteBlock] = []
    for motion in Motion.objects.filter(meeting_id=meeting.pk).order_by("recorded_at", "pk"):
        block = vote_block(motion)
        if motion.agenda_item_id:
            by_item.setdefault(motion.agenda_item_id, []).append(block)
        else:
            loose.append(block)
    return by_item, loose


def with_reviews(sections: list[SectionBlock], reviews) -> list[SectionBlock]:
    """Put the review of last month's tasks (`followup.review_items`) under section (b)'s items;
    a section (b) with no item is still written for it (the sections renumbered)."""
    if not reviews:
        return sections
    lines = [
        Reviewed(
            f"{r.task.title} — đồng chí {r.member.full_name}, hạn {r.task.deadline:%d/%m/%Y}"
            + (", quá hạn" if r.overdue else ""),
            paragraphs(r.outcome) or [PLACEHOLDER],
        )
        for r in reviews
    ]
    tasks = AgendaItem.Section.TASKS
    section = next((s for s in sections if s.key == tasks), None)
    if section is None:
        order = [value for value, _label in AgendaItem.Section.choices]
        at = sum(1 for s in sections if order.index(s.key) < order.index(tasks))
        section = SectionBlock(tasks, "", [])
        sections.insert(at, section)
        labels = dict(AgendaItem.Section.choices)
        for index, block in enumerate(sections):
            block.heading = f"{ROMAN[index]}. {labels[block.key]}"
    section.reviews = lines
    return sections


def quality_sentence(minutes: Minutes, rules, body: str) -> tuple[str, str] | None:
    """ "Xếp loại chất lượng buổi sinh hoạt:" "Tốt (92/100 điểm)." — once every score is in."""
    total = minutes.quality_total
    if total is None:
        return None
    grade = GRADE_NAMES[quality_grade(total, rules)]
    return (
        f"Xếp loại chất lượng {SESSION[body]}:",
        f"{grade} ({total}/{rules.quality_max_points} điểm).",
    )


def closing_sentence(minutes: Minutes, body: str) -> str | None:
    if minutes.closed_at is None:
        return None
    return f"{SESSION[body].capitalize()} kết thúc vào hồi {clock(minutes.closed_at)} cùng ngày."


def amendment_lines(amendments) -> list[AmendmentLine]:
    return [
        AmendmentLine(
            when=timezone.localtime(a.made_at).strftime("%d/%m/%Y %H:%M"),
            who=a.made_by_name,
            what=a.label,
            old=a.old_value,
            new=a.new_value,
            why=a.reason,
        )
        for a in amendments
    ]


# --- the content ------------------------------------------------------------------------------


def minutes_content(meeting: Meeting, minutes: Minutes | None = None) -> MinutesContent:
    """Every text of the meeting's official minutes, in Vietnamese (the minutes must exist)."""
    minutes = minutes or Minutes.objects.get(meeting_id=meeting.pk)
    rules = rules_for(meeting.committee)
    body = meeting.body
    with translation.override("vi"):
        guests = list(Guest.objects.filter(meeting_id=meeting.pk).order_by("pk"))
        amendments = list(Amendment.objects.filter(meeting_id=meeting.pk).order_by("made_at", "pk"))
        chair = meeting.chair.full_name if meeting.chair_id else ""
        clerk = meeting.clerk.full_name if meeting.clerk_id else ""
        header = header_for(meeting)
        votes_by_item, loose_votes = votes_of(meeting)
        return MinutesContent(
            header=header,
            place_date=official_date(header.place, header.day),
            title=TITLES[body].upper(),
            subtitle=month_text(meeting.month or meeting.date).capitalize(),
            opening=opening_sentence(meeting, minutes),
            roles=[("- Chủ trì:", comrade(chair)), ("- Thư ký:", comrade(clerk))],
            guests=[f"Đồng chí {guest_name(g)}." for g in guests],
            headcount=headcount_sentences(meeting_headcount(meeting), body),
            content_heading=CONTENT_HEADING[body].upper(),
            sections=with_reviews(
                sections_of(minutes_items(meeting), votes_by_item),
                followup.review_items(meeting, frozen=True),
            ),
            quality=quality_sentence(minutes, rules, body),
            closing=closing_sentence(minutes, body),
            approval=(
                f"Biên bản đã được thông qua trước {BEFORE_BODY[body]}."
                if minutes.is_locked
                else None
            ),
            clerk_signature=Signature(None, "Thư ký", clerk),
            chair_signature=Signature(None, "Chủ trì", chair),
            amendments=amendment_lines(amendments),
            votes=loose_votes,
        )


# --- the DOCX ---------------------------------------------------------------------------------


def _labelled(doc: OfficialDocument, label: str, lines: list[str], **options) -> None:
    """A label then the first paragraph; the further paragraphs on their own."""
    doc.labelled(label, lines[0] if lines else "", **options)
    for line in lines[1:]:
        doc.paragraph(line)


def _vote(doc: OfficialDocument, vote: VoteBlock) -> None:
    doc.labelled(vote.heading, "")
    _labelled(doc, vote.text_label, vote.text, label_bold=False)
    for label, text in vote.lines:
        doc.labelled(label, text, label_bold=False)
    doc.labelled(*vote.result)


def render_docx(content: MinutesContent) -> bytes:
    doc = OfficialDocument(content.header)
    doc.title(content.title, content.subtitle)
    doc.paragraph(content.opening)
    for label, text in content.roles:
        doc.labelled(label, text)
    if content.guests:
        doc.labelled(content.guests_label, "")
        for guest in content.guests:
            doc.paragraph(f"+ {guest}")
    for sentence in content.headcount:
        doc.paragraph(f"- {sentence}")
    doc.heading(content.content_heading)
    for section in content.sections:
        doc.heading(section.heading)
        for item in section.items:
            doc.heading(f"{item.number}. {item.title}")
            for line in item.summary:
                doc.paragraph(line)
            if item.contributions:
                doc.labelled(content.said_label, "", label_bold=False, label_italic=True)
                for said in item.contributions:
                    _labelled(doc, f"- {said.speaker}:", said.text, label_bold=False)
            for vote in item.votes:
                _vote(doc, vote)
            if item.conclusion:
                _labelled(doc, content.conclusion_label, item.conclusion)
        if section.reviews:
            doc.labelled(content.reviews_label, "")
            for reviewed in section.reviews:
                _labelled(doc, f"- {reviewed.task}:", reviewed.outcome, label_bold=False)
    if content.votes:
        doc.heading(content.votes_heading)
        for vote in content.votes:
            _vote(doc, vote)
    if content.quality:
        doc.labelled(*content.quality)
    if content.closing:
        doc.paragraph(content.closing)
    if content.approval:
        doc.paragraph(content.approval, italic=True)
    doc.signatures(content.clerk_signature, content.chair_signature)
    if content.amendments:
        doc.heading(content.amendments_heading, space_before=18)
        for amendment in content.amendments:
            doc.paragraph(f"- {amendment.sentence}")
    return doc.to_bytes()


def minutes_docx(meeting: Meeting, minutes: Minutes | None = None) -> bytes:
    """The official minutes as a DOCX, always in Vietnamese."""
    with translation.override("vi"):
        return render_docx(minutes_content(meeting, minutes))


def docx_filename(meeting: Meeting) -> str:
    """ "bien-ban-2026-03-CB1.docx" — ASCII only (the cell's code; ĐU / ĐB for the committee)."""
    holder = meeting.cell.code if meeting.body == Body.CELL else FILE_HOLDER[meeting.body]
    holder = "".join(ch if ch.isalnum() else "-" for ch in search_key(holder).upper())
    holder = holder.encode("ascii", "ignore").decode().strip("-") or "chibo"
    return f"bien-ban-{meeting.date:%Y-%m}-{holder}.docx"
