"""What the dashboard's selectors share: the meetings that count as held, the bodies with a row
in the matrix and the rows' keys, the attendance of a year's regular meetings."""

from __future__ import annotations

from meetings.models import Attendance, Body, Kind, Status

# A meeting is held once its record is started (held) or its minutes approved.
HELD = (Status.HELD, Status.APPROVED)
# The bodies with a row in the matrix (the whole committee holds conferences, not monthly meetings).
ROW_BODIES = (Body.CELL, Body.EXECUTIVE)
EXECUTIVE_KEY = "executive"


def row_key(body: str, cell_id: int | None) -> str:
    """The `MatrixRow.key` of a meeting's holder: "cell-<pk>" or "executive"."""
    return f"cell-{cell_id}" if body == Body.CELL else EXECUTIVE_KEY


def regular_attendance(committee, year: int):
    """The attendance rows of the year's regular meetings of the matrix's bodies."""
    return Attendance.objects.filter(
        meeting__committee=committee,
        meeting__kind=Kind.REGULAR,
        meeting__body__in=ROW_BODIES,
        meeting__month__year=year,
    )
