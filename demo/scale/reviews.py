"""Scale data: the quality year and inspection and supervision (the `reviews` app).

- For each **past** year of the plan (its December before the plan's month; the current year stays
  open): every cell reviews its members on its review date (its year-end review meeting, else
  31 December) — each member on the roll that day but temporary and away ones gets an
  `Evaluation` (her self-assessment, the cell's proposal with a vote counted as the rules engine
  counts it, the committee's decision); those admitted less than the setting's months before are
  reviewed, not rated. The committee confirms the year (`ReviewYear`) within the outstanding quota
  (`reviews.quota`: the proposals above it are decided "good"), rates its cells (`CellRating`) and
  commends a few of its outstanding members (`Commendation`). This year, from mid-November, a
  growing share of the members have written their self-assessment; nothing is proposed yet.
- Residence-place comments (`ResidenceComment`) of the past years and of this one for most working
  members: received, exempt, or requested and still awaited.
- Every year of the plan: a supervision programme of each committee and of each cell, adopted by a
  show-of-hands vote (`meetings.Motion`) at the body's first meeting of the year held — a body
  with no meeting held that year keeps a draft, without records — with its items (about members,
  or about a cell) and the records of the items done or under way: concluded with findings,
  recommendations with their deadline, their follow-up (a few overdue).

Values are what the services write (`reviews.services`, `reviews.cell_ratings`,
`reviews.records`, `reviews.supervision`): the states, the dates in order, the vote's working in
the engine's words (`meetings.decisions.vote_rules`). Statuses on a date come from the status
events, as `Member.objects.in_cell_on` reads them; review dates and attendance from the meetings
already generated, when there are any.
"""

import datetime

from django.db import connection

from demo.scale.plan import BENCH_USERS, Plan
from demo.scale.sql import execute, insert_select, rnd
from meetings.models import Motion
from reviews.models import (
    CellRating,
    Commendation,
    Evaluation,
    ResidenceComment,
    ReviewYear,
    SupervisionItem,
    SupervisionProgramme,
    SupervisionRecord,
)

ZONE = "Asia/Ho_Chi_Minh"
# Statuses a cell reviews (on the roll but temporary and away members: reviewed elsewhere), and of
# those, the ones reviewed but not rated (`reviews.services`).
REVIEWED = ("probationary", "official", "exempted", "suspended")
NOT_RATED = {"exempted": "Miễn sinh hoạt", "suspended": "Đình chỉ sinh hoạt"}
# `reviews.services.reviewed_members`' reason, in the catalogue's Vietnamese.
NEW_MEMBER_REASON = "Kết nạp chưa đủ {months} tháng tính đến thời điểm đánh giá"
WORKING = ("official", "probationary")

STRENGTHS = [
    "Có lập trường tư tưởng chính trị vững vàng; chấp hành nghiêm chủ trương, đường lối của Đảng, "
    "chính sách, pháp luật của Nhà nước.",
    "Hoàn thành tốt nhiệm vụ chuyên môn được giao; tích cực tham gia các phong trào thi đua của "
    "cơ quan, đơn vị.",
    "Giữ gìn phẩm chất đạo đức, lối sống giản dị; đoàn kết, giúp đỡ đồng nghiệp.",
    "Tham gia đầy đủ sinh hoạt chi bộ; đóng đảng phí đầy đủ, đúng quy định.",
]
SHORTCOMINGS = [
    "Có lúc chưa mạnh dạn phát biểu ý kiến xây dựng trong sinh hoạt chi bộ.",
    "Việc tự học tập, nghiên cứu nâng cao trình độ lý luận chính trị còn hạn chế.",
    "Đôi khi hoàn thành nhiệm vụ còn chậm so với kế hoạch đề ra.",
]
CAUSES = [
    "Khối lượng công việc chuyên môn lớn; thời gian dành cho tự học còn ít.",
    "Chưa sắp xếp thời gian hợp lý giữa công việc chuyên môn và công tác đoàn thể.",
]
REMEDIES = [
    "Xây dựng kế hoạch tự học tập, rèn luyện; mạnh dạn đóng góp ý kiến trong sinh hoạt chi bộ.",
    "Sắp xếp công việc khoa học, hoàn thành nhiệm vụ đúng tiến độ được giao.",
]
RESIDENCE_CELLS = [
    "Chi bộ thôn 1, xã Krông Bông",
    "Chi bộ thôn 3, xã Krông Bông",
    "Chi bộ buôn Cuôr Đăng, xã Krông Bông",
    "Chi bộ tổ dân phố 2, thị trấn Krông Kmar",
    "Chi bộ tổ dân phố 5, phường Tân Lợi",
]
RESIDENCE_GOOD = (
    "Gương mẫu chấp hành chủ trương, chính sách, pháp luật; tích cực tham gia các hoạt động ở khu "
    "dân cư."
)
RESIDENCE_NOT_GOOD = "Chưa tham gia đầy đủ các buổi sinh hoạt, hoạt động của khu dân cư nơi cư trú."
EXEMPT_REASONS = [
    "Học sinh, sinh viên đang học tập xa nơi cư trú, ở ký túc xá.",
    "Đang công tác dài hạn ở địa phương khác.",
]

# Supervision: the cell's three items — kind, dimension, content (None: a theme), the planned
# period (month, day)–(month, day) within the year, and which of the cell's picks it is about.
CELL_ITEMS = [
    (
        "regular",
        "tasks",
        "Việc thực hiện nhiệm vụ được giao và nghị quyết của Chi bộ",
        (2, 1),
        (4, 30),
        [1],
    ),
    ("thematic", "relations", None, (6, 1), (8, 31), [2, 3]),
    (
        "regular",
        "ethics",
        "Việc giữ gìn phẩm chất đạo đức, lối sống; thực hiện những điều đảng viên không được làm",
        (10, 15),
        (12, 15),
        [4],
    ),
]
THEMES = [
    "Việc đổi mới phương pháp làm việc, ứng dụng công nghệ thông tin trong công tác chuyên môn",
    "Việc thực hiện quy chế dân chủ ở cơ sở",
    "Việc thực hiện nhiệm vụ bồi dưỡng, nâng cao trình độ chuyên môn",
    "Việc nêu gương của đảng viên trong thực hiện nhiệm vụ chính trị của đơn vị",
]
INSPECTION = "Kiểm tra khi có dấu hiệu vi phạm trong việc chấp hành Điều lệ và quy định của Đảng"
CELL_THEME = "Việc lãnh đạo thực hiện nhiệm vụ chính trị của Chi bộ"
VOTE_TEXT = "Thông qua Chương trình kiểm tra, giám sát năm {year} của {holder}."
SELF_REPORT = (
    "Tự nhận thấy đã cố gắng hoàn thành nhiệm vụ; còn chậm cập nhật hồ sơ chuyên môn theo quy định."
)
FINDINGS = {
    "no_violation": "Chấp hành tốt quy định của Đảng, chính sách, pháp luật của Nhà nước; hoàn "
    "thành nhiệm vụ được giao.",
    "shortcomings": "Hoàn thành nhiệm vụ được giao; hồ sơ chuyên môn có lúc chưa cập nhật kịp "
    "thời; chưa thường xuyên báo cáo kết quả với Chi ủy.",
    "violation": "Có biểu hiện vi phạm quy định về những điều đảng viên không được làm; đã được "
    "nhắc nhở nhưng chưa khắc phục.",
}
RECOMMENDATIONS = {
    "shortcomings": "Cập nhật đầy đủ hồ sơ chuyên môn; báo cáo Chi ủy kết quả khắc phục.",
    "violation": "Đề nghị Chi bộ xem xét, xử lý kỷ luật theo quy định; đảng viên viết bản kiểm "
    "điểm.",
}
FOLLOWUP = "Đã khắc phục, báo cáo bằng văn bản với Chi ủy; Chi ủy kiểm tra, xác nhận."
UNDER_WAY_REPORT = "Đã chuẩn bị báo cáo tự kiểm điểm theo đề cương."
UNDER_WAY_FINDINGS = "Đoàn giám sát đã làm việc lần thứ nhất; đang tổng hợp ý kiến."
CELL_FINDINGS = (
    "Chi bộ duy trì nền nếp sinh hoạt; nội dung sinh hoạt có đổi mới; việc theo dõi thực hiện "
    "nghị quyết còn chưa thường xuyên."
)
COMMENDATION_FORM = "Giấy khen: Đảng viên hoàn thành xuất sắc nhiệm vụ năm {year}"


# --- helpers ----------------------------------------------------------------------------------


def literal(value) -> str:
    """An SQL literal (the driver quotes it); no `%` may reach a statement with parameters."""
    if "%" in str(value):
        raise ValueError("no % in generated literals: it is the driver's placeholder")
    with connection.cursor() as cursor:
        return cursor.mogrify("%s", [value]).decode()


def _pick(values: list[str], key: str, salt: int) -> str:
    """SQL: one of `values`, chosen by `rnd(key, salt)`."""
    return f"({literal(list(values))}::text[])[1 + {rnd(key, salt, len(values))}]"


def at_local(day: str, time: str, minutes: str = "0") -> str:
    """SQL: the moment `time` (+ `minutes`) local time on the SQL date `day`, as timestamptz."""
    return (
        f"((({day})::date + TIME '{time}' + ({minutes}) * INTERVAL '1 minute') "
        f"AT TIME ZONE '{ZONE}')"
    )


def _status_on(member: str, day: str) -> str:
    """SQL: her status on `day` — the last status event on or before it (`_status_on`)."""
    return (
        f"(SELECT e.status_after FROM members_statusevent e WHERE e.member_id = {member} "
        f"AND e.date <= {day} ORDER BY e.date DESC, e.id DESC LIMIT 1)"
    )


def _years_array(years) -> str:
    return "ARRAY[" + ", ".join(str(int(y)) for y in years) + "]::int[]"


def past_years(plan: Plan) -> list[int]:
    """The years whose review is done: their December is before the plan's month."""
    month = plan.today.replace(day=1)
    return sorted({m.year for m in plan.months if datetime.date(m.year, 12, 1) < month})


def plan_years(plan: Plan) -> list[int]:
    return sorted({m.year for m in plan.months})


def secretary_user(plan: Plan, committee: str) -> str:
    """SQL: the committee secretary's user (member i = 1; user id = member id)."""
    return plan.member_id_sql(committee, "1")


def _cell_index(plan: Plan, cell: str, committee: str) -> str:
    return f"({cell} - ({committee} - 1) * {plan.cells_per_committee})"


def cell_secretary_user(plan: Plan, cell: str, committee: str) -> str:
    """SQL: the secretary of cell k (member i = cells + k)."""
    return plan.member_id_sql(
        committee, f"{plan.cells_per_committee} + {_cell_index(plan, cell, committee)}"
    )


def _working_sql(official, away, exempted_absent, suspended, denominator, yes, num, over) -> str:
    """SQL: the vote's working as `vote_rules._working` writes it, for a passed "more than" vote:
    "18 đảng viên chính thức → 18; 17 tán thành > 18/2 → thông qua"."""
    return (
        f"concat({official}, ' đảng viên chính thức', "
        f"CASE WHEN {away} > 0 THEN ', ' || {away} || ' chuyển sinh hoạt tạm thời đi nơi khác' "
        "END, "
        f"CASE WHEN {exempted_absent} > 0 THEN ', ' || {exempted_absent} || "
        "' miễn sinh hoạt vắng mặt' END, "
        f"CASE WHEN {suspended} > 0 THEN ', ' || {suspended} || ' bị đình chỉ sinh hoạt' END, "
        f"' → ', {denominator}, '; ', {yes}, ' tán thành > ', "
        f"CASE WHEN {num} = 1 THEN {denominator} || '/' || {over} "
        f"ELSE {num} || '/' || {over} || ' × ' || {denominator} END, ' → thông qua')"
    )


# --- the quality year ---------------------------------------------------------------------------


def _review_tables(plan: Plan) -> int:
    """gen_review_cell: each cell's review date of each past year and its voters;
    gen_review_member: who each cell reviews, her status that day, rated or not."""
    years = past_years(plan)
    execute("DROP TABLE IF EXISTS gen_review_member")
    execute("DROP TABLE IF EXISTS gen_review_cell")
    execute(
        "CREATE TEMP TABLE gen_review_cell AS "
        "SELECT c.id AS cell_id, c.committee_id, y AS year, "
        "COALESCE(rm.date, make_date(y, 12, 31)) AS review_date, rm.id AS meeting_id "
        f"FROM cells_cell c CROSS JOIN unnest({_years_array(years)}) AS y "
        "LEFT JOIN LATERAL (SELECT m.id, m.date FROM meetings_meeting m "
        "WHERE m.cell_id = c.id AND m.date BETWEEN make_date(y, 1, 1) AND make_date(y, 12, 31) "
        "AND (m.kind = 'review' OR m.includes_review) ORDER BY m.date DESC, m.id DESC LIMIT 1) "
        "rm ON true"
    )
    execute("ALTER TABLE gen_review_cell ADD PRIMARY KEY (cell_id, year)")
    reviewed = ", ".join(literal(s) for s in REVIEWED)
    execute(
        "CREATE TEMP TABLE gen_review_member AS "
        "SELECT * FROM (SELECT m.id AS member_id, m.committee_id, rc.cell_id, rc.year, "
        "rc.review_date, m.admitted_on, "
        f"{_status_on('m.id', 'rc.review_date')} AS status "
        "FROM gen_review_cell rc "
        "JOIN members_cellmembership cm ON cm.cell_id = rc.cell_id "
        "AND cm.start_date <= rc.review_date "
        "AND (cm.end_date IS NULL OR cm.end_date >= rc.review_date) "
        "JOIN members_member m ON m.id = cm.member_id) AS x "
        f"WHERE x.status IN ({reviewed})"
    )
    execute("ALTER TABLE gen_review_member ADD PRIMARY KEY (member_id, year)")
    # The voters on the cell's proposals: the review meeting's attendance sheet, else the members
    # of the cell that day, present unless exempted or suspended (none away: not reviewed here).
    for column in ("official", "away", "exempted_absent", "suspended", "present"):
        execute(f"ALTER TABLE gen_review_cell ADD COLUMN {column} int NOT NULL DEFAULT 0")
    execute(
        "UPDATE gen_review_cell rc SET official = a.official, away = a.away, "
        "exempted_absent = a.exempted_absent, suspended = a.suspended, present = a.present "
        "FROM (SELECT meeting_id, "
        "count(*) FILTER (WHERE member_status IN ('official', 'exempted', 'suspended', 'away')) "
        "AS official, "
        "count(*) FILTER (WHERE member_status = 'away') AS away, "
        "count(*) FILTER (WHERE member_status = 'exempted' AND status <> 'present') "
        "AS exempted_absent, "
        "count(*) FILTER (WHERE member_status = 'suspended') AS suspended, "
        "count(*) FILTER (WHERE status = 'present' AND member_status IN ('official', 'exempted')) "
        "AS present FROM meetings_attendance "
        "WHERE meeting_id IN (SELECT meeting_id FROM gen_review_cell) GROUP BY meeting_id) a "
        "WHERE a.meeting_id = rc.meeting_id"
    )
    execute(
        "UPDATE gen_review_cell rc SET official = v.official, suspended = v.suspended, "
        "present = v.present FROM (SELECT cell_id, year, "
        "count(*) FILTER (WHERE status IN ('official', 'exempted', 'suspended')) AS official, "
        "count(*) FILTER (WHERE status = 'suspended') AS suspended, "
        "count(*) FILTER (WHERE status = 'official') AS present "
        "FROM gen_review_member GROUP BY cell_id, year) v "
        "WHERE v.cell_id = rc.cell_id AND v.year = rc.year AND rc.official = 0"
    )
    # The committee confirms the year a week after its last cell's review.
    execute("DROP TABLE IF EXISTS gen_review_year")
    execute(
        "CREATE TEMP TABLE gen_review_year AS SELECT committee_id, year, "
        f"LEAST({at_local('max(review_date) + 7', '14:00')}, now()) AS confirmed_at "
        "FROM gen_review_cell GROUP BY committee_id, year"
    )
    execute("ALTER TABLE gen_review_year ADD PRIMARY KEY (committee_id, year)")
    return 0


def review_years(plan: Plan) -> int:
    _review_tables(plan)
    return insert_select(
        ReviewYear,
        {
            "committee_id": "y.committee_id",
            "year": "y.year",
            "confirmed_at": "y.confirmed_at",
            "confirmed_by_id": secretary_user(plan, "y.committee_id"),
        },
        "FROM gen_review_year y",
    )


def _band_and_score(key: str) -> tuple[str, str]:
    """SQL: the band of her self-score and the score in it, by the committee's settings (`s`):
    11 % outstanding, 77 % good, 10.5 % completed, 1.5 % not completed."""
    r = rnd(key, 301, 1000)
    band = (
        f"CASE WHEN {r} < 110 THEN 'outstanding' WHEN {r} < 880 THEN 'good' "
        f"WHEN {r} < 985 THEN 'completed' ELSE 'not_completed' END"
    )
    score = (
        f"CASE WHEN {r} < 110 THEN s.rating_outstanding_min + "
        f"{rnd(key, 302, '(101 - s.rating_outstanding_min)')} "
        f"WHEN {r} < 880 THEN s.rating_good_min + "
        f"{rnd(key, 302, '(s.rating_outstanding_min - s.rating_good_min)')} "
        f"WHEN {r} < 985 THEN s.rating_pass_min + "
        f"{rnd(key, 302, '(s.rating_good_min - s.rating_pass_min)')} "
        f"ELSE GREATEST(s.rating_pass_min - 15, 0) + "
        f"{rnd(key, 302, 'LEAST(15, GREATEST(s.rating_pass_min, 1))')} END"
    )
    return band, score


def _rated_sql(status: str, admitted: str, review_date: str) -> str:
    """SQL: rated — not exempted or suspended, admitted the setting's months before the review."""
    return (
        f"({status} NOT IN ('exempted', 'suspended') AND {admitted} <= "
        f"({review_date} - s.rating_min_months * INTERVAL '1 month')::date)"
    )


def _reason_sql(status: str) -> str:
    """SQL: why she is not rated (`reviewed_members`' reason, in Vietnamese)."""
    return (
        f"CASE {status} "
        + " ".join(f"WHEN {literal(k)} THEN {literal(v)}" for k, v in NOT_RATED.items())
        + f" ELSE replace({literal(NEW_MEMBER_REASON)}, '{{months}}', s.rating_min_months::text) END"
    )


def evaluations(plan: Plan) -> int:
    """Her self-assessment (most submitted a few days before the review), the cell's proposal
    with its vote, the committee's decision (= the proposal; the quota comes next)."""
    key = "(g.member_id * 100 + mod(g.year, 100))"
    band, score = _band_and_score(key)
    # A few cells propose one level below what she proposed herself.
    lower = (
        f"CASE WHEN {rnd(key, 303, 100)} < 6 THEN CASE x.band WHEN 'outstanding' THEN 'good' "
        "WHEN 'good' THEN 'completed' ELSE x.band END ELSE x.band END"
    )
    submitted = f"({rnd(key, 304, 100)} < 97)"
    rated = _rated_sql("g.status", "g.admitted_on", "g.review_date")
    reason = _reason_sql("g.status")
    working = _working_sql(
        "rc.official",
        "rc.away",
        "rc.exempted_absent",
        "rc.suspended",
        "x.denominator",
        "x.yes",
        "s.majority_numerator",
        "s.majority_denominator",
    )
    text = "CASE WHEN x.submitted THEN {} ELSE '' END"
    return insert_select(
        Evaluation,
        {
            "committee_id": "g.committee_id",
            "member_id": "g.member_id",
            "cell_id": "g.cell_id",
            "year": "g.year",
            "rated": "x.rated",
            "not_rated_reason": f"CASE WHEN x.rated THEN '' ELSE {reason} END",
            "strengths": text.format(_pick(STRENGTHS, key, 310)),
            "shortcomings": text.format(_pick(SHORTCOMINGS, key, 311)),
            "causes": text.format(_pick(CAUSES, key, 312)),
            "remedies": text.format(_pick(REMEDIES, key, 313)),
            "self_rating": "CASE WHEN x.submitted THEN x.band ELSE '' END",
            "self_score_general": "CASE WHEN x.submitted THEN x.general END",
            "self_score_tasks": "CASE WHEN x.submitted THEN x.score - x.general END",
            "submitted_at": "CASE WHEN x.submitted THEN "
            + at_local(
                f"g.review_date - (1 + {rnd(key, 314, 10)}::int)", "19:00", rnd(key, 315, 180)
            )
            + " END",
            "proposed_rating": f"CASE WHEN x.rated THEN {lower} ELSE '' END",
            "votes_yes": "CASE WHEN x.rated THEN x.yes END",
            "votes_no": "CASE WHEN x.rated THEN x.no END",
            "votes_abstain": "CASE WHEN x.rated THEN x.abstain END",
            "vote_working": f"CASE WHEN x.rated THEN {working} ELSE '' END",
            "proposed_at": "CASE WHEN x.rated THEN "
            + at_local("g.review_date", "08:30", rnd(key, 316, 150))
            + " END",
            "proposed_by_id": "CASE WHEN x.rated THEN "
            + cell_secretary_user(plan, "g.cell_id", "g.committee_id")
            + " END",
            "final_rating": f"CASE WHEN x.rated THEN {lower} ELSE '' END",
            "decided_at": "CASE WHEN x.rated THEN ry.confirmed_at END",
            "decided_by_id": "CASE WHEN x.rated THEN "
            + secretary_user(plan, "g.committee_id")
            + " END",
        },
        "FROM gen_review_member g "
        "JOIN gen_review_cell rc ON rc.cell_id = g.cell_id AND rc.year = g.year "
        "JOIN gen_review_year ry ON ry.committee_id = g.committee_id AND ry.year = g.year "
        "JOIN cells_committeesettings s ON s.committee_id = g.committee_id "
        # The tally: everyone present in favour but now and then one against or abstaining,
        # as long as the proposal still passes (only a passed proposal is saved).
        "CROSS JOIN LATERAL (SELECT v.*, v.present - v.no - v.abstain AS yes FROM (SELECT "
        f"{band} AS band, {score} AS score, "
        f"({score}) * s.self_score_general_points / 100 AS general, "
        f"{submitted} AS submitted, {rated} AS rated, "
        "rc.official - rc.away - rc.suspended - rc.exempted_absent AS denominator, "
        "rc.present AS present, "
        f"CASE WHEN {rnd(key, 317, 100)} < 4 AND s.majority_denominator * (rc.present - 1) > "
        "s.majority_numerator * (rc.official - rc.away - rc.suspended - rc.exempted_absent) "
        "THEN 1 ELSE 0 END AS no, "
        f"CASE WHEN {rnd(key, 318, 100)} < 3 AND s.majority_denominator * (rc.present - 2) > "
        "s.majority_numerator * (rc.official - rc.away - rc.suspended - rc.exempted_absent) "
        "THEN 1 ELSE 0 END AS abstain) AS v) AS x",
    )


def self_assessments(plan: Plan) -> int:
    """This year's self-assessments, from mid-November (the review is in December): written by a
    share of the members growing to the year's end, each rated or not as the cell will review her
    on 31 December (`self_assessment_save`); nothing proposed or decided yet."""
    year = plan.today.year
    start = datetime.date(year, 11, 15)
    if year in past_years(plan) or plan.today <= start:
        return 0
    days = (plan.today - start).days
    share = min(90, 2 * days)
    today = f"DATE '{plan.today.isoformat()}'"
    review_date = f"DATE '{year}-12-31'"
    key = f"(m.id * 100 + {year % 100})"
    band, score = _band_and_score(key)
    day = f"DATE '{start.isoformat()}' + {rnd(key, 319, days + 1)}::int"
    submitted = at_local(day, "19:00", rnd(key, 315, 180))
    reviewed = ", ".join(literal(s) for s in REVIEWED)
    return insert_select(
        Evaluation,
        {
            "committee_id": "m.committee_id",
            "member_id": "m.id",
            "cell_id": "cm.cell_id",
            "year": str(year),
            "rated": "x.rated",
            "not_rated_reason": f"CASE WHEN x.rated THEN '' ELSE {_reason_sql('m.status')} END",
            "strengths": _pick(STRENGTHS, key, 310),
            "shortcomings": _pick(SHORTCOMINGS, key, 311),
            "causes": _pick(CAUSES, key, 312),
            "remedies": _pick(REMEDIES, key, 313),
            "self_rating": "x.band",
            "self_score_general": "x.general",
            "self_score_tasks": "x.score - x.general",
            "submitted_at": f"LEAST({submitted}, now())",
            "proposed_rating": "''",
            "vote_working": "''",
            "final_rating": "''",
        },
        "FROM members_member m "
        "JOIN members_cellmembership cm ON cm.member_id = m.id AND cm.end_date IS NULL "
        "JOIN cells_committeesettings s ON s.committee_id = m.committee_id "
        f"CROSS JOIN LATERAL (SELECT {band} AS band, {score} AS score, "
        f"({score}) * s.self_score_general_points / 100 AS general, "
        f"{_rated_sql('m.status', 'm.admitted_on', review_date)} AS rated) x "
        f"WHERE m.status IN ({reviewed}) AND m.admitted_on <= {today} "
        f"AND {rnd(key, 304, 100)} < {share}",
    )


def quota(plan: Plan) -> int:
    """The committee keeps the outstanding ratings within its quota (`reviews.quota`: at most
    ⌊p × good / 100⌋): the outstanding proposals above it, lowest self-score first, are decided
    "good". Keeping k of o outstanding with g good is within it when k ≤ p(g + o)/(100 + p)."""
    return execute(
        "WITH t AS (SELECT committee_id, year, "
        "count(*) FILTER (WHERE final_rating = 'outstanding') AS o, "
        "count(*) FILTER (WHERE final_rating = 'good') AS g "
        "FROM reviews_evaluation WHERE rated GROUP BY committee_id, year), "
        "k AS (SELECT t.committee_id, t.year, LEAST(t.o, s.outstanding_quota_percent * (t.g + t.o) "
        "/ (100 + s.outstanding_quota_percent)) AS keep FROM t "
        "JOIN cells_committeesettings s ON s.committee_id = t.committee_id), "
        "r AS (SELECT e.id, k.keep, row_number() OVER (PARTITION BY e.committee_id, e.year "
        "ORDER BY COALESCE(e.self_score_general + e.self_score_tasks, 0) DESC, e.member_id) AS rn "
        "FROM reviews_evaluation e JOIN k ON k.committee_id = e.committee_id AND k.year = e.year "
        "WHERE e.final_rating = 'outstanding') "
        "UPDATE reviews_evaluation e SET final_rating = 'good' FROM r "
        "WHERE r.id = e.id AND r.rn > r.keep"
    )


def cell_ratings(plan: Plan) -> int:
    key = "(rc.cell_id * 100 + mod(rc.year, 100))"
    r = rnd(key, 320, 100)
    return insert_select(
        CellRating,
        {
            "cell_id": "rc.cell_id",
            "year": "rc.year",
            "rating": f"CASE WHEN {r} < 20 THEN 'outstanding' WHEN {r} < 82 THEN 'good' "
            f"WHEN {r} < 98 THEN 'completed' ELSE 'not_completed' END",
            "note": "''",
            "decided_by_id": secretary_user(plan, "rc.committee_id"),
            "decided_at": "ry.confirmed_at",
        },
        "FROM gen_review_cell rc "
        "JOIN gen_review_year ry ON ry.committee_id = rc.committee_id AND ry.year = rc.year",
    )


def _residence_columns(key: str, year: str, r: str, today: str, received: int, exempt: int):
    """A comment requested in September, received in October–November (`r` < `received`; good
    but 2 %), exempt (`r` < `exempt`) or still awaited."""
    on = f"LEAST(make_date({year}, 10, 1) + {rnd(key, 331, 55)}::int, {today})"
    good = f"({rnd(key, 332, 100)} >= 2)"
    is_received = f"({r} < {received})"
    is_exempt = f"({r} >= {received} AND {r} < {exempt})"
    return {
        "year": year,
        "status": f"CASE WHEN {is_received} THEN 'received' WHEN {is_exempt} THEN 'exempt' "
        "ELSE 'requested' END",
        "requested_on": f"LEAST(make_date({year}, 9, 1) + {rnd(key, 333, 20)}::int, {today})",
        "received_on": f"CASE WHEN {is_received} THEN {on} END",
        "residence_cell": f"CASE WHEN {is_received} THEN {_pick(RESIDENCE_CELLS, key, 334)} "
        "ELSE '' END",
        "good": f"CASE WHEN {is_received} THEN {good} END",
        "text": f"CASE WHEN {is_received} THEN CASE WHEN {good} THEN {literal(RESIDENCE_GOOD)} "
        f"ELSE {literal(RESIDENCE_NOT_GOOD)} END ELSE '' END",
        "exempt_reason": f"CASE WHEN {is_exempt} THEN {_pick(EXEMPT_REASONS, key, 335)} "
        "ELSE '' END",
    }


def residence_comments(plan: Plan) -> int:
    """The past years' comments of the working members reviewed (75 % received, 3 % exempt, 5 %
    awaited, none on record for the rest); this year's, from September, of the working members on
    the roll (40 % received, 2 % exempt, half still awaited)."""
    today = f"DATE '{plan.today.isoformat()}'"
    key = "(g.member_id * 100 + mod(g.year, 100))"
    r = rnd(key, 330, 100)
    rows = insert_select(
        ResidenceComment,
        {"member_id": "g.member_id", **_residence_columns(key, "g.year", r, today, 75, 78)},
        f"FROM gen_review_member g WHERE g.status IN ('official', 'probationary') AND {r} < 83",
    )
    year = plan.today.year
    if plan.today >= datetime.date(year, 9, 1) and year not in past_years(plan):
        key = f"(m.id * 100 + {year % 100})"
        r = rnd(key, 330, 100)
        rows += insert_select(
            ResidenceComment,
            {"member_id": "m.id", **_residence_columns(key, str(year), r, today, 40, 42)},
            "FROM members_member m WHERE m.status IN ('official', 'probationary') "
            f"AND m.admitted_on < make_date({year}, 9, 1) AND {r} < 92",
        )
    return rows


def commendations(plan: Plan) -> int:
    """A few of the members decided outstanding are commended by the committee in January."""
    today = f"DATE '{plan.today.isoformat()}'"
    key = "(e.member_id * 100 + mod(e.year, 100))"
    return insert_select(
        Commendation,
        {
            "member_id": "e.member_id",
            "year": "e.year",
            "form": f"replace({literal(COMMENDATION_FORM)}, '{{year}}', e.year::text)",
            "deciding_body": "'Đảng ủy ' || regexp_replace(c.name, '^Đảng bộ ', '')",
            "decision_number": "(10 + mod(e.committee_id, 80)) || '-QĐ/ĐU'",
            "decided_on": f"LEAST(make_date(e.year + 1, 1, 15), {today})",
            "created_by_id": secretary_user(plan, "e.committee_id"),
        },
        "FROM reviews_evaluation e JOIN cells_committee c ON c.id = e.committee_id "
        f"WHERE e.final_rating = 'outstanding' AND {rnd(key, 336, 100)} < 30",
    )


# --- inspection and supervision -----------------------------------------------------------------


def supervision_programmes(plan: Plan) -> int:
    """A programme of each committee and each cell for every year of the plan."""
    years = _years_array(plan_years(plan))
    rows = insert_select(
        SupervisionProgramme,
        {
            "committee_id": "c.id",
            "cell_id": "NULL",
            "year": "y",
            "note": "''",
            "created_by_id": secretary_user(plan, "c.id"),
        },
        f"FROM cells_committee c CROSS JOIN unnest({years}) AS y",
    )
    rows += insert_select(
        SupervisionProgramme,
        {
            "committee_id": "c.committee_id",
            "cell_id": "c.id",
            "year": "y",
            "note": "''",
            "created_by_id": cell_secretary_user(plan, "c.id", "c.committee_id"),
        },
        f"FROM cells_cell c CROSS JOIN unnest({years}) AS y",
    )
    return rows


def supervision_adoption(plan: Plan) -> int:
    """Each programme adopted by a show of hands at its body's first meeting held that year (the
    cell's, or the executive committee's or the whole committee's): a `Motion` counted as the
    engine counts it — the attendance sheet when the meeting has one, else the body's members that
    day, all present. A body with no meeting held that year keeps its draft."""
    today = f"DATE '{plan.today.isoformat()}'"
    execute("DROP TABLE IF EXISTS gen_adoption")
    execute(
        "CREATE TEMP TABLE gen_adoption AS SELECT p.id AS programme_id, p.committee_id, "
        "p.cell_id, p.year, m.id AS meeting_id, m.date, "
        "CASE WHEN p.cell_id IS NULL THEN c.name ELSE cl.name END AS holder, "
        "0 AS official, 0 AS away, 0 AS exempted_absent, 0 AS suspended, 0 AS present "
        "FROM reviews_supervisionprogramme p JOIN cells_committee c ON c.id = p.committee_id "
        "LEFT JOIN cells_cell cl ON cl.id = p.cell_id "
        "JOIN LATERAL (SELECT m.id, m.date FROM meetings_meeting m "
        "WHERE m.committee_id = p.committee_id "
        "AND ((p.cell_id IS NULL AND m.body IN ('executive', 'committee')) "
        "OR (p.cell_id IS NOT NULL AND m.body = 'cell' AND m.cell_id = p.cell_id)) "
        "AND m.date BETWEEN make_date(p.year, 1, 1) AND make_date(p.year, 12, 31) "
        f"AND m.date <= {today} AND m.status IN ('held', 'approved') "
        "ORDER BY m.date, m.id LIMIT 1) m ON true"
    )
    execute("ALTER TABLE gen_adoption ADD PRIMARY KEY (programme_id)")
    execute(
        "UPDATE gen_adoption g SET official = a.official, away = a.away, "
        "exempted_absent = a.exempted_absent, suspended = a.suspended, present = a.present "
        "FROM (SELECT meeting_id, "
        "count(*) FILTER (WHERE member_status IN ('official', 'exempted', 'suspended', 'away')) "
        "AS official, count(*) FILTER (WHERE member_status = 'away') AS away, "
        "count(*) FILTER (WHERE member_status = 'exempted' AND status <> 'present') "
        "AS exempted_absent, count(*) FILTER (WHERE member_status = 'suspended') AS suspended, "
        "count(*) FILTER (WHERE status = 'present' AND member_status IN ('official', 'exempted')) "
        "AS present FROM meetings_attendance "
        "WHERE meeting_id IN (SELECT meeting_id FROM gen_adoption) GROUP BY meeting_id) a "
        "WHERE a.meeting_id = g.meeting_id"
    )
    # No attendance sheet: the body's members that day (the cell's; the executive committee's
    # by its positions), all present.
    counts = (
        "count(*) FILTER (WHERE x.status IN ('official', 'exempted', 'suspended')) AS official, "
        "count(*) FILTER (WHERE x.status = 'suspended') AS suspended, "
        "count(*) FILTER (WHERE x.status IN ('official', 'exempted')) AS present"
    )
    update = (
        "UPDATE gen_adoption g SET official = v.official, suspended = v.suspended, "
        "present = v.present FROM (SELECT b.programme_id, {counts} FROM ({body}) AS b "
        f"CROSS JOIN LATERAL (SELECT {_status_on('b.member_id', 'b.date')} AS status) x "
        "GROUP BY b.programme_id) v WHERE v.programme_id = g.programme_id"
    )
    execute(
        update.format(
            counts=counts,
            body="SELECT g2.programme_id, g2.date, cm.member_id FROM gen_adoption g2 "
            "JOIN members_cellmembership cm ON cm.cell_id = g2.cell_id "
            "AND cm.start_date <= g2.date AND (cm.end_date IS NULL OR cm.end_date >= g2.date) "
            "WHERE g2.cell_id IS NOT NULL AND g2.official = 0",
        )
    )
    execute(
        update.format(
            counts=counts,
            body="SELECT DISTINCT g2.programme_id, g2.date, po.member_id FROM gen_adoption g2 "
            "JOIN members_position po ON po.committee_id = g2.committee_id "
            "AND po.cell_id IS NULL AND po.start_date <= g2.date "
            "AND (po.end_date IS NULL OR po.end_date >= g2.date) "
            "WHERE g2.cell_id IS NULL AND g2.official = 0",
        )
    )
    execute("DELETE FROM gen_adoption WHERE present = 0")
    base = "(SELECT COALESCE(max(id), 0) FROM meetings_motion)"
    execute("ALTER TABLE gen_adoption ADD COLUMN motion_id bigint")
    execute(
        f"UPDATE gen_adoption g SET motion_id = n.base + n.rn FROM (SELECT programme_id, "
        f"{base} AS base, row_number() OVER (ORDER BY programme_id) AS rn FROM gen_adoption) n "
        "WHERE n.programme_id = g.programme_id"
    )
    denominator = "(g.official - g.away - g.suspended - g.exempted_absent)"
    recorder = (
        f"CASE WHEN g.cell_id IS NULL THEN {secretary_user(plan, 'g.committee_id')} "
        f"ELSE {cell_secretary_user(plan, 'g.cell_id', 'g.committee_id')} END"
    )
    rows = insert_select(
        Motion,
        {
            "id": "g.motion_id",
            "meeting_id": "g.meeting_id",
            "agenda_item_id": "NULL",
            "kind": "'ordinary'",
            "method": "'hands'",
            "text": "replace(replace(" + literal(VOTE_TEXT) + ", '{year}', g.year::text), "
            "'{holder}', g.holder)",
            "yes": "g.present",
            "no": "0",
            "abstain": "0",
            "official_count": "g.official",
            "away_count": "g.away",
            "exempted_absent_count": "g.exempted_absent",
            "suspended_count": "g.suspended",
            "denominator": denominator,
            "eligible_present": "g.present",
            "threshold_numerator": "s.majority_numerator",
            "threshold_denominator": "s.majority_denominator",
            "threshold_strict": "true",
            "passed": "true",
            "working": _working_sql(
                "g.official",
                "g.away",
                "g.exempted_absent",
                "g.suspended",
                denominator,
                "g.present",
                "s.majority_numerator",
                "s.majority_denominator",
            ),
            "recorded_by_id": recorder,
            "recorded_at": at_local("g.date", "09:45"),
        },
        "FROM gen_adoption g JOIN cells_committeesettings s ON s.committee_id = g.committee_id "
        f"WHERE s.majority_denominator * g.present > s.majority_numerator * {denominator}",
    )
    execute(
        "UPDATE reviews_supervisionprogramme p SET motion_id = g.motion_id, "
        f"adopted_by_id = {recorder} FROM gen_adoption g "
        "WHERE g.programme_id = p.id AND EXISTS (SELECT 1 FROM meetings_motion mo "
        "WHERE mo.id = g.motion_id)"
    )
    return rows


def _subjects_table(plan: Plan) -> None:
    """gen_sup_pick: for each cell programme, the cell's current members on the roll without a
    position (its officers carry the items out), admitted before the year, in a random order
    (`rn`)."""
    execute("DROP TABLE IF EXISTS gen_sup_pick")
    execute(
        "CREATE TEMP TABLE gen_sup_pick AS SELECT p.id AS programme_id, p.committee_id, "
        "p.cell_id, p.year, m.id AS member_id, row_number() OVER (PARTITION BY p.id ORDER BY "
        # The benchmark's member is the first supervised in her cell (her page shows records).
        "m.user_id IS NOT DISTINCT FROM (SELECT id FROM members_user WHERE username = "
        f"{literal(BENCH_USERS['member'])}) DESC, "
        f"{rnd('m.id * 100 + mod(p.year, 100)', 340, 1000000)}, m.id) AS rn "
        "FROM reviews_supervisionprogramme p "
        "JOIN members_cellmembership cm ON cm.cell_id = p.cell_id AND cm.end_date IS NULL "
        "JOIN members_member m ON m.id = cm.member_id "
        "AND m.status IN ('official', 'probationary', 'exempted', 'suspended', 'away', "
        "'temporary') AND m.admitted_on < make_date(p.year, 1, 1) "
        "WHERE p.cell_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM members_position po "
        "WHERE po.member_id = m.id AND po.end_date IS NULL)"
    )
    execute("CREATE INDEX ON gen_sup_pick (programme_id, rn)")
    execute("CREATE INDEX ON gen_sup_pick (cell_id, year, rn)")


def supervision_items(plan: Plan) -> int:
    """Each cell's programme: three items (a regular supervision of one member in spring, a
    thematic one of two in summer, a regular one of one from mid-October to mid-December)
    carried out by the cell's secretary, when the cell has four members to supervise; the
    committee's: an inspection on signs of violation of a member of one cell in spring and a
    thematic supervision of another cell at the year's end, carried out by members of its
    executive committee."""
    _subjects_table(plan)
    cells_n = plan.cells_per_committee
    rows = 0
    enough = "(SELECT 1 FROM gen_sup_pick k WHERE k.programme_id = p.id AND k.rn = 4)"
    for kind, dimension, content, first, last, _picks in CELL_ITEMS:
        text = literal(content) if content else _pick(THEMES, "p.id", 341)
        rows += insert_select(
            SupervisionItem,
            {
                "programme_id": "p.id",
                "kind": literal(kind),
                "dimension": literal(dimension),
                "content": text,
                "subject_cell_id": "NULL",
                "planned_from": f"make_date(p.year, {first[0]}, {first[1]})",
                "planned_until": f"make_date(p.year, {last[0]}, {last[1]})",
                "created_by_id": "p.created_by_id",
            },
            f"FROM reviews_supervisionprogramme p WHERE p.cell_id IS NOT NULL AND EXISTS {enough}",
        )
    # The committee's items: about a member of cell 1 + (year mod cells) and about the next cell.
    subject_cell = f"(p.committee_id - 1) * {cells_n} + 1 + mod(p.year, {cells_n})"
    other_cell = f"(p.committee_id - 1) * {cells_n} + 1 + mod(p.year + 1, {cells_n})"
    rows += insert_select(
        SupervisionItem,
        {
            "programme_id": "p.id",
            "kind": "'inspection'",
            "dimension": "'charter'",
            "content": literal(INSPECTION),
            "subject_cell_id": "NULL",
            "planned_from": "make_date(p.year, 3, 1)",
            "planned_until": "make_date(p.year, 5, 31)",
            "created_by_id": "p.created_by_id",
        },
        "FROM reviews_supervisionprogramme p WHERE p.cell_id IS NULL AND EXISTS (SELECT 1 FROM "
        f"gen_sup_pick k WHERE k.cell_id = {subject_cell} AND k.year = p.year AND k.rn = 5)",
    )
    rows += insert_select(
        SupervisionItem,
        {
            "programme_id": "p.id",
            "kind": "'thematic'",
            "dimension": "'tasks'",
            "content": literal(CELL_THEME),
            "subject_cell_id": other_cell,
            "planned_from": "make_date(p.year, 11, 15)",
            "planned_until": "make_date(p.year, 12, 20)",
            "created_by_id": "p.created_by_id",
        },
        "FROM reviews_supervisionprogramme p WHERE p.cell_id IS NULL",
    )
    rows += _item_people(plan, subject_cell)
    return rows


def _item_people(plan: Plan, subject_cell: str) -> int:
    """The items' subjects and supervisors (the two many-to-many tables); returns the rows."""
    subjects = SupervisionItem.subject_members.through._meta.db_table
    supervisors = SupervisionItem.supervisors.through._meta.db_table
    # Cell items by their start: each takes its picks (`CELL_ITEMS`).
    picks = " ".join(
        f"WHEN make_date(p.year, {first[0]}, {first[1]}) THEN ARRAY{chosen}"
        for _k, _d, _c, first, _l, chosen in CELL_ITEMS
    )
    rows = execute(
        f"INSERT INTO {subjects} (supervisionitem_id, member_id) "
        "SELECT i.id, k.member_id FROM reviews_supervisionitem i "
        "JOIN reviews_supervisionprogramme p ON p.id = i.programme_id AND p.cell_id IS NOT NULL "
        f"JOIN gen_sup_pick k ON k.programme_id = p.id AND k.rn = ANY(CASE i.planned_from {picks} "
        "END)"
    )
    rows += execute(
        f"INSERT INTO {subjects} (supervisionitem_id, member_id) "
        "SELECT i.id, k.member_id FROM reviews_supervisionitem i "
        "JOIN reviews_supervisionprogramme p ON p.id = i.programme_id AND p.cell_id IS NULL "
        f"JOIN gen_sup_pick k ON k.cell_id = {subject_cell} AND k.year = p.year AND k.rn = 5 "
        "WHERE i.kind = 'inspection'"
    )
    rows += execute(
        f"INSERT INTO {supervisors} (supervisionitem_id, member_id) "
        f"SELECT i.id, {cell_secretary_user(plan, 'p.cell_id', 'p.committee_id')} "
        "FROM reviews_supervisionitem i "
        "JOIN reviews_supervisionprogramme p ON p.id = i.programme_id AND p.cell_id IS NOT NULL"
    )
    # The committee's: executive members 3 and 4 (not its secretary).
    rows += execute(
        f"INSERT INTO {supervisors} (supervisionitem_id, member_id) "
        f"SELECT i.id, {plan.member_id_sql('p.committee_id', 'n')} "
        "FROM reviews_supervisionitem i "
        "JOIN reviews_supervisionprogramme p ON p.id = i.programme_id AND p.cell_id IS NULL "
        "CROSS JOIN generate_series(3, 4) AS n "
        "WHERE i.kind = 'thematic' OR n = 3"
    )
    return rows


def supervision_records(plan: Plan) -> int:
    """The records of the adopted programmes' items: every subject of an item whose period is
    over, concluded (no violation 70 %, shortcomings to correct 27 %, signs of violation 3 %;
    recommendations due a month later, followed up but for some, now overdue); the first subject
    of an item under way, not concluded yet; nothing for an item not started."""
    today = f"DATE '{plan.today.isoformat()}'"
    subjects = SupervisionItem.subject_members.through._meta.db_table
    execute("DROP TABLE IF EXISTS gen_sup_subject")
    execute(
        "CREATE TEMP TABLE gen_sup_subject AS SELECT i.id AS item_id, p.committee_id, "
        "s.member_id, cm.cell_id AS cell_id, i.planned_from, i.planned_until, i.kind, "
        "i.created_by_id, "
        "row_number() OVER (PARTITION BY i.id ORDER BY s.member_id) AS rn "
        "FROM reviews_supervisionitem i "
        "JOIN reviews_supervisionprogramme p ON p.id = i.programme_id AND p.motion_id IS NOT NULL "
        f"JOIN {subjects} s ON s.supervisionitem_id = i.id "
        "JOIN members_cellmembership cm ON cm.member_id = s.member_id AND cm.end_date IS NULL "
        f"WHERE i.planned_from <= {today}"
    )
    execute(
        "INSERT INTO gen_sup_subject SELECT i.id, p.committee_id, NULL, i.subject_cell_id, "
        "i.planned_from, i.planned_until, i.kind, i.created_by_id, 1 "
        "FROM reviews_supervisionitem i "
        "JOIN reviews_supervisionprogramme p ON p.id = i.programme_id AND p.motion_id IS NOT NULL "
        f"WHERE i.subject_cell_id IS NOT NULL AND i.planned_from <= {today}"
    )
    key = "(s.item_id * 10 + s.rn)"
    done = f"(s.planned_until < {today})"
    r = rnd(key, 350, 100)
    # An inspection on signs of violation finds more than a routine supervision.
    conclusion = (
        f"CASE WHEN NOT {done} THEN '' "
        f"WHEN {r} < CASE WHEN s.kind = 'inspection' THEN 40 ELSE 70 END THEN 'no_violation' "
        f"WHEN {r} < CASE WHEN s.kind = 'inspection' THEN 85 ELSE 97 END THEN 'shortcomings' "
        "ELSE 'violation' END"
    )
    recorded_on = f"CASE WHEN {done} THEN s.planned_until - {rnd(key, 351, 10)}::int ELSE LEAST(s.planned_from + 7, {today}) END"
    deadline = "CASE WHEN x.conclusion IN ('shortcomings', 'violation') THEN x.recorded_on + 30 END"
    followed = f"(x.conclusion IN ('shortcomings', 'violation') AND x.recorded_on + 30 < {today} AND {rnd(key, 352, 100)} < 85)"
    findings = "CASE x.conclusion " + " ".join(
        f"WHEN {literal(k)} THEN {literal(v)}" for k, v in FINDINGS.items()
    )
    findings += f" ELSE {literal(UNDER_WAY_FINDINGS)} END"
    recommendations = (
        "CASE x.conclusion "
        + " ".join(f"WHEN {literal(k)} THEN {literal(v)}" for k, v in RECOMMENDATIONS.items())
        + " ELSE '' END"
    )
    return insert_select(
        SupervisionRecord,
        {
            "item_id": "s.item_id",
            "committee_id": "s.committee_id",
            "member_id": "s.member_id",
            "cell_id": "s.cell_id",
            "recorded_on": "x.recorded_on",
            "self_report": "CASE WHEN s.member_id IS NULL THEN '' "
            f"WHEN x.conclusion = '' THEN {literal(UNDER_WAY_REPORT)} ELSE {literal(SELF_REPORT)} END",
            "findings": f"CASE WHEN s.member_id IS NULL AND x.conclusion <> '' THEN "
            f"{literal(CELL_FINDINGS)} ELSE {findings} END",
            "conclusion": "x.conclusion",
            "recommendations": recommendations,
            "followup_deadline": deadline,
            "followup": f"CASE WHEN {followed} THEN {literal(FOLLOWUP)} ELSE '' END",
            "followup_done_on": f"CASE WHEN {followed} THEN x.recorded_on + 30 - "
            f"{rnd(key, 353, 15)}::int END",
            "discipline_id": "NULL",
            "created_by_id": "s.created_by_id",
        },
        "FROM gen_sup_subject s CROSS JOIN LATERAL (SELECT "
        f"{conclusion} AS conclusion, ({recorded_on})::date AS recorded_on) x "
        f"WHERE {done} OR s.rn = 1",
    )


STEPS = [
    ("review years", review_years),
    ("evaluations", evaluations),
    ("self-assessments this year", self_assessments),
    ("outstanding quota", quota),
    ("cell ratings", cell_ratings),
    ("residence comments", residence_comments),
    ("commendations", commendations),
    ("supervision programmes", supervision_programmes),
    ("supervision adoption", supervision_adoption),
    ("supervision items", supervision_items),
    ("supervision records", supervision_records),
]
