"""Members prepare (DOMAIN §4.3): `meetings/preparation.py` and `meetings/views/preparation.py`.

A member of the meeting's body marks "Studied the documents" and writes one prepared comment per
agenda item, visible to her and the meeting's officers, until the meeting starts. Bad input is
refused with a clear message and saves nothing; the officer's meeting page costs as many queries
for 5 members as for 50.
"""

import copy
import datetime
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from meetings.models import PreparedComment, StudyMark
from meetings.planning import preparation
from meetings.selectors import body_members
from members import access
from members.models import CellMembership
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


@pytest.fixture(autouse=True)
def english():
    """The assertions name the English source strings (services too, outside a request)."""
    with translation.override("en"):
        yield


def _in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


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

    meeting = MeetingFactory(cell=cell, status="published", date=_in_days(10))
    items = [
        AgendaItemFactory(meeting=meeting, section="other", title=f"Item {n}", position=n * 10)
        for n in (1, 2)
    ]
    other_cell_meeting = MeetingFactory(cell=other_cell, status="published", date=_in_days(10))
    return {
        "committee": committee,
        "cell": cell,
        "meeting": meeting,
        "item": items[0],
        "item2": items[1],
        "secretary": member_user(person(cell, "cell_secretary")),
        "member": member_user(person(cell)),
        "member2": member_user(person(cell)),
        "member_other_cell": member_user(person(other_cell)),
        "officer": CommitteeRoleFactory(committee=committee, role="officer").user,
        "observer": CommitteeRoleFactory(committee=committee, role="observer").user,
        "other_cell_meeting": other_cell_meeting,
        "other_cell_item": AgendaItemFactory(meeting=other_cell_meeting, title="Elsewhere"),
    }


@pytest.fixture
def world(_world, db, client):
    return {**copy.deepcopy(_world), "client": client}


def _client(world, who="member"):
    """Logged in, in English: the assertions name the English source strings."""
    client = world["client"]
    client.force_login(world[who])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _comment_url(meeting, item):
    return reverse("meetings:comment_save", args=[meeting.pk, item.pk])


def _study_url(meeting):
    return reverse("meetings:study_mark", args=[meeting.pk])


def _another(world, *, status, date, **kwargs):
    """Another meeting of the cell: a topic session (one regular meeting per cell and month)."""
    return MeetingFactory(
        cell=world["cell"], kind="topic", topic="Chuyên đề", status=status, date=date, **kwargs
    )


def _snapshot():
    """Everything preparation could change, history included."""
    comments = list(
        PreparedComment.objects.order_by("pk").values_list("agenda_item_id", "member_id", "text")
    )
    marks = list(StudyMark.objects.order_by("pk").values_list("meeting_id", "member_id"))
    return comments, PreparedComment.history.count(), marks


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def _page(client, meeting):
    return client.get(meeting.get_absolute_url()).content.decode()


# --- "Studied the documents" ------------------------------------------------------------------


def test_a_member_marks_the_documents_studied_once(world):
    client = _client(world)
    meeting = world["meeting"]
    assert "Studied the documents</button>" in _page(client, meeting)
    for _ in range(2):
        response = client.post(_study_url(meeting), follow=True)
        assert response.status_code == 200
    assert StudyMark.objects.filter(meeting=meeting).count() == 1
    page = response.content.decode()
    assert "Marked: you have studied the documents." in page
    assert "You marked “Studied the documents”" in page
    assert "Studied the documents</button>" not in page


def test_study_mark_with_htmx_returns_the_card(world):
    response = _client(world).post(_study_url(world["meeting"]), headers=HTMX)
    assert [t.name for t in response.templates] == ["meetings/_preparation.html"]
    content = response.content.decode()
    assert 'id="preparation"' in content
    assert "You marked “Studied the documents”" in content


def test_the_service_is_idempotent(world):
    member = world["member"].member
    first = preparation.study_mark(meeting=world["meeting"], member=member, by=world["member"])
    again = preparation.study_mark(meeting=world["meeting"], member=member, by=world["member"])
    assert first.pk == again.pk and first.marked_at == again.marked_at


def test_the_secretary_sees_how_many_and_who_have_studied(world):
    for who in ("member", "member2"):
        preparation.study_mark(meeting=world["meeting"], member=world[who].member, by=world[who])
    page = _page(_client(world, "secretary"), world["meeting"])
    # The cell has three members: the secretary, member and member2.
    assert "Studied the documents: <strong>2/3</strong>" in page
    assert world["member"].member.full_name in page
    assert world["member2"].member.full_name in page


def test_a_member_does_not_see_who_has_studied(world):
    preparation.study_mark(
        meeting=world["meeting"], member=world["member2"].member, by=world["member2"]
    )
    page = _page(_client(world), world["meeting"])
    assert "study-count" not in page
    assert world["member2"].member.full_name not in page


def test_marking_after_the_start_is_refused(world):
    meeting = _another(world, status="published", date=_in_days(-1))
    before = _snapshot()
    response = _client(world).post(_study_url(meeting), follow=True)
    assert "The meeting has started" in " ".join(_messages(response))
    assert _snapshot() == before


def test_marking_with_htmx_after_the_start_shows_why(world):
    meeting = _another(world, status="published", date=_in_days(-1))
    response = _client(world).post(_study_url(meeting), headers=HTMX)
    assert response.status_code == 200
    assert "preparation-error" in response.content.decode()
    assert not StudyMark.objects.exists()


# --- prepared comments: write, edit, clear ----------------------------------------------------


def test_a_member_writes_edits_and_clears_her_comment(world):
    client = _client(world)
    meeting, item = world["meeting"], world["item"]
    url = _comment_url(meeting, item)

    response = client.post(url, {"text": "  Đề nghị bổ sung chỉ tiêu.\r\nThêm dòng.  "})
    assert response.status_code == 302
    assert response["Location"] == f"{meeting.get_absolute_url()}#agenda-item-{item.pk}"
    comment = PreparedComment.objects.get()
    assert comment.member == world["member"].member
    assert comment.text == "Đề nghị bổ sung chỉ tiêu.\nThêm dòng."
    assert "Đề nghị bổ sung chỉ tiêu.<br>Thêm dòng." in _page(client, meeting)

    client.post(url, {"text": "Ý kiến đã sửa"})
    assert PreparedComment.objects.get().text == "Ý kiến đã sửa"
    assert PreparedComment.objects.count() == 1

    response = client.post(url, {"text": "   "}, follow=True)
    assert "Your prepared comment was removed." in _messages(response)
    assert not PreparedComment.objects.exists()
    # Every version stays in the history, with who wrote it.
    history = PreparedComment.history.order_by("history_date")
    assert [h.history_type for h in history] == ["+", "~", "-"]
    assert {h.history_user for h in history} == {world["member"]}


def test_saving_the_same_text_again_adds_no_history(world):
    member = world["member"].member
    for _ in range(2):
        preparation.comment_save(
            item=world["item"], member=member, text="Như cũ", by=world["member"]
        )
    assert PreparedComment.history.count() == 1


def test_a_comment_with_htmx_returns_the_items_partial(world):
    meeting, item = world["meeting"], world["item"]
    response = _client(world).post(_comment_url(meeting, item), {"text": "Qua htmx"}, headers=HTMX)
    assert [t.name for t in response.templates] == ["meetings/_item_comments.html"]
    content = response.content.decode()
    assert f'id="item-comments-{item.pk}"' in content
    assert "Your prepared comment was saved." in content
    assert "Qua htmx" in content
    assert f'hx-post="{_comment_url(meeting, item)}"' in content
    assert f'action="{_comment_url(meeting, item)}"' in content


def test_the_no_js_form_page(world):
    meeting, item = world["meeting"], world["item"]
    preparation.comment_save(
        item=item, member=world["member"].member, text="Đã viết", by=world["member"]
    )
    response = _client(world).get(_comment_url(meeting, item))
    assert response.status_code == 200
    content = response.content.decode()
    assert item.title in content
    assert "Đã viết</textarea>" in content


def test_the_form_page_says_when_preparation_is_closed(world):
    meeting = _another(world, status="published", date=_in_days(-1))
    item = AgendaItemFactory(meeting=meeting)
    response = _client(world).get(_comment_url(meeting, item))
    assert response.status_code == 200
    content = response.content.decode()
    assert "The meeting has started: preparation is closed." in content
    assert "<textarea" not in content


def test_an_empty_comment_with_nothing_to_remove_is_refused(world):
    response = _client(world).post(_comment_url(world["meeting"], world["item"]), {"text": ""})
    assert response.status_code == 200
    assert "Write your comment first." in response.content.decode()
    assert not PreparedComment.objects.exists()


# --- who reads a comment ----------------------------------------------------------------------


def test_another_member_does_not_see_her_comment(world):
    preparation.comment_save(
        item=world["item"], member=world["member"].member, text="Chỉ tôi và cấp ủy", by=None
    )
    page = _page(_client(world, "member2"), world["meeting"])
    assert "Chỉ tôi và cấp ủy" not in page
    assert preparation.comments_for(world["meeting"], world["member2"]) == {}


def test_the_secretary_sees_every_comment_with_its_author(world):
    for who, text in (("member", "Ý kiến một"), ("member2", "Ý kiến hai")):
        preparation.comment_save(item=world["item"], member=world[who].member, text=text, by=None)
    page = _page(_client(world, "secretary"), world["meeting"])
    for who, text in (("member", "Ý kiến một"), ("member2", "Ý kiến hai")):
        assert text in page
        assert world[who].member.full_name in page
    assert "2 prepared comments, shown under their items." in page


def test_a_committee_officer_sees_every_comment_but_writes_none(world):
    preparation.comment_save(
        item=world["item"], member=world["member"].member, text="Cấp trên đọc", by=None
    )
    client = _client(world, "officer")
    assert "Cấp trên đọc" in _page(client, world["meeting"])
    before = _snapshot()
    response = client.post(_comment_url(world["meeting"], world["item"]), {"text": "Không được"})
    assert response.status_code == 403
    assert client.post(_study_url(world["meeting"])).status_code == 403
    assert _snapshot() == before


def test_an_observer_may_not_prepare(world):
    client = _client(world, "observer")
    assert client.post(_study_url(world["meeting"])).status_code == 403
    assert client.get(_comment_url(world["meeting"], world["item"])).status_code == 403
    assert not StudyMark.objects.exists()


def test_comments_for_is_one_query(world, django_assert_num_queries):
    for who in ("member", "member2"):
        for item in ("item", "item2"):
            preparation.comment_save(
                item=world[item], member=world[who].member, text=f"{who} {item}", by=None
            )
    meeting = world["meeting"]
    for who in ("secretary", "member"):
        access.access_for(world[who])  # computed once per request, before the page's queries
    with django_assert_num_queries(1):
        everything = preparation.comments_for(meeting, world["secretary"])
    assert {k: len(v) for k, v in everything.items()} == {
        world["item"].pk: 2,
        world["item2"].pk: 2,
    }
    with django_assert_num_queries(1):
        own = preparation.comments_for(meeting, world["member"])
    assert [c.text for comments in own.values() for c in comments] == [
        "member item",
        "member item2",
    ]


# --- bad input: nothing saved, never a 500 ----------------------------------------------------


def test_a_member_of_another_cell_gets_a_404(world):
    client = _client(world, "member_other_cell")
    meeting, item = world["meeting"], world["item"]
    before = _snapshot()
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert client.post(_comment_url(meeting, item), {"text": "Lạc chi bộ"}).status_code == 404
    assert client.post(_study_url(meeting)).status_code == 404
    assert _snapshot() == before


def test_an_item_of_another_meeting_in_the_url_is_a_404(world):
    # Her own cell's second meeting is visible to her; its item does not belong to the first.
    own_other = _another(world, status="published", date=_in_days(40))
    stray = AgendaItemFactory(meeting=own_other)
    client = _client(world)
    before = _snapshot()
    for item in (stray, world["other_cell_item"]):
        url = _comment_url(world["meeting"], item)
        assert client.post(url, {"text": "Sai chỗ"}).status_code == 404
        assert client.post(url, {"text": "Sai chỗ"}, headers=HTMX).status_code == 404
        assert client.get(url).status_code == 404
    assert _snapshot() == before


def test_a_comment_on_a_removed_item_gets_a_clear_message(world):
    meeting, item = world["meeting"], world["item"]
    url = _comment_url(meeting, item)
    item._history_user = None
    item.delete()
    client = _client(world)
    response = client.post(url, {"text": "Muộn"}, headers=HTMX)
    assert response.status_code == 200
    assert "This item is no longer on the agenda" in response.content.decode()
    response = client.post(url, {"text": "Muộn"}, follow=True)
    assert any("no longer on the agenda" in m for m in _messages(response))
    assert not PreparedComment.objects.exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_a_comment_after_the_meeting_started_is_refused(world, htmx):
    meeting = _another(world, status="published", date=_in_days(-1))
    item = AgendaItemFactory(meeting=meeting)
    client = _client(world)
    before = _snapshot()
    headers = HTMX if htmx else {}
    response = client.post(
        _comment_url(meeting, item), {"text": "Quá giờ"}, headers=headers, follow=not htmx
    )
    assert response.status_code == 200
    text = response.content.decode() if htmx else " ".join(_messages(response))
    assert "The meeting has started" in text
    assert _snapshot() == before


def test_a_meeting_of_today_that_has_started_is_refused(world):
    now = timezone.localtime()
    if now.hour == 0 and now.minute < 2:
        pytest.skip("just after midnight: no earlier start time today")
    meeting = _another(
        world,
        status="published",
        date=now.date(),
        start_time=(now - datetime.timedelta(minutes=1)).time().replace(second=0, microsecond=0),
    )
    item = AgendaItemFactory(meeting=meeting)
    with pytest.raises(ValidationError, match="has started"):
        preparation.comment_save(
            item=item, member=world["member"].member, text="Trễ", by=world["member"]
        )
    assert not PreparedComment.objects.exists()


def test_the_start_is_read_in_the_committees_time_zone(world):
    """16:30 in Hà Nội is 09:30 UTC (CI runs in UTC)."""
    meeting = _another(
        world,
        status="published",
        date=datetime.date(2027, 3, 5),
        start_time=datetime.time(16, 30),
    )
    starts = preparation.starts_at(meeting)
    assert starts == datetime.datetime(2027, 3, 5, 9, 30, tzinfo=datetime.UTC)
    item = AgendaItemFactory(meeting=meeting)
    member = world["member"].member
    with mock.patch(
        "django.utils.timezone.now", return_value=starts - datetime.timedelta(seconds=1)
    ):
        assert preparation.is_open(meeting)
        preparation.comment_save(item=item, member=member, text="Kịp giờ", by=None)
    with mock.patch("django.utils.timezone.now", return_value=starts):
        assert not preparation.is_open(meeting)
        with pytest.raises(ValidationError, match="has started"):
            preparation.comment_save(item=item, member=member, text="Trễ giờ", by=None)
    assert PreparedComment.objects.get().text == "Kịp giờ"


@pytest.mark.parametrize("status", ["held", "approved"])
def test_a_held_meeting_is_refused(world, status):
    meeting = _another(world, status=status, date=_in_days(5))
    item = AgendaItemFactory(meeting=meeting)
    with pytest.raises(ValidationError, match="has started"):
        preparation.comment_save(item=item, member=world["member"].member, text="x", by=None)
    with pytest.raises(ValidationError, match="has started"):
        preparation.study_mark(meeting=meeting, member=world["member"].member, by=None)


def test_a_draft_meeting_is_refused(world):
    draft = _another(world, status="draft", date=_in_days(40))
    item = AgendaItemFactory(meeting=draft)
    before = _snapshot()
    # A member does not even see a draft.
    assert _client(world).post(_comment_url(draft, item), {"text": "Sớm"}).status_code == 404
    # The secretary sees it, and is a member of the cell: still refused, with the reason.
    client = _client(world, "secretary")
    response = client.post(_comment_url(draft, item), {"text": "Sớm"}, follow=True)
    assert "has not been published yet" in " ".join(_messages(response))
    response = client.post(_study_url(draft), follow=True)
    assert "has not been published yet" in " ".join(_messages(response))
    assert "Members prepare once the meeting is published." in _page(client, draft)
    assert _snapshot() == before


@pytest.mark.parametrize("htmx", [False, True])
def test_a_comment_of_5001_characters_is_refused(world, htmx):
    meeting, item = world["meeting"], world["item"]
    client = _client(world)
    before = _snapshot()
    response = client.post(
        _comment_url(meeting, item), {"text": "a" * 5001}, headers=HTMX if htmx else {}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "at most 5000 characters (this one has 5001)" in content
    assert "a" * 5001 in content  # her text is kept in the form
    assert _snapshot() == before
    # 5000 is allowed, and a Windows line ending counts as one character.
    client.post(_comment_url(meeting, item), {"text": "a" * 4998 + "\r\n" + "b"})
    assert len(PreparedComment.objects.get().text) == 5000


# --- the meeting's body -----------------------------------------------------------------------


def test_only_members_of_the_cell_on_the_meeting_date_prepare(world):
    meeting = world["meeting"]
    late = MemberFactory(committee=world["committee"])
    late_user = member_user(late)
    CellMembership.objects.create(
        member=late, cell=world["cell"], start_date=meeting.date + datetime.timedelta(days=1)
    )
    with pytest.raises(ValidationError, match="Only the members"):
        preparation.study_mark(meeting=meeting, member=late, by=late_user)
    assert not preparation.is_body_member(meeting, late.pk)
    assert preparation.is_body_member(meeting, world["member"].member.pk)


def test_the_executive_committee_prepares_its_meeting(world, term):
    committee = world["committee"]
    executive = MeetingFactory(
        committee=committee, cell=None, body="executive", status="published", date=_in_days(3)
    )
    holder = PositionFactory(
        member=MemberFactory(committee=committee, cell=world["cell"]),
        role="committee_member",
        term=term,
    ).member
    former = PositionFactory(
        member=MemberFactory(committee=committee),
        role="committee_deputy",
        term=term,
        end_date=_in_days(1),
    ).member
    assert set(body_members(executive)) == {holder}
    preparation.study_mark(meeting=executive, member=holder, by=None)
    with pytest.raises(ValidationError, match="Only the members"):
        preparation.study_mark(meeting=executive, member=former, by=None)
    with pytest.raises(ValidationError, match="Only the members"):
        preparation.study_mark(meeting=executive, member=world["member"].member, by=None)


def test_every_member_on_the_roll_prepares_a_conference(world):
    committee = world["committee"]
    conference = MeetingFactory(
        committee=committee,
        cell=None,
        body="committee",
        kind="conference",
        status="published",
        date=_in_days(3),
    )
    item = AgendaItemFactory(meeting=conference)
    preparation.comment_save(
        item=item, member=world["member_other_cell"].member, text="Hội nghị", by=None
    )
    gone = MemberFactory(committee=committee, status="transferred_out")
    with pytest.raises(ValidationError, match="Only the members"):
        preparation.study_mark(meeting=conference, member=gone, by=None)
    # Through the page too: a member of any cell of the committee.
    response = _client(world, "member_other_cell").post(_study_url(conference))
    assert response.status_code == 302
    assert StudyMark.objects.filter(meeting=conference).count() == 1


# --- query counts -----------------------------------------------------------------------------


def _grow(world, count):
    """`count` members in the cell, each with a mark and a comment on every item."""
    meeting = world["meeting"]
    for _ in range(count):
        member = MemberFactory(committee=world["committee"], cell=world["cell"])
        StudyMark.objects.create(meeting=meeting, member=member)
        for item in (world["item"], world["item2"]):
            PreparedComment.objects.create(agenda_item=item, member=member, text="Ý kiến")


@pytest.mark.parametrize("who", ["secretary", "officer", "member"])
def test_the_meeting_page_makes_as_many_queries_for_5_as_for_50_members(
    world, who, django_assert_num_queries
):
    client = _client(world, who)
    preparation.comment_save(
        item=world["item"], member=world["member"].member, text="Của tôi", by=None
    )
    url = world["meeting"].get_absolute_url()
    client.get(url)  # warm the session and caches
    _grow(world, 5)
    with CaptureQueriesContext(connection) as five:
        response = client.get(url)
    assert response.status_code == 200
    _grow(world, 45)
    with django_assert_num_queries(len(five)):
        response = client.get(url)
    if who != "member":
        assert "Studied the documents: <strong>50/53</strong>" in response.content.decode()
