"""The year's rating report as the official DOCX summary (`report_docx`, DOMAIN §13), always in
Vietnamese, in the party's wording. The frame of an executive committee's report to its superior
(`executive_report`) and the Vietnamese numbers serve the committee's year report too
(`dashboard.report.document`).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone, translation

from core.documents import (
    Header,
    ReportContent,
    Signature,
    executive_name,
    long_date,
    official_date,
    render_report,
    superior_name,
)
from meetings.decisions.resolutions import EXECUTIVE_RECIPIENTS
from members.selectors import secretary_on
from reviews import quota
from reviews.models import Rating
from reviews.reports.data import LEVELS, CellLine, Counts, YearReport

# The levels as the party writes them (official documents are Vietnamese, DESIGN §9).
LEVEL_NAMES_VI = {
    Rating.OUTSTANDING: "hoàn thành xuất sắc nhiệm vụ",
    Rating.GOOD: "hoàn thành tốt nhiệm vụ",
    Rating.COMPLETED: "hoàn thành nhiệm vụ",
    Rating.NOT_COMPLETED: "không hoàn thành nhiệm vụ",
}
NUMBER_LINE = "Số      -BC/ĐU"  # the number is written in by the office when it is issued
TITLE = "Báo cáo"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def percent_vi(value: Decimal | None) -> str:
    """ "33,3%", "50%" — the Vietnamese decimal comma, no ",0" on a whole number."""
    if value is None:
        return "—"
    text = f"{value:.1f}".replace(".", ",")
    return f"{text.removesuffix(',0')}%"


def levels_vi(counts: Counts) -> str:
    """ "hoàn thành xuất sắc nhiệm vụ 2 (20%); hoàn thành tốt nhiệm vụ 6 (60%); …"."""
    parts = []
    for value in LEVELS:
        count = counts.by_level[value]
        share = counts.percent(value)
        parts.append(
            f"{LEVEL_NAMES_VI[value]} {count}"
            + (f" ({percent_vi(share)})" if share is not None else "")
        )
    return "; ".join(parts)


def counts_sentence_vi(subject: str, counts: Counts) -> str:
    """ "Chi bộ Tổ Toán - Tin: 12 đảng viên được đánh giá; 10 đảng viên được xếp loại, trong đó
    hoàn thành xuất sắc nhiệm vụ 2 (20%); …; không xếp loại 2 đồng chí."""
    text = f"{subject}: {counts.reviewed} đảng viên được đánh giá"
    if counts.rated:
        text += f"; {counts.rated} đảng viên được xếp loại, trong đó {levels_vi(counts)}"
    if counts.undecided:
        text += f"; chưa được Đảng ủy quyết định xếp loại {counts.undecided} đồng chí"
    if counts.not_rated:
        text += f"; không xếp loại {counts.not_rated} đồng chí"
    return text + "."


def quota_sentence_vi(check: quota.QuotaCheck) -> str:
    """The quota as the committee states it, with its working."""
    text = (
        f"Số đảng viên hoàn thành xuất sắc nhiệm vụ không vượt quá {check.percent}% số đảng viên "
        f"hoàn thành tốt nhiệm vụ: {check.working}"
    )
    return text + (", bảo đảm tỷ lệ quy định." if check.ok else ", vượt tỷ lệ quy định.")


def cell_rating_sentence_vi(line: CellLine) -> str:
    if line.rating is None:
        return f"{line.cell.name}: chưa xếp loại."
    name = LEVEL_NAMES_VI[line.rating.rating]
    return f"{line.cell.name}: {name[0].upper()}{name[1:]}."


def executive_report(
    committee, day: datetime.date, *, subtitle: str, intro, sections, signed_for: datetime.date
) -> ReportContent:
    """An official report (báo cáo) of the committee's executive to its superior, issued on
    `day`: the header, "T/M ĐẢNG ỦY — BÍ THƯ" signed by the secretary on `signed_for`, and the
    recipients. `intro(executive)` gives the opening sentence, which names the executive."""
    executive = executive_name(committee.name)
    superior = superior_name(committee, day, of_cell=False)
    header = Header(superior, executive, committee.place_name, day, number=NUMBER_LINE)
    return ReportContent(
        header=header,
        place_date=official_date(header.place, day),
        title=TITLE.upper(),
        subtitle=subtitle,
        intro=intro(executive),
        sections=sections,
        recipients=[
            f"{superior} (để báo cáo)," if superior else "Cấp ủy cấp trên (để báo cáo),",
            *EXECUTIVE_RECIPIENTS,
        ],
        signature=Signature(
            "T/M ĐẢNG ỦY",
            "BÍ THƯ",
            secretary_on(committee_id=committee.pk, cell_id=None, day=signed_for),
        ),
    )


def report_content(report: YearReport, day: datetime.date | None = None) -> ReportContent:
    """The texts of the report issued on `day` (today by default), in Vietnamese."""
    day = day or timezone.localdate()
    with translation.override("vi"):
        subtitle = f"kết quả đánh giá, xếp loại chất lượng đảng viên năm {report.year}"
        cells = [f"- {counts_sentence_vi(line.cell.name, line.counts)}" for line in report.cells]
        total = [
            counts_sentence_vi("Toàn Đảng bộ", report.total),
            quota_sentence_vi(report.check),
        ]
        if report.confirmed_at:
            confirmed = timezone.localtime(report.confirmed_at).date()
            total.append(f"Đảng ủy đã quyết định xếp loại {long_date(confirmed)}.")
        else:
            total.append("Kết quả xếp loại chưa được Đảng ủy xác nhận.")
        sections = [
            ("I. Kết quả đánh giá, xếp loại đảng viên ở các chi bộ", cells),
            ("II. Tổng hợp toàn Đảng bộ", total),
            (
                "III. Xếp loại chất lượng các chi bộ",
                [f"- {cell_rating_sentence_vi(line)}" for line in report.cells],
            ),
        ]
        return executive_report(
            report.committee,
            day,
            subtitle=subtitle,
            intro=lambda executive: (
                f"Căn cứ kết quả kiểm điểm, đánh giá, xếp loại chất lượng đảng viên của các chi bộ "
                f"trực thuộc, {executive} báo cáo {subtitle} như sau:"
            ),
            sections=sections,
            signed_for=datetime.date(report.year, 12, 31),
        )


def report_docx(report: YearReport, day: datetime.date | None = None) -> bytes:
    """The official summary as a DOCX, always in Vietnamese."""
    with translation.override("vi"):
        return render_report(report_content(report, day))


def docx_filename(report: YearReport) -> str:
    return f"bao-cao-xep-loai-dang-vien-{report.year}.docx"
