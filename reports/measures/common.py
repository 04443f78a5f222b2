"""What the measures share — and with them the committee dashboard, the year report and the coming
periodic reports and superior's view: the meetings that count as held, the bodies with a row in
the matrix and the rows' keys, the attendance of regular meetings, the topic sessions, the
meeting-quality grades."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Count, F, Q

from meetings.models import Attendance, Body, Kind, Meeting, Minutes, Status
from meetings.record.minutes import quality_grade

# A meeting is held once its record is started (held) or its minutes approved.
HELD = (Status.HELD, Status.APPROVED)
# The bodies with a row in the matrix (the whole committee holds conferences, not monthly meetings).
ROW_BODIES = (Body.CELL, Body.EXECUTIVE)
EXECUTIVE_KEY = "executive"
# The four scores of the minutes whose sum is graded (DOMAIN §7).
QUALITY_SCORES = ("quality_preparation", "quality_attendance", "quality_conduct", "quality_closing")


def row_key(body: str, cell_id: int | None) -> str:
    """The `MatrixRow.key` of a meeting's holder: "cell-<pk>" or "executive"."""
    return f"cell-{cell_id}" if body == Body.CELL else EXECUTIVE_KEY


def _regular_attendance(committee):
    return Attendance.objects.filter(
        meeting__committee=committee, meeting__kind=Kind.REGULAR, meeting__body__in=ROW_BODIES
    )


def regular_attendance(committee, year: int):
    """The attendance rows of the year's regular meetings of the matrix's bodies."""
    return _regular_attendance(committee).filter(meeting__month__year=year)


def regular_attendance_between(committee, first: datetime.date, last: datetime.date):
    """The attendance rows of the regular meetings of the matrix's bodies that count for the
    months `first`..`last` (first days of months)."""
    return _regular_attendance(committee).filter(
        meeting__month__gte=first, meeting__month__lte=last
    )


def _held_topic_sessions():
    return Meeting.objects.filter(body=Body.CELL, status__in=HELD).filter(
        Q(kind=Kind.TOPIC) | Q(kind=Kind.REGULAR, includes_topic=True)
    )


def topic_sessions(committee):
    """The cells' held topic sessions: a meeting of kind topic, or a regular meeting including
    one (DOMAIN §5)."""
    return _held_topic_sessions().filter(committee=committee)


def topic_sessions_of(committee_ids):
    """The same, of several committees at once (the superior's view, `matrix.compliance_matrices`)."""
    return _held_topic_sessions().filter(committee_id__in=committee_ids)


def quality_counts(committee, first: datetime.date, last: datetime.date, *, rules) -> dict:
    """{(row key, grade): meetings} — the held meetings of any kind of the matrix's bodies in the
    months `first`..`last` whose minutes carry a full score, graded by the committee's bands
    (`meetings.record.minutes.quality_grade`). One query: the minutes counted per holder and score.
    """
    scored = Q(**{f"{name}__isnull": False for name in QUALITY_SCORES})
    counts = defaultdict(int)
    for group in (
        Minutes.objects.filter(
            scored,
            meeting__committee=committee,
            meeting__body__in=ROW_BODIES,
            meeting__status__in=HELD,
            meeting__month__gte=first,
            meeting__month__lte=last,
        )
        .annotate(total=sum((F(name) for name in QUALITY_SCORES[1:]), F(QUALITY_SCORES[0])))
        .order_by()
        .values("meeting__body", "meeting__cell_id", "total")
        .annotate(n=Count("pk"))
    ):
        key = row_key(group["meeting__body"], group["meeting__cell_id"])
        counts[key, quality_grade(group["total"], rules)] += group["n"]
    return counts
