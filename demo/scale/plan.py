"""The shape of a generated data set — how many of each, and the ids that follow from it.

Every id is a formula of its parents' (`cell = (committee - 1) × cells + k`), so each step
writes its rows with one `INSERT … SELECT generate_series` and the next step can find them
without a lookup. A committee has `members_per_committee` members spread over its cells; the
first superior has up to 40 committees (the benchmark's "superior with 40 committees"), the
others share the rest.
"""

import datetime
import math
from dataclasses import dataclass, field

MEMBERS_PER_COMMITTEE = 150
CELLS_PER_COMMITTEE = 8
COMMITTEES_PER_SUPERIOR = 33
FIRST_SUPERIOR_COMMITTEES = 40
# Of the members of a committee (index i, 1-based): the committee's secretary, deputy and
# executive committee members; then each cell's secretary and deputy (i = 8 + k and 16 + k sit
# in cell k, as every member i sits in cell (i - 1) % cells + 1).
EXECUTIVE_SIZE = 7
PASSWORD = "chibo-demo-2025"
# The benchmark's logins (bench/README.md): committee 1's secretary, cell 1's secretary, an
# ordinary member of cell 1, and an officer of superior 1.
BENCH_USERS = {
    "committee": "bench-committee",
    "secretary": "bench-secretary",
    "member": "bench-member",
    "superior": "bench-superior",
}
EMAIL_DOMAIN = "scale.chibo.invalid"


@dataclass(frozen=True)
class Plan:
    members: int
    years: int
    seed: int
    today: datetime.date
    cells_per_committee: int = CELLS_PER_COMMITTEE
    months: list[datetime.date] = field(init=False)

    def __post_init__(self):
        last = self.today.replace(day=1)
        months = [
            datetime.date(year, month, 1)
            for year in range(last.year - self.years + 1, last.year + 1)
            for month in range(1, 13)
        ]
        object.__setattr__(self, "months", [m for m in months if m <= last])

    @property
    def committees(self) -> int:
        return max(1, round(self.members / MEMBERS_PER_COMMITTEE))

    @property
    def members_per_committee(self) -> int:
        return max(self.members // self.committees, 3 * self.cells_per_committee)

    @property
    def total_members(self) -> int:
        return self.committees * self.members_per_committee

    @property
    def cells(self) -> int:
        return self.committees * self.cells_per_committee

    @property
    def superiors(self) -> int:
        rest = self.committees - FIRST_SUPERIOR_COMMITTEES
        return 1 if rest <= 0 else 1 + math.ceil(rest / COMMITTEES_PER_SUPERIOR)

    @property
    def first_month(self) -> datetime.date:
        return self.months[0]

    @property
    def month_count(self) -> int:
        return len(self.months)

    def superior_of_sql(self, committee: str) -> str:
        """SQL: the superior (1-based) of committee id `committee`."""
        if self.superiors == 1:
            return "1"
        return (
            f"CASE WHEN {committee} <= {FIRST_SUPERIOR_COMMITTEES} THEN 1 "
            f"ELSE 2 + mod({committee} - {FIRST_SUPERIOR_COMMITTEES + 1}, {self.superiors - 1}) END"
        )

    def cell_id_sql(self, committee: str, k: str) -> str:
        return f"(({committee}) - 1) * {self.cells_per_committee} + ({k})"

    def member_id_sql(self, committee: str, i: str) -> str:
        return f"(({committee}) - 1) * {self.members_per_committee} + ({i})"

    def officer_user_id(self, superior: int, n: int) -> int:
        """User id of officer n (1 or 2) of a superior: after the members' users."""
        return self.total_members + (superior - 1) * 2 + n
