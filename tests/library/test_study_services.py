"""Study campaigns — the write services (`library.study.services`) and the "done" rule: who is
asked, who is told, confirming, reports on time / late / after the deadline, extending, recording
on behalf of a member, reminders once a day, archiving; every refusal saves nothing."""

import copy
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from cells.models import CommitteeSettings
from library.models import StudyCampaign, StudyParticipant, StudyReport
from library.study import selectors, services
from members.models import Notification, Status
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    LibraryDocumentFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
PDF = b"%PDF-1.4\n%test\n"


def pdf(name="thu-hoach.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def at(day: datetime.date, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@pytest.fixture(autouse=True)
def english():
    """Messages compared in English (the source strings), whatever an earlier test left active."""
    with translation.override("en"):
        yield


class World:
    pass


@pytest.fixture(scope="module")
def built(module_db):
    """Committee A: cell A1 (Hoa with a login, Nam and Lan without; a member transferred out),
    cell A2 (Tư with a login, Sáu without), a dissolved cell; its officer, A1's secretary; a
    document open to all, one for officers only, an archived one; committee B's document."""
    w = World()
    w.committee = CommitteeFactory()
    term = TermFactory(committee=w.committee)
    w.c1 = CellFactory(committee=w.committee, code="CB1", name="Chi bộ Tổ Toán - Tin")
    w.c2 = CellFactory(committee=w.committee, code="CB2", name="Chi bộ Tổ Văn")
    w.gone = CellFactory(committee=w.committee, code="CB9", status="dissolved", dissolved_on=TODAY)

    def member(cell, name, login=False, **kwargs):
        m = MemberFactory(committee=w.committee, cell=cell, full_name=name, **kwargs)
        if login:
            member_user(m)
        return m

    w.hoa = member(w.c1, "Trần Thị Hoa", login=True)
    w.nam = member(w.c1, "Lê Văn Nam")
    w.lan = member(w.c1, "Phạm Thị Lan", status=Status.PROBATIONARY)
    w.left = member(w.c1, "Võ Văn Đi", status=Status.TRANSFERRED_OUT)
    w.tu = member(w.c2, "Bùi Văn Tư", login=True)
    w.sau = member(w.c2, "Lý Văn Sáu")
    w.secretary = member(w.c1, "Ngô Văn Bí", login=True)
    PositionFactory(member=w.secretary, cell=w.c1, role="cell_secretary", term=term)
    w.officer = CommitteeRoleFactory(committee=w.committee, role="officer").user
    w.document = LibraryDocumentFactory(committee=w.committee, number="35-NQ/TU")
    w.officers_only = LibraryDocumentFactory(committee=w.committee, audience="officers")
    w.archived = LibraryDocumentFactory(committee=w.committee, archived=True)
    w.foreign = LibraryDocumentFactory(committee=CommitteeFactory())
    return w


@pytest.fixture
def w(built):
    return copy.deepcopy(built)


def start(w, *, cells=(), starts_on=None, deadline=None, report_required=True, document=None):
    return services.campaign_start(
        w.committee,
        document or w.document,
        title="Học tập Nghị quyết 35",
        cells=list(cells),
        starts_on=starts_on or TODAY - 5 * DAY,
        deadline=deadline or TODAY + 10 * DAY,
        report_required=report_required,
        instructions="Đọc kỹ phần II.",
        by=w.officer,
    )


def row(campaign, member) -> StudyParticipant:
    return StudyParticipant.objects.get(campaign=campaign, member=member)


# --- starting -------------------------------------------------------------------------------------


def test_start_asks_the_members_on_the_roll_of_every_active_cell_and_tells_those_with_a_login(w):
    result = start(w)
    rows = {p.member_id: p.cell_id for p in result.campaign.participants.all()}
    assert rows == {
        w.hoa.pk: w.c1.pk,
        w.nam.pk: w.c1.pk,
        w.lan.pk: w.c1.pk,
        w.secretary.pk: w.c1.pk,
        w.tu.pk: w.c2.pk,
        w.sau.pk: w.c2.pk,
    }
    assert result.participants == 6 and result.notified == 3
    assert list(result.campaign.cells.all()) == []  # the whole committee
    told = Notification.objects.filter(url=result.campaign.get_absolute_url())
    assert set(told.values_list("user_id", flat=True)) == {
        w.hoa.user_id,
        w.tu.user_id,
        w.secretary.user_id,
    }
    notice = told.first()
    assert "Học tập Nghị quyết 35" in notice.title
    assert f"{TODAY + 10 * DAY:%d/%m/%Y}" in notice.title and "35-NQ/TU" in notice.body


def test_start_for_chosen_cells(w):
    with translation.override("en"):
        result = start(w, cells=[w.c2])
    assert set(result.campaign.participants.values_list("member_id", flat=True)) == {
        w.tu.pk,
        w.sau.pk,
    }
    assert list(result.campaign.cells.all()) == [w.c2]
    assert result.notified == 1


def test_history_entered_afterwards_tells_nobody(w):
    result = start(w, starts_on=TODAY - 60 * DAY, deadline=TODAY - 30 * DAY)
    assert result.notified == 0
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    "change, field",
    [
        ({"document": "foreign"}, "document"),
        ({"document": "archived"}, "document"),
        ({"document": "officers_only"}, "document"),
        ({"deadline": -20}, "deadline"),
        ({"cells": "gone"}, "cells"),
        ({"cells": "other_committee"}, "cells"),
        ({"title": "   "}, "title"),
        ({"title": "a\x00b"}, "title"),
    ],
)
def test_start_refusals_save_nothing(w, change, field):
    kwargs = {
        "title": "Học tập",
        "cells": [],
        "starts_on": TODAY,
        "deadline": TODAY + 10 * DAY,
        "report_required": True,
        "instructions": "",
        "by": w.officer,
    }
    document = w.document
    if "document" in change:
        document = getattr(w, change["document"])
    if "deadline" in change:
        kwargs["deadline"] = TODAY + change["deadline"] * DAY
    if change.get("cells") == "gone":
        kwargs["cells"] = [w.gone]
    if change.get("cells") == "other_committee":
        kwargs["cells"] = [CellFactory()]
    if "title" in change:
        kwargs["title"] = change["title"]
    with pytest.raises(ValidationError) as error:
        services.campaign_start(w.committee, document, **kwargs)
    assert field in error.value.message_dict
    assert not StudyCampaign.objects.exists()
    assert not Notification.objects.exists()


def test_a_cell_with_nobody_on_the_roll_is_refused(w):
    empty = CellFactory(committee=w.committee)
    with pytest.raises(ValidationError) as error:
        start(w, cells=[empty])
    assert "No member on the roll" in str(error.value)
    assert not StudyCampaign.objects.exists()


# --- the member's own part --------------------------------------------------------------------------


def test_confirming_twice_keeps_the_first_moment(w):
    campaign = start(w).campaign
    first = services.study_confirm(participant=row(campaign, w.hoa), by=w.hoa.user)
    again = services.study_confirm(
        participant=row(campaign, w.hoa), by=w.hoa.user, now=timezone.now() + DAY
    )
    assert again.studied_at == first.studied_at
    assert again.studied_recorded_by is None


def test_a_report_on_time_marks_her_studied_and_she_edits_it_until_the_deadline(w):
    campaign = start(w).campaign
    report = services.report_submit(
        participant=row(campaign, w.hoa), text="  Bài viết  ", by=w.hoa.user
    )
    assert (report.text, report.late, report.recorded_by) == ("Bài viết", False, None)
    assert row(campaign, w.hoa).studied_at is not None
    edited = services.report_submit(
        participant=row(campaign, w.hoa),
        text="Bài viết, sửa lại",
        upload=pdf(),
        by=w.hoa.user,
        now=at(campaign.deadline, 23),
    )
    assert edited.pk == report.pk and edited.submitted_at == report.submitted_at
    assert edited.text == "Bài viết, sửa lại" and not edited.late
    assert edited.file_kind == "pdf" and edited.original_name == "thu-hoach.pdf"
    assert edited.file.name.endswith(".pdf") and "thu-hoach" not in edited.file.name


def test_after_the_deadline_a_first_report_is_late_and_cannot_be_edited(w):
    campaign = start(w).campaign
    after = at(campaign.deadline + DAY, 0)
    report = services.report_submit(
        participant=row(campaign, w.hoa), text="Nộp muộn", by=w.hoa.user, now=after
    )
    assert report.late
    with pytest.raises(ValidationError) as error:
        services.report_submit(
            participant=row(campaign, w.hoa), text="Sửa", by=w.hoa.user, now=after
        )
    assert "can no longer be changed" in str(error.value)
    report.refresh_from_db()
    assert report.text == "Nộp muộn"


@pytest.mark.parametrize(
    "text, upload, field, words",
    [
        ("   ", None, "text", "Write your report"),
        ("", "exe", "file", "not accepted"),
        ("Bài", "big", "file", "larger than the limit of 1 MB"),
        ("a\x00b", None, "text", "Null characters"),
    ],
)
def test_bad_reports_are_refused_and_nothing_is_saved(w, text, upload, field, words):
    CommitteeSettings.objects.update_or_create(committee=w.committee, defaults={"upload_max_mb": 1})
    campaign = start(w).campaign
    files = {
        None: None,
        "exe": SimpleUploadedFile("bai.pdf", b"MZ\x90\x00" + b"\x00" * 200),
        "big": pdf(content=PDF + b"0" * (1024 * 1024)),
    }
    with pytest.raises(ValidationError) as error:
        services.report_submit(
            participant=row(campaign, w.hoa), text=text, upload=files[upload], by=w.hoa.user
        )
    assert words in " ".join(error.value.message_dict[field])
    assert not StudyReport.objects.exists()
    assert row(campaign, w.hoa).studied_at is None


def test_no_report_where_none_is_asked(w):
    campaign = start(w, report_required=False).campaign
    with pytest.raises(ValidationError):
        services.report_submit(participant=row(campaign, w.hoa), text="Bài", by=w.hoa.user)
    assert not StudyReport.objects.exists()


# --- extending ----------------------------------------------------------------------------------------


def test_extending_to_an_earlier_or_the_same_day_is_refused(w):
    campaign = start(w).campaign
    for day in (campaign.deadline, campaign.deadline - DAY):
        with pytest.raises(ValidationError) as error:
            services.campaign_extend(campaign=campaign, deadline=day, by=w.officer)
        assert "later than the current one" in str(error.value)
    campaign.refresh_from_db()
    assert campaign.deadline == TODAY + 10 * DAY


def test_extending_keeps_late_reports_late_and_tells_those_not_done(w):
    campaign = start(w, starts_on=TODAY - 20 * DAY, deadline=TODAY - 2 * DAY).campaign
    late = services.report_submit(participant=row(campaign, w.hoa), text="Muộn", by=w.hoa.user)
    assert late.late
    told = services.campaign_extend(campaign=campaign, deadline=TODAY + 5 * DAY, by=w.officer)
    late.refresh_from_db()
    assert late.late  # not recomputed
    assert told == 2  # Tư and the secretary; Hoa is done
    # After the old deadline, by the new one: on time; and Hoa may edit hers again.
    on_time = services.report_submit(participant=row(campaign, w.tu), text="Kịp", by=w.tu.user)
    assert not on_time.late
    services.report_submit(participant=row(campaign, w.hoa), text="Sửa", by=w.hoa.user)


# --- recording on behalf --------------------------------------------------------------------------------


def test_an_officer_records_a_study_and_a_handwritten_report(w):
    campaign = start(w).campaign
    services.record_on_behalf(
        participant=row(campaign, w.nam),
        studied=True,
        text="Bài viết tay, đánh máy lại",
        upload=pdf("scan.pdf"),
        received_on=TODAY - DAY,
        by=w.secretary.user,
    )
    nam = row(campaign, w.nam)
    assert nam.studied_recorded_by == w.secretary.user
    assert timezone.localdate(nam.studied_at) == TODAY - DAY
    report = nam.report
    assert report.recorded_by == w.secretary.user and not report.late
    assert report.original_name == "scan.pdf"
    assert timezone.localdate(report.submitted_at) == TODAY - DAY


def test_a_handwritten_report_handed_in_after_the_deadline_is_late(w):
    campaign = start(w, starts_on=TODAY - 20 * DAY, deadline=TODAY - 3 * DAY).campaign
    services.record_on_behalf(
        participant=row(campaign, w.nam),
        studied=True,
        text="Bài",
        received_on=TODAY - 4 * DAY,
        by=w.officer,
    )
    services.record_on_behalf(
        participant=row(campaign, w.sau), studied=False, text="Bài", by=w.officer
    )
    assert not row(campaign, w.nam).report.late
    sau = row(campaign, w.sau)
    assert sau.report.late and sau.studied_at is not None  # a report means she studied it


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"studied": False, "text": " "}, "Nothing to record"),
        ({"studied": True, "received_on": TODAY + DAY}, "in the future"),
        ({"studied": True, "received_on": TODAY - 30 * DAY}, "before the campaign starts"),
    ],
)
def test_recording_refusals(w, kwargs, words):
    campaign = start(w).campaign
    with pytest.raises(ValidationError) as error:
        services.record_on_behalf(participant=row(campaign, w.nam), by=w.officer, **kwargs)
    assert words in str(error.value)
    nam = row(campaign, w.nam)
    assert nam.studied_at is None and not StudyReport.objects.exists()


def test_her_own_report_is_never_replaced_on_her_behalf(w):
    campaign = start(w).campaign
    services.report_submit(participant=row(campaign, w.hoa), text="Của tôi", by=w.hoa.user)
    with pytest.raises(ValidationError) as error:
        services.record_on_behalf(
            participant=row(campaign, w.hoa), studied=True, text="Thay", by=w.officer
        )
    assert "submitted her report herself" in str(error.value)
    assert row(campaign, w.hoa).report.text == "Của tôi"


# --- reminders, archiving -------------------------------------------------------------------------------


def test_reminders_go_once_a_day_to_those_with_a_login_not_done(w):
    campaign = start(w).campaign
    services.study_confirm(participant=row(campaign, w.tu), by=w.tu.user)  # studied, no report
    services.report_submit(participant=row(campaign, w.hoa), text="Xong", by=w.hoa.user)
    Notification.objects.all().delete()
    assert services.remind_missing(campaign=campaign, cell=w.c1, by=w.secretary.user) == 1
    assert services.remind_missing(campaign=campaign, by=w.officer) == 1  # Tư; the secretary: today
    assert services.remind_missing(campaign=campaign, by=w.officer) == 0
    assert set(Notification.objects.values_list("user_id", flat=True)) == {
        w.secretary.user_id,
        w.tu.user_id,
    }
    assert row(campaign, w.tu).last_reminded_on == TODAY
    assert services.remind_missing(campaign=campaign, by=w.officer, today=TODAY + DAY) == 2


def test_an_archived_campaign_changes_no_more(w):
    campaign = start(w).campaign
    services.campaign_archive(campaign=campaign, by=w.officer)
    services.campaign_archive(campaign=campaign, by=w.officer)  # again: nothing more
    calls = [
        lambda: services.study_confirm(participant=row(campaign, w.hoa), by=w.hoa.user),
        lambda: services.report_submit(participant=row(campaign, w.hoa), text="x", by=w.officer),
        lambda: services.record_on_behalf(
            participant=row(campaign, w.nam), studied=True, by=w.officer
        ),
        lambda: services.remind_missing(campaign=campaign, by=w.officer),
        lambda: services.campaign_extend(
            campaign=campaign, deadline=TODAY + 60 * DAY, by=w.officer
        ),
    ]
    for call in calls:
        with pytest.raises(ValidationError) as error:
            call()
        assert "archived" in str(error.value)
    assert not StudyParticipant.objects.filter(studied_at__isnull=False).exists()


# --- the "done" rule ------------------------------------------------------------------------------------


@pytest.mark.parametrize("report_required", [True, False])
def test_done_is_the_same_rule_in_the_database_and_in_python(w, report_required):
    campaign = start(w, report_required=report_required).campaign
    services.study_confirm(participant=row(campaign, w.hoa), by=w.hoa.user)
    if report_required:
        services.report_submit(participant=row(campaign, w.tu), text="Bài", by=w.tu.user)
    rows = list(selectors.participant_rows(campaign))
    in_python = {r.member_id for r in rows if selectors.is_done(r, campaign)}
    in_database = set(campaign.participants.done().values_list("member_id", flat=True))
    assert in_python == in_database
    assert in_python == ({w.tu.pk} if report_required else {w.hoa.pk})
    assert {r.member_id for r in campaign.participants.not_done()} == {
        r.member_id for r in rows
    } - in_python
