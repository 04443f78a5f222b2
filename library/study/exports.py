"""A campaign's documents (issue 19 part 4): every report as one official DOCX — "TỔNG HỢP BÀI
THU HOẠCH", each report under the member's name, cell by cell, in the official layout of
DOMAIN §13 (`core.documents`; always in Vietnamese) — and the summary of who studied and who
reported as an Excel workbook (headers in the active language).

`reports_content` builds the DOCX's texts as plain data, `reports_docx` renders them. Reports are
confidential: these functions do not check who asks — the views ask `library.access`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.documents import (
    Header,
    OfficialDocument,
    Signature,
    executive_name,
    paragraphs,
    superior_name,
)
from core.spreadsheets import safe_row, workbook_bytes
from library.models import StudyCampaign
from library.study.selectors import is_done, participant_rows
from members.selectors import secretary_on

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"


def _local(moment: datetime.datetime | None) -> datetime.datetime | None:
    """A moment as the committee reads it, without a time zone (Excel knows none)."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(tzinfo=None)


# --- every report as one DOCX ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReportEntry:
    name: str
    note: str  # "Nộp ngày 05/03/2026 (nộp muộn; do đồng chí … nhập thay)"
    paragraphs: list[str]
    file_name: str = ""


@dataclass
class ReportsBook:
    """Every text of "TỔNG HỢP BÀI THU HOẠCH", in Vietnamese, as it prints."""

    header: Header
    title: str
    subtitle: str
    intro: str
    cells: list[tuple[str, list[ReportEntry]]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # "Nguyễn Văn A (Chi bộ …)"
    signature: Signature | None = None


def _note(report) -> str:
    parts = [f"Nộp ngày {timezone.localtime(report.submitted_at):%d/%m/%Y}"]
    extra = []
    if report.late:
        extra.append("nộp muộn")
    if report.recorded_by_id:
        extra.append(f"do đồng chí {report.recorded_by.get_full_name()} nhập thay")
    if extra:
        parts.append(f"({'; '.join(extra)})")
    return " ".join(parts)


def reports_content(campaign: StudyCampaign, *, today: datetime.date) -> ReportsBook:
    """The reports of the campaign, cell by cell, and the members who have not reported —
    two queries (the rows, the committee's secretary)."""
    committee = campaign.committee
    document = campaign.document
    cells: dict[int, tuple[str, list[ReportEntry]]] = {}
    missing = []
    for row in participant_rows(campaign):
        if not row.has_report:
            missing.append(f"{row.member.full_name} ({row.cell.name})")
            continue
        report = row.report
        entry = ReportEntry(
            name=f"Đồng chí {row.member.full_name}",
            note=_note(report),
            paragraphs=paragraphs(report.text),
            file_name=report.original_name if report.file else "",
        )
        cells.setdefault(row.cell_id, (row.cell.name, []))[1].append(entry)
    return ReportsBook(
        header=Header(
            superior_name(committee, today, of_cell=False),
            executive_name(committee.name),
            committee.place_name,
            today,
        ),
        title="Tổng hợp bài thu hoạch",
        subtitle=campaign.title,
        intro=(
            f"Văn bản: {document}. Thời gian học tập: từ ngày {campaign.starts_on:%d/%m/%Y} "
            f"đến ngày {campaign.deadline:%d/%m/%Y}."
        ),
        cells=list(cells.values()),
        missing=missing,
        signature=Signature(
            "T/M Đảng ủy",
            "Bí thư",
            secretary_on(committee_id=committee.pk, cell_id=None, day=today),
        ),
    )


def reports_docx(content: ReportsBook) -> bytes:
    """The reports in the official layout (DOMAIN §13), in Vietnamese."""
    with translation.override("vi"):
        doc = OfficialDocument(content.header)
        doc.title(content.title, content.subtitle)
        doc.paragraph(content.intro)
        for cell_name, entries in content.cells:
            doc.heading(cell_name.upper(), space_before=6)
            for entry in entries:
                doc.heading(entry.name)
                doc.paragraph(entry.note, italic=True)
                for line in entry.paragraphs:
                    doc.paragraph(line)
                if entry.file_name:
                    doc.paragraph(f"(Bài thu hoạch nộp bằng tệp: {entry.file_name})", italic=True)
        if not content.cells:
            doc.paragraph("Chưa có bài thu hoạch nào.")
        if content.missing:
            doc.heading("Đảng viên chưa nộp bài thu hoạch", space_before=6)
            for name in content.missing:
                doc.bullet(name)
        doc.signatures(None, content.signature)
        return doc.to_bytes()


def reports_filename(campaign: StudyCampaign) -> str:
    return f"bai-thu-hoach-{slugify(campaign.title)[:60] or 'dot-hoc-tap'}-{campaign.pk}.docx"


# --- the summary as a workbook ----------------------------------------------------------------------


def summary_xlsx(campaign: StudyCampaign) -> bytes:
    """One row per member asked: her cell, when she studied, her report, late, who recorded it,
    done — headers in the active language."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Study")
    sheet.append(safe_row([campaign.title]))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        safe_row(
            [
                _("Document: %(document)s") % {"document": campaign.document},
                _("Deadline: %(deadline)s") % {"deadline": f"{campaign.deadline:%d/%m/%Y}"},
            ]
        )
    )
    sheet.append([])
    headers = [
        _("No."),
        _("Full name"),
        _("Cell"),
        _("Studied at"),
        _("Study recorded by"),
        _("Report submitted at"),
        _("Late"),
        _("Report recorded by"),
        _("Done"),
    ]
    sheet.append(safe_row(headers))
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    yes, no = _("Yes"), _("No")
    for number, row in enumerate(participant_rows(campaign), start=1):
        report = row.report if row.has_report else None
        sheet.append(
            safe_row(
                [
                    number,
                    row.member.full_name,
                    row.cell.name,
                    _local(row.studied_at),
                    row.studied_recorded_by.get_full_name() if row.studied_recorded_by else "",
                    _local(report.submitted_at) if report else None,
                    (yes if report.late else no) if report else "",
                    report.recorded_by.get_full_name() if report and report.recorded_by else "",
                    yes if is_done(row, campaign) else no,
                ]
            )
        )
        for column in (4, 6):
            sheet.cell(row=sheet.max_row, column=column).number_format = DATETIME_FORMAT
    widths = [5, 28, 28, 17, 24, 17, 8, 24, 8]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C5"
    return workbook_bytes(book)


def summary_filename(campaign: StudyCampaign) -> str:
    return f"hoc-tap-{slugify(campaign.title)[:60] or 'dot-hoc-tap'}-{campaign.pk}.xlsx"
