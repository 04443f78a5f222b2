"""Scale data: meetings — every cell's monthly meeting and the executive committee's, with their
agenda, document, attendance (~9 M rows at province scale), minutes, contributions, the vote on
the month's resolution, the resolution and a task for three members; read receipts.

A month before the current one is held and its minutes approved (a few of last month's are only
ready); this month's meeting is held if its day has passed (minutes in draft), else published;
next month's is published. About 2 % of cell-months have no meeting (the dashboards' misses).
"""

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from demo.scale.plan import EXECUTIVE_SIZE, Plan
from demo.scale.sql import execute, indexes_dropped, insert_select, rnd
from meetings.models import (
    AgendaItem,
    Attendance,
    Contribution,
    Document,
    Meeting,
    Minutes,
    Motion,
    ReadReceipt,
    Resolution,
    Task,
    TaskAssignment,
)

SAMPLE_FILE = "scale/du-thao-nghi-quyet.pdf"
SAMPLE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
AGENDA = [
    ("political", 10, "Tình hình tư tưởng chính trị; thông tin thời sự, chỉ thị, nghị quyết mới"),
    ("tasks", 20, "Đánh giá kết quả thực hiện nhiệm vụ tháng trước; phương hướng nhiệm vụ tháng tới"),
    ("party", 30, "Công tác xây dựng Đảng: đảng viên, phát triển đảng viên, kiểm tra giám sát, đảng phí"),
]  # fmt: skip
SUMMARY = "Chi bộ thông tin thời sự trong tháng; đánh giá việc thực hiện nghị quyết tháng trước."
CONCLUSION = "Chi bộ thống nhất nội dung; giao chi ủy triển khai thực hiện."
CONTRIBUTION = "Đề nghị chi bộ theo dõi sát việc thực hiện nhiệm vụ của từng đảng viên."
RESOLUTION_CONTENT = (
    "Căn cứ kết quả thực hiện nhiệm vụ tháng trước, Chi bộ quyết nghị:\n"
    "1. Duy trì nền nếp làm việc; thực hiện đúng chương trình, kế hoạch.\n"
    "2. Mỗi đảng viên đăng ký và thực hiện ít nhất một việc làm cụ thể trong tháng.\n"
    "Chi ủy có trách nhiệm triển khai, kiểm tra việc thực hiện nghị quyết này."
)
TERM_2_START = datetime.date(2025, 7, 1)


def _months_table(plan: Plan) -> None:
    """gen_months(t, month, day, state): the generated months and next month, with the state
    a meeting of that month is in."""
    current = plan.today.replace(day=1)
    upcoming = (current + datetime.timedelta(days=32)).replace(day=1)
    rows = []
    for t, month in enumerate([*plan.months, upcoming]):
        day = month.replace(day=5)
        if month < current:
            state = "approved"
        elif month == current and day < plan.today:
            state = "held"
        else:
            state = "published"
        rows.append(f"({t}, DATE '{month}', DATE '{day}', '{state}')")
    execute("DROP TABLE IF EXISTS gen_months")
    execute("CREATE TEMP TABLE gen_months (t int PRIMARY KEY, month date, day date, state text)")
    execute(f"INSERT INTO gen_months VALUES {', '.join(rows)}")


def meetings(plan: Plan) -> int:
    _months_table(plan)
    slots = plan.month_count + 1
    per, cells_n = plan.members_per_committee, plan.cells_per_committee
    previous = plan.months[-2] if len(plan.months) > 1 else plan.months[-1]
    status = (
        f"CASE WHEN gm.state = 'approved' AND gm.month = DATE '{previous}' "
        f"AND {rnd('cl.id', 101, 100)} < 10 THEN 'held' ELSE gm.state END"
    )
    common = {
        "kind": "'regular'",
        "includes_topic": "extract(month FROM gm.month) IN (3, 6, 9, 12)",
        "includes_review": "false",
        "date": "gm.day",
        "month": "gm.month",
        "start_time": "TIME '16:30'",
        "place": "'Phòng họp'",
        "recorded_afterwards": "false",
        "topic_quarter": "CASE WHEN extract(month FROM gm.month) IN (3, 6, 9, 12) "
        "THEN extract(quarter FROM gm.month)::int END",
        "published_at": "(gm.day - 7) + TIME '08:00'",
        "published_late": "false",
        "updated_after_publishing": "false",
    }
    topic = (
        "CASE WHEN extract(month FROM gm.month) IN (3, 6, 9, 12) THEN "
        "'Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh — quý ' "
        "|| extract(quarter FROM gm.month) ELSE '' END"
    )
    rows = insert_select(
        Meeting,
        {
            **common,
            "id": f"(cl.id - 1) * {slots} + gm.t + 1",
            "committee_id": "cl.committee_id",
            "body": "'cell'",
            "cell_id": "cl.id",
            "status": status,
            "topic": topic,
            "chair_id": f"(cl.committee_id - 1) * {per} + {cells_n} + (cl.id - 1 - (cl.committee_id - 1) * {cells_n}) + 1",
            "clerk_id": f"(cl.committee_id - 1) * {per} + {2 * cells_n} + (cl.id - 1 - (cl.committee_id - 1) * {cells_n}) + 1",
            "created_by_id": f"(cl.committee_id - 1) * {per} + {cells_n} + (cl.id - 1 - (cl.committee_id - 1) * {cells_n}) + 1",
        },
        "FROM cells_cell cl CROSS JOIN gen_months gm "
        f"WHERE gm.state <> 'approved' OR {rnd('cl.id * 1000 + gm.t', 102)} >= 20",
    )
    rows += insert_select(
        Meeting,
        {
            **common,
            "id": f"{plan.cells * slots} + (c.id - 1) * {slots} + gm.t + 1",
            "committee_id": "c.id",
            "body": "'executive'",
            "cell_id": "NULL",
            "status": "gm.state",
            "includes_topic": "false",
            "topic_quarter": "NULL",
            "topic": "''",
            "chair_id": f"(c.id - 1) * {per} + 1",
            "clerk_id": f"(c.id - 1) * {per} + 2",
            "created_by_id": f"(c.id - 1) * {per} + 1",
        },
        "FROM cells_committee c CROSS JOIN gen_months gm",
    )
    return rows


def agenda(plan: Plan) -> int:
    rows = 0
    for section, position, title in AGENDA:
        rows += insert_select(
            AgendaItem,
            {
                "meeting_id": "m.id",
                "section": "%s",
                "position": "%s",
                "title": "%s",
                "presenter_id": "m.chair_id",
                "from_schedule": "true",
                "summary": "CASE WHEN m.status IN ('held', 'approved') THEN %s ELSE '' END",
                "conclusion": "CASE WHEN m.status IN ('held', 'approved') THEN %s ELSE '' END",
            },
            "FROM meetings_meeting m",
            [section, position, title, SUMMARY, CONCLUSION],
        )
    return rows


def documents(plan: Plan) -> int:
    """The draft resolution of every cell meeting: metadata; all rows share one real file."""
    if not default_storage.exists(SAMPLE_FILE):
        default_storage.save(SAMPLE_FILE, ContentFile(SAMPLE_PDF))
    return insert_select(
        Document,
        {
            "meeting_id": "m.id",
            "agenda_item_id": "NULL",
            "title": "'Dự thảo Nghị quyết tháng ' || to_char(m.month, 'MM/YYYY')",
            "file": "%s",
            "original_name": "'du-thao-nghi-quyet-' || to_char(m.month, 'YYYY-MM') || '.pdf'",
            "kind": "'pdf'",
            "size": "%s",
            "uploaded_by_id": "m.created_by_id",
            "uploaded_at": "(m.date - 8) + TIME '09:30'",
            "added_late": "false",
            "archived": "false",
        },
        # In meeting order: the documents' ids, which the read receipts' draws use, are the
        # same on every run.
        "FROM meetings_meeting m WHERE m.body = 'cell' ORDER BY m.id",
        [SAMPLE_FILE, len(SAMPLE_PDF)],
    )


def attendance(plan: Plan) -> int:
    """One row per member of the body on the day; ~1 % unexcused, ~5 % excused; a few members
    (3 in 1,000) miss a third of their meetings (the absence flag)."""
    member_status = (
        "CASE WHEN recognised_on IS NOT NULL AND recognised_on <= date "
        "THEN 'official' ELSE 'probationary' END"
    )
    cell = (
        "CASE WHEN habitual AND choice < 330 THEN 'unexcused' WHEN choice < 10 THEN 'unexcused' "
        "WHEN choice < 60 THEN 'excused' ELSE 'present' END"
    )
    draws = f"{rnd('m.id * 200000 + mb.id', 103)} AS choice, {rnd('mb.id', 104)} < 3 AS habitual"
    with indexes_dropped(Attendance):
        rows = insert_select(
            Attendance,
            {
                "meeting_id": "meeting_id",
                "member_id": "member_id",
                "member_status": member_status,
                "status": cell,
                "reason": f"CASE WHEN ({cell}) = 'excused' THEN 'Đi công tác' ELSE '' END",
            },
            "FROM (SELECT m.id AS meeting_id, mb.id AS member_id, m.date, mb.recognised_on, "
            f"{draws} FROM meetings_meeting m "
            "JOIN members_cellmembership cm ON cm.cell_id = m.cell_id AND cm.start_date <= m.date "
            "JOIN members_member mb ON mb.id = cm.member_id AND mb.admitted_on <= m.date "
            "WHERE m.body = 'cell' AND m.status IN ('held', 'approved')) AS s",
        )
        rows += insert_select(
            Attendance,
            {
                "meeting_id": "meeting_id",
                "member_id": "member_id",
                "member_status": member_status,
                "status": "CASE WHEN choice < 50 THEN 'excused' ELSE 'present' END",
                "reason": "CASE WHEN choice < 50 THEN 'Đi công tác' ELSE '' END",
            },
            "FROM (SELECT m.id AS meeting_id, mb.id AS member_id, m.date, mb.recognised_on, "
            f"{draws} FROM meetings_meeting m "
            "JOIN members_member mb ON mb.committee_id = m.committee_id "
            f"AND mb.id <= (m.committee_id - 1) * {plan.members_per_committee} + {EXECUTIVE_SIZE} "
            "WHERE m.body = 'executive' AND m.status IN ('held', 'approved')) AS s",
        )
    return rows


def minutes(plan: Plan) -> int:
    state = (
        "CASE WHEN m.status = 'approved' THEN 'approved' "
        "WHEN m.month < date_trunc('month', %s::date) THEN 'ready' ELSE 'draft' END"
    )
    today = plan.today.isoformat()
    return insert_select(
        Minutes,
        {
            "meeting_id": "m.id",
            "state": state,
            "version": "2",
            "opened_at": "TIME '16:30'",
            "closed_at": "TIME '18:10'",
            "quality_preparation": "14",
            "quality_attendance": "19",
            "quality_conduct": "42",
            "quality_closing": "18",
            "updated_at": "(m.date + 1) + TIME '11:00'",
            "updated_by_id": "m.clerk_id",
            "ready_at": "CASE WHEN m.status = 'approved' OR m.month < date_trunc('month', %s::date) "
            "THEN (m.date + 2) + TIME '11:30' END",
            "ready_by_id": "CASE WHEN m.status = 'approved' OR m.month < "
            "date_trunc('month', %s::date) THEN m.clerk_id END",
            "approved_at": "CASE WHEN m.status = 'approved' THEN (m.date + 2) + TIME '12:30' END",
            "approved_by_id": "CASE WHEN m.status = 'approved' THEN m.chair_id END",
            "approved_by_name": "CASE WHEN m.status = 'approved' THEN ch.full_name ELSE '' END",
        },
        "FROM meetings_meeting m JOIN members_member ch ON ch.id = m.chair_id "
        "WHERE m.status IN ('held', 'approved')",
        [today, today, today],
    )


def contributions(plan: Plan) -> int:
    """One contribution under the first agenda item of each held meeting, by its clerk."""
    return insert_select(
        Contribution,
        {
            "agenda_item_id": "a.id",
            "position": "10",
            "speaker_member_id": "m.clerk_id",
            "speaker_guest_id": "NULL",
            "text": "%s",
        },
        "FROM meetings_agendaitem a JOIN meetings_meeting m ON m.id = a.meeting_id "
        "WHERE a.position = 10 AND m.status IN ('held', 'approved')",
        [CONTRIBUTION],
    )


def decisions(plan: Plan) -> int:
    """The vote on the month's resolution (show of hands, every present official in favour),
    the resolution numbered per cell (or executive) and term, and its task for three members."""
    rows = insert_select(
        Motion,
        {
            "meeting_id": "m.id",
            "agenda_item_id": "NULL",
            "kind": "'ordinary'",
            "method": "'hands'",
            "text": "'Thông qua Nghị quyết tháng ' || to_char(m.month, 'MM/YYYY') || '.'",
            "subject_member_id": "NULL",
            "yes": "t.present",
            "no": "0",
            "abstain": "0",
            "official_count": "t.official",
            "away_count": "0",
            "exempted_absent_count": "0",
            "suspended_count": "0",
            "denominator": "t.official",
            "eligible_present": "t.present",
            "threshold_numerator": "1",
            "threshold_denominator": "2",
            "threshold_strict": "true",
            "passed": "t.present * 2 > t.official",
            "working": "t.official || ' đảng viên chính thức → ' || t.official || '; ' "
            "|| t.present || ' tán thành > ' || t.official || '/2 → thông qua'",
            "recorded_by_id": "m.clerk_id",
            "recorded_at": "(m.date) + TIME '17:45'",
        },
        "FROM meetings_meeting m JOIN ("
        "  SELECT meeting_id, count(*) FILTER (WHERE member_status = 'official') AS official,"
        "    count(*) FILTER (WHERE member_status = 'official' AND status = 'present') AS present"
        "  FROM meetings_attendance GROUP BY meeting_id"
        ") t ON t.meeting_id = m.id WHERE m.status IN ('held', 'approved')",
    )
    per = plan.members_per_committee
    rows += insert_select(
        Resolution,
        {
            "committee_id": "m.committee_id",
            "term_id": "(m.committee_id - 1) * 2 + CASE WHEN m.date < %s THEN 1 ELSE 2 END",
            "cell_id": "m.cell_id",
            "doc_type": "'NQ'",
            "number": "row_number() OVER (PARTITION BY m.committee_id, m.cell_id, "
            "m.date < %s ORDER BY m.date)",
            "meeting_id": "m.id",
            "motion_id": "mo.id",
            "adopted_on": "m.date",
            "title": "'về phương hướng, nhiệm vụ tháng ' || extract(month FROM m.month) "
            "|| ' năm ' || extract(year FROM m.month)",
            "content": "%s",
            "created_by_id": "m.chair_id",
        },
        "FROM meetings_meeting m JOIN meetings_motion mo ON mo.meeting_id = m.id WHERE mo.passed",
        [TERM_2_START, TERM_2_START, RESOLUTION_CONTENT],
    )
    rows += insert_select(
        Task,
        {
            "committee_id": "r.committee_id",
            "cell_id": "r.cell_id",
            "meeting_id": "r.meeting_id",
            "resolution_id": "r.id",
            "agenda_item_id": "NULL",
            "title": "'Thực hiện Nghị quyết số ' || r.number || ' về nhiệm vụ tháng ' "
            "|| to_char(r.adopted_on, 'MM/YYYY')",
            "details": "''",
            "deadline": "r.adopted_on + 25",
            "created_by_id": "r.created_by_id",
            "created_at": "r.adopted_on + TIME '18:00'",
        },
        "FROM meetings_resolution r WHERE r.cell_id IS NOT NULL ORDER BY r.id",
    )
    cells_n = plan.cells_per_committee
    # Three members of the cell: i = k + cells × j for j = 3, 4, 5 (bench-member is j = 3).
    done = f"t.deadline < %s AND {rnd('t.id * 8 + j', 105, 100)} < 95"
    rows += insert_select(
        TaskAssignment,
        {
            "task_id": "t.id",
            "member_id": f"(t.committee_id - 1) * {per} + (t.cell_id - 1 - "
            f"(t.committee_id - 1) * {cells_n}) + 1 + {cells_n} * j",
            "status": f"CASE WHEN {done} THEN 'done' ELSE 'open' END",
            "result": f"CASE WHEN {done} THEN 'Đã hoàn thành.' ELSE '' END",
            "done_on": f"CASE WHEN {done} THEN t.deadline - 3 END",
            "updated_at": "t.created_at",
            "updated_by_id": "t.created_by_id",
        },
        "FROM meetings_task t CROSS JOIN generate_series(3, 5) AS j",
        [plan.today] * 3,
    )
    del per
    return rows


def read_receipts(plan: Plan) -> int:
    """~85 % of a cell's members open the draft resolution before the meeting."""
    with indexes_dropped(ReadReceipt):
        return insert_select(
            ReadReceipt,
            {
                "document_id": "d.id",
                "member_id": "cm.member_id",
                "opened_at": "d.uploaded_at + interval '1 day'",
            },
            "FROM meetings_document d JOIN meetings_meeting m ON m.id = d.meeting_id "
            "JOIN members_cellmembership cm ON cm.cell_id = m.cell_id AND cm.start_date <= m.date "
            f"WHERE {rnd('d.id * 200000 + cm.member_id', 106, 100)} < 85",
        )


def _indexes_after(step, *models_):
    """The step with its tables' secondary indexes built once its rows are in."""

    def run(plan: Plan) -> int:
        with indexes_dropped(*models_):
            return step(plan)

    return run


STEPS = [
    ("meetings", _indexes_after(meetings, Meeting)),
    ("agenda items", _indexes_after(agenda, AgendaItem)),
    ("meeting documents", _indexes_after(documents, Document)),
    ("attendance", attendance),
    ("minutes", _indexes_after(minutes, Minutes)),
    ("contributions", _indexes_after(contributions, Contribution)),
    (
        "motions, resolutions, tasks",
        _indexes_after(decisions, Motion, Resolution, Task, TaskAssignment),
    ),
    ("read receipts", read_receipts),
]
