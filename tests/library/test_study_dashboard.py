"""Study campaigns beyond their own pages: the committee dashboard's panel (`dashboard.study`),
the member's open campaigns on her home (`library.study.selectors.my_open_campaigns`) and the
demo's two campaigns (`demo.study.seed_study`)."""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboard.study import study_panel
from demo.study import FINISHED, RUNNING, seed_study
from library.models import StudyCampaign, StudyReport
from library.study import services
from library.study.selectors import my_open_campaigns
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    LibraryDocumentFactory,
    MemberFactory,
    PositionFactory,
    StudyCampaignFactory,
    StudyParticipantFactory,
    StudyReportFactory,
    TermFactory,
    UserFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def campaign_in(committee, cells, *, deadline, done_per_cell=(1, 0), size=2, **kwargs):
    campaign = StudyCampaignFactory(
        committee=committee, starts_on=deadline - 30 * DAY, deadline=deadline, **kwargs
    )
    for cell, done in zip(cells, done_per_cell, strict=False):
        for i in range(size):
            member = MemberFactory(committee=committee, cell=cell)
            participant = StudyParticipantFactory(
                campaign=campaign,
                member=member,
                cell=cell,
                studied_at=timezone.now() if i < done else None,
            )
            if i < done:
                StudyReportFactory(participant=participant)
    return campaign


# --- the dashboard's panel ------------------------------------------------------------------------


def test_the_panel_shows_the_years_campaigns_per_cell_running_first():
    committee = CommitteeFactory()
    a, b = (
        CellFactory(committee=committee, code="CB1"),
        CellFactory(committee=committee, code="CB2"),
    )
    year = TODAY.year
    ended = campaign_in(committee, [a, b], deadline=TODAY - DAY, done_per_cell=(2, 1))
    running = campaign_in(committee, [b], deadline=TODAY + 5 * DAY, done_per_cell=(1,))
    campaign_in(committee, [a], deadline=TODAY + DAY, archived=True)
    campaign_in(committee, [a], deadline=datetime.date(year - 1, 6, 1))
    panel = study_panel(committee, year, today=TODAY)
    if ended.deadline.year != year or running.deadline.year != year:
        pytest.skip("the campaigns straddle the new year")
    assert [row.campaign for row in panel.rows] == [running, ended]
    assert panel.cells == [(a.pk, a.name), (b.pk, b.name)]
    assert panel.running == 1
    first, second = panel.rows
    assert first.shares[0] is None and (first.shares[1].done, first.shares[1].total) == (1, 2)
    assert [(s.done, s.total) for s in second.shares] == [(2, 2), (1, 2)]
    assert (second.total.done, second.total.total) == (3, 4)


def test_the_panel_costs_two_queries_however_many_campaigns_and_cells():
    committee = CommitteeFactory()
    cells = [CellFactory(committee=committee) for _ in range(4)]
    one = CommitteeFactory()
    one_cell = CellFactory(committee=one)
    deadline = TODAY + DAY if (TODAY + DAY).year == TODAY.year else TODAY
    campaign_in(one, [one_cell], deadline=deadline)
    for _ in range(3):
        campaign_in(committee, cells, deadline=deadline, done_per_cell=(1, 2, 0, 1), size=3)
    for target in (one, committee):
        with CaptureQueriesContext(connection) as queries:
            study_panel(target, TODAY.year, today=TODAY)
        assert len(queries) == 2


def test_observers_see_the_panel_on_the_committee_dashboard(client):
    committee = CommitteeFactory()
    cell = CellFactory(committee=committee)
    deadline = TODAY if TODAY.month == 12 and TODAY.day == 31 else TODAY + DAY
    campaign = campaign_in(committee, [cell], deadline=deadline)
    observer = CommitteeRoleFactory(committee=committee, role="observer").user
    client.force_login(observer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("dashboard:committee", args=[committee.pk])).content.decode()
    assert 'data-panel="study"' in html
    assert f'data-campaign="{campaign.pk}"' in html and "1/2" in html


# --- her open campaigns ---------------------------------------------------------------------------


def test_her_open_campaigns_nearest_deadline_first_until_she_is_done():
    committee = CommitteeFactory()
    cell = CellFactory(committee=committee)
    member = MemberFactory(committee=committee, cell=cell)
    later = StudyCampaignFactory(committee=committee, deadline=TODAY + 20 * DAY)
    sooner = StudyCampaignFactory(committee=committee, deadline=TODAY - DAY)
    study_only = StudyCampaignFactory(
        committee=committee, report_required=False, deadline=TODAY + 5 * DAY
    )
    archived = StudyCampaignFactory(committee=committee, archived=True)
    rows = {
        c: StudyParticipantFactory(campaign=c, member=member, cell=cell)
        for c in (later, sooner, study_only, archived)
    }
    open_ = my_open_campaigns(member.pk, today=TODAY)
    assert [o.campaign for o in open_] == [sooner, study_only, later]
    assert open_[0].overdue and open_[0].report_missing and not open_[0].studied
    services.study_confirm(participant=rows[study_only], by=None)
    services.study_confirm(participant=rows[later], by=None)
    open_ = my_open_campaigns(member.pk, today=TODAY)
    assert [o.campaign for o in open_] == [sooner, later]
    assert open_[1].studied and open_[1].report_missing
    assert my_open_campaigns(None, today=TODAY) == []


# --- the demo ---------------------------------------------------------------------------------------


def demo_committee():
    """A small committee shaped like the demo's: four cells, the three logins, the two
    documents of the demo library."""
    committee = CommitteeFactory(name="Đảng bộ Trường THPT Krông Bông")
    term = TermFactory(committee=committee)
    cells = {code: CellFactory(committee=committee, code=code) for code in ("CB1", "CB2", "CB3")}
    for code, cell in cells.items():
        for i in range(4):
            MemberFactory(committee=committee, cell=cell, full_name=f"Đảng viên {code} {i}")
    secretary = MemberFactory(committee=committee, cell=cells["CB1"], full_name="Trần Thị Nhung")
    PositionFactory(member=secretary, cell=cells["CB1"], role="cell_secretary", term=term)
    member_user(secretary, username="secretary1")
    member1 = MemberFactory(committee=committee, cell=cells["CB1"], full_name="Lê Văn Minh")
    member_user(member1, username="member1")
    officer = UserFactory(username="committee")
    CommitteeRoleFactory(committee=committee, user=officer, role="officer")
    LibraryDocumentFactory(committee=committee, number="35-NQ/TU", issued_on=TODAY - 120 * DAY)
    LibraryDocumentFactory(committee=committee, number="12-CT/HU", issued_on=TODAY - 25 * DAY)
    return committee, member1


def test_the_demo_seeds_a_finished_and_a_running_campaign_once():
    committee, member1 = demo_committee()
    line = seed_study(committee, by=None, today=TODAY)
    assert "(2 added this run)" in line
    finished = StudyCampaign.objects.get(committee=committee, title=FINISHED[1])
    running = StudyCampaign.objects.get(committee=committee, title=RUNNING[1])
    assert finished.deadline < TODAY <= running.deadline
    asked = finished.participants.count()
    assert finished.participants.done().count() == asked == 14
    reports = StudyReport.objects.filter(participant__campaign=finished)
    assert reports.filter(late=True).count() == 1
    assert reports.filter(recorded_by__username="secretary1").exists()
    assert reports.filter(recorded_by__isnull=True).count() == 2  # the two logins wrote theirs
    done = running.participants.done()
    assert 0 < done.count() < running.participants.count()
    assert not done.filter(member=member1).exists()
    assert done.filter(member__user__username="secretary1").exists()
    assert running.participants.filter(studied_at__isnull=False, report__isnull=True).exists()
    # A second run writes nothing.
    again = seed_study(committee, by=None, today=TODAY)
    assert "(0 added this run)" in again
    assert StudyCampaign.objects.filter(committee=committee).count() == 2


def test_the_demo_says_which_document_is_missing():
    committee = CommitteeFactory()
    with pytest.raises(LookupError, match="35-NQ/TU"):
        seed_study(committee, by=None, today=TODAY)
