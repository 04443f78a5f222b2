"""The fees on the member registry's pages (issue 18 item 3): "paid up to month …" on her record
for those who see her personal fields, with a link to her fee page for those who see the amounts;
the officers' list with its column "Đảng phí đến tháng" and the "behind with fees" filter."""

import datetime
import re
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    FeeBasisFactory,
    FeePaymentFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    member_user,
)

TODAY = datetime.date(2026, 6, 15)  # paid up to May (the previous month) is up to date
D = datetime.date


def pay(member, cell, months):
    FeeBasisFactory(member=member, effective_from=D(2026, 1, 1))
    for m in months:
        FeePaymentFactory(member=member, cell=cell, month=D(2026, m, 1))


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    """Cell A: secretary (paid to May), Lan (paid to April: behind), Minh (paid to May), Nga (no
    basis); cell B: Oanh (paid to March)."""
    with django_db_blocker.unblock(), transaction.atomic():
        committee = CommitteeFactory()
        term = TermFactory(committee=committee)
        cell = CellFactory(committee=committee, name="Chi bộ A")
        other = CellFactory(committee=committee, name="Chi bộ B")
        secretary = MemberFactory(committee=committee, cell=cell, full_name="Bí Thư Sáu")
        PositionFactory(member=secretary, cell=cell, role="cell_secretary", term=term)
        lan = MemberFactory(committee=committee, cell=cell, full_name="Lê Thị Lan")
        minh = MemberFactory(committee=committee, cell=cell, full_name="Lê Văn Minh")
        nga = MemberFactory(committee=committee, cell=cell, full_name="Lê Thị Nga")
        oanh = MemberFactory(committee=committee, cell=other, full_name="Trần Thị Oanh")
        pay(secretary, cell, range(1, 6))
        pay(lan, cell, range(1, 5))
        pay(minh, cell, range(1, 6))
        pay(oanh, other, range(1, 4))
        users = {
            "herself": member_user(lan),
            "cell_secretary": member_user(secretary),
            "member_same_cell": member_user(minh),
            "member_other_cell": member_user(oanh),
            "committee_officer": CommitteeRoleFactory(committee=committee, role="officer").user,
            "committee_clerk": CommitteeRoleFactory(committee=committee, role="clerk").user,
            "observer": CommitteeRoleFactory(committee=committee, role="observer").user,
        }
        yield SimpleNamespace(
            committee=committee,
            cell=cell,
            lan=lan,
            minh=minh,
            nga=nga,
            oanh=oanh,
            secretary=secretary,
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


# --- her record ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status", "paid_up_to", "link"),
    [
        ("herself", 200, True, True),
        ("cell_secretary", 200, True, True),
        ("committee_officer", 200, True, True),
        ("committee_clerk", 200, True, False),  # sees her personal fields, not the amounts
        ("member_same_cell", 200, False, False),
        ("observer", 403, False, False),
    ],
)
def test_paid_up_to_on_her_record(client, db, w, frozen_today, persona, status, paid_up_to, link):
    client.force_login(w.users[persona])
    response = client.get(reverse("members:detail", args=[w.lan.pk]))
    assert response.status_code == status
    html = response.content.decode()
    assert ('data-paid-up-to="2026-04"' in html) is paid_up_to
    assert (reverse("fees:member_fees", args=[w.lan.pk]) in html) is link
    if paid_up_to:
        assert "04/2026" in html


def test_behind_and_never_paid_on_the_record(client, db, w, frozen_today):
    client.force_login(w.users["cell_secretary"])
    html = client.get(reverse("members:detail", args=[w.nga.pk])).content.decode()
    assert 'data-paid-up-to=""' in html
    html = client.get(reverse("members:detail", args=[w.minh.pk])).content.decode()
    assert 'data-paid-up-to="2026-05"' in html


# --- the list -----------------------------------------------------------------------------------


def column(html: str) -> dict[str, str]:
    """{member name: paid up to} from the list's rows that show the column."""
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        name = re.search(r'<a href="/members/\d+/">([^<]+)</a>', row)
        cell = re.search(r'class="text-nowrap fees-paid-up-to"(?: data-paid-up-to="([^"]*)")?', row)
        if name and cell:
            found[name.group(1)] = cell.group(1)
    return found


def test_the_officers_list_has_the_column(client, db, w, frozen_today):
    client.force_login(w.users["committee_officer"])
    html = client.get(reverse("members:list")).content.decode()
    assert column(html) == {
        "Bí Thư Sáu": "2026-05",
        "Lê Thị Lan": "2026-04",
        "Lê Văn Minh": "2026-05",
        "Lê Thị Nga": "",
        "Trần Thị Oanh": "2026-03",
    }
    assert 'name="fees_behind"' in html


def test_a_cell_secretary_sees_her_cell(client, db, w, frozen_today):
    client.force_login(w.users["cell_secretary"])
    html = client.get(reverse("members:list")).content.decode()
    assert set(column(html)) == {"Bí Thư Sáu", "Lê Thị Lan", "Lê Văn Minh", "Lê Thị Nga"}


def test_not_shown_to_other_members(client, db, w, frozen_today):
    client.force_login(w.users["member_same_cell"])
    response = client.get(reverse("members:list"))
    html = response.content.decode()
    assert response.status_code == 200 and "Lê Thị Lan" in html
    assert "fees-paid-up-to" not in html and 'name="fees_behind"' not in html
    # The filter is not applied for her either.
    behind = client.get(reverse("members:list"), {"fees_behind": "on"}).content.decode()
    assert "Lê Văn Minh" in behind


def test_the_behind_with_fees_filter(client, db, w, frozen_today):
    client.force_login(w.users["committee_officer"])
    html = client.get(reverse("members:list"), {"fees_behind": "on"}).content.decode()
    assert set(column(html)) == {"Lê Thị Lan", "Lê Thị Nga", "Trần Thị Oanh"}
    # With another filter, and in the Excel export.
    html = client.get(
        reverse("members:list"), {"fees_behind": "on", "cell": w.cell.pk}
    ).content.decode()
    assert set(column(html)) == {"Lê Thị Lan", "Lê Thị Nga"}


def test_the_filter_in_the_export(client, db, w, frozen_today):
    client.force_login(w.users["committee_officer"])
    response = client.get(reverse("members:export"), {"fees_behind": "on"})
    sheet = load_workbook(BytesIO(response.content)).active
    names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert names == {"Lê Thị Lan", "Lê Thị Nga", "Trần Thị Oanh"}


def test_the_list_queries_do_not_grow_with_members(client, db, frozen_today):
    def world(n):
        committee = CommitteeFactory()
        cell = CellFactory(committee=committee)
        for i in range(n):
            member = MemberFactory(committee=committee, cell=cell)
            if i % 2:
                pay(member, cell, range(1, 6))
        return CommitteeRoleFactory(committee=committee, role="officer").user

    counts = []
    for n in (5, 50):
        client.force_login(world(n))
        for query in ({}, {"fees_behind": "on"}):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(reverse("members:list"), query)
            assert response.status_code == 200
            counts.append(len(queries))
    assert counts[:2] == counts[2:]
