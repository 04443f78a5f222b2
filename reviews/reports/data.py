"""The year's ratings as plain data (issue 9 item 8): the committee's rating report — counts and
percentages per level (of the members rated) per cell and in total, the members not rated, the
quota check (`year_report`) — and the committee's decision sheet of the year page (`year_sheet`).

The counts are of the ratings the committee decided (`final_rating`); members rated but not yet
decided are counted apart ("not decided"). Evaluations are confidential: the callers (views) let
committee officers only reach these.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from cells.models import Cell, Committee
from cells.rules import rules_for
from reviews import quota, selectors
from reviews.models import CellRating, Evaluation, Rating, ReviewYear
from reviews.services import Reviewed, quota_check, review_date, reviewed_members

LEVELS = (Rating.OUTSTANDING, Rating.GOOD, Rating.COMPLETED, Rating.NOT_COMPLETED)


def percent_of(count: int, whole: int) -> Decimal | None:
    """`count` as a percentage of `whole`, one decimal (half up); None when `whole` is 0."""
    if not whole:
        return None
    return (Decimal(count * 100) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


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


# --- the committee's decision sheet (the year page) ----------------------------------------------


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
