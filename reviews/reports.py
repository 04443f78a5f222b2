"""The year's rating report (issue 9 item 8): the committee's ratings per cell and in total —
counts and percentages per level (of the members rated), the members not rated, the quota check —
as plain data (`year_report`), an Excel workbook (`report_xlsx`) and the official DOCX summary
(`report_docx`, always in Vietnamese, DOMAIN §13).

The counts are of the ratings the committee decided (`final_rating`); members rated but not yet
decided are counted apart ("not decided"). Evaluations are confidential: the callers (views) let
committee officers only reach these.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from io import BytesIO
from types import SimpleNamespace

from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cells.models import Cell, Committee
from cells.rules import rules_for
from core.documents import (
    Header,
    ReportContent,
    Signature,
    official_date,
    render_report,
)
from meetings.official import executive_name, long_date, superior_name
from meetings.resolutions import EXECUTIVE_RECIPIENTS, signer_name
from reviews import quota, selectors
from reviews.models import CellRating, Evaluation, Rating, ReviewYear
from reviews.services import Reviewed, quota_check, review_date, reviewed_members

LEVELS = (Rating.OUTSTANDING, Rating.GOOD, Rating.COMPLETED, Rating.NOT_COMPLETED)
# The levels as the party writes them (official documents are Vietnamese, DESIGN §9).
LEVEL_NAMES_VI = {
    Rating.OUTSTANDING: "hoàn thành xuất sắc nhiệm vụ",
    Rating.GOOD: "hoàn thành tốt nhiệm vụ",
    Rating.COMPLETED: "hoàn thành nhiệm vụ",
    Rating.NOT_COMPLETED: "không hoàn thành nhiệm vụ",
}
NUMBER_LINE = "Số      -BC/ĐU"  # the number is written in by the office when it is issued
TITLE = "Báo cáo"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SHEET_TITLE_MAX = 31
SHEET_FORBIDDEN = set("[]:*?/\\")


# --- the data -----------------------------------------------------------------------------------


def percent_of(count: int, whole: int) -> Decimal | None:
    """`count` as a percentage of `whole`, one decimal (half up); None when `whole` is 0."""
    if not whole:
        return None
    return (Decimal(count * 100) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def percent_vi(value: Decimal | None) -> str:
    """ "33,3%", "50%" — the Vietnamese decimal comma, no ",0" on a whole number."""
    if value is None:
        return "—"
    text = f"{value:.1f}".replace(".", ",")
    return f"{text.removesuffix(',0')}%"


@dataclass(frozen=True)
class Level:
    value: str
    label: str
    count: int
    percent: Decimal | None


@dataclass
class Counts:
    """The ratings of a group of evaluations (a cell, the committee)."""

    reviewed: int = 0
    not_rated: int = 0
    undecided: int = 0
    by_level: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))

    @property
    def rated(self) -> int:
        return self.reviewed - self.not_rated

    @property
    def decided(self) -> int:
        return self.rated - self.undecided

    def percent(self, level: str) -> Decimal | None:
        """Of the members rated."""
        return percent_of(self.by_level[level], self.rated)

    @property
    def levels(self) -> list[Level]:
        labels = dict(Rating.choices)
        return [
            Level(value, str(labels[value]), self.by_level[value], self.percent(value))
            for value in LEVELS
        ]

    def add(self, *, rated: bool, final_rating: str, count: int) -> None:
        self.reviewed += count
        if not rated:
            self.not_rated += count
        elif final_rating in self.by_level:
            self.by_level[final_rating] += count
        else:
            self.undecided += count

    def ratings(self) -> list[str]:
        """The decided ratings, one per member (for the quota check)."""
        return [value for value in LEVELS for _n in range(self.by_level[value])]


@dataclass
class CellLine:
    cell: Cell
    counts: Counts
    rating: CellRating | None = None
    # With `with_members`: the cell's evaluations, in name order.
    evaluations: list[Evaluation] = field(default_factory=list)


@dataclass
class YearReport:
    committee: Committee
    year: int
    cells: list[CellLine]
    total: Counts
    check: quota.QuotaCheck
    review_year: ReviewYear | None

    @property
    def confirmed_at(self):
        return self.review_year.confirmed_at if self.review_year else None

    @property
    def rated_cells(self) -> int:
        return sum(1 for line in self.cells if line.rating is not None)


def year_report(committee: Committee, year: int, *, with_members: bool = False) -> YearReport:
    """The committee's ratings of `year`, per cell (its active cells, and any other cell that
    reviewed members that year) and in total. A fixed number of queries, whatever the number of
    members."""
    counts: dict[int, Counts] = defaultdict(Counts)
    total = Counts()
    rows = (
        Evaluation.objects.filter(committee=committee, year=year)
        .values("cell_id", "rated", "final_rating")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        for target in (counts[row["cell_id"]], total):
            target.add(rated=row["rated"], final_rating=row["final_rating"], count=row["n"])
    cells = Cell.objects.filter(committee=committee).filter(
        Q(status=Cell.Status.ACTIVE) | Q(pk__in=list(counts))
    )
    ratings = {
        r.cell_id: r for r in CellRating.objects.filter(cell__committee=committee, year=year)
    }
    members: dict[int, list[Evaluation]] = defaultdict(list)
    if with_members:
        for evaluation in (
            Evaluation.objects.filter(committee=committee, year=year)
            .select_related("member")
            .order_by("member__name_sort", "pk")
        ):
            members[evaluation.cell_id].append(evaluation)
    lines = [
        CellLine(
            cell=cell,
            counts=counts.get(cell.pk) or Counts(),
            rating=ratings.get(cell.pk),
            evaluations=members.get(cell.pk, []),
        )
        for cell in cells
    ]
    review_year = (
        ReviewYear.objects.filter(committee=committee, year=year)
        .select_related("confirmed_by")
        .first()
    )
    return YearReport(
        committee=committee,
        year=year,
        cells=lines,
        total=total,
        check=quota_check(total.ratings(), committee),
        review_year=review_year,
    )


# --- the committee's decision sheet (the year page) ------------------------------------------


@dataclass
class CellSheet:
    """One cell on the year page: its evaluations (rated ones to decide, the others with why),
    the members it reviews and rates who have no evaluation yet, its own rating."""

    cell: Cell
    rated: list[Evaluation]
    not_rated: list[Evaluation]
    missing: list[Reviewed]
    rating: CellRating | None

    @property
    def unproposed(self) -> int:
        """Members to rate the cell has not proposed a rating for (nor the committee decided)."""
        return len(self.missing) + sum(
            1 for e in self.rated if not e.proposed_rating and not e.final_rating
        )


def initial_rating(evaluation: Evaluation) -> str:
    """What the committee's select starts at: its decision, else the cell's proposal."""
    return evaluation.final_rating or evaluation.proposed_rating


def year_sheet(committee: Committee, year: int) -> list[CellSheet]:
    """The committee's year page, per cell: who to decide (each evaluation with the year's
    evidence as `ev`), who is not rated, who is missing. Queries: a fixed number (the evidence of
    all rated members at once), plus two per cell (its review date, its members on that date) —
    none per member."""
    rules = rules_for(committee)
    evaluations: dict[int, list[Evaluation]] = defaultdict(list)
    for evaluation in (
        Evaluation.objects.filter(committee=committee, year=year)
        .select_related("member")
        .order_by("member__name_sort", "pk")
    ):
        evaluations[evaluation.cell_id].append(evaluation)
    cells = Cell.objects.filter(committee=committee).filter(
        Q(status=Cell.Status.ACTIVE) | Q(pk__in=list(evaluations))
    )
    ratings = {
        r.cell_id: r for r in CellRating.objects.filter(cell__committee=committee, year=year)
    }
    evaluated = {e.member_id for group in evaluations.values() for e in group}
    # The evidence of every rated member at once (it is per member, whatever her cell).
    rated_ids = [e.member_id for group in evaluations.values() for e in group if e.rated]
    found = selectors.evidence(None, year, rated_ids)
    sheets = []
    for cell in cells:
        cell.committee = committee
        own = evaluations.get(cell.pk, [])
        rated = [e for e in own if e.rated]
        for evaluation in rated:
            evaluation.ev = found[evaluation.member_id]
        missing = [
            r
            for r in reviewed_members(cell, review_date(cell, year), rules)
            if r.rated and r.member.pk not in evaluated
        ]
        sheets.append(
            CellSheet(
                cell=cell,
                rated=rated,
                not_rated=[e for e in own if not e.rated],
                missing=missing,
                rating=ratings.get(cell.pk),
            )
        )
    return sheets


# --- Excel --------------------------------------------------------------------------------------


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unique sheet title (31 characters at most, none of []:*?/\\)."""
    clean = "".join("-" if ch in SHEET_FORBIDDEN else ch for ch in name).strip("' ") or "-"
    title = clean[:SHEET_TITLE_MAX]
    number = 2
    while title.lower() in taken:
        suffix = f" ({number})"
        title = clean[: SHEET_TITLE_MAX - len(suffix)] + suffix
        number += 1
    taken.add(title.lower())
    return title


def _bold_row(sheet, row: int) -> None:
    for cell in sheet[row]:
        cell.font = Font(bold=True)


def _count_headers() -> list[str]:
    headers = [_("Reviewed"), _("Rated")]
    labels = dict(Rating.choices)
    for value in LEVELS:
        headers += [str(labels[value]), _("%(level)s (%%)") % {"level": labels[value]}]
    return [*headers, _("Not decided"), _("Not rated")]


def _count_values(counts: Counts) -> list:
    values: list = [counts.reviewed, counts.rated]
    for level in counts.levels:
        values += [level.count, float(level.percent / 100) if level.percent is not None else None]
    return [*values, counts.undecided, counts.not_rated]


def _format_percents(sheet, first_row: int, first_column: int) -> None:
    """The percentage columns (each level's second column, after "Reviewed" and "Rated") as
    0.0%."""
    for index in range(len(LEVELS)):
        column = first_column + 4 + 2 * index
        for row in range(first_row, sheet.max_row + 1):
            sheet.cell(row=row, column=column).number_format = "0.0%"


def set_widths(sheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _quota_line(check: quota.QuotaCheck) -> str:
    return _("Quota of outstanding ratings (%(percent)s%% of the “good” ones): %(working)s") % {
        "percent": check.percent,
        "working": check.working,
    }


def report_xlsx(report: YearReport) -> bytes:
    """The report as a workbook: a summary sheet (a row per cell, the committee's total, the
    quota check), then a sheet per cell with its members' ratings and its counts. Needs
    `year_report(..., with_members=True)`."""
    book = Workbook()
    summary = book.active
    taken: set[str] = set()
    summary.title = sheet_title(_("Summary"), taken)
    summary.append(
        [
            _("Ratings of %(year)s — %(committee)s")
            % {"year": report.year, "committee": report.committee.name}
        ]
    )
    summary["A1"].font = Font(bold=True)
    summary.append([])
    summary.append([_("Cell"), *_count_headers(), _("Cell's rating")])
    _bold_row(summary, 3)
    labels = dict(Rating.choices)
    for line in report.cells:
        rating = str(labels[line.rating.rating]) if line.rating else ""
        summary.append([line.cell.name, *_count_values(line.counts), rating])
    summary.append([_("Whole committee"), *_count_values(report.total), ""])
    _bold_row(summary, summary.max_row)
    _format_percents(summary, 4, 1)
    summary.append([])
    summary.append([_quota_line(report.check)])
    if report.confirmed_at:
        confirmed = timezone.localtime(report.confirmed_at)
        summary.append(
            [_("Confirmed by the committee on %(date)s.") % {"date": f"{confirmed:%d/%m/%Y}"}]
        )
    else:
        summary.append([_("Not confirmed by the committee yet.")])
    set_widths(summary, [30, *[12] * (len(_count_headers())), 22])
    summary.freeze_panes = "B4"

    headers = [
        _("Full name"),
        _("Self-score"),
        _("Rating she proposes"),
        _("Rating proposed by the cell"),
        _("In favour"),
        _("Against"),
        _("Abstaining"),
        _("Rating decided by the committee"),
        _("Why not rated"),
    ]
    for line in report.cells:
        sheet = book.create_sheet(sheet_title(line.cell.name, taken))
        sheet.append(headers)
        _bold_row(sheet, 1)
        for e in line.evaluations:
            sheet.append(
                [
                    e.member.full_name,
                    e.self_score,
                    e.get_self_rating_display() if e.self_rating else "",
                    e.get_proposed_rating_display() if e.proposed_rating else "",
                    e.votes_yes,
                    e.votes_no,
                    e.votes_abstain,
                    e.get_final_rating_display() if e.final_rating else "",
                    "" if e.rated else (e.not_rated_reason or _("Not rated")),
                ]
            )
        sheet.append([])
        start = sheet.max_row + 1
        sheet.append(["", *_count_headers()])
        _bold_row(sheet, start)
        sheet.append([line.cell.name, *_count_values(line.counts)])
        _format_percents(sheet, start + 1, 1)
        set_widths(sheet, [30, 12, 22, 22, 12, 12, 12, 22, 30])
        sheet.freeze_panes = "B2"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def xlsx_filename(report: YearReport) -> str:
    return f"xep-loai-dang-vien-{report.year}.xlsx"


# --- the official DOCX --------------------------------------------------------------------------


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


def committee_secretary_on(committee: Committee, day: datetime.date) -> str:
    """The committee secretary on `day` (who signs "T/M ĐẢNG ỦY — BÍ THƯ"), else blank: found
    as a resolution of the executive committee finds its signer."""
    issuer = SimpleNamespace(
        adopted_on=day, cell_id=None, committee_id=committee.pk, meeting=SimpleNamespace(chair=None)
    )
    return signer_name(issuer)


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
        signature=Signature("T/M ĐẢNG ỦY", "BÍ THƯ", committee_secretary_on(committee, signed_for)),
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
