"""What the Party Charter says of each kind of motion — điều lệ Đảng (DOMAIN §6), as plain values.

The values are those of `meetings.models.MotionKind` (and, for sanctions, of
`reviews.models.Discipline.Form`). No ORM and no request: the pure vote rules
(`meetings.decisions.vote_rules`), the models' constraints and forms, the vote service and the
discipline register all read these sets here, so each rule is written once.
"""

# Passed by "at least" a fraction of the official members (admission and recognition: the
# qualified majority, 2/3; a proposal to expel: its own setting, 2/3); every other kind by "more
# than" a fraction (ordinary: the ordinary majority, 1/2; discipline: its own setting, 1/2).
QUALIFIED_KINDS = frozenset({"admission", "recognition", "expulsion"})

# Discipline short of expulsion (reprimand, warning, dismissal from post): "more than" the
# committee's discipline threshold; a proposal to expel: "at least" its expulsion threshold.
DISCIPLINE_KINDS = frozenset({"reprimand", "warning", "dismissal"})
EXPULSION = "expulsion"

# Voted by secret ballot only: discipline and elections.
SECRET_KINDS = frozenset({"reprimand", "warning", "dismissal", "expulsion", "election"})

# A probationary member holds no post and is disciplined only by a reprimand or a warning
# (Charter, Art. 35): no dismissal from post, no expulsion (she is removed from the roll instead).
NOT_FOR_PROBATIONARY = frozenset({"dismissal", "expulsion"})
