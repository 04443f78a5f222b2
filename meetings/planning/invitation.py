"""Reaching every member of the body (issue 21, part 3): who publishing a meeting reached, the
notice to send to the others (thông báo: a plain text for the cell's chat group) and the
invitation to print (giấy mời: one A4 sheet with the list of invited members to sign).

Both texts are official communication, written in Vietnamese whatever the UI language (DESIGN
§9), like the minutes' wording (`meetings.record.official.wording`). The notice is plain text:
nothing in it is HTML-escaped (the page escapes it when it shows it). The invitation is plain
data (`InvitationContent`), rendered by the print template and by `core.documents`
(`invitation_docx`), so both say the same thing.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation

from core.documents import (
    Header,
    OfficialDocument,
    Signature,
    executive_name,
    long_date,
    official_date,
)
from core.text import search_key
from meetings.models import SECTION_ORDER, Body, Kind, Meeting, Status
from meetings.record.official.wording import PLACEHOLDER, body_name, clock, header_for
from meetings.selectors import body_members
from members.selectors import secretary_on

WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
# What the body does, as the notice and the invitation name it.
ACTIVITY = {
    Body.CELL: "sinh hoạt chi bộ",
    Body.EXECUTIVE: "họp Đảng ủy",
    Body.COMMITTEE: "hội nghị Đảng bộ",
}
# Who issues the invitation: the cell, or the Đảng ủy (which also convenes the conference).
ISSUER_SYMBOL = {Body.CELL: "CB", Body.EXECUTIVE: "ĐU", Body.COMMITTEE: "ĐU"}
ON_BEHALF = {Body.CELL: "T/M CHI BỘ", Body.EXECUTIVE: "T/M ĐẢNG ỦY", Body.COMMITTEE: "T/M ĐẢNG ỦY"}
NO_AGENDA = "chưa có chương trình"
NO_PLACE = "chưa xác định"
ATTEND = "Đề nghị các đồng chí đến dự đầy đủ, đúng giờ."
DRAFT_MARK = "DỰ THẢO"
# The list to sign, in two halves side by side (1… down the left, the rest down the right), so
# that a cell of 15 fits on one A4 sheet with its agenda.
INVITEE_COLUMNS = ("STT", "Họ và tên", "Ký nhận")
# Left blank for numbering by hand in the cell's register of documents sent: no numbering rule
# for invitations exists in the app.
BLANK_NUMBER = "\u00a0" * 8


# --- who was reached ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Reach:
    """Who publishing reached, by the rule of `members.notifications.notify`: a member with an
    active account gets the notice in the app, and by e-mail when her account has an address.
    `no_account` and `no_email` name the others (in name order): the first got nothing, the
    second only the app."""

    in_app: int
    by_email: int
    no_account: list[str]
    no_email: list[str]

    @property
    def total(self) -> int:
        return self.in_app + len(self.no_account)


def reach_of(members) -> Reach:
    """The `Reach` of a list of members (each with `user` loaded)."""
    in_app = by_email = 0
    no_account, no_email = [], []
    for member in members:
        user = member.user if member.user_id else None
        if user is None or not user.is_active:
            no_account.append(member.full_name)
            continue
        in_app += 1
        if user.email:
            by_email += 1
        else:
            no_email.append(member.full_name)
    return Reach(in_app=in_app, by_email=by_email, no_account=no_account, no_email=no_email)


def meeting_reach(meeting: Meeting) -> Reach:
    """Whom the meeting's notice reaches: the members of its body on its date — one query."""
    return reach_of(body_members(meeting).ordered())


# --- shared wording ------------------------------------------------------------------------------


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def meeting_name(meeting: Meeting, month: str) -> str:
    """ "sinh hoạt chi bộ thường kỳ tháng 12/2026" (`month` as the caller writes it), "họp Đảng
    ủy bất thường", "sinh hoạt chi bộ chuyên đề “…”", …"""
    text = ACTIVITY[meeting.body]
    topic = f"chuyên đề “{meeting.topic}”" if meeting.topic else "chuyên đề"
    review = f"kiểm điểm, đánh giá, xếp loại chất lượng năm {meeting.date.year}"
    if meeting.kind == Kind.REGULAR:
        text += f" thường kỳ {month}"
        if meeting.includes_topic:
            text += f" kết hợp sinh hoạt {topic}"
        if meeting.includes_review:
            text += f" kết hợp {review}"
    elif meeting.kind == Kind.TOPIC:
        text += f" {topic}"
    elif meeting.kind == Kind.REVIEW:
        text += f" {review}"
    elif meeting.kind == Kind.EXTRAORDINARY:
        text += " bất thường"
    return text


def agenda_titles(meeting: Meeting) -> list[str]:
    """The agenda items' titles in the order the agenda shows them — one query."""
    items = sorted(
        meeting.agenda_items.all(),
        key=lambda i: (SECTION_ORDER.index(i.section), i.position, i.pk),
    )
    return [item.title.strip() for item in items]


def meeting_link(meeting: Meeting) -> str:
    return settings.SITE_URL.rstrip("/") + meeting.get_absolute_url()


# --- the notice (thông báo) ----------------------------------------------------------------------


def notice_text(meeting: Meeting, *, document_count: int | None = None) -> str:
    """The notice, ready to send to the cell's group: who meets, for what, when, where, the
    agenda, the documents and the meeting's address. Plain text (nothing escaped), in Vietnamese.

    `document_count`: the documents members can read before the meeting (the meeting page
    passes its own, library documents included); by default the meeting's documents."""
    if document_count is None:
        document_count = meeting.documents.filter(archived=False).count()
    with translation.override("vi"):
        month = f"tháng {meeting.month.month}/{meeting.month.year}"
        day = meeting.date
        lines = [
            f"{body_name(meeting)} thông báo",
            _upper_first(meeting_name(meeting, month)),
            f"- Thời gian: {clock(meeting.start_time)}, {WEEKDAYS[day.weekday()]}, "
            f"ngày {day:%d/%m/%Y}",
            f"- Địa điểm: {(meeting.place or '').strip() or NO_PLACE}",
        ]
        titles = agenda_titles(meeting)
        if titles:
            lines.append("- Nội dung:")
            lines.extend(f"  {number}. {title}" for number, title in enumerate(titles, start=1))
        else:
            lines.append(f"- Nội dung: {NO_AGENDA}")
        if document_count:
            lines.append(
                f"- Tài liệu sinh hoạt: {document_count} tài liệu, xem và tải về trên chibo; "
                "đề nghị các đồng chí nghiên cứu trước."
            )
        else:
            lines.append("- Tài liệu sinh hoạt: chưa có.")
        lines.append(f"- Xem chi tiết: {meeting_link(meeting)}")
        lines.append(ATTEND)
        return "\n".join(lines)


def notice_title(meeting: Meeting) -> str:
    """The title the phone's share sheet shows: "Sinh hoạt chi bộ thường kỳ tháng 12/2026"."""
    month = f"tháng {meeting.month.month}/{meeting.month.year}"
    return _upper_first(meeting_name(meeting, month))


# --- the invitation (giấy mời) -------------------------------------------------------------------


@dataclass
class InvitationContent:
    """Every text of the invitation, in Vietnamese, in the order it prints."""

    header: Header
    place_date: str
    draft: bool  # not published yet: marked "DỰ THẢO"
    title: str
    invite: str
    columns: tuple[str, ...]
    invitees: list[str]
    lines: list[tuple[str, str]]  # ("Thời gian:", "16 giờ 30 phút, …")
    agenda_label: str
    agenda: list[str]
    closing: str
    signature: Signature

    @property
    def invitee_rows(self) -> list[tuple[tuple[int, str], tuple[int, str] | None]]:
        """The list in two halves side by side: [((1, name), (9, name)), …, ((8, name), None)]."""
        numbered = list(enumerate(self.invitees, start=1))
        half = (len(numbered) + 1) // 2
        left, right = numbered[:half], numbered[half:]
        return [(pair, right[i] if i < len(right) else None) for i, pair in enumerate(left)]


def _header(meeting: Meeting, day: datetime.date) -> Header:
    header = header_for(meeting)
    issuer = header.issuer
    if meeting.body == Body.COMMITTEE:
        issuer = executive_name(meeting.committee.name)
    number = f"Số{BLANK_NUMBER}-GM/{ISSUER_SYMBOL[meeting.body]}"
    return dataclasses.replace(header, issuer=issuer, day=day, number=number)


def invitation_content(
    meeting: Meeting, *, today: datetime.date | None = None
) -> InvitationContent:
    """The invitation of the members of the meeting's body, dated today (or the meeting's day,
    when printed again afterwards), signed for the body by its secretary on the meeting's date."""
    today = today or timezone.localdate()
    with translation.override("vi"):
        header = _header(meeting, min(today, meeting.date))
        invitees = [member.full_name for member in body_members(meeting).ordered()]
        month = f"tháng {meeting.month.month} năm {meeting.month.year}"
        day = meeting.date
        issuer_name = body_name(meeting) if meeting.body == Body.CELL else header.issuer
        titles = agenda_titles(meeting)
        return InvitationContent(
            header=header,
            place_date=official_date(header.place, header.day),
            draft=meeting.status == Status.DRAFT,
            title="GIẤY MỜI",
            invite=f"{issuer_name} trân trọng kính mời các đồng chí có tên sau đây:",
            columns=INVITEE_COLUMNS,
            invitees=invitees,
            lines=[
                ("Đến dự:", f"{_upper_first(meeting_name(meeting, month))}."),
                (
                    "Thời gian:",
                    f"{clock(meeting.start_time)}, {WEEKDAYS[day.weekday()]}, {long_date(day)}.",
                ),
                ("Địa điểm:", f"{(meeting.place or '').strip() or PLACEHOLDER}"),
            ],
            agenda_label="Nội dung:",
            agenda=[f"{n}. {title}" for n, title in enumerate(titles, start=1)] or [NO_AGENDA],
            closing=ATTEND,
            signature=Signature(
                ON_BEHALF[meeting.body],
                "BÍ THƯ",
                secretary_on(
                    committee_id=meeting.committee_id,
                    cell_id=meeting.cell_id if meeting.body == Body.CELL else None,
                    day=meeting.date,
                ),
            ),
        )


def render_docx(content: InvitationContent) -> bytes:
    doc = OfficialDocument(content.header)
    if content.draft:
        doc.paragraph(DRAFT_MARK, bold=True, indent=False)
    doc.title(content.title)
    doc.paragraph(content.invite)
    rows = []
    for left, right in content.invitee_rows:
        row = [str(left[0]), left[1], ""]
        row += [str(right[0]), right[1], ""] if right else ["", "", ""]
        rows.append(row)
    doc.table(content.columns * 2, rows, widths=(10, 45, 27, 10, 45, 28), size_pt=12)
    for label, text in content.lines:
        doc.labelled(label, text)
    doc.labelled(content.agenda_label, "")
    for line in content.agenda:
        doc.paragraph(line)
    doc.paragraph(content.closing, italic=True)
    doc.signatures(None, content.signature)
    return doc.to_bytes()


def invitation_docx(meeting: Meeting, *, today: datetime.date | None = None) -> bytes:
    """The invitation as a DOCX, in Vietnamese."""
    with translation.override("vi"):
        return render_docx(invitation_content(meeting, today=today))


def invitation_filename(meeting: Meeting) -> str:
    """ "giay-moi-2026-12-CB1.docx" — ASCII only."""
    holder = meeting.cell.code if meeting.body == Body.CELL else ISSUER_SYMBOL[meeting.body]
    holder = "".join(ch if ch.isalnum() else "-" for ch in search_key(holder).upper())
    holder = holder.encode("ascii", "ignore").decode().strip("-") or "chibo"
    return f"giay-moi-{meeting.date:%Y-%m}-{holder}.docx"
