"""Study campaigns — the pages (`library.views.study`): who opens what (404 / 403), starting a
campaign, the member's own part (her row from her login — a forged form names nobody else),
recording on behalf of a member, reading a report (confidential), reminders, extending,
archiving, the exports read back, the document page's block and the member's home — and the
query counts of the lists for 5 and 50 members."""

import copy
import datetime
import io

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from cells.services import rules_update
from library.models import StudyCampaign, StudyParticipant, StudyReport
from library.study import services
from members.models import Notification
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    LibraryDocumentFactory,
    MemberFactory,
    PositionFactory,
    StudyCampaignFactory,
    StudyParticipantFactory,
    StudyReportFactory,
    TermFactory,
    UserFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
PDF = b"%PDF-1.4\n%test\n"


class World:
    pass


@pytest.fixture(scope="module")
def built(module_db):
    """Committee A: cell A1 (the member Mai, Nam without a login, the secretary, a cell committee
    member), cell A2 (a member, its secretary); its officer, clerk, observer; committee B's
    officer; a superuser. A running campaign for the whole committee (report required) where
    Mai has reported; Nam has not."""
    w = World()
    w.committee = CommitteeFactory(name="Đảng bộ Trường THPT Krông Bông")
    term = TermFactory(committee=w.committee)
    w.cell = CellFactory(committee=w.committee, code="CB1", name="Chi bộ Tổ Toán - Tin")
    w.other_cell = CellFactory(committee=w.committee, code="CB2", name="Chi bộ Tổ Văn")

    def person(cell, name, role=None, login=True):
        member = MemberFactory(committee=w.committee, cell=cell, full_name=name)
        if role:
            PositionFactory(member=member, cell=cell, role=role, term=term)
        return member_user(member) if login else member

    w.users = {
        "member": person(w.cell, "Đặng Thị Mai"),
        "member_other_cell": person(w.other_cell, "Bùi Văn Tư"),
        "cell_secretary": person(w.cell, "Ngô Văn Bí", role="cell_secretary"),
        "cell_committee_member": person(w.cell, "Hồ Thị Ủy", role="cell_committee_member"),
        "secretary_other_cell": person(w.other_cell, "Lý Văn Sáu", role="cell_secretary"),
        "committee_officer": CommitteeRoleFactory(committee=w.committee, role="officer").user,
        "committee_clerk": CommitteeRoleFactory(committee=w.committee, role="clerk").user,
        "observer": CommitteeRoleFactory(committee=w.committee, role="observer").user,
        "officer_other_committee": CommitteeRoleFactory(
            committee=CommitteeFactory(), role="officer"
        ).user,
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    w.nam = person(w.cell, "Lê Văn Nam", login=False)
    w.document = LibraryDocumentFactory(committee=w.committee, number="12-CT/HU")
    w.campaign = services.campaign_start(
        w.committee,
        w.document,
        title="Học tập Chỉ thị 12",
        cells=[],
        starts_on=TODAY - 5 * DAY,
        deadline=TODAY + 10 * DAY,
        report_required=True,
        instructions="Đọc phần II.",
        by=w.users["committee_officer"],
    ).campaign
    w.mai = StudyParticipant.objects.get(campaign=w.campaign, member=w.users["member"].member)
    w.nam_row = StudyParticipant.objects.get(campaign=w.campaign, member=w.nam)
    w.tu = StudyParticipant.objects.get(
        campaign=w.campaign, member=w.users["member_other_cell"].member
    )
    services.report_submit(
        participant=w.mai,
        text="Bài thu hoạch của Mai.",
        upload=SimpleUploadedFile("bai-mai.pdf", PDF),
        by=w.users["member"],
    )
    return w


@pytest.fixture
def w(built):
    return copy.deepcopy(built)


def login(client, user):
    """Logged in, in English: the assertions name the English source strings."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def as_(client, w, who):
    return login(client, w.users[who])


def msgs(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def url(name, *args):
    return reverse(f"library:{name}", args=args)


# --- who opens what -----------------------------------------------------------------------------------

ALL = [
    "member",
    "member_other_cell",
    "cell_secretary",
    "cell_committee_member",
    "secretary_other_cell",
    "committee_officer",
    "committee_clerk",
    "observer",
    "officer_other_committee",
    "superuser",
]


def statuses(client, w, path, method="get"):
    result = {}
    for who in ALL:
        response = getattr(as_(client, w, who), method)(path)
        result[who] = response.status_code
    return result


def test_progress_page_officers_only_observers_never_see_names(client, w):
    got = statuses(client, w, url("campaign_progress", w.campaign.pk))
    assert got == {
        "member": 403,
        "member_other_cell": 403,
        "cell_secretary": 200,
        "cell_committee_member": 200,
        "secretary_other_cell": 200,
        "committee_officer": 200,
        "committee_clerk": 403,
        "observer": 403,
        "officer_other_committee": 404,
        "superuser": 404,
    }


def test_a_report_is_confidential(client, w):
    for name in ("participant_report", "participant_report_file"):
        got = statuses(client, w, url(name, w.mai.pk))
        assert got == {
            "member": 200,
            "member_other_cell": 404,
            "cell_secretary": 200,
            "cell_committee_member": 200,
            "secretary_other_cell": 404,
            "committee_officer": 200,
            "committee_clerk": 404,
            "observer": 404,
            "officer_other_committee": 404,
            "superuser": 404,
        }, name


def test_recording_for_a_member_her_cell_secretary_and_the_committee(client, w):
    got = statuses(client, w, url("participant_record", w.nam_row.pk))
    assert got == {
        "member": 404,
        "member_other_cell": 404,
        "cell_secretary": 200,
        "cell_committee_member": 404,
        "secretary_other_cell": 403,
        "committee_officer": 200,
        "committee_clerk": 404,
        "observer": 404,
        "officer_other_committee": 404,
        "superuser": 404,
    }


def test_observers_see_the_campaign_and_its_numbers_without_names(client, w):
    html = as_(client, w, "observer").get(url("campaign_detail", w.campaign.pk)).content.decode()
    assert "Chi bộ Tổ Toán - Tin" in html and 'data-value="done">1<' in html
    assert "Đặng Thị Mai" not in html and "Lê Văn Nam" not in html
    assert url("campaign_progress", w.campaign.pk) not in html
    listing = as_(client, w, "observer").get(url("campaign_list")).content.decode()
    assert "Học tập Chỉ thị 12" in listing and "1/6 done" in listing


# --- starting a campaign ----------------------------------------------------------------------------


def start_data(**changes):
    data = {
        "title": "Học tập Nghị quyết mới",
        "starts_on": TODAY.strftime("%d/%m/%Y"),
        "deadline": (TODAY + 20 * DAY).strftime("%d/%m/%Y"),
        "report_required": "on",
        "instructions": "",
    }
    data.update(changes)
    return data


def test_an_officer_starts_a_campaign_for_one_cell(client, w):
    document = LibraryDocumentFactory(committee=w.committee)
    start = url("campaign_start", document.pk)
    page = as_(client, w, "committee_officer").get(start)
    assert page.status_code == 200 and "Chi bộ Tổ Văn" in page.content.decode()
    response = client.post(start, start_data(cells=[w.other_cell.pk]))
    campaign = StudyCampaign.objects.get(document=document)
    assert response.status_code == 302 and response["Location"] == campaign.get_absolute_url()
    assert campaign.participants.count() == 2
    assert "Members asked to study the document: 2;" in msgs(response)[0]


def test_a_bad_campaign_keeps_the_input_and_saves_nothing(client, w):
    document = LibraryDocumentFactory(committee=w.committee)
    start = url("campaign_start", document.pk)
    before = (TODAY - 3 * DAY).strftime("%d/%m/%Y")
    response = as_(client, w, "committee_officer").post(
        start, start_data(deadline=before, title="Tên đợt giữ lại")
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The deadline cannot be before the start date." in html
    assert "Tên đợt giữ lại" in html
    response = client.post(start, start_data(cells=["x", "999999"], deadline="31/02/2026"))
    assert response.status_code == 200
    assert not StudyCampaign.objects.filter(document=document).exists()


def test_an_officers_only_document_cannot_be_studied_by_every_member(client, w):
    document = LibraryDocumentFactory(committee=w.committee, audience="officers")
    response = as_(client, w, "committee_officer").post(
        url("campaign_start", document.pk), start_data()
    )
    assert response.status_code == 200
    assert "open to officers only" in response.content.decode()
    assert not StudyCampaign.objects.filter(document=document).exists()


def test_who_may_start_a_campaign(client, w):
    got = statuses(client, w, url("campaign_start", w.document.pk))
    assert got["committee_officer"] == 200
    assert {who for who, status in got.items() if status == 200} == {"committee_officer"}
    assert got["officer_other_committee"] == 404 and got["member"] == 403


# --- the member's own part ------------------------------------------------------------------------------


def test_the_campaign_page_shows_her_part(client, w):
    html = as_(client, w, "member_other_cell").get(w.campaign.get_absolute_url()).content.decode()
    assert "I have studied the document" in html and "Write my report" in html
    assert url("campaign_progress", w.campaign.pk) not in html  # not an officer
    mine = as_(client, w, "member").get(w.campaign.get_absolute_url()).content.decode()
    assert "Done. Thank you." in mine and "Edit my report" in mine


def test_she_confirms_and_a_forged_field_changes_nobody_else(client, w):
    response = as_(client, w, "member_other_cell").post(
        url("study_confirm", w.campaign.pk), {"participant": w.nam_row.pk}
    )
    assert response.status_code == 302
    assert StudyParticipant.objects.get(pk=w.tu.pk).studied_at is not None
    assert StudyParticipant.objects.get(pk=w.nam_row.pk).studied_at is None
    # Not asked (no member record): nothing of hers to confirm.
    assert as_(client, w, "observer").post(url("study_confirm", w.campaign.pk)).status_code == 404


def test_she_writes_her_report_with_a_file(client, w):
    page = url("study_report", w.campaign.pk)
    assert as_(client, w, "member_other_cell").get(page).status_code == 200
    response = client.post(page, {"text": "Bài của Tư", "file": SimpleUploadedFile("bai.pdf", PDF)})
    assert response.status_code == 302
    report = StudyReport.objects.get(participant=w.tu)
    assert report.text == "Bài của Tư" and report.file_kind == "pdf" and not report.late
    assert msgs(response) == ["Your report was saved."]


@pytest.mark.parametrize(
    "data, error",
    [
        ({"text": "  "}, "Write your report or attach a file."),
        ({"text": "Bài", "file": "exe"}, "This kind of file is not accepted."),
        ({"text": "Bài\x00"}, "Null characters are not allowed."),
    ],
)
def test_a_bad_report_keeps_the_text_and_saves_nothing(client, w, data, error):
    if data.get("file") == "exe":
        data["file"] = SimpleUploadedFile("bai.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    response = as_(client, w, "member_other_cell").post(url("study_report", w.campaign.pk), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not StudyReport.objects.filter(participant=w.tu).exists()


def test_an_oversized_upload_is_refused(client, w):
    rules_update(committee=w.committee, by=w.users["committee_officer"], upload_max_mb=1)
    page = url("study_report", w.campaign.pk)
    # Over the limit: refused by the service, the text kept.
    big = SimpleUploadedFile("bai.pdf", PDF + b"0" * (2 * 1024 * 1024))
    response = as_(client, w, "member_other_cell").post(page, {"text": "Bài giữ lại", "file": big})
    html = response.content.decode()
    assert response.status_code == 200
    assert "larger than the limit of 1 MB" in html and "Bài giữ lại" in html
    # Far over it: refused from its length, before the body is read.
    huge = SimpleUploadedFile("bai.pdf", PDF + b"0" * (6 * 1024 * 1024))
    response = client.post(page, {"text": "Bài", "file": huge})
    assert response.status_code == 302
    assert any("larger than the limit of 1 MB" in m for m in msgs(response))
    assert not StudyReport.objects.filter(participant=w.tu).exists()


def test_no_report_page_for_someone_not_asked(client, w):
    assert as_(client, w, "observer").get(url("study_report", w.campaign.pk)).status_code == 404
    assert (
        as_(client, w, "committee_officer").get(url("study_report", w.campaign.pk)).status_code
        == 404
    )


def test_after_the_deadline_her_report_can_no_longer_change(client, w):
    StudyCampaign.objects.filter(pk=w.campaign.pk).update(deadline=TODAY - DAY)
    page = url("study_report", w.campaign.pk)
    html = as_(client, w, "member").get(page).content.decode()
    assert "can no longer be changed" in html and "Bài thu hoạch của Mai." in html
    response = client.post(page, {"text": "Sửa sau hạn"})
    assert response.status_code == 302
    assert "can no longer be changed" in msgs(response)[0]
    assert StudyReport.objects.get(participant=w.mai).text == "Bài thu hoạch của Mai."
    # A first report after the deadline is accepted, marked late.
    response = as_(client, w, "member_other_cell").post(page, {"text": "Muộn"})
    assert StudyReport.objects.get(participant=w.tu).late
    assert "marked late" in msgs(response)[-1]


# --- officers -----------------------------------------------------------------------------------------------


def test_the_secretary_sees_her_cells_rows_only(client, w):
    html = as_(client, w, "cell_secretary").get(url("campaign_progress", w.campaign.pk))
    html = html.content.decode()
    assert "Lê Văn Nam" in html and "Đặng Thị Mai" in html
    assert "Bùi Văn Tư" not in html and "Chi bộ Tổ Văn" not in html
    assert url("participant_record", w.nam_row.pk) in html
    officer = as_(client, w, "committee_officer")
    everyone = officer.get(url("campaign_progress", w.campaign.pk)).content.decode()
    assert "Bùi Văn Tư" in everyone and "Lê Văn Nam" in everyone
    one = officer.get(url("campaign_progress", w.campaign.pk) + f"?cell={w.other_cell.pk}")
    assert "Lê Văn Nam" not in one.content.decode()
    for hostile in ("abc", "²", "9" * 30):
        bad = officer.get(url("campaign_progress", w.campaign.pk) + f"?cell={hostile}&page=x")
        assert bad.status_code == 200 and "Bùi Văn Tư" in bad.content.decode()


def test_the_secretary_records_a_handwritten_report(client, w):
    page = url("participant_record", w.nam_row.pk)
    response = as_(client, w, "cell_secretary").post(
        page,
        {
            "studied": "on",
            "received_on": TODAY.strftime("%d/%m/%Y"),
            "text": "Bài viết tay của Nam",
            "file": SimpleUploadedFile("scan.pdf", PDF),
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?cell={w.cell.pk}")
    nam = StudyParticipant.objects.get(pk=w.nam_row.pk)
    assert nam.studied_recorded_by == w.users["cell_secretary"]
    assert nam.report.recorded_by == w.users["cell_secretary"]
    assert nam.report.original_name == "scan.pdf"


def test_a_bad_record_shows_the_reason_and_saves_nothing(client, w):
    page = url("participant_record", w.nam_row.pk)
    future = (TODAY + DAY).strftime("%d/%m/%Y")
    response = as_(client, w, "committee_officer").post(
        page, {"studied": "on", "received_on": future, "text": "Bài"}
    )
    assert response.status_code == 200
    assert "The date cannot be in the future." in response.content.decode()
    response = client.post(page, {"received_on": TODAY.strftime("%d/%m/%Y")})
    assert "Nothing to record" in response.content.decode()
    assert StudyParticipant.objects.get(pk=w.nam_row.pk).studied_at is None


def test_a_member_forging_a_record_for_another_gets_404(client, w):
    response = as_(client, w, "member").post(
        url("participant_record", w.nam_row.pk),
        {"studied": "on", "received_on": TODAY.strftime("%d/%m/%Y"), "text": "Giả"},
    )
    assert response.status_code == 404
    response = as_(client, w, "secretary_other_cell").post(
        url("participant_record", w.nam_row.pk),
        {"studied": "on", "received_on": TODAY.strftime("%d/%m/%Y")},
    )
    assert response.status_code == 403
    assert StudyParticipant.objects.get(pk=w.nam_row.pk).studied_at is None


def test_reminding(client, w):
    remind = url("campaign_remind", w.campaign.pk)
    Notification.objects.all().delete()
    response = as_(client, w, "cell_secretary").post(remind, {"cell": w.cell.pk})
    assert response.status_code == 302
    # A1 not done with a login: the secretary herself and the cell committee member.
    assert msgs(response) == ["Members reminded: 2."]
    assert as_(client, w, "cell_secretary").post(remind).status_code == 403
    for hostile in ("x", "²", "9" * 30, "-1"):
        assert as_(client, w, "cell_secretary").post(remind, {"cell": hostile}).status_code == 404
    other = as_(client, w, "secretary_other_cell")
    assert other.post(remind, {"cell": w.cell.pk}).status_code == 403
    response = as_(client, w, "committee_officer").post(remind)
    assert msgs(response)[-1] == "Members reminded: 2."  # A2's two; A1's were today
    response = client.post(remind)
    assert "Nobody to remind" in msgs(response)[-1]
    assert Notification.objects.count() == 4
    assert as_(client, w, "member").post(remind, {"cell": w.cell.pk}).status_code == 403


def test_extending_the_deadline(client, w):
    page = url("campaign_extend", w.campaign.pk)
    assert as_(client, w, "cell_secretary").get(page).status_code == 403
    officer = as_(client, w, "committee_officer")
    response = officer.post(page, {"deadline": TODAY.strftime("%d/%m/%Y")})
    assert response.status_code == 200
    assert "later than the current one" in response.content.decode()
    later = TODAY + 30 * DAY
    response = officer.post(page, {"deadline": later.strftime("%d/%m/%Y")})
    assert response.status_code == 302
    assert StudyCampaign.objects.get(pk=w.campaign.pk).deadline == later


def test_archiving(client, w):
    page = url("campaign_archive", w.campaign.pk)
    assert as_(client, w, "committee_officer").get(page).status_code == 405
    assert as_(client, w, "observer").post(page).status_code == 403
    response = as_(client, w, "committee_officer").post(page)
    assert response["Location"] == url("campaign_list")
    assert StudyCampaign.objects.get(pk=w.campaign.pk).archived
    row = f'data-campaign="{w.campaign.pk}"'
    assert row not in client.get(url("campaign_list")).content.decode()
    assert row in client.get(url("campaign_list") + "?archived=1").content.decode()
    response = as_(client, w, "member_other_cell").post(url("study_confirm", w.campaign.pk))
    assert "archived" in msgs(response)[-1]


# --- the exports ---------------------------------------------------------------------------------------------


def test_the_reports_as_one_official_docx(client, w):
    services.record_on_behalf(
        participant=w.nam_row, studied=True, text="Dòng một\nDòng hai", by=w.users["cell_secretary"]
    )
    for who in ("cell_secretary", "observer", "member"):
        assert (
            as_(client, w, who).get(url("campaign_reports_docx", w.campaign.pk)).status_code == 403
        )
    response = as_(client, w, "committee_officer").get(url("campaign_reports_docx", w.campaign.pk))
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    header = doc.tables[0].rows[0].cells
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header[1].text
    assert "ĐẢNG ỦY TRƯỜNG THPT KRÔNG BÔNG" in header[0].text
    assert "TỔNG HỢP BÀI THU HOẠCH" in text
    assert "Đồng chí Đặng Thị Mai" in text and "Bài thu hoạch của Mai." in text
    assert "bai-mai.pdf" in text
    assert "Dòng một" in text and "Dòng hai" in text
    assert "do đồng chí Ngô Văn Bí nhập thay" in text
    assert "Đảng viên chưa nộp bài thu hoạch" in text and "Bùi Văn Tư (Chi bộ Tổ Văn)" in text
    assert text.index("CHI BỘ TỔ TOÁN - TIN") < text.index("Đồng chí Đặng Thị Mai")


def test_the_summary_workbook(client, w):
    response = as_(client, w, "committee_officer").get(url("campaign_summary_xlsx", w.campaign.pk))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=5, values_only=True))
    by_name = {r[1]: r for r in rows}
    assert len(rows) == 6
    mai = by_name["Đặng Thị Mai"]
    assert mai[2] == "Chi bộ Tổ Toán - Tin" and mai[6] == "No" and mai[8] == "Yes"
    assert isinstance(mai[5], datetime.datetime)
    assert by_name["Lê Văn Nam"][8] == "No" and by_name["Lê Văn Nam"][3] is None


# --- the document's block, the member's home ---------------------------------------------------------


def test_the_document_page_lists_its_campaigns(client, w):
    html = as_(client, w, "committee_officer").get(w.document.get_absolute_url()).content.decode()
    assert w.campaign.get_absolute_url() in html
    assert url("campaign_start", w.document.pk) in html
    member = as_(client, w, "member").get(w.document.get_absolute_url()).content.decode()
    assert w.campaign.get_absolute_url() in member
    assert url("campaign_start", w.document.pk) not in member


def test_her_home_shows_what_to_study(client, w):
    html = as_(client, w, "member_other_cell").get(reverse("dashboard:my_home")).content.decode()
    assert "To study" in html and w.campaign.get_absolute_url() in html
    done = as_(client, w, "member").get(reverse("dashboard:my_home")).content.decode()
    assert w.campaign.get_absolute_url() not in done


# --- query counts -------------------------------------------------------------------------------------------


def campaign_with(n: int):
    """An officer and a campaign of two cells with `n` members, half of them done."""
    committee = CommitteeFactory()
    cells = [CellFactory(committee=committee) for _ in range(2)]
    officer = CommitteeRoleFactory(committee=committee, role="officer").user
    campaign = StudyCampaignFactory(committee=committee)
    for i in range(n):
        member = MemberFactory(committee=committee, cell=cells[i % 2])
        participant = StudyParticipantFactory(
            campaign=campaign,
            member=member,
            cell=cells[i % 2],
            studied_at=timezone.now() if i % 2 else None,
            studied_recorded_by=officer if i % 4 == 1 else None,
        )
        if i % 2:
            StudyReportFactory(participant=participant, recorded_by=officer if i % 4 else None)
    return officer, campaign


def count(client, user, path) -> int:
    login(client, user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["campaign_progress", "campaign_detail", "campaign_list"])
def test_queries_do_not_grow_with_members(client, name):
    few_officer, few = campaign_with(5)
    many_officer, many = campaign_with(50)
    args = () if name == "campaign_list" else None
    few_count = count(client, few_officer, url(name, *(args if args is not None else [few.pk])))
    many_count = count(client, many_officer, url(name, *(args if args is not None else [many.pk])))
    assert few_count == many_count
