"""The outstanding-ratings quota (DOMAIN §7) and the rating bands — pure functions, no database.

A self-assessment may propose a rating above the band of its own self-score (85 and
"outstanding"): allowed — the cell decides — but `rating_above_band` says so, with the band.

Allowed outstanding = ⌊quota% × number rated "good"⌋, where "good" does not count the outstanding
ones: 30 good → at most 6; 4 good → 0. Computed in integers: ⌊p × g / 100⌋ = (p·g) // 100.
"""

from dataclasses import dataclass

OUTSTANDING = "outstanding"
GOOD = "good"
COMPLETED = "completed"
NOT_COMPLETED = "not_completed"


@dataclass(frozen=True)
class QuotaCheck:
    outstanding: int
    good: int
    percent: int
    allowed: int

    @property
    def ok(self) -> bool:
        return self.outstanding <= self.allowed

    @property
    def excess(self) -> int:
        return max(0, self.outstanding - self.allowed)

    @property
    def working(self) -> str:
        """ "7 xuất sắc > ⌊20% × 30⌋ = 6: bớt 1" (Vietnamese, as the committee writes it)."""
        sign = "≤" if self.ok else ">"
        text = (
            f"{self.outstanding} xuất sắc {sign} ⌊{self.percent}% × {self.good}⌋ = {self.allowed}"
        )
        return text if self.ok else f"{text}: bớt {self.excess}"


def allowed_outstanding(good: int, percent: int) -> int:
    if good < 0 or percent < 0:
        raise ValueError("counts and the quota are not negative")
    return (percent * good) // 100


def check(ratings, percent: int) -> QuotaCheck:
    """The quota check of a set of ratings (an iterable of rating values; blanks are ignored)."""
    ratings = list(ratings)
    outstanding = sum(1 for r in ratings if r == OUTSTANDING)
    good = sum(1 for r in ratings if r == GOOD)
    return QuotaCheck(
        outstanding=outstanding,
        good=good,
        percent=percent,
        allowed=allowed_outstanding(good, percent),
    )


def rating_for_score(score: int, *, outstanding_min: int, good_min: int, pass_min: int) -> str:
    """The band a score falls in: ≥ 90 outstanding, 70–89 good, 50–69 completed, < 50 not."""
    if score >= outstanding_min:
        return OUTSTANDING
    if score >= good_min:
        return GOOD
    if score >= pass_min:
        return COMPLETED
    return NOT_COMPLETED


# From the lowest rating to the highest.
RATING_ORDER = (NOT_COMPLETED, COMPLETED, GOOD, OUTSTANDING)


def rating_above_band(
    rating: str, score: int | None, *, outstanding_min: int, good_min: int, pass_min: int
) -> str | None:
    """The band her score falls in when the rating she proposes is above it ("outstanding" at
    85/100 → "good"); None when the score supports the rating, or with no rating or no score."""
    if score is None or rating not in RATING_ORDER:
        return None
    band = rating_for_score(
        score, outstanding_min=outstanding_min, good_min=good_min, pass_min=pass_min
    )
    return band if RATING_ORDER.index(rating) > RATING_ORDER.index(band) else None
