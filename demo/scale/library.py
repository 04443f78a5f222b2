"""Scale data: the library — documents, their files, study campaigns and training (`library`).

- Each committee's library (about twenty documents over the years): each year two documents of
  superior bodies (a resolution of the provincial committee, a directive of its own superior),
  its work plan, and a study material (even years) or an officers-only guidance (odd years); the
  working rules of both terms, the older superseded by the newer; one resolution of its executive
  committee a year, linked to the numbered `meetings.Resolution` (never retyped), when the
  meetings hold one. Each document has one PDF file: the rows all point to one small real PDF
  stored once.
- `search_text` is what `LibraryDocument.save()` computes (`core.text.search_key` of the title,
  number, resolution code and summary): the keys of the fixed texts are computed here, once, by
  the app's own `search_key`; the years and numbers put into them in SQL are digits.
- A study campaign a year in every committee, on its provincial resolution, for the whole
  committee: one participant per member on the roll that day (with her cell), most of whom have
  studied it (some recorded by their cell's secretary), the rest not yet.
- Political-theory training: the course of her theory level for about a third of the official
  members; the awareness course and the course for new members of the probationary ones.
"""

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.documents import executive_name
from core.text import search_key
from demo.scale.meetings import SAMPLE_PDF
from demo.scale.plan import Plan
from demo.scale.reviews import at_local, cell_secretary_user, literal, plan_years, secretary_user
from demo.scale.sql import execute, insert_select, rnd
from library.models import (
    LibraryDocument,
    LibraryFile,
    StudyCampaign,
    StudyParticipant,
    TrainingCourse,
)
from meetings.decisions.resolutions import DOC_TITLES, subtitle_of
from meetings.models import Resolution

SAMPLE_FILE = "scale/van-ban.pdf"
PROVINCE = "Tỉnh ủy Đắk Lắk"
# Placeholders of the templates (ASCII, untouched by `search_key`): {year}, {next}, {n}.
# Issuers: {executive} (the committee's executive), {superior} (its superior body's name).
Kind = LibraryDocument.Kind
MEMBERS = LibraryDocument.Audience.MEMBERS
OFFICERS = LibraryDocument.Audience.OFFICERS


# (slot, kind, title, number, issuer, summary, audience, month, day, years: all/even/odd)
TEMPLATES = [
    (
        1,
        Kind.SUPERIOR,
        "Nghị quyết về nâng cao chất lượng sinh hoạt chi bộ và năng lực lãnh đạo của tổ chức cơ "
        "sở đảng giai đoạn {year}–{next}",
        "{n}-NQ/TU",
        PROVINCE,
        "Mục tiêu, nhiệm vụ và giải pháp đổi mới nội dung, phương thức sinh hoạt chi bộ; nâng cao "
        "chất lượng đội ngũ cấp ủy viên và đảng viên.",
        MEMBERS,
        3,
        10,
        "all",
    ),
    (
        2,
        Kind.SUPERIOR,
        "Chỉ thị về tăng cường sự lãnh đạo của các cấp ủy đảng đối với công tác phòng, chống tham "
        "nhũng, tiêu cực năm {year}",
        "{n}-CT/HU",
        "{superior}",
        "Yêu cầu các tổ chức đảng quán triệt, tổ chức học tập và xây dựng kế hoạch thực hiện; "
        "đảng viên nêu gương, tự phê bình và phê bình.",
        MEMBERS,
        8,
        20,
        "all",
    ),
    (
        3,
        Kind.PLAN,
        "Kế hoạch công tác năm {year} của Đảng bộ",
        "{n}-KH/ĐU",
        "{executive}",
        "Các chỉ tiêu, nhiệm vụ trọng tâm về xây dựng Đảng, kiểm tra, giám sát và phát triển "
        "đảng viên trong năm.",
        MEMBERS,
        1,
        8,
        "all",
    ),
    (
        4,
        Kind.STUDY,
        "Tài liệu học tập chuyên đề năm {year}: Học tập và làm theo tư tưởng, đạo đức, phong cách "
        "Hồ Chí Minh",
        "",
        "Ban Tuyên giáo và Dân vận Tỉnh ủy Đắk Lắk",
        "Tài liệu dùng cho sinh hoạt chuyên đề của các chi bộ trong năm.",
        MEMBERS,
        2,
        10,
        "even",
    ),
    (
        5,
        Kind.OTHER,
        "Hướng dẫn công tác bảo vệ chính trị nội bộ năm {year}",
        "{n}-HD/BTCTU",
        "Ban Tổ chức Tỉnh ủy Đắk Lắk",
        "Thẩm tra, xác minh lý lịch; quản lý hồ sơ đảng viên; giải quyết vấn đề chính trị hiện "
        "nay. Lưu hành nội bộ cấp ủy.",
        OFFICERS,
        3,
        2,
        "odd",
    ),
]
# The working rules of each term (issued forty days into it); the older superseded.
RULES_TITLE = "Quy chế làm việc của Đảng ủy nhiệm kỳ {term}"
RULES_SUMMARY = (
    "Quy định nguyên tắc, chế độ làm việc, quan hệ công tác của Ban Chấp hành, Ban Thường vụ "
    "Đảng ủy và các chi bộ trực thuộc trong nhiệm kỳ."
)
RULES = [("2020–2025", datetime.date(2020, 8, 10)), ("2025–2030", datetime.date(2025, 8, 10))]
RESOLUTION_SUMMARY = (
    "Nghị quyết của Ban Chấp hành Đảng bộ về phương hướng, nhiệm vụ của tháng, thông qua tại "
    "phiên họp thường kỳ."
)
CAMPAIGN_TITLE = "Học tập, quán triệt Nghị quyết số {number} của Tỉnh ủy"
CAMPAIGN_INSTRUCTIONS = (
    "Mỗi đồng chí nghiên cứu toàn văn Nghị quyết, liên hệ nhiệm vụ của bản thân; chi bộ tổ chức "
    "thảo luận tại buổi sinh hoạt thường kỳ."
)
COURSES = {
    # kind: (name, institution, days)
    "elementary": ("Lớp sơ cấp lý luận chính trị", None, 60),
    "intermediate": (
        "Lớp trung cấp lý luận chính trị (hệ không tập trung)",
        "Trường Chính trị tỉnh Đắk Lắk",
        240,
    ),
    "advanced": (
        "Lớp cao cấp lý luận chính trị (hệ không tập trung)",
        "Học viện Chính trị khu vực III",
        300,
    ),
    "awareness": ("Lớp bồi dưỡng nhận thức về Đảng", None, 4),
    "new_member": ("Lớp bồi dưỡng lý luận chính trị dành cho đảng viên mới", None, 6),
}
# Until 1/7/2025 the district's political centre ran the short courses; the provincial school since.
DISTRICT_CENTRE = "Trung tâm Chính trị huyện Krông Bông"
PROVINCIAL_SCHOOL = "Trường Chính trị tỉnh Đắk Lắk"
DISTRICT_UNTIL = "DATE '2025-06-30'"


def _key(text: str) -> str:
    """SQL literal of `search_key(text)` (the placeholders survive it unchanged)."""
    return literal(search_key(text))


def _fill(template: str, number: str) -> str:
    """SQL: a template with the year, the next year and the number put in."""
    return (
        f"replace(replace(replace({template}, '{{year}}', y::text), '{{next}}', (y + 5)::text), "
        f"'{{n}}', {number})"
    )


def _sample_file() -> str:
    if not default_storage.exists(SAMPLE_FILE):
        default_storage.save(SAMPLE_FILE, ContentFile(SAMPLE_PDF))
    return SAMPLE_FILE


def documents(plan: Plan) -> int:
    """The yearly documents (`TEMPLATES`) and the working rules of both terms, issued by today."""
    today = f"DATE '{plan.today.isoformat()}'"
    years = "ARRAY[" + ", ".join(str(y) for y in plan_years(plan)) + "]::int[]"
    executive = "'Đảng ủy ' || regexp_replace(c.name, '^Đảng bộ ', '')"
    rows = []
    for slot, kind, title, number, issuer, summary, audience, month, day, every in TEMPLATES:
        rows.append(
            "("
            + ", ".join(
                [
                    str(slot),
                    literal(str(kind)),
                    literal(title),
                    _key(title),
                    literal(number),
                    _key(number),
                    literal(issuer),
                    literal(summary),
                    _key(summary),
                    literal(str(audience)),
                    str(month),
                    str(day),
                    literal(every),
                ]
            )
            + ")"
        )
    execute("DROP TABLE IF EXISTS gen_doc_template")
    execute(
        "CREATE TEMP TABLE gen_doc_template (slot int, kind text, title text, title_key text, "
        "number text, number_key text, issuer text, summary text, summary_key text, "
        "audience text, month int, day int, every text)"
    )
    execute(f"INSERT INTO gen_doc_template VALUES {', '.join(rows)}")
    # The numbers: the province's and the superior's the same in every committee; the plan's
    # the committee's own.
    number = (
        "lpad((CASE t.slot WHEN 1 THEN 20 + 3 * mod(y, 10) WHEN 2 THEN 10 + 2 * mod(y, 10) "
        "WHEN 5 THEN 5 + mod(y, 10) ELSE 1 END)::text, 2, '0')"
    )

    issued = f"make_date(y, t.month, t.day) + {rnd('c.id * 10 + t.slot', 360, 5)}::int"
    title_key = _fill("t.title_key", number)
    number_key = _fill("t.number_key", number)
    summary_key = "t.summary_key"
    created = f"LEAST({at_local('x.issued_on + 3', '09:00')}, now())"
    written = insert_select(
        LibraryDocument,
        {
            "committee_id": "c.id",
            "kind": "t.kind",
            "title": _fill("t.title", number),
            "number": _fill("t.number", number),
            "resolution_id": "NULL",
            "issuer": f"CASE t.issuer WHEN '{{executive}}' THEN {executive} "
            "WHEN '{superior}' THEN sb.name ELSE t.issuer END",
            "issued_on": "x.issued_on",
            "effective_on": "CASE WHEN t.kind = 'superior' THEN x.issued_on END",
            "summary": "t.summary",
            "audience": "t.audience",
            "superseded_by_id": "NULL",
            "archived": "false",
            "search_text": f"array_to_string(array_remove(ARRAY[{title_key}, {number_key}, "
            f"{summary_key}], ''), ' ')",
            "created_by_id": secretary_user(plan, "c.id"),
            "created_at": created,
        },
        f"FROM cells_committee c CROSS JOIN unnest({years}) AS y CROSS JOIN gen_doc_template t "
        "JOIN cells_superiorbody sb ON sb.committee_id = c.id AND sb.valid_until IS NULL "
        f"CROSS JOIN LATERAL (SELECT {issued} AS issued_on) x "
        "WHERE (t.every = 'all' OR (t.every = 'even') = (mod(y, 2) = 0)) "
        f"AND x.issued_on <= {today}",
    )
    for term, issued_on in RULES:
        if issued_on > plan.today:
            continue
        title = RULES_TITLE.format(term=term)
        written += insert_select(
            LibraryDocument,
            {
                "committee_id": "c.id",
                "kind": literal(str(Kind.RULES)),
                "title": literal(title),
                "number": "'01-QC/ĐU'",
                "resolution_id": "NULL",
                "issuer": executive,
                "issued_on": f"DATE '{issued_on.isoformat()}'",
                "effective_on": "NULL",
                "summary": literal(RULES_SUMMARY),
                "audience": literal(str(MEMBERS)),
                "superseded_by_id": "NULL",
                "archived": "false",
                "search_text": literal(search_key(" ".join([title, "01-QC/ĐU", RULES_SUMMARY]))),
                "created_by_id": secretary_user(plan, "c.id"),
                "created_at": at_local(f"DATE '{issued_on.isoformat()}' + 3", "09:00"),
            },
            "FROM cells_committee c",
        )
    # The older rules are superseded by the newer (`document_supersede`).
    execute(
        "UPDATE library_librarydocument o SET superseded_by_id = n.id "
        "FROM library_librarydocument n WHERE o.committee_id = n.committee_id "
        "AND o.kind = 'rules' AND n.kind = 'rules' AND o.issued_on < n.issued_on"
    )
    return written + _resolution_documents(plan)


def _resolution_documents(plan: Plan) -> int:
    """One resolution of the executive committee a year (March's, its minutes approved) in the
    library, as `document_create` files it: the title, issuer and date from the resolution, the
    search key from its code — computed here in Python for these few rows."""
    rows = list(
        Resolution.objects.filter(
            cell__isnull=True, adopted_on__month=3, meeting__status="approved"
        )
        .select_related("committee")
        .order_by("pk")
        .values_list(
            "pk",
            "committee_id",
            "committee__name",
            "doc_type",
            "number",
            "title",
            "adopted_on",
        )
    )
    if not rows:
        return 0
    ids, committees, titles, issuers, dates, keys = [], [], [], [], [], []
    for pk, committee_id, name, doc_type, number, title, adopted_on in rows:
        full = f"{DOC_TITLES[doc_type]} {subtitle_of(title)}"[:300]
        code = Resolution.code_for(number, doc_type, None)
        ids.append(pk)
        committees.append(committee_id)
        titles.append(full)
        issuers.append(executive_name(name))
        dates.append(adopted_on)
        keys.append(search_key(" ".join([full, "", code, RESOLUTION_SUMMARY])))
    return insert_select(
        LibraryDocument,
        {
            "committee_id": "r.committee_id",
            "kind": literal(str(Kind.RESOLUTION)),
            "title": "r.title",
            "number": "''",
            "resolution_id": "r.id",
            "issuer": "r.issuer",
            "issued_on": "r.issued_on",
            "effective_on": "NULL",
            "summary": literal(RESOLUTION_SUMMARY),
            "audience": literal(str(MEMBERS)),
            "superseded_by_id": "NULL",
            "archived": "false",
            "search_text": "r.search_text",
            "created_by_id": secretary_user(plan, "r.committee_id"),
            "created_at": f"LEAST({at_local('r.issued_on + 3', '09:00')}, now())",
        },
        "FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[], %s::date[], "
        "%s::text[]) AS r(id, committee_id, title, issuer, issued_on, search_text)",
        [ids, committees, titles, issuers, dates, keys],
    )


def files(plan: Plan) -> int:
    """One PDF per document, named after its number (or its resolution's code)."""
    path = _sample_file()
    name = (
        "CASE WHEN d.resolution_id IS NOT NULL THEN "
        "lpad(r.number::text, 2, '0') || '-' || r.doc_type || '-ĐU' "
        "WHEN d.number <> '' THEN replace(d.number, '/', '-') "
        "ELSE 'tai-lieu-' || d.id END || '.pdf'"
    )
    return insert_select(
        LibraryFile,
        {
            "document_id": "d.id",
            "file": literal(path),
            "original_name": name,
            "kind": "'pdf'",
            "size": str(len(SAMPLE_PDF)),
            "uploaded_by_id": "d.created_by_id",
            "uploaded_at": "d.created_at",
            "archived": "false",
        },
        "FROM library_librarydocument d LEFT JOIN meetings_resolution r ON r.id = d.resolution_id",
    )


def campaigns(plan: Plan) -> int:
    """A campaign a year in every committee on its provincial resolution (slot 1): a week after
    it is issued, for a month, no written report asked."""
    today = f"DATE '{plan.today.isoformat()}'"
    return insert_select(
        StudyCampaign,
        {
            "committee_id": "d.committee_id",
            "document_id": "d.id",
            "title": f"replace({literal(CAMPAIGN_TITLE)}, '{{number}}', d.number)",
            "instructions": literal(CAMPAIGN_INSTRUCTIONS),
            "starts_on": "d.issued_on + 7",
            "deadline": "d.issued_on + 37",
            "report_required": "false",
            "archived": "false",
            "created_by_id": "d.created_by_id",
            "created_at": f"LEAST({at_local('d.issued_on + 7', '08:00')}, now())",
        },
        "FROM library_librarydocument d WHERE d.kind = 'superior' AND d.number LIKE '__-NQ/TU' "
        f"AND d.issued_on + 7 <= {today}",
    )


def participants(plan: Plan) -> int:
    """Every member on the roll of the committee's active cells on the day it starts (admitted
    by then), with her cell. A finished campaign: 93 % studied, between its start and a few days
    after the deadline; a running one: a share growing with the days gone; 30 % of them recorded
    by their cell's secretary, the others confirmed themselves."""
    today = f"DATE '{plan.today.isoformat()}'"
    key = "(s.id * 200000 + m.id)"
    finished = f"(s.deadline < {today})"
    span = f"GREATEST({today} - s.starts_on, 0)"
    length = "GREATEST(s.deadline - s.starts_on, 1)"
    studied = (
        f"CASE WHEN {finished} THEN {rnd(key, 370, 100)} < 93 "
        f"ELSE {rnd(key, 370, 100)} < 90 * {span} / {length} END"
    )
    day = (
        f"CASE WHEN {finished} THEN s.starts_on + {rnd(key, 371, 'GREATEST(s.deadline - s.starts_on + 4, 1)')}::int "
        f"ELSE s.starts_on + {rnd(key, 371, f'({span} + 1)')}::int END"
    )
    moment = f"LEAST({at_local(day, '19:00', rnd(key, 372, 180))}, now())"
    recorded = f"({rnd(key, 373, 100)} < 30)"
    return insert_select(
        StudyParticipant,
        {
            "campaign_id": "s.id",
            "member_id": "m.id",
            "cell_id": "cm.cell_id",
            "studied_at": f"CASE WHEN {studied} THEN {moment} END",
            "studied_recorded_by_id": f"CASE WHEN {studied} AND {recorded} THEN "
            f"{cell_secretary_user(plan, 'cm.cell_id', 's.committee_id')} END",
            "last_reminded_on": "NULL",
        },
        "FROM library_studycampaign s "
        "JOIN cells_cell c ON c.committee_id = s.committee_id AND c.status = 'active' "
        "JOIN members_cellmembership cm ON cm.cell_id = c.id AND cm.start_date <= s.starts_on "
        "AND (cm.end_date IS NULL OR cm.end_date >= s.starts_on) "
        "JOIN members_member m ON m.id = cm.member_id AND m.committee_id = s.committee_id "
        "AND m.admitted_on <= s.starts_on AND m.status IN ('probationary', 'official', "
        "'temporary', 'exempted', 'suspended', 'away')",
    )


def _institution(kind: str, start: str) -> str:
    _name, institution, _days = COURSES[kind]
    if institution:
        return literal(institution)
    return f"CASE WHEN {start} <= {DISTRICT_UNTIL} THEN {literal(DISTRICT_CENTRE)} ELSE {literal(PROVINCIAL_SCHOOL)} END"


def training(plan: Plan) -> int:
    """The course of her theory level for a third of the official members (her level on the
    record stays what it is: it is her highest completed course), somewhere in the plan's years;
    the probationary members' awareness course and their course for new members two months
    after admission (once it has started)."""
    today = f"DATE '{plan.today.isoformat()}'"
    first = f"DATE '{plan.first_month.isoformat()}'"
    rows = 0
    for kind in ("elementary", "intermediate", "advanced"):
        name, _institution_name, days = COURSES[kind]
        start = (
            f"({first} + {rnd('m.id', 380, f'GREATEST({today} - {first} - {days} - 40, 1)')}::int)"
        )
        end = f"CASE WHEN {start} + {days} <= {today} THEN {start} + {days} END"
        prefix = {"elementary": "SC", "intermediate": "TC", "advanced": "CC"}[kind]
        rows += insert_select(
            TrainingCourse,
            {
                "member_id": "m.id",
                "kind": literal(kind),
                "name": literal(name),
                "institution": _institution(kind, start),
                "start_date": start,
                "end_date": end,
                "certificate_number": f"CASE WHEN {start} + {days} <= {today} THEN "
                f"'{prefix}-' || lpad(m.id::text, 6, '0') ELSE '' END",
                "certificate_date": end,
                "archived": "false",
                "recorded_by_id": secretary_user(plan, "m.committee_id"),
                "created_at": f"LEAST({at_local(f'{start} + 10', '10:00')}, now())",
            },
            "FROM members_member m WHERE m.status = 'official' "
            f"AND m.theory_level = {literal(kind)} AND {rnd('m.id', 381, 100)} < 35",
        )
    for kind, offset in (("awareness", -120), ("new_member", 60)):
        name, _institution_name, days = COURSES[kind]
        start = f"(m.admitted_on + {offset})"
        number = "lpad(mod(m.id, 1000)::text, 3, '0')"
        suffix = "'/GCN-NT'" if kind == "awareness" else "'/GCN-ĐVM'"
        rows += insert_select(
            TrainingCourse,
            {
                "member_id": "m.id",
                "kind": literal(kind),
                "name": literal(name),
                "institution": _institution(kind, start),
                "start_date": start,
                "end_date": f"{start} + {days}",
                "certificate_number": f"{number} || {suffix}",
                "certificate_date": f"{start} + {days}",
                "archived": "false",
                "recorded_by_id": secretary_user(plan, "m.committee_id"),
                "created_at": f"LEAST({at_local(f'{start} + 10', '10:00')}, now())",
            },
            f"FROM members_member m WHERE m.status = 'probationary' "
            f"AND {start} + {days} <= {today}",
        )
    return rows


STEPS = [
    ("library documents", documents),
    ("library files", files),
    ("study campaigns", campaigns),
    ("study participants", participants),
    ("training courses", training),
]
