"""The year report as the official DOCX — báo cáo tình hình sinh hoạt chi bộ năm … (issue 10
item 5, DOMAIN §13): the summary the executive committee signs, always in Vietnamese, written
from the same data as the workbook (`dashboard.report.data`)."""

from __future__ import annotations

import datetime

from django.utils import timezone, translation

from core.documents import ReportContent, long_date, render_report
from dashboard.committee.charts import Chart
from dashboard.report.data import DashboardReport, chart_mean, series_mean, series_total
from meetings.models import Body
from reports.measures.common import EXECUTIVE_KEY
from reports.measures.matrix import MatrixRow, MinutesState, MonthState, QuarterState
from reviews.reports.data import LEVELS, percent_of
from reviews.reports.document import DOCX_TYPE, LEVEL_NAMES_VI, executive_report, percent_vi

__all__ = ["DOCX_TYPE", "docx_filename", "report_content", "report_docx"]

# The meeting-quality grades as the party writes them (`meetings.record.minutes.Grade`, in its
# order).
GRADE_NAMES_VI = ("Tốt", "Khá", "Trung bình", "Kém")
OUTLOOK_VI = (
    "Thời gian tới, Đảng ủy tiếp tục lãnh đạo, chỉ đạo các chi bộ nâng cao chất lượng sinh hoạt "
    "chi bộ: duy trì sinh hoạt thường kỳ đúng ngày thống nhất hằng tháng, mỗi quý ít nhất một "
    "lần sinh hoạt chuyên đề; chuẩn bị chu đáo nội dung, gửi tài liệu trước để đảng viên nghiên "
    "cứu; ghi và thông qua biên bản đúng thời hạn; theo dõi, đôn đốc việc thực hiện nhiệm vụ được "
    "giao; kịp thời nhắc nhở, giúp đỡ đảng viên vắng sinh hoạt không có lý do; thực hiện nghiêm "
    "việc lấy nhận xét của chi ủy nơi cư trú và xét công nhận đảng viên chính thức đúng thời hạn."
)
# The holders that are not cells, as the documents name them.
BODY_NAMES_VI = {Body.EXECUTIVE: "Đảng ủy", Body.COMMITTEE: "Đảng bộ"}


def _list_vi(numbers: list[int]) -> str:
    return ", ".join(str(number) for number in numbers)


def row_name_vi(row: MatrixRow) -> str:
    """A matrix row's holder in Vietnamese: the cell's name, or "Đảng ủy"."""
    return row.name if row.cell_id is not None else BODY_NAMES_VI[Body.EXECUTIVE]


def _in_cell(cell_name: str) -> str:
    return f" ({cell_name})" if cell_name else ""


def general_lines_vi(report: DashboardReport) -> list[str]:
    """I. Tình hình chung: the cells and the members on the roll."""
    n = report.numbers
    names = ", ".join(row.name for row in report.matrix.cell_rows)
    return [
        f"Đến {long_date(report.as_of)}, Đảng bộ có {report.cells} chi bộ trực thuộc"
        + (f" ({names})" if names else "")
        + f" với {n.official + n.probationary} đảng viên, trong đó {n.official} đảng viên "
        f"chính thức, {n.probationary} đảng viên dự bị."
    ]


def results_lines_vi(report: DashboardReport) -> list[str]:
    """II. Kết quả sinh hoạt chi bộ, for the whole committee."""
    n = report.numbers
    lines = [
        f"- Sinh hoạt thường kỳ: các chi bộ và Đảng ủy tổ chức {n.meetings_held}/"
        f"{n.meetings_expected} buổi sinh hoạt thường kỳ đến hạn "
        f"({percent_vi(percent_of(n.meetings_held, n.meetings_expected))}), trong đó "
        f"{n.meetings_late} buổi tổ chức chậm so với ngày sinh hoạt thống nhất; "
        f"{n.meetings_expected - n.meetings_held} lượt không tổ chức.",
        f"- Sinh hoạt chuyên đề: {n.topics_held}/{n.topics_expected} lượt chi bộ - quý đến hạn "
        f"đã sinh hoạt chuyên đề theo quy định.",
        f"- Tỷ lệ đảng viên dự sinh hoạt thường kỳ bình quân: {percent_vi(n.attendance_percent)}.",
    ]
    documents = chart_mean(report.documents)
    if documents is None:
        lines.append("- Nghiên cứu tài liệu: chưa có buổi sinh hoạt nào có tài liệu gửi trước.")
    else:
        lines.append(
            f"- Nghiên cứu tài liệu: bình quân {percent_vi(documents)} đảng viên mở đọc tài liệu "
            f"trước buổi sinh hoạt (các buổi có tài liệu gửi trước)."
        )
    approved = report.minutes_count(MinutesState.APPROVED, MinutesState.APPROVED_LATE)
    late = report.minutes_count(MinutesState.APPROVED_LATE)
    pending = report.minutes_count(MinutesState.PENDING, MinutesState.OVERDUE)
    overdue = report.minutes_count(MinutesState.OVERDUE)
    lines.append(
        f"- Biên bản: {approved}/{len(report.minutes)} biên bản sinh hoạt thường kỳ đã được "
        f"thông qua, trong đó {late} biên bản thông qua chậm (sau {report.approval_days} ngày "
        f"kể từ buổi sinh hoạt); {pending} biên bản chưa được thông qua"
        + (f", {overdue} biên bản đã quá hạn." if overdue else ".")
    )
    grades = [series_total(report.quality, i) for i in range(len(GRADE_NAMES_VI))]
    if sum(grades):
        parts = "; ".join(
            f"{name} {count}" for name, count in zip(GRADE_NAMES_VI, grades, strict=True)
        )
        lines.append(
            f"- Chất lượng buổi sinh hoạt: {sum(grades)} buổi được đánh giá, xếp loại {parts}."
        )
    else:
        lines.append("- Chất lượng buổi sinh hoạt: chưa có buổi sinh hoạt nào được chấm điểm.")
    done, open_, overdue_parts = (series_total(report.tasks, i) for i in range(3))
    lines.append(
        f"- Nhiệm vụ có thời hạn trong năm: {done} lượt hoàn thành, {open_} lượt đang thực hiện, "
        f"{overdue_parts} lượt quá hạn; đến {long_date(report.as_of)} toàn Đảng bộ còn "
        f"{n.overdue_tasks} lượt nhiệm vụ quá hạn chưa hoàn thành."
    )
    if report.ratings is not None:
        lines.append(f"- Xếp loại chất lượng đảng viên: {ratings_vi(report.ratings)}.")
    return lines


def ratings_vi(chart: Chart) -> str:
    """ "hoàn thành xuất sắc nhiệm vụ 1 đồng chí; …": the decided ratings (`ratings_chart`: one
    series, a value per level in `reviews.reports.data.LEVELS` order)."""
    values = chart.series[0].values if chart.series else []
    counts = [int(values[i] or 0) if i < len(values) else 0 for i in range(len(LEVELS))]
    if not sum(counts):
        return "chưa có kết quả xếp loại được Đảng ủy quyết định"
    return "; ".join(
        f"{LEVEL_NAMES_VI[level]} {count} đồng chí"
        for level, count in zip(LEVELS, counts, strict=True)
    )


def _row_counts(chart: Chart, index: int) -> list[int]:
    """Row `index` of the matrix in a chart with a column per row (tasks, quality)."""
    return [int(s.values[index] or 0) for s in chart.series]


def row_line_vi(report: DashboardReport, index: int) -> str:
    """One row of the matrix in words: meetings, topic sessions, attendance, tasks, minutes."""
    row = report.matrix.rows[index]
    held = row.count(MonthState.ON_TIME) + row.count(MonthState.LATE)
    late = row.count(MonthState.LATE)
    missed = [box.month for box in row.months if box.state == MonthState.MISSED]
    meetings = f"sinh hoạt thường kỳ {held}/{held + len(missed)} buổi đến hạn"
    details = ([f"chậm {late}"] if late else []) + (
        [f"không tổ chức tháng {_list_vi(missed)}"] if missed else []
    )
    parts = [f"{meetings} ({'; '.join(details)})" if details else meetings]
    if row.cell_id is not None:
        done = sum(1 for q in row.quarters if q.state == QuarterState.HELD)
        due = done + sum(1 for q in row.quarters if q.state == QuarterState.MISSING)
        parts.append(f"sinh hoạt chuyên đề {done}/{due} quý đến hạn")
    attendance = series_mean(report.attendance.series[index].values)
    if attendance is not None:
        parts.append(f"tỷ lệ dự sinh hoạt bình quân các tháng {percent_vi(attendance)}")
    done, open_, overdue = _row_counts(report.tasks, index)
    if done + open_ + overdue:
        parts.append(f"nhiệm vụ hoàn thành {done}, đang thực hiện {open_}, quá hạn {overdue} lượt")
    pending = sum(
        1 for box in row.months if box.minutes in (MinutesState.PENDING, MinutesState.OVERDUE)
    )
    if pending:
        parts.append(f"{pending} biên bản chưa thông qua")
    return f"- {row_name_vi(row)}: {'; '.join(parts)}."


def problems_lines_vi(report: DashboardReport) -> list[str]:
    """III. Tồn tại, hạn chế: the alerts in words."""
    a = report.alerts
    executive = BODY_NAMES_VI[Body.EXECUTIVE]
    lines = []
    for m in a.missed:
        parts = []
        if m.months:
            parts.append(f"không tổ chức sinh hoạt thường kỳ tháng {_list_vi(m.months)}")
        if m.quarters:
            parts.append(f"chưa sinh hoạt chuyên đề quý {_list_vi(m.quarters)}")
        name = executive if m.row_key == EXECUTIVE_KEY else m.name
        lines.append(f"- {name}: {'; '.join(parts)}.")
    for m in a.minutes:
        name = BODY_NAMES_VI.get(report.bodies.get(m.meeting_id), m.name)
        lines.append(
            f"- Biên bản buổi sinh hoạt ngày {m.date:%d/%m/%Y} của {name} chưa được thông qua "
            f"sau {m.days} ngày."
        )
    for m in a.absences:
        lines.append(
            f"- Đồng chí {m.name}{_in_cell(m.cell_name)} vắng sinh hoạt không có lý do "
            f"{m.unexcused} lần trong năm."
        )
    for m in a.fees:
        lines.append(
            f"- Đồng chí {m.name}{_in_cell(m.cell_name)} chưa đóng đảng phí {len(m.months)} "
            f"tháng trong năm (tháng {_list_vi([month.month for month in m.months])})."
        )
    for p in a.probation:
        if p.days_left >= 0:
            lines.append(
                f"- Đồng chí {p.name}{_in_cell(p.cell_name)} hết thời gian dự bị "
                f"{long_date(p.ends_on)}, cần xem xét công nhận đảng viên chính thức."
            )
        else:
            lines.append(
                f"- Đồng chí {p.name}{_in_cell(p.cell_name)} đã hết thời gian dự bị "
                f"{long_date(p.ends_on)}, chưa được xét công nhận đảng viên chính thức."
            )
    for r in a.residence:
        names = f" ({', '.join(r.names)})" if r.names else ""
        lines.append(
            f"- {r.cell_name}: {r.missing} đảng viên chưa có nhận xét của chi ủy nơi cư trú{names}."
        )
    return lines or ["Qua theo dõi, chưa ghi nhận tồn tại, hạn chế trong sinh hoạt chi bộ."]


def report_content(report: DashboardReport, day: datetime.date | None = None) -> ReportContent:
    """The texts of the report issued on `day` (today by default), in Vietnamese."""
    day = day or timezone.localdate()
    with translation.override("vi"):
        results = results_lines_vi(report)
        results.append("Kết quả cụ thể từng chi bộ:")
        results += [row_line_vi(report, i) for i in range(len(report.matrix.rows))]
        sections = [
            ("I. Tình hình chung", general_lines_vi(report)),
            ("II. Kết quả sinh hoạt chi bộ", results),
            ("III. Tồn tại, hạn chế", problems_lines_vi(report)),
            ("IV. Phương hướng", [OUTLOOK_VI]),
        ]
        return executive_report(
            report.committee,
            day,
            subtitle=f"Tình hình sinh hoạt chi bộ năm {report.year}",
            intro=lambda executive: (
                f"{executive} báo cáo tình hình sinh hoạt chi bộ năm {report.year} của các chi "
                f"bộ trực thuộc và Đảng ủy (số liệu đến {long_date(report.as_of)}) như sau:"
            ),
            sections=sections,
            signed_for=day,
        )


def report_docx(report: DashboardReport, day: datetime.date | None = None) -> bytes:
    """The official summary as a DOCX, always in Vietnamese."""
    with translation.override("vi"):
        return render_report(report_content(report, day))


def docx_filename(report: DashboardReport) -> str:
    return f"bao-cao-sinh-hoat-chi-bo-{report.year}.docx"
