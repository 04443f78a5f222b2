"""The demo's party fees (DOMAIN §8): a year of fees in the four cells, with a few stories.

- Every member has a fee basis from the first month of the demo's year (the twelve months up to
  this one), or from the month she joined: teachers and staff salaried, their salary and
  allowances 8–15 million đồng by seniority (a fee of 80,000–150,000 đ); the student member a
  fixed 10,000 đ. (No demo member is retired yet, so no pensioner.)
- Each month's fees are collected at the cell's monthly meeting (the unified meeting day), the
  meeting screen ticking who paid; a member who joined after the meeting pays on the day she
  joined.
- A few members (`LATE`) paid one month late, at the meeting two months after it.
- `FLAGGED` stopped paying: three months of the flag year are unpaid past their deadline, so she
  is flagged (Charter, Art. 8) — and nothing since.
- `EXCUSED` paid three months late (in hospital) and an officer recorded the valid reason for
  each: shown late, not flagged.
- `RAISED` got a raise dated three months back, recorded after those months were paid at the old
  amount: the difference shows as a back-payment due (truy thu), not yet paid.
- Each cell handed its share for every past month to the committee a week after the meeting; the
  committee remitted its part upwards two weeks after the meeting, but for the last month.

The flag year is this year once three of its months can be over (from May on), else last year
(`flag_year`). Everything goes through `fees.services`; whatever exists is skipped, so a second
run writes nothing.
"""

import datetime
from collections import defaultdict

from cells.rules import rules_for
from core.dates import add_months
from fees import services
from fees.models import FeeBasis, FeeExcuse, Remittance
from fees.rates import first_of_month, unpaid_after
from fees.selectors import cell_register, committee_register
from meetings.planning.schedule import scheduled_day
from members.models import CellMembership, Member

FLAGGED = ("CB4", "Võ Thị Ngọc Hân")
EXCUSED = ("CB3", "Bùi Văn Long")
EXCUSE_REASON = (
    "Phẫu thuật và điều trị dài ngày tại Bệnh viện Đa khoa vùng Tây Nguyên; "
    "đồng chí nộp bù đủ khi trở lại trường."
)
RAISED = ("CB2", "Trần Văn Đức")
RAISE_NOTE = "Nâng bậc lương thường xuyên (quyết định số 112/QĐ-SGDĐT), hưởng từ tháng %s."
# (cell, member, months back from the latest month that can be paid late)
LATE = [
    ("CB1", "Võ Minh Khang", 0),
    ("CB2", "Lý Thị Bích Ngọc", 2),
    ("CB4", "Đặng Thị Tuyết Mai", 4),
]
STUDENT_FEE = 10_000
SALARY_FROM, SALARY_STEP, SALARY_TO = 8_000_000, 250_000, 15_000_000
REMIT_AFTER = datetime.timedelta(days=7)
REMIT_UP_AFTER = datetime.timedelta(days=14)


def salary_for(member: Member, on: datetime.date) -> int:
    """Salary and salary-based allowances by seniority: 8 million đồng, 250,000 more for each
    year since admission, at most 15 million."""
    years = max(on.year - member.admitted_on.year, 0)
    return min(SALARY_FROM + SALARY_STEP * years, SALARY_TO)


def flag_year(today: datetime.date, meeting_day: int) -> int:
    """This year once three of its months can have been paid late (March's fees at May's
    meeting), else last year."""
    return today.year if scheduled_day(today.year, 5, meeting_day) < today else today.year - 1


class DemoFees:
    def __init__(self, committee, cells: dict, members: dict, *, by, today: datetime.date):
        self.committee, self.cells, self.members = committee, cells, members
        self.by, self.today = by, today
        self.rules = rules_for(committee)
        self.this_month = first_of_month(today)
        self.months = [add_months(self.this_month, n) for n in range(-11, 1)]
        self.year = flag_year(today, self.rules.meeting_day)
        self.recorded = {"bases": 0, "payments": 0, "excuses": 0, "remittances": 0}
        # Months that can be paid at a later meeting (two months on) before today.
        payable_late = [
            m
            for m in self.months
            if self._meeting(add_months(m, 2)) < today and m.year == self.year
        ]
        self.excused_months = payable_late[-3:] if len(payable_late) >= 3 else []
        over = [
            m
            for m in self.months
            if m.year == self.year and unpaid_after(m, rules=self.rules) < today
        ]
        self.unpaid_from = over[-3] if len(over) >= 3 else None
        late_months = [m for m in self.months if self._meeting(add_months(m, 2)) < today]
        self.late = {}
        for code, name, back in LATE:
            if code in cells and name in members and len(late_months) > back:
                self.late[members[name].pk] = late_months[-1 - back]

    def _meeting(self, month: datetime.date) -> datetime.date:
        return scheduled_day(month.year, month.month, self.rules.meeting_day)

    def _member(self, spec):
        code, name = spec
        return self.members.get(name) if code in self.cells else None

    def seed(self) -> str:
        self._bases()
        self._payments()
        self._excuses()
        self._raise()
        self._remittances()
        return self.summary()

    # --- fee bases ----------------------------------------------------------------------------

    def _bases(self):
        joined = {}
        for member_id, start in CellMembership.objects.filter(
            member__committee=self.committee
        ).values_list("member_id", "start_date"):
            joined[member_id] = min(start, joined.get(member_id, start))
        have = set(
            FeeBasis.objects.filter(member__committee=self.committee).values_list(
                "member_id", flat=True
            )
        )
        for member in self.members.values():
            if member.pk in have or member.pk not in joined:
                continue
            start = max(self.months[0], first_of_month(joined[member.pk]))
            if member.is_student:
                category, amount, note = "fixed", STUDENT_FEE, "Học sinh, mức cố định."
            else:
                category, amount = "salaried", salary_for(member, self.months[0])
                note = "Lương và phụ cấp theo bảng lương của trường."
            services.basis_set(
                member=member,
                category=category,
                base_amount=amount,
                effective_from=start,
                note=note,
                by=self.by,
            )
            self.recorded["bases"] += 1

    # --- payments -----------------------------------------------------------------------------

    def _paid_on(self, member_id, month, meeting, start) -> datetime.date | None:
        flagged, excused = self._member(FLAGGED), self._member(EXCUSED)
        if flagged and member_id == flagged.pk and self.unpaid_from and month >= self.unpaid_from:
            return None
        if excused and member_id == excused.pk and month in self.excused_months:
            return self._meeting(add_months(self.excused_months[-1], 2))
        if self.late.get(member_id) == month:
            return self._meeting(add_months(month, 2))
        # Joined after the month's meeting: she paid on the day she joined.
        return max(meeting, start) if first_of_month(start) == month else meeting

    def _payments(self):
        starts = {}  # (member, cell): when she joined the cell
        for member_id, cell_id, start in CellMembership.objects.filter(
            member__committee=self.committee
        ).values_list("member_id", "cell_id", "start_date"):
            key = (member_id, cell_id)
            starts[key] = min(start, starts.get(key, start))
        for code in sorted(self.cells):
            cell = self.cells[code]
            for month in self.months:
                meeting = self._meeting(month)
                if meeting >= self.today:
                    continue
                register = cell_register(cell, month, today=self.today)
                groups = defaultdict(list)
                for row in register.rows:
                    item = row.months[0]
                    if item is None or item.due is None or item.is_paid:
                        continue
                    start = starts.get((row.member.pk, cell.pk), month)
                    paid_on = self._paid_on(row.member.pk, month, meeting, start)
                    if paid_on is not None and paid_on <= self.today:
                        groups[paid_on].append(row.member.pk)
                for paid_on, ids in sorted(groups.items()):
                    payments = services.month_record(
                        cell=cell, month=month, member_ids=ids, paid_on=paid_on, by=self.by
                    )
                    self.recorded["payments"] += len(payments)

    def _excuses(self):
        member = self._member(EXCUSED)
        if member is None:
            return
        for month in self.excused_months:
            if not FeeExcuse.objects.filter(member=member, month=month).exists():
                services.excuse_record(member=member, month=month, reason=EXCUSE_REASON, by=self.by)
                self.recorded["excuses"] += 1

    def _raise(self):
        """A raise dated three months back, recorded now: the months already paid owe the
        difference."""
        member = self._member(RAISED)
        month = add_months(self.this_month, -3)
        if member is None or FeeBasis.objects.filter(member=member, effective_from=month).exists():
            return
        services.basis_set(
            member=member,
            category="salaried",
            base_amount=salary_for(member, self.months[0]) + 1_000_000,
            effective_from=month,
            note=RAISE_NOTE % f"{month:%m/%Y}",
            by=self.by,
        )
        self.recorded["bases"] += 1

    # --- remittances --------------------------------------------------------------------------

    def _remittances(self):
        past = [m for m in self.months if m < self.this_month]
        if not past:
            return
        done = set(
            Remittance.objects.standing()
            .filter(committee=self.committee, month__in=past)
            .values_list("cell_id", "month")
        )
        for code in sorted(self.cells):
            cell = self.cells[code]
            register = cell_register(cell, past[0], past[-1], today=self.today)
            for total in register.totals:
                remitted_on = self._meeting(total.month) + REMIT_AFTER
                if (cell.pk, total.month) in done or not total.to_remit or remitted_on > self.today:
                    continue
                services.remittance_record(
                    committee=self.committee,
                    cell=cell,
                    month=total.month,
                    amount=total.to_remit,
                    remitted_on=remitted_on,
                    by=self.by,
                )
                self.recorded["remittances"] += 1
        register = committee_register(self.committee, past[0], past[-1])
        for total in register.totals[:-1]:  # the last month not yet
            remitted_on = self._meeting(total.month) + REMIT_UP_AFTER
            if (None, total.month) in done or not total.to_remit or remitted_on > self.today:
                continue
            services.remittance_record(
                committee=self.committee,
                month=total.month,
                amount=total.to_remit,
                remitted_on=remitted_on,
                by=self.by,
            )
            self.recorded["remittances"] += 1

    def summary(self) -> str:
        r = self.recorded
        return (
            f"Party fees {self.months[0]:%m/%Y}–{self.months[-1]:%m/%Y}: {r['bases']} fee bases, "
            f"{r['payments']} payments, {r['excuses']} valid reasons, {r['remittances']} "
            f"remittances recorded this run."
        )


def seed_fees(committee, cells, members, *, by, today) -> str:
    return DemoFees(committee, cells, members, by=by, today=today).seed()
