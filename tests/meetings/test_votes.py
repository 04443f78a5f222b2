"""Votes at a meeting (issue 8 items 1–2): `meetings/decisions/votes.py` over the rules engine, the votes
page `meetings/views/votes.py`, and the votes in the minutes (page, print view, DOCX).

The cell in `world`: 5 official members (the secretary, the clerk, a member and two more), one
probationary, one exempted, one suspended, one temporary (hosted) member — all on the attendance
sheet, the exempted and suspended ones excused by their status — and one member away on a
temporary transfer (not on the sheet). So: 8 official members, minus 1 away, 1 exempted absent,
1 suspended → d = 5; 5 members present may vote (the temporary one only if the committee allows).
"""

import copy
import datetime
from io import BytesIO

import docx
import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from cells.models import CommitteeSettings
from core.dates import add_months
from meetings.decisions import vote_rules, votes
from meetings.models import Meeting, Minutes, Motion, Resolution
from meetings.record.attendance import attendance_refresh, attendance_set, recording_start
from meetings.record.minutes import ItemText, minutes_approve, minutes_mark_ready, minutes_save
from meetings.record.official.content import minutes_content, vote_block
from meetings.record.official.document import minutes_docx
from members.models import Member
from tests.factories import (
    AgendaItemFactory,
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

PAST = timezone.localdate() - datetime.timedelta(days=40)
EARLIER = PAST - datetime.timedelta(days=100)  # another month: one regular meeting a month
WORKING = (
    "8 đảng viên chính thức, 1 chuyển sinh hoạt tạm thời đi nơi khác, 1 miễn sinh hoạt vắng mặt, "
    "1 bị đình chỉ sinh hoạt → 5; 3 tán thành > 5/2 → thông qua"
)
WORKING_HTML = escape(WORKING)
CANDIDATE_BORN = datetime.date(1998, 4, 30)  # an adult at every meeting of these tests


@pytest.fixture(scope="module")
def _world(module_db):
    """Built once for the module (see `module_db`); each test gets a copy and a savepoint."""
    committee = CommitteeFactory()
    term = TermFactory(committee=committee)
    officer = CommitteeRoleFactory(committee=committee, role="officer").user
    cell = CellFactory(committee=committee)
    other_cell = CellFactory(committee=committee)

    def person(c=cell, role=None, **kwargs):
        member = MemberFactory(committee=committee, cell=c, **kwargs)
        if role:
            PositionFactory(member=member, cell=c, role=role, term=term)
        return member

    secretary = person(role="cell_secretary", full_name="Bí Thư Một")
    clerk = person(full_name="Thư Ký Hai")
    member = person(full_name="Đảng Viên Ba")
    person(full_name="Đảng Viên Bốn")
    person(full_name="Đảng Viên Năm")
    probationary = person(
        full_name="Dự Bị Sáu",
        status="probationary",
        # Her 12 months of probation ended before the meeting: her recognition may be voted.
        admitted_on=PAST - datetime.timedelta(days=400),
        recognised_on=None,
    )
    person(full_name="Miễn Bảy", status="exempted")
    person(full_name="Đình Chỉ Tám", status="suspended")
    temporary = person(full_name="Tạm Thời Chín", status="temporary")
    away = person(full_name="Đi Vắng Mười", status="away")
    outsider = person(other_cell, full_name="Chi Bộ Khác")
    meeting = MeetingFactory(cell=cell, date=PAST, status="published", clerk=clerk, chair=secretary)
    item = AgendaItemFactory(meeting=meeting, section="tasks", title="Nhiệm vụ tháng tới")
    users = {
        "secretary": member_user(secretary),
        "clerk": member_user(clerk),
        "member": member_user(member),
        "member_other_cell": member_user(outsider),
        "officer": officer,
        "observer": CommitteeRoleFactory(committee=committee, role="observer").user,
    }
    recording_start(meeting=meeting, by=users["secretary"])
    return {
        "committee": committee,
        "term": term,
        "cell": cell,
        "other_cell": other_cell,
        "meeting": meeting,
        "item": item,
        "secretary": secretary,
        "clerk": clerk,
        "member": member,
        "probationary": probationary,
        "temporary": temporary,
        "away": away,
        "outsider": outsider,
        "users": users,
    }


@pytest.fixture
def world(_world, db, client):
    return {**copy.deepcopy(_world), "client": client}


def _record(world, **kwargs):
    values = {
        "meeting": world["meeting"],
        "kind": "ordinary",
        "method": "hands",
        "text": "Thông qua nghị quyết nhiệm vụ tháng 12.",
        "yes": 3,
        "no": 1,
        "abstain": 1,
        "by": world["users"]["secretary"],
    }
    values.update(kwargs)
    if values["kind"] == "admission":
        values.setdefault("candidate_birth_date", CANDIDATE_BORN)
    return votes.vote_record(**values)


def _ballots(yes, no, abstain=0, invalid=0):
    cast = yes + no + abstain
    return {
        "method": "secret",
        "yes": yes,
        "no": no,
        "abstain": abstain,
        "issued": cast + invalid,
        "valid": cast,
        "invalid": invalid,
    }


def _approve(world, meeting=None):
    meeting = meeting or world["meeting"]
    minutes = Minutes.objects.get(meeting=meeting)
    by = world["users"]["secretary"]
    minutes_save(
        meeting=meeting,
        version=minutes.version,
        by=by,
        opened_at=datetime.time(16, 30),
        closed_at=datetime.time(18, 15),
        chair_id=world["secretary"].pk,
        clerk_id=world["clerk"].pk,
        quality={
            "quality_preparation": 15,
            "quality_attendance": 18,
            "quality_conduct": 40,
            "quality_closing": 19,
        },
    )
    minutes_mark_ready(meeting=meeting, by=by)
    minutes_approve(meeting=meeting, by=by)


def _client(world, who="secretary"):
    client = world["client"]
    client.force_login(world["users"][who])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _url(meeting, *extra, name="votes"):
    return reverse(f"meetings:{name}", args=[meeting.pk, *extra])


def _get(client, meeting, name="votes"):
    return client.get(_url(meeting, name=name), HTTP_ACCEPT_LANGUAGE="en")


def _post(client, meeting, data):
    return client.post(_url(meeting), data, HTTP_ACCEPT_LANGUAGE="en")


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def _form(**kwargs):
    data = {
        "kind": "ordinary",
        "method": "hands",
        "text": "Thông qua nghị quyết.",
        "subject_member": "",
        "subject_name": "",
        "agenda_item": "",
        "yes": "3",
        "no": "1",
        "abstain": "1",
        "issued": "",
        "valid": "",
        "invalid": "",
    }
    data.update({key: str(value) for key, value in kwargs.items()})
    return data


def _nothing_saved():
    return Motion.objects.count() == 0 and Motion.history.count() == 0


# --- who votes, from the sheet ----------------------------------------------------------------


def test_voters_come_from_the_sheet_plus_the_members_away(world):
    voters = votes.vote_voters(world["meeting"])
    assert sorted((v.status, v.present) for v in voters) == sorted(
        [("official", True)] * 5
        + [
            ("probationary", True),
            ("exempted", False),
            ("suspended", False),
            ("temporary", True),
            ("away", False),
        ]
    )


def test_voters_follow_the_attendance_marks(world):
    attendance_set(
        meeting=world["meeting"],
        member_id=world["member"].pk,
        status="unexcused",
        by=world["users"]["secretary"],
    )
    voters = votes.vote_voters(world["meeting"])
    assert sum(1 for v in voters if v.status == "official" and v.present) == 4
    outcome = vote_rules.count(
        "ordinary", "hands", voters, vote_rules.Tally(0, 0), vote_rules.Thresholds()
    )
    assert (outcome.denominator, outcome.eligible_present) == (5, 4)


def test_thresholds_come_from_the_committee_settings(world):
    assert votes.thresholds_for(world["committee"]) == vote_rules.Thresholds()
    CommitteeSettings.objects.create(
        committee=world["committee"],
        majority_numerator=3,
        majority_denominator=5,
        supermajority_numerator=3,
        supermajority_denominator=4,
        temporary_members_vote=True,
    )
    world["committee"].refresh_from_db()
    assert votes.thresholds_for(world["committee"]) == vote_rules.Thresholds(3, 5, 3, 4, True)
    CommitteeSettings.objects.filter(committee=world["committee"]).update(
        discipline_numerator=2,
        discipline_denominator=3,
        expulsion_numerator=4,
        expulsion_denominator=5,
    )
    world["committee"].refresh_from_db()
    assert votes.thresholds_for(world["committee"]) == vote_rules.Thresholds(
        3, 5, 3, 4, True, 2, 3, 4, 5
    )


def test_discipline_and_expulsion_thresholds_are_their_own_settings(world):
    """d = 5. Before: discipline followed the ordinary majority and expulsion the qualified one."""
    CommitteeSettings.objects.create(
        committee=world["committee"],
        majority_numerator=4,
        majority_denominator=5,
        supermajority_numerator=1,
        supermajority_denominator=1,
    )
    member = world["member"]
    # The Charter's defaults still hold: a warning "more than 1/2", an expulsion "at least 2/3".
    warning = _record(world, kind="warning", subject_member=member, **_ballots(3, 2))
    assert warning.passed
    assert warning.working.endswith("3 tán thành > 5/2 → thông qua")
    expulsion = _record(world, kind="expulsion", subject_member=member, **_ballots(4, 1))
    assert expulsion.passed
    assert expulsion.working.endswith("4 tán thành ≥ 2/3 × 5 → thông qua")
    # The committee sets "more than 3/5" for discipline and "at least 4/5" for expulsion.
    CommitteeSettings.objects.filter(committee=world["committee"]).update(
        discipline_numerator=3,
        discipline_denominator=5,
        expulsion_numerator=4,
        expulsion_denominator=5,
    )
    warning = _record(world, kind="reprimand", subject_member=member, **_ballots(3, 2))
    assert not warning.passed
    assert warning.working.endswith("3 tán thành ≤ 3/5 × 5 → không thông qua")
    assert (warning.threshold_numerator, warning.threshold_denominator) == (3, 5)
    assert warning.threshold_strict
    assert _record(world, kind="dismissal", subject_member=member, **_ballots(4, 1)).passed
    expulsion = _record(world, kind="expulsion", subject_member=member, **_ballots(4, 1))
    assert expulsion.passed
    assert expulsion.working.endswith("4 tán thành ≥ 4/5 × 5 → thông qua")
    assert not _record(world, kind="expulsion", subject_member=member, **_ballots(3, 2)).passed
    # An ordinary resolution still follows the ordinary majority (more than 4/5).
    assert not _record(world, yes=4, no=1, abstain=0).passed


# --- recording a vote ---------------------------------------------------------------------------


def test_a_vote_is_stored_with_the_numbers_of_its_result(world):
    motion = _record(world, agenda_item=world["item"])
    motion.refresh_from_db()
    assert (motion.yes, motion.no, motion.abstain) == (3, 1, 1)
    assert (motion.official_count, motion.away_count) == (8, 1)
    assert (motion.exempted_absent_count, motion.suspended_count) == (1, 1)
    assert (motion.denominator, motion.eligible_present) == (5, 5)
    assert (motion.threshold_numerator, motion.threshold_denominator) == (1, 2)
    assert motion.threshold_strict and motion.passed
    assert motion.working == WORKING
    assert motion.agenda_item == world["item"]
    assert motion.recorded_by == world["users"]["secretary"]
    assert motion.history.count() == 1


def test_later_changes_to_the_registry_never_rewrite_a_stored_result(world):
    motion = _record(world)
    before = Motion.objects.filter(pk=motion.pk).values().get()
    # Three more official members join the cell and the sheet is refreshed; one member leaves.
    for n in range(3):
        MemberFactory(committee=world["committee"], cell=world["cell"], full_name=f"Mới {n}")
    attendance_refresh(meeting=world["meeting"], by=world["users"]["secretary"])
    CommitteeSettings.objects.create(committee=world["committee"], temporary_members_vote=True)
    assert len(votes.vote_voters(world["meeting"])) == 13
    assert Motion.objects.filter(pk=motion.pk).values().get() == before
    content = minutes_content(Meeting.objects.with_related().get(pk=motion.meeting_id))
    assert any(line == ("- Cách tính:", f"{WORKING}.") for line in content.votes[0].lines)


def test_a_qualified_majority_for_a_recognition(world):
    motion = _record(
        world, kind="recognition", subject_member=world["probationary"], yes=4, no=1, abstain=0
    )
    assert motion.passed  # 3·4 ≥ 2·5
    assert motion.subject_member == world["probationary"]
    assert motion.subject_name == "Dự Bị Sáu"  # the name on the day of the vote
    assert not motion.threshold_strict
    assert motion.working.endswith("4 tán thành ≥ 2/3 × 5 → thông qua")
    failed = _record(
        world, kind="recognition", subject_member=world["probationary"], yes=3, no=2, abstain=0
    )
    assert not failed.passed  # 9 < 10


# --- eligibility: recognition after probation, admission from the minimum age (issue 17 item 8) --


def _admitted(world, on):
    """The probationary member's admission date, changed on her record."""
    Member.objects.filter(pk=world["probationary"].pk).update(admitted_on=on)


def test_recognition_before_the_end_of_probation_is_refused(world, english):
    """Before: a recognition passed five months before her probation ended."""
    _admitted(world, add_months(PAST, -7))
    ends = add_months(PAST, 5)
    with pytest.raises(ValidationError) as refused:
        _record(
            world, kind="recognition", subject_member=world["probationary"], yes=5, no=0, abstain=0
        )
    assert refused.value.message_dict == {
        "subject_member": [
            f"The probation of Dự Bị Sáu ends on {ends:%d/%m/%Y} (12 months from her admission "
            f"on {add_months(PAST, -7):%d/%m/%Y}): recognition as an official member cannot be "
            "voted before then."
        ]
    }
    assert _nothing_saved()


def test_recognition_from_the_day_probation_ends(world):
    _admitted(world, add_months(PAST, -12))
    motion = _record(
        world, kind="recognition", subject_member=world["probationary"], yes=5, no=0, abstain=0
    )
    assert motion.passed
    _admitted(world, add_months(PAST, -12) + datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        _record(
            world, kind="recognition", subject_member=world["probationary"], yes=5, no=0, abstain=0
        )
    assert "subject_member" in refused.value.message_dict


def test_the_probation_setting_decides_when_recognition_may_be_voted(world):
    _admitted(world, add_months(PAST, -7))
    with pytest.raises(ValidationError):
        _record(
            world, kind="recognition", subject_member=world["probationary"], yes=5, no=0, abstain=0
        )
    CommitteeSettings.objects.create(committee=world["committee"], probation_months=6)
    motion = _record(
        world, kind="recognition", subject_member=world["probationary"], yes=5, no=0, abstain=0
    )
    assert motion.passed


def test_recognition_without_an_admission_date_is_refused(world, english):
    _admitted(world, None)
    with pytest.raises(ValidationError) as refused:
        _record(
            world, kind="recognition", subject_member=world["probationary"], yes=5, no=0, abstain=0
        )
    assert "admission date" in refused.value.message_dict["subject_member"][0]
    assert _nothing_saved()


def _born(years_before_meeting, days=0):
    return add_months(PAST, -12 * years_before_meeting) + datetime.timedelta(days=days)


def test_an_admission_keeps_the_candidates_date_of_birth(world):
    born = _born(18)  # 18 on the day of the vote
    motion = _record(
        world, kind="admission", subject_name="Quần Chúng C", candidate_birth_date=born, yes=4, no=0
    )
    motion.refresh_from_db()
    assert motion.candidate_birth_date == born
    assert motion.passed


@pytest.mark.parametrize(
    ("born", "message"),
    [
        (None, "Give the candidate's date of birth"),
        (_born(18, days=1), "the candidate is under 18 on the day of the vote"),
        (_born(15), "the candidate is under 18 on the day of the vote"),
        (PAST, "The date of birth must come before the day of the vote"),
        ("2000-01-01", "Enter a valid date."),
    ],
    ids=["missing", "one day short of 18", "15", "born that day", "not a date"],
)
def test_an_admission_below_the_minimum_age_or_without_a_birth_date_is_refused(
    world, english, born, message
):
    with pytest.raises(ValidationError) as refused:
        _record(
            world,
            kind="admission",
            subject_name="Quần Chúng D",
            candidate_birth_date=born,
            yes=4,
            no=0,
        )
    assert message in refused.value.message_dict["candidate_birth_date"][0]
    assert _nothing_saved()


def test_the_minimum_age_setting_decides(world, english):
    born = _born(19)
    assert _record(
        world, kind="admission", subject_name="E", candidate_birth_date=born, yes=4, no=0
    )
    CommitteeSettings.objects.create(committee=world["committee"], min_admission_age=21)
    with pytest.raises(ValidationError) as refused:
        _record(world, kind="admission", subject_name="F", candidate_birth_date=born, yes=4, no=0)
    assert "under 21" in refused.value.message_dict["candidate_birth_date"][0]


def test_only_an_admission_keeps_a_date_of_birth(world):
    motion = _record(world, candidate_birth_date=_born(30))
    assert motion.candidate_birth_date is None


def test_the_vote_form_takes_the_candidates_date_of_birth(world):
    born = _born(25)
    data = _form(
        kind="admission",
        subject_name="Quần Chúng G",
        yes=4,
        no=0,
        abstain=0,
        candidate_birth_date=born.strftime("%d/%m/%Y"),
    )
    response = _post(_client(world), world["meeting"], data)
    assert response.status_code == 302
    motion = Motion.objects.get()
    assert motion.candidate_birth_date == born
    html = _get(_client(world), world["meeting"]).content.decode()
    assert f"born {born:%d/%m/%Y}" in html
    # Without it: the form again, the error on the field, nothing saved.
    data["candidate_birth_date"] = ""
    response = _post(_client(world), world["meeting"], data)
    assert response.status_code == 200
    assert "candidate_birth_date" in response.context["form"].errors
    assert Motion.objects.count() == 1


def test_a_secret_ballot_stores_only_the_tallies(world):
    motion = _record(
        world, kind="warning", subject_member=world["member"], **_ballots(3, 1, invalid=1)
    )
    assert (motion.ballots_issued, motion.ballots_valid, motion.ballots_invalid) == (5, 4, 1)
    assert motion.passed
    names = {f.name for f in Motion._meta.get_fields()}
    assert not names & {"voters", "ballots", "votes_cast"}  # never who voted how


def test_an_admission_and_an_election_name_the_person(world):
    admission = _record(
        world, kind="admission", subject_name="  Quần Chúng A ", yes=4, no=1, abstain=0
    )
    assert admission.subject_name == "Quần Chúng A"
    assert admission.subject_member is None
    election = _record(world, kind="election", subject_name="Bí thư: Bí Thư Một", **_ballots(4, 1))
    assert election.passed


def test_temporary_members_vote_only_when_the_committee_allows_it(world):
    with pytest.raises(ValidationError) as refused:
        _record(world, yes=5, no=1, abstain=0)
    assert "yes" in refused.value.message_dict
    CommitteeSettings.objects.create(committee=world["committee"], temporary_members_vote=True)
    motion = _record(world, yes=5, no=1, abstain=0)
    assert (motion.eligible_present, motion.denominator) == (6, 5)


def test_recording_a_vote_returns_ready_minutes_to_draft(world):
    meeting = world["meeting"]
    minutes = Minutes.objects.get(meeting=meeting)
    minutes_save(
        meeting=meeting,
        version=minutes.version,
        by=world["users"]["secretary"],
        opened_at=datetime.time(16, 30),
        closed_at=datetime.time(18, 15),
        chair_id=world["secretary"].pk,
        clerk_id=world["clerk"].pk,
        quality={
            "quality_preparation": 15,
            "quality_attendance": 18,
            "quality_conduct": 40,
            "quality_closing": 19,
        },
    )
    minutes_mark_ready(meeting=meeting, by=world["users"]["secretary"])
    _record(world)
    minutes.refresh_from_db()
    assert minutes.state == Minutes.State.DRAFT and minutes.ready_at is None


# --- bad input: a clear message on the field, nothing saved ------------------------------------


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"yes": 6, "no": 0, "abstain": 0}, "yes"),  # 5 may vote
        ({"yes": 3, "no": 2, "abstain": 1}, "yes"),  # 6 votes, 5 may vote
        ({"no": -1}, "no"),
        ({"yes": -3}, "yes"),
        ({"abstain": -1}, "abstain"),
        ({"yes": "3"}, "yes"),
        ({"yes": None}, "yes"),
        ({"text": "   "}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"kind": "coup"}, "kind"),
        ({"method": "acclamation"}, "method"),
        ({"issued": 5, "valid": 5, "invalid": 0}, "issued"),  # ballots on a show of hands
        ({"kind": "warning", "subject": "member"}, "method"),  # discipline by show of hands
        ({"kind": "expulsion", "subject": "member"}, "method"),
        ({"kind": "election", "subject_name": "A"}, "method"),
        ({"kind": "dismissal", "subject": "probationary", **_ballots(4, 1)}, "subject_member"),
        ({"kind": "expulsion", "subject": "probationary", **_ballots(4, 1)}, "subject_member"),
        ({"kind": "recognition", "subject": "member"}, "subject_member"),  # already official
        ({"kind": "recognition"}, "subject_member"),  # nobody named
        ({"kind": "warning", "subject": "outsider", **_ballots(3, 1)}, "subject_member"),
        ({"kind": "warning", "subject": "away", **_ballots(3, 1)}, "subject_member"),
        ({"kind": "warning", "subject": "bogus", **_ballots(3, 1)}, "subject_member"),
        ({"kind": "admission", "subject_name": " "}, "subject_name"),
        ({"kind": "admission", "subject_name": "x" * 201}, "subject_name"),
        ({"kind": "reprimand", "subject": "member", **_ballots(3, 1), "valid": 3}, "valid"),
        ({"kind": "reprimand", "subject": "member", **_ballots(3, 1), "issued": 9}, "issued"),
        ({"agenda_item": "other meeting"}, "agenda_item"),
        ({"agenda_item": "bogus"}, "agenda_item"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(world, values, field):
    values = dict(values)
    subject = values.pop("subject", None)
    if subject == "bogus":
        values["subject_member"] = "abc"
    elif subject:
        values["subject_member"] = world[subject]
    if values.get("agenda_item") == "other meeting":
        values["agenda_item"] = AgendaItemFactory()
    elif values.get("agenda_item") == "bogus":
        values["agenda_item"] = "x1"
    with pytest.raises(ValidationError) as refused:
        _record(world, **values)
    assert field in refused.value.message_dict
    assert _nothing_saved()


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_the_messages_say_what_is_wrong(world, english):
    with pytest.raises(ValidationError) as refused:
        _record(world, kind="dismissal", subject_member=world["probationary"], **_ballots(4, 1))
    assert "probationary member" in refused.value.message_dict["subject_member"][0]
    with pytest.raises(ValidationError) as refused:
        _record(world, kind="warning", subject_member=world["member"])
    assert refused.value.message_dict["method"] == [
        "Discipline, expulsion and elections are voted by secret ballot."
    ]
    with pytest.raises(ValidationError) as refused:
        _record(world, yes=6, no=0, abstain=0)
    assert "only 5 members present may vote" in refused.value.message_dict["yes"][0]


def test_refused_before_recording_starts_and_once_the_minutes_are_approved(world, english):
    later = MeetingFactory(cell=world["cell"], date=EARLIER, status="published")
    with pytest.raises(ValidationError):
        _record(world, meeting=later)
    motion = _record(world)
    _approve(world)
    with pytest.raises(ValidationError) as refused:
        _record(world)
    assert "approved" in refused.value.messages[0]
    with pytest.raises(ValidationError):
        votes.vote_remove(motion=motion, by=world["users"]["secretary"])
    assert Motion.objects.count() == 1


def test_remove_a_vote_entered_by_mistake(world):
    motion = _record(world)
    votes.vote_remove(motion=motion, by=world["users"]["secretary"])
    assert not Motion.objects.exists()
    assert Motion.history.filter(id=motion.pk, history_type="-").exists()
    with pytest.raises(ValidationError):
        votes.vote_remove(motion=motion, by=world["users"]["secretary"])


def test_a_vote_adopted_as_a_resolution_cannot_be_removed(world, english):
    motion = _record(world)
    _resolution(world, motion, 1)
    with pytest.raises(ValidationError) as refused:
        votes.vote_remove(motion=motion, by=world["users"]["secretary"])
    assert "01-NQ/CB" in refused.value.messages[0]
    assert Motion.objects.filter(pk=motion.pk).exists()


def _resolution(world, motion, number):
    return Resolution.objects.create(
        committee=world["committee"],
        term=world["term"],
        cell=motion.meeting.cell,
        number=number,
        meeting=motion.meeting,
        motion=motion,
        adopted_on=motion.meeting.date,
        title=f"Nghị quyết {number}",
        content="Nội dung.",
    )


# --- the votes page: who sees it, who records --------------------------------------------------


@pytest.mark.parametrize(("who", "form"), [("secretary", True), ("clerk", True), ("officer", True)])
def test_recorders_see_the_votes_and_the_form(world, who, form):
    _record(world)
    response = _get(_client(world, who), world["meeting"])
    assert response.status_code == 200
    html = response.content.decode()
    assert WORKING_HTML in html
    assert ('id="vote-add"' in html) is form
    assert "From the attendance sheet: 8 official members, 5 counted for the majority" in html


@pytest.mark.parametrize("who", ["member", "observer"])
def test_members_read_the_votes_once_the_minutes_are_approved(world, who):
    _record(world)
    assert _get(_client(world, who), world["meeting"]).status_code == 403
    _approve(world)
    response = _get(_client(world, who), world["meeting"])
    assert response.status_code == 200
    html = response.content.decode()
    assert WORKING_HTML in html
    assert 'id="vote-add"' not in html
    assert _url(world["meeting"], Motion.objects.get().pk, name="vote_remove") not in html
    assert _post(_client(world, who), world["meeting"], _form()).status_code == 403


def test_other_cells_get_404_and_anonymous_logs_in(world):
    assert _get(_client(world, "member_other_cell"), world["meeting"]).status_code == 404
    other = MeetingFactory(cell=world["other_cell"], date=PAST, status="published")
    assert _get(_client(world, "secretary"), other).status_code == 404
    assert _post(_client(world, "secretary"), other, _form()).status_code == 404
    world["client"].logout()
    response = world["client"].get(_url(world["meeting"]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_no_minutes_yet_sends_back_to_the_meeting(world):
    later = MeetingFactory(cell=world["cell"], date=EARLIER, status="published")
    response = _get(_client(world), later)
    assert response.status_code == 302 and response["Location"] == later.get_absolute_url()
    assert "Nothing has been recorded for this meeting yet." in _messages(response)


def test_record_a_vote_through_the_page(world):
    client = _client(world, "clerk")
    response = _post(
        client, world["meeting"], _form(agenda_item=world["item"].pk, text="Nghị quyết tháng.")
    )
    motion = Motion.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url(world["meeting"]) + f"#motion-{motion.pk}"
    assert _messages(response) == [f"The vote was recorded: passed. {WORKING}."]
    assert motion.text == "Nghị quyết tháng." and motion.agenda_item == world["item"]
    assert motion.recorded_by == world["users"]["clerk"]
    html = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "motion-passed" in html and "Nhiệm vụ tháng tới" in html


def test_a_secret_ballot_about_a_member_through_the_page(world):
    response = _post(
        _client(world),
        world["meeting"],
        _form(
            kind="warning",
            method="secret",
            subject_member=world["member"].pk,
            yes=1,
            no=3,
            abstain=0,
            issued=5,
            valid=4,
            invalid=1,
        ),
    )
    assert response.status_code == 302
    motion = Motion.objects.get()
    assert not motion.passed and motion.subject_name == "Đảng Viên Ba"
    assert _messages(response)[0].startswith("The vote was recorded: not passed.")
    html = _get(_client(world), world["meeting"]).content.decode()
    assert "motion-not-passed" in html and "Ballots issued: 5, valid: 4, invalid: 1" in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"yes": "abc"}, "yes", "Enter a whole number."),
        ({"no": "-1"}, "no", "A count cannot be negative."),
        ({"yes": "1e9"}, "yes", "Enter a whole number."),
        ({"yes": "999999999999999999999"}, "yes", "only 5 members present may vote"),
        ({"yes": ""}, "yes", "Enter a number (0 if none)."),
        ({"issued": "abc"}, "issued", "Enter a whole number."),
        ({"kind": "warning", "subject_member": "MEMBER"}, "method", "secret ballot"),
        (
            {"kind": "dismissal", "method": "secret", "subject_member": "PROBATIONARY"},
            "subject_member",
            "probationary member",
        ),
        ({"kind": "reprimand", "subject_member": "99999"}, "subject_member", "attendance sheet"),
        ({"agenda_item": "99999"}, "agenda_item", "agenda"),
        ({"kind": "nonsense"}, "kind", "Choose what is voted on."),
        ({"text": ""}, "text", "Write the text voted on."),
    ],
)
def test_errors_keep_the_input_and_save_nothing(world, data, field, message):
    data = dict(data)
    for key, value in data.items():
        if value == "MEMBER":
            data[key] = world["member"].pk
        elif value == "PROBATIONARY":
            data[key] = world["probationary"].pk
    data = {"text": "Đoạn văn đã gõ.", **data}
    response = _post(_client(world), world["meeting"], _form(**data))
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert "Nothing was saved" in html
    if field != "text":
        assert "Đoạn văn đã gõ." in html
    assert _nothing_saved()


def test_posting_after_approval_is_refused_with_a_message(world):
    _approve(world)
    response = _post(_client(world), world["meeting"], _form())
    assert response.status_code == 302
    assert "votes can no longer be recorded" in _messages(response)[0]
    assert _nothing_saved()


def test_get_and_post_only(world):
    response = _client(world).put(_url(world["meeting"]))
    assert response.status_code == 405
    motion = _record(world)
    remove = _url(world["meeting"], motion.pk, name="vote_remove")
    assert _client(world).get(remove).status_code == 405


# --- removing a vote -----------------------------------------------------------------------------


def test_remove_through_the_page_is_confirmed(world):
    motion = _record(world)
    client = _client(world)
    remove = _url(world["meeting"], motion.pk, name="vote_remove")
    html = _get(client, world["meeting"]).content.decode()
    assert f'action="{remove}"' in html and "data-confirm=" in html
    response = client.post(remove, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response["Location"] == _url(world["meeting"])
    assert _messages(response) == ["The vote was removed."]
    assert not Motion.objects.exists()
    response = client.post(remove, HTTP_ACCEPT_LANGUAGE="en")  # a second tap
    assert response.status_code == 302
    assert "This vote has already been removed." in _messages(response)


def test_remove_refusals(world):
    motion = _record(world)
    remove = _url(world["meeting"], motion.pk, name="vote_remove")
    assert _client(world, "member").post(remove).status_code == 403
    assert _client(world, "member_other_cell").post(remove).status_code == 404
    bogus = _url(world["meeting"], 999999, name="vote_remove")
    assert _client(world).post(bogus).status_code == 404
    other = MeetingFactory(cell=world["cell"], date=EARLIER, status="published")
    crafted = _url(other, motion.pk, name="vote_remove")
    assert _client(world).post(crafted).status_code == 404
    _approve(world)
    response = _client(world).post(remove, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert "approved" in _messages(response)[0]
    assert Motion.objects.filter(pk=motion.pk).exists()


# --- resolutions: the adopt link and the link to the adopted one --------------------------------


def test_adopt_link_for_a_passed_ordinary_vote_and_link_to_its_resolution(world):
    passed = _record(world, text="Được thông qua.")
    failed = _record(world, text="Không đạt.", yes=2, no=3, abstain=0)
    admission = _record(
        world, kind="admission", subject_name="Quần Chúng B", yes=4, no=1, abstain=0
    )
    adopt = {m: _url(world["meeting"], m.pk, name="resolution_adopt") for m in (passed, failed)}
    html = _get(_client(world), world["meeting"]).content.decode()
    assert adopt[passed] in html
    assert adopt[failed] not in html
    assert _url(world["meeting"], admission.pk, name="resolution_adopt") not in html
    resolution = _resolution(world, passed, 5)
    html = _get(_client(world), world["meeting"]).content.decode()
    assert adopt[passed] not in html
    assert resolution.get_absolute_url() in html and "Resolution 05-NQ/CB" in html
    # An adopted vote cannot be removed: no button.
    assert _url(world["meeting"], passed.pk, name="vote_remove") not in html
    _approve(world)
    html = _get(_client(world, "member"), world["meeting"]).content.decode()
    assert resolution.get_absolute_url() in html
    assert "resolution_adopt" not in html and "/adopt/" not in html


def _grow(world, count):
    """A meeting of a new cell with `count` votes, every other one adopted as a resolution."""
    cell = CellFactory(committee=world["committee"])
    for n in range(6):
        MemberFactory(committee=world["committee"], cell=cell, full_name=f"Thành Viên {n}")
    meeting = MeetingFactory(cell=cell, date=PAST, status="published")
    items = [AgendaItemFactory(meeting=meeting) for _ in range(3)]
    recording_start(meeting=meeting, by=world["users"]["officer"])
    number = Resolution.objects.count()
    for n in range(count):
        motion = _record(
            world,
            meeting=meeting,
            by=world["users"]["officer"],
            agenda_item=items[n % 3] if n % 2 else None,
            yes=4,
            no=1,
            abstain=0,
        )
        if n % 2:
            number += 1
            _resolution(world, motion, number)
    return meeting


def test_as_many_queries_for_5_as_for_50_votes(world, django_assert_num_queries):
    small, large = _grow(world, 5), _grow(world, 50)
    client = _client(world, "officer")
    _get(client, small)  # warm the session
    with CaptureQueriesContext(connection) as five:
        response = _get(client, small)
    assert response.status_code == 200
    with django_assert_num_queries(len(five)):
        response = _get(client, large)
    assert response.content.decode().count('class="list-group-item motion"') == 50


# --- the links in and the votes in the minutes -------------------------------------------------


def test_votes_are_linked_from_the_minutes_pages_and_the_record_panel(world):
    votes_url = _url(world["meeting"])
    client = _client(world)
    for name in ("minutes_edit", "minutes", "detail"):
        assert votes_url in _get(client, world["meeting"], name).content.decode(), name
    member = _client(world, "member")
    assert votes_url not in _get(member, world["meeting"], "detail").content.decode()
    _approve(world)
    assert votes_url in _get(member, world["meeting"], "detail").content.decode()


def test_the_minutes_page_shows_the_votes_with_their_working(world):
    _record(world, agenda_item=world["item"])
    html = _get(_client(world), world["meeting"], "minutes").content.decode()
    assert 'id="minutes-votes"' in html and WORKING_HTML in html


def test_the_minutes_docx_and_print_view_show_the_votes(world):
    _record(world, agenda_item=world["item"], text="Thông qua nhiệm vụ tháng 12.")
    _record(
        world,
        kind="warning",
        subject_member=world["member"],
        text="Kỷ luật cảnh cáo.",
        **_ballots(2, 2, invalid=1),
    )
    minutes = Minutes.objects.get(meeting=world["meeting"])
    minutes_save(
        meeting=world["meeting"],
        version=minutes.version,
        by=world["users"]["secretary"],
        items={world["item"].pk: ItemText(conclusion="Chi bộ thống nhất.")},
    )
    meeting = Meeting.objects.with_related().get(pk=world["meeting"].pk)
    texts = [p.text for p in docx.Document(BytesIO(minutes_docx(meeting))).paragraphs]
    start = texts.index("Biểu quyết: Nghị quyết, kết luận")
    assert texts[start - 1] == "1. Nhiệm vụ tháng tới"
    assert texts[start + 1 : start + 6] == [
        "- Nội dung: Thông qua nhiệm vụ tháng 12.",
        "- Hình thức: giơ tay.",
        "- Số biểu quyết: 3 tán thành, 1 không tán thành, 1 không biểu quyết.",
        f"- Cách tính: {WORKING}.",
        "- Kết quả: Thông qua.",
    ]
    assert texts[start + 6] == "Kết luận của chủ trì: Chi bộ thống nhất."
    loose = texts.index("II. Biểu quyết")
    assert texts[loose + 1 : loose + 8] == [
        "Biểu quyết: Kỷ luật cảnh cáo — đồng chí Đảng Viên Ba",
        "- Nội dung: Kỷ luật cảnh cáo.",
        "- Hình thức: bỏ phiếu kín.",
        "- Số phiếu: phát ra 5, hợp lệ 4, không hợp lệ 1.",
        "- Số biểu quyết: 2 tán thành, 2 không tán thành, 0 không biểu quyết.",
        "- Cách tính: 8 đảng viên chính thức, 1 chuyển sinh hoạt tạm thời đi nơi khác, 1 miễn "
        "sinh hoạt vắng mặt, 1 bị đình chỉ sinh hoạt → 5; 2 tán thành ≤ 5/2 → không thông qua.",
        "- Kết quả: Không thông qua.",
    ]
    html = _get(_client(world), world["meeting"], "minutes_print").content.decode()
    assert "Biểu quyết: Kỷ luật cảnh cáo — đồng chí Đảng Viên Ba" in html
    assert WORKING_HTML in html and "II. Biểu quyết" in html


def test_vote_headings_name_the_member_or_person(world):
    admission = _record(
        world, kind="admission", subject_name="Quần Chúng A", yes=4, no=1, abstain=0
    )
    election = _record(world, kind="election", subject_name="Bí thư: Bí Thư Một", **_ballots(4, 1))
    recognition = _record(
        world, kind="recognition", subject_member=world["probationary"], yes=4, no=1, abstain=0
    )
    assert vote_block(admission).heading == (
        "Biểu quyết: Kết nạp đảng viên — quần chúng Quần Chúng A"
    )
    assert vote_block(election).heading == "Biểu quyết: Bầu cử — Bí thư: Bí Thư Một"
    assert vote_block(recognition).heading == (
        "Biểu quyết: Công nhận đảng viên chính thức — đồng chí Dự Bị Sáu"
    )
    assert vote_block(admission).result == ("- Kết quả:", "Thông qua.")


def test_the_record_closed_while_the_form_was_open(world, monkeypatch):
    def closed(**kwargs):
        raise ValidationError("The minutes are approved and locked.")

    monkeypatch.setattr(votes, "vote_record", closed)
    response = _post(_client(world), world["meeting"], _form())
    assert response.status_code == 302 and response["Location"] == _url(world["meeting"])
    assert _messages(response) == ["The minutes are approved and locked."]
