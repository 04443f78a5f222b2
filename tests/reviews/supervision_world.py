"""The world the supervision tests share (built once per module): committee A with cells A1 and
A2, committee B, the personas of DESIGN §3, an adopted programme of cell A1 with an item done, one
under way and one not started, and the committee's programme with an inspection concluded on a
violation that led to a discipline."""

import datetime
from types import SimpleNamespace

from django.utils import timezone

from meetings.models import Motion
from reviews.models import Discipline
from reviews.supervision import programmes, records
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    UserFactory,
    member_user,
    superior_personas,
)

DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return timezone.localdate()


def year_start() -> datetime.date:
    return today().replace(month=1, day=1)


def year_end() -> datetime.date:
    return today().replace(month=12, day=31)


def ordinary_motion(*, cell=None, committee=None, body="cell", passed=True, kind="ordinary"):
    """A vote at a held meeting of a cell (or of the executive committee) this year."""
    meeting = MeetingFactory(
        cell=cell,
        committee=committee or cell.committee,
        body=body,
        date=year_start(),
        kind="extraordinary",
        status="approved",
    )
    secret = kind in ("reprimand", "warning", "dismissal", "expulsion", "election")
    return Motion.objects.create(
        meeting=meeting,
        kind=kind,
        method="secret" if secret else "hands",
        text="Thông qua Chương trình kiểm tra, giám sát",
        yes=5 if passed else 1,
        no=0 if passed else 4,
        abstain=0,
        ballots_issued=5 if secret else None,
        ballots_valid=5 if secret else None,
        ballots_invalid=0 if secret else None,
        official_count=5,
        denominator=5,
        eligible_present=5,
        threshold_numerator=1,
        threshold_denominator=2,
        threshold_strict=True,
        passed=passed,
        working="5 tán thành > 5/2",
    )


def build_world():
    committee = CommitteeFactory()
    other = CommitteeFactory()
    term = TermFactory(committee=committee)
    cell = CellFactory(committee=committee)
    other_cell = CellFactory(committee=committee)

    def member_of(c, role=None, login=True):
        member = MemberFactory(committee=committee, cell=c)
        if role:
            PositionFactory(member=member, cell=c, role=role, term=term)
        if login:
            member_user(member)
        return member

    w = SimpleNamespace(
        committee=committee, other=other, term=term, cell=cell, other_cell=other_cell
    )
    w.m1 = member_of(cell)
    w.m2 = member_of(cell, login=False)
    w.m3 = member_of(cell, login=False)
    w.secretary = member_of(cell, "cell_secretary")
    w.b1 = member_of(other_cell, login=False)
    w.b2 = member_of(other_cell)
    w.secretary_b = member_of(other_cell, "cell_secretary")
    officer = CommitteeRoleFactory(committee=committee, role="officer").user
    w.users = {
        "member": w.m1.user,
        "member_other_cell": w.b2.user,
        "cell_secretary": w.secretary.user,
        "secretary_other_cell": w.secretary_b.user,
        "committee_officer": officer,
        "committee_clerk": CommitteeRoleFactory(committee=committee, role="clerk").user,
        "observer": CommitteeRoleFactory(committee=committee, role="observer").user,
        "officer_other_committee": CommitteeRoleFactory(committee=other, role="officer").user,
        **superior_personas(committee),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    sec = w.secretary.user
    year = today().year
    # Cell A1's programme: adopted, three items.
    w.programme = programmes.programme_create(committee=committee, cell=cell, year=year, by=sec)

    def item(programme, by, subjects, **kw):
        defaults = {
            "kind": "regular",
            "dimension": "tasks",
            "planned_from": year_start(),
            "planned_until": year_end(),
            "supervisors": [w.secretary],
        }
        return programmes.item_add(
            programme=programme, by=by, subject_members=subjects, **{**defaults, **kw}
        )

    w.item_done = item(w.programme, sec, [w.m1], dimension="ethics")
    w.item_under_way = item(w.programme, sec, [w.m1, w.m2], kind="thematic")
    w.item_not_started = item(w.programme, sec, [w.m3])
    w.motion = ordinary_motion(cell=cell)
    programmes.programme_adopt(programme=w.programme, motion=w.motion, by=sec)
    w.record = records.record_add(
        item=w.item_done,
        member=w.m1,
        by=sec,
        recorded_on=today(),
        self_report="Tự nhận thấy còn chậm nộp hồ sơ",
        findings="BÍ-MẬT-NHẬN-XÉT",
        conclusion="shortcomings",
        recommendations="KIẾN-NGHỊ-RIÊNG khắc phục",
        followup_deadline=today() + 10 * DAY,
    )
    w.partial = records.record_add(
        item=w.item_under_way, member=w.m2, by=sec, recorded_on=today(), findings="Đang làm"
    )
    # The committee's programme: an inspection of b1, concluded on a violation → discipline.
    w.committee_programme = programmes.programme_create(committee=committee, year=year, by=officer)
    w.inspection = item(
        w.committee_programme,
        officer,
        [w.b1],
        kind="inspection",
        dimension="charter",
        supervisors=[w.secretary],
    )
    programmes.programme_adopt(
        programme=w.committee_programme,
        motion=ordinary_motion(committee=committee, cell=None, body="executive"),
        by=officer,
    )
    w.discipline = Discipline.objects.create(
        member=w.b1, form="reprimand", decided_on=today(), reason="Vi phạm quy định"
    )
    w.violation = records.record_add(
        item=w.inspection,
        member=w.b1,
        by=officer,
        recorded_on=today(),
        findings="Có dấu hiệu vi phạm",
        conclusion="violation",
        discipline=w.discipline,
    )
    return w
