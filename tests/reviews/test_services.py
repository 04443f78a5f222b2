"""The cell's side of the year-end review (issue 9 items 2–4): who is reviewed and who is rated
(`reviews.services.reviewed_members`) at the date edges, the member's self-assessment
(`self_assessment_save`), the cell's proposals (`rating_propose`), the year's evidence
(`reviews.selectors.evidence`) — and each setting they read, changed in a test.

Bad input — a score of 101 or −1, over the committee's split, a self-assessment posted for
someone else, a rating for an exempted member: a clear message, nothing saved.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from cells.models import Cell, CommitteeSettings
from meetings.models import Attendance, Task, TaskAssignment
from members.models import CellMembership
from reviews import selectors, services
from reviews.models import (
    Commendation,
    Discipline,
    Evaluation,
    ResidenceComment,
    ReviewYear,
)
from tests.factories import (
    CellFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    UserFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def english():
    """The messages are asserted in English (the source strings)."""
    with translation.override("en"):
        yield


def today():
    return timezone.localdate()


def this_year():
    return today().year


def build_world(committee, term, officer, observer):
    """Cell A: its secretary, a cell committee member, two members (Dung, Em), an exempted, a
    suspended and a new member (admitted 30 days ago), a temporary (hosted) one and one away;
    cell B: its secretary and a member."""
    cell = CellFactory(committee=committee, name="Chi bộ A")
    other_cell = CellFactory(committee=committee, name="Chi bộ B")

    def person(c, name, role=None, **kwargs):
        member = MemberFactory(committee=committee, cell=c, full_name=name, **kwargs)
        if role:
            PositionFactory(member=member, cell=c, role=role, term=term)
        return member

    new_on = today() - 30 * DAY
    w = SimpleNamespace(
        committee=committee,
        term=term,
        cell=cell,
        other_cell=other_cell,
        secretary=person(cell, "Bí Thư An", "cell_secretary"),
        cell_committee=person(cell, "Cấp Ủy Bình", "cell_committee_member"),
        member=person(cell, "Đảng Viên Dung"),
        colleague=person(cell, "Đảng Viên Em"),
        exempted=person(cell, "Miễn Sinh Hoạt Giao", status="exempted"),
        suspended=person(cell, "Đình Chỉ Hòa", status="suspended"),
        new=person(
            cell,
            "Mới Vào Khánh",
            status="probationary",
            admitted_on=new_on,
            recognised_on=None,
        ),
        temporary=person(cell, "Tạm Thời Lan", status="temporary"),
        away=person(cell, "Đi Vắng Minh", status="away"),
        other_secretary=person(other_cell, "Bí Thư Giang", "cell_secretary"),
        outsider=person(other_cell, "Chi Bộ Khác Hà"),
    )
    w.users = {
        "secretary": member_user(w.secretary),
        "cell_committee": member_user(w.cell_committee),
        "member": member_user(w.member),
        "colleague": member_user(w.colleague),
        "exempted": member_user(w.exempted),
        "new": member_user(w.new),
        "other_secretary": member_user(w.other_secretary),
        "outsider": member_user(w.outsider),
        "officer": officer,
        "observer": observer,
    }
    return w


@pytest.fixture
def world(committee, term, officer, observer):
    return build_world(committee, term, officer, observer)


def assessment(**kwargs):
    data = {
        "strengths": "  Gương mẫu, nhiệt tình  ",
        "shortcomings": "Đôi khi chậm nộp báo cáo",
        "causes": "Nhiều việc chuyên môn",
        "remedies": "Lập kế hoạch tuần",
        "self_rating": "good",
        "self_score_general": 27,
        "self_score_tasks": 60,
    }
    data.update(kwargs)
    return data


def write(w, who="member", year=None, by=None, **kwargs):
    member = getattr(w, who)
    return services.self_assessment_save(
        member=member,
        year=year or this_year(),
        by=by or w.users[who],
        **assessment(**kwargs),
    )


def state():
    """Everything these writes could change, history included."""
    return (
        list(
            Evaluation.objects.order_by("pk").values_list(
                "pk",
                "member_id",
                "rated",
                "strengths",
                "self_rating",
                "self_score_general",
                "self_score_tasks",
                "submitted_at",
                "proposed_rating",
                "votes_yes",
                "votes_no",
                "votes_abstain",
            )
        ),
        Evaluation.history.count(),
    )


def messages_of(excinfo) -> str:
    return " ".join(excinfo.value.messages)


def fresh(cell) -> Cell:
    """The cell read again (its committee's settings not cached)."""
    return Cell.objects.select_related("committee").get(pk=cell.pk)


def review_meeting(cell, date, **kwargs):
    kwargs.setdefault("kind", "review")
    return MeetingFactory(cell=cell, date=date, status="published", **kwargs)


# --- who is reviewed, who is rated ---------------------------------------------------------------


def names(people):
    return [r.member.full_name for r in people]


def test_reviewed_members_status_rules(world):
    w = world
    people = services.reviewed_members(w.cell, today())
    by_name = {r.member.full_name: r for r in people}
    # Temporary (hosted) members and members away are not reviewed in this cell.
    assert "Tạm Thời Lan" not in by_name
    assert "Đi Vắng Minh" not in by_name
    assert "Bí Thư Giang" not in by_name
    assert set(by_name) == {
        "Bí Thư An",
        "Cấp Ủy Bình",
        "Đảng Viên Dung",
        "Đảng Viên Em",
        "Miễn Sinh Hoạt Giao",
        "Đình Chỉ Hòa",
        "Mới Vào Khánh",
    }
    assert by_name["Đảng Viên Dung"].rated and by_name["Đảng Viên Dung"].reason == ""
    # Exempted and suspended members are reviewed but not rated, with why.
    assert (by_name["Miễn Sinh Hoạt Giao"].rated, by_name["Miễn Sinh Hoạt Giao"].reason) == (
        False,
        "Exempted",
    )
    assert (by_name["Đình Chỉ Hòa"].rated, by_name["Đình Chỉ Hòa"].reason) == (False, "Suspended")
    new = by_name["Mới Vào Khánh"]
    assert not new.rated
    assert new.reason == "Admitted less than 6 months before the review"


@pytest.mark.parametrize(
    ("date", "admitted", "rated"),
    [
        # Admitted exactly 6 months before the review date: rated.
        (datetime.date(2026, 12, 15), datetime.date(2026, 6, 15), True),
        # 6 months minus one day: not rated.
        (datetime.date(2026, 12, 15), datetime.date(2026, 6, 16), False),
        # Across the new year.
        (datetime.date(2026, 3, 10), datetime.date(2025, 9, 10), True),
        (datetime.date(2026, 3, 10), datetime.date(2025, 9, 11), False),
        # The end of a longer month: 31/08 → 28/02 (no 31 February).
        (datetime.date(2026, 8, 31), datetime.date(2026, 2, 28), True),
        (datetime.date(2026, 8, 31), datetime.date(2026, 3, 1), False),
    ],
)
def test_six_months_since_admission_at_the_edges(committee, date, admitted, rated):
    cell = CellFactory(committee=committee)
    member = MemberFactory(
        committee=committee,
        cell=cell,
        status="probationary",
        admitted_on=admitted,
        recognised_on=None,
    )
    (row,) = services.reviewed_members(fresh(cell), date)
    assert row.member == member
    assert row.rated is rated
    assert row.reason == ("" if rated else "Admitted less than 6 months before the review")


def test_members_who_joined_after_or_left_before_the_date_are_not_reviewed(committee):
    cell = CellFactory(committee=committee)
    other = CellFactory(committee=committee)
    stays = MemberFactory(committee=committee, cell=cell, full_name="Ở Lại An")
    later = MemberFactory(
        committee=committee,
        cell=cell,
        full_name="Đến Sau Bình",
        cell__joined_on=datetime.date(2027, 1, 2),
    )
    moved = MemberFactory(committee=committee, cell=other, full_name="Chuyển Đi Cúc")
    CellMembership.objects.create(
        member=moved,
        cell=cell,
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2026, 6, 30),
    )
    assert names(services.reviewed_members(cell, datetime.date(2026, 12, 20))) == [stays.full_name]
    assert later.pk not in [
        r.member.pk for r in services.reviewed_members(cell, datetime.date(2026, 12, 20))
    ]
    assert moved.full_name in names(services.reviewed_members(cell, datetime.date(2026, 6, 30)))


def test_setting_rating_min_months_changes_who_is_rated(committee):
    """`rating_min_months` 6 → 12: a member admitted 8 months before is no longer rated."""
    cell = CellFactory(committee=committee)
    date = datetime.date(2026, 12, 15)
    eight = MemberFactory(
        committee=committee,
        cell=cell,
        full_name="Tám Tháng An",
        status="probationary",
        admitted_on=datetime.date(2026, 4, 15),
        recognised_on=None,
    )
    year_ago = MemberFactory(
        committee=committee,
        cell=cell,
        full_name="Một Năm Bình",
        admitted_on=datetime.date(2025, 12, 15),
        recognised_on=None,
        status="probationary",
    )
    rated = {r.member.pk: r.rated for r in services.reviewed_members(fresh(cell), date)}
    assert rated == {eight.pk: True, year_ago.pk: True}
    CommitteeSettings.objects.create(committee=committee, rating_min_months=12)
    people = {r.member.pk: r for r in services.reviewed_members(fresh(cell), date)}
    assert people[eight.pk].rated is False
    assert people[eight.pk].reason == "Admitted less than 12 months before the review"
    assert people[year_ago.pk].rated is True  # exactly 12 months


def test_review_date_is_the_review_meeting_or_the_end_of_the_year(world):
    w = world
    assert services.review_meeting(w.cell, 2026) is None
    assert services.review_date(w.cell, 2026) == datetime.date(2026, 12, 31)
    regular = MeetingFactory(cell=w.cell, date=datetime.date(2026, 12, 5), includes_review=True)
    assert services.review_date(w.cell, 2026) == datetime.date(2026, 12, 5)
    review = review_meeting(w.cell, datetime.date(2026, 12, 20))
    assert services.review_meeting(w.cell, 2026) == review
    assert regular != review
    # Another cell's review meeting is not this cell's.
    review_meeting(w.other_cell, datetime.date(2026, 12, 28))
    assert services.review_date(w.cell, 2026) == datetime.date(2026, 12, 20)


# --- the self-assessment ---------------------------------------------------------------------


def test_self_assessment_saved_with_history(world):
    w = world
    evaluation = write(w)
    evaluation.refresh_from_db()
    assert (evaluation.member, evaluation.cell, evaluation.committee, evaluation.year) == (
        w.member,
        w.cell,
        w.committee,
        this_year(),
    )
    assert evaluation.strengths == "Gương mẫu, nhiệt tình"
    assert (evaluation.self_rating, evaluation.self_score_general, evaluation.self_score_tasks) == (
        "good",
        27,
        60,
    )
    assert evaluation.self_score == 87
    assert evaluation.submitted_at is not None
    assert evaluation.rated and evaluation.not_rated_reason == ""
    assert evaluation.history.get().history_user == w.users["member"]
    # She edits it: the same evaluation, a new history row.
    again = write(w, self_score_general=30, strengths="Khác")
    assert again.pk == evaluation.pk
    assert Evaluation.objects.get().self_score_general == 30
    assert Evaluation.history.count() == 2


def test_self_assessment_of_a_member_who_is_not_rated_keeps_her_unrated(world):
    """A new or exempted member writes a self-assessment; it does not make her rated."""
    w = world
    new = write(w, "new")
    assert (new.rated, new.not_rated_reason) == (
        False,
        "Admitted less than 6 months before the review",
    )
    exempted = write(w, "exempted")
    assert (exempted.rated, exempted.not_rated_reason) == (False, "Exempted")


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("self_score_general", 101),
        ("self_score_general", -1),
        ("self_score_tasks", 101),
        ("self_score_tasks", -1),
        ("self_score_general", 31),  # over the setting's split (30)
        ("self_score_tasks", 71),  # over the setting's split (70)
        ("self_score_general", "abc"),
        ("self_score_tasks", 2.5),
        ("self_score_general", True),
    ],
)
def test_self_score_out_of_range_is_refused_and_nothing_saved(world, field, value):
    w = world
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        write(w, **{field: value})
    most = 30 if field == "self_score_general" else 70
    assert excinfo.value.message_dict == {field: [f"Give from 0 to {most} points."]}
    assert state() == before


def test_self_score_at_the_limits_is_accepted(world):
    w = world
    evaluation = write(w, self_score_general=0, self_score_tasks=70)
    assert evaluation.self_score == 70
    evaluation = write(w, self_score_general=30, self_score_tasks=0)
    assert evaluation.self_score == 30


def test_setting_self_score_split_changes_the_limits(committee, term, officer, observer):
    """The committee splits the self-score 40 + 60: 35 general points pass, 61 for tasks not."""
    w = build_world(committee, term, officer, observer)
    with pytest.raises(ValidationError):
        write(w, self_score_general=35)
    CommitteeSettings.objects.create(
        committee=committee, self_score_general_points=40, self_score_task_points=60
    )
    w.member.refresh_from_db()
    evaluation = write(w, self_score_general=40, self_score_tasks=60)
    assert evaluation.self_score == 100
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        write(w, self_score_general=35, self_score_tasks=61)
    assert excinfo.value.message_dict == {"self_score_tasks": ["Give from 0 to 60 points."]}
    with pytest.raises(ValidationError) as excinfo:
        write(w, self_score_general=41, self_score_tasks=50)
    assert excinfo.value.message_dict == {"self_score_general": ["Give from 0 to 40 points."]}
    assert state() == before


@pytest.mark.parametrize("who", ["colleague", "secretary", "officer", "plain"])
def test_a_self_assessment_posted_for_someone_else_is_refused(world, who):
    w = world
    by = UserFactory() if who == "plain" else w.users[who]
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        write(w, "member", by=by)
    assert messages_of(excinfo) == "Only the member herself writes her self-assessment."
    assert state() == before


def test_bad_rating_and_over_long_text_are_refused(world):
    w = world
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        write(w, self_rating="excellent", remedies="x" * (services.TEXT_MAX + 1))
    assert excinfo.value.message_dict == {
        "remedies": [f"At most {services.TEXT_MAX} characters."],
        "self_rating": ["Choose a rating."],
    }
    assert state() == before


def test_self_assessment_open_on_the_meeting_day_locked_the_day_after(world):
    w = world
    meeting = review_meeting(w.cell, today())
    assert services.self_assessment_open(w.cell, this_year())
    write(w)
    meeting.delete()
    yesterday = today() - DAY
    review_meeting(w.cell, yesterday)
    assert not services.self_assessment_open(w.cell, yesterday.year)
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        write(w, year=yesterday.year, self_score_general=30)
    assert (
        messages_of(excinfo)
        == "The review meeting has taken place: the self-assessment can no longer change."
    )
    assert state() == before


def test_last_years_self_assessment_is_closed(world):
    w = world
    with pytest.raises(ValidationError):
        write(w, year=this_year() - 1)
    assert not Evaluation.objects.exists()


def test_a_member_without_a_cell_cannot_write(world):
    w = world
    w.member.memberships.update(end_date=today() - DAY)
    with pytest.raises(ValidationError) as excinfo:
        write(w)
    assert messages_of(excinfo) == "You are not a member of a cell: there is nobody to review you."
    assert not Evaluation.objects.exists()


# --- the cell's proposals --------------------------------------------------------------------


def propose(w, who="member", rating="good", by="secretary", year=None, cell=None, **votes):
    """Cell A has 4 official members who may vote (d = 4): 3 in favour pass by default."""
    if not votes:
        votes = {"votes_yes": 3, "votes_no": 1}
    return services.rating_propose(
        cell=cell or w.cell,
        member=getattr(w, who),
        year=year or this_year(),
        rating=rating,
        by=w.users[by],
        **votes,
    )


def test_propose_saves_the_rating_and_its_tally(world):
    w = world
    write(w)
    evaluation = propose(w, rating="outstanding", votes_yes=3, votes_no=0, votes_abstain=1)
    evaluation.refresh_from_db()
    assert (evaluation.proposed_rating, evaluation.votes_yes, evaluation.votes_no) == (
        "outstanding",
        3,
        0,
    )
    assert evaluation.votes_abstain == 1
    assert evaluation.proposed_by == w.users["secretary"]
    assert evaluation.proposed_at is not None
    # Her self-assessment is untouched.
    assert (evaluation.self_rating, evaluation.self_score) == ("good", 87)
    # Proposing again changes it; without a self-assessment an evaluation is made.
    assert propose(w, rating="good", votes_yes=4, votes_no=0).proposed_rating == "good"
    other = propose(w, "colleague", rating="completed", by="officer")
    assert (other.proposed_rating, other.submitted_at, other.cell) == ("completed", None, w.cell)


def test_tally_all_members_voting_is_accepted(world):
    w = world
    # 7 members reviewed in cell A, but only its 4 official members vote (the exempted and
    # suspended ones are excused by their status, the new one is probationary).
    evaluation = propose(w, votes_yes=3, votes_no=0, votes_abstain=1)
    assert evaluation.votes_yes == 3
    assert evaluation.vote_working == (
        "7 đảng viên chính thức, 1 chuyển sinh hoạt tạm thời đi nơi khác, 1 miễn sinh hoạt vắng "
        "mặt, 1 bị đình chỉ sinh hoạt → 4; 3 tán thành > 4/2 → thông qua"
    )


@pytest.mark.parametrize(
    ("votes", "errors"),
    [
        (
            {"votes_yes": 4, "votes_no": 1, "votes_abstain": 1},
            {
                "votes_yes": [
                    "6 votes in all (in favour, against, abstaining), but only 4 members present "
                    "may vote."
                ]
            },
        ),
        ({"votes_yes": -1, "votes_no": 0}, {"votes_yes": ["Give a whole number, 0 or more."]}),
        ({"votes_yes": 3, "votes_no": "abc"}, {"votes_no": ["Give a whole number, 0 or more."]}),
        (
            {"votes_yes": 3, "votes_no": 0, "votes_abstain": True},
            {"votes_abstain": ["Give a whole number, 0 or more."]},
        ),
    ],
)
def test_bad_tallies_are_refused(world, votes, errors):
    w = world
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        propose(w, **votes)
    assert excinfo.value.message_dict == errors
    assert state() == before


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("exempted", "Miễn Sinh Hoạt Giao is not rated this year (Exempted)."),
        ("suspended", "Đình Chỉ Hòa is not rated this year (Suspended)."),
        (
            "new",
            "Mới Vào Khánh is not rated this year (Admitted less than 6 months before the review).",
        ),
        ("temporary", "Tạm Thời Lan is not reviewed in this cell."),
        ("outsider", "Chi Bộ Khác Hà is not reviewed in this cell."),
    ],
)
def test_a_rating_for_a_member_who_is_not_rated_is_refused(world, who, message):
    w = world
    if who in ("exempted", "new"):
        write(w, who)
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        propose(w, who)
    assert messages_of(excinfo) == message
    assert state() == before


def test_a_bad_rating_is_refused(world):
    w = world
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        propose(w, rating="excellent")
    assert excinfo.value.message_dict == {"rating": ["Choose a rating."]}
    assert state() == before


def test_no_proposal_once_the_committee_confirmed_the_year(world):
    w = world
    propose(w)
    ReviewYear.objects.create(committee=w.committee, year=this_year(), confirmed_at=timezone.now())
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        propose(w, rating="outstanding")
    assert messages_of(excinfo) == "The committee has confirmed this year's ratings."
    assert state() == before
    # An unconfirmed review year of another year does not lock this one.
    ReviewYear.objects.create(committee=w.committee, year=this_year() - 1)
    assert propose(w, year=this_year() - 1).proposed_rating == "good"


def test_setting_rating_min_months_changes_who_may_be_proposed(world):
    """With `rating_min_months` 0 the new member is rated, and the cell may propose her."""
    w = world
    with pytest.raises(ValidationError):
        propose(w, "new")
    CommitteeSettings.objects.create(committee=w.committee, rating_min_months=0)
    assert propose(w, "new", cell=fresh(w.cell)).proposed_rating == "good"


# --- the evidence ----------------------------------------------------------------------------


def attend(meeting, member, status="present"):
    return Attendance.objects.create(
        meeting=meeting,
        member=member,
        member_status=member.status,
        status=status,
        reason="ốm" if status == "excused" else "",
    )


def task_for(meeting, member, deadline, status="open"):
    task = Task.objects.create(
        committee=meeting.committee,
        cell=meeting.cell,
        meeting=meeting,
        title=f"Việc {deadline}",
        deadline=deadline,
    )
    return TaskAssignment.objects.create(
        task=task,
        member=member,
        status=status,
        done_on=deadline if status == "done" else None,
        cancel_reason="Không còn cần" if status == "cancelled" else "",
    )


def test_evidence_counts_the_year(world):
    w = world
    year = 2026
    now = datetime.date(2026, 11, 20)
    january = MeetingFactory(cell=w.cell, date=datetime.date(year, 1, 5), status="held")
    february = MeetingFactory(cell=w.cell, date=datetime.date(year, 2, 5), status="held")
    march = MeetingFactory(cell=w.cell, date=datetime.date(year, 3, 5), status="held")
    topic = MeetingFactory(
        cell=w.cell, date=datetime.date(year, 3, 20), kind="topic", status="held"
    )
    last_year = MeetingFactory(cell=w.cell, date=datetime.date(year - 1, 12, 5), status="held")
    extraordinary = MeetingFactory(
        cell=w.cell, date=datetime.date(year, 4, 20), kind="extraordinary", status="held"
    )
    # Before she moved to cell A she attended a meeting of cell B: it counts.
    other = MeetingFactory(cell=w.other_cell, date=datetime.date(year, 4, 5), status="held")
    attend(january, w.member)
    attend(february, w.member, "excused")
    attend(march, w.member, "unexcused")
    attend(topic, w.member)
    attend(last_year, w.member, "unexcused")
    attend(extraordinary, w.member, "unexcused")
    attend(other, w.member)
    attend(january, w.colleague, "unexcused")
    task_for(january, w.member, datetime.date(year, 2, 1), "done")
    task_for(january, w.member, datetime.date(year, 3, 1))  # overdue
    task_for(january, w.member, datetime.date(year, 12, 1))  # open, not yet due
    task_for(january, w.member, datetime.date(year, 3, 2), "cancelled")
    task_for(last_year, w.member, datetime.date(year - 1, 12, 20))  # last year's
    ResidenceComment.objects.create(
        member=w.member,
        year=year,
        status="received",
        received_on=datetime.date(year, 11, 1),
        residence_cell="Chi bộ thôn 3",
        good=True,
    )
    ResidenceComment.objects.create(
        member=w.colleague, year=year, status="exempt", exempt_reason="Học xa"
    )
    ResidenceComment.objects.create(member=w.secretary, year=year - 1, status="requested")
    Commendation.objects.create(
        member=w.member, year=year, form="Giấy khen", deciding_body="Đảng ủy"
    )
    Commendation.objects.create(
        member=w.member, year=year, form="Bằng khen", deciding_body="Tỉnh ủy"
    )
    Commendation.objects.create(
        member=w.member, year=year - 1, form="Giấy khen", deciding_body="Đảng ủy"
    )
    Discipline.objects.create(
        member=w.colleague, form="reprimand", decided_on=datetime.date(year, 5, 1), reason="Vắng"
    )
    Discipline.objects.create(
        member=w.colleague, form="reprimand", decided_on=datetime.date(year - 1, 5, 1), reason="X"
    )
    result = selectors.evidence(w.cell, year, [w.member, w.colleague.pk, w.secretary], today=now)
    mine = result[w.member.pk]
    assert (mine.attended, mine.excused, mine.unexcused, mine.meetings) == (3, 1, 1, 5)
    assert (mine.tasks_done, mine.tasks_overdue) == (1, 1)
    assert mine.residence == selectors.Residence(status="received", good=True)
    assert (mine.commendations, mine.disciplines) == (1 + 1, 0)
    colleague = result[w.colleague.pk]
    assert (colleague.attended, colleague.unexcused, colleague.tasks_done) == (0, 1, 0)
    assert colleague.residence.status == "exempt"
    assert colleague.residence.label == "Exempt"
    assert (colleague.commendations, colleague.disciplines) == (0, 1)
    # Nothing on record: zeros, and no residence comment.
    assert result[w.secretary.pk] == selectors.Evidence()
    assert selectors.evidence(w.cell, year, []) == {}


def _evidence_queries(w, members) -> int:
    with CaptureQueriesContext(connection) as ctx:
        selectors.evidence(w.cell, 2026, members)
    return len(ctx.captured_queries)


def test_evidence_query_count_does_not_depend_on_the_members(world):
    w = world
    meeting = MeetingFactory(cell=w.cell, date=datetime.date(2026, 1, 5), status="held")
    few = [w.member, w.colleague]
    many = [MemberFactory(committee=w.committee, cell=w.cell) for _ in range(20)]
    for member in [*few, *many]:
        attend(meeting, member)
        task_for(meeting, member, datetime.date(2026, 2, 1))
        Commendation.objects.create(member=member, year=2026, form="Giấy khen", deciding_body="ĐU")
    assert _evidence_queries(w, few) == _evidence_queries(w, [*few, *many]) == 5
