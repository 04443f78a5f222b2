"""Agenda editing (DOMAIN §4.2): `meetings/views/agenda.py` over `meetings/services.py:agenda_*`.

Each action works as a plain POST (redirect + message) and as an htmx request (the agenda
partial); bad input is refused with a clear message and saves nothing.
"""

import copy
import datetime
import html
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings.models import AgendaItem, Meeting
from meetings.planning.meetings import meeting_create
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

HTMX = {"HX-Request": "true"}
PARTIAL = "meetings/_agenda.html"


@pytest.fixture(scope="module")
def _world(module_db):
    """Built once for the module (see `module_db`); each test gets a copy and a savepoint."""
    committee = CommitteeFactory()
    term = TermFactory(committee=committee)
    cell = CellFactory(committee=committee)
    other_cell = CellFactory(committee=committee)

    def person(c, role=None):
        member = MemberFactory(committee=committee, cell=c)
        if role:
            PositionFactory(member=member, cell=c, role=role, term=term)
        return member

    meeting = MeetingFactory(cell=cell)
    political = AgendaItemFactory(meeting=meeting, section="political", title="P1", position=10)
    other = [
        AgendaItemFactory(meeting=meeting, section="other", title=title, position=position)
        for title, position in (("A", 10), ("B", 20), ("C", 30))
    ]
    return {
        "committee": committee,
        "cell": cell,
        "meeting": meeting,
        "political": political,
        "a": other[0],
        "b": other[1],
        "c": other[2],
        "secretary": member_user(person(cell, "cell_secretary")),
        "member": member_user(person(cell)),
        "secretary_other_cell": member_user(person(other_cell, "cell_secretary")),
        "presenter": person(cell),
        "other_meeting": MeetingFactory(cell=other_cell),
    }


@pytest.fixture
def world(_world, db, client):
    return {**copy.deepcopy(_world), "client": client}


def _client(world, who="secretary"):
    """Logged in, in English: the assertions name the English source strings."""
    client = world["client"]
    client.force_login(world[who])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _url(name, meeting, item=None):
    args = [meeting.pk] if item is None else [meeting.pk, item.pk if hasattr(item, "pk") else item]
    return reverse(f"meetings:{name}", args=args)


def _snapshot():
    """Everything an agenda write could change, history included."""
    items = AgendaItem.objects.order_by("pk").values_list(
        "pk", "meeting_id", "section", "position", "title", "presenter_id", "notes"
    )
    return list(items), AgendaItem.history.count()


def _titles(response):
    """The item titles in the order the page or partial shows them."""
    found = re.findall(
        r'class="fw-semibold d-inline agenda-title">([^<]*)<', response.content.decode()
    )
    return [html.unescape(title) for title in found]


def _order(meeting, section="other"):
    return list(
        meeting.agenda_items.filter(section=section)
        .order_by("position", "pk")
        .values_list("title", flat=True)
    )


def _templates(response):
    return [t.name for t in response.templates]


def _free_month_day(cell, day=12):
    """A day of the first month from next month on in which the cell has no meeting yet (the
    factories' meetings fall on fixed months, which may be next month)."""
    first = (timezone.localdate().replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    taken = set(Meeting.objects.filter(cell=cell).values_list("month", flat=True))
    while first in taken:
        first = (first + datetime.timedelta(days=32)).replace(day=1)
    return first.replace(day=day)


# --- the standard sections --------------------------------------------------------------------


def test_a_regular_meeting_starts_with_the_three_standard_items(world):
    meeting = meeting_create(
        committee=world["committee"],
        body="cell",
        cell=world["cell"],
        kind="regular",
        date=_free_month_day(world["cell"]),
        start_time=datetime.time(16, 30),
        by=world["secretary"],
    )
    items = list(meeting.agenda_items.order_by("position"))
    assert [i.section for i in items] == ["political", "tasks", "party"]
    assert all(i.title for i in items)
    response = _client(world).get(meeting.get_absolute_url())
    assert _titles(response) == [i.title for i in items]
    # The secretary gets the controls and the add form; the standard items can be edited too.
    content = response.content.decode()
    assert content.count("agenda-controls") == 3
    assert "agenda-add" in content


# --- add ----------------------------------------------------------------------------------------


def test_add_without_javascript_redirects_with_a_message(world):
    client = _client(world)
    meeting = world["meeting"]
    response = client.post(
        _url("agenda_add", meeting),
        {
            "section": "other",
            "title": "  Góp ý dự thảo nghị quyết  ",
            "presenter": world["presenter"].pk,
            "notes": "Đọc trước tài liệu.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url() + "#agenda"
    item = meeting.agenda_items.get(title="Góp ý dự thảo nghị quyết")
    assert (item.section, item.position, item.presenter, item.notes) == (
        "other",
        40,
        world["presenter"],
        "Đọc trước tài liệu.",
    )
    assert item.history.first().history_user == world["secretary"]
    page = client.get(response["Location"])
    assert "The item was added to the agenda." in page.content.decode()
    assert _titles(page) == ["P1", "A", "B", "C", "Góp ý dự thảo nghị quyết"]


def test_add_with_htmx_returns_the_agenda_partial_with_an_empty_form(world):
    client = _client(world)
    meeting = world["meeting"]
    response = client.post(
        _url("agenda_add", meeting), {"section": "political", "title": "Thời sự"}, headers=HTMX
    )
    assert response.status_code == 200
    assert _templates(response)[0] == PARTIAL
    assert "base.html" not in _templates(response)
    assert response.content.decode().startswith('<div id="agenda-body">')
    assert not response.context["item_form"].is_bound
    assert response.context["agenda_notice"] == "The item was added to the agenda."
    # Ordered within its section: after P1, before the "other" items.
    assert _titles(response) == ["P1", "Thời sự", "A", "B", "C"]
    assert _order(meeting, "political") == ["P1", "Thời sự"]


def test_the_add_form_offers_the_sections_in_the_standard_order(world):
    response = _client(world).get(world["meeting"].get_absolute_url())
    form = response.context["item_form"]
    assert [v for v, _label in form.fields["section"].choices if v] == [
        "political",
        "tasks",
        "party",
        "other",
    ]
    assert form["section"].value() == "other"


@pytest.mark.parametrize("title", ["", "   ", "x" * 301])
def test_add_refuses_an_empty_or_too_long_title_with_htmx(world, title):
    before = _snapshot()
    response = _client(world).post(
        _url("agenda_add", world["meeting"]), {"section": "other", "title": title}, headers=HTMX
    )
    assert response.status_code == 200
    assert _templates(response)[0] == PARTIAL
    assert "title" in response.context["item_form"].errors
    assert 'class="invalid-feedback' in response.content.decode()
    assert _snapshot() == before


@pytest.mark.parametrize("title", ["", "x" * 301])
def test_add_refuses_a_bad_title_without_javascript(world, title):
    before = _snapshot()
    response = _client(world).post(
        _url("agenda_add", world["meeting"]), {"section": "other", "title": title}
    )
    # The meeting page again, with the posted form and its errors.
    assert response.status_code == 200
    assert "meetings/meeting_detail.html" in _templates(response)
    assert "title" in response.context["item_form"].errors
    assert _snapshot() == before


def test_add_refuses_a_presenter_of_another_committee(world):
    stranger = MemberFactory()
    before = _snapshot()
    response = _client(world).post(
        _url("agenda_add", world["meeting"]),
        {"section": "other", "title": "Ok", "presenter": stranger.pk},
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "presenter" in response.context["item_form"].errors
    assert _snapshot() == before


def test_add_refuses_an_unknown_section(world):
    before = _snapshot()
    response = _client(world).post(
        _url("agenda_add", world["meeting"]), {"section": "gossip", "title": "Ok"}, headers=HTMX
    )
    assert "section" in response.context["item_form"].errors
    assert _snapshot() == before


# --- edit ---------------------------------------------------------------------------------------


def test_edit_with_htmx_swaps_the_items_li_for_its_form(world):
    item = world["b"]
    response = _client(world).get(_url("agenda_edit", world["meeting"], item), headers=HTMX)
    assert response.status_code == 200
    content = response.content.decode().strip()
    assert content.startswith(f'<li class="list-group-item agenda-item" id="agenda-item-{item.pk}"')
    assert 'id="agenda-body"' not in content
    assert response["HX-Retarget"] == f"#agenda-item-{item.pk}"
    assert response.context["edit_form"]["title"].value() == "B"
    # Its own field ids: the add form is on the same page.
    assert f'id="id_item{item.pk}_title"' in content


def test_edit_without_javascript_is_a_page(world):
    item = world["b"]
    response = _client(world).get(_url("agenda_edit", world["meeting"], item))
    assert response.status_code == 200
    assert "meetings/agenda_item_form.html" in _templates(response)
    assert response.context["form"]["title"].value() == "B"


def test_edit_without_javascript_saves_and_redirects(world):
    client = _client(world)
    meeting, item = world["meeting"], world["b"]
    response = client.post(
        _url("agenda_edit", meeting, item),
        {"section": "other", "title": "B2", "presenter": world["presenter"].pk, "notes": "n"},
    )
    assert response.status_code == 302
    assert response["Location"] == meeting.get_absolute_url() + "#agenda"
    item.refresh_from_db()
    assert (item.title, item.presenter, item.notes, item.position) == (
        "B2",
        world["presenter"],
        "n",
        20,
    )
    assert "The changes were saved." in client.get(response["Location"]).content.decode()


def test_edit_with_htmx_returns_the_agenda(world):
    meeting, item = world["meeting"], world["b"]
    response = _client(world).post(
        _url("agenda_edit", meeting, item), {"section": "other", "title": "B2"}, headers=HTMX
    )
    assert response.status_code == 200
    assert response.content.decode().startswith('<div id="agenda-body">')
    assert _titles(response) == ["P1", "A", "B2", "C"]
    assert "HX-Retarget" not in response


def test_edit_into_another_section_goes_to_its_end(world):
    meeting, item = world["meeting"], world["a"]
    _client(world).post(
        _url("agenda_edit", meeting, item), {"section": "political", "title": "A"}, headers=HTMX
    )
    assert _order(meeting, "political") == ["P1", "A"]
    assert _order(meeting, "other") == ["B", "C"]


@pytest.mark.parametrize("title", ["", "x" * 301])
def test_edit_with_a_bad_title_keeps_the_form_with_its_errors(world, title):
    meeting, item = world["meeting"], world["b"]
    before = _snapshot()
    client = _client(world)
    response = client.post(
        _url("agenda_edit", meeting, item), {"section": "other", "title": title}, headers=HTMX
    )
    assert response.status_code == 200
    assert response["HX-Retarget"] == f"#agenda-item-{item.pk}"
    assert "title" in response.context["edit_form"].errors
    assert _snapshot() == before
    response = client.post(_url("agenda_edit", meeting, item), {"section": "other", "title": title})
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert _snapshot() == before


def test_edit_refuses_a_presenter_of_another_committee(world):
    before = _snapshot()
    response = _client(world).post(
        _url("agenda_edit", world["meeting"], world["b"]),
        {"section": "other", "title": "B", "presenter": MemberFactory().pk},
        headers=HTMX,
    )
    assert "presenter" in response.context["edit_form"].errors
    assert _snapshot() == before


# --- move ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_move_up_and_down_within_the_section(world, htmx):
    client = _client(world)
    meeting = world["meeting"]
    headers = HTMX if htmx else {}
    response = client.post(
        _url("agenda_move", meeting, world["c"]), {"direction": "up"}, headers=headers
    )
    assert _order(meeting) == ["A", "C", "B"]
    if htmx:
        assert response.status_code == 200
        assert _titles(response) == ["P1", "A", "C", "B"]
        assert response.context["agenda_notice"] == "The item was moved up."
    else:
        assert response.status_code == 302
        assert response["Location"] == meeting.get_absolute_url() + "#agenda"
    client.post(_url("agenda_move", meeting, world["a"]), {"direction": "down"}, headers=headers)
    assert _order(meeting) == ["C", "A", "B"]
    # Other sections are left alone.
    assert _order(meeting, "political") == ["P1"]
    page = client.get(meeting.get_absolute_url())
    assert _titles(page) == ["P1", "C", "A", "B"]


def test_the_first_item_does_not_move_up(world):
    meeting = world["meeting"]
    before = _snapshot()
    response = _client(world).post(
        _url("agenda_move", meeting, world["a"]), {"direction": "up"}, headers=HTMX
    )
    assert response.status_code == 200
    assert _order(meeting) == ["A", "B", "C"]
    assert _snapshot() == before
    # The first item of each section cannot go up, the last one cannot go down.
    content = response.content.decode()
    assert (
        content.count('value="up" class="btn btn-outline-secondary" title="Move up" disabled') == 2
    )
    assert content.count('class="btn btn-outline-secondary" title="Move down" disabled') == 2


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("direction", ["sideways", ""])
def test_move_refuses_an_unknown_direction(world, htmx, direction):
    client = _client(world)
    meeting = world["meeting"]
    before = _snapshot()
    response = client.post(
        _url("agenda_move", meeting, world["b"]),
        {"direction": direction},
        headers=HTMX if htmx else {},
    )
    assert _snapshot() == before
    if htmx:
        assert response.status_code == 200
        assert response.context["agenda_errors"] == ["Choose up or down."]
        assert 'role="alert">Choose up or down.' in response.content.decode()
    else:
        assert response.status_code == 302
        assert "Choose up or down." in client.get(response["Location"]).content.decode()


# --- remove -------------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True])
def test_remove(world, htmx):
    client = _client(world)
    meeting = world["meeting"]
    response = client.post(_url("agenda_remove", meeting, world["b"]), headers=HTMX if htmx else {})
    assert _order(meeting) == ["A", "C"]
    assert not AgendaItem.objects.filter(pk=world["b"].pk).exists()
    if htmx:
        assert response.status_code == 200
        assert _titles(response) == ["P1", "A", "C"]
    else:
        assert response.status_code == 302
        page = client.get(response["Location"])
        assert "The item was removed from the agenda." in page.content.decode()


def test_the_remove_button_asks_first(world):
    content = _client(world).get(world["meeting"].get_absolute_url()).content.decode()
    assert 'hx-confirm="Remove “B” from the agenda?"' in content


# --- stale and foreign ids ----------------------------------------------------------------------

ITEM_ACTIONS = [
    ("agenda_edit", {"section": "other", "title": "X"}),
    ("agenda_move", {"direction": "up"}),
    ("agenda_remove", {}),
]


@pytest.mark.parametrize(("name", "data"), ITEM_ACTIONS)
def test_an_item_of_another_meeting_in_the_url_is_a_404(world, name, data):
    foreign = AgendaItemFactory(meeting=world["other_meeting"], title="F")
    same_cell = AgendaItemFactory(meeting=MeetingFactory(cell=world["cell"]), title="G")
    client = _client(world)
    before = _snapshot()
    for item in (foreign, same_cell, 999_999):
        url = _url(name, world["meeting"], item)
        assert client.post(url, data).status_code == 404
        assert client.post(url, data, headers=HTMX).status_code == 404
    assert client.get(_url("agenda_edit", world["meeting"], same_cell)).status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(("name", "data"), ITEM_ACTIONS)
def test_a_removed_item_gets_a_clear_message(world, name, data, htmx):
    """A stale page (the item was removed in another tab): say so and show the agenda as it is."""
    client = _client(world)
    meeting, gone = world["meeting"], world["b"]
    client.post(_url("agenda_remove", meeting, gone))
    before = _snapshot()
    message = "This item is no longer on the agenda: someone has removed it."
    response = client.post(_url(name, meeting, gone), data, headers=HTMX if htmx else {})
    assert _snapshot() == before
    if htmx:
        assert response.status_code == 200
        assert response["HX-Retarget"] == "#agenda-body"
        assert response.context["agenda_errors"] == [message]
        assert _titles(response) == ["P1", "A", "C"]
    else:
        assert response.status_code == 302
        assert message in client.get(response["Location"]).content.decode()


def test_opening_the_form_of_a_removed_item_shows_the_agenda_with_a_message(world):
    client = _client(world)
    meeting, gone = world["meeting"], world["b"]
    client.post(_url("agenda_remove", meeting, gone))
    response = client.get(_url("agenda_edit", meeting, gone), headers=HTMX)
    assert response.status_code == 200
    assert response["HX-Retarget"] == "#agenda-body"
    assert response.content.decode().startswith('<div id="agenda-body">')
    assert response.context["agenda_errors"] == [
        "This item is no longer on the agenda: someone has removed it."
    ]


# --- who may ------------------------------------------------------------------------------------

ACTIONS = [
    ("agenda_add", None, {"section": "other", "title": "X"}),
    *[(name, "b", data) for name, data in ITEM_ACTIONS],
]


@pytest.mark.parametrize(("name", "item", "data"), ACTIONS)
def test_a_secretary_of_another_cell_gets_a_404(world, name, item, data):
    client = _client(world, "secretary_other_cell")
    before = _snapshot()
    url = _url(name, world["meeting"], world[item] if item else None)
    assert client.post(url, data).status_code == 404
    assert client.post(url, data, headers=HTMX).status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize(("name", "item", "data"), ACTIONS)
def test_a_member_may_read_her_cells_published_agenda_but_not_change_it(world, name, item, data):
    meeting = world["meeting"]
    meeting.status = "published"
    meeting.save()
    client = _client(world, "member")
    page = client.get(meeting.get_absolute_url())
    assert page.status_code == 200
    assert _titles(page) == ["P1", "A", "B", "C"]
    content = page.content.decode()
    assert "agenda-controls" not in content
    assert "agenda-add" not in content
    before = _snapshot()
    url = _url(name, meeting, world[item] if item else None)
    assert client.post(url, data).status_code == 403
    assert client.post(url, data, headers=HTMX).status_code == 403
    assert _snapshot() == before


def test_a_member_cannot_open_the_edit_form(world):
    world["meeting"].status = "published"
    world["meeting"].save()
    url = _url("agenda_edit", world["meeting"], world["b"])
    assert _client(world, "member").get(url).status_code == 403


def test_a_committee_officer_edits_any_cells_agenda(world):
    world["officer"] = CommitteeRoleFactory(committee=world["committee"], role="officer").user
    response = _client(world, "officer").post(
        _url("agenda_move", world["meeting"], world["c"]), {"direction": "up"}, headers=HTMX
    )
    assert response.status_code == 200
    assert _order(world["meeting"]) == ["A", "C", "B"]


@pytest.mark.parametrize("name", ["agenda_add", "agenda_move", "agenda_remove"])
def test_the_actions_are_post_only(world, name):
    item = None if name == "agenda_add" else world["b"]
    assert _client(world).get(_url(name, world["meeting"], item)).status_code == 405


def test_an_expired_session_sends_htmx_to_the_login_page(world, client):
    response = client.post(
        _url("agenda_move", world["meeting"], world["b"]), {"direction": "up"}, headers=HTMX
    )
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("login"))


# --- a held meeting -----------------------------------------------------------------------------

HELD_MESSAGE = "This meeting has been held; its agenda can no longer change."


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize(("name", "item", "data"), ACTIONS)
def test_a_held_meeting_refuses_changes_with_a_message(world, name, item, data, htmx):
    meeting = world["meeting"]
    meeting.status = "held"
    meeting.save()
    client = _client(world)
    before = _snapshot()
    url = _url(name, meeting, world[item] if item else None)
    response = client.post(url, data, headers=HTMX if htmx else {})
    assert _snapshot() == before
    if htmx:
        assert response.status_code == 200
        assert response.context["agenda_errors"] == [HELD_MESSAGE]
        # Read-only now: no controls, no add form.
        content = response.content.decode()
        assert "agenda-controls" not in content
        assert "agenda-add" not in content
        assert _titles(response) == ["P1", "A", "B", "C"]
    else:
        assert response.status_code == 302
        assert HELD_MESSAGE in client.get(response["Location"]).content.decode()


def test_a_held_meetings_page_has_no_agenda_controls(world):
    meeting = world["meeting"]
    meeting.status = "held"
    meeting.save()
    client = _client(world)
    content = client.get(meeting.get_absolute_url()).content.decode()
    assert "agenda-controls" not in content
    assert "agenda-add" not in content
    response = client.get(_url("agenda_edit", meeting, world["b"]))
    assert response.status_code == 302
    assert HELD_MESSAGE in client.get(response["Location"]).content.decode()


# --- query counts -------------------------------------------------------------------------------


def _add_items(world, count):
    presenter = world["presenter"]
    for n in range(count):
        AgendaItemFactory(
            meeting=world["meeting"],
            section=["political", "tasks", "party", "other"][n % 4],
            presenter=presenter if n % 2 else MemberFactory(committee=world["committee"]),
            notes=f"ghi chú {n}",
        )


@pytest.mark.parametrize("who", ["secretary", "member"])
def test_the_meeting_page_makes_as_many_queries_for_5_as_for_50_items(
    world, who, django_assert_num_queries
):
    meeting = world["meeting"]
    meeting.agenda_items.all().delete()
    if who == "member":
        meeting.status = "published"
        meeting.save()
    client = _client(world, who)
    url = meeting.get_absolute_url()
    _add_items(world, 5)
    client.get(url)  # warm up (session, caches)
    with CaptureQueriesContext(connection) as five:
        response = client.get(url)
    assert len(_titles(response)) == 5
    _add_items(world, 45)
    with django_assert_num_queries(len(five)):
        response = client.get(url)
    assert len(_titles(response)) == 50
    assert ("agenda-add" in response.content.decode()) == (who == "secretary")


def test_the_htmx_partial_makes_as_many_queries_for_5_as_for_50_items(
    world, django_assert_num_queries
):
    meeting = world["meeting"]
    meeting.agenda_items.all().delete()
    client = _client(world)
    url = _url("agenda_add", meeting)
    _add_items(world, 5)
    client.post(url, {"section": "other", "title": "warm-up"}, headers=HTMX)
    with CaptureQueriesContext(connection) as five:
        client.post(url, {"section": "other", "title": "six"}, headers=HTMX)
    _add_items(world, 42)  # 5 + warm-up + six + 42 + fifty
    with django_assert_num_queries(len(five)):
        response = client.post(url, {"section": "other", "title": "fifty"}, headers=HTMX)
    assert len(_titles(response)) == 50
