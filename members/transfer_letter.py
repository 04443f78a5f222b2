"""The transfer letter — giấy giới thiệu sinh hoạt đảng (DOMAIN §3, §8, §13).

For a member transferred out (officially or temporarily) the committee's executive issues the
letter she carries to the receiving party organisation: her party card and record numbers, where
she goes, the month her fees are paid up to, and the days within which she must present it (the
committee's `transfer_letter_days`). It is signed "T/M ĐẢNG ỦY — BÍ THƯ" by the committee
secretary on the day of the letter.

`letter_content` gathers the texts as plain data, always in Vietnamese (an official document,
DESIGN §9); `letter_docx` renders them through `core.documents`. The month her fees are paid up
to is passed in by the view (`members` never reads the fees, DESIGN §2).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from cells.rules import rules_for
from core.documents import (
    Header,
    OfficialDocument,
    Signature,
    executive_name,
    long_date,
    official_date,
    superior_name,
)
from core.text import search_key
from members.models import CellMembership, Transfer
from members.selectors import secretary_on

TITLE = "Giấy giới thiệu sinh hoạt đảng"
KIND_NAMES = {Transfer.Kind.OFFICIAL: "Chính thức", Transfer.Kind.TEMPORARY: "Tạm thời"}
NUMBER_BLANK = "Số      -GGT/ĐU"  # the office writes the number in when it is not recorded
BLANK = "……"


@dataclass
class TransferLetter:
    """Every text of the letter, in Vietnamese, in the order it prints."""

    header: Header
    place_date: str
    title: str
    subtitle: str
    addressee: tuple[str, str]  # ("Kính gửi:", "Chi bộ …")
    lines: list[str]
    fees_line: str
    deadline_line: str
    deadline: datetime.date
    signature: Signature
    recipients: list[str] = field(default_factory=list)


def fees_sentence(paid_up_to: datetime.date | None) -> str:
    """ "Đã đóng đảng phí đến hết tháng 8/2026." — left to fill in by hand when no month is
    known (no payment on record)."""
    if paid_up_to is None:
        return f"Đã đóng đảng phí đến hết tháng {BLANK}/{BLANK}."
    return f"Đã đóng đảng phí đến hết tháng {paid_up_to.month}/{paid_up_to.year}."


def _cell_left(transfer: Transfer) -> str:
    """The cell she leaves: her membership on the day before the transfer (or her latest)."""
    membership = (
        CellMembership.objects.filter(member_id=transfer.member_id, start_date__lte=transfer.date)
        .select_related("cell")
        .order_by("-start_date", "-pk")
        .first()
    )
    return membership.cell.name if membership else ""


def _date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else BLANK


def letter_day(transfer: Transfer) -> datetime.date:
    """The letter's date: the day it was issued, else the day of the transfer."""
    return transfer.letter_issued_on or transfer.date


def letter_content(
    transfer: Transfer, *, paid_up_to: datetime.date | None, day: datetime.date | None = None
) -> TransferLetter:
    """The letter of a transfer out; `paid_up_to`: the last month her fees are paid for
    (`fees.selectors.paid_up_to`, from the view)."""
    if transfer.direction != Transfer.Direction.OUT:
        raise ValueError("A transfer letter is issued for a transfer out.")
    member = transfer.member
    committee = member.committee
    day = day or letter_day(transfer)
    rules = rules_for(committee)
    executive = executive_name(committee.name)
    number = f"Số {transfer.letter_number}" if transfer.letter_number else NUMBER_BLANK
    header = Header(
        superior_name(committee, day, of_cell=False),
        executive,
        committee.place_name,
        day,
        number=number,
    )
    deadline = day + datetime.timedelta(days=rules.transfer_letter_days)
    lines = [
        f"{executive} giới thiệu đồng chí: {member.full_name}.",
        f"Sinh ngày: {_date(member.date_of_birth)}. Quê quán: {member.home_town or BLANK}.",
        f"Vào Đảng ngày: {_date(member.admitted_on)}. "
        f"Chính thức ngày: {_date(member.recognised_on)}.",
        f"Số thẻ đảng viên: {member.card_number or BLANK}. "
        f"Số lý lịch đảng viên: {member.record_number or BLANK}.",
        f"Đang sinh hoạt tại: {_cell_left(transfer) or BLANK}, {committee.name}.",
        f"Được chuyển đến sinh hoạt đảng tại: {transfer.organisation}.",
    ]
    if transfer.kind == Transfer.Kind.TEMPORARY and transfer.expected_return:
        lines.append(
            f"Thời gian sinh hoạt tạm thời: từ {_date(transfer.date)} "
            f"đến {_date(transfer.expected_return)}."
        )
    return TransferLetter(
        header=header,
        place_date=official_date(header.place, day),
        title=TITLE.upper(),
        subtitle=KIND_NAMES[transfer.kind],
        addressee=("Kính gửi:", f"{transfer.organisation}."),
        lines=lines,
        fees_line=fees_sentence(paid_up_to),
        deadline_line=(
            f"Đồng chí {member.full_name} phải xuất trình giấy giới thiệu này trong vòng "
            f"{rules.transfer_letter_days} ngày, chậm nhất {long_date(deadline)}. "
            f"Đề nghị {transfer.organisation} tiếp nhận và quản lý đảng viên theo quy định."
        ),
        deadline=deadline,
        signature=Signature(
            "T/M ĐẢNG ỦY", "BÍ THƯ", secretary_on(committee_id=committee.pk, cell_id=None, day=day)
        ),
        recipients=["Như trên,", f"Đồng chí {member.full_name},", "Lưu hồ sơ đảng viên."],
    )


def render_docx(letter: TransferLetter) -> bytes:
    doc = OfficialDocument(letter.header)
    doc.title(letter.title, letter.subtitle)
    doc.labelled(*letter.addressee)
    for line in letter.lines:
        doc.paragraph(line)
    doc.paragraph(letter.fees_line)
    doc.paragraph(letter.deadline_line)
    doc.recipients_and_signature(letter.recipients, letter.signature)
    return doc.to_bytes()


def letter_docx(transfer: Transfer, *, paid_up_to: datetime.date | None) -> bytes:
    """The transfer letter as a DOCX (always in Vietnamese)."""
    return render_docx(letter_content(transfer, paid_up_to=paid_up_to))


def letter_filename(transfer: Transfer) -> str:
    """ "giay-gioi-thieu-nguyen-van-a-2026-09-05.docx" — ASCII only."""
    name = "".join(ch if ch.isalnum() else "-" for ch in search_key(transfer.member.full_name))
    name = "-".join(part for part in name.encode("ascii", "ignore").decode().split("-") if part)
    return f"giay-gioi-thieu-{name or 'dang-vien'}-{transfer.date:%Y-%m-%d}.docx"
