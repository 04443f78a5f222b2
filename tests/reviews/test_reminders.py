"""The quality year's reminders (`reviews.reminders`, issue 21): residence-place comments missing
before the cell's review, supervision items and follow-ups falling due — who gets each, the
settings, other committees, and the number of queries."""

import copy
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from cells.rules import rules_for
from cells.services import rules_update
from members.models import Status
from members.reminders import Kind
from reviews.models import (
    ResidenceComment,
    SupervisionItem,
    SupervisionProgramme,
    SupervisionRecord,
)
from reviews.reminders import residence_reminders, supervision_reminders
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
D = datetime.date
DAY = datetime.timedelta(days=1)
# The review is on 31 December unless the cell holds a review meeting; 30 days' notice by default.
ON = D(YEAR, 12, 10)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


class World:
    pass


@pytest.fixture(scope="module")
def built(module_db):
    """Cell A1 with its secretary (login); Hoa (login) and Nam (no login) without a comment; Lan
    with one received; Sinh, a student; committee B with a cell, a secretary and a missing
    comment."""
    w = World()
    w.committee = CommitteeFactory()
    w.cell = CellFactory(committee=w.committee, name="Chi bộ A1")
    w.secretary = MemberFactory(committee=w.committee, cell=w.cell, full_name="Bí Thư")
    member_user(w.secretary)
    PositionFactory(
        member=w.secretary, cell=w.cell, role="cell_secretary", start_date=D(YEAR - 1, 1, 1)
    )
    w.hoa = MemberFactory(committee=w.committee, cell=w.cell, full_name="Trần Thị Hoa")
    member_user(w.hoa)
    w.nam = MemberFactory(committee=w.committee, cell=w.cell, full_name="Lê Văn Nam")
    w.lan = MemberFactory(committee=w.committee, cell=w.cell, full_name="Phạm Thị Lan")
    for member in (w.lan, w.secretary):
        ResidenceComment.objects.create(
            member=member,
            year=YEAR,
            status="received",
            received_on=D(YEAR, 3, 1),
            residence_cell="Chi bộ thôn 1",
            good=True,
        )
    MemberFactory(committee=w.committee, cell=w.cell, full_name="Sinh Viên", is_student=True)
    w.other = CommitteeFactory()
    other_cell = CellFactory(committee=w.other)
    outsider = MemberFactory(committee=w.other, cell=other_cell)
    member_user(outsider)
    PositionFactory(
        member=outsider, cell=other_cell, role="cell_secretary", start_date=D(YEAR - 1, 1, 1)
    )
    w.outsider = outsider
    return w


@pytest.fixture
def w(built):
    return copy.deepcopy(built)


# --- residence-place comments --------------------------------------------------------------------


def test_missing_residence_comments_remind_the_cell_secretary_before_the_review(w):
    [found] = residence_reminders(w.committee, today=ON, rules=rules_for(w.committee))
    assert found.user == w.secretary.user and found.kind == Kind.RESIDENCE
    assert found.key == f"residence:{w.cell.pk}:{YEAR}"
    assert "Trần Thị Hoa" in found.body and "Lê Văn Nam" in found.body
    assert "Phạm Thị Lan" not in found.body and "Sinh Viên" not in found.body
    assert found.title.startswith("Còn thiếu 2 nhận xét của chi bộ nơi cư trú")
    assert found.url == f"/reviews/{YEAR}/residence/"


def test_too_early_or_after_the_review_nothing(w):
    rules = rules_for(w.committee)
    assert residence_reminders(w.committee, today=D(YEAR, 11, 30), rules=rules) == []
    assert len(residence_reminders(w.committee, today=D(YEAR, 12, 1), rules=rules)) == 1


def test_the_review_meeting_sets_the_review_date(w):
    MeetingFactory(cell=w.cell, kind="review", date=D(YEAR, 11, 20), status="held")
    rules = rules_for(w.committee)
    assert residence_reminders(w.committee, today=ON, rules=rules) == []
    assert len(residence_reminders(w.committee, today=D(YEAR, 11, 1), rules=rules)) == 1


def test_the_residence_days_are_a_setting(w):
    rules_update(committee=w.committee, by=None, reminder_residence_days=5)
    w.committee.refresh_from_db()
    rules = rules_for(w.committee)
    assert residence_reminders(w.committee, today=ON, rules=rules) == []
    assert len(residence_reminders(w.committee, today=D(YEAR, 12, 26), rules=rules)) == 1


def test_nothing_once_every_comment_is_in(w):
    for member in (w.hoa, w.nam):
        ResidenceComment.objects.create(
            member=member, year=YEAR, status="exempt", exempt_reason="Học tập xa"
        )
    assert residence_reminders(w.committee, today=ON, rules=rules_for(w.committee)) == []


def test_residence_reminders_cost_the_same_for_5_and_50_members(w, django_assert_num_queries):
    rules = rules_for(w.committee)
    with django_assert_num_queries(4):
        residence_reminders(w.committee, today=ON, rules=rules)
    for i in range(45):
        MemberFactory(committee=w.committee, cell=w.cell, full_name=f"Thêm {i}")
    with django_assert_num_queries(4):
        [found] = residence_reminders(w.committee, today=ON, rules=rules)
    assert found.title.startswith("Còn thiếu 47 nhận xét")


# --- supervision -----------------------------------------------------------------------------------


def programme(w, cell=None):
    return SupervisionProgramme.objects.create(committee=w.committee, cell=cell, year=YEAR)


def item(prog, until, **kwargs):
    return SupervisionItem.objects.create(
        programme=prog,
        kind="regular",
        dimension="tasks",
        content=kwargs.pop("content", "Việc thực hiện nhiệm vụ"),
        planned_from=until - 30 * DAY,
        planned_until=until,
        **kwargs,
    )


def test_supervision_items_falling_due_remind_their_supervisors(w):
    prog = programme(w, w.cell)
    today = D(YEAR, 6, 1)
    carried = item(prog, today + 5 * DAY)
    carried.supervisors.add(w.hoa)
    nobody = item(prog, today + 7 * DAY, content="Không ai phụ trách")
    item(prog, today + 8 * DAY)  # not yet
    done = item(prog, today + 2 * DAY, subject_cell=w.cell)
    SupervisionRecord.objects.create(
        item=done, committee=w.committee, cell=w.cell, recorded_on=today, conclusion="no_violation"
    )
    found = supervision_reminders(w.committee, today=today, rules=rules_for(w.committee))
    assert [(r.user, r.key) for r in found] == [
        (w.hoa.user, f"supervision-item:{carried.pk}:due"),
        # No supervisor named: the secretary of the programme's cell.
        (w.secretary.user, f"supervision-item:{nobody.pk}:due"),
    ]
    # The supervisor (who may hold no office) opens the section's home; the secretary the page.
    assert found[0].url == reverse("reviews:supervision_home")
    assert found[1].url == prog.get_absolute_url()


def test_a_follow_up_falling_due_reminds_the_member_concerned(w):
    today = D(YEAR, 6, 1)
    prog = programme(w)
    base = item(prog, today - DAY)
    base.subject_members.add(w.hoa, w.nam)
    record = SupervisionRecord.objects.create(
        item=base,
        committee=w.committee,
        member=w.hoa,
        cell=w.cell,
        recorded_on=today - DAY,
        conclusion="shortcomings",
        recommendations="Khắc phục",
        followup_deadline=today + 3 * DAY,
    )
    SupervisionRecord.objects.create(  # Nam has no login
        item=base,
        committee=w.committee,
        member=w.nam,
        cell=w.cell,
        recorded_on=today - DAY,
        conclusion="shortcomings",
        followup_deadline=today + 3 * DAY,
    )
    found = supervision_reminders(w.committee, today=today, rules=rules_for(w.committee))
    assert [(r.user, r.key) for r in found] == [
        (w.hoa.user, f"supervision-record:{record.pk}:followup")
    ]
    assert "Khắc phục" not in found[0].body  # confidential: no content in a notice or e-mail
    w.hoa.status = Status.TRANSFERRED_OUT
    w.hoa.save()
    assert supervision_reminders(w.committee, today=today, rules=rules_for(w.committee)) == []


def test_the_supervision_days_are_a_setting(w):
    today = D(YEAR, 6, 1)
    item(programme(w, w.cell), today + 5 * DAY)
    rules_update(committee=w.committee, by=None, reminder_supervision_days=3)
    w.committee.refresh_from_db()
    assert supervision_reminders(w.committee, today=today, rules=rules_for(w.committee)) == []
    assert (
        len(supervision_reminders(w.committee, today=today + 2 * DAY, rules=rules_for(w.committee)))
        == 1
    )


def test_other_committees_never_get_these(w):
    today = D(YEAR, 6, 1)
    item(programme(w, w.cell), today + 5 * DAY)
    found = supervision_reminders(
        w.committee, today=today, rules=rules_for(w.committee)
    ) + residence_reminders(w.committee, today=ON, rules=rules_for(w.committee))
    assert w.outsider.user not in {r.user for r in found}
    assert {r.user for r in residence_reminders(w.other, today=ON, rules=rules_for(w.other))} == {
        w.outsider.user
    }
