"""The meeting calendar: the month grid (a list on phones), month navigation, filters, who sees
what, and a query count that does not grow with the meetings."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.views.calendar import parse_month, shift_month
from tests.factories import (
    CellFactory,
    CommitteeRoleFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

URL = reverse("meetings:calendar")
NOVEMBER = datetime.date(2026, 11, 1)


def _get(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def _meetings(response):
    return [entry["meeting"] for entry in response.context["entries"]]


@pytest.fixture
def org(committee, term):
    """Two cells of the committee, each with a published and a draft meeting in November 2026,
    an executive committee meeting, and a meeting of the first cell in December."""
    cell, other = CellFactory(committee=committee), CellFactory(committee=committee)
    return {
        "cell": cell,
        "other": other,
        "published": MeetingFactory(cell=cell, date=datetime.date(2026, 11, 5), status="published"),
        "draft": MeetingFactory(
            cell=cell, kind="topic", date=datetime.date(2026, 11, 19), status="draft"
        ),
        "other_published": MeetingFactory(
            cell=other, date=datetime.date(2026, 11, 5), status="published"
        ),
        "other_draft": MeetingFactory(
            cell=other, kind="extraordinary", date=datetime.date(2026, 11, 26)
        ),
        "executive": MeetingFactory(
            committee=committee,
            body="executive",
            cell=None,
            date=datetime.date(2026, 11, 3),
            status="published",
        ),
        "december": MeetingFactory(cell=cell, date=datetime.date(2026, 12, 4), status="published"),
    }


# --- the month grid ----------------------------------------------------------------------------


def test_officer_sees_every_meeting_of_the_month_in_a_monday_first_grid(client, officer, org):
    response = _get(client, officer, month="2026-11")

    assert response.status_code == 200
    assert response.context["month"] == NOVEMBER
    assert set(_meetings(response)) == {
        org[name] for name in ("published", "draft", "other_published", "other_draft", "executive")
    }
    weeks = response.context["weeks"]
    assert len(weeks) in (5, 6)
    assert all(len(week) == 7 for week in weeks)
    assert all(week[0]["date"].weekday() == 0 for week in weeks)
    days = {day["date"]: day for week in weeks for day in week}
    assert [e["meeting"] for e in days[datetime.date(2026, 11, 5)]["entries"]] == [
        org["published"],
        org["other_published"],
    ]
    # 1 November 2026 is a Sunday: the grid opens on Monday 26 October, outside the month.
    assert not days[datetime.date(2026, 10, 26)]["in_month"]
    assert days[datetime.date(2026, 10, 26)]["entries"] == []

    content = response.content.decode()
    for name in ("published", "draft", "executive"):
        assert f'href="{org[name].get_absolute_url()}"' in content
    assert org["december"].get_absolute_url() not in content
    assert org["cell"].name in content
    assert "<caption" in content
    assert 'scope="col"' in content


def test_meetings_are_coloured_by_cell_and_the_bodies_share_one_colour(client, officer, org):
    response = _get(client, officer, month="2026-11")

    colours = {entry["meeting"]: entry["colour"] for entry in response.context["entries"]}
    assert colours[org["published"]] == f"cell-colour-{org['cell'].pk % 8}"
    assert colours[org["draft"]] == colours[org["published"]]
    assert colours[org["other_published"]] == f"cell-colour-{org['other'].pk % 8}"
    assert colours[org["executive"]] == "cell-colour-body"
    content = response.content.decode()
    assert f"calendar-meeting cell-colour-{org['cell'].pk % 8} calendar-status-draft" in content


def test_the_phone_list_groups_the_month_by_day(client, officer, org):
    response = _get(client, officer, month="2026-11")

    days = response.context["list_days"]
    assert [day["date"].day for day in days] == [3, 5, 19, 26]
    assert len(days[1]["entries"]) == 2
    # Each meeting appears once in the grid and once in the phone list.
    assert response.content.decode().count(f'href="{org["draft"].get_absolute_url()}"') == 2


def test_an_empty_month_says_so(client, officer, org):
    response = _get(client, officer, month="2026-08")

    assert response.status_code == 200
    assert response.context["entries"] == []
    assert response.context["list_days"] == []


def test_this_month_is_the_default_and_today_is_highlighted(client, officer, committee):
    today = timezone.localdate()
    meeting = MeetingFactory(cell=CellFactory(committee=committee), date=today)

    response = _get(client, officer)

    assert response.context["month"] == today.replace(day=1)
    assert response.context["is_this_month"]
    assert _meetings(response) == [meeting]
    highlighted = [
        day["date"] for week in response.context["weeks"] for day in week if day["is_today"]
    ]
    assert highlighted == [today]
    assert 'aria-current="date"' in response.content.decode()


@pytest.mark.parametrize(
    "value", ["2026-13", "2026-00", "nonsense", "26-11", "2026-1", "0000-01", "9999-12", " "]
)
def test_a_bad_month_shows_this_month(client, officer, value):
    response = _get(client, officer, month=value)

    assert response.status_code == 200
    assert response.context["month"] == timezone.localdate().replace(day=1)


def test_parse_and_shift_month():
    today = datetime.date(2026, 3, 17)
    assert parse_month("2026-11", today) == NOVEMBER
    assert parse_month(None, today) == datetime.date(2026, 3, 1)
    assert shift_month(datetime.date(2026, 12, 1), 1) == datetime.date(2027, 1, 1)
    assert shift_month(datetime.date(2026, 1, 1), -1) == datetime.date(2025, 12, 1)


# --- month navigation and filters --------------------------------------------------------------


def test_month_links_keep_the_filters(client, officer, org):
    cell = org["cell"]
    response = _get(client, officer, month="2026-12", cell=cell.pk, kind="regular")

    context = response.context
    assert context["prev_url"] == f"?month=2026-11&cell={cell.pk}&kind=regular"
    assert context["next_url"] == f"?month=2027-01&cell={cell.pk}&kind=regular"
    today = timezone.localdate()
    assert context["today_url"] == f"?month={today:%Y-%m}&cell={cell.pk}&kind=regular"
    assert _meetings(response) == [org["december"]]
    # The filter form carries the month, so filtering stays on it.
    assert 'name="month" value="2026-12"' in response.content.decode()

    following = client.get(URL + context["prev_url"])
    assert set(_meetings(following)) == {org["published"]}


def test_filter_by_cell(client, officer, org):
    response = _get(client, officer, month="2026-11", cell=org["other"].pk)

    assert set(_meetings(response)) == {org["other_published"], org["other_draft"]}


def test_filter_by_kind_and_status(client, officer, org):
    assert set(_meetings(_get(client, officer, month="2026-11", kind="topic"))) == {org["draft"]}
    published = _get(client, officer, month="2026-11", status="published")
    assert set(_meetings(published)) == {
        org["published"],
        org["other_published"],
        org["executive"],
    }


def test_the_cell_choices_are_the_committees_cells_only(client, officer, org, other_committee):
    foreign = CellFactory(committee=other_committee)

    response = _get(client, officer, month="2026-11")
    choices = list(response.context["filter"].form.fields["cell"].queryset)
    assert org["cell"] in choices and org["other"] in choices
    assert foreign not in choices

    # A cell of another committee is a form error, not a filter and not a 500.
    crafted = _get(client, officer, month="2026-11", cell=foreign.pk, kind="bogus")
    assert crafted.status_code == 200
    assert crafted.context["filter"].form.errors.keys() == {"cell", "kind"}
    assert len(_meetings(crafted)) == 5


# --- who sees what -----------------------------------------------------------------------------


def test_a_member_sees_her_cells_published_meetings_only(client, committee, org):
    user = member_user(MemberFactory(committee=committee, cell=org["cell"]))

    response = _get(client, user, month="2026-11")

    assert response.status_code == 200
    assert _meetings(response) == [org["published"]]
    content = response.content.decode()
    assert org["draft"].get_absolute_url() not in content
    assert org["other_published"].get_absolute_url() not in content
    assert reverse("meetings:create") not in content
    assert reverse("meetings:schedule") not in content
    # Another cell's meeting is a 404 on its own page too.
    assert client.get(org["other_published"].get_absolute_url()).status_code == 404


def test_a_cell_secretary_sees_her_cells_drafts_and_may_plan(client, committee, org):
    member = MemberFactory(committee=committee, cell=org["cell"])
    PositionFactory(member=member, cell=org["cell"], role="cell_secretary")
    user = member_user(member)

    response = _get(client, user, month="2026-11")

    assert set(_meetings(response)) == {org["published"], org["draft"]}
    content = response.content.decode()
    assert f'href="{reverse("meetings:create")}"' in content
    assert f'href="{reverse("meetings:schedule")}"' not in content


def test_an_officer_may_plan_the_year(client, officer, org):
    content = _get(client, officer, month="2026-11").content.decode()

    assert f'href="{reverse("meetings:create")}"' in content
    assert f'href="{reverse("meetings:schedule")}"' in content


def test_an_observer_sees_published_cell_meetings(client, committee, org):
    user = CommitteeRoleFactory(committee=committee, role="observer").user

    response = _get(client, user, month="2026-11")

    assert response.status_code == 200
    assert set(_meetings(response)) == {org["published"], org["other_published"]}
    content = response.content.decode()
    assert reverse("meetings:create") not in content
    assert reverse("meetings:schedule") not in content


def test_an_officer_of_another_committee_sees_none_of_them(client, outsider, org):
    response = _get(client, outsider, month="2026-11")

    assert response.status_code == 200
    assert _meetings(response) == []


def test_a_user_without_a_role_gets_403(client, plain_user, org):
    assert _get(client, plain_user, month="2026-11").status_code == 403


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert reverse("login") in response["Location"]


# --- query budget ------------------------------------------------------------------------------


def test_the_same_number_of_queries_for_5_and_for_50_meetings(client, officer, committee):
    cells = CellFactory.create_batch(8, committee=committee)
    kinds = ["regular", "topic", "review", "extraordinary"]
    statuses = ["draft", "published", "held", "approved"]

    def plan(count, start):
        for n in range(start, start + count):
            MeetingFactory(
                cell=cells[n % len(cells)],
                kind="extraordinary" if n >= 8 else kinds[n % len(kinds)],
                status=statuses[n % len(statuses)],
                date=datetime.date(2026, 11, 1 + n % 30),
            )

    client.force_login(officer)
    plan(4, 0)
    MeetingFactory(committee=committee, body="executive", cell=None, date=NOVEMBER)
    with CaptureQueriesContext(connection) as few:
        response = client.get(URL, {"month": "2026-11"})
    assert len(response.context["entries"]) == 5

    plan(45, 4)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"month": "2026-11"})
    assert len(response.context["entries"]) == 50

    print(f"calendar queries: {len(few)} for 5 meetings, {len(many)} for 50")
    assert len(few) == len(many), "\n".join(q["sql"] for q in many.captured_queries)


def test_the_month_is_kept_per_user_and_filter_until_a_meeting_changes(
    client, officer, org, page_cache, django_capture_on_commit_callbacks
):
    """One cached part per user, filter and day (`core.versions`): a meeting planned in the
    committee shows at once."""

    def get(**params):
        with CaptureQueriesContext(connection) as queries:
            response = _get(client, officer, **params)
        assert response.status_code == 200
        return response.content.decode(), len(queries)

    first, made = get(month="2026-11")
    kept = get(month="2026-11")[1]
    assert kept < made
    assert get(month="2026-12")[1] > kept  # another month: another part
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        late = MeetingFactory(
            cell=org["other"], kind="topic", date=datetime.date(2026, 11, 28), status="published"
        )
    after, queries = get(month="2026-11")
    assert queries > kept
    url = reverse("meetings:detail", args=[late.pk])
    assert url in after and url not in first
