"""Landing after login ("/") and the personal home ("home/"), issue 10 items 2–4.

Committee officers and observers land on their committee's dashboard; everyone else on her
personal home: the panels of the cells she is an officer of, her own panels as a member, or, with
neither, the committees she may see. "Today" is frozen (`frozen_today`) where the panels depend
on the date; the data is built with the helpers of `test_homes.py`.
"""

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Minutes, ReadReceipt
from members.models import Notification
from tests.dashboard.test_homes import TODAY, assign, attend, build, document, held
from tests.factories import (
    AgendaItemFactory,
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def frozen_today(monkeypatch):
    """`timezone.localdate()` is TODAY (a date given explicitly is still converted)."""
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return real(value, timezone) if value is not None else TODAY

    monkeypatch.setattr(timezone, "localdate", localdate)
    return TODAY


@pytest.fixture
def w(committee, term):
    return build(committee, term)


def get_home(client, user, name="dashboard:home"):
    client.force_login(user)
    return client.get(reverse(name))


# --- landing --------------------------------------------------------------------------------------


def test_officer_lands_on_the_dashboard_of_her_first_committee_by_name(client, officer, committee):
    response = get_home(client, officer)
    assert response.status_code == 302
    assert response.url == reverse("dashboard:committee", args=[committee.pk])
    first = CommitteeFactory(name="Đảng bộ AAA")
    CommitteeRoleFactory(user=officer, committee=first, role="observer")
    response = client.get(reverse("dashboard:home"))
    assert response.url == reverse("dashboard:committee", args=[first.pk])


def test_observer_lands_on_the_dashboard(client, observer, committee):
    response = get_home(client, observer)
    assert response.status_code == 302
    assert response.url == reverse("dashboard:committee", args=[committee.pk])


def test_officer_by_position_lands_on_the_dashboard(client, committee, term):
    member = MemberFactory(committee=committee)
    PositionFactory(member=member, role="committee_secretary", term=term)
    response = get_home(client, member_user(member))
    assert response.url == reverse("dashboard:committee", args=[committee.pk])


def test_superuser_without_office_gets_the_overview(client, superuser, committee):
    response = get_home(client, superuser)
    assert response.status_code == 200
    assert [c.pk for c, _term in response.context["rows"]] == [committee.pk]
    assert response.context["dashboards"] == []


def test_superuser_who_is_also_an_officer_lands_on_the_dashboard(client, superuser, committee):
    CommitteeRoleFactory(user=superuser, committee=committee, role="officer")
    response = get_home(client, superuser)
    assert response.url == reverse("dashboard:committee", args=[committee.pk])


def test_member_gets_her_panels(client, w, frozen_today):
    response = get_home(client, w.dung_user)
    assert response.status_code == 200
    assert response.context["cell_homes"] == []
    assert response.context["member_home"].member == w.dung
    assert response.context["rows"] is None
    html = response.content.decode()
    for panel in (
        "panel-my-meeting",
        "panel-my-tasks",
        "panel-self-assessment",
        "panel-notifications",
    ):
        assert panel in html
    assert "panel-checklist" not in html and "panel-flagged" not in html


def test_cell_secretary_gets_her_cells_panels_and_her_own(client, w, frozen_today):
    response = get_home(client, w.secretary_user)
    assert response.status_code == 200
    (cell_home,) = response.context["cell_homes"]
    assert cell_home.cell == w.cell
    assert response.context["member_home"].member == w.secretary
    html = response.content.decode()
    assert f'data-cell="{w.cell.pk}"' in html
    for panel in ("panel-next-meeting", "panel-cell-tasks", "panel-flagged", "panel-minutes"):
        assert panel in html


@pytest.mark.parametrize("persona", ["clerk", "plain_user"])
def test_clerk_and_plain_user_get_the_overview(client, request, committee, persona):
    TermFactory(committee=committee)
    CellFactory.create_batch(3, committee=committee)
    user = request.getfixturevalue(persona)
    response = get_home(client, user)
    assert response.status_code == 200
    rows = response.context["rows"]
    if persona == "clerk":
        (row,) = rows
        assert row[0].active_cells == 3
        assert row[1].name == "2025–2030"
        assert committee.name in response.content.decode()
    else:
        assert rows == []
        assert "bi-inbox" in response.content.decode()  # the empty state


def test_my_home_for_an_officer_without_member_record_is_the_overview(
    client, officer, committee, other_committee
):
    TermFactory(committee=committee)
    CellFactory.create_batch(3, committee=committee)
    response = get_home(client, officer, "dashboard:my_home")
    assert response.status_code == 200
    html = response.content.decode()
    assert committee.name in html and other_committee.name not in html
    (row,) = response.context["rows"]
    assert row[0].active_cells == 3 and row[1].name == "2025–2030"
    assert response.context["dashboards"] == [committee]
    assert reverse("dashboard:committee", args=[committee.pk]) in html


def test_home_queries_do_not_grow_with_committees(client, superuser):
    client.force_login(superuser)
    CommitteeFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("dashboard:home"))
    CommitteeFactory.create_batch(20)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("dashboard:home"))
    assert len(few) == len(many)


# --- what the panels show ---------------------------------------------------------------------------


def next_meeting(w, **kwargs):
    return MeetingFactory(
        cell=w.cell,
        date=TODAY + 3 * DAY,
        status="published",
        published_at=timezone.now(),
        place="Phòng họp 2",
        **kwargs,
    )


def test_member_page_links_her_meeting_documents_tasks_and_notifications(client, w, frozen_today):
    meeting = next_meeting(w)
    item = AgendaItemFactory(meeting=meeting, title="Quán triệt Nghị quyết")
    read, unread = document(meeting, "Đã đọc"), document(meeting, "Dự thảo")
    ReadReceipt.objects.create(document=read, member=w.dung)
    part = assign(held(w.cell, TODAY - 40 * DAY), w.dung, deadline=TODAY - DAY)
    notification = Notification.objects.create(user=w.dung_user, title="Lịch sinh hoạt")
    html = get_home(client, w.dung_user).content.decode()
    assert meeting.get_absolute_url() in html
    assert "Phòng họp 2" in html and "15/06/2029 · 16:30" in html
    assert f'data-item="{item.pk}"' in html
    assert reverse("meetings:document", args=[meeting.pk, unread.pk]) in html
    assert reverse("meetings:document", args=[meeting.pk, read.pk]) not in html
    assert f"{reverse('meetings:my_tasks')}#assignment-{part.pk}" in html
    assert 'class="badge text-bg-danger my-tasks-overdue" data-count="1"' in html
    assert reverse("members:notification_open", args=[notification.pk]) in html
    assert reverse("reviews:self_assessment", args=[2029]) in html


def test_self_assessment_card_disappears_after_the_review_meeting(client, w, frozen_today):
    held(w.cell, TODAY - DAY, kind="review")
    response = get_home(client, w.dung_user)
    assert response.context["member_home"].self_assessment is None
    html = response.content.decode()
    assert "panel-self-assessment" not in html
    assert reverse("reviews:self_assessment", args=[2029]) not in html


def test_member_of_another_cell_never_sees_this_cells_meeting(client, w, frozen_today):
    meeting = next_meeting(w)
    paper = document(meeting)
    response = get_home(client, w.ha_user)
    assert response.context["member_home"].next_meeting is None
    html = response.content.decode()
    assert meeting.get_absolute_url() not in html
    assert reverse("meetings:document", args=[meeting.pk, paper.pk]) not in html


def test_secretary_page_shows_the_checklist_and_who_has_not_opened(client, w, frozen_today):
    meeting = next_meeting(w, clerk=w.dung)
    AgendaItemFactory(meeting=meeting, notes="Chuẩn bị")
    paper = document(meeting)
    ReadReceipt.objects.create(document=paper, member=w.dung)
    html = get_home(client, w.secretary_user).content.decode()
    for check in ("agenda", "published", "documents", "clerk"):
        assert f'data-check="{check}" data-ok="true"' in html
    assert 'data-check="opened" data-ok="false" data-count="3"' in html
    for member in [w.secretary, *w.others]:
        assert f'<li data-member="{member.pk}">' in html
    assert f'<li data-member="{w.dung.pk}">' not in html


def test_secretary_page_shows_a_document_added_late(client, w, frozen_today):
    """Issue 17 item 11: published on time, one document added after the deadline."""
    meeting = next_meeting(w, clerk=w.dung)
    document(meeting)
    document(meeting, "Bổ sung", added_late=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = get_home(client, w.secretary_user).content.decode()
    assert 'data-check="published" data-ok="false"' in html
    assert 'data-late-documents="1"' in html
    assert "Published on time, but 1 document was added after the deadline" in html


def test_secretary_page_lists_flagged_members_and_minutes_to_approve(client, w, frozen_today):
    meetings = [held(w.cell, datetime.date(2029, month, 5)) for month in (1, 2, 3)]
    for meeting in meetings:
        attend(meeting, w.dung)
    Minutes.objects.create(meeting=meetings[2], state="ready")
    part = assign(meetings[0], w.others[0], deadline=TODAY - DAY)
    html = get_home(client, w.secretary_user).content.decode()
    assert reverse("members:detail", args=[w.dung.pk]) in html
    assert 'data-unexcused="3"' in html
    for meeting in meetings:
        assert f'data-meeting="{meeting.pk}" data-days="{(TODAY - meeting.date).days}"' in html
    assert f'data-assignment="{part.pk}"' in html
    assert f"{reverse('meetings:task_board')}?cell={w.cell.pk}" in html


def test_empty_panels_are_friendly(client, w, frozen_today):
    html = get_home(client, w.secretary_user).content.decode()
    # next meeting, open tasks, flagged, minutes; her meeting, her tasks, notifications
    assert html.count("bi-inbox") == 7


# --- query count ------------------------------------------------------------------------------------


def populate(n: int):
    """A cell secretary's world with `n` of everything: members, agenda items, documents, tasks,
    absences, minutes to approve, notifications."""
    committee = CommitteeFactory()
    w = build(committee, TermFactory(committee=committee), n=n)
    meeting = next_meeting(w, clerk=w.dung)
    papers = []
    for i in range(n):
        AgendaItemFactory(meeting=meeting, presenter=w.others[i])
        papers.append(document(meeting, f"Tài liệu {i}"))
    ReadReceipt.objects.create(document=papers[0], member=w.secretary)
    regular = [held(w.cell, datetime.date(2029, month, 5)) for month in (1, 2, 3)]
    for i, member in enumerate(w.others):
        for past in regular:
            attend(past, member)
        assign(regular[0], member, deadline=TODAY + (DAY if i % 2 else -DAY))
    for i in range(n):
        extra = held(w.cell, TODAY - (i + 1) * DAY, kind="extraordinary")
        Minutes.objects.create(meeting=extra)
        assign(extra, w.secretary, deadline=TODAY + (i - 1) * DAY, title=f"Việc {i}")
        Notification.objects.create(user=w.secretary_user, title=f"Tin {i}")
    return w


def count_queries(client, user):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    return len(queries), response


def test_personal_home_queries_do_not_grow_with_rows(client, frozen_today):
    few_world, many_world = populate(2), populate(10)
    few, _response = count_queries(client, few_world.secretary_user)
    many, many_response = count_queries(client, many_world.secretary_user)
    (cell_home,) = many_response.context["cell_homes"]
    mine = many_response.context["member_home"]
    assert len(cell_home.flagged) == 10 and len(cell_home.minutes) == 13
    assert len(cell_home.tasks) == 20 and len(mine.tasks) == 10
    assert len(cell_home.checklist.not_opened) == 11 and mine.unread == 10
    assert len(mine.next_meeting.documents) == 10 and len(mine.next_meeting.agenda) == 10
    assert few == many
