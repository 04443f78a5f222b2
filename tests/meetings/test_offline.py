"""Reading offline (issue 24), the server's side: which answers are marked safe to keep on a
member's phone (`members/offline.py`, `core/offline.py`), the receipt of a document opened offline
(`meetings.views.documents.document_read`) and the check of what a phone may still keep
(`meetings/views/offline.py`).
"""

import datetime
import json
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cells.services import rules_update
from core import offline as headers
from meetings.models import Document, ReadReceipt
from meetings.planning import documents as services
from tests.factories import (
    CellFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def world(committee, term, client, officer):
    cell = CellFactory(committee=committee)
    other_cell = CellFactory(committee=committee)
    secretary = MemberFactory(committee=committee, cell=cell)
    PositionFactory(member=secretary, cell=cell, role="cell_secretary", term=term)
    reader = MemberFactory(committee=committee, cell=cell)
    today = timezone.localdate()
    meeting = MeetingFactory(cell=cell, status="published", date=today + datetime.timedelta(3))
    secretary_user = member_user(secretary)
    document = services.document_add(
        meeting=meeting,
        upload=SimpleUploadedFile("nghi-quyet.pdf", PDF, "application/pdf"),
        title="Nghị quyết",
        by=secretary_user,
    )
    return {
        "client": client,
        "committee": committee,
        "officer": officer,
        "meeting": meeting,
        "document": document,
        "secretary": secretary_user,
        "reader": reader,
        "member": member_user(reader),
        "member_other_cell": member_user(MemberFactory(committee=committee, cell=other_cell)),
    }


def _client(world, who="member"):
    client = world["client"]
    client.force_login(world[who])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _get(client, url, **extra):
    response = client.get(url, **extra)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def _meeting_url(world):
    return world["meeting"].get_absolute_url()


def _document_url(world):
    return world["document"].get_absolute_url()


def _read_url(world):
    return reverse("meetings:document_read", args=[world["meeting"].pk, world["document"].pk])


def _set_days(world, days):
    rules_update(committee=world["committee"], by=world["officer"], offline_keep_days=days)


# --- what is marked -------------------------------------------------------------------------------


def test_her_next_meeting_its_document_and_her_tasks_are_marked_for_her_committee_days(world):
    client = _client(world)
    meeting = _get(client, _meeting_url(world))
    assert meeting[headers.KEEP_HEADER] == "14"  # the default setting
    assert unquote(meeting[headers.TITLE_HEADER]) == str(world["meeting"])
    document = _get(client, _document_url(world))
    assert document[headers.KEEP_HEADER] == "14"
    assert document[headers.RECEIPT_HEADER] == _read_url(world)
    tasks = _get(client, reverse("meetings:my_tasks"))
    assert tasks[headers.KEEP_HEADER] == "14"
    # Never kept by the browser's own cache: only the service worker keeps marked pages.
    assert meeting["Cache-Control"] == "private, no-store"


def test_the_committee_setting_decides_the_days_and_zero_keeps_nothing(world):
    client = _client(world)
    _set_days(world, 3)
    assert _get(client, _meeting_url(world))[headers.KEEP_HEADER] == "3"
    _set_days(world, 0)
    for url in (_meeting_url(world), _document_url(world), reverse("meetings:my_tasks")):
        response = _get(client, url)
        assert response.status_code == 200
        assert headers.KEEP_HEADER not in response


def test_a_meeting_held_longer_ago_than_the_setting_is_not_kept(world):
    meeting = world["meeting"]
    meeting.date = timezone.localdate() - datetime.timedelta(days=10)
    meeting.save(update_fields=["date"])
    client = _client(world)
    _set_days(world, 10)
    assert headers.KEEP_HEADER in _get(client, _meeting_url(world))
    _set_days(world, 9)
    assert headers.KEEP_HEADER not in _get(client, _meeting_url(world))
    assert headers.KEEP_HEADER not in _get(client, _document_url(world))


def test_a_user_without_a_member_record_keeps_nothing(world, observer, client):
    client.force_login(observer)
    response = _get(client, _meeting_url(world))
    assert response.status_code == 200
    assert headers.KEEP_HEADER not in response
    assert headers.KEEP_HEADER not in _get(client, _document_url(world))


def test_a_page_of_another_page_of_tasks_or_a_meeting_with_a_failed_form_is_not_kept(world):
    client = _client(world)
    assert headers.KEEP_HEADER not in _get(client, reverse("meetings:my_tasks") + "?page=2")
    secretary = _client(world, "secretary")
    response = secretary.post(
        reverse("meetings:agenda_add", args=[world["meeting"].pk]), {"title": ""}
    )
    assert headers.KEEP_HEADER not in response


def test_a_spoofed_prefetch_header_on_a_confidential_page_marks_nothing(world):
    client = _client(world, "secretary")
    url = reverse("meetings:criticism", args=[world["meeting"].pk])
    response = client.get(url, headers={headers.PREFETCH_HEADER: "1"})
    assert headers.KEEP_HEADER not in response


def test_every_answer_names_who_it_is_for_by_a_key(world, client):
    anonymous = client.get(reverse("login"))
    assert anonymous[headers.USER_HEADER] == headers.ANONYMOUS
    client = _client(world)
    mine = client.get(reverse("dashboard:home"), follow=True)
    key = mine[headers.USER_HEADER]
    assert key == headers.user_key(world["member"]) and str(world["member"].pk) != key
    client.force_login(world["secretary"])
    assert client.get(reverse("dashboard:home"), follow=True)[headers.USER_HEADER] != key


# --- documents fetched to keep, opened offline ----------------------------------------------------


def test_a_document_fetched_to_keep_records_no_receipt_and_opening_it_does(world):
    client = _client(world)
    _get(client, _document_url(world), headers={headers.PREFETCH_HEADER: "1"})
    assert not ReadReceipt.objects.exists()
    _get(client, _document_url(world))
    receipt = ReadReceipt.objects.get()
    assert (receipt.member, receipt.offline) == (world["reader"], False)


def _millis(moment: datetime.datetime) -> str:
    return str(int(moment.timestamp() * 1000))


def test_a_document_opened_offline_is_recorded_at_the_moment_she_opened_it(world):
    Document.objects.filter(pk=world["document"].pk).update(
        uploaded_at=timezone.now() - datetime.timedelta(days=1)
    )
    client = _client(world)
    opened = timezone.now() - datetime.timedelta(minutes=30)
    response = client.post(_read_url(world), {"opened_at": _millis(opened)})
    assert response.status_code == 204
    receipt = ReadReceipt.objects.get()
    assert receipt.member == world["reader"] and receipt.offline
    assert abs(receipt.opened_at - opened) < datetime.timedelta(seconds=1)
    # Posted again (a second phone, a retry): the first opening counts.
    client.post(_read_url(world), {"opened_at": _millis(timezone.now())})
    assert ReadReceipt.objects.get().opened_at == receipt.opened_at


def test_an_impossible_moment_is_kept_within_what_can_be_true(world):
    client = _client(world)
    client.post(_read_url(world), {"opened_at": _millis(timezone.now() + datetime.timedelta(9))})
    receipt = ReadReceipt.objects.get()
    assert receipt.opened_at <= timezone.now()
    receipt.delete()
    client.post(_read_url(world), {"opened_at": "0"})
    world["document"].refresh_from_db()
    assert ReadReceipt.objects.get().opened_at == world["document"].uploaded_at


@pytest.mark.parametrize("value", ["", "soon", "1e400", "99999999999999999999999"])
def test_a_missing_or_unreadable_moment_is_refused_and_nothing_is_recorded(world, value):
    response = _client(world).post(_read_url(world), {"opened_at": value})
    assert response.status_code == 400
    assert not ReadReceipt.objects.exists()


def test_the_receipt_is_post_only_and_refused_outside_what_she_may_see(world, observer):
    client = _client(world)
    assert client.get(_read_url(world)).status_code == 405
    other = _client(world, "member_other_cell")
    assert other.post(_read_url(world), {"opened_at": "1"}).status_code == 404
    world["document"].archived = True
    world["document"].save(update_fields=["archived"])
    assert _client(world).post(_read_url(world), {"opened_at": "1"}).status_code == 404
    assert not ReadReceipt.objects.exists()


def test_a_user_without_a_member_record_posts_nothing_to_record(world, observer, client):
    client.force_login(observer)
    assert client.post(_read_url(world), {"opened_at": "1"}).status_code == 204
    assert not ReadReceipt.objects.exists()


# --- back online: what she may still keep ---------------------------------------------------------


def _check(client, urls):
    return client.post(
        reverse("meetings:offline_check"),
        json.dumps({"urls": urls}),
        content_type="application/json",
    )


def test_the_check_keeps_what_she_may_still_read(world):
    tasks = reverse("meetings:my_tasks")
    asked = [_meeting_url(world), _document_url(world), tasks]
    response = _check(_client(world), asked)
    assert response.status_code == 200
    assert response.json() == {"keep": asked, "days": 14}


def test_the_check_drops_a_document_taken_off_and_a_meeting_she_no_longer_sees(world):
    asked = [_meeting_url(world), _document_url(world)]
    world["document"].archived = True
    world["document"].save(update_fields=["archived"])
    assert _check(_client(world), asked).json()["keep"] == [_meeting_url(world)]
    # Moved to another cell: her old cell's meeting is no longer hers.
    assert _check(_client(world, "member_other_cell"), asked).json()["keep"] == []


def test_the_check_drops_everything_when_the_committee_keeps_nothing(world):
    _set_days(world, 0)
    asked = [_meeting_url(world), _document_url(world), reverse("meetings:my_tasks")]
    assert _check(_client(world), asked).json() == {"keep": [], "days": 0}


def test_the_check_never_keeps_a_page_that_is_not_marked(world):
    secretary = _client(world, "secretary")
    asked = [
        reverse("meetings:criticism", args=[world["meeting"].pk]),
        reverse("members:me"),
        reverse("dashboard:home"),
        "/meetings/tasks/mine/?page=2",
        "//evil.example/meetings/1/",
        "https://evil.example/",
        "/no/such/page/",
    ]
    assert _check(secretary, asked).json()["keep"] == []


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[]",
        b'{"urls": "x"}',
        b'{"urls": [1]}',
        b'{"urls": ["' + b"a" * 301 + b'"]}',
    ],
)
def test_the_check_refuses_what_it_cannot_read(world, body):
    response = _client(world).post(
        reverse("meetings:offline_check"), body, content_type="application/json"
    )
    assert response.status_code == 400


def test_the_check_refuses_too_many_addresses(world):
    assert _check(_client(world), ["/"] * 501).status_code == 400


def test_the_check_asks_the_same_queries_for_few_and_many_pages(world, django_assert_num_queries):
    client = _client(world)
    _check(client, [_meeting_url(world)])  # the session and her access, once
    few = [_meeting_url(world), _document_url(world)]
    many = few + [reverse("meetings:detail", args=[pk]) for pk in range(1000, 1050)]
    with django_assert_num_queries(_count(client, few)):
        _check(client, many)


def _count(client, urls):
    with CaptureQueriesContext(connection) as queries:
        _check(client, urls)
    return len(queries)


def test_only_documents_up_to_the_committee_size_are_fetched_in_the_background(world):
    client = _client(world)
    link = f'href="{_document_url(world)}"'

    def fetched() -> bool:
        page = client.get(_meeting_url(world)).content.decode()
        tag = page[page.index(link) :].split(">", 1)[0]
        return "data-offline-keep" in tag

    assert fetched()  # 5 MB by default; the document is a few hundred bytes
    _set_days(world, 14)
    rules_update(committee=world["committee"], by=world["officer"], offline_document_max_mb=0)
    assert not fetched()
    # Opened online, it is kept all the same.
    assert _get(client, _document_url(world))[headers.KEEP_HEADER] == "14"
