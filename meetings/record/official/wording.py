"""The party's wording of the official minutes — lời văn biên bản: the sentences and names the
document is written in, from the meeting's records ("Vào hồi 16 giờ 30 phút, ngày …", the
headcount, "Xếp loại chất lượng buổi sinh hoạt: …"). Not UI strings: official documents are
Vietnamese whatever the UI language (DESIGN §9). `meetings.record.official.content` puts them
together.
"""

from __future__ import annotations

import datetime

from core.documents import (
    Header,
    executive_name,
    long_date,
    superior_name,
)
from meetings.models import (
    Body,
    Guest,
    Kind,
    Meeting,
    Minutes,
    Motion,
    MotionKind,
)
from meetings.record.minutes import Grade, quality_grade
from meetings.record.selectors import MeetingHeadcount

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
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
PLACEHOLDER = "…"


def clock(value: datetime.time) -> str:
    """ "16 giờ 30 phút"."""
    return f"{value.hour} giờ {value.minute:02d} phút"


def month_text(day: datetime.date) -> str:
    return f"tháng {day.month} năm {day.year}"


def body_name(meeting: Meeting) -> str:
    """The issuing body as the document names it: the cell, the Đảng ủy, the Đảng bộ."""
    if meeting.body == Body.CELL:
        return meeting.cell.name
    if meeting.body == Body.EXECUTIVE:
        return executive_name(meeting.committee.name)
    return meeting.committee.name


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
