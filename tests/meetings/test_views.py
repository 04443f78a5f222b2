"""Planning pages: plan a meeting, reschedule it, publish it, plan the year, history."""

import datetime
import re

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting
from tests.factories import (
    AgendaItemFactory,
    CellFactory,
    CommitteeRoleFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    member_user,
)

pytestmark = pytest.mark.django_db


def _next_month_day(day=12):
    today = timezone.localdate()
    first = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return first.replace(day=day)


@pytest.fixture
def setup(committee, client):
    cell = CellFactory(committee=committee, code="T1")
    other = CellFactory(committee=committee, code="T2")
    term = TermFactory(committee=committee)
    secretary = MemberFactory(committee=committee, cell=cell)
    PositionFactory(member=secretary, cell=cell, role="cell_secretary", term=term)
    return {
        "cell": cell,
        "other": other,
        "secretary": member_user(secretary),
        "member": member_user(MemberFactory(committee=committee, cell=cell)),
        "officer": CommitteeRoleFactory(committee=committee, role="officer").user,
        "client": client,
    }


def _plan(client, **overrides):
    data = {
        "body": "cell",
        "kind": "regular",
        "date": _next_month_day().strftime("%d/%m/%Y"),
        "start_time": "16:30",
        "place": "Phòng họp",
    }
    data.update(overrides)
    return client.post(reverse("meetings:create"), data)


def test_secretary_plans_her_cells_meeting(setup):
    client = setup["client"]
    client.force_login(setup["secretary"])
    assert client.get(reverse("meetings:create")).status_code == 200
    response = _plan(client, cell=setup["cell"].pk)
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url()
    assert meeting.agenda_items.count() == 3
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    assert meeting.agenda_items.first().title in page.content.decode()


def test_secretary_cannot_plan_for_another_cell(setup):
    client = setup["client"]
    client.force_login(setup["secretary"])
    response = _plan(client, cell=setup["other"].pk)
    assert "cell" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_second_regular_meeting_in_a_month_is_refused_with_input_kept(setup):
    client = setup["client"]
    client.force_login(setup["officer"])
    _plan(client, cell=setup["cell"].pk)
    response = _plan(
        client,
        cell=setup["cell"].pk,
        place="Phòng khác",
        date=_next_month_day(20).strftime("%d/%m/%Y"),
    )
    assert response.status_code == 200
    assert "date" in response.context["form"].errors
    assert response.context["form"]["place"].value() == "Phòng khác"
    assert Meeting.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"start_time": "25:00"}, "start_time"),
        ({"date": "31/02/2027"}, "date"),
        ({"date": ""}, "date"),
        ({"kind": "party"}, "kind"),
        ({"body": "cell", "cell": ""}, "cell"),
        ({"kind": "topic", "topic": ""}, "topic"),
    ],
)
def test_bad_input_when_planning(setup, overrides, field):
    client = setup["client"]
    client.force_login(setup["officer"])
    response = _plan(client, **{"cell": setup["cell"].pk, **overrides})
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert not Meeting.objects.exists()


def _offered(form, name="clerk"):
    return [pk for pk, _label in form.fields[name].choices if pk != ""]


def test_chair_and_clerk_are_offered_from_the_cells_members(setup, committee):
    """Issue 17 item 16: a cell meeting's chair and clerk lists are that cell's members on the
    meeting date, not the committee's; a member of another cell posted as clerk is refused with a
    message next to the field, and nothing is saved."""
    client = setup["client"]
    cell, other = setup["cell"], setup["other"]
    elsewhere = MemberFactory(committee=committee, cell=other, full_name="Lê Văn Nam")
    MemberFactory(committee=committee)  # on the committee's roll, in no cell
    own = sorted(
        [setup["secretary"].member, setup["member"].member], key=lambda m: (m.name_sort, m.pk)
    )
    client.force_login(setup["officer"])
    page = client.get(reverse("meetings:create") + f"?cell={cell.pk}")
    form = page.context["form"]
    assert [int(v.value) for v in _offered(form, "chair")] == [m.pk for m in own]
    assert [int(v.value) for v in _offered(form)] == [m.pk for m in own]
    # Presenters stay the committee's.
    assert elsewhere in form.fields["presenters"].queryset
    # Posted for the cell: that cell's members on that date.
    response = _plan(client, cell=cell.pk, chair=own[0].pk, clerk=elsewhere.pk)
    assert response.status_code == 200
    form = response.context["form"]
    assert "clerk" in form.errors and "chair" not in form.errors
    assert [int(v.value) for v in _offered(form)] == [m.pk for m in own]
    assert not Meeting.objects.exists()
    ok = _plan(client, cell=cell.pk, chair=own[0].pk, clerk=own[1].pk)
    assert ok.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.chair, meeting.clerk) == (own[0], own[1])
    # The edit page: the meeting's cell's members; another cell's member is refused.
    client.force_login(setup["secretary"])
    url = reverse("meetings:edit", args=[meeting.pk])
    form = client.get(url).context["form"]
    assert [int(v.value) for v in _offered(form)] == [m.pk for m in own]
    data = {
        "kind": "regular",
        "date": meeting.date.strftime("%d/%m/%Y"),
        "start_time": "16:30",
        "chair": own[0].pk,
        "clerk": elsewhere.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "clerk" in response.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.clerk == own[1]


def test_a_cell_secretary_is_offered_her_cells_members(setup, committee):
    """With one cell to plan for, the form starts on it and offers its members."""
    client = setup["client"]
    MemberFactory(committee=committee, cell=setup["other"])
    client.force_login(setup["secretary"])
    form = client.get(reverse("meetings:create")).context["form"]
    own = {setup["secretary"].member.pk, setup["member"].member.pk}
    assert {int(v.value) for v in _offered(form)} == own


def test_officer_plans_an_executive_meeting(setup):
    client = setup["client"]
    client.force_login(setup["officer"])
    response = _plan(client, body="executive")
    assert response.status_code == 302
    assert Meeting.objects.get().body == "executive"


def test_member_may_not_plan(setup):
    client = setup["client"]
    client.force_login(setup["member"])
    assert client.get(reverse("meetings:create")).status_code == 403
    assert _plan(client, cell=setup["cell"].pk).status_code == 403


def test_reschedule_within_the_month_needs_a_reason(setup):
    client = setup["client"]
    client.force_login(setup["secretary"])
    meeting = MeetingFactory(cell=setup["cell"], date=_next_month_day(5))
    url = reverse("meetings:edit", args=[meeting.pk])
    assert client.get(url).status_code == 200
    data = {
        "kind": "regular",
        "date": _next_month_day(9).strftime("%d/%m/%Y"),
        "start_time": "16:30",
    }
    response = client.post(url, data)
    assert "reschedule_reason" in response.context["form"].errors
    moved_out = client.post(
        url,
        {
            **data,
            "date": (_next_month_day(5) + datetime.timedelta(days=40)).strftime("%d/%m/%Y"),
            "reschedule_reason": "Trùng lịch",
        },
    )
    assert "date" in moved_out.context["form"].errors
    ok = client.post(url, {**data, "reschedule_reason": "Trùng lịch thi"})
    assert ok.status_code == 302
    meeting.refresh_from_db()
    assert meeting.date == _next_month_day(9)
    assert meeting.month == _next_month_day(1)
    assert meeting.reschedule_reason == "Trùng lịch thi"


def test_held_meeting_cannot_be_edited(setup):
    client = setup["client"]
    client.force_login(setup["officer"])
    meeting = MeetingFactory(cell=setup["cell"], status="held")
    assert client.get(reverse("meetings:edit", args=[meeting.pk])).status_code == 302


def test_publish_makes_it_visible_to_members(setup):
    client = setup["client"]
    meeting = MeetingFactory(cell=setup["cell"], date=_next_month_day())
    client.force_login(setup["member"])
    assert client.get(meeting.get_absolute_url()).status_code == 404
    client.force_login(setup["secretary"])
    empty = client.post(reverse("meetings:publish", args=[meeting.pk]), follow=True)
    assert any(
        "agenda" in str(m).lower() or "nội dung" in str(m).lower()
        for m in empty.context["messages"]
    )
    AgendaItemFactory(meeting=meeting)
    client.post(reverse("meetings:publish", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == "published"
    client.force_login(setup["member"])
    assert client.get(meeting.get_absolute_url()).status_code == 200
    assert client.post(reverse("meetings:publish", args=[meeting.pk])).status_code == 403


def test_schedule_page_plans_the_year(setup, committee):
    client = setup["client"]
    client.force_login(setup["officer"])
    year = timezone.localdate().year + 1
    assert client.get(reverse("meetings:schedule")).status_code == 200
    response = client.post(reverse("meetings:schedule"), {"year": year})
    assert response.status_code == 302
    assert Meeting.objects.filter(month__year=year).count() == 12 * 3
    again = client.post(reverse("meetings:schedule"), {"year": year})
    assert again.status_code == 302
    assert Meeting.objects.filter(month__year=year).count() == 12 * 3
    bad = client.post(reverse("meetings:schedule"), {"year": 1999})
    assert "year" in bad.context["form"].errors


def test_meeting_history_page(setup):
    client = setup["client"]
    client.force_login(setup["secretary"])
    _plan(client, cell=setup["cell"].pk)
    meeting = Meeting.objects.get()
    response = client.get(reverse("meetings:history", args=[meeting.pk]))
    assert response.context["page"].object_list[0].who == setup["secretary"]


def test_past_meeting_is_recorded_afterwards(setup):
    client = setup["client"]
    client.force_login(setup["officer"])
    _plan(client, cell=setup["cell"].pk, date="05/01/2026")
    meeting = Meeting.objects.get()
    assert meeting.recorded_afterwards and meeting.status == "held"


def test_the_meeting_page_is_kept_per_user_until_the_meeting_changes(
    setup, page_cache, django_capture_on_commit_callbacks
):
    """The page is one cached part per user, meeting, day and CSRF secret (`core.versions`)."""

    client = setup["client"]
    meeting = MeetingFactory(cell=setup["cell"], status="published", date=_next_month_day())
    url = reverse("meetings:detail", args=[meeting.pk])

    def get(user):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return response.content.decode(), len(queries)

    secretary, made = get(setup["secretary"])
    _again, kept = get(setup["secretary"])
    assert kept < made
    member, _queries = get(setup["member"])
    assert secretary != member  # her own part: the secretary's actions are not hers
    # A new CSRF secret (a new login) makes the part again, with a token that matches it.
    client.cookies["csrftoken"] = "a" * 32
    assert get(setup["secretary"])[1] > kept
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        AgendaItemFactory(meeting=meeting, title="Bàn về công tác phát triển đảng viên")
    assert "Bàn về công tác phát triển đảng viên" in get(setup["member"])[0]


def test_a_kept_meeting_page_carries_a_csrf_token_that_is_accepted(setup, page_cache):
    """A form from a cached part posts: its token is the one of her own CSRF secret."""
    meeting = MeetingFactory(cell=setup["cell"], status="draft", date=_next_month_day())
    client = Client(enforce_csrf_checks=True)
    client.force_login(setup["secretary"])
    url = reverse("meetings:detail", args=[meeting.pk])
    client.get(url)
    html = client.get(url).content.decode()  # from the cache
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(
        reverse("meetings:agenda_add", args=[meeting.pk]),
        {"csrfmiddlewaretoken": token, "section": "other", "title": "Việc khác"},
    )
    assert response.status_code in (200, 302)
    assert meeting.agenda_items.filter(title="Việc khác").exists()
