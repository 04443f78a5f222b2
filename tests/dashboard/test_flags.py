"""The Charter's two flags side by side (`dashboard.flags.member_flags`, DOMAIN §7, §8): three
unexcused absences, three unpaid months of fees in a calendar year — each from its setting — on
the cell's home, on the member's record and in the committee dashboard's alerts; a flag goes
away only through the data (a valid reason)."""

import datetime
import re
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cells import services as cell_services
from cells.models import Cell, Committee
from dashboard import homes
from dashboard.committee.alerts import FeeAlert
from dashboard.committee.alerts import alerts as committee_alerts
from dashboard.flags import member_flags
from fees.models import FeeBasis, FeeExcuse, FeePayment
from meetings.models import Attendance
from reports.measures.matrix import compliance_matrix
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    FeeBasisFactory,
    FeePaymentFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    member_user,
)

TODAY = datetime.date(2026, 6, 15)  # January to April are past their deadline; May is open
YEAR = 2026
D = datetime.date


def month(m: int) -> datetime.date:
    return D(YEAR, m, 1)


def fees_for(member, cell, *, unpaid=()):
    """A fee basis from January; January to May paid on time except the `unpaid` months."""
    FeeBasisFactory(member=member, effective_from=month(1), base_amount=5_000_000)
    for m in range(1, 6):
        if m not in unpaid:
            FeePaymentFactory(member=member, cell=cell, month=month(m), amount_due=50_000)


def absent(meetings, member, status="unexcused"):
    for meeting in meetings:
        Attendance.objects.create(
            meeting=meeting,
            member=member,
            member_status="official",
            status=status,
            reason="Ốm" if status == "excused" else "",
        )


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    """Cell A: its secretary and four members — An (3 unpaid months), Bình (2 unpaid months),
    Cúc (3 absences and 3 unpaid months), Dũng (3 absences); cell B: Hà (3 unpaid months)."""
    with django_db_blocker.unblock(), transaction.atomic():
        committee = CommitteeFactory()
        term = TermFactory(committee=committee)
        cell = CellFactory(committee=committee, name="Chi bộ A", code="A")
        other = CellFactory(committee=committee, name="Chi bộ B", code="B")
        secretary = MemberFactory(committee=committee, cell=cell, full_name="Bí Thư Sáu")
        PositionFactory(member=secretary, cell=cell, role="cell_secretary", term=term)
        an = MemberFactory(committee=committee, cell=cell, full_name="Lê Văn An")
        binh = MemberFactory(committee=committee, cell=cell, full_name="Lê Văn Bình")
        cuc = MemberFactory(committee=committee, cell=cell, full_name="Lê Thị Cúc")
        dung = MemberFactory(committee=committee, cell=cell, full_name="Lê Văn Dũng")
        ha = MemberFactory(committee=committee, cell=other, full_name="Trần Thị Hà")
        fees_for(secretary, cell)
        fees_for(an, cell, unpaid=(2, 3, 4))
        fees_for(binh, cell, unpaid=(3, 4))
        fees_for(cuc, cell, unpaid=(1, 2, 3))
        fees_for(dung, cell)
        fees_for(ha, other, unpaid=(1, 2, 4))
        meetings = [
            MeetingFactory(cell=cell, date=D(YEAR, m, 5), kind="regular", status="held")
            for m in (1, 2, 3)
        ]
        absent(meetings, cuc)
        absent(meetings, dung)
        absent(meetings[:2], binh)
        users = {
            "secretary": member_user(secretary),
            "an": member_user(an),
            "binh": member_user(binh),
            "officer": CommitteeRoleFactory(committee=committee, role="officer").user,
            "clerk": CommitteeRoleFactory(committee=committee, role="clerk").user,
        }
        yield SimpleNamespace(
            committee=committee,
            cell=cell,
            other=other,
            secretary=secretary,
            an=an,
            binh=binh,
            cuc=cuc,
            dung=dung,
            ha=ha,
            meetings=meetings,
            users=users,
        )
        transaction.set_rollback(True)


@pytest.fixture
def frozen_today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return real(value, timezone) if value is not None else TODAY

    monkeypatch.setattr(timezone, "localdate", localdate)
    return TODAY


def fresh(obj):
    """A fresh copy (the module's objects may carry a cached `committee.rules`)."""
    if isinstance(obj, Cell):
        return Cell.objects.select_related("committee").get(pk=obj.pk)
    return Committee.objects.get(pk=obj.pk)


def rows(flags):
    return [(f.name, f.unexcused, [m.month for m in f.unpaid_months]) for f in flags]


# --- the selector -------------------------------------------------------------------------------


def test_both_flags_side_by_side_for_the_committee(db, w):
    flags = member_flags(fresh(w.committee), YEAR, today=TODAY)
    assert rows(flags) == [
        ("Lê Thị Cúc", 3, [1, 2, 3]),
        ("Lê Văn Dũng", 3, []),
        ("Lê Văn An", 0, [2, 3, 4]),
        ("Trần Thị Hà", 0, [1, 2, 4]),
    ]  # not Bình: two absences, two unpaid months
    assert (flags.absence_flag_count, flags.unpaid_fee_flag_months) == (3, 3)
    assert [f.name for f in flags.absences] == ["Lê Thị Cúc", "Lê Văn Dũng"]
    assert [f.name for f in flags.fees] == ["Lê Thị Cúc", "Lê Văn An", "Trần Thị Hà"]
    assert flags.of(w.an.pk).cell_name == "Chi bộ A"


def test_the_cell_and_the_member(db, w):
    assert [
        f.name for f in member_flags(fresh(w.committee), YEAR, cell=fresh(w.cell), today=TODAY)
    ] == [
        "Lê Thị Cúc",
        "Lê Văn Dũng",
        "Lê Văn An",
    ]
    mine = member_flags(fresh(w.committee), YEAR, member=w.cuc, today=TODAY)
    assert rows(mine) == [("Lê Thị Cúc", 3, [1, 2, 3])]
    assert not member_flags(fresh(w.committee), YEAR, member=w.binh, today=TODAY)


def test_a_month_still_open_does_not_count(db, w):
    # Seen on 15 March, only January is past its deadline (the end of February).
    flags = member_flags(fresh(w.committee), YEAR, today=D(YEAR, 3, 15))
    assert [f.name for f in flags.fees] == []


def test_the_fee_flag_appears_at_three_months_not_two(db, w):
    assert member_flags(fresh(w.committee), YEAR, member=w.binh, today=TODAY).of(w.binh.pk) is None
    # A third unpaid month: her January payment was entered by mistake and is reversed.
    payment = FeePayment.objects.get(member=w.binh, month=month(1))
    payment.reversed_at = timezone.now()
    payment.reversal_reason = "Ghi nhầm người"
    payment.save()
    flag = member_flags(fresh(w.committee), YEAR, member=w.binh, today=TODAY).of(w.binh.pk)
    assert [m.month for m in flag.unpaid_months] == [1, 3, 4] and flag.unexcused == 0


def test_both_thresholds_are_settings(db, w):
    cell_services.rules_update(
        committee=fresh(w.committee),
        by=w.users["officer"],
        absence_flag_count=2,
        unpaid_fee_flag_months=2,
    )
    flag = member_flags(fresh(w.committee), YEAR, today=TODAY).of(w.binh.pk)
    assert (flag.unexcused, [m.month for m in flag.unpaid_months]) == (2, [3, 4])
    cell_services.rules_update(
        committee=fresh(w.committee),
        by=w.users["officer"],
        absence_flag_count=4,
        unpaid_fee_flag_months=4,
    )
    assert not member_flags(fresh(w.committee), YEAR, today=TODAY)


def test_a_flag_goes_away_with_a_valid_reason(db, w):
    officer = w.users["officer"]
    FeeExcuse.objects.create(member=w.an, month=month(2), reason="Ốm dài ngày", recorded_by=officer)
    Attendance.objects.filter(member=w.dung, meeting=w.meetings[0]).update(
        status="excused", reason="Đi công tác"
    )
    flags = member_flags(fresh(w.committee), YEAR, today=TODAY)
    assert flags.of(w.an.pk) is None  # two months left
    assert flags.of(w.dung.pk) is None  # two absences left
    assert rows([flags.of(w.cuc.pk)]) == [("Lê Thị Cúc", 3, [1, 2, 3])]


def test_the_queries_do_not_grow_with_members(db):
    def world(n):
        committee = CommitteeFactory()
        cell = CellFactory(committee=committee)
        members = [MemberFactory(committee=committee, cell=cell) for _ in range(n)]
        FeeBasis.objects.bulk_create(
            FeeBasis(member=m, category="fixed", base_amount=20_000, effective_from=month(1))
            for m in members
        )
        meetings = [MeetingFactory(cell=cell, date=D(YEAR, m, 5), status="held") for m in (1, 2, 3)]
        for member in members:
            absent(meetings, member)
        return committee, cell, members

    counts = []
    for n in (5, 50):
        committee, cell, members = world(n)
        for scope in ({}, {"cell": cell}, {"member": members[0]}):
            with CaptureQueriesContext(connection) as queries:
                flags = member_flags(committee, YEAR, today=TODAY, **scope)
            assert all(f.unexcused == 3 and len(f.unpaid_months) == 4 for f in flags)
            counts.append(len(queries))
        assert len(member_flags(committee, YEAR, today=TODAY)) == n
    assert counts[:3] == counts[3:]


# --- the cell's home ----------------------------------------------------------------------------


def test_the_cell_home_panel(db, w):
    home = homes.cell_home(fresh(w.cell), today=TODAY)
    assert [(f.member_id, f.unexcused, f.unpaid_count) for f in home.flagged] == [
        (w.cuc.pk, 3, 3),
        (w.dung.pk, 3, 0),
        (w.an.pk, 0, 3),
    ]
    assert (home.flag_count, home.fee_flag_months) == (3, 3)


def flagged_item(html: str, member) -> str:
    found = re.findall(
        rf'<li class="list-group-item flagged-member" data-member="{member.pk}">(.*?)</li>',
        html,
        re.S,
    )
    assert len(found) == 1, found
    return found[0]


def test_the_cell_home_page_lists_the_months(client, db, w, frozen_today):
    client.force_login(w.users["secretary"])
    html = client.get(reverse("dashboard:my_home")).content.decode()
    an = flagged_item(html, w.an)
    assert 'data-unpaid-months="3"' in an and "data-unexcused" not in an
    assert re.findall(r'data-unpaid-month="([\d-]+)"', an) == ["2026-02", "2026-03", "2026-04"]
    cuc = flagged_item(html, w.cuc)
    assert 'data-unexcused="3"' in cuc and 'data-unpaid-months="3"' in cuc
    assert f'data-member="{w.binh.pk}"' not in html
    assert 'data-fee-flag-months="3"' in html


# --- the committee dashboard's alerts -----------------------------------------------------------


def test_the_alerts(db, w):
    matrix = compliance_matrix(fresh(w.committee), YEAR, today=TODAY)
    found = committee_alerts(fresh(w.committee), YEAR, matrix, today=TODAY)
    assert [a.name for a in found.absences] == ["Lê Thị Cúc", "Lê Văn Dũng"]
    assert found.fees == [
        FeeAlert(w.cuc.pk, "Lê Thị Cúc", "Chi bộ A", [month(1), month(2), month(3)]),
        FeeAlert(w.an.pk, "Lê Văn An", "Chi bộ A", [month(2), month(3), month(4)]),
        FeeAlert(w.ha.pk, "Trần Thị Hà", "Chi bộ B", [month(1), month(2), month(4)]),
    ]
    assert len(found.flags) == 4


def alert_item(html: str, member) -> str:
    found = re.findall(rf'<li data-member="{member.pk}">(.*?)</li>', html, re.S)
    assert len(found) == 1, found
    return found[0]


def test_the_alerts_panel_shows_both_flags(client, db, w, frozen_today):
    client.force_login(w.users["officer"])
    html = client.get(
        reverse("dashboard:committee", args=[w.committee.pk]), {"year": YEAR}
    ).content.decode()
    assert 'data-alert="flags"' in html
    cuc = alert_item(html, w.cuc)
    assert f'href="{reverse("members:detail", args=[w.cuc.pk])}"' in cuc
    assert 'data-unexcused="3"' in cuc and 'data-unpaid-months="3"' in cuc
    ha = alert_item(html, w.ha)
    assert re.findall(r'data-unpaid-month="([\d-]+)"', ha) == ["2026-01", "2026-02", "2026-04"]
    assert "data-unexcused" not in ha
    assert f'<li data-member="{w.binh.pk}">' not in html


# --- her record ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "shown"),
    [("an", True), ("secretary", True), ("officer", True), ("binh", False), ("clerk", False)],
)
def test_her_record_shows_her_flags_to_herself_and_her_officers(
    client, db, w, frozen_today, user, shown
):
    client.force_login(w.users[user])
    response = client.get(reverse("members:detail", args=[w.an.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert ('data-flagged="true"' in html) is shown
    if shown:
        assert 'data-unpaid-months="3"' in html
        assert re.findall(r'data-unpaid-month="([\d-]+)"', html) == [
            "2026-02",
            "2026-03",
            "2026-04",
        ]


def test_her_record_without_a_flag(client, db, w, frozen_today):
    client.force_login(w.users["binh"])
    html = client.get(reverse("members:detail", args=[w.binh.pk])).content.decode()
    assert 'data-flagged="false"' in html
    assert "data-unpaid-months" not in html and "data-unexcused" not in html
