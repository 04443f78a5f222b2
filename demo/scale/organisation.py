"""Superiors, committees, cells, terms, users and members — the organisation of a province.

Names come from a table of Vietnamese family, middle and given names (their search and sort keys
computed once by the app's own `core.text`, then loaded with COPY); everything else is an
`INSERT … SELECT generate_series` whose ids follow `Plan`.
"""

import io
import itertools

from django.contrib.auth.hashers import make_password
from django.db import connection

from cells.models import Cell, Committee, CommitteeSettings, Superior, SuperiorBody, Term
from core.text import name_sort_key, search_key
from demo.scale.plan import BENCH_USERS, EMAIL_DOMAIN, EXECUTIVE_SIZE, PASSWORD, Plan
from demo.scale.sql import execute, insert_select, rnd
from members.models import CellMembership, Member, Position, StatusEvent, SuperiorRole, User

FAMILY = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "H'",
]  # fmt: skip
MIDDLE = {
    "female": ["Thị", "Thị Thu", "Ngọc", "Thị Hồng", "Thị Thanh", "Thị Minh", "Thị Kim", "Bảo"],
    "male": ["Văn", "Công", "Đức", "Minh", "Quốc", "Hữu", "Thanh", "Xuân"],
}
GIVEN = {
    "female": [
        "Lan", "Hương", "Nhung", "Mai", "Hoa", "Thảo", "Trang", "Hà", "Linh", "Yến", "Ngân",
        "Thương", "Hằng", "Phương", "Dung", "Nga", "Vân", "Trâm", "Hạnh", "Tuyết",
    ],
    "male": [
        "Lam", "Hùng", "Dũng", "Nam", "Sơn", "Tuấn", "Quang", "Long", "Hải", "Bình", "Đào",
        "Khoa", "Phúc", "Thắng", "Trung", "Việt", "Đạt", "Cường", "Hiếu", "Thành",
    ],
}  # fmt: skip
COMMITTEE_KINDS = [
    "Trường THPT", "Trường THCS", "Trường Tiểu học", "Trạm Y tế", "Bệnh viện",
    "Công ty", "Cơ quan", "Xã",
]  # fmt: skip
TERM_1 = ("2020–2025", "2020-07-01", "2025-06-30")
TERM_2 = ("2025–2030", "2025-07-01", "2030-06-30")
JOB_TITLES = ["Giáo viên", "Nhân viên", "Cán bộ", "Kế toán", "Bác sĩ", "Y sĩ", "Kỹ sư"]


def _names_table() -> int:
    """A temporary table of names (idx, full name, sex, search and sort keys), by COPY."""
    rows = []
    for sex in ("female", "male"):
        for family, middle, given in itertools.product(FAMILY, MIDDLE[sex], GIVEN[sex]):
            full = f"{family} {middle} {given}"
            rows.append((full, sex, search_key(full), name_sort_key(full)[:320]))
    execute("DROP TABLE IF EXISTS gen_names")
    execute(
        "CREATE TEMP TABLE gen_names (idx int PRIMARY KEY, full_name text, sex text, "
        "name_search text, name_sort text)"
    )
    buffer = io.StringIO()
    for idx, row in enumerate(rows):
        buffer.write("\t".join([str(idx), *row]) + "\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert("COPY gen_names FROM STDIN", buffer)
    return len(rows)


def superiors(plan: Plan) -> int:
    return insert_select(
        Superior,
        {
            "id": "s",
            "name": "'Huyện ủy số ' || s",
            "name_key": "'huyen uy so ' || s",
            "kind": "'district'",
            "place_name": "'Huyện số ' || s",
            "report_deadline_day": "20",
            "is_active": "true",
        },
        "FROM generate_series(1, %s) AS s",
        [plan.superiors],
    )


def committees(plan: Plan) -> int:
    kinds = "ARRAY[" + ", ".join(f"'{k}'" for k in COMMITTEE_KINDS) + "]"
    rows = insert_select(
        Committee,
        {
            "id": "c",
            "name": f"'Đảng bộ ' || ({kinds})[1 + mod(c, {len(COMMITTEE_KINDS)})] || ' số ' || c",
            "place_name": "'Huyện số ' || " + plan.superior_of_sql("c"),
            "founding_decision_number": "c || '/QĐ-HU'",
            "founded_on": "DATE '2001-01-15' + mod(c, 3000)",
            "address": f"'{EMAIL_DOMAIN}'",
        },
        "FROM generate_series(1, %s) AS c",
        [plan.committees],
    )
    insert_select(
        CommitteeSettings,
        {"committee_id": "c"},
        "FROM generate_series(1, %s) AS c",
        [plan.committees],
    )
    insert_select(
        SuperiorBody,
        {
            "committee_id": "c",
            "superior_id": plan.superior_of_sql("c"),
            "name": "'Huyện ủy số ' || " + plan.superior_of_sql("c"),
            "valid_from": "DATE '2001-01-15' + mod(c, 3000)",
            "valid_until": "NULL",
        },
        "FROM generate_series(1, %s) AS c",
        [plan.committees],
    )
    for number, (name, start, end) in enumerate((TERM_1, TERM_2), start=1):
        insert_select(
            Term,
            {
                "id": f"(c - 1) * 2 + {number}",
                "committee_id": "c",
                "name": "%s",
                "start_date": "%s::date",
                "end_date": "%s::date",
            },
            "FROM generate_series(1, %s) AS c",
            [name, start, end, plan.committees],
        )
    return rows


def cells(plan: Plan) -> int:
    return insert_select(
        Cell,
        {
            "id": plan.cell_id_sql("c", "k"),
            "committee_id": "c",
            "name": "'Chi bộ số ' || k",
            "code": "'CB' || k",
            "founded_on": "DATE '2010-09-01'",
            "status": "'active'",
        },
        "FROM generate_series(1, %s) AS c, generate_series(1, %s) AS k",
        [plan.committees, plan.cells_per_committee],
    )


def users(plan: Plan) -> int:
    """A login for every member (user id = member id) and two for each superior."""
    names = _names_table()
    password = make_password(PASSWORD)
    rows = insert_select(
        User,
        {
            "id": "g",
            "password": "%s",
            "username": "'m' || g",
            "full_name": "n.full_name",
            "email": f"'m' || g || '@{EMAIL_DOMAIN}'",
            "is_active": "true",
            "date_joined": "now()",
        },
        f"FROM generate_series(1, %s) AS g JOIN gen_names n ON n.idx = {rnd('g', 1, names)}",
        [password, plan.total_members],
    )
    rows += insert_select(
        User,
        {
            "id": f"{plan.total_members} + (s - 1) * 2 + n",
            "password": "%s",
            "username": "'superior' || s || '-' || n",
            "full_name": "'Cán bộ Huyện ủy số ' || s",
            "email": f"'superior' || s || '-' || n || '@{EMAIL_DOMAIN}'",
            "is_active": "true",
            "date_joined": "now()",
        },
        "FROM generate_series(1, %s) AS s, generate_series(1, 2) AS n",
        [password, plan.superiors],
    )
    insert_select(
        SuperiorRole,
        {
            "user_id": f"{plan.total_members} + (s - 1) * 2 + n",
            "superior_id": "s",
            "role": "CASE WHEN n = 1 THEN 'secretary' ELSE 'organisation' END",
            "valid_from": "DATE '2020-01-01'",
            "valid_until": "NULL",
        },
        "FROM generate_series(1, %s) AS s, generate_series(1, 2) AS n",
        [plan.superiors],
    )
    # The benchmark's personas (committee 1): its secretary (member 1), cell 1's secretary
    # (member 9), an ordinary member of cell 1 (member 9 + cells), superior 1's first officer.
    ordinary = 1 + 3 * plan.cells_per_committee
    for username, user_id in (
        (BENCH_USERS["committee"], 1),
        (BENCH_USERS["secretary"], 1 + plan.cells_per_committee),
        (BENCH_USERS["member"], ordinary),
        (BENCH_USERS["superior"], plan.officer_user_id(1, 1)),
    ):
        execute("UPDATE members_user SET username = %s WHERE id = %s", [username, user_id])
    return rows


def members(plan: Plan) -> int:
    """Members: ~4 % probationary (admitted in the last year), the rest official."""
    per, cells_n = plan.members_per_committee, plan.cells_per_committee
    today = plan.today.isoformat()
    probationary = f"({rnd('g', 2, 100)} < 4 AND i > {3 * cells_n})"
    admitted = (
        f"CASE WHEN {probationary} THEN %s::date - (30 + {rnd('g', 3, 300)})::int "
        f"ELSE DATE '1990-01-01' + {rnd('g', 4, 10000)}::int END"
    )
    rows = insert_select(
        Member,
        {
            "id": "g",
            "committee_id": "c",
            "user_id": "g",
            "full_name": "u.full_name",
            "name_search": "n.name_search",
            "name_sort": "n.name_sort",
            "date_of_birth": f"(({admitted}) - make_interval(years => (20 + {rnd('g', 5, 25)})::int) "
            f")::date - {rnd('g', 8, 365)}::int",
            "sex": "n.sex",
            "home_town": "'Đắk Lắk'",
            "citizen_id": "lpad(g::text, 12, '0')",
            "card_number": "lpad(g::text, 10, '0')",
            "phone": "'09' || lpad(g::text, 8, '0')",
            "email": "u.email",
            "education": "'12/12'",
            "theory_level": f"(ARRAY['elementary', 'intermediate', 'advanced'])"
            f"[1 + {rnd('g', 6, 3)}]",
            "job_title": "(ARRAY["
            + ", ".join(f"'{t}'" for t in JOB_TITLES)
            + f"])[1 + {rnd('g', 7, len(JOB_TITLES))}]",
            "admitted_on": admitted,
            "recognised_on": f"CASE WHEN {probationary} THEN NULL "
            f"ELSE DATE '1990-01-01' + {rnd('g', 4, 10000)}::int + 370 END",
            "status": f"CASE WHEN {probationary} THEN 'probationary' ELSE 'official' END",
        },
        f"FROM (SELECT g, (g - 1) / {per} + 1 AS c, mod(g - 1, {per}) + 1 AS i "
        "FROM generate_series(1, %s) AS g) AS m "
        "JOIN members_user u ON u.id = m.g "
        f"JOIN gen_names n ON n.idx = {rnd('g', 1, _names_count())}",
        [today, today, plan.total_members],
    )
    insert_select(
        CellMembership,
        {
            "member_id": "m.id",
            "cell_id": f"(m.committee_id - 1) * {cells_n} + mod(mod(m.id - 1, {per}), {cells_n}) + 1",
            "start_date": "LEAST(m.admitted_on, DATE '2015-09-01')",
            "end_date": "NULL",
        },
        "FROM members_member m",
    )
    insert_select(
        StatusEvent,
        {
            "member_id": "m.id",
            "kind": "'admitted'",
            "date": "m.admitted_on",
            "status_after": "'probationary'",
        },
        "FROM members_member m",
    )
    insert_select(
        StatusEvent,
        {
            "member_id": "m.id",
            "kind": "'recognised'",
            "date": "m.recognised_on",
            "status_after": "'official'",
        },
        "FROM members_member m WHERE m.recognised_on IS NOT NULL",
    )
    return rows


def _names_count() -> int:
    return sum(len(MIDDLE[s]) * len(GIVEN[s]) for s in ("female", "male")) * len(FAMILY)


def positions(plan: Plan) -> int:
    """The executive committee (members 1…7) and each cell's secretary and deputy, both terms."""
    per, cells_n = plan.members_per_committee, plan.cells_per_committee
    rows = 0
    for number, (_name, start, end) in enumerate((TERM_1, TERM_2), start=1):
        end_sql = "%s::date" if number == 1 else "NULL::date"
        end_args = [end] if number == 1 else []
        rows += insert_select(
            Position,
            {
                "member_id": f"(c - 1) * {per} + i",
                "committee_id": "c",
                "cell_id": "NULL",
                "term_id": f"(c - 1) * 2 + {number}",
                "role": "CASE i WHEN 1 THEN 'committee_secretary' WHEN 2 THEN 'committee_deputy' "
                "ELSE 'committee_member' END",
                "start_date": "%s::date",
                "end_date": end_sql,
            },
            "FROM generate_series(1, %s) AS c, generate_series(1, %s) AS i",
            [start, *end_args, plan.committees, EXECUTIVE_SIZE],
        )
        rows += insert_select(
            Position,
            {
                "member_id": f"(c - 1) * {per} + r * {cells_n} + k",
                "committee_id": "c",
                "cell_id": plan.cell_id_sql("c", "k"),
                "term_id": f"(c - 1) * 2 + {number}",
                "role": "CASE r WHEN 1 THEN 'cell_secretary' ELSE 'cell_deputy' END",
                "start_date": "%s::date",
                "end_date": end_sql,
            },
            "FROM generate_series(1, %s) AS c, generate_series(1, %s) AS k, "
            "generate_series(1, 2) AS r",
            [start, *end_args, plan.committees, cells_n],
        )
    return rows
