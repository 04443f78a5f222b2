"""The periodic reports' services (`reports/services.py`) and who reads which version
(`PeriodReport.objects.visible_to`): one-click creation (number, superior, place, recipients,
signatory), a future period refused, a period made once; edits of a draft only, texts at most
`MAX_TEXT`; submission locks and freezes (a second one refused); a correction is a new version
with its reason and the same number; on time or late by the first version.

The committee moved from "Huyện ủy Krông Bông" (until 30/06/2025, deadline day 15) to "Đảng ủy
xã Krông Bông" (from 01/07/2025, deadline day 20); its secretary is Đỗ Văn Chính.
"""

import copy
import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from cells.models import Superior
from members.access import forget
from reports.models import MAX_TEXT, PeriodReport
from reports.services import (
    report_correct,
    report_create,
    report_submit,
    report_update,
)
from tests.factories import (
    CommitteeFactory,
    CommitteeRoleFactory,
    MemberFactory,
    PositionFactory,
    SuperiorBodyFactory,
    SuperiorRoleFactory,
    TermFactory,
    UserFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = D(2025, 12, 7)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def _world(module_db):
    committee = CommitteeFactory(name="Đảng bộ Trường THPT Krông Bông", place_name="Krông Bông")
    SuperiorBodyFactory(
        committee=committee,
        name="Huyện ủy Krông Bông",
        valid_from=D(2001, 2, 23),
        valid_until=D(2025, 6, 30),
    )
    SuperiorBodyFactory(committee=committee, name="Đảng ủy xã Krông Bông", valid_from=D(2025, 7, 1))
    district = Superior.objects.get(name="Huyện ủy Krông Bông")
    commune = Superior.objects.get(name="Đảng ủy xã Krông Bông")
    Superior.objects.filter(pk=district.pk).update(report_deadline_day=15)
    term = TermFactory(committee=committee, start_date=D(2020, 7, 1))
    boss = MemberFactory(committee=committee, full_name="Đỗ Văn Chính")
    PositionFactory(member=boss, role="committee_secretary", term=term, start_date=D(2020, 7, 1))
    other = CommitteeFactory()
    return {
        "committee": committee,
        "district": Superior.objects.get(pk=district.pk),
        "commune": commune,
        "officer": member_user(boss),
        "observer": CommitteeRoleFactory(committee=committee, role="observer").user,
        "clerk": CommitteeRoleFactory(committee=committee, role="clerk").user,
        "member": member_user(MemberFactory(committee=committee)),
        "district_officer": SuperiorRoleFactory(superior=district).user,
        "commune_officer": SuperiorRoleFactory(superior=commune).user,
        "other_superior": SuperiorRoleFactory(
            superior=SuperiorBodyFactory(name="Đảng ủy phường Khác").superior
        ).user,
        "outsider": CommitteeRoleFactory(committee=other, role="officer").user,
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }


@pytest.fixture
def w(_world, db):
    world = copy.deepcopy(_world)
    for value in world.values():
        if hasattr(value, "is_authenticated"):
            forget(value)
    return world


NOVEMBER = D(2025, 11, 1)


def create(w, kind="month", start=NOVEMBER, today=TODAY):
    return report_create(
        committee=w["committee"], kind=kind, period_start=start, by=w["officer"], today=today
    )


def submit(report, by, on: datetime.date):
    """Submit, then date the submission `on` (simulated time)."""
    report = report_submit(report, by=by)
    at = datetime.datetime.combine(on, datetime.time(9), tzinfo=timezone.get_current_timezone())
    PeriodReport.objects.filter(pk=report.pk).update(submitted_at=at)
    return PeriodReport.objects.select_related("superior").get(pk=report.pk)


# --- create ---------------------------------------------------------------------------------------


def test_one_click_fills_the_report(w):
    report, created = create(w)
    assert created
    assert (report.kind, report.period_start, report.period_end) == (
        "month",
        D(2025, 11, 1),
        D(2025, 11, 30),
    )
    assert (report.number, report.number_year, report.version) == (1, 2025, 1)
    assert report.number_text == "Số 01-BC/ĐU"
    assert report.superior == w["commune"]
    assert (report.place, report.issued_on) == ("Krông Bông", TODAY)
    assert report.recipients == "Đảng ủy xã Krông Bông (để báo cáo),\nLưu Văn phòng Đảng ủy."
    assert (report.signer, report.signer_name) == ("secretary", "Đỗ Văn Chính")
    assert (report.status, report.figures, report.created_by) == ("draft", None, w["officer"])
    assert report.history.get().history_user == w["officer"]
    # Due by the commune's deadline day of the month after.
    assert report.due_on() == D(2025, 12, 20)


def test_numbers_follow_each_other_in_the_year_and_restart(w):
    first, _ = create(w, start=D(2025, 10, 1))
    quarter, _ = create(w, kind="quarter", start=D(2025, 9, 30))
    january, _ = create(w, start=D(2026, 1, 1), today=D(2026, 2, 3))
    assert (first.number, quarter.number) == (1, 2)
    assert (quarter.period_start, quarter.period_end) == (D(2025, 7, 1), D(2025, 9, 30))
    assert (january.number, january.number_year, january.number_text) == (1, 2026, "Số 01-BC/ĐU")


def test_the_superior_is_the_one_at_the_end_of_the_period(w):
    june, _ = create(w, start=D(2025, 6, 1))
    half, _ = create(w, kind="half", start=D(2025, 3, 1))
    year, _ = create(w, kind="year", start=D(2025, 1, 1))
    assert (june.superior, half.superior) == (w["district"], w["district"])
    assert june.recipients.startswith("Huyện ủy Krông Bông (để báo cáo),")
    assert june.due_on() == D(2025, 7, 15)  # the district's day
    assert year.superior == w["commune"]
    assert year.due_on() == D(2026, 1, 20)


def test_this_months_report_may_be_made(w):
    report, created = create(w, start=D(2025, 12, 1))
    assert created and report.period_end == D(2025, 12, 31)


@pytest.mark.parametrize(
    "kind, start", [("month", D(2026, 1, 1)), ("quarter", D(2026, 2, 1)), ("year", D(2026, 5, 5))]
)
def test_a_future_period_is_refused(w, kind, start):
    with pytest.raises(ValidationError) as error:
        create(w, kind=kind, start=start)
    assert error.value.message_dict == {
        "period": [
            "This period begins on 01/01/2026, in the future: a report is made for a period that "
            "has begun."
        ]
    }
    assert not PeriodReport.objects.exists()


def test_an_unknown_kind_is_refused(w):
    with pytest.raises(ValidationError) as error:
        create(w, kind="week")
    assert error.value.message_dict == {"kind": ["Choose the type of report."]}


def test_a_period_is_made_once(w):
    report, created = create(w)
    again, created_again = create(w, start=D(2025, 11, 30))
    assert (created, created_again, again.pk) == (True, False, report.pk)
    submitted = submit(report, w["officer"], D(2025, 12, 10))
    correction = report_correct(submitted, by=w["officer"], reason="Sai số liệu")
    assert create(w) == (correction, False)
    assert PeriodReport.objects.count() == 2


# --- edit -----------------------------------------------------------------------------------------


def test_a_draft_is_edited(w):
    report, _ = create(w)
    report = report_update(
        report,
        by=w["observer"],
        situation="Tư tưởng ổn định.\r\nĐoàn kết.",
        plan="Kế hoạch",
        signer="deputy",
        signer_name="Lê Thị Phó",
    )
    report.refresh_from_db()
    assert report.situation == "Tư tưởng ổn định.\nĐoàn kết."
    assert (report.plan, report.signer, report.signer_name) == ("Kế hoạch", "deputy", "Lê Thị Phó")
    assert report.history.first().history_user == w["observer"]


@pytest.mark.parametrize("name", ["situation", "notable", "plan", "recipients"])
def test_a_text_too_long_is_refused_and_nothing_is_saved(w, name):
    report, _ = create(w)
    with pytest.raises(ValidationError) as error:
        report_update(report, by=w["officer"], **{"plan": "Giữ", name: "x" * 100_000})
    assert error.value.message_dict == {
        name: [
            f"This text has 100000 characters; at most {MAX_TEXT} are allowed. Shorten it, "
            "nothing was saved."
        ]
    }
    assert PeriodReport.objects.get(pk=report.pk).plan == ""  # not the other field either
    assert report.history.count() == 1


def test_the_longest_text_is_kept(w):
    report, _ = create(w)
    report_update(report, by=w["officer"], notable="đ" * MAX_TEXT)
    report.refresh_from_db()
    assert len(report.notable) == MAX_TEXT


def test_only_the_edit_fields_change(w):
    report, _ = create(w)
    with pytest.raises(TypeError):
        report_update(report, by=w["officer"], number=9)


def test_a_submitted_report_is_not_edited(w):
    report, _ = create(w)
    submit(report, w["officer"], D(2025, 12, 10))
    with pytest.raises(ValidationError) as error:
        report_update(report, by=w["officer"], plan="Sửa")
    assert error.value.messages == [
        "This report was submitted on 10/12/2025 and is locked. To change it, make a correction "
        "with its reason."
    ]
    assert PeriodReport.objects.get(pk=report.pk).plan == ""


# --- submit ---------------------------------------------------------------------------------------


def test_submitting_locks_and_freezes(w):
    report, _ = create(w, start=D(2025, 10, 1))
    report = report_submit(report, by=w["officer"])
    assert report.status == "submitted" and report.submitted_by == w["officer"]
    assert report.issued_on == timezone.localdate()
    assert report.figures["start"] == "2025-10-01" and report.figures["end"] == "2025-10-31"
    assert set(report.figures) == {
        "start", "end", "as_of", "members", "meetings", "study", "supervision", "fees", "tasks",
    }  # fmt: skip
    assert report.history.first().history_user == w["officer"]


def test_a_second_submission_is_refused_and_changes_nothing(w):
    report, _ = create(w)
    first = submit(report, w["officer"], D(2025, 12, 10))
    with pytest.raises(ValidationError) as error:
        report_submit(report, by=w["observer"])
    assert "is locked" in error.value.messages[0]
    again = PeriodReport.objects.get(pk=report.pk)
    assert (again.submitted_at, again.submitted_by) == (first.submitted_at, w["officer"])
    assert again.history.count() == first.history.count()


@pytest.mark.parametrize(
    "on, late", [(D(2025, 12, 19), False), (D(2025, 12, 20), False), (D(2025, 12, 21), True)]
)
def test_on_time_or_late_by_the_superiors_day(w, on, late):
    report, _ = create(w)
    assert report.is_late() is None  # a draft
    assert submit(report, w["officer"], on).is_late() is late


def test_a_correction_keeps_the_first_versions_standing(w):
    report, _ = create(w)
    first = submit(report, w["officer"], D(2025, 12, 10))
    correction = report_correct(first, by=w["officer"], reason="Sai số liệu")
    correction = submit(correction, w["officer"], D(2026, 1, 5))
    assert (first.is_late(), correction.is_late()) == (False, None)


# --- correct --------------------------------------------------------------------------------------


def test_a_correction_is_a_new_version_with_the_same_number(w):
    report, _ = create(w)
    report_update(report, by=w["officer"], situation="Ổn định", notable="Nổi bật", plan="Kế hoạch")
    first = submit(report, w["officer"], D(2025, 12, 10))
    correction = report_correct(first, by=w["observer"], reason="  Sai số đảng viên  ")
    assert (correction.number, correction.number_year, correction.version) == (1, 2025, 2)
    assert correction.number_text == first.number_text
    assert (correction.status, correction.figures, correction.correction_reason) == (
        "draft",
        None,
        "Sai số đảng viên",
    )
    assert (correction.situation, correction.notable, correction.plan) == (
        "Ổn định",
        "Nổi bật",
        "Kế hoạch",
    )
    assert (correction.superior, correction.recipients) == (first.superior, first.recipients)
    assert correction.created_by == w["observer"]
    # The first version is untouched.
    assert PeriodReport.objects.get(pk=first.pk).status == "submitted"
    assert list(PeriodReport.objects.of_report(first).values_list("version", flat=True)) == [1, 2]


def test_a_correction_needs_its_reason(w):
    report, _ = create(w)
    first = submit(report, w["officer"], D(2025, 12, 10))
    for reason in ("", "   ", "x" * (MAX_TEXT + 1)):
        with pytest.raises(ValidationError) as error:
            report_correct(first, by=w["officer"], reason=reason)
        assert list(error.value.message_dict) == ["reason"]
    assert PeriodReport.objects.count() == 1


def test_one_correction_at_a_time_and_from_the_latest_version(w):
    report, _ = create(w)
    first = submit(report, w["officer"], D(2025, 12, 10))
    second = report_correct(first, by=w["officer"], reason="Lần 1")
    with pytest.raises(ValidationError) as error:
        report_correct(first, by=w["officer"], reason="Lần 2")
    assert error.value.messages == [
        "This report already has a version in draft: finish and submit it first."
    ]
    with pytest.raises(ValidationError):
        report_correct(second, by=w["officer"], reason="Lần 2")  # a draft is edited instead
    submit(second, w["officer"], D(2025, 12, 12))
    with pytest.raises(ValidationError) as error:
        report_correct(first, by=w["officer"], reason="Lần 2")
    assert error.value.messages == ["Only the latest version is corrected: version 2 is newer."]
    third = report_correct(second, by=w["officer"], reason="Lần 2")
    assert (third.version, third.number) == (3, 1)


# --- who reads which version ----------------------------------------------------------------------


def test_who_reads_which_version(w):
    june, _ = create(w, start=D(2025, 6, 1))
    june = submit(june, w["officer"], D(2025, 7, 10))
    july, _ = create(w, start=D(2025, 7, 1))
    july = submit(july, w["officer"], D(2025, 8, 10))
    november, _ = create(w, start=D(2025, 11, 1))  # a draft

    def seen(who):
        return set(PeriodReport.objects.visible_to(w[who]).values_list("pk", flat=True))

    every = {june.pk, july.pk, november.pk}
    assert seen("officer") == seen("observer") == seen("superuser") == every
    # The superiors: the submitted reports of the months the committee was under them.
    assert seen("district_officer") == {june.pk}
    assert seen("commune_officer") == {july.pk}
    for who in ("member", "clerk", "outsider", "other_superior"):
        assert seen(who) == set(), who
    assert not PeriodReport.objects.visible_to(AnonymousUser()).exists()
