"""The demo's monthly reports (`demo/reports.py`, issue 22): on 7 December, January to October
submitted on time (on the 10th of the month after) with their texts, November's a draft with its
texts (due by 20 December); a second run writes nothing. After the 20th, November is submitted
too; early in the year, the three latest months."""

import datetime

import pytest

from demo.reports import seed_reports
from reports.models import PeriodReport
from tests.factories import CommitteeFactory, SuperiorBodyFactory, UserFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def committee(db):
    committee = CommitteeFactory()
    SuperiorBodyFactory(committee=committee, name="Đảng ủy xã Krông Bông", valid_from=D(2025, 7, 1))
    return committee


def rows(committee):
    return [
        (r.period_start, r.number, r.status, r.submitted_on, r.is_late(), bool(r.situation))
        for r in PeriodReport.objects.filter(committee=committee)
        .select_related("superior")
        .order_by("period_start")
    ]


def test_the_years_months_submitted_on_time_and_novembers_draft(committee):
    committee_login = UserFactory(username="committee")
    line = seed_reports(committee, by=UserFactory(), today=D(2026, 12, 7))
    assert line == "Báo cáo tháng: 10 đã gửi đúng hạn, 1 bản nháp."
    assert rows(committee) == [
        *[
            (D(2026, month, 1), month, "submitted", D(2026, month + 1, 10), False, True)
            for month in range(1, 11)
        ],
        (D(2026, 11, 1), 11, "draft", None, None, True),
    ]
    report = PeriodReport.objects.get(period_start=D(2026, 10, 1))
    assert (report.issued_on, report.submitted_by, report.created_by) == (
        D(2026, 11, 10),
        committee_login,
        committee_login,
    )
    assert report.figures["end"] == "2026-10-31"
    november = PeriodReport.objects.get(period_start=D(2026, 11, 1))
    assert november.due_on() == D(2026, 12, 20)

    # A second run writes nothing.
    assert seed_reports(committee, by=committee_login, today=D(2026, 12, 7)) == (
        "Báo cáo tháng: 0 đã gửi đúng hạn, 0 bản nháp."
    )
    assert PeriodReport.objects.count() == 11


def test_after_the_deadline_last_month_is_submitted_too(committee):
    seed_reports(committee, by=UserFactory(), today=D(2026, 12, 21))
    assert [(r[0], r[2]) for r in rows(committee)] == [
        (D(2026, month, 1), "submitted") for month in range(1, 12)
    ]


def test_early_in_the_year_the_three_latest_months(committee):
    seed_reports(committee, by=UserFactory(), today=D(2027, 3, 5))
    assert [(r[0], r[2]) for r in rows(committee)] == [
        (D(2026, 11, 1), "submitted"),
        (D(2026, 12, 1), "submitted"),
        (D(2027, 1, 1), "submitted"),
        (D(2027, 2, 1), "draft"),
    ]
