"""Scale data: the monthly reports to the superior — báo cáo định kỳ (DOMAIN §15).

Every committee reports every past month, as `reports.services` writes it: created in the next
month by its secretary (the number the next of the committee's year of creation, "Số 07-BC/ĐU";
the superior the one it is under at the period's end; its place, recipients and signatory), then
submitted — status submitted, dated the day, its figures frozen. ~5 % are submitted after the
superior's deadline day; last month's report, due this month, is submitted where its day has
passed, else a draft in most committees (none yet in the others); ~1 % of the earlier reports
were corrected (a version 2 with its reason, submitted a few days later); 0.5 % were never
sent (the superior's "overdue" alert).

The frozen figures are the JSON of `reports.figures.figures_json`, counted here in SQL from the
records the other steps wrote, by the rules of `reports.measures.period.period_figures`: the roll
at the period's end and the status events in it; the compliance matrix's rows (cells by code,
then the executive committee) with their regular meetings on time, late and missed, their
attendance and topic sessions, the meeting-quality grades; the study campaigns started, the
supervision records made, the fees collected, received and remitted, the tasks assigned, done
and overdue — what the report's page would count live for that month.
"""

import datetime

from cells.models import CommitteeSettings
from core.dates import add_months
from demo.scale.plan import Plan
from demo.scale.sql import execute, insert_select, rnd
from fees.rates import month_end
from library.models import StudyCampaign, StudyParticipant, StudyReport
from meetings.planning.schedule import on_time_until, scheduled_day
from reports.models import PeriodReport
from reports.services import FILE_COPY
from reviews.models import Discipline, SupervisionItem, SupervisionRecord

TZ = "Asia/Ho_Chi_Minh"
LATE_PERCENT = 5
DRAFT_PERCENT = 60  # of last month's reports not yet submitted
CORRECTED_PERCENT = 1
MISSING_PERMILLE = 5  # never submitted
SITUATION = [
    "Cán bộ, đảng viên trong Đảng bộ giữ vững lập trường, tư tưởng chính trị; chấp hành tốt chủ "
    "trương của Đảng, chính sách, pháp luật của Nhà nước. Không có đảng viên vi phạm tư cách.",
    "Tình hình chính trị, tư tưởng trong Đảng bộ ổn định; đảng viên yên tâm công tác, tích cực "
    "hưởng ứng các phong trào thi đua của đơn vị.",
    "Đảng viên quan tâm theo dõi tình hình thời sự trong nước và quốc tế, đồng tình với các chủ "
    "trương mới của cấp trên. Một số ý kiến băn khoăn về chế độ tiền lương đã được các chi bộ "
    "giải thích kịp thời.",
]
NOTABLE = [
    "Các chi bộ hoàn thành kế hoạch công tác tháng; duy trì nền nếp sinh hoạt định kỳ.",
    "Đảng ủy tập trung lãnh đạo thực hiện nhiệm vụ chính trị của đơn vị; hoàn thành các chỉ tiêu "
    "tháng đề ra.",
    "Kiểm tra việc thực hiện nghị quyết tháng của các chi bộ; kịp thời nhắc nhở những chi bộ "
    "còn chậm.",
]
PLAN = [
    "Tiếp tục duy trì sinh hoạt chi bộ định kỳ, nâng cao chất lượng sinh hoạt.\n"
    "Theo dõi, đôn đốc việc thu, nộp đảng phí đúng quy định.",
    "Triển khai học tập, quán triệt các văn bản mới của cấp trên.\n"
    "Chuẩn bị nội dung sinh hoạt chuyên đề của quý.",
    "Thực hiện kế hoạch kiểm tra, giám sát năm; phát triển đảng viên theo chỉ tiêu.\n"
    "Hoàn thành báo cáo định kỳ đúng hạn.",
]
CORRECTION_REASON = (
    "Điều chỉnh số liệu thu, nộp đảng phí sau khi đối chiếu với sổ thu nộp của các chi bộ."
)
MEMBER_KINDS = {
    "admitted": ["admitted"],
    "recognised": ["recognised"],
    "transferred_in": ["official_in"],
    "transferred_out": ["official_out"],
    "temporarily_in": ["temporary_in"],
    "temporarily_out": ["temporary_out"],
    "deceased": ["deceased"],
    "removed": ["removed", "expelled"],
}
ROLL = ["official", "probationary", "exempted", "suspended"]  # `Headcount.total`


def _months(plan: Plan) -> list[datetime.date]:
    """The months that have a report: those before this one."""
    current = plan.today.replace(day=1)
    return [month for month in plan.months if month < current]


def _tables(plan: Plan) -> None:
    """gen_rep_months (the months and their matrix days, by the committees' settings — the
    defaults every generated committee stores), gen_rep_texts, and gen_reports: one row per
    report (committee × month) with its dates, number and state."""
    rules = CommitteeSettings()
    execute("DROP TABLE IF EXISTS gen_rep_months")
    execute(
        "CREATE TEMP TABLE gen_rep_months (t int PRIMARY KEY, month date, period_end date, "
        "next_month date, scheduled date, on_time_until date)"
    )
    values = ", ".join(
        f"({t}, DATE '{month}', DATE '{month_end(month)}', DATE '{add_months(month, 1)}', "
        f"DATE '{scheduled_day(month.year, month.month, rules.meeting_day)}', "
        f"DATE '{on_time_until(month.year, month.month, rules)}')"
        for t, month in enumerate(_months(plan))
    )
    execute(f"INSERT INTO gen_rep_months VALUES {values}")
    execute("DROP TABLE IF EXISTS gen_rep_texts")
    execute(
        "CREATE TEMP TABLE gen_rep_texts (n int PRIMARY KEY, situation text, notable text, plan text)"
    )
    execute(
        "INSERT INTO gen_rep_texts VALUES " + ", ".join("(%s, %s, %s, %s)" for _ in SITUATION),
        [
            value
            for n, texts in enumerate(zip(SITUATION, NOTABLE, PLAN, strict=True))
            for value in (n, *texts)
        ],
    )
    key = "c.id * 1000 + rm.t"
    due = (
        "make_date(extract(year FROM rm.next_month)::int, extract(month FROM rm.next_month)::int, "
        "s.report_deadline_day)"
    )
    execute("DROP TABLE IF EXISTS gen_reports")
    execute(
        "CREATE TEMP TABLE gen_reports AS "
        # A few never sent (the superior's "overdue" alert); committee 1 (the benchmark's)
        # has last month's draft: the page counting live figures.
        "SELECT r.*, CASE "
        f"  WHEN r.committee_id <> 1 AND {rnd('r.key', 221, 1000)} < {MISSING_PERMILLE} THEN NULL "
        "  WHEN r.submitted_on < %s THEN 'submitted' "
        f"  WHEN r.committee_id = 1 OR {rnd('r.key', 213, 100)} < {DRAFT_PERCENT} "
        "  THEN 'draft' END AS status "
        "FROM (SELECT c.id AS committee_id, rm.t, rm.month, rm.period_end, rm.next_month, "
        f"  {key} AS key, sb.superior_id, sb.name AS body_name, "
        "  COALESCE(NULLIF(c.place_name, ''), s.place_name) AS place, "
        f"  CASE WHEN {rnd(key, 210, 100)} < {LATE_PERCENT} "
        f"    THEN {due} + 1 + {rnd(key, 211, 10)}::int "
        f"    ELSE GREATEST(rm.next_month, {due} - {rnd(key, 212, 14)}::int) END AS submitted_on "
        "FROM cells_committee c CROSS JOIN gen_rep_months rm "
        "JOIN cells_superiorbody sb ON sb.committee_id = c.id AND sb.valid_from <= rm.period_end "
        "  AND (sb.valid_until IS NULL OR sb.valid_until >= rm.period_end) "
        "JOIN cells_superior s ON s.id = sb.superior_id) r",
        [plan.today],
    )
    execute("DELETE FROM gen_reports WHERE status IS NULL")
    # Created a few days before it was submitted (a draft: early in the month it is due).
    execute(
        "ALTER TABLE gen_reports ADD COLUMN created_on date, ADD COLUMN number int, "
        "ADD COLUMN number_year int"
    )
    execute(
        "UPDATE gen_reports SET created_on = CASE WHEN status = 'submitted' "
        f"THEN GREATEST(next_month, submitted_on - {rnd('key', 214, 5)}::int) "
        f"ELSE LEAST(%s, next_month + 1 + {rnd('key', 215, 5)}::int) END",
        [plan.today],
    )
    execute(
        "UPDATE gen_reports g SET number = n.number, number_year = n.year FROM ("
        "  SELECT committee_id, t, extract(year FROM created_on)::int AS year, row_number() OVER "
        "    (PARTITION BY committee_id, extract(year FROM created_on) ORDER BY month) AS number "
        "  FROM gen_reports) n WHERE n.committee_id = g.committee_id AND n.t = g.t"
    )
    execute("ALTER TABLE gen_reports ADD PRIMARY KEY (committee_id, t)")
    execute("ANALYZE gen_reports")


def _member_figures() -> None:
    """gen_fig_members: the roll at the period's end (each member by her last status event on or
    before it) and the events dated in the period, per report."""
    execute("DROP TABLE IF EXISTS gen_status_spans")
    execute(
        "CREATE TEMP TABLE gen_status_spans AS SELECT m.committee_id, e.status_after, "
        "e.date AS from_date, lead(e.date) OVER (PARTITION BY e.member_id ORDER BY e.date, e.id) "
        "AS to_date FROM members_statusevent e JOIN members_member m ON m.id = e.member_id"
    )
    roll = ", ".join(
        f"count(*) FILTER (WHERE s.status_after = '{status}') AS {status}" for status in ROLL
    )
    execute("DROP TABLE IF EXISTS gen_fig_roll")
    execute(
        f"CREATE TEMP TABLE gen_fig_roll AS SELECT r.committee_id, r.t, {roll} "
        "FROM gen_reports r JOIN gen_status_spans s ON s.committee_id = r.committee_id "
        "AND s.from_date <= r.period_end AND (s.to_date IS NULL OR s.to_date > r.period_end) "
        "WHERE r.status = 'submitted' GROUP BY r.committee_id, r.t"
    )
    kinds = ", ".join(
        f"count(*) FILTER (WHERE e.kind IN ({', '.join(repr(k) for k in values)})) AS {name}"
        for name, values in MEMBER_KINDS.items()
    )
    execute("DROP TABLE IF EXISTS gen_fig_events")
    execute(
        f"CREATE TEMP TABLE gen_fig_events AS SELECT m.committee_id, "
        f"date_trunc('month', e.date)::date AS month, {kinds} "
        "FROM members_statusevent e JOIN members_member m ON m.id = e.member_id "
        "GROUP BY 1, 2"
    )
    execute("DROP TABLE IF EXISTS gen_fig_disciplines")
    execute(
        "CREATE TEMP TABLE gen_fig_disciplines AS SELECT m.committee_id, "
        "date_trunc('month', d.decided_on)::date AS month, count(*) AS n "
        f"FROM {Discipline._meta.db_table} d JOIN members_member m ON m.id = d.member_id "
        "GROUP BY 1, 2"
    )


def _meeting_figures() -> None:
    """gen_fig_meetings: per report, the matrix's rows over its month (as JSON) and their
    totals, and the quality grades of its held meetings."""
    rules = CommitteeSettings()
    execute("DROP TABLE IF EXISTS gen_fig_rowmonths")
    # Per holder (cell or executive committee) and month: its regular meeting, the attendance of
    # its regular meetings, its held topic sessions.
    execute(
        "CREATE TEMP TABLE gen_fig_rowmonths AS "
        "SELECT m.committee_id, COALESCE(m.cell_id, 0) AS cell_id, m.month, "
        "  max(m.date) FILTER (WHERE m.kind = 'regular' AND m.status IN ('held', 'approved')) "
        "    AS held_on, "
        "  COALESCE(sum(a.rows) FILTER (WHERE m.kind = 'regular'), 0) AS attendance_rows, "
        "  COALESCE(sum(a.present) FILTER (WHERE m.kind = 'regular'), 0) AS present, "
        "  count(*) FILTER (WHERE m.body = 'cell' AND m.status IN ('held', 'approved') AND "
        "    (m.kind = 'topic' OR (m.kind = 'regular' AND m.includes_topic))) AS topics "
        "FROM meetings_meeting m LEFT JOIN ("
        "  SELECT meeting_id, count(*) AS rows, count(*) FILTER (WHERE status = 'present') "
        "  AS present FROM meetings_attendance GROUP BY meeting_id"
        ") a ON a.meeting_id = m.id "
        "WHERE m.body IN ('cell', 'executive') GROUP BY 1, 2, 3"
    )
    execute("ALTER TABLE gen_fig_rowmonths ADD PRIMARY KEY (committee_id, cell_id, month)")
    scores = ("quality_preparation", "quality_attendance", "quality_conduct", "quality_closing")
    total = " + ".join(f"mi.{name}" for name in scores)
    grade = (
        f"CASE WHEN {total} >= {rules.quality_good_min} THEN 'good' "
        f"WHEN {total} >= {rules.quality_fair_min} THEN 'fair' "
        f"WHEN {total} >= {rules.quality_average_min} THEN 'average' ELSE 'poor' END"
    )
    execute("DROP TABLE IF EXISTS gen_fig_grades")
    execute(
        "CREATE TEMP TABLE gen_fig_grades AS SELECT m.committee_id, m.month, "
        + ", ".join(
            f"count(*) FILTER (WHERE {grade} = '{g}') AS {g}"
            for g in ("good", "fair", "average", "poor")
        )
        + " FROM meetings_minutes mi JOIN meetings_meeting m ON m.id = mi.meeting_id "
        "WHERE m.body IN ('cell', 'executive') AND m.status IN ('held', 'approved') AND "
        + " AND ".join(f"mi.{name} IS NOT NULL" for name in scores)
        + " GROUP BY 1, 2"
    )
    # The matrix's rows of each report: the cells that exist during the year (by code), then
    # the executive committee; a month applies to a holder that exists on its scheduled day.
    execute("DROP TABLE IF EXISTS gen_fig_rows")
    execute(
        "CREATE TEMP TABLE gen_fig_rows AS SELECT x.*, "
        "  CASE WHEN x.applicable AND x.held_on IS NOT NULL AND x.held_on <= x.on_time_until "
        "    THEN 1 ELSE 0 END AS on_time, "
        "  CASE WHEN x.applicable AND x.held_on > x.on_time_until THEN 1 ELSE 0 END AS late, "
        "  CASE WHEN x.applicable AND x.held_on IS NULL THEN 1 ELSE 0 END AS missed "
        "FROM (SELECT r.committee_id, r.t, h.sort, h.code, h.cell_id, h.name, rm.on_time_until, "
        "  (h.founded_on IS NULL OR h.founded_on <= rm.scheduled) "
        "    AND (h.dissolved_on IS NULL OR rm.scheduled <= h.dissolved_on) AS applicable, "
        "  rw.held_on, COALESCE(rw.present, 0) AS present, "
        "  COALESCE(rw.attendance_rows, 0) AS attendance_rows, "
        "  CASE WHEN h.cell_id IS NULL THEN 0 ELSE COALESCE(rw.topics, 0) END AS topics_held "
        "FROM gen_reports r JOIN gen_rep_months rm ON rm.t = r.t "
        "JOIN (SELECT cl.committee_id, 0 AS sort, cl.code, cl.id AS cell_id, cl.name, "
        "    cl.founded_on, cl.dissolved_on FROM cells_cell cl "
        "  UNION ALL SELECT c.id, 1, '', NULL, '', c.founded_on, NULL FROM cells_committee c"
        ") h ON h.committee_id = r.committee_id "
        "  AND (h.cell_id IS NULL OR ((h.founded_on IS NULL OR h.founded_on <= "
        "    make_date(extract(year FROM r.month)::int, 12, 31)) AND (h.dissolved_on IS NULL "
        "    OR h.dissolved_on >= date_trunc('year', r.month)::date))) "
        "LEFT JOIN gen_fig_rowmonths rw ON rw.committee_id = r.committee_id "
        "  AND rw.cell_id = COALESCE(h.cell_id, 0) AND rw.month = r.month "
        "WHERE r.status = 'submitted') x"
    )
    counts = ("held", "on_time", "late", "missed", "present", "attendance_rows", "topics_held")
    held = "(on_time + late)"
    row = (
        "jsonb_build_object('key', CASE WHEN cell_id IS NULL THEN 'executive' "
        "ELSE 'cell-' || cell_id END, 'name', name, 'cell_id', cell_id, "
        f"'held', {held}, 'on_time', on_time, 'late', late, 'missed', missed, "
        "'present', present, 'attendance_rows', attendance_rows, "
        f"'attendance_percent', {_percent('present', 'attendance_rows')}, "
        "'topics_held', topics_held)"
    )
    sums = ", ".join(f"sum({held if name == 'held' else name})::int AS {name}" for name in counts)
    execute("DROP TABLE IF EXISTS gen_fig_meetings")
    execute(
        "CREATE TEMP TABLE gen_fig_meetings AS SELECT committee_id, t, "
        f"jsonb_agg({row} ORDER BY sort, code, cell_id) AS rows, {sums} "
        "FROM gen_fig_rows GROUP BY committee_id, t"
    )


def _percent(count: str, whole: str) -> str:
    """`reviews.reports.data.percent_of` as the figures write it: "80.0", or null."""
    return f"CASE WHEN {whole} > 0 THEN round({count} * 100.0 / {whole}, 1)::text END"


def _other_figures() -> None:
    """gen_fig_study (the campaigns started in the month), gen_fig_supervision (the records made
    in it), gen_fig_fees (collected, received, remitted for it), gen_fig_tasks (assigned, done,
    overdue at its end)."""
    campaign = StudyCampaign._meta.db_table
    participant = StudyParticipant._meta.db_table
    study_report = StudyReport._meta.db_table
    execute("DROP TABLE IF EXISTS gen_fig_study")
    execute(
        "CREATE TEMP TABLE gen_fig_study AS SELECT sc.committee_id, "
        "date_trunc('month', sc.starts_on)::date AS month, "
        "jsonb_agg(jsonb_build_object('title', sc.title, "
        "  'starts_on', to_char(sc.starts_on, 'YYYY-MM-DD'), "
        "  'deadline', to_char(sc.deadline, 'YYYY-MM-DD'), "
        "  'participants', p.participants, 'done', p.done) ORDER BY sc.starts_on, sc.id) "
        "  AS campaigns, "
        "count(*) AS started, sum(p.participants)::int AS participants, sum(p.done)::int AS done "
        f"FROM {campaign} sc JOIN LATERAL ("
        "  SELECT count(*) AS participants, count(*) FILTER (WHERE sp.studied_at IS NOT NULL "
        "    AND (NOT sc.report_required OR sr.id IS NOT NULL)) AS done "
        f"  FROM {participant} sp LEFT JOIN {study_report} sr ON sr.participant_id = sp.id "
        "  WHERE sp.campaign_id = sc.id"
        ") p ON true GROUP BY 1, 2"
    )
    record = SupervisionRecord._meta.db_table
    item = SupervisionItem._meta.db_table
    execute("DROP TABLE IF EXISTS gen_fig_supervision")
    execute(
        "CREATE TEMP TABLE gen_fig_supervision AS SELECT sr.committee_id, "
        "date_trunc('month', sr.recorded_on)::date AS month, count(*) AS total, "
        "count(*) FILTER (WHERE si.kind = 'regular') AS regular, "
        "count(*) FILTER (WHERE si.kind = 'thematic') AS thematic, "
        "count(*) FILTER (WHERE si.kind = 'inspection') AS inspection, "
        "count(*) FILTER (WHERE sr.conclusion = 'violation') AS violations "
        f"FROM {record} sr JOIN {item} si ON si.id = sr.item_id GROUP BY 1, 2"
    )
    execute("DROP TABLE IF EXISTS gen_fig_fees")
    execute(
        "CREATE TEMP TABLE gen_fig_fees AS SELECT r.committee_id, r.t, "
        "COALESCE(p.collected, 0)::bigint AS collected, "
        "COALESCE(re.received, 0)::bigint AS received, "
        "COALESCE(re.remitted, 0)::bigint AS remitted "
        "FROM gen_reports r LEFT JOIN ("
        "  SELECT cl.committee_id, p.month, sum(p.total) AS collected FROM ("
        "    SELECT cell_id, month, sum(amount_paid) AS total FROM fees_feepayment "
        "    WHERE reversed_at IS NULL GROUP BY cell_id, month"
        "  ) p JOIN cells_cell cl ON cl.id = p.cell_id GROUP BY 1, 2"
        ") p ON p.committee_id = r.committee_id AND p.month = r.month "
        "LEFT JOIN ("
        "  SELECT committee_id, month, sum(amount) FILTER (WHERE cell_id IS NOT NULL) AS received, "
        "    sum(amount) FILTER (WHERE cell_id IS NULL) AS remitted "
        "  FROM fees_remittance WHERE reversed_at IS NULL GROUP BY 1, 2"
        ") re ON re.committee_id = r.committee_id AND re.month = r.month "
        "WHERE r.status = 'submitted'"
    )
    # Tasks: a part is overdue at a day when its deadline has passed and it was neither done nor
    # cancelled by then; only parts ever overdue at a month's end are joined with the months.
    resolved = (
        "CASE WHEN ta.status = 'done' THEN ta.done_on "
        f"WHEN ta.status = 'cancelled' THEN (ta.updated_at AT TIME ZONE '{TZ}')::date END"
    )
    execute("DROP TABLE IF EXISTS gen_fig_tasks")
    execute(
        "CREATE TEMP TABLE gen_fig_tasks AS SELECT r.committee_id, r.t, "
        "COALESCE(a.assigned, 0) AS assigned, COALESCE(a.done, 0) AS done, "
        "COALESCE(o.overdue, 0) AS overdue "
        "FROM gen_reports r LEFT JOIN ("
        "  SELECT tk.committee_id, date_trunc('month', m.date)::date AS month, "
        "    count(*) FILTER (WHERE ta.status <> 'cancelled') AS assigned, 0 AS done "
        "  FROM meetings_taskassignment ta JOIN meetings_task tk ON tk.id = ta.task_id "
        "  JOIN meetings_meeting m ON m.id = tk.meeting_id GROUP BY 1, 2"
        ") a ON a.committee_id = r.committee_id AND a.month = r.month "
        "LEFT JOIN ("
        "  SELECT r2.committee_id, r2.t, count(*) AS overdue FROM ("
        f"    SELECT tk.committee_id, tk.deadline, {resolved} AS resolved "
        "    FROM meetings_taskassignment ta JOIN meetings_task tk ON tk.id = ta.task_id"
        "  ) x JOIN gen_reports r2 ON r2.committee_id = x.committee_id "
        "    AND x.deadline < r2.period_end AND (x.resolved IS NULL OR x.resolved > r2.period_end) "
        "  WHERE x.resolved IS NULL OR x.resolved > x.deadline + 1 "
        "  GROUP BY 1, 2"
        ") o ON o.committee_id = r.committee_id AND o.t = r.t "
        "WHERE r.status = 'submitted'"
    )
    execute(
        "UPDATE gen_fig_tasks g SET done = d.done FROM ("
        "  SELECT tk.committee_id, date_trunc('month', ta.done_on)::date AS month, count(*) AS done "
        "  FROM meetings_taskassignment ta JOIN meetings_task tk ON tk.id = ta.task_id "
        "  WHERE ta.status = 'done' GROUP BY 1, 2"
        ") d, gen_reports r WHERE r.committee_id = g.committee_id AND r.t = g.t "
        "AND d.committee_id = g.committee_id AND d.month = r.month"
    )


def _figures() -> None:
    """gen_figures: the JSON each submitted report freezes."""
    _member_figures()
    _meeting_figures()
    _other_figures()
    day = "to_char({}, 'YYYY-MM-DD')"
    members = ", ".join(
        [f"'{status}', COALESCE(ro.{status}, 0)" for status in ("official", "probationary")]
        + ["'total', " + " + ".join(f"COALESCE(ro.{status}, 0)" for status in ROLL)]
        + [f"'{name}', COALESCE(ev.{name}, 0)" for name in MEMBER_KINDS]
        + ["'disciplined', COALESCE(di.n, 0)"]
    )
    counts = ("held", "on_time", "late", "missed", "present", "attendance_rows", "topics_held")
    total = ", ".join(f"'{name}', mt.{name}" for name in counts)
    grades = ", ".join(f"'{g}', COALESCE(gr.{g}, 0)" for g in ("good", "fair", "average", "poor"))
    supervision = ", ".join(
        f"'{name}', COALESCE(su.{name}, 0)"
        for name in ("total", "regular", "thematic", "inspection", "violations")
    )
    execute("DROP TABLE IF EXISTS gen_figures")
    execute(
        "CREATE TEMP TABLE gen_figures AS SELECT r.committee_id, r.t, jsonb_build_object("
        f"'start', {day.format('r.month')}, 'end', {day.format('r.period_end')}, "
        f"'as_of', {day.format('r.period_end')}, "
        f"'members', jsonb_build_object({members}), "
        "'meetings', jsonb_build_object('rows', mt.rows, "
        f"  'total', jsonb_build_object({total}, "
        f"    'attendance_percent', {_percent('mt.present', 'mt.attendance_rows')}), "
        f"  'grades', jsonb_build_object({grades})), "
        "'study', jsonb_build_object('started', COALESCE(st.started, 0), "
        "  'participants', COALESCE(st.participants, 0), 'done', COALESCE(st.done, 0), "
        "  'campaigns', COALESCE(st.campaigns, '[]'::jsonb)), "
        f"'supervision', jsonb_build_object({supervision}), "
        "'fees', jsonb_build_object('collected', fe.collected, 'received', fe.received, "
        "  'remitted', fe.remitted), "
        "'tasks', jsonb_build_object('assigned', ta.assigned, 'done', ta.done, "
        "  'overdue', ta.overdue)"
        ") AS figures "
        "FROM gen_reports r "
        "JOIN gen_fig_meetings mt ON mt.committee_id = r.committee_id AND mt.t = r.t "
        "JOIN gen_fig_fees fe ON fe.committee_id = r.committee_id AND fe.t = r.t "
        "JOIN gen_fig_tasks ta ON ta.committee_id = r.committee_id AND ta.t = r.t "
        "LEFT JOIN gen_fig_roll ro ON ro.committee_id = r.committee_id AND ro.t = r.t "
        "LEFT JOIN gen_fig_events ev ON ev.committee_id = r.committee_id AND ev.month = r.month "
        "LEFT JOIN gen_fig_disciplines di ON di.committee_id = r.committee_id "
        "  AND di.month = r.month "
        "LEFT JOIN gen_fig_grades gr ON gr.committee_id = r.committee_id AND gr.month = r.month "
        "LEFT JOIN gen_fig_study st ON st.committee_id = r.committee_id AND st.month = r.month "
        "LEFT JOIN gen_fig_supervision su ON su.committee_id = r.committee_id "
        "  AND su.month = r.month "
        "WHERE r.status = 'submitted'"
    )
    execute("ALTER TABLE gen_figures ADD PRIMARY KEY (committee_id, t)")


def reports(plan: Plan) -> int:
    """Version 1 of every monthly report (submitted, or last month's draft), then the
    corrections."""
    if not _months(plan):
        return 0
    _tables(plan)
    _figures()
    per = plan.members_per_committee
    secretary_user = f"(r.committee_id - 1) * {per} + 1"
    submitted = "r.status = 'submitted'"
    submitted_at = f"(r.submitted_on + TIME '15:00') AT TIME ZONE '{TZ}' + " + (
        f"{rnd('r.key', 216, 120)} * interval '1 minute'"
    )
    # The committee's secretary on the day it was created signs (`members.selectors.secretary_on`).
    signer = (
        "COALESCE((SELECT mb.full_name FROM members_position po "
        "JOIN members_member mb ON mb.id = po.member_id "
        "WHERE po.committee_id = r.committee_id AND po.cell_id IS NULL "
        "AND po.role = 'committee_secretary' AND po.start_date <= r.created_on "
        "AND (po.end_date IS NULL OR po.end_date >= r.created_on) "
        "ORDER BY po.start_date DESC, po.id DESC LIMIT 1), '')"
    )
    text = f"CASE WHEN {submitted} OR {rnd('r.key', 217, 2)} = 0 THEN tx.{{}} ELSE '' END"
    rows = insert_select(
        PeriodReport,
        {
            "committee_id": "r.committee_id",
            "kind": "'month'",
            "period_start": "r.month",
            "period_end": "r.period_end",
            "superior_id": "r.superior_id",
            "number": "r.number",
            "number_year": "r.number_year",
            "version": "1",
            "correction_reason": "''",
            "status": "r.status",
            "place": "r.place",
            "issued_on": f"CASE WHEN {submitted} THEN r.submitted_on ELSE r.created_on END",
            "recipients": f"r.body_name || ' (để báo cáo),' || chr(10) || '{FILE_COPY}'",
            "signer": "'secretary'",
            "signer_name": signer,
            "situation": text.format("situation"),
            "notable": f"CASE WHEN {submitted} THEN tx.notable ELSE '' END",
            "plan": f"CASE WHEN {submitted} THEN tx.plan ELSE '' END",
            "figures": "f.figures",
            "created_at": f"(r.created_on + TIME '08:30') AT TIME ZONE '{TZ}'",
            "created_by_id": secretary_user,
            "submitted_at": f"CASE WHEN {submitted} THEN {submitted_at} END",
            "submitted_by_id": f"CASE WHEN {submitted} THEN {secretary_user} END",
        },
        "FROM gen_reports r "
        f"JOIN gen_rep_texts tx ON tx.n = {rnd('r.key', 218, len(SITUATION))} "
        "LEFT JOIN gen_figures f ON f.committee_id = r.committee_id AND f.t = r.t "
        "ORDER BY r.committee_id, r.t",
    )
    # Corrections: a new version with its reason, submitted a few days after the first.
    last = add_months(plan.today.replace(day=1), -1)
    corrected_on = f"(v.submitted_at + (3 + {rnd('v.id', 219, 6)}) * interval '1 day')"
    rows += insert_select(
        PeriodReport,
        {
            "committee_id": "v.committee_id",
            "kind": "v.kind",
            "period_start": "v.period_start",
            "period_end": "v.period_end",
            "superior_id": "v.superior_id",
            "number": "v.number",
            "number_year": "v.number_year",
            "version": "2",
            "correction_reason": "%s",
            "status": "'submitted'",
            "place": "v.place",
            "issued_on": f"({corrected_on} AT TIME ZONE '{TZ}')::date",
            "recipients": "v.recipients",
            "signer": "v.signer",
            "signer_name": "v.signer_name",
            "situation": "v.situation",
            "notable": "v.notable",
            "plan": "v.plan",
            "figures": "v.figures",
            "created_at": f"{corrected_on} - interval '2 hours'",
            "created_by_id": "v.created_by_id",
            "submitted_at": corrected_on,
            "submitted_by_id": "v.submitted_by_id",
        },
        "FROM reports_periodreport v WHERE v.status = 'submitted' AND v.version = 1 "
        f"AND v.period_start < %s AND {rnd('v.id', 220, 100)} < {CORRECTED_PERCENT} "
        f"AND {corrected_on} < now()",
        [CORRECTION_REASON, last],
    )
    return rows


STEPS = [("monthly reports", reports)]
