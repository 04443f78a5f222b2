"""The party-fees panel of the committee dashboard (`dashboard.fees`, issue 18): per cell what it
collected in the year up to this month and what it handed to the committee, the committee's share
and what it remitted upwards — totals only, the same number of queries for 2 and for 8 cells."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cells import services as cell_services
from dashboard.fees import fees_panel
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    FeePaymentFactory,
    MemberFactory,
    RemittanceFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 3, 15)


def _cells(committee, n):
    cells = [CellFactory(committee=committee) for _ in range(n)]
    for cell in cells:
        for month in (1, 2, 3):
            member = MemberFactory(committee=committee)
            FeePaymentFactory(member=member, cell=cell, month=D(2026, month, 1), amount_due=100_000)
        RemittanceFactory(cell=cell, committee=committee, month=D(2026, 1, 1), amount=70_000)
    return cells


def test_totals_per_cell_and_the_committee_share():
    committee = CommitteeFactory()
    cells = _cells(committee, 2)
    RemittanceFactory(cell=None, committee=committee, month=D(2026, 1, 1), amount=98_000)
    # A payment of April is after this month: not in the year so far.
    FeePaymentFactory(member=MemberFactory(committee=committee), cell=cells[0], month=D(2026, 4, 1))

    panel = fees_panel(committee, 2026, today=TODAY)

    assert [row.cell for row in panel.cells] == sorted(cells, key=lambda cell: cell.code)
    first = next(row for row in panel.cells if row.cell == cells[0])
    assert (first.collected, first.to_remit, first.remitted) == (300_000, 210_000, 70_000)
    assert first.outstanding == 140_000
    assert panel.collected == 600_000
    assert panel.received == 140_000
    assert panel.kept == 42_000  # 30 % of what the cells remitted
    assert panel.remitted_upwards == 98_000


def test_the_committee_share_is_a_setting():
    committee = CommitteeFactory()
    _cells(committee, 1)
    cell_services.rules_update(committee=committee, by=None, fee_committee_share_percent=50)
    assert fees_panel(committee, 2026, today=TODAY).kept == 35_000


def test_a_past_year_counts_all_twelve_months():
    committee = CommitteeFactory()
    cell = CellFactory(committee=committee)
    FeePaymentFactory(member=MemberFactory(committee=committee), cell=cell, month=D(2025, 12, 1))
    assert fees_panel(committee, 2025, today=TODAY).collected == 100_000
    assert fees_panel(committee, 2026, today=TODAY).collected == 0


def test_same_queries_for_two_and_eight_cells():
    counts = []
    for n in (2, 8):
        committee = CommitteeFactory()
        _cells(committee, n)
        with CaptureQueriesContext(connection) as queries:
            fees_panel(committee, 2026, today=TODAY)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_on_the_dashboard_for_officers_and_observers(client):
    committee = CommitteeFactory()
    _cells(committee, 1)
    url = reverse("dashboard:committee", args=[committee.pk])
    for role in ("officer", "observer"):
        grant = CommitteeRoleFactory(committee=committee, role=role)
        client.force_login(grant.user)
        page = client.get(url).content.decode()
        assert 'class="card shadow-sm h-100 panel-fees"' in page
        assert reverse("fees:committee_register", args=[committee.pk]) in page
