"""What the Party Charter says of each kind of motion — điều lệ Đảng (DOMAIN §6), as plain values.

The values are those of `meetings.models.MotionKind` (and, for sanctions, of
`reviews.models.Discipline.Form`). No ORM and no request: the pure vote rules
(`meetings.decisions.vote_rules`), the models' constraints and forms, the vote service and the
discipline register all read these sets here, so each rule is written once.
"""

# Passed by the qualified majority ("at least" the fraction of the official members); every other
# kind by the ordinary majority ("more than half").
QUALIFIED_KINDS = frozenset({"admission", "recognition", "expulsion"})

# Voted by secret ballot only: discipline and elections.
SECRET_KINDS = frozenset({"reprimand", "warning", "dismissal", "expulsion", "election"})

# A probationary member holds no post and is disciplined only by a reprimand or a warning
# (Charter, Art. 35): no dismissal from post, no expulsion (she is removed from the roll instead).
NOT_FOR_PROBATIONARY = frozenset({"dismissal", "expulsion"})
