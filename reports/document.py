"""The periodic report as an official document — báo cáo định kỳ (issue 22, DOMAIN §13, §15).

`report_content(report, figures)` writes every text of the report in Vietnamese (official
documents are always Vietnamese, DESIGN §9) from the report's fields and its figures (the dict of
`reports.figures`: live for a draft, frozen for a submitted version); the print view shows those
texts and `report_docx` renders them through the `core.documents` builder — one source for both.

The header: the superior body valid on the report's date, the executive committee ("Đảng ủy …"),
the number "Số 07-BC/ĐU", the place and date. The closing: the recipients typed on the report and
the signature — "T/M ĐẢNG ỦY / BÍ THƯ", or "T/M ĐẢNG ỦY / KT. BÍ THƯ / PHÓ BÍ THƯ" when a deputy
signs.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from core.documents import (
    Header,
    ReportContent,
    Signature,
    executive_name,
    long_date,
    official_date,
    paragraphs,
    render_report,
    superior_name,
)
from reports.models import PeriodReport, period_label
from reviews.reports.document import percent_vi

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TITLE = "BÁO CÁO"
# The meeting-quality grades as the party writes them, in `reports.measures.period.GRADES` order.
GRADE_NAMES_VI = {"good": "Tốt", "fair": "Khá", "average": "Trung bình", "poor": "Kém"}
# The signature block by who signs (`PeriodReport.Signer`).
SIGNATURES = {
    PeriodReport.Signer.SECRETARY: (None, "BÍ THƯ"),
    PeriodReport.Signer.DEPUTY: ("KT. BÍ THƯ", "PHÓ BÍ THƯ"),
}
EXECUTIVE_ROW_VI = "Đảng ủy"


def _day(iso: str) -> datetime.date:
    return datetime.date.fromisoformat(iso)


def _vnd(amount: int) -> str:
    """120000 → "120.000" (the Vietnamese thousands separator)."""
    return f"{int(amount):,}".replace(",", ".")


def _percent(text: str | None) -> str:
    """ "80.0" (the figures' string) → "80%"; "—" when there is none."""
    if text is None:
        return "—"
    return percent_vi(Decimal(text))


def next_period_label(report: PeriodReport) -> str:
    """The period after the report's: "tháng 12/2026", "quý I/2027"…"""
    return period_label(report.kind, report.period_end + datetime.timedelta(days=1))


def members_lines(f: dict) -> list[str]:
    m = f["members"]
    return [
        f"Đến {long_date(_day(f['as_of']))}, Đảng bộ có {m['total']} đảng viên, trong đó "
        f"{m['official']} đảng viên chính thức, {m['probationary']} đảng viên dự bị.",
        f"Trong kỳ: kết nạp {m['admitted']} đảng viên; công nhận đảng viên chính thức "
        f"{m['recognised']} đồng chí; chuyển sinh hoạt đảng chính thức đến {m['transferred_in']}, "
        f"đi {m['transferred_out']} đồng chí; sinh hoạt tạm thời đến {m['temporarily_in']}, đi "
        f"{m['temporarily_out']} đồng chí; từ trần {m['deceased']} đồng chí; xóa tên, khai trừ "
        f"{m['removed']} đồng chí.",
        f"Kỷ luật đảng viên: {m['disciplined']} trường hợp.",
    ]


def row_line(row: dict) -> str:
    """One cell (or the executive committee) in words."""
    name = row["name"] or EXECUTIVE_ROW_VI
    parts = [
        f"sinh hoạt thường kỳ {row['held']}/{row['held'] + row['missed']} buổi đến hạn "
        f"(đúng ngày {row['on_time']}, chậm {row['late']}, không tổ chức {row['missed']})",
        f"tỷ lệ đảng viên dự sinh hoạt {_percent(row['attendance_percent'])}",
    ]
    if row["cell_id"] is not None:
        parts.append(f"sinh hoạt chuyên đề {row['topics_held']} buổi")
    return f"- {name}: {'; '.join(parts)}."


def meetings_lines(f: dict) -> list[str]:
    t, grades = f["meetings"]["total"], f["meetings"]["grades"]
    graded = sum(grades.values())
    lines = [
        f"Các chi bộ và Đảng ủy tổ chức {t['held']}/{t['held'] + t['missed']} buổi sinh hoạt "
        f"thường kỳ đến hạn, trong đó {t['on_time']} buổi đúng ngày sinh hoạt thống nhất, "
        f"{t['late']} buổi chậm; {t['missed']} lượt không tổ chức.",
        f"Tỷ lệ đảng viên dự sinh hoạt thường kỳ: {_percent(t['attendance_percent'])} "
        f"({t['present']}/{t['attendance_rows']} lượt).",
        f"Sinh hoạt chuyên đề: {t['topics_held']} buổi.",
    ]
    if graded:
        parts = ", ".join(f"{GRADE_NAMES_VI[g]} {n}" for g, n in grades.items())
        lines.append(f"Chất lượng buổi sinh hoạt: {graded} buổi được xếp loại ({parts}).")
    else:
        lines.append("Chất lượng buổi sinh hoạt: chưa có buổi sinh hoạt nào được xếp loại.")
    lines.append("Kết quả cụ thể:")
    lines += [row_line(row) for row in f["meetings"]["rows"]]
    return lines


def study_lines(f: dict) -> list[str]:
    s = f["study"]
    if not s["started"]:
        return ["Trong kỳ, Đảng bộ không mở đợt học tập, quán triệt nghị quyết mới."]
    lines = [
        f"Trong kỳ, Đảng bộ tổ chức {s['started']} đợt học tập, quán triệt: {s['participants']} "
        f"lượt đảng viên tham gia, {s['done']} lượt đã hoàn thành."
    ]
    for c in s["campaigns"]:
        lines.append(
            f"- {c['title']} (từ {_day(c['starts_on']):%d/%m/%Y} đến "
            f"{_day(c['deadline']):%d/%m/%Y}): {c['done']}/{c['participants']} đảng viên đã "
            f"học tập."
        )
    return lines


def supervision_lines(f: dict) -> list[str]:
    s = f["supervision"]
    return [
        f"Trong kỳ, thực hiện {s['total']} lượt kiểm tra, giám sát đảng viên (giám sát thường "
        f"xuyên {s['regular']}, giám sát chuyên đề {s['thematic']}, kiểm tra {s['inspection']}); "
        f"{s['violations']} trường hợp có dấu hiệu vi phạm."
    ]


def fees_lines(f: dict) -> list[str]:
    s = f["fees"]
    return [
        f"Các chi bộ thu đảng phí {_vnd(s['collected'])} đồng; nộp về Đảng ủy "
        f"{_vnd(s['received'])} đồng; Đảng ủy nộp cấp trên {_vnd(s['remitted'])} đồng."
    ]


def tasks_lines(f: dict) -> list[str]:
    s = f["tasks"]
    return [
        f"Nhiệm vụ phân công tại các buổi sinh hoạt trong kỳ: {s['assigned']} lượt; hoàn thành "
        f"trong kỳ {s['done']} lượt; đến {long_date(_day(f['as_of']))} còn {s['overdue']} lượt "
        f"quá hạn."
    ]


def intro(report: PeriodReport, f: dict, executive: str) -> str:
    text = (
        f"Thực hiện chế độ thông tin, báo cáo định kỳ, {executive} báo cáo kết quả công tác xây "
        f"dựng Đảng {report.period_label} (số liệu từ ngày {_day(f['start']):%d/%m/%Y} đến ngày "
        f"{_day(f['as_of']):%d/%m/%Y}) như sau:"
    )
    if report.version > 1:
        reason = " ".join(paragraphs(report.correction_reason))
        text += (
            f" (Báo cáo điều chỉnh lần {report.version - 1}, thay thế báo cáo cùng số đã gửi; "
            f"lý do: {reason})"
        )
    return text


def recipient_lines(text: str) -> list[str]:
    """The typed recipients, one per line, without a typed leading dash."""
    return [line.removeprefix("-").strip() for line in paragraphs(text)]


def report_content(report: PeriodReport, figures: dict) -> ReportContent:
    """Every text of the report, in Vietnamese, in the order it prints. `report.committee`'s
    superior bodies: one query (none when prefetched)."""
    committee = report.committee
    executive = executive_name(committee.name)
    day = report.issued_on
    header = Header(
        superior_name(committee, day, of_cell=False),
        executive,
        report.place,
        day,
        number=report.number_text,
    )
    acting, title = SIGNATURES[report.signer]
    sections = [
        ("I. Tình hình chính trị, tư tưởng", paragraphs(report.situation)),
        ("II. Công tác xây dựng tổ chức đảng và đảng viên", members_lines(figures)),
        ("III. Sinh hoạt chi bộ", meetings_lines(figures)),
        ("IV. Học tập, quán triệt nghị quyết", study_lines(figures)),
        ("V. Công tác kiểm tra, giám sát", supervision_lines(figures)),
        ("VI. Thu, nộp đảng phí", fees_lines(figures)),
        (
            "VII. Thực hiện nhiệm vụ và những vấn đề nổi bật",
            tasks_lines(figures) + paragraphs(report.notable),
        ),
        (f"VIII. Phương hướng, nhiệm vụ {next_period_label(report)}", paragraphs(report.plan)),
    ]
    return ReportContent(
        header=header,
        place_date=official_date(header.place, day),
        title=TITLE,
        subtitle=f"Kết quả công tác xây dựng Đảng {report.period_label}",
        intro=intro(report, figures, executive),
        sections=sections,
        recipients=recipient_lines(report.recipients),
        signature=Signature("T/M ĐẢNG ỦY", title, report.signer_name, acting=acting),
    )


def report_docx(report: PeriodReport, figures: dict) -> bytes:
    """The report as an official DOCX (A4, the header of DOMAIN §13)."""
    return render_report(report_content(report, figures))


def docx_filename(report: PeriodReport) -> str:
    """ "bao-cao-thang-11-2026-so-07.docx" (ASCII: every browser saves it as named)."""
    start = report.period_start
    period = {
        PeriodReport.Kind.MONTH: f"thang-{start.month:02d}-{start.year}",
        PeriodReport.Kind.QUARTER: f"quy-{(start.month - 1) // 3 + 1}-{start.year}",
        PeriodReport.Kind.HALF: f"6-thang-{(start.month - 1) // 6 + 1}-{start.year}",
        PeriodReport.Kind.YEAR: f"nam-{start.year}",
    }[report.kind]
    version = f"-lan-{report.version}" if report.version > 1 else ""
    return f"bao-cao-{period}-so-{report.number:02d}{version}.docx"
