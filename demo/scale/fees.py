"""Scale data: party fees — đảng phí (DOMAIN §8): a fee basis for every member, her monthly
payment of every generated month (~9 M rows at province scale), a few valid reasons, and what
each cell hands to the committee and the committee to its superior.

- Fee basis: most members salaried — salary coefficient × the base salary (lương cơ sở) plus
  allowances, a fee of 1 %; about 6 % pensioners — the pension, a fee of 0.5 %. The base salary
  and the pensions rose on 1 July 2024 (Nghị định 73/2024 and 75/2024): a second basis from that
  month when it falls inside the generated months. The first basis starts with the first
  generated month, or the month a later member was admitted.
- Payments: each month's fee is collected at the cell's monthly meeting (its date; a month
  without a meeting is collected at the next one), recorded by the cell's secretary, the amount
  due as `fees.rates.fee_for` computes it with the committee's settings (the defaults: every
  generated committee has them). ~1.5 % of member-months are paid late, at the meeting two months
  on; ~1.5 % of members (never an officer) stopped paying two to seven months ago — those with
  three months of this year past their deadline carry the unpaid-fee flag. This month is paid
  only where the cell's meeting has been held.
- Valid reasons: for the first unpaid month of a quarter of the members behind.
- Remittances: each cell hands its share of every past month (`fees.rates.shares`, of what it
  collected) to the committee a week after the meeting; the committee remits its share of what it
  received two weeks after the meeting — every past month but the last, as the demo does.
"""

import datetime
from decimal import Decimal

from cells.models import CommitteeSettings
from core.dates import add_months
from demo.scale.plan import Plan
from demo.scale.sql import execute, indexes_dropped, insert_select, rnd
from fees import rates
from fees.models import FeeBasis, FeeCategory, FeeExcuse, FeePayment, FeeYear, Remittance

# The base salary and the pensions before and after their rise of 1 July 2024.
REFORM = datetime.date(2024, 7, 1)
BASE_SALARY_BEFORE, BASE_SALARY_AFTER = 1_800_000, 2_340_000
PENSION_RISE_PERCENT = 15
# Salary coefficients (public-sector scales A0–A2) × allowances (percent of the salary).
COEFFICIENTS = [
    "2.10", "2.34", "2.67", "3.00", "3.33", "3.66", "3.99", "4.32", "4.65", "4.98", "5.36", "5.75",
]  # fmt: skip
ALLOWANCES = [0, 15, 25, 35]
PENSIONS = [3_500_000 + 500_000 * n for n in range(13)]  # before the rise
PENSIONER_PERCENT = 6
# Per thousand: members behind (from two to seven months ago), member-months paid late.
BEHIND_PERMILLE = 15
LATE_PERMILLE = 15
# Per hundred: this month paid at the meeting, once it has been held.
PAID_AT_MEETING_PERCENT = 95
TZ = "Asia/Ho_Chi_Minh"
NOTES = {
    FeeCategory.SALARIED: "Lương và phụ cấp theo bảng lương của cơ quan.",
    FeeCategory.PENSIONER: "Lương hưu hằng tháng.",
}
REFORM_NOTES = {
    FeeCategory.SALARIED: "Điều chỉnh lương cơ sở từ 01/7/2024 (Nghị định 73/2024/NĐ-CP).",
    FeeCategory.PENSIONER: "Điều chỉnh lương hưu từ 01/7/2024 (Nghị định 75/2024/NĐ-CP).",
}
EXCUSE_REASON = "Ốm đau, điều trị dài ngày tại bệnh viện; đồng chí nộp bù khi trở lại công tác."


def _round_thousand(amount) -> int:
    return int((amount + 500) // 1000 * 1000)


def levels() -> list[tuple[str, int, int, int]]:
    """(category, level, base before the rise, base after it) of every basis a member may
    have."""
    rows = []
    level = 0
    for coefficient in COEFFICIENTS:
        for allowance in ALLOWANCES:
            before, after = (
                _round_thousand(Decimal(coefficient) * base * (100 + allowance) / 100)
                for base in (BASE_SALARY_BEFORE, BASE_SALARY_AFTER)
            )
            rows.append((FeeCategory.SALARIED.value, level, before, after))
            level += 1
    for level, pension in enumerate(PENSIONS):
        after = _round_thousand(pension * (100 + PENSION_RISE_PERCENT) // 100)
        rows.append((FeeCategory.PENSIONER.value, level, pension, after))
    return rows


def _level_count(category: str) -> int:
    return sum(1 for row in levels() if row[0] == category)


def _tables(plan: Plan) -> None:
    """gen_fee_levels (the bases and their fees, by the app's own `fee_for`), gen_fee_months
    (t, month, its deadline), gen_fee_cellmonths (when each cell collected each month) and
    gen_fee_members (each member's cell, basis, first due month and, if behind, her first unpaid
    month)."""
    rules = CommitteeSettings()  # the defaults every generated committee stores
    execute("DROP TABLE IF EXISTS gen_fee_levels")
    execute(
        "CREATE TEMP TABLE gen_fee_levels (category text, level int, base_before bigint, "
        "fee_before bigint, base_after bigint, fee_after bigint, PRIMARY KEY (category, level))"
    )
    values = ", ".join(
        f"('{category}', {level}, {before}, {rates.fee_for(category, before, rules=rules)}, "
        f"{after}, {rates.fee_for(category, after, rules=rules)})"
        for category, level, before, after in levels()
    )
    execute(f"INSERT INTO gen_fee_levels VALUES {values}")

    execute("DROP TABLE IF EXISTS gen_fee_months")
    execute(
        "CREATE TEMP TABLE gen_fee_months (t int PRIMARY KEY, month date, next_month date, "
        "deadline date)"
    )
    values = ", ".join(
        f"({t}, DATE '{month}', DATE '{add_months(month, 1)}', "
        f"DATE '{rates.unpaid_after(month, rules=rules)}')"
        for t, month in enumerate(plan.months)
    )
    execute(f"INSERT INTO gen_fee_months VALUES {values}")

    # The day each cell collected each month's fees: its regular meeting of the month when
    # held, else the next month's; NULL when that is still to come.
    execute("DROP TABLE IF EXISTS gen_fee_cellmonths")
    execute(
        "CREATE TEMP TABLE gen_fee_cellmonths AS "
        "SELECT cl.id AS cell_id, cl.committee_id, gm.t, gm.month, "
        "  COALESCE(m.date, n.date) AS collected_on, "
        "  COALESCE(m.date, gm.month + 4) AS meeting_on "
        "FROM cells_cell cl CROSS JOIN gen_fee_months gm "
        "LEFT JOIN meetings_meeting m ON m.cell_id = cl.id AND m.month = gm.month "
        "  AND m.body = 'cell' AND m.kind = 'regular' AND m.status IN ('held', 'approved') "
        "LEFT JOIN meetings_meeting n ON n.cell_id = cl.id AND n.month = gm.next_month "
        "  AND n.body = 'cell' AND n.kind = 'regular' AND n.status IN ('held', 'approved')"
    )
    execute("ALTER TABLE gen_fee_cellmonths ADD PRIMARY KEY (cell_id, t)")

    per, cells_n = plan.members_per_committee, plan.cells_per_committee
    first = plan.first_month
    last_t = plan.month_count - 1
    first_index = first.year * 12 + first.month - 1
    admitted_t = (
        "(extract(year FROM m.admitted_on)::int * 12 + extract(month FROM m.admitted_on)::int - 1)"
    )
    salaried = _level_count(FeeCategory.SALARIED)
    pensioner = _level_count(FeeCategory.PENSIONER)
    category = (
        f"CASE WHEN {rnd('m.id', 200, 100)} < {PENSIONER_PERCENT} THEN 'pensioner' "
        "ELSE 'salaried' END"
    )
    execute("DROP TABLE IF EXISTS gen_fee_members")
    execute(
        "CREATE TEMP TABLE gen_fee_members AS "
        "SELECT s.*, CASE WHEN s.category = 'pensioner' "
        f"  THEN {rnd('s.member_id', 201, pensioner)} ELSE {rnd('s.member_id', 201, salaried)} "
        "  END AS level FROM ("
        "SELECT m.id AS member_id, m.committee_id, cm.cell_id, m.admitted_on, "
        f"  {category} AS category, "
        f"  GREATEST(0, {admitted_t} - {first_index}) AS start_t, "
        # Behind: not an officer, from two to seven months before this one.
        f"  CASE WHEN {rnd('m.id', 202, 1000)} < {BEHIND_PERMILLE} "
        f"    AND mod(m.id - 1, {per}) + 1 > {3 * cells_n} "
        f"  THEN {last_t} - 2 - {rnd('m.id', 203, 6)} END AS behind_t, "
        f"  (m.committee_id - 1) * {per} + {cells_n} "
        f"    + (cm.cell_id - (m.committee_id - 1) * {cells_n}) AS recorder_id "
        "FROM members_member m "
        "JOIN members_cellmembership cm ON cm.member_id = m.id AND cm.end_date IS NULL "
        f"WHERE {admitted_t} - {first_index} <= {last_t}"
        ") s"
    )
    execute("ALTER TABLE gen_fee_members ADD PRIMARY KEY (member_id)")
    execute("ANALYZE gen_fee_members")
    execute("ANALYZE gen_fee_cellmonths")


def bases(plan: Plan) -> int:
    """The first basis of every member, and the rise of July 2024 where it falls inside."""
    _tables(plan)
    reform = f"DATE '{REFORM}'"
    source = (
        "FROM gen_fee_members f "
        "JOIN gen_fee_levels l ON l.category = f.category AND l.level = f.level "
        "JOIN gen_fee_months s ON s.t = f.start_t"
    )
    rows = insert_select(
        FeeBasis,
        {
            "member_id": "f.member_id",
            "category": "f.category",
            "base_amount": f"CASE WHEN s.month < {reform} THEN l.base_before ELSE l.base_after END",
            "effective_from": "s.month",
            "note": "CASE f.category WHEN 'pensioner' THEN %s ELSE %s END",
            "created_by_id": "f.recorder_id",
            "created_at": f"(s.month + TIME '09:00') AT TIME ZONE '{TZ}'",
        },
        source,
        [NOTES[FeeCategory.PENSIONER], NOTES[FeeCategory.SALARIED]],
    )
    if plan.first_month < REFORM <= plan.months[-1]:
        rows += insert_select(
            FeeBasis,
            {
                "member_id": "f.member_id",
                "category": "f.category",
                "base_amount": "l.base_after",
                "effective_from": reform,
                "note": "CASE f.category WHEN 'pensioner' THEN %s ELSE %s END",
                "created_by_id": "f.recorder_id",
                "created_at": f"({reform} + TIME '09:00') AT TIME ZONE '{TZ}'",
            },
            f"{source} WHERE s.month < {reform}",
            [REFORM_NOTES[FeeCategory.PENSIONER], REFORM_NOTES[FeeCategory.SALARIED]],
        )
    return rows


def payments(plan: Plan) -> int:
    """Every due month paid at its meeting, but the late ones, the members behind and this
    month before its meeting."""
    # The secondary indexes built once after the rows: one sort per index instead of ~9 M index
    # insertions (three times faster here); a unique index rebuilt still refuses a duplicate.
    with indexes_dropped(FeePayment):
        return _payments(plan)


def _payments(plan: Plan) -> int:
    current_t = plan.month_count - 1
    late = (
        f"{rnd('f.member_id * 1000 + gm.t', 204, 1000)} < {LATE_PERMILLE} "
        f"AND gm.t < {current_t - 1}"
    )
    # Paid late: at the cell's meeting two months on.
    late_on = (
        "(SELECT c2.meeting_on FROM gen_fee_cellmonths c2 "
        "WHERE c2.cell_id = f.cell_id AND c2.t = gm.t + 2)"
    )
    this_month = f"gm.t < {current_t} OR {rnd('f.member_id', 206, 100)} < {PAID_AT_MEETING_PERCENT}"
    return insert_select(
        FeePayment,
        {
            "member_id": "p.member_id",
            "cell_id": "p.cell_id",
            "month": "p.month",
            "kind": "'regular'",
            "amount_due": "p.due",
            "amount_paid": "p.due",
            "paid_on": "p.paid_on",
            "recorded_by_id": "p.recorder_id",
            "recorded_at": f"(p.paid_on + TIME '19:00') AT TIME ZONE '{TZ}'",
        },
        # (GREATEST skips a NULL: a month not collected yet stays NULL and is left out.)
        "FROM (SELECT q.*, GREATEST(q.collected_on, q.admitted_on) AS paid_on FROM ("
        "  SELECT f.member_id, f.cell_id, f.recorder_id, f.admitted_on, gm.month, "
        f"    CASE WHEN gm.month >= DATE '{REFORM}' THEN l.fee_after ELSE l.fee_before END AS due, "
        f"    CASE WHEN {late} THEN {late_on} ELSE cmo.collected_on END AS collected_on "
        "  FROM gen_fee_members f "
        "  JOIN gen_fee_levels l ON l.category = f.category AND l.level = f.level "
        "  JOIN gen_fee_months gm ON gm.t >= f.start_t "
        "    AND (f.behind_t IS NULL OR gm.t < f.behind_t) "
        "  JOIN gen_fee_cellmonths cmo ON cmo.cell_id = f.cell_id AND cmo.t = gm.t "
        f"  WHERE {this_month}"
        ") q WHERE q.collected_on IS NOT NULL) p WHERE p.paid_on <= %s::date",
        [plan.today],
    )


def excuses(plan: Plan) -> int:
    """A valid reason for the first unpaid month of a quarter of the members behind."""
    return insert_select(
        FeeExcuse,
        {
            "member_id": "f.member_id",
            "month": "gm.month",
            "reason": "%s",
            "recorded_by_id": "f.recorder_id",
            "recorded_at": f"LEAST(now(), (gm.deadline + TIME '10:00') AT TIME ZONE '{TZ}')",
        },
        "FROM gen_fee_members f JOIN gen_fee_months gm ON gm.t = f.behind_t "
        f"WHERE f.behind_t >= f.start_t AND {rnd('f.member_id', 205, 4)} = 0",
        [EXCUSE_REASON],
    )


def remittances(plan: Plan) -> int:
    """Each cell's share of each past month a week after the meeting; the committee's share of
    what it received two weeks after the meeting, but for the last month."""
    rules = CommitteeSettings()
    current = plan.today.replace(day=1)
    cell_keeps, committee_keeps = rules.fee_cell_share_percent, rules.fee_committee_share_percent
    rows = insert_select(
        Remittance,
        {
            "committee_id": "cmo.committee_id",
            "cell_id": "cmo.cell_id",
            "month": "cmo.month",
            "amount": f"p.total - p.total * {cell_keeps} / 100",
            "remitted_on": "cmo.meeting_on + 7",
            "recorded_by_id": "p.recorder_id",
            "recorded_at": f"((cmo.meeting_on + 7) + TIME '10:00') AT TIME ZONE '{TZ}'",
        },
        "FROM gen_fee_cellmonths cmo JOIN ("
        "  SELECT cell_id, month, sum(amount_paid)::bigint AS total, "
        "    min(recorded_by_id) AS recorder_id "
        "  FROM fees_feepayment WHERE reversed_at IS NULL GROUP BY cell_id, month"
        ") p ON p.cell_id = cmo.cell_id AND p.month = cmo.month "
        "WHERE cmo.month < %s AND cmo.meeting_on + 7 <= %s "
        f"AND p.total - p.total * {cell_keeps} / 100 > 0",
        [current, plan.today],
    )
    per = plan.members_per_committee
    rows += insert_select(
        Remittance,
        {
            "committee_id": "r.committee_id",
            "cell_id": "NULL",
            "month": "r.month",
            "amount": f"r.received - r.received * {committee_keeps} / 100",
            "remitted_on": "r.remitted_on",
            "recorded_by_id": f"(r.committee_id - 1) * {per} + 1",
            "recorded_at": f"(r.remitted_on + TIME '10:00') AT TIME ZONE '{TZ}'",
        },
        "FROM (SELECT re.committee_id, re.month, sum(re.amount)::bigint AS received, "
        "    min(cmo.meeting_on) + 14 AS remitted_on "
        "  FROM fees_remittance re JOIN gen_fee_cellmonths cmo "
        "    ON cmo.cell_id = re.cell_id AND cmo.month = re.month "
        "  WHERE re.reversed_at IS NULL GROUP BY re.committee_id, re.month) r "
        "WHERE r.month < %s AND r.remitted_on <= %s "
        f"AND r.received - r.received * {committee_keeps} / 100 > 0",
        [add_months(current, -1), plan.today],
    )
    return rows


def fee_years(plan: Plan) -> int:
    """The summary rows the payment services keep (`fees.summary`): per member and year, the
    months with a standing regular payment made by the month's end, as a bit mask."""
    in_time = (
        "bit_or(1 << (extract(month FROM p.month)::int - 1)) FILTER "
        "(WHERE date_trunc('month', p.paid_on) <= p.month)"
    )
    return insert_select(
        FeeYear,
        {
            "committee_id": "m.committee_id",
            "member_id": "s.member_id",
            "year": "s.year",
            "paid_in_time": "s.paid_in_time",
        },
        f"FROM (SELECT p.member_id, extract(year FROM p.month)::int AS year, "
        f"COALESCE({in_time}, 0) AS paid_in_time FROM fees_feepayment p "
        "WHERE p.kind = 'regular' AND p.reversed_at IS NULL GROUP BY 1, 2) s "
        "JOIN members_member m ON m.id = s.member_id",
    )


STEPS = [
    ("fee bases", bases),
    ("fee payments", payments),
    ("fee years (summary)", fee_years),
    ("fee excuses", excuses),
    ("remittances", remittances),
]
