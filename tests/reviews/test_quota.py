"""The outstanding quota and the rating bands (DOMAIN §7) — pure functions, no database."""

import pytest

from reviews import quota
from reviews.quota import COMPLETED, GOOD, NOT_COMPLETED, OUTSTANDING


def ratings(outstanding=0, good=0, completed=0, not_completed=0):
    return (
        [OUTSTANDING] * outstanding
        + [GOOD] * good
        + [COMPLETED] * completed
        + [NOT_COMPLETED] * not_completed
    )


def test_at_twenty_percent_exactly():
    check = quota.check(ratings(outstanding=6, good=30, completed=5, not_completed=1), 20)
    assert (check.outstanding, check.good, check.percent, check.allowed) == (6, 30, 20, 6)
    assert check.ok
    assert check.excess == 0
    assert check.working == "6 xuất sắc ≤ ⌊20% × 30⌋ = 6"


def test_one_over_is_refused_and_says_by_how_much():
    check = quota.check(ratings(outstanding=7, good=30), 20)
    assert check.allowed == 6
    assert not check.ok
    assert check.excess == 1
    assert check.working == "7 xuất sắc > ⌊20% × 30⌋ = 6: bớt 1"


def test_four_good_allow_none():
    check = quota.check(ratings(good=4, completed=3), 20)
    assert check.allowed == 0
    assert check.ok  # none outstanding: nothing to refuse
    one = quota.check(ratings(outstanding=1, good=4), 20)
    assert not one.ok
    assert one.working == "1 xuất sắc > ⌊20% × 4⌋ = 0: bớt 1"


def test_no_good_rating_allows_no_outstanding():
    assert quota.check([], 20).allowed == 0
    assert quota.check([], 20).ok
    check = quota.check(ratings(outstanding=2, completed=10), 20)
    assert (check.good, check.allowed, check.excess) == (0, 0, 2)


def test_outstanding_ones_do_not_count_as_good():
    # 5 good + 1 outstanding: ⌊20% × 5⌋ = 1 — the outstanding one is not among the "good".
    assert quota.check(ratings(outstanding=1, good=5), 20).ok
    assert not quota.check(ratings(outstanding=2, good=5), 20).ok


def test_blanks_are_ignored():
    check = quota.check(["", OUTSTANDING, GOOD, "", GOOD, GOOD, GOOD, GOOD], 20)
    assert (check.outstanding, check.good, check.allowed) == (1, 5, 1)


@pytest.mark.parametrize(
    ("percent", "good", "allowed"),
    [(20, 30, 6), (25, 30, 7), (10, 30, 3), (15, 30, 4), (0, 30, 0), (100, 30, 30), (20, 9, 1)],
)
def test_the_percent_is_a_setting(percent, good, allowed):
    check = quota.check(ratings(good=good), percent)
    assert check.allowed == allowed
    assert check.percent == percent


def test_percent_changed_changes_the_verdict():
    seven = ratings(outstanding=7, good=30)
    assert not quota.check(seven, 20).ok
    assert quota.check(seven, 25).ok
    assert quota.check(seven, 25).working == "7 xuất sắc ≤ ⌊25% × 30⌋ = 7"


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        quota.allowed_outstanding(-1, 20)
    with pytest.raises(ValueError):
        quota.allowed_outstanding(10, -5)


BANDS = {"outstanding_min": 90, "good_min": 70, "pass_min": 50}


@pytest.mark.parametrize(
    ("score", "rating"),
    [
        (100, OUTSTANDING),
        (90, OUTSTANDING),
        (89, GOOD),
        (70, GOOD),
        (69, COMPLETED),
        (50, COMPLETED),
        (49, NOT_COMPLETED),
        (0, NOT_COMPLETED),
    ],
)
def test_rating_for_score_at_the_band_edges(score, rating):
    assert quota.rating_for_score(score, **BANDS) == rating


def test_rating_bands_are_settings():
    bands = {"outstanding_min": 95, "good_min": 80, "pass_min": 60}
    assert quota.rating_for_score(94, **bands) == GOOD
    assert quota.rating_for_score(79, **bands) == COMPLETED
    assert quota.rating_for_score(59, **bands) == NOT_COMPLETED


# --- a self-rating above the band of its own score (issue 17 item 12) ---------------------------

BANDS = {"outstanding_min": 90, "good_min": 70, "pass_min": 50}


@pytest.mark.parametrize(
    ("rating", "score", "band"),
    [
        (OUTSTANDING, 85, GOOD),  # the example
        (OUTSTANDING, 89, GOOD),
        (OUTSTANDING, 49, NOT_COMPLETED),
        (GOOD, 69, COMPLETED),
        (COMPLETED, 10, NOT_COMPLETED),
        (OUTSTANDING, 90, None),  # supported
        (GOOD, 70, None),
        (GOOD, 95, None),  # modest: below the band, no warning
        (NOT_COMPLETED, 0, None),
        (OUTSTANDING, None, None),  # no score yet
        ("", 40, None),  # no rating yet
    ],
)
def test_rating_above_band(rating, score, band):
    assert quota.rating_above_band(rating, score, **BANDS) == band


def test_rating_above_band_follows_the_bands():
    assert quota.rating_above_band(OUTSTANDING, 85, **BANDS) == GOOD
    bands = {**BANDS, "outstanding_min": 85}
    assert quota.rating_above_band(OUTSTANDING, 85, **bands) is None
