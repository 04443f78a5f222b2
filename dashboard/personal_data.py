"""Her own data — dữ liệu cá nhân của đảng viên (issue 20, the personal-data law's right of access).

A member downloads what the committee holds about her as a .zip: `data.json` (machine-readable:
English keys, codes with their Vietnamese labels, ISO dates) and a readable DOCX of the same
(`core.documents`, always in Vietnamese like every document of the app, DESIGN §9).

What it holds: her record, her status history, her cell memberships, positions and transfers,
her attendance at meetings, her tasks and their state, her self-assessments and evaluations, her
fee bases and payments, her political-theory courses, her study reports. (Criticism and
supervision records about her stay on their own pages, which she reads.)

It lives in `dashboard`, the layer that may read every app (DESIGN §2): `members` may not import
meetings, reviews, fees or the library. `collect` reads (a fixed number of queries, whatever the
amount of data); `to_json`, `to_docx` and `to_zip` only format.
"""

from __future__ import annotations

import datetime
import json
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone, translation

from core.documents import Header, OfficialDocument, long_date, superior_name
from core.text import search_key
from fees.models import FeeBasis, FeeCategory, FeePayment
from library.models import StudyParticipant, TrainingCourse
from meetings.models import Attendance, TaskAssignment
from members.models import Member
from reviews.models import Evaluation, Rating

FORMAT = "chibo/personal-data/1"
JSON_NAME = "data.json"
DOCX_NAME = "du-lieu-ca-nhan.docx"
ZIP_TYPE = "application/zip"
TITLE = "Dữ liệu cá nhân của đảng viên"
NONE_VI = "Không có."
YES_VI, NO_VI = "Có", "Không"


@dataclass(frozen=True)
class Column:
    """One field of a section: its key in `data.json`, its Vietnamese title in the DOCX."""

    key: str
    title: str
    money: bool = False


@dataclass
class Section:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: list[dict] = field(default_factory=list)


@dataclass
class PersonalData:
    member: Member
    generated_at: datetime.datetime
    record: dict
    sections: list[Section]

    def as_dict(self) -> dict:
        return {
            "format": FORMAT,
            "generated_at": self.generated_at,
            "member": self.record,
            **{section.key: section.rows for section in self.sections},
        }


def _label(choices, value) -> str:
    """The label of a stored choice (in the language active: Vietnamese in `collect`)."""
    return str(choices(value).label) if value in choices.values else (value or "")


def _local(value: datetime.datetime | None) -> datetime.datetime | None:
    return timezone.localtime(value) if value is not None else None


# --- what is collected -------------------------------------------------------------------------

RECORD_COLUMNS = (
    Column("full_name", "Họ và tên"),
    Column("date_of_birth", "Ngày sinh"),
    Column("sex_label", "Giới tính"),
    Column("ethnicity", "Dân tộc"),
    Column("religion", "Tôn giáo"),
    Column("home_town", "Quê quán"),
    Column("permanent_address", "Nơi thường trú"),
    Column("current_address", "Nơi ở hiện nay"),
    Column("citizen_id", "Số căn cước công dân"),
    Column("phone", "Điện thoại"),
    Column("email", "Thư điện tử"),
    Column("education", "Giáo dục phổ thông"),
    Column("qualification", "Chuyên môn, nghiệp vụ"),
    Column("theory_level_label", "Lý luận chính trị"),
    Column("job_title", "Công việc, chức vụ tại trường"),
    Column("is_student", "Học sinh"),
    Column("card_number", "Số thẻ đảng viên"),
    Column("record_number", "Số hồ sơ"),
    Column("admitted_on", "Ngày vào Đảng"),
    Column("recognised_on", "Ngày chính thức"),
    Column("status_label", "Tình trạng"),
    Column("committee", "Đảng bộ"),
    Column("cell", "Chi bộ hiện nay"),
    Column("login", "Tài khoản đăng nhập"),
)


def _record(member: Member, current_cell: str) -> dict:
    return {
        "full_name": member.full_name,
        "date_of_birth": member.date_of_birth,
        "sex": member.sex,
        "sex_label": member.get_sex_display(),
        "ethnicity": member.ethnicity,
        "religion": member.religion,
        "home_town": member.home_town,
        "permanent_address": member.permanent_address,
        "current_address": member.current_address,
        "citizen_id": member.citizen_id,
        "phone": member.phone,
        "email": member.email,
        "education": member.education,
        "qualification": member.qualification,
        "theory_level": member.theory_level,
        "theory_level_label": member.get_theory_level_display(),
        "job_title": member.job_title,
        "is_student": member.is_student,
        "card_number": member.card_number,
        "record_number": member.record_number,
        "admitted_on": member.admitted_on,
        "recognised_on": member.recognised_on,
        "status": member.status,
        "status_label": member.get_status_display(),
        "committee": member.committee.name,
        "cell": current_cell,
        "login": member.user.username if member.user_id else "",
    }


def _status_history(member) -> Section:
    rows = [
        {
            "date": e.date,
            "event": e.kind,
            "event_label": e.get_kind_display(),
            "status_after": e.status_after,
            "status_after_label": e.get_status_after_display(),
            "reason": e.reason,
            "decision_number": e.decision_number,
        }
        for e in member.status_events.order_by("date", "pk")
    ]
    columns = (
        Column("date", "Ngày"),
        Column("event_label", "Biến động"),
        Column("status_after_label", "Tình trạng sau đó"),
        Column("reason", "Lý do"),
        Column("decision_number", "Số quyết định"),
    )
    return Section("status_history", "Lịch sử tình trạng đảng viên", columns, rows)


def _memberships(memberships) -> Section:
    rows = [
        {"cell": m.cell.name, "from": m.start_date, "until": m.end_date, "note": m.note}
        for m in memberships
    ]
    columns = (
        Column("cell", "Chi bộ"),
        Column("from", "Từ ngày"),
        Column("until", "Đến ngày"),
        Column("note", "Ghi chú"),
    )
    return Section("cell_memberships", "Quá trình sinh hoạt tại chi bộ", columns, rows)


def _positions(member) -> Section:
    rows = [
        {
            "position": p.role,
            "position_label": p.get_role_display(),
            "cell": p.cell.name if p.cell_id else "",
            "term": p.term.name,
            "from": p.start_date,
            "until": p.end_date,
        }
        for p in member.positions.select_related("cell", "term").order_by("start_date", "pk")
    ]
    columns = (
        Column("position_label", "Chức vụ"),
        Column("cell", "Chi bộ"),
        Column("term", "Nhiệm kỳ"),
        Column("from", "Từ ngày"),
        Column("until", "Đến ngày"),
    )
    return Section("positions", "Chức vụ trong Đảng", columns, rows)


def _transfers(member) -> Section:
    rows = [
        {
            "date": t.date,
            "direction": t.direction,
            "direction_label": t.get_direction_display(),
            "kind": t.kind,
            "kind_label": t.get_kind_display(),
            "organisation": t.organisation,
            "letter_number": t.letter_number,
            "letter_issued_on": t.letter_issued_on,
            "letter_presented_on": t.letter_presented_on,
            "expected_return": t.expected_return,
        }
        for t in member.transfers.order_by("date", "pk")
    ]
    columns = (
        Column("date", "Ngày"),
        Column("direction_label", "Chiều"),
        Column("kind_label", "Hình thức"),
        Column("organisation", "Tổ chức đảng"),
        Column("letter_number", "Số giấy giới thiệu"),
        Column("expected_return", "Dự kiến trở về"),
    )
    return Section("transfers", "Chuyển sinh hoạt đảng", columns, rows)


def _attendance(member) -> Section:
    rows = [
        {
            "meeting_date": a.meeting.date,
            "meeting": a.meeting.get_kind_display(),
            "held_by": a.meeting.holder_name,
            "attendance": a.status,
            "attendance_label": a.get_status_display(),
            "reason": a.reason,
        }
        for a in Attendance.objects.filter(member=member)
        .select_related("meeting", "meeting__cell")
        .order_by("meeting__date", "meeting_id")
    ]
    columns = (
        Column("meeting_date", "Ngày"),
        Column("meeting", "Cuộc họp"),
        Column("held_by", "Tổ chức"),
        Column("attendance_label", "Điểm danh"),
        Column("reason", "Lý do"),
    )
    return Section("attendance", "Điểm danh sinh hoạt", columns, rows)


def _tasks(member) -> Section:
    rows = [
        {
            "task": a.task.title,
            "details": a.task.details,
            "assigned_at": a.task.meeting.date,
            "deadline": a.task.deadline,
            "state": a.status,
            "state_label": a.get_status_display(),
            "done_on": a.done_on,
            "result": a.result,
            "cancel_reason": a.cancel_reason,
        }
        for a in TaskAssignment.objects.filter(member=member)
        .select_related("task", "task__meeting")
        .order_by("task__deadline", "pk")
    ]
    columns = (
        Column("task", "Nhiệm vụ"),
        Column("assigned_at", "Giao ngày"),
        Column("deadline", "Hạn"),
        Column("state_label", "Trạng thái"),
        Column("done_on", "Hoàn thành ngày"),
        Column("result", "Kết quả"),
        Column("cancel_reason", "Lý do hủy"),
    )
    return Section("tasks", "Nhiệm vụ được phân công", columns, rows)


def _evaluations(member) -> Section:
    rows = [
        {
            "year": e.year,
            "cell": e.cell.name,
            "rated": e.rated,
            "not_rated_reason": e.not_rated_reason,
            "strengths": e.strengths,
            "shortcomings": e.shortcomings,
            "causes": e.causes,
            "remedies": e.remedies,
            "self_rating": e.self_rating,
            "self_rating_label": _label(Rating, e.self_rating),
            "self_score_general": e.self_score_general,
            "self_score_tasks": e.self_score_tasks,
            "self_score": e.self_score,
            "submitted_at": _local(e.submitted_at),
            "proposed_rating": e.proposed_rating,
            "proposed_rating_label": _label(Rating, e.proposed_rating),
            "votes_yes": e.votes_yes,
            "votes_no": e.votes_no,
            "votes_abstain": e.votes_abstain,
            "final_rating": e.final_rating,
            "final_rating_label": _label(Rating, e.final_rating),
            "decided_at": _local(e.decided_at),
        }
        for e in Evaluation.objects.filter(member=member).select_related("cell").order_by("year")
    ]
    columns = (
        Column("year", "Năm"),
        Column("cell", "Chi bộ"),
        Column("strengths", "Ưu điểm"),
        Column("shortcomings", "Khuyết điểm, hạn chế"),
        Column("causes", "Nguyên nhân"),
        Column("remedies", "Biện pháp khắc phục"),
        Column("self_score", "Tự chấm điểm"),
        Column("self_rating_label", "Tự xếp loại"),
        Column("proposed_rating_label", "Chi bộ đề nghị"),
        Column("final_rating_label", "Đảng ủy quyết định"),
        Column("not_rated_reason", "Lý do không xếp loại"),
    )
    return Section("evaluations", "Tự đánh giá, xếp loại chất lượng", columns, rows)


def _fee_bases(member) -> Section:
    rows = [
        {
            "from_month": b.effective_from,
            "category": b.category,
            "category_label": _label(FeeCategory, b.category),
            "base_amount": b.base_amount,
            "note": b.note,
        }
        for b in FeeBasis.objects.filter(member=member).order_by("effective_from", "pk")
    ]
    columns = (
        Column("from_month", "Từ tháng"),
        Column("category_label", "Đối tượng"),
        Column("base_amount", "Căn cứ tính", money=True),
        Column("note", "Ghi chú"),
    )
    return Section("fee_bases", "Căn cứ đóng đảng phí", columns, rows)


def _fee_payments(member) -> Section:
    rows = [
        {
            "month": p.month,
            "kind": p.kind,
            "kind_label": p.get_kind_display(),
            "amount_due": p.amount_due,
            "amount_paid": p.amount_paid,
            "paid_on": p.paid_on,
            "cell": p.cell.name,
            "reversed_at": _local(p.reversed_at),
            "reversal_reason": p.reversal_reason,
        }
        for p in FeePayment.objects.filter(member=member)
        .select_related("cell")
        .order_by("month", "pk")
    ]
    columns = (
        Column("month", "Tháng"),
        Column("kind_label", "Loại"),
        Column("amount_due", "Phải đóng", money=True),
        Column("amount_paid", "Đã đóng", money=True),
        Column("paid_on", "Ngày đóng"),
        Column("reversed_at", "Đã hủy lúc"),
        Column("reversal_reason", "Lý do hủy"),
    )
    return Section("fee_payments", "Đảng phí đã đóng", columns, rows)


def _training(member) -> Section:
    rows = [
        {
            "kind": c.kind,
            "kind_label": c.get_kind_display(),
            "name": c.name,
            "institution": c.institution,
            "start_date": c.start_date,
            "end_date": c.end_date,
            "certificate_number": c.certificate_number,
            "certificate_date": c.certificate_date,
            "archived": c.archived,
        }
        for c in TrainingCourse.objects.filter(member=member).order_by("start_date", "pk")
    ]
    columns = (
        Column("kind_label", "Khóa học"),
        Column("name", "Tên lớp"),
        Column("institution", "Cơ sở đào tạo"),
        Column("start_date", "Từ ngày"),
        Column("end_date", "Đến ngày"),
        Column("certificate_number", "Số chứng chỉ"),
        Column("certificate_date", "Ngày cấp"),
    )
    return Section("training_courses", "Bồi dưỡng lý luận chính trị", columns, rows)


def _study(member) -> Section:
    rows = []
    participations = (
        StudyParticipant.objects.filter(member=member)
        .select_related("campaign", "report")
        .order_by("campaign__starts_on", "pk")
    )
    for p in participations:
        report = getattr(p, "report", None)
        rows.append(
            {
                "campaign": p.campaign.title,
                "deadline": p.campaign.deadline,
                "studied_at": _local(p.studied_at),
                "report_submitted_at": _local(report.submitted_at) if report else None,
                "report_late": report.late if report else None,
                "report_text": report.text if report else "",
                "report_file": report.original_name if report else "",
            }
        )
    columns = (
        Column("campaign", "Đợt học tập"),
        Column("deadline", "Hạn"),
        Column("studied_at", "Đã học tập lúc"),
        Column("report_submitted_at", "Nộp bài thu hoạch lúc"),
        Column("report_text", "Bài thu hoạch"),
        Column("report_file", "Tệp đính kèm"),
    )
    return Section("study_reports", "Học tập nghị quyết, bài thu hoạch", columns, rows)


def collect(member: Member, *, now: datetime.datetime | None = None) -> PersonalData:
    """Everything about `member` (fetched with `committee` and `user`), labels in Vietnamese."""
    with translation.override("vi"):
        memberships = list(member.memberships.select_related("cell").order_by("start_date", "pk"))
        current = next((m.cell.name for m in memberships if m.end_date is None), "")
        sections = [
            _status_history(member),
            _memberships(memberships),
            _positions(member),
            _transfers(member),
            _attendance(member),
            _tasks(member),
            _evaluations(member),
            _fee_bases(member),
            _fee_payments(member),
            _training(member),
            _study(member),
        ]
        return PersonalData(
            member=member,
            generated_at=timezone.localtime(now or timezone.now()),
            record=_record(member, current),
            sections=sections,
        )


# --- the files ---------------------------------------------------------------------------------


def to_json(data: PersonalData) -> bytes:
    text = json.dumps(data.as_dict(), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    return text.encode("utf-8")


def _money(value: int) -> str:
    return f"{value:,}".replace(",", ".") + " đ"


def _text(value, *, money: bool = False) -> str:
    """A value as the DOCX prints it ("" for nothing): dd/mm/yyyy, "30.000 đ", Có / Không."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return YES_VI if value else NO_VI
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if money and isinstance(value, int):
        return _money(value)
    return " ".join(str(value).split())


def row_line(columns: tuple[Column, ...], row: dict) -> str:
    """One row of a section as a line: "Title: value; Title: value" (empty values left out)."""
    parts = []
    for column in columns:
        text = _text(row.get(column.key), money=column.money)
        if text:
            parts.append(f"{column.title}: {text}")
    return "; ".join(parts)


def _roman(number: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    text = ""
    for value, letters in numerals:
        while number >= value:
            text += letters
            number -= value
    return text


def to_docx(data: PersonalData) -> bytes:
    """The readable copy: the official header of her committee, her record field by field, then
    each section a line per row."""
    member, committee = data.member, data.member.committee
    day = data.generated_at.date()
    doc = OfficialDocument(
        Header(
            superior_body=superior_name(committee, day, of_cell=False),
            issuer=committee.name,
            place=committee.place_name,
            day=day,
        )
    )
    doc.title(TITLE, f"Đồng chí {member.full_name}")
    doc.paragraph(
        f"Bản trích dữ liệu cá nhân của đồng chí {member.full_name} do chi bộ và đảng bộ lưu giữ "
        f"trên hệ thống chibo, lập lúc {data.generated_at:%H:%M} {long_date(day)} theo yêu cầu "
        "của đảng viên (quyền được biết và tiếp cận dữ liệu cá nhân của mình). Tệp data.json "
        "đi kèm chứa cùng nội dung ở dạng máy đọc được.",
        italic=True,
    )
    doc.heading(f"{_roman(1)}. Sơ yếu lý lịch")
    for column in RECORD_COLUMNS:
        doc.labelled(f"{column.title}:", _text(data.record.get(column.key)) or "—")
    for number, section in enumerate(data.sections, start=2):
        doc.heading(f"{_roman(number)}. {section.title}", space_before=6)
        if not section.rows:
            doc.paragraph(NONE_VI)
        for row in section.rows:
            doc.bullet(row_line(section.columns, row))
    return doc.to_bytes()


def zip_filename(member: Member, day: datetime.date) -> str:
    """ "du-lieu-ca-nhan-nguyen-thi-hoa-20260305.zip" (ASCII: any browser saves it as is)."""
    slug = re.sub(r"[^a-z0-9]+", "-", search_key(member.full_name)).strip("-") or str(member.pk)
    return f"du-lieu-ca-nhan-{slug}-{day:%Y%m%d}.zip"


def to_zip(data: PersonalData) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(JSON_NAME, to_json(data))
        archive.writestr(DOCX_NAME, to_docx(data))
    return buffer.getvalue()
