"""The demo's inspection and supervision (DOMAIN §9; issue 18): this year's programme of each cell
and of the committee, adopted by a vote, with items done, under way and not started.

- Each cell's programme has three items — a regular supervision done (its record concluded:
  shortcomings to correct, with recommendations due by the end of this month; in CB1 about
  `member1`, whose home shows the follow-up), a thematic supervision under way (two members, one
  record not concluded yet) and a regular supervision not started (planned from next week).
- The committee's programme: an inspection on signs of violation of a member of CB3, concluded
  (shortcomings to correct), and a thematic supervision of CB2 not started.
- Adoption: a show-of-hands vote "Thông qua Chương trình kiểm tra, giám sát năm …" at the body's
  first meeting of the year that `demo.year` records (`adopt_at`, called while that meeting's
  record is open); for a body without one (cell 1's months are `demo.minutes`'), at its meeting
  whose minutes are still in draft (`seed_supervision`). A programme no open meeting can adopt
  stays a draft, without records.

Everything goes through the services; whatever exists is skipped, so a second run writes nothing.
"""

import calendar
import datetime

from django.contrib.auth import get_user_model

from demo import people
from meetings.decisions import votes
from meetings.models import Body, Meeting, Minutes
from members.models import Position
from reviews.models import SupervisionProgramme, SupervisionRecord
from reviews.supervision import programmes, records

DAY = datetime.timedelta(days=1)
VOTE_TEXT = "Thông qua Chương trình kiểm tra, giám sát năm {year} của {holder}."
# The thematic supervision of each cell: what it is about.
THEMES = {
    "CB1": "Việc đổi mới phương pháp dạy học, ứng dụng công nghệ thông tin trong giảng dạy",
    "CB2": "Việc thực hiện quy định về dạy thêm, học thêm",
    "CB3": "Việc thực hiện nhiệm vụ bồi dưỡng học sinh giỏi",
    "CB4": "Việc thực hiện quy chế dân chủ ở cơ sở",
}


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def _plan(today: datetime.date) -> dict[str, tuple[datetime.date, datetime.date]]:
    """The planned periods of the items done, under way and not started, within the year."""
    year = today.year
    last = datetime.date(year, 12, 31)
    done_until = _month_end(year, max(today.month - 1, 1))
    under_way = (today.replace(day=1), _month_end(year, min(today.month + 1, 12)))
    later = min(today + 7 * DAY, last)
    return {
        "done": (datetime.date(year, 1, 1), done_until),
        "under_way": under_way,
        "later": (later, last),
    }


def _secretary(cell, today):
    position = (
        Position.objects.active_on(today)
        .filter(cell=cell, role=Position.Role.CELL_SECRETARY)
        .select_related("member")
        .first()
    )
    return position.member if position else None


def _committee_inspector(committee, today):
    position = (
        Position.objects.active_on(today)
        .filter(committee=committee, role__in=Position.COMMITTEE_ROLES)
        .exclude(role=Position.Role.COMMITTEE_SECRETARY)
        .select_related("member")
        .order_by("member__name_sort")
        .first()
    )
    return position.member if position else None


def _cell_items(programme, today, by) -> None:
    cell = programme.cell
    secretary = _secretary(cell, today)
    if secretary is None:
        return
    members = [m for m in programmes.body_members(programme) if m.pk != secretary.pk]
    first = people.LOGINS["member1"]
    members.sort(key=lambda m: (m.full_name != first, m.name_sort))
    if len(members) < 4:
        return
    plan = _plan(today)
    common = {"programme": programme, "by": by, "supervisors": [secretary]}
    programmes.item_add(
        kind="regular",
        dimension="tasks",
        content="Việc thực hiện nhiệm vụ được giao và nghị quyết của Chi bộ",
        subject_members=[members[0]],
        planned_from=plan["done"][0],
        planned_until=plan["done"][1],
        **common,
    )
    programmes.item_add(
        kind="thematic",
        dimension="relations",
        content=THEMES.get(cell.code, THEMES["CB1"]),
        subject_members=members[1:3],
        planned_from=plan["under_way"][0],
        planned_until=plan["under_way"][1],
        **common,
    )
    programmes.item_add(
        kind="regular",
        dimension="ethics",
        content="Việc giữ gìn phẩm chất đạo đức, lối sống; thực hiện những điều đảng viên không "
        "được làm",
        subject_members=[members[3]],
        planned_from=plan["later"][0],
        planned_until=plan["later"][1],
        **common,
    )


def _committee_items(programme, cells, today, by) -> None:
    inspector = _committee_inspector(programme.committee, today)
    cb3 = cells.get("CB3")
    if inspector is None or cb3 is None:
        return
    cb3_programme = SupervisionProgramme(
        committee=programme.committee, cell=cb3, year=programme.year
    )
    subject = next(
        (m for m in programmes.body_members(cb3_programme) if m.pk != inspector.pk), None
    )
    if subject is None:
        return
    plan = _plan(today)
    programmes.item_add(
        programme=programme,
        by=by,
        kind="inspection",
        dimension="charter",
        content="Kiểm tra khi có dấu hiệu vi phạm trong việc chấp hành quy định về dạy thêm",
        subject_members=[subject],
        supervisors=[inspector],
        planned_from=plan["done"][0],
        planned_until=plan["done"][1],
    )
    if "CB2" in cells:
        programmes.item_add(
            programme=programme,
            by=by,
            kind="thematic",
            dimension="tasks",
            content="Việc lãnh đạo thực hiện nhiệm vụ chính trị của Chi bộ",
            subject_cell=cells["CB2"],
            supervisors=[inspector],
            planned_from=plan["later"][0],
            planned_until=plan["later"][1],
        )


def ensure_programme(committee, cell, *, today, by) -> SupervisionProgramme:
    """This year's programme of the cell (or the committee, without one), with its items."""
    programme = SupervisionProgramme.objects.filter(
        committee=committee, cell=cell, year=today.year
    ).first()
    if programme is not None:
        return programme
    programme = programmes.programme_create(committee=committee, cell=cell, year=today.year, by=by)
    if cell is not None:
        _cell_items(programme, today, by)
    else:
        cells = {c.code: c for c in committee.cells.all()}
        _committee_items(programme, cells, today, by)
    return programme


def _eligible(meeting) -> int:
    return sum(
        1
        for voter in votes.vote_voters(meeting)
        if voter.present and voter.status in ("official", "exempted")
    )


def _vote_and_adopt(programme, meeting, by) -> bool:
    eligible = _eligible(meeting)
    if not eligible:
        return False
    motion = votes.vote_record(
        meeting=meeting,
        kind="ordinary",
        method="hands",
        text=VOTE_TEXT.format(year=programme.year, holder=programme.holder_name),
        yes=eligible,
        no=0,
        by=by,
    )
    programmes.programme_adopt(programme=programme, motion=motion, by=by)
    return True


def adopt_at(meeting, *, by, today) -> None:
    """At a meeting of this year whose record is open (`demo.year` recording it): the body's
    programme is adopted there, if not yet."""
    if meeting.date.year != today.year or meeting.body not in (Body.CELL, Body.EXECUTIVE):
        return
    programme = ensure_programme(meeting.committee, meeting.cell, today=today, by=by)
    if not programme.is_adopted:
        _vote_and_adopt(programme, meeting, by)


def _adopt_at_draft_meeting(programme, by) -> None:
    """For a body whose recorded meetings were all approved before: its meeting of the year whose
    minutes are still in draft."""
    where = (
        {"body": Body.CELL, "cell": programme.cell}
        if programme.cell_id
        else {
            "body": Body.EXECUTIVE,
            "committee": programme.committee,
        }
    )
    meeting = (
        Meeting.objects.filter(
            date__year=programme.year, minutes__state=Minutes.State.DRAFT, **where
        )
        .order_by("date", "pk")
        .first()
    )
    if meeting is not None:
        _vote_and_adopt(programme, meeting, by)


def _records(programme, today, by) -> int:
    """The records of an adopted programme's items done and under way; returns how many."""
    added = 0
    items = list(programme.items.order_by("planned_from", "pk"))
    month_end = _month_end(today.year, today.month)
    for item in items:
        subjects = list(item.subject_members.ordered())
        if item.records.exists() or not subjects or item.planned_from > today:
            continue
        on = min(today, item.planned_until)
        if item.planned_until < today:  # done: every subject concluded
            for member in subjects:
                records.record_add(
                    item=item,
                    member=member,
                    by=by,
                    recorded_on=on,
                    self_report="Tự nhận thấy đã cố gắng hoàn thành nhiệm vụ; còn chậm cập nhật "
                    "hồ sơ chuyên môn.",
                    findings="Hoàn thành nhiệm vụ được giao; hồ sơ chuyên môn có lúc chưa cập "
                    "nhật kịp thời.",
                    conclusion="shortcomings",
                    recommendations="Cập nhật đầy đủ hồ sơ chuyên môn; báo cáo Chi ủy kết quả "
                    "khắc phục.",
                    followup_deadline=max(month_end, on),
                )
                added += 1
        else:  # under way: the first subject met, not concluded yet
            records.record_add(
                item=item,
                member=subjects[0],
                by=by,
                recorded_on=on,
                self_report="Đã chuẩn bị báo cáo tự kiểm điểm theo đề cương.",
                findings="Đoàn giám sát đã làm việc lần thứ nhất; đang tổng hợp ý kiến.",
            )
            added += 1
    return added


def seed_supervision(committee, cells: dict, *, by, today) -> str:
    """Every cell's programme of this year and the committee's, adopted where a meeting can,
    with their records; a line for the summary."""
    User = get_user_model()
    officer = User.objects.filter(username="committee").first() or by
    bodies = [None, *sorted(cells.values(), key=lambda c: c.code)]
    adopted = added = 0
    for cell in bodies:
        programme = ensure_programme(committee, cell, today=today, by=officer)
        if not programme.is_adopted:
            _adopt_at_draft_meeting(programme, officer)
            programme.refresh_from_db()
        if programme.is_adopted:
            adopted += 1
            added += _records(programme, today, officer)
    total = SupervisionRecord.objects.filter(committee=committee, item__programme__year=today.year)
    return (
        f"Supervision {today.year}: {adopted}/{len(bodies)} programmes adopted, "
        f"{total.count()} records ({added} added this run)."
    )
