"""Who sees which meeting (DESIGN §3): `Meeting.objects.visible_to(user)` and the object rule of
`meetings.access.get_meeting_for_user` (404 what she may not see, 403 what she may not prepare)."""

import copy
import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from meetings.access import can_edit_meeting, get_meeting_for_user
from meetings.models import Meeting
from members.models import CommitteeRole
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def build_world(committee, other_committee):
    """Committee A with two cells, its executive and conferences, and committee B next door.

    Meetings are named <holder>_<status>: cb1_draft, cb1_published, cb1_held, cb2_draft, … ."""
    cb1, cb2 = CellFactory(committee=committee), CellFactory(committee=committee)
    other_cell = CellFactory(committee=other_committee)
    months = iter(D(2027, m, 5) for m in range(1, 13))
    meetings = {}
    for name, holder in (("cb1", cb1), ("cb2", cb2)):
        for status in ("draft", "published", "held"):
            meetings[f"{name}_{status}"] = MeetingFactory(
                cell=holder, date=next(months), status=status
            )
    extra_dates = iter(D(2028, m, 5) for m in range(1, 13))
    for status in ("draft", "published", "held"):
        meetings[f"executive_{status}"] = MeetingFactory(
            committee=committee, body="executive", cell=None, date=next(extra_dates), status=status
        )
        meetings[f"conference_{status}"] = MeetingFactory(
            committee=committee,
            body="committee",
            cell=None,
            kind="conference",
            date=next(extra_dates),
            status=status,
        )
    for status in ("draft", "published"):
        meetings[f"other_cell_{status}"] = MeetingFactory(
            cell=other_cell, date=next(extra_dates), status=status
        )
        meetings[f"other_conference_{status}"] = MeetingFactory(
            committee=other_committee,
            body="committee",
            cell=None,
            kind="conference",
            date=next(extra_dates),
            status=status,
        )
        meetings[f"other_executive_{status}"] = MeetingFactory(
            committee=other_committee,
            body="executive",
            cell=None,
            date=next(extra_dates),
            status=status,
        )
    return {"committee": committee, "cb1": cb1, "cb2": cb2, "meetings": meetings}


def _member(world, cell_code="cb1", role=None):
    member = MemberFactory(
        committee=world["committee"], cell=world[cell_code] if cell_code else None
    )
    if role:
        in_cell = role.startswith("cell_")
        PositionFactory(member=member, role=role, cell=world[cell_code] if in_cell else None)
    return member_user(member)


def build_personas(world, officer, observer, clerk, outsider):
    return {
        "committee_officer": officer,
        "executive_member": _member(world, "cb2", role="committee_member"),
        "committee_secretary": _member(world, None, role="committee_secretary"),
        "cell_secretary": _member(world, "cb1", role="cell_secretary"),
        "cell_deputy": _member(world, "cb1", role="cell_deputy"),
        "cell_committee_member": _member(world, "cb1", role="cell_committee_member"),
        "secretary_other_cell": _member(world, "cb2", role="cell_secretary"),
        "member": _member(world, "cb1"),
        "member_other_cell": _member(world, "cb2"),
        "observer": observer,
        "committee_clerk": clerk,
        "officer_other_committee": outsider,
    }


@pytest.fixture(scope="module")
def _built(module_db):
    """The world and the personas, built once for the module (see `module_db`); each test gets a
    copy and a savepoint."""
    committee, other_committee = CommitteeFactory(), CommitteeFactory()
    world = build_world(committee, other_committee)
    personas = build_personas(
        world,
        *(
            CommitteeRoleFactory(committee=committee, role=role).user
            for role in ("officer", "observer", "clerk")
        ),
        CommitteeRoleFactory(committee=other_committee, role="officer").user,
    )
    return {"world": world, "personas": personas, "other_committee": other_committee}


@pytest.fixture
def _copy(_built, db):
    return copy.deepcopy(_built)


@pytest.fixture
def world(_copy):
    return _copy["world"]


@pytest.fixture
def personas(_copy):
    return _copy["personas"]


@pytest.fixture
def committee(world):
    return world["committee"]


@pytest.fixture
def officer(personas):
    return personas["committee_officer"]


@pytest.fixture
def other_committee(_copy):
    return _copy["other_committee"]


ALL_A = {
    f"{holder}_{status}"
    for holder in ("cb1", "cb2", "executive", "conference")
    for status in ("draft", "published", "held")
}
PUBLISHED_CELLS = {f"{c}_{s}" for c in ("cb1", "cb2") for s in ("published", "held")}
PUBLISHED_CONFERENCES = {"conference_published", "conference_held"}
CB1 = {"cb1_draft", "cb1_published", "cb1_held"}
OTHER_COMMITTEE = {
    f"other_{holder}_{status}"
    for holder in ("cell", "conference", "executive")
    for status in ("draft", "published")
}

EXPECTED = {
    # Officers (grant or executive-committee position) see every meeting of the committee.
    "committee_officer": ALL_A,
    "executive_member": ALL_A,
    "committee_secretary": ALL_A,
    # Cell officers: their cell's meetings, drafts included; published conferences.
    "cell_secretary": CB1 | PUBLISHED_CONFERENCES,
    "cell_deputy": CB1 | PUBLISHED_CONFERENCES,
    "cell_committee_member": CB1 | PUBLISHED_CONFERENCES,
    "secretary_other_cell": {"cb2_draft", "cb2_published", "cb2_held"} | PUBLISHED_CONFERENCES,
    # Members: their cell's meetings once published, and the committee's conferences.
    "member": {"cb1_published", "cb1_held"} | PUBLISHED_CONFERENCES,
    "member_other_cell": {"cb2_published", "cb2_held"} | PUBLISHED_CONFERENCES,
    # Observers and clerks: every cell's published meetings and the conferences.
    "observer": PUBLISHED_CELLS | PUBLISHED_CONFERENCES,
    "committee_clerk": PUBLISHED_CELLS | PUBLISHED_CONFERENCES,
    # Committee B's officer sees B's meetings only.
    "officer_other_committee": OTHER_COMMITTEE,
}


def _names(world, queryset):
    by_pk = {m.pk: name for name, m in world["meetings"].items()}
    return {by_pk[pk] for pk in queryset.values_list("pk", flat=True)}


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_visible_to(world, personas, persona):
    user = personas[persona]
    assert _names(world, Meeting.objects.visible_to(user)) == EXPECTED[persona]


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_get_meeting_for_user_follows_the_same_rule(world, personas, persona):
    """Every meeting: returned if visible, else 404 — never a 403 for something unseen."""
    user = personas[persona]
    for name, meeting in world["meetings"].items():
        if name in EXPECTED[persona]:
            assert get_meeting_for_user(user, meeting.pk) == meeting, name
        else:
            with pytest.raises(Http404):
                get_meeting_for_user(user, meeting.pk)


def test_a_cell_secretary_does_not_see_another_cell_or_the_executive(world, personas):
    user = personas["cell_secretary"]
    meetings = world["meetings"]
    assert get_meeting_for_user(user, meetings["cb1_draft"].pk, edit=True).status == "draft"
    for name in ("cb2_published", "cb2_draft", "executive_published", "executive_draft"):
        with pytest.raises(Http404):
            get_meeting_for_user(user, meetings[name].pk)


def test_executive_meetings_only_for_officers(world, personas):
    executive = Meeting.objects.filter(body="executive", committee=world["committee"])
    for persona, user in personas.items():
        sees = Meeting.objects.visible_to(user).filter(pk__in=executive).exists()
        assert sees == (persona in {"committee_officer", "executive_member", "committee_secretary"})


def test_a_conference_is_for_every_member_once_published(world, personas):
    published = world["meetings"]["conference_published"]
    draft = world["meetings"]["conference_draft"]
    for user in (personas["member"], personas["member_other_cell"]):
        assert get_meeting_for_user(user, published.pk) == published
        with pytest.raises(Http404):
            get_meeting_for_user(user, draft.pk)


@pytest.mark.parametrize(
    ("persona", "meeting"),
    [
        ("member", "cb1_published"),
        ("member", "conference_published"),
        ("observer", "cb1_published"),
        ("observer", "conference_held"),
        ("committee_clerk", "cb2_published"),
        ("cell_committee_member", "cb1_draft"),
        ("cell_secretary", "conference_published"),
        ("secretary_other_cell", "conference_published"),
    ],
)
def test_edit_on_a_visible_meeting_is_forbidden_without_the_right(
    world, personas, persona, meeting
):
    user, target = personas[persona], world["meetings"][meeting]
    assert get_meeting_for_user(user, target.pk) == target
    assert not can_edit_meeting(user, target)
    with pytest.raises(PermissionDenied):
        get_meeting_for_user(user, target.pk, edit=True)


@pytest.mark.parametrize(
    ("persona", "meeting"),
    [
        ("committee_officer", "cb2_draft"),
        ("committee_officer", "executive_draft"),
        ("committee_officer", "conference_draft"),
        ("executive_member", "cb1_draft"),
        ("cell_secretary", "cb1_draft"),
        ("cell_deputy", "cb1_published"),
        ("secretary_other_cell", "cb2_draft"),
    ],
)
def test_those_who_prepare_a_meeting_may_edit_it(world, personas, persona, meeting):
    user, target = personas[persona], world["meetings"][meeting]
    assert get_meeting_for_user(user, target.pk, edit=True) == target


def test_no_role_no_meetings_section(world, plain_user):
    assert not Meeting.objects.visible_to(plain_user).exists()
    with pytest.raises(PermissionDenied):
        get_meeting_for_user(plain_user, world["meetings"]["cb1_published"].pk)


def test_a_grant_of_another_committee_sees_nothing_of_committee_a(world, other_committee):
    observer_b = CommitteeRoleFactory(committee=other_committee, role="observer").user
    assert _names(world, Meeting.objects.visible_to(observer_b)) == {
        "other_cell_published",
        "other_conference_published",
    }


def test_a_member_who_left_the_cell_no_longer_sees_its_meetings(world, personas):
    user = personas["member"]
    membership = user.member.memberships.get()
    membership.end_date = D(2026, 1, 31)
    membership.save()
    fresh = type(user).objects.get(pk=user.pk)
    assert _names(world, Meeting.objects.visible_to(fresh)) == PUBLISHED_CONFERENCES


def test_an_ended_grant_or_position_gives_nothing(world, personas, officer):
    role = CommitteeRole.objects.get(user=officer)
    role.valid_until = D(2024, 12, 31)
    role.save()
    fresh = type(officer).objects.get(pk=officer.pk)
    assert not Meeting.objects.visible_to(fresh).exists()

    secretary = personas["cell_secretary"]
    position = secretary.member.positions.get()
    position.end_date = D(2025, 12, 31)
    position.save()
    fresh = type(secretary).objects.get(pk=secretary.pk)
    # Back to a plain member of CB1.
    assert _names(world, Meeting.objects.visible_to(fresh)) == EXPECTED["member"]
