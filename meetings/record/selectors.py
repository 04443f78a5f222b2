"""Read queries of a meeting's record that several pages share: the attendance sheet's rows, the
headcount block and the minutes' items."""

from dataclasses import dataclass, field

from meetings.models import AgendaItem, Attendance, Contribution, Meeting
from members.models import Status


@dataclass
class MeetingHeadcount:
    """The headcount block of the minutes (DOMAIN §4.4), from the attendance sheet.

    Like the cell headcount of the registry, `total` counts official, probationary, exempted and
    suspended members; temporary (hosted) members are counted apart. `present` and the absences
    cover everyone on the sheet.
    """

    official: int = 0
    probationary: int = 0
    temporary: int = 0
    exempted: int = 0
    suspended: int = 0
    present: int = 0
    # (name, reason) of each member absent with a reason; names of those absent without one.
    excused: list = field(default_factory=list)
    unexcused: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.official + self.probationary + self.exempted + self.suspended

    @property
    def absent(self) -> int:
        return len(self.excused) + len(self.unexcused)

    @property
    def on_sheet(self) -> int:
        return self.present + self.absent


def attendance_rows(meeting: Meeting):
    """The attendance sheet in the order of the member list — one query."""
    return list(Attendance.objects.filter(meeting_id=meeting.pk).with_member())


def meeting_headcount(meeting: Meeting, rows=None) -> MeetingHeadcount:
    """The headcount block from the sheet (pass `rows` when the page already has them)."""
    rows = attendance_rows(meeting) if rows is None else rows
    headcount = MeetingHeadcount()
    counted = {
        Status.OFFICIAL: "official",
        Status.PROBATIONARY: "probationary",
        Status.TEMPORARY: "temporary",
        Status.EXEMPTED: "exempted",
        Status.SUSPENDED: "suspended",
    }
    for row in rows:
        name = counted.get(row.member_status)
        if name:
            setattr(headcount, name, getattr(headcount, name) + 1)
        if row.status == Attendance.Status.PRESENT:
            headcount.present += 1
        elif row.status == Attendance.Status.EXCUSED:
            headcount.excused.append((row.member.full_name, row.reason))
        else:
            headcount.unexcused.append(row.member.full_name)
    return headcount


def minutes_items(meeting: Meeting):
    """[(agenda item, [contributions])] in the agenda's order (section, position) — two queries."""
    order = [value for value, _label in AgendaItem.Section.choices]
    items = sorted(
        AgendaItem.objects.filter(meeting_id=meeting.pk).select_related("presenter"),
        key=lambda i: (order.index(i.section), i.position, i.pk),
    )
    by_item: dict[int, list] = {item.pk: [] for item in items}
    for contribution in (
        Contribution.objects.filter(agenda_item__meeting_id=meeting.pk)
        .select_related("speaker_member", "speaker_guest")
        .order_by("position", "pk")
    ):
        by_item[contribution.agenda_item_id].append(contribution)
    return [(item, by_item[item.pk]) for item in items]
