"""The vote rules engine (DOMAIN §6): `meetings/decisions/vote_rules.py` — pure, no database.

Table-driven: every kind × every edge (exactly half, one over; exactly two thirds, one under)
over bodies that differ by one kind of member (exempted present / absent, probationary, temporary
with the setting on and off, suspended, away, absent officials), each with d = 12. Then the
refusals, the working in Vietnamese (the worked example of DOMAIN §6), custom thresholds, and
hypothesis properties over random member lists.
"""

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from meetings.decisions.vote_rules import (
    AWAY,
    EXEMPTED,
    KINDS,
    OFFICIAL,
    PROBATIONARY,
    QUALIFIED_KINDS,
    SECRET_KINDS,
    SUSPENDED,
    TEMPORARY,
    Tally,
    Thresholds,
    VoteError,
    Voter,
    count,
)

RULES = Thresholds()
TEMPORARY_VOTE = Thresholds(temporary_members_vote=True)
ALL_KINDS = sorted(KINDS)


def body(*groups) -> list[Voter]:
    """body((OFFICIAL, True, 12), (EXEMPTED, False, 1)) — (status, present, how many)."""
    return [Voter(status, present) for status, present, n in groups for _ in range(n)]


def method_for(kind: str) -> str:
    return "secret" if kind in SECRET_KINDS else "hands"


def tally(kind: str, yes: int, no: int = 0, abstain: int = 0, method: str | None = None) -> Tally:
    """A tally for the kind's method; a secret ballot issues one valid ballot per vote."""
    if (method or method_for(kind)) == "secret":
        cast = yes + no + abstain
        return Tally(yes, no, abstain, issued=cast, valid=cast, invalid=0)
    return Tally(yes, no, abstain)


def run(kind, voters, t, rules=RULES, method=None):
    return count(kind, method or method_for(kind), voters, t, rules)


# --- every kind × every edge ---------------------------------------------------------------------

# (name, voters, rules, official, eligible present) — every body has d = 12.
BODIES = [
    ("12 official present", body((OFFICIAL, True, 12)), RULES, 12, 12),
    (
        "exempted present counts and votes",
        body((OFFICIAL, True, 11), (EXEMPTED, True, 1)),
        RULES,
        12,
        12,
    ),
    (
        "exempted absent is subtracted",
        body((OFFICIAL, True, 12), (EXEMPTED, False, 1)),
        RULES,
        13,
        12,
    ),
    (
        "probationary present and absent: not eligible, not in d",
        body((OFFICIAL, True, 12), (PROBATIONARY, True, 2), (PROBATIONARY, False, 1)),
        RULES,
        12,
        12,
    ),
    (
        "temporary members, setting off: no vote",
        body((OFFICIAL, True, 12), (TEMPORARY, True, 2)),
        RULES,
        12,
        12,
    ),
    (
        "temporary members, setting on: vote, not in d",
        body((OFFICIAL, True, 12), (TEMPORARY, True, 2)),
        TEMPORARY_VOTE,
        12,
        14,
    ),
    (
        "suspended present: subtracted, no vote",
        body((OFFICIAL, True, 12), (SUSPENDED, True, 1)),
        RULES,
        13,
        12,
    ),
    (
        "away on a temporary transfer: subtracted",
        body((OFFICIAL, True, 12), (AWAY, False, 2)),
        RULES,
        14,
        12,
    ),
    (
        "absent official members stay in d",
        body((OFFICIAL, True, 8), (OFFICIAL, False, 4)),
        RULES,
        12,
        8,
    ),
]
# d = 12: "more than half" needs 7 (6 is exactly half); "at least two thirds" needs 8 (7 is one
# under, 8 is exactly two thirds).
EDGES = {
    "majority": [(6, False, "exactly half"), (7, True, "one over half")],
    "qualified": [(7, False, "one under two thirds"), (8, True, "exactly two thirds")],
}
CASES = [
    pytest.param(kind, voters, rules, official, eligible, yes, passed, id=f"{kind}-{name}-{edge}")
    for kind in ALL_KINDS
    for name, voters, rules, official, eligible in BODIES
    for yes, passed, edge in EDGES["qualified" if kind in QUALIFIED_KINDS else "majority"]
]


@pytest.mark.parametrize(
    ("kind", "voters", "rules", "official", "eligible", "yes", "passed"), CASES
)
def test_every_kind_at_every_edge(kind, voters, rules, official, eligible, yes, passed):
    no = min(eligible - yes, 1)
    outcome = run(kind, voters, tally(kind, yes, no), rules)
    assert outcome.denominator == 12
    assert outcome.official == official
    assert outcome.eligible_present == eligible
    assert outcome.passed is passed
    assert outcome.strict is (kind not in QUALIFIED_KINDS)
    assert outcome.working.endswith("→ thông qua" if passed else "→ không thông qua")


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_the_subtracted_groups_are_counted_apart(kind):
    voters = body(
        (OFFICIAL, True, 10),
        (EXEMPTED, True, 1),
        (EXEMPTED, False, 2),
        (SUSPENDED, False, 1),
        (AWAY, False, 3),
        (PROBATIONARY, True, 4),
    )
    outcome = run(kind, voters, tally(kind, 11))
    assert (outcome.official, outcome.away, outcome.exempted_absent, outcome.suspended) == (
        17,
        3,
        2,
        1,
    )
    assert outcome.denominator == 11
    assert outcome.eligible_present == 11
    assert outcome.passed


# --- who may vote: a tally above the eligible members present is refused ---------------------


@pytest.mark.parametrize(
    ("voters", "rules", "eligible"),
    [
        (body((OFFICIAL, True, 5), (PROBATIONARY, True, 3)), RULES, 5),
        (body((OFFICIAL, True, 5), (SUSPENDED, True, 2)), RULES, 5),
        (body((OFFICIAL, True, 5), (TEMPORARY, True, 2)), RULES, 5),
        (body((OFFICIAL, True, 5), (TEMPORARY, True, 2)), TEMPORARY_VOTE, 7),
        (body((OFFICIAL, True, 5), (EXEMPTED, True, 1), (EXEMPTED, False, 1)), RULES, 6),
        (body((OFFICIAL, True, 3), (OFFICIAL, False, 4), (AWAY, True, 1)), RULES, 3),
    ],
    ids=[
        "probationary",
        "suspended present",
        "temporary off",
        "temporary on",
        "exempted",
        "absent and away",
    ],
)
@pytest.mark.parametrize("kind", ["ordinary", "warning"])
def test_a_tally_above_the_eligible_members_present_is_refused(kind, voters, rules, eligible):
    assert run(kind, voters, tally(kind, eligible), rules).eligible_present == eligible
    assert run(kind, voters, tally(kind, 1, eligible - 2, 1), rules).eligible_present == eligible
    with pytest.raises(VoteError) as refused:
        run(kind, voters, tally(kind, eligible + 1), rules)
    # A secret ballot is refused at its ballots already: more issued than members who may vote.
    assert refused.value.field == ("issued" if kind in SECRET_KINDS else "yes")
    with pytest.raises(VoteError):
        run(kind, voters, tally(kind, 0, eligible, 1), rules)


@pytest.mark.parametrize("field", ["yes", "no", "abstain"])
def test_negative_counts_are_refused(field):
    values = {"yes": 3, "no": 1, "abstain": 0, field: -1}
    with pytest.raises(VoteError) as refused:
        count("ordinary", "hands", body((OFFICIAL, True, 5)), Tally(**values), RULES)
    assert refused.value.field == field


@pytest.mark.parametrize("field", ["issued", "valid", "invalid"])
def test_negative_ballots_are_refused(field):
    values = {"issued": 5, "valid": 5, "invalid": 0, field: -1}
    with pytest.raises(VoteError) as refused:
        count("warning", "secret", body((OFFICIAL, True, 5)), Tally(3, 1, **values), RULES)
    assert refused.value.field == field


@pytest.mark.parametrize("value", ["3", 2.0, True, None])
def test_counts_must_be_whole_numbers(value):
    with pytest.raises(VoteError) as refused:
        count("ordinary", "hands", body((OFFICIAL, True, 5)), Tally(value, 0), RULES)
    assert refused.value.field == "yes"


# --- method and ballots ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(SECRET_KINDS))
def test_discipline_expulsion_and_elections_need_a_secret_ballot(kind):
    assert set(SECRET_KINDS) == {"reprimand", "warning", "dismissal", "expulsion", "election"}
    with pytest.raises(VoteError) as refused:
        count(kind, "hands", body((OFFICIAL, True, 5)), Tally(5, 0), RULES)
    assert refused.value.field == "method"


@pytest.mark.parametrize("kind", ["ordinary", "admission", "recognition"])
@pytest.mark.parametrize("method", ["hands", "secret"])
def test_other_kinds_take_either_method(kind, method):
    outcome = run(kind, body((OFFICIAL, True, 5)), tally(kind, 4, 1, method=method), method=method)
    assert outcome.passed


def test_unknown_kind_or_method_is_refused():
    with pytest.raises(VoteError) as refused:
        count("coup", "hands", body((OFFICIAL, True, 5)), Tally(5, 0), RULES)
    assert refused.value.field == "kind"
    with pytest.raises(VoteError) as refused:
        count("ordinary", "acclamation", body((OFFICIAL, True, 5)), Tally(5, 0), RULES)
    assert refused.value.field == "method"


def test_a_show_of_hands_has_no_ballots():
    with pytest.raises(VoteError) as refused:
        count("ordinary", "hands", body((OFFICIAL, True, 5)), Tally(5, 0, issued=5), RULES)
    assert refused.value.field == "issued"
    with pytest.raises(VoteError):
        count("ordinary", "hands", body((OFFICIAL, True, 5)), Tally(5, 0, valid=0), RULES)


@pytest.mark.parametrize(
    ("ballots", "field"),
    [
        ({"issued": None, "valid": 5, "invalid": 0}, "issued"),
        ({"issued": 5, "valid": None, "invalid": 0}, "valid"),
        ({"issued": 5, "valid": 5, "invalid": None}, "invalid"),
        ({"issued": 5, "valid": 4, "invalid": 0}, "valid"),  # 4 + 0 ≠ 5
        ({"issued": 4, "valid": 4, "invalid": 1}, "valid"),  # 4 + 1 ≠ 4
        ({"issued": 6, "valid": 6, "invalid": 0}, "issued"),  # 6 issued, 5 may vote
        ({"issued": 5, "valid": 3, "invalid": 2}, "yes"),  # 4 votes on 3 valid ballots
    ],
)
def test_secret_ballots_must_add_up(ballots, field):
    with pytest.raises(VoteError) as refused:
        count("warning", "secret", body((OFFICIAL, True, 5)), Tally(3, 1, **ballots), RULES)
    assert refused.value.field == field


def test_a_secret_ballot_with_invalid_and_blank_ballots():
    voters = body((OFFICIAL, True, 9), (OFFICIAL, False, 1))
    outcome = count(
        "reprimand", "secret", voters, Tally(6, 1, 0, issued=9, valid=8, invalid=1), RULES
    )
    assert outcome.passed  # 2·6 > 10
    assert outcome.eligible_present == 9
    assert outcome.working == "10 đảng viên chính thức → 10; 6 tán thành > 10/2 → thông qua"


# --- the working, in Vietnamese ------------------------------------------------------------------


def test_the_worked_example_of_domain_6():
    """ "31 đảng viên chính thức, 2 miễn sinh hoạt vắng mặt → 29; 25 tán thành > 29/2 →
    thông qua"."""
    voters = body((OFFICIAL, True, 29), (EXEMPTED, False, 2))
    outcome = count("ordinary", "hands", voters, Tally(25, 3, 1), RULES)
    assert outcome.working == (
        "31 đảng viên chính thức, 2 miễn sinh hoạt vắng mặt → 29; 25 tán thành > 29/2 → thông qua"
    )
    assert (outcome.official, outcome.exempted_absent, outcome.denominator) == (31, 2, 29)
    assert (outcome.numerator, outcome.threshold_denominator, outcome.strict) == (1, 2, True)
    assert outcome.passed


def test_working_when_not_passed_and_every_group_is_subtracted():
    voters = body(
        (OFFICIAL, True, 20), (AWAY, False, 1), (EXEMPTED, False, 2), (SUSPENDED, False, 1)
    )
    outcome = count("ordinary", "hands", voters, Tally(10, 10), RULES)
    assert outcome.working == (
        "24 đảng viên chính thức, 1 chuyển sinh hoạt tạm thời đi nơi khác, 2 miễn sinh hoạt "
        "vắng mặt, 1 bị đình chỉ sinh hoạt → 20; 10 tán thành ≤ 20/2 → không thông qua"
    )


def test_working_of_a_qualified_majority_in_integers():
    """2/3 of 29 is 19.33…: 20 passes (60 ≥ 58), 19 does not (57 < 58) — never a float."""
    voters = body((OFFICIAL, True, 29))
    passed = count("admission", "hands", voters, Tally(20, 9), RULES)
    failed = count("admission", "hands", voters, Tally(19, 10), RULES)
    assert passed.passed and not failed.passed
    assert passed.working == "29 đảng viên chính thức → 29; 20 tán thành ≥ 2/3 × 29 → thông qua"
    assert failed.working == (
        "29 đảng viên chính thức → 29; 19 tán thành < 2/3 × 29 → không thông qua"
    )


def test_a_body_with_nobody_to_count_passes_nothing():
    voters = body((EXEMPTED, False, 2), (PROBATIONARY, True, 2), (TEMPORARY, True, 1))
    for kind in ("ordinary", "admission"):
        outcome = count(kind, "hands", voters, Tally(1, 0), TEMPORARY_VOTE)
        assert outcome.denominator == 0
        assert not outcome.passed
        assert outcome.working == (
            "2 đảng viên chính thức, 2 miễn sinh hoạt vắng mặt → 0; không có đảng viên có quyền "
            "biểu quyết → không thông qua"
        )


def test_custom_thresholds():
    """A committee that sets "more than 3/5" and "at least 3/4" (d = 10)."""
    rules = Thresholds(
        majority_numerator=3,
        majority_denominator=5,
        qualified_numerator=3,
        qualified_denominator=4,
    )
    voters = body((OFFICIAL, True, 10))
    assert not count("ordinary", "hands", voters, Tally(6, 4), rules).passed  # 30 > 30: no
    outcome = count("ordinary", "hands", voters, Tally(7, 3), rules)
    assert outcome.passed
    assert outcome.working == "10 đảng viên chính thức → 10; 7 tán thành > 3/5 × 10 → thông qua"
    assert (outcome.numerator, outcome.threshold_denominator) == (3, 5)
    assert not count("recognition", "hands", voters, Tally(7, 3), rules).passed  # 28 ≥ 30: no
    outcome = count("recognition", "hands", voters, Tally(8, 2), rules)  # 32 ≥ 30
    assert outcome.passed
    assert outcome.working == "10 đảng viên chính thức → 10; 8 tán thành ≥ 3/4 × 10 → thông qua"


def test_discipline_and_expulsion_have_their_own_thresholds():
    """Discipline: "more than" its own pair; expulsion: "at least" its own pair — whatever the
    ordinary and qualified majorities are (d = 10)."""
    voters = body((OFFICIAL, True, 10))
    others = Thresholds(
        majority_numerator=3,
        majority_denominator=4,
        qualified_numerator=9,
        qualified_denominator=10,
    )
    assert count("warning", "secret", voters, tally("warning", 6), others).passed  # 12 > 10
    assert count("expulsion", "secret", voters, tally("expulsion", 7), others).passed  # 21 ≥ 20
    own = Thresholds(
        discipline_numerator=2,
        discipline_denominator=3,
        expulsion_numerator=3,
        expulsion_denominator=4,
    )
    for kind in ("reprimand", "warning", "dismissal"):
        assert not count(kind, "secret", voters, tally(kind, 6), own).passed  # 18 > 20: no
        outcome = count(kind, "secret", voters, tally(kind, 7), own)  # 21 > 20
        assert outcome.passed and outcome.strict
        assert outcome.working.endswith("7 tán thành > 2/3 × 10 → thông qua")
    assert not count("expulsion", "secret", voters, tally("expulsion", 7), own).passed  # 28 < 30
    outcome = count("expulsion", "secret", voters, tally("expulsion", 8), own)  # 32 ≥ 30
    assert outcome.passed and not outcome.strict
    assert outcome.working.endswith("8 tán thành ≥ 3/4 × 10 → thông qua")
    # Ordinary, admission and recognition keep theirs.
    assert count("ordinary", "hands", voters, Tally(6, 4), own).passed
    assert count("admission", "hands", voters, Tally(7, 3), own).passed


# --- properties over random member lists ---------------------------------------------------------

STATUSES = [OFFICIAL, EXEMPTED, SUSPENDED, AWAY, PROBATIONARY, TEMPORARY]
voters_st = st.lists(
    st.builds(Voter, status=st.sampled_from(STATUSES), present=st.booleans()), max_size=40
)
rules_st = st.builds(
    lambda a, b, c, e, temporary: Thresholds(
        majority_numerator=min(a, b - 1),
        majority_denominator=b,
        qualified_numerator=min(c, e),
        qualified_denominator=e,
        temporary_members_vote=temporary,
    ),
    st.integers(1, 4),
    st.integers(2, 5),
    st.integers(1, 4),
    st.integers(1, 5),
    st.booleans(),
)


def eligible_present(voters, rules) -> int:
    """Counted here, apart from the engine: official and exempted members present, temporary
    ones when the rules let them vote."""
    voting = {OFFICIAL, EXEMPTED} | ({TEMPORARY} if rules.temporary_members_vote else set())
    return sum(1 for v in voters if v.present and v.status in voting)


@st.composite
def votes_st(draw):
    """(kind, method, voters, tally, rules) with a tally valid for the voters."""
    voters = draw(voters_st)
    rules = draw(rules_st)
    kind = draw(st.sampled_from(ALL_KINDS))
    method = "secret" if kind in SECRET_KINDS else draw(st.sampled_from(["hands", "secret"]))
    eligible = eligible_present(voters, rules)
    yes = draw(st.integers(0, eligible))
    no = draw(st.integers(0, eligible - yes))
    abstain = draw(st.integers(0, eligible - yes - no))
    if method == "secret":
        issued = draw(st.integers(yes + no + abstain, eligible))
        valid = draw(st.integers(yes + no + abstain, issued))
        t = Tally(yes, no, abstain, issued=issued, valid=valid, invalid=issued - valid)
    else:
        t = Tally(yes, no, abstain)
    return kind, method, voters, t, rules


@settings(max_examples=50, deadline=None)
@given(votes_st(), st.lists(st.booleans(), min_size=1, max_size=10), st.randoms())
def test_adding_probationary_members_never_changes_the_result(vote, present, random):
    kind, method, voters, t, rules = vote
    before = count(kind, method, voters, t, rules)
    more = list(voters)
    for p in present:
        more.insert(random.randint(0, len(more)), Voter(PROBATIONARY, p))
    after = count(kind, method, more, t, rules)
    assert after == before  # the same d, result, eligible voters and working


@settings(max_examples=50, deadline=None)
@given(votes_st(), st.integers(1, 5))
def test_adding_an_absent_exempted_member_never_changes_the_result(vote, n):
    kind, method, voters, t, rules = vote
    before = count(kind, method, voters, t, rules)
    after = count(kind, method, voters + [Voter(EXEMPTED, False)] * n, t, rules)
    assert (after.passed, after.denominator, after.eligible_present) == (
        before.passed,
        before.denominator,
        before.eligible_present,
    )
    assert after.official == before.official + n
    assert after.exempted_absent == before.exempted_absent + n


@settings(max_examples=50, deadline=None)
@given(votes_st())
def test_the_denominator_never_exceeds_the_official_members(vote):
    kind, method, voters, t, rules = vote
    outcome = count(kind, method, voters, t, rules)
    official = sum(1 for v in voters if v.status in (OFFICIAL, EXEMPTED, SUSPENDED, AWAY))
    assert outcome.official == official
    assert 0 <= outcome.denominator <= official
    assert outcome.eligible_present == eligible_present(voters, rules)


@settings(max_examples=50, deadline=None)
@given(voters_st, rules_st, st.sampled_from(ALL_KINDS))
def test_passed_is_monotone_in_yes(voters, rules, kind):
    eligible = eligible_present(voters, rules)
    assume(eligible > 0)
    results = [
        count(kind, method_for(kind), voters, tally(kind, yes), rules).passed
        for yes in range(eligible + 1)
    ]
    assert results == sorted(results)  # False… then True…
    assert not results[0]
