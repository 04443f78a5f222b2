"""The official party document (DOCX) builder of DOMAIN §13 (Hướng dẫn 36-HD/VPTW).

Plain data in, bytes out: this module imports no app of ours. Callers pass texts that are already
in Vietnamese (official documents are always Vietnamese, DESIGN §9).

    doc = OfficialDocument(Header("ĐẢNG BỘ TRƯỜNG THPT KRÔNG BÔNG", "CHI BỘ TỔ TOÁN - TIN",
                                  "Krông Bông", date(2026, 3, 5), number="Số 05-NQ/CB"))
    doc.title("Nghị quyết", "về nhiệm vụ trọng tâm tháng 3 năm 2026")
    doc.paragraph("…")
    doc.recipients_and_signature(
        ["Đảng ủy (để báo cáo),", "Lưu chi bộ."], Signature("T/M CHI BỘ", "BÍ THƯ", "Nguyễn Văn A")
    )
    data = doc.to_bytes()
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from io import BytesIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

FONT = "Times New Roman"
BODY_SIZE = Pt(14)
SMALL_SIZE = Pt(12)
LINE_SPACING = 1.15
FIRST_LINE_INDENT = Cm(1.27)
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP = MARGIN_BOTTOM = Mm(20)
MARGIN_LEFT, MARGIN_RIGHT = Mm(30), Mm(15)
TEXT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 165 mm
HEADER_LEFT_WIDTH = Mm(75)
SIGNATURE_LEFT_WIDTH = Mm(80)
SIGNATURE_SPACE_LINES = 4
PARTY_NAME = "ĐẢNG CỘNG SẢN VIỆT NAM"


def official_date(place: str, day: datetime.date) -> str:
    """ "Krông Bông, ngày 05 tháng 3 năm 2026": the day with a leading zero, the month without."""
    return f"{place}, ngày {day.day:02d} tháng {day.month} năm {day.year}"


def long_date(day: datetime.date) -> str:
    """ "ngày 05 tháng 3 năm 2026" (the day padded, the month not — DOMAIN §13)."""
    return f"ngày {day.day:02d} tháng {day.month} năm {day.year}"


def executive_name(committee_name: str) -> str:
    """ "Đảng bộ Trường THPT Krông Bông" → "Đảng ủy Trường THPT Krông Bông"."""
    name = committee_name.strip()
    for prefix in ("đảng bộ ", "đảng ủy ", "đảng uỷ "):
        if name.lower().startswith(prefix):
            name = name[len(prefix) :]
            break
    return f"Đảng ủy {name}"


def superior_name(committee, day: datetime.date, *, of_cell: bool) -> str:
    """(`committee`: anything with `name` and `superior_body_on(day)`, e.g. a `cells.Committee`.) The first line of the header: for a cell's document its committee; for the committee's
    (executive or whole) the superior body whose name is valid on `day`."""
    if of_cell:
        return committee.name
    body = committee.superior_body_on(day)
    return body.name if body else ""


def paragraphs(text: str) -> list[str]:
    """The non-empty lines of a typed text: each becomes a paragraph of the document."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def document_number(number: int, kind: str, issuer: str) -> str:
    """ "Số 05-NQ/CB": number (two digits at least), document type symbol, issuer symbol."""
    return f"Số {number:02d}-{kind}/{issuer}"


@dataclass(frozen=True)
class Header:
    superior_body: str
    issuer: str
    place: str
    day: datetime.date
    number: str | None = None


@dataclass(frozen=True)
class Signature:
    """The signature block: "T/M ĐẢNG ỦY" (on behalf of the body), "KT. BÍ THƯ" when a deputy
    signs for the secretary (`acting`), the signer's title, the name."""

    on_behalf: str | None
    title: str
    name: str
    acting: str | None = None


def _format(paragraph, *, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = False, space_after=0):
    """Alignment, first-line indent and spacing of one paragraph; returns it."""
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = FIRST_LINE_INDENT if indent else None
    fmt.space_after = Pt(space_after)
    return paragraph


def _run(paragraph, text: str, *, bold=False, italic=False, underline=False, size=None):
    run = paragraph.add_run(text)
    run.bold = bold or None
    run.italic = italic or None
    run.underline = underline or None
    if size is not None:
        run.font.size = size
    return run


def _borderless(table) -> None:
    """No borders at all: the header and signature tables only place text in two columns."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.insert_element_before(
        borders,
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
    )


def _two_columns(document, left_width):
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borderless(table)
    widths = (left_width, TEXT_WIDTH - left_width)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, width in zip(table.rows[0].cells, widths, strict=True):
        cell.width = width
    return table.rows[0].cells


def _cell_line(cell, text: str, *, first: bool, **run_options):
    """A centred line in a cell: the cell's own empty paragraph first, then new ones."""
    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    _format(paragraph, align=WD_ALIGN_PARAGRAPH.CENTER)
    if text:
        _run(paragraph, text, **run_options)
    return paragraph


def _add_page_field(paragraph) -> None:
    """A PAGE field (begin / instruction / separate / cached value / end)."""

    def fld_char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    fld_char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    paragraph.add_run()._r.append(instr)
    fld_char("separate")
    paragraph.add_run("2")
    fld_char("end")


class OfficialDocument:
    """An A4 party document with the official two-column header (DOMAIN §13)."""

    def __init__(self, header: Header):
        self.header = header
        self.document = Document()
        self._setup_page()
        self._setup_styles()
        self._header_block()

    # -- layout ---------------------------------------------------------------------------------

    def _setup_page(self) -> None:
        section = self.document.sections[0]
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
        section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
        # Page numbers from page 2: page 1 gets its own (empty) footer.
        section.different_first_page_header_footer = True
        footer = section.footer.paragraphs[0]
        _format(footer, align=WD_ALIGN_PARAGRAPH.CENTER)
        _add_page_field(footer)

    def _setup_styles(self) -> None:
        style = self.document.styles["Normal"]
        style.font.name = FONT
        style.font.size = BODY_SIZE
        rpr = style.element.rPr
        rpr.rFonts.set(qn("w:eastAsia"), FONT)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "vi-VN")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
        fmt = style.paragraph_format
        fmt.line_spacing = LINE_SPACING
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(0)

    def _header_block(self) -> None:
        h = self.header
        left, right = _two_columns(self.document, HEADER_LEFT_WIDTH)
        _cell_line(left, h.superior_body.upper(), first=True)
        _cell_line(left, h.issuer.upper(), first=False, bold=True)
        _cell_line(left, "*", first=False)
        if h.number:
            _cell_line(left, h.number, first=False)
        _cell_line(right, PARTY_NAME, first=True, bold=True, underline=True)
        _cell_line(right, official_date(h.place, h.day), first=False, italic=True)

    # -- content --------------------------------------------------------------------------------

    def title(self, text: str, subtitle: str | None = None) -> None:
        doc = self.document
        paragraph = _format(doc.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER)
        paragraph.paragraph_format.space_before = Pt(18)
        _run(paragraph, text.upper(), bold=True)
        if subtitle:
            _run(_format(doc.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER), subtitle, bold=True)
        _run(_format(doc.add_paragraph(), align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12), "-----")

    def heading(self, text: str, *, space_before: int = 0) -> None:
        """A bold line kept with the next; `space_before` (points) sets it apart (e.g. after the
        signatures)."""
        paragraph = _format(self.document.add_paragraph(), indent=True, space_after=6)
        paragraph.paragraph_format.keep_with_next = True
        if space_before:
            paragraph.paragraph_format.space_before = Pt(space_before)
        _run(paragraph, text, bold=True)

    def paragraph(
        self, text: str, *, bold: bool = False, italic: bool = False, indent: bool = True
    ):
        paragraph = _format(self.document.add_paragraph(), indent=indent, space_after=6)
        _run(paragraph, text, bold=bold, italic=italic)
        return paragraph

    def labelled(
        self,
        label: str,
        text: str,
        *,
        label_bold: bool = True,
        label_italic: bool = False,
        indent: bool = True,
    ):
        """One paragraph opening with a label ("Chủ trì:", "- Đồng chí A:") then plain text."""
        paragraph = _format(self.document.add_paragraph(), indent=indent, space_after=6)
        _run(paragraph, label, bold=label_bold, italic=label_italic)
        if text:
            _run(paragraph, f" {text}")
        return paragraph

    def bullet(self, text: str) -> None:
        self.paragraph(f"- {text}")

    def table(self, headers, rows, *, widths=None, row_height_mm: int = 8, size_pt: int = 13):
        """A bordered table (a list to sign, receipts): bold centred headings, then one row per
        item in `size_pt`, each at least `row_height_mm` high (room for a signature); `widths`
        in mm, one per column."""
        table = self.document.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        size = Pt(size_pt)
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            paragraph = _format(cell.paragraphs[0], align=WD_ALIGN_PARAGRAPH.CENTER)
            _run(paragraph, text, bold=True, size=size)
        for values in rows:
            row = table.add_row()
            row.height = Mm(row_height_mm)
            for cell, text in zip(row.cells, values, strict=True):
                _run(_format(cell.paragraphs[0], align=WD_ALIGN_PARAGRAPH.LEFT), text, size=size)
        if widths:
            for row in table.rows:
                for cell, width in zip(row.cells, widths, strict=True):
                    cell.width = Mm(width)
        self.document.add_paragraph().paragraph_format.space_after = Pt(6)
        return table

    def recipients(self, lines: list[str]) -> None:
        """The "Nơi nhận:" block, placed before the signatures."""
        doc = self.document
        label = _format(doc.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT)
        label.paragraph_format.space_before = Pt(12)
        label.paragraph_format.keep_with_next = True
        _run(label, "Nơi nhận:", bold=True, italic=True, size=SMALL_SIZE)
        for line in lines:
            paragraph = _format(doc.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT)
            _run(paragraph, f"- {line}", size=SMALL_SIZE)

    def signatures(self, left: Signature | None, right: Signature) -> None:
        """Two signature blocks side by side (THƯ KÝ / CHỦ TRÌ, or only T/M CHI BỘ on the right)."""
        spacer = _format(self.document.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT)
        spacer.paragraph_format.keep_with_next = True
        left_cell, right_cell = _two_columns(self.document, SIGNATURE_LEFT_WIDTH)
        if left is not None:
            self._signature_block(left_cell, left)
        self._signature_block(right_cell, right)

    def recipients_and_signature(self, lines: list[str], signature: Signature) -> None:
        """The closing of a document issued on behalf of a body (a resolution, DOMAIN §13): the
        "Nơi nhận:" block on the left and the signature block on the right, side by side."""
        spacer = _format(self.document.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT)
        spacer.paragraph_format.keep_with_next = True
        left_cell, right_cell = _two_columns(self.document, SIGNATURE_LEFT_WIDTH)
        label = _format(left_cell.paragraphs[0], align=WD_ALIGN_PARAGRAPH.LEFT)
        _run(label, "Nơi nhận:", bold=True, italic=True, size=SMALL_SIZE)
        for line in lines:
            paragraph = _format(left_cell.add_paragraph(), align=WD_ALIGN_PARAGRAPH.LEFT)
            _run(paragraph, f"- {line}", size=SMALL_SIZE)
        self._signature_block(right_cell, signature)

    @staticmethod
    def _signature_block(cell, signature: Signature) -> None:
        first = True
        for line in (signature.on_behalf, signature.acting):
            if line:
                _cell_line(cell, line.upper(), first=first, bold=True)
                first = False
        _cell_line(cell, signature.title.upper(), first=first, bold=True)
        for _ in range(SIGNATURE_SPACE_LINES):
            _cell_line(cell, "", first=False)
        _cell_line(cell, signature.name, first=False, bold=True)

    # -- output ---------------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        buffer = BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


@dataclass
class ReportContent:
    """Every text of an official report (báo cáo), in Vietnamese, in the order it prints."""

    header: Header
    place_date: str
    title: str
    subtitle: str
    intro: str
    sections: list[tuple[str, list[str]]]  # (heading, paragraphs)
    recipients: list[str]
    signature: Signature


def render_report(content: ReportContent) -> bytes:
    """An official report as a DOCX: title, introduction, headed sections, recipients, signature."""
    doc = OfficialDocument(content.header)
    doc.title(content.title, content.subtitle)
    doc.paragraph(content.intro)
    for heading, lines in content.sections:
        doc.heading(heading)
        for line in lines:
            doc.paragraph(line)
    doc.recipients_and_signature(content.recipients, content.signature)
    return doc.to_bytes()
