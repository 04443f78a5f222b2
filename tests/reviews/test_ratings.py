"""The committee decides the year's ratings within the quota (DOMAIN §7, issue 9 item 5):
`reviews.services.ratings_confirm` and `quota_check` against the database — the whole committee's
set is checked (not each cell), a set over the quota is refused with the working and nothing is
saved; the quota is a setting; a cell's proposal cannot change once the year is confirmed.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from cells.models import CommitteeSettings
from reviews import services
from reviews.models import Evaluation, ReviewYear
from tests.factories import CellFactory, CommitteeFactory, MemberFactory

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture(autouse=True)
def english():
    """The refusals are asserted in their English source text."""
    with translation.override("en"):
        yield


def evaluations(committee, cell, *, final=False, **counts) -> list[Evaluation]:
    """Evaluations of new members of `cell` with the cell's proposals — `good=30, outstanding=6`
    — and, with `final`, the committee's decision already the same."""
    made = []
    for rating, number in counts.items():
        for _n in range(number):
            member = MemberFactory(committee=committee, cell=cell)
            made.append(
                Evaluation.objects.create(
                    committee=committee,
                    member=member,
                    cell=cell,
                    year=YEAR,
                    proposed_rating=rating,
                    final_rating=rating if final else "",
                )
            )
    return made


def as_proposed(made) -> dict[int, str]:
    return {e.pk: e.proposed_rating for e in made}


def finals(committee) -> list[str]:
    return sorted(
        Evaluation.objects.filter(committee=committee, year=YEAR).values_list(
            "final_rating", flat=True
        )
    )


def confirmed(committee) -> bool:
    return ReviewYear.objects.filter(
        committee=committee, year=YEAR, confirmed_at__isnull=False
    ).exists()


def refusal(error) -> str:
    return " ".join(error.value.messages)


def test_at_the_quota_exactly_is_confirmed(committee, cell, officer):
    made = evaluations(committee, cell, good=30, outstanding=6, completed=3)
    check = services.ratings_confirm(
        committee=committee, year=YEAR, decisions=as_proposed(made), by=officer
    )
    assert (check.outstanding, check.good, check.allowed, check.ok) == (6, 30, 6, True)
    assert finals(committee).count("outstanding") == 6
    assert all(finals(committee))
    review_year = ReviewYear.objects.get(committee=committee, year=YEAR)
    assert review_year.confirmed_at is not None
    assert review_year.confirmed_by == officer
    decided = Evaluation.objects.filter(committee=committee, year=YEAR).first()
    assert decided.decided_by == officer
    assert decided.history.first().history_user == officer


def test_one_over_is_refused_with_the_working_and_nothing_saved(committee, cell, officer):
    made = evaluations(committee, cell, good=30, outstanding=7)
    with pytest.raises(ValidationError) as error:
        services.ratings_confirm(
            committee=committee, year=YEAR, decisions=as_proposed(made), by=officer
        )
    assert "7 xuất sắc > ⌊20% × 30⌋ = 6: bớt 1" in refusal(error)
    assert finals(committee) == [""] * 37
    assert not ReviewYear.objects.filter(committee=committee, year=YEAR).exists()


def test_fixed_then_confirmed(committee, cell, officer):
    made = evaluations(committee, cell, good=30, outstanding=7)
    decisions = as_proposed(made)
    with pytest.raises(ValidationError):
        services.ratings_confirm(committee=committee, year=YEAR, decisions=decisions, by=officer)
    lowered = next(e for e in made if e.proposed_rating == "outstanding")
    decisions[lowered.pk] = "good"
    check = services.ratings_confirm(
        committee=committee, year=YEAR, decisions=decisions, by=officer
    )
    assert check.working == "6 xuất sắc ≤ ⌊20% × 31⌋ = 6"
    lowered.refresh_from_db()
    assert (lowered.proposed_rating, lowered.final_rating) == ("outstanding", "good")
    assert confirmed(committee)


def test_the_whole_committee_is_checked_not_each_cell(committee, officer):
    """Cell A alone would be over (2 outstanding for 5 good); with cell B's 10 good the
    committee's set is within the quota (3 allowed)."""
    cell_a, cell_b = CellFactory(committee=committee), CellFactory(committee=committee)
    made = evaluations(committee, cell_a, good=5, outstanding=2) + evaluations(
        committee, cell_b, good=10
    )
    single = services.quota_check(["outstanding"] * 2 + ["good"] * 5, committee)
    assert not single.ok
    check = services.ratings_confirm(
        committee=committee, year=YEAR, decisions=as_proposed(made), by=officer
    )
    assert check.working == "2 xuất sắc ≤ ⌊20% × 15⌋ = 3"
    assert confirmed(committee)


def test_decisions_are_checked_with_the_ratings_already_decided(committee, officer):
    """Deciding one cell counts the others' decisions: 2 outstanding decided in cell A for its
    10 good, one more proposed by cell B → 3 > ⌊20% × 10⌋ = 2."""
    cell_a, cell_b = CellFactory(committee=committee), CellFactory(committee=committee)
    evaluations(committee, cell_a, final=True, good=10, outstanding=2)
    made = evaluations(committee, cell_b, outstanding=1)
    with pytest.raises(ValidationError) as error:
        services.ratings_confirm(
            committee=committee, year=YEAR, decisions=as_proposed(made), by=officer
        )
    assert "3 xuất sắc > ⌊20% × 10⌋ = 2: bớt 1" in refusal(error)
    assert Evaluation.objects.get(pk=made[0].pk).final_rating == ""


def test_another_committee_does_not_count(committee, officer):
    other = CommitteeFactory()
    evaluations(other, CellFactory(committee=other), final=True, outstanding=5)
    made = evaluations(committee, CellFactory(committee=committee), good=5, outstanding=1)
    check = services.ratings_confirm(
        committee=committee, year=YEAR, decisions=as_proposed(made), by=officer
    )
    assert (check.outstanding, check.good) == (1, 5)


def test_another_committees_evaluation_is_refused(committee, cell, officer):
    other = CommitteeFactory()
    foreign = evaluations(other, CellFactory(committee=other), good=1)
    made = evaluations(committee, cell, good=5)
    decisions = {**as_proposed(made), foreign[0].pk: "good"}
    with pytest.raises(ValidationError) as error:
        services.ratings_confirm(committee=committee, year=YEAR, decisions=decisions, by=officer)
    assert "another committee or year" in refusal(error)
    assert finals(committee) == [""] * 5
    assert Evaluation.objects.get(pk=foreign[0].pk).final_rating == ""


def test_a_member_not_rated_is_refused(committee, cell, officer):
    made = evaluations(committee, cell, good=5)
    new = MemberFactory(committee=committee, cell=cell, status="probationary", recognised_on=None)
    not_rated = Evaluation.objects.create(
        committee=committee,
        member=new,
        cell=cell,
        year=YEAR,
        rated=False,
        not_rated_reason="Admitted less than 6 months before the review",
    )
    decisions = {**as_proposed(made), not_rated.pk: "good"}
    with pytest.raises(ValidationError) as error:
        services.ratings_confirm(committee=committee, year=YEAR, decisions=decisions, by=officer)
    assert f"{new.full_name} is not rated this year" in refusal(error)
    assert finals(committee) == [""] * 6
    assert not confirmed(committee)
    # Without her, the set is confirmed; she stays without a rating.
    services.ratings_confirm(
        committee=committee, year=YEAR, decisions=as_proposed(made), by=officer
    )
    not_rated.refresh_from_db()
    assert not_rated.final_rating == ""
    assert confirmed(committee)


def test_every_member_rated_needs_a_rating(committee, cell, officer):
    made = evaluations(committee, cell, good=5)
    undecided = made.pop()
    with pytest.raises(ValidationError) as error:
        services.ratings_confirm(
            committee=committee, year=YEAR, decisions=as_proposed(made), by=officer
        )
    assert undecided.member.full_name in refusal(error)
    assert not confirmed(committee)


def test_an_unknown_rating_is_refused(committee, cell, officer):
    made = evaluations(committee, cell, good=2)
    decisions = {made[0].pk: "excellent", made[1].pk: "good"}
    with pytest.raises(ValidationError) as error:
        services.ratings_confirm(committee=committee, year=YEAR, decisions=decisions, by=officer)
    assert "Choose a rating" in refusal(error)
    assert finals(committee) == ["", ""]


@pytest.mark.parametrize(
    ("percent", "ok", "working"),
    [
        (20, False, "7 xuất sắc > ⌊20% × 30⌋ = 6: bớt 1"),
        (25, True, "7 xuất sắc ≤ ⌊25% × 30⌋ = 7"),
        (10, False, "7 xuất sắc > ⌊10% × 30⌋ = 3: bớt 4"),
    ],
)
def test_the_quota_setting_changes_the_limit(committee, cell, officer, percent, ok, working):
    CommitteeSettings.objects.create(committee=committee, outstanding_quota_percent=percent)
    committee.refresh_from_db()
    made = evaluations(committee, cell, good=30, outstanding=7)
    assert services.quota_check([e.proposed_rating for e in made], committee).working == working
    if ok:
        check = services.ratings_confirm(
            committee=committee, year=YEAR, decisions=as_proposed(made), by=officer
        )
        assert check.working == working
        assert confirmed(committee)
    else:
        with pytest.raises(ValidationError) as error:
            services.ratings_confirm(
                committee=committee, year=YEAR, decisions=as_proposed(made), by=officer
            )
        assert working in refusal(error)
        assert not confirmed(committee)


def test_a_proposal_is_refused_after_confirmation(committee, cell, officer):
    members = [MemberFactory(committee=committee, cell=cell) for _n in range(5)]
    tally = {"votes_yes": 5, "votes_no": 0}  # the 5 official members
    proposed = [
        services.rating_propose(cell=cell, member=m, year=YEAR, rating="good", by=officer, **tally)
        for m in members
    ]
    assert proposed[0].proposed_by == officer
    services.ratings_confirm(
        committee=committee, year=YEAR, decisions=as_proposed(proposed), by=officer
    )
    with pytest.raises(ValidationError) as error:
        services.rating_propose(
            cell=cell, member=members[0], year=YEAR, rating="outstanding", by=officer, **tally
        )
    assert "confirmed this year's ratings" in refusal(error)
    assert Evaluation.objects.get(pk=proposed[0].pk).proposed_rating == "good"
    # Another year is still open.
    services.rating_propose(
        cell=cell, member=members[0], year=YEAR - 1, rating="good", by=officer, **tally
    )


def test_confirming_again_changes_the_decisions(committee, cell, officer):
    made = evaluations(committee, cell, good=10, outstanding=2)
    services.ratings_confirm(
        committee=committee, year=YEAR, decisions=as_proposed(made), by=officer
    )
    first = ReviewYear.objects.get(committee=committee, year=YEAR).confirmed_at
    lowered = next(e for e in made if e.proposed_rating == "outstanding")
    services.ratings_confirm(
        committee=committee, year=YEAR, decisions={lowered.pk: "good"}, by=officer
    )
    assert finals(committee).count("outstanding") == 1
    assert ReviewYear.objects.get(committee=committee, year=YEAR).confirmed_at >= first


def test_a_new_member_is_not_rated(committee, cell, officer):
    """Reviewed but not rated (admitted less than the setting's months before the review):
    the cell cannot propose a rating for her."""
    new = MemberFactory(
        committee=committee,
        cell=cell,
        status="probationary",
        admitted_on=datetime.date(YEAR, 7, 2),
        recognised_on=None,
    )
    with pytest.raises(ValidationError) as error:
        services.rating_propose(cell=cell, member=new, year=YEAR, rating="good", by=officer)
    assert "not rated this year" in refusal(error)
    assert not Evaluation.objects.filter(member=new).exists()
