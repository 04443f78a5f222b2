"""The Party Charter's vote rules (DOMAIN §6) — pure functions, no database access.

Input: the members of the meeting's body on the meeting date (each with her status that day and
whether she attended), the motion's kind and method, the tally and the committee's thresholds.
Output: who was eligible, the denominator, the threshold, whether it passed, and the working in
Vietnamese words, as DOMAIN §6 writes it: "31 đảng viên chính thức, 2 miễn sinh hoạt vắng mặt →
29; 25 tán thành > 29/2 → thông qua".

- Eligible voters: official members present (an exempted member who attends votes); probationary
  members never; temporary (hosted) members only if the committee allows it; suspended members
  and members away on a temporary transfer never.
- Denominator d: the official members of the body, minus those on temporary transfer elsewhere,
  exempted members who are absent, and suspended members. Temporary (hosted) members are not
  members of the body (DOMAIN §3: not in its headcount): when the committee lets them vote they
  are counted among the eligible voters present — their votes are in the tally — but never in d,
  so d never exceeds the official members.
- Thresholds, compared in integers against the same d: "more than a/b" is `b·yes > a·d`; "at
  least c/e" is `e·yes ≥ c·d`. Each kind has its own pair (settings): an ordinary resolution
  "more than" the ordinary majority; admission and recognition "at least" the qualified
  majority; discipline (reprimand, warning, dismissal) "more than" the discipline threshold; a
  proposal to expel "at least" the expulsion threshold. A body with d = 0 passes nothing.
- Refused (`VoteError`, naming the field): an unknown kind or method; a secret kind (discipline,
  expulsion, election) by show of hands; a negative or non-integer count; a tally larger than the
  eligible members present; a show of hands with ballots; a secret ballot whose ballots do not add
  up (valid + invalid = issued, issued ≤ eligible present, votes ≤ valid ballots).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from meetings.charter import DISCIPLINE_KINDS, EXPULSION, QUALIFIED_KINDS, SECRET_KINDS

# Member statuses (the values of members.models.Status) this module reasons about.
OFFICIAL = "official"
PROBATIONARY = "probationary"
TEMPORARY = "temporary"
EXEMPTED = "exempted"
SUSPENDED = "suspended"
AWAY = "away"
# Counted among the official members of the body (then some are subtracted).
OFFICIAL_POOL = frozenset({OFFICIAL, EXEMPTED, SUSPENDED, AWAY})

HANDS = "hands"
SECRET = "secret"
METHODS = frozenset({HANDS, SECRET})

# Motion kinds (the values of meetings.models.MotionKind); which need the qualified majority
# ("at least") and which a secret ballot is the Charter's (`meetings.charter`).
KINDS = frozenset(
    {
        "ordinary",
        "admission",
        "recognition",
        "reprimand",
        "warning",
        "dismissal",
        "expulsion",
        "election",
    }
)
COUNTS = ("yes", "no", "abstain", "issued", "valid", "invalid")


class VoteError(ValueError):
    """The tally or the motion is impossible; `field` names what is wrong (for a form)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class Voter:
    """One member of the body on the meeting date."""

    status: str
    present: bool


@dataclass(frozen=True)
class Tally:
    yes: int
    no: int
    abstain: int = 0
    # A secret ballot also counts the ballots.
    issued: int | None = None
    valid: int | None = None
    invalid: int | None = None

    @property
    def cast(self):
        return self.yes + self.no + self.abstain


@dataclass(frozen=True)
class Thresholds:
    """The committee's rules: "more than a/b" (ordinary), "at least c/e" (qualified: admission,
    recognition), "more than" the discipline pair and "at least" the expulsion pair."""

    majority_numerator: int = 1
    majority_denominator: int = 2
    qualified_numerator: int = 2
    qualified_denominator: int = 3
    temporary_members_vote: bool = False
    discipline_numerator: int = 1
    discipline_denominator: int = 2
    expulsion_numerator: int = 2
    expulsion_denominator: int = 3

    def for_kind(self, kind: str) -> tuple[int, int, bool]:
        """(numerator, denominator, strict) of the kind: strict is "more than", else "at
        least"."""
        if kind == EXPULSION:
            return self.expulsion_numerator, self.expulsion_denominator, False
        if kind in DISCIPLINE_KINDS:
            return self.discipline_numerator, self.discipline_denominator, True
        if kind in QUALIFIED_KINDS:
            return self.qualified_numerator, self.qualified_denominator, False
        return self.majority_numerator, self.majority_denominator, True


@dataclass(frozen=True)
class Outcome:
    official: int  # official members of the body (exempted, suspended and away ones included)
    away: int
    exempted_absent: int
    suspended: int
    temporary: int  # temporary (hosted) members present who voted here (the setting allows it)
    denominator: int
    eligible_present: int
    numerator: int
    threshold_denominator: int
    strict: bool  # "more than" (True) or "at least" (False)
    passed: bool
    working: str


def is_eligible(voter: Voter, rules: Thresholds) -> bool:
    """May vote if present: official and exempted members; temporary ones if the rules allow."""
    if voter.status in (OFFICIAL, EXEMPTED):
        return True
    return voter.status == TEMPORARY and rules.temporary_members_vote


def _check_counts(tally: Tally) -> None:
    for name in COUNTS:
        value = getattr(tally, name)
        if value is None and name in ("yes", "no", "abstain"):
            raise VoteError(_("Enter a number."), name)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise VoteError(_("Enter a whole number."), name)
        if value is not None and value < 0:
            raise VoteError(_("A count cannot be negative."), name)


def _check_tally(tally: Tally, method: str, eligible_present: int) -> None:
    _check_counts(tally)
    cast = tally.cast
    if method == SECRET:
        for name in ("issued", "valid", "invalid"):
            if getattr(tally, name) is None:
                raise VoteError(
                    _("A secret ballot needs the ballots issued, valid and invalid."), name
                )
        if tally.issued > eligible_present:
            raise VoteError(
                _("%(issued)s ballots issued, but only %(present)s members present may vote.")
                % {"issued": tally.issued, "present": eligible_present},
                "issued",
            )
        if tally.valid + tally.invalid != tally.issued:
            raise VoteError(
                _(
                    "Valid ballots (%(valid)s) and invalid ballots (%(invalid)s) must add up to "
                    "the ballots issued (%(issued)s)."
                )
                % {"valid": tally.valid, "invalid": tally.invalid, "issued": tally.issued},
                "valid",
            )
        if cast > tally.valid:
            raise VoteError(
                _("%(cast)s votes counted, but only %(valid)s valid ballots.")
                % {"cast": cast, "valid": tally.valid},
                "yes",
            )
    elif any(getattr(tally, name) is not None for name in ("issued", "valid", "invalid")):
        raise VoteError(
            _("A show of hands has no ballots: leave the ballot counts empty."), "issued"
        )
    if cast > eligible_present:
        raise VoteError(
            _(
                "%(cast)s votes in all (in favour, against, abstaining), but only %(present)s "
                "members present may vote."
            )
            % {"cast": cast, "present": eligible_present},
            "yes",
        )


def _working(
    *,
    official: int,
    away: int,
    exempted_absent: int,
    suspended: int,
    denominator: int,
    yes: int,
    numerator: int,
    over: int,
    strict: bool,
    passed: bool,
) -> str:
    """ "31 đảng viên chính thức, 2 miễn sinh hoạt vắng mặt → 29; 25 tán thành > 29/2 → thông
    qua" (DOMAIN §6): the official members, each group subtracted, d, then the comparison as it
    came out (> or ≥ when passed, ≤ or < when not)."""
    parts = [f"{official} đảng viên chính thức"]
    if away:
        parts.append(f"{away} chuyển sinh hoạt tạm thời đi nơi khác")
    if exempted_absent:
        parts.append(f"{exempted_absent} miễn sinh hoạt vắng mặt")
    if suspended:
        parts.append(f"{suspended} bị đình chỉ sinh hoạt")
    verdict = "thông qua" if passed else "không thông qua"
    if denominator == 0:
        return f"{', '.join(parts)} → 0; không có đảng viên có quyền biểu quyết → {verdict}"
    sign = (">" if passed else "≤") if strict else ("≥" if passed else "<")
    # "29/2" for "more than half"; "2/3 × 29" for "at least two thirds".
    target = f"{denominator}/{over}" if numerator == 1 else f"{numerator}/{over} × {denominator}"
    return f"{', '.join(parts)} → {denominator}; {yes} tán thành {sign} {target} → {verdict}"


def count(kind: str, method: str, voters: list[Voter], tally: Tally, rules: Thresholds) -> Outcome:
    """The result of a vote, with its working (see the module's docstring)."""
    if kind not in KINDS:
        raise VoteError(_("Choose what is voted on."), "kind")
    if method not in METHODS:
        raise VoteError(_("Choose a show of hands or a secret ballot."), "method")
    if kind in SECRET_KINDS and method != SECRET:
        raise VoteError(
            _("Discipline, expulsion and elections are voted by secret ballot."), "method"
        )

    pool = [v for v in voters if v.status in OFFICIAL_POOL]
    official = len(pool)
    away = sum(1 for v in pool if v.status == AWAY)
    suspended = sum(1 for v in pool if v.status == SUSPENDED)
    exempted_absent = sum(1 for v in pool if v.status == EXEMPTED and not v.present)
    denominator = official - away - suspended - exempted_absent
    eligible = [v for v in voters if v.present and is_eligible(v, rules)]
    eligible_present = len(eligible)
    temporary = sum(1 for v in eligible if v.status == TEMPORARY)
    _check_tally(tally, method, eligible_present)

    numerator, over, strict = rules.for_kind(kind)
    if strict:
        passed = over * tally.yes > numerator * denominator
    else:
        passed = over * tally.yes >= numerator * denominator
    if denominator == 0:
        passed = False

    return Outcome(
        official=official,
        away=away,
        exempted_absent=exempted_absent,
        suspended=suspended,
        temporary=temporary,
        denominator=denominator,
        eligible_present=eligible_present,
        numerator=numerator,
        threshold_denominator=over,
        strict=strict,
        passed=passed,
        working=_working(
            official=official,
            away=away,
            exempted_absent=exempted_absent,
            suspended=suspended,
            denominator=denominator,
            yes=tally.yes,
            numerator=numerator,
            over=over,
            strict=strict,
            passed=passed,
        ),
    )
