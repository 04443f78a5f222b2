"""The official minutes as plain data — nội dung biên bản (DOMAIN §4.4, §13): `minutes_content`
gathers every text of the document, in Vietnamese, in the order it prints them
(`MinutesContent`: the header, the opening, the headcount, the agenda's sections with their
items, contributions, votes and conclusions, the review of last month's tasks, the month's party
fees in section (c), the votes on no item, the tasks given at the meeting (who, what, by when),
the quality, the signatures, the amendments). The sentences come from
`meetings.record.official.wording`.

The month's fees are given by the caller as plain numbers (`MonthFees`): the meetings app never
reads the fees (DESIGN §2) — the view asks `fees.selectors.month_collection` and passes them in.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone, translation

from cells.rules import rules_for
from core.documents import (
    Header,
    Signature,
    official_date,
    paragraphs,
)
from meetings.decisions import followup
from meetings.decisions.tasks import tasks_given_at
from meetings.models import (
    MEMBER_KINDS,
    AgendaItem,
    Amendment,
    Guest,
    Meeting,
    Minutes,
    Motion,
    MotionKind,
)
from meetings.record.official.wording import (
    BEFORE_BODY,
    CONTENT_HEADING,
    KIND_NAMES,
    METHOD_NAMES,
    PLACEHOLDER,
    ROMAN,
    TITLES,
    closing_sentence,
    comrade,
    guest_name,
    headcount_sentences,
    header_for,
    month_text,
    opening_sentence,
    quality_sentence,
    speaker_text,
)
from meetings.record.selectors import meeting_headcount, minutes_items


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
    # Section (c): the month's party fees, after its items (`with_fees`).
    fees: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class MonthFees:
    """The month's collection of party fees in plain numbers (from
    `fees.selectors.month_collection`, passed in by the view): members who paid of those due,
    amounts paid and due (đồng)."""

    month: datetime.date
    paid_count: int
    due_count: int
    paid_total: int
    due_total: int

    @property
    def recorded(self) -> bool:
        """Anything due or paid: fees are kept for the month (not before the register began)."""
        return bool(self.due_total or self.paid_total)

    @property
    def sentence(self) -> str:
        """ "Thu đảng phí tháng 3/2026: 12/15 đảng viên đã đóng; đã thu 360.000 đồng / phải thu
        450.000 đồng." """
        return (
            f"Thu đảng phí tháng {self.month.month}/{self.month.year}: "
            f"{self.paid_count}/{self.due_count} đảng viên đã đóng; "
            f"đã thu {_dong(self.paid_total)} đồng / phải thu {_dong(self.due_total)} đồng."
        )


def _dong(amount: int) -> str:
    return f"{int(amount):,}".replace(",", ".")


@dataclass(frozen=True)
class Reviewed:
    """One task of the review of last month's tasks: "Việc — đồng chí A, hạn 30/11/2026" and its
    outcome, as paragraphs."""

    task: str
    outcome: list[str]


@dataclass(frozen=True)
class Assigned:
    """One task given at the meeting: what ("Hoàn thành báo cáo quý"), who ("đồng chí Nguyễn Văn
    A, đồng chí Trần Thị B"), by when ("30/11/2026"), and its details, as paragraphs."""

    task: str
    who: str
    deadline: str
    details: list[str] = field(default_factory=list)

    @property
    def line(self) -> str:
        """ "đồng chí Nguyễn Văn A, đồng chí Trần Thị B thực hiện; thời hạn: 30/11/2026." """
        return f"{self.who} thực hiện; thời hạn: {self.deadline}."


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
    # The tasks given at the meeting: a part of their own after the votes.
    tasks: list[Assigned] = field(default_factory=list)

    @property
    def votes_heading(self) -> str:
        """ "IV. Biểu quyết" — numbered after the agenda's sections."""
        return _numbered(len(self.sections), "Biểu quyết")

    @property
    def tasks_heading(self) -> str:
        """ "V. Phân công nhiệm vụ" — numbered after the sections and the votes' part, if any."""
        return _numbered(len(self.sections) + bool(self.votes), "Phân công nhiệm vụ")


def _numbered(index: int, title: str) -> str:
    """A part's heading numbered in Roman after `index` parts ("IV. …"); unnumbered past X."""
    return f"{ROMAN[index]}. {title}" if index < len(ROMAN) else title


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
    at = followup.review_section_at([s.key for s in sections], reviews)
    if at is None:
        section = next(s for s in sections if s.key == tasks)
    else:
        section = SectionBlock(tasks, "", [])
        sections.insert(at, section)
        labels = dict(AgendaItem.Section.choices)
        for index, block in enumerate(sections):
            block.heading = f"{ROMAN[index]}. {labels[block.key]}"
    section.reviews = lines
    return sections


def with_fees(sections: list[SectionBlock], fees: MonthFees | None) -> list[SectionBlock]:
    """State the month's party fees under section (c)'s items; a section (c) with no item is
    still written for them, in its place (the sections renumbered). Nothing without `fees` or
    when nothing was due nor paid (no fee kept for the month)."""
    if fees is None or not fees.recorded:
        return sections
    party = AgendaItem.Section.PARTY
    section = next((s for s in sections if s.key == party), None)
    if section is None:
        order = [key for key, _label in AgendaItem.Section.choices]
        at = sum(1 for s in sections if order.index(s.key) < order.index(party))
        section = SectionBlock(party, "", [])
        sections.insert(at, section)
        labels = dict(AgendaItem.Section.choices)
        for index, block in enumerate(sections):
            block.heading = f"{ROMAN[index]}. {labels[block.key]}"
    section.fees = [fees.sentence]
    return sections


def assigned_lines(tasks) -> list[Assigned]:
    """The tasks given at the meeting (`meetings.decisions.tasks.tasks_given_at`) as the minutes
    write them: who (every member given a part), what, by when."""
    return [
        Assigned(
            task=task.title,
            who=", ".join(f"đồng chí {a.member.full_name}" for a in task.assignments.all())
            or PLACEHOLDER,
            deadline=task.deadline.strftime("%d/%m/%Y"),
            details=paragraphs(task.details),
        )
        for task in tasks
    ]


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


def minutes_content(
    meeting: Meeting, minutes: Minutes | None = None, fees: MonthFees | None = None
) -> MinutesContent:
    """Every text of the meeting's official minutes, in Vietnamese (the minutes must exist);
    `fees`: the month's party fees, stated in section (c)."""
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
            sections=with_fees(
                with_reviews(
                    sections_of(minutes_items(meeting), votes_by_item),
                    followup.review_items(meeting, frozen=True),
                ),
                fees,
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
            tasks=assigned_lines(tasks_given_at(meeting)),
        )
