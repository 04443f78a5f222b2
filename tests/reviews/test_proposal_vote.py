"""The cell's rating proposal is a vote under the Charter's rules (issue 17 item 7):
`reviews.services.rating_propose` counts it with the rules engine of every vote
(`meetings.decisions.vote_rules`, fed like `meetings.decisions.votes`): official members present
vote, the ordinary majority (a setting) of the denominator, a tally above who may vote refused; a
proposal the vote did not pass, or one with no tally, is refused; a passed one is saved with its
working.

The cell: 3 official and 3 probationary members (probationary members never vote).
"""

import datetime
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from cells.models import CommitteeSettings
from meetings.models import Attendance
from reviews import services
from reviews.models import Evaluation
from tests.factories import MeetingFactory, MemberFactory, PositionFactory, member_user

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def small(committee, cell, term, officer):
    """3 official members (one the secretary) and 3 probationary ones."""
    official = [MemberFactory(committee=committee, cell=cell) for _n in range(3)]
    PositionFactory(member=official[0], cell=cell, role="cell_secretary", term=term)
    probationary = [
        MemberFactory(
            committee=committee,
            cell=cell,
            status="probationary",
            admitted_on=timezone.localdate() - datetime.timedelta(days=100),
            recognised_on=None,
        )
        for _n in range(3)
    ]
    return SimpleNamespace(
        committee=committee,
        cell=cell,
        official=official,
        probationary=probationary,
        officer=officer,
        secretary=member_user(official[0]),
    )


def propose(s, **votes):
    return services.rating_propose(
        cell=s.cell, member=s.official[1], year=YEAR, rating="outstanding", by=s.officer, **votes
    )


def refused(s, **votes) -> dict:
    with pytest.raises(ValidationError) as excinfo:
        propose(s, **votes)
    assert not Evaluation.objects.exists()
    assert not Evaluation.history.exists()
    return excinfo.value.message_dict


def test_six_in_favour_where_only_three_may_vote_is_refused(small):
    """Before: every reviewed member was counted a voter, and 6 "yes" were accepted."""
    errors = refused(small, votes_yes=6, votes_no=0)
    assert errors == {
        "votes_yes": [
            "6 votes in all (in favour, against, abstaining), but only 3 members present may vote."
        ]
    }


def test_a_proposal_the_vote_did_not_pass_is_refused(small):
    """Before: 1 in favour and 2 against was saved as a proposal of "outstanding"."""
    errors = refused(small, votes_yes=1, votes_no=2)
    assert errors == {
        "votes_yes": [
            "The cell did not pass this proposal (3 đảng viên chính thức → 3; 1 tán thành ≤ 3/2 "
            "→ không thông qua): only a proposal the cell passed goes to the committee."
        ]
    }


def test_a_proposal_with_no_tally_is_refused(small):
    errors = refused(small)
    assert errors == {
        "votes_yes": ["Give the tally of the cell's vote on this proposal."],
        "votes_no": ["Give the tally of the cell's vote on this proposal."],
    }
    assert "votes_no" in refused(small, votes_yes=3)


def test_a_passed_proposal_is_saved_with_its_working(small):
    evaluation = propose(small, votes_yes=2, votes_no=1)
    evaluation.refresh_from_db()
    assert (evaluation.proposed_rating, evaluation.votes_yes, evaluation.votes_no) == (
        "outstanding",
        2,
        1,
    )
    assert evaluation.votes_abstain == 0
    assert evaluation.vote_working == "3 đảng viên chính thức → 3; 2 tán thành > 3/2 → thông qua"
    assert evaluation.history.get().vote_working == evaluation.vote_working


def test_the_review_meetings_attendance_says_who_is_present(small):
    """With the review meeting's sheet recorded, an absent official member does not vote (but
    stays in the denominator)."""
    meeting = MeetingFactory(
        cell=small.cell, date=timezone.localdate(), kind="review", status="published"
    )
    for member in small.official + small.probationary:
        absent = member == small.official[2]
        Attendance.objects.create(
            meeting=meeting,
            member=member,
            member_status=member.status,
            status="unexcused" if absent else "present",
        )
    errors = refused(small, votes_yes=3, votes_no=0)
    assert "only 2 members present may vote" in errors["votes_yes"][0]
    evaluation = propose(small, votes_yes=2, votes_no=0)
    assert evaluation.vote_working == "3 đảng viên chính thức → 3; 2 tán thành > 3/2 → thông qua"


def test_the_ordinary_majority_setting_decides(small):
    """ "More than 2/3" instead of "more than half": 2 of 3 no longer pass, 3 do."""
    assert propose(small, votes_yes=2, votes_no=1).proposed_rating == "outstanding"
    Evaluation.objects.all().delete()
    Evaluation.history.all().delete()
    CommitteeSettings.objects.create(
        committee=small.committee, majority_numerator=2, majority_denominator=3
    )
    small.cell.committee.refresh_from_db()
    errors = refused(small, votes_yes=2, votes_no=1)
    assert "2 tán thành ≤ 2/3 × 3 → không thông qua" in errors["votes_yes"][0]
    evaluation = propose(small, votes_yes=3, votes_no=0)
    assert (
        evaluation.vote_working == "3 đảng viên chính thức → 3; 3 tán thành > 2/3 × 3 → thông qua"
    )


def test_the_review_page_says_who_votes(client, small):
    client.force_login(small.secretary)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("reviews:cell_review", args=[YEAR, small.cell.pk]))
    assert response.status_code == 200
    assert response.context["voting"].eligible_present == 3
    assert "3 official members, 3 counted for the majority, 3 present who may vote." in (
        response.content.decode()
    )
