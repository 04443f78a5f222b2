"""Her own data (issue 20, `dashboard.personal_data` and `members.views.personal_data`): what the
.zip holds (data.json and a readable DOCX, every section of her data and nobody else's), that only
she gets it (no member in the URL; no member record: 404), that the download is logged, and that
collecting it takes the same queries however much she has."""

import datetime
import io
import json
import zipfile

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from dashboard import personal_data
from meetings.models import Attendance, Task, TaskAssignment
from members.models import AccessLog, Member, StatusEvent, Transfer
from reviews.models import Evaluation
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    FeeBasisFactory,
    FeePaymentFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    StudyCampaignFactory,
    StudyParticipantFactory,
    StudyReportFactory,
    SuperiorBodyFactory,
    TermFactory,
    TrainingCourseFactory,
    UserFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

D = datetime.date


class World:
    pass


def _meeting(cell, day):
    return MeetingFactory(cell=cell, date=day, status="approved")


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    """Hoa (cell A1, with a login) with something in every section; Lan of the same cell with her
    own data; an officer; an observer."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = World()
        committee = CommitteeFactory(name="Đảng bộ Trường THPT Krông Bông")
        SuperiorBodyFactory(committee=committee, name="Đảng ủy xã Krông Bông")
        term = TermFactory(committee=committee, start_date=D(2020, 7, 1))
        cell = CellFactory(committee=committee, name="Chi bộ Tổ Toán - Tin")
        old_cell = CellFactory(committee=committee, name="Chi bộ Tổ Văn")
        hoa = MemberFactory(
            committee=committee,
            full_name="Trần Thị Hoa",
            cell=old_cell,
            citizen_id="066123456789",
            ethnicity="Ê Đê",
            religion="Tin Lành",
            permanent_address="Thôn 3, xã Krông Bông",
            sex="female",
        )
        hoa.memberships.update(end_date=D(2020, 8, 31))
        hoa.memberships.create(cell=cell, start_date=D(2020, 9, 1), note="Chuyển tổ")
        StatusEvent.objects.create(
            member=hoa,
            kind="temporary_out",
            date=D(2023, 9, 1),
            status_after="away",
            reason="Đi học cao cấp lý luận",
            decision_number="12-QĐ/ĐU",
        )
        StatusEvent.objects.create(
            member=hoa, kind="reinstated", date=D(2024, 6, 1), status_after="official"
        )
        Transfer.objects.create(
            member=hoa, direction="out", kind="temporary", date=D(2023, 9, 1), organisation="HV"
        )
        PositionFactory(member=hoa, cell=cell, role="cell_deputy", term=term)
        world.user = member_user(hoa)
        lan = MemberFactory(committee=committee, cell=cell, full_name="Phạm Thị Lan")
        world.lan_user = member_user(lan)
        meetings = [_meeting(cell, D(2025, m, 5)) for m in (1, 2, 3)]
        for meeting, status, reason in zip(
            meetings, ["present", "excused", "unexcused"], ["", "Ốm", ""], strict=True
        ):
            Attendance.objects.create(
                meeting=meeting, member=hoa, member_status="official", status=status, reason=reason
            )
            Attendance.objects.create(meeting=meeting, member=lan, member_status="official")
        task = Task.objects.create(
            committee=committee,
            cell=cell,
            meeting=meetings[0],
            title="Soạn đề cương ôn thi",
            deadline=D(2025, 2, 1),
        )
        TaskAssignment.objects.create(
            task=task, member=hoa, status="done", done_on=D(2025, 1, 30), result="Đã nộp"
        )
        TaskAssignment.objects.create(task=task, member=lan)
        Evaluation.objects.create(
            committee=committee,
            member=hoa,
            cell=cell,
            year=2024,
            strengths="ƯU-ĐIỂM-CỦA-HOA",
            shortcomings="Còn chậm",
            self_rating="good",
            self_score_general=25,
            self_score_tasks=62,
            final_rating="good",
        )
        Evaluation.objects.create(
            committee=committee, member=lan, cell=cell, year=2024, strengths="ƯU-ĐIỂM-CỦA-LAN"
        )
        FeeBasisFactory(member=hoa, base_amount=8_000_000)
        FeePaymentFactory(member=hoa, cell=cell, month=D(2025, 1, 1), amount_due=80_000)
        FeePaymentFactory(member=lan, cell=cell, month=D(2025, 1, 1), amount_due=13_579)
        TrainingCourseFactory(member=hoa, kind="advanced", certificate_number="0042/GCN")
        campaign = StudyCampaignFactory(committee=committee, title="Học tập Nghị quyết 57")
        StudyReportFactory(
            participant=StudyParticipantFactory(campaign=campaign, member=hoa, cell=cell),
            text="BÀI-THU-HOẠCH-CỦA-HOA",
        )
        world.committee, world.cell, world.hoa, world.lan = committee, cell, hoa, lan
        world.officer = CommitteeRoleFactory(committee=committee, role="officer").user
        world.observer = CommitteeRoleFactory(committee=committee, role="observer").user
        world.superuser = UserFactory(is_superuser=True, is_staff=True)
        yield world
        transaction.set_rollback(True)


def _member(member):
    return Member.objects.select_related("committee", "user").get(pk=member.pk)


def login(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# --- what it holds ----------------------------------------------------------------------------


def test_the_json_holds_every_section_of_her_data(w):
    data = json.loads(personal_data.to_json(personal_data.collect(_member(w.hoa))))
    assert data["format"] == "chibo/personal-data/1"
    record = data["member"]
    assert record["full_name"] == "Trần Thị Hoa"
    assert (record["citizen_id"], record["ethnicity"], record["religion"]) == (
        "066123456789",
        "Ê Đê",
        "Tin Lành",
    )
    assert record["date_of_birth"] == "1985-05-10"
    assert (record["sex"], record["sex_label"]) == ("female", "Nữ")  # labels in Vietnamese
    assert record["cell"] == "Chi bộ Tổ Toán - Tin"
    assert record["login"] == w.user.username
    assert [e["event"] for e in data["status_history"]] == [
        "recognised",
        "temporary_out",
        "reinstated",
    ]
    assert data["status_history"][1]["decision_number"] == "12-QĐ/ĐU"
    assert [m["cell"] for m in data["cell_memberships"]] == [
        "Chi bộ Tổ Văn",
        "Chi bộ Tổ Toán - Tin",
    ]
    assert [p["position"] for p in data["positions"]] == ["cell_deputy"]
    assert [t["organisation"] for t in data["transfers"]] == ["HV"]
    assert [(a["meeting_date"], a["attendance"]) for a in data["attendance"]] == [
        ("2025-01-05", "present"),
        ("2025-02-05", "excused"),
        ("2025-03-05", "unexcused"),
    ]
    assert data["attendance"][1]["reason"] == "Ốm"
    [task] = data["tasks"]
    assert (task["task"], task["state"], task["done_on"]) == (
        "Soạn đề cương ôn thi",
        "done",
        "2025-01-30",
    )
    [evaluation] = data["evaluations"]
    assert evaluation["strengths"] == "ƯU-ĐIỂM-CỦA-HOA" and evaluation["self_score"] == 87
    assert evaluation["final_rating"] == "good"
    assert [b["base_amount"] for b in data["fee_bases"]] == [8_000_000]
    assert [(p["month"], p["amount_due"]) for p in data["fee_payments"]] == [("2025-01-01", 80_000)]
    assert [c["certificate_number"] for c in data["training_courses"]] == ["0042/GCN"]
    [study] = data["study_reports"]
    assert study["campaign"] == "Học tập Nghị quyết 57"
    assert study["report_text"] == "BÀI-THU-HOẠCH-CỦA-HOA"


def test_nothing_of_another_member_is_in_her_data(w):
    text = personal_data.to_json(personal_data.collect(_member(w.hoa))).decode()
    for foreign in ("Phạm Thị Lan", "ƯU-ĐIỂM-CỦA-LAN", "13579"):
        assert foreign not in text
    lan = json.loads(personal_data.to_json(personal_data.collect(_member(w.lan))))
    assert lan["tasks"][0]["state"] == "open"
    assert "ƯU-ĐIỂM-CỦA-HOA" not in json.dumps(lan, ensure_ascii=False)


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([*cells, *(p.text for p in document.paragraphs)])


def test_the_docx_is_a_readable_copy_in_the_official_layout(w):
    data = personal_data.collect(
        _member(w.hoa), now=timezone.make_aware(datetime.datetime(2026, 3, 5, 9, 30))
    )
    text = _docx_text(personal_data.to_docx(data))
    # The official header (DOMAIN §13): the superior body, the committee, the place and date.
    assert "ĐẢNG ỦY XÃ KRÔNG BÔNG" in text and "ĐẢNG BỘ TRƯỜNG THPT KRÔNG BÔNG" in text
    assert "Krông Bông, ngày 05 tháng 3 năm 2026" in text
    assert "DỮ LIỆU CÁ NHÂN CỦA ĐẢNG VIÊN" in text and "Đồng chí Trần Thị Hoa" in text
    for line in (
        "Số căn cước công dân: 066123456789",
        "Dân tộc: Ê Đê",
        "Tôn giáo: Tin Lành",
        "Nơi thường trú: Thôn 3, xã Krông Bông",
        "Ngày sinh: 10/05/1985",
        "Số quyết định: 12-QĐ/ĐU",
        "Điểm danh: Vắng có lý do; Lý do: Ốm",
        "Nhiệm vụ: Soạn đề cương ôn thi",
        "Ưu điểm: ƯU-ĐIỂM-CỦA-HOA",
        "Tự chấm điểm: 87",
        "Phải đóng: 80.000 đ",
        "Căn cứ tính: 8.000.000 đ",
        "Số chứng chỉ: 0042/GCN",
        "Bài thu hoạch: BÀI-THU-HOẠCH-CỦA-HOA",
    ):
        assert line in text, line
    assert "XII. Học tập nghị quyết, bài thu hoạch" in text


def test_an_empty_section_says_so(w):
    member = MemberFactory(committee=w.committee, cell=w.cell, full_name="Võ Văn Mới")
    data = personal_data.collect(_member(member))
    assert data.as_dict()["attendance"] == []
    text = _docx_text(personal_data.to_docx(data))
    assert "VI. Điểm danh sinh hoạt\nKhông có." in text


def test_collecting_takes_the_same_queries_however_much_she_has(w):
    def count(member):
        with CaptureQueriesContext(connection) as queries:
            personal_data.to_zip(personal_data.collect(_member(member)))
        return len(queries)

    few = count(w.lan)
    cell = w.cell
    for month in range(1, 13):
        meeting = _meeting(cell, D(2024, month, 6))
        Attendance.objects.create(meeting=meeting, member=w.lan, member_status="official")
        FeePaymentFactory(member=w.lan, cell=cell, month=D(2024, month, 1))
        task = Task.objects.create(
            committee=w.committee, cell=cell, meeting=meeting, title="Việc", deadline=D(2025, 1, 1)
        )
        TaskAssignment.objects.create(task=task, member=w.lan)
    assert count(w.lan) == few


# --- the pages --------------------------------------------------------------------------------


def test_she_downloads_her_zip_and_the_download_is_logged(client, w):
    login(client, w.user)
    page = client.get(reverse("members:my_data"))
    assert page.status_code == 200
    assert reverse("members:my_data_zip") in page.content.decode()
    response = client.get(reverse("members:my_data_zip"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="du-lieu-ca-nhan-tran-thi-hoa-{today:%Y%m%d}.zip"'
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["data.json", "du-lieu-ca-nhan.docx"]
    data = json.loads(archive.read("data.json"))
    assert data["member"]["full_name"] == "Trần Thị Hoa"
    assert "Trần Thị Hoa" in _docx_text(archive.read("du-lieu-ca-nhan.docx"))
    [entry] = AccessLog.objects.all()
    assert (entry.viewer, entry.member, entry.kind) == (w.user, w.hoa, "data_export")
    assert entry.path == reverse("members:my_data_zip")
    # She sees it on her page of who viewed her record.
    mine = client.get(reverse("members:my_access_log")).content.decode()
    assert "Download of her own data" in mine


def test_each_member_gets_only_her_own(client, w):
    login(client, w.lan_user)
    archive = zipfile.ZipFile(io.BytesIO(client.get(reverse("members:my_data_zip")).content))
    data = json.loads(archive.read("data.json"))
    assert data["member"]["full_name"] == "Phạm Thị Lan"
    assert "Trần Thị Hoa" not in archive.read("data.json").decode()


@pytest.mark.parametrize("who", ["officer", "observer", "superuser"])
@pytest.mark.parametrize("name", ["members:my_data", "members:my_data_zip"])
def test_without_a_member_record_there_is_nothing_to_download(client, w, who, name):
    login(client, getattr(w, who))
    assert client.get(reverse(name)).status_code == 404
    assert not AccessLog.objects.exists()


def test_logged_out_she_is_sent_to_log_in(client, w):
    response = client.get(reverse("members:my_data_zip"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_post_is_refused(client, w):
    login(client, w.user)
    assert client.post(reverse("members:my_data_zip")).status_code == 405
    assert not AccessLog.objects.exists()
