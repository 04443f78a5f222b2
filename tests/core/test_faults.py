"""Faults that lose nothing (issue 20, "Faults and bad input").

- An exception injected after the first write of "approve minutes", "record a vote", "confirm
  ratings" and "record a month of fees" leaves every row of every table as it was: each is one
  transaction.
- The database going away in the middle of a request gives the error page (templates/500.html),
  and the next request works — on both databases by a query that fails, and on PostgreSQL by the
  connection really closed under the request.
"""

import datetime
import importlib

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from fees import services as fee_services
from meetings.decisions import votes
from meetings.record.attendance import recording_start
from meetings.record.minutes import (
    QUALITY_FIELDS,
    minutes_approve,
    minutes_mark_ready,
    minutes_save,
)
from reviews import services as review_services
from reviews.models import Evaluation
from tests.db_state import changed_rows, every_row, party_tables
from tests.factories import (
    AgendaItemFactory,
    CellFactory,
    FeeBasisFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    UserFactory,
    member_user,
)

D = datetime.date
# Every table of every app: the party's and Django's own (sessions, the login throttle's log…).
TABLES = party_tables(every_app=True)


class Injected(Exception):
    """The fault: what a bug, a full disk or a lost worker would raise in the middle."""


def fail_at_call(monkeypatch, target: str, call: int) -> dict:
    """Make `target` ("module.function") raise `Injected` at its `call`-th call (the earlier
    calls run as usual); what the database held at that moment is kept in `seen["rows"]`."""
    module_name, name = target.rsplit(".", 1)
    module = importlib.import_module(module_name)
    real = getattr(module, name)
    seen = {"calls": 0}

    def wrapper(*args, **kwargs):
        seen["calls"] += 1
        if seen["calls"] == call:
            seen["rows"] = every_row(TABLES)
            raise Injected(target)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, wrapper)
    return seen


def assert_nothing_kept(service, seen, **kwargs):
    """Run `service`: the fault stops it after its first write, and every row is as before."""
    before = every_row(TABLES)
    with pytest.raises(Injected):
        service(**kwargs)
    assert seen["calls"] >= 1
    assert changed_rows(before, seen["rows"]), "the fault came before any write"
    kept = changed_rows(before, every_row(TABLES))
    assert not kept, kept


@pytest.fixture
def cell(db):
    return CellFactory()


@pytest.fixture
def secretary(cell):
    """The secretary of a cell with three members (her included), in a term."""
    term = TermFactory(committee=cell.committee)
    member = MemberFactory(committee=cell.committee, cell=cell)
    PositionFactory(member=member, cell=cell, role="cell_secretary", term=term)
    for _n in range(2):
        MemberFactory(committee=cell.committee, cell=cell)
    return member_user(member)


@pytest.fixture
def held(cell, secretary):
    """A meeting of her cell, forty days ago, being recorded."""
    meeting = MeetingFactory(
        cell=cell,
        status="published",
        date=timezone.localdate() - datetime.timedelta(days=40),
    )
    AgendaItemFactory(meeting=meeting)
    recording_start(meeting=meeting, by=secretary)
    return meeting


def test_approving_minutes_keeps_nothing_when_it_fails_after_its_first_write(
    monkeypatch, secretary, held
):
    minutes_save(
        meeting=held,
        version=1,
        by=secretary,
        opened_at=datetime.time(16, 30),
        closed_at=datetime.time(18, 0),
        chair_id=secretary.member.pk,
        clerk_id=secretary.member.pk,
        quality={name: 10 for name, _setting in QUALITY_FIELDS},
    )
    minutes_mark_ready(meeting=held, by=secretary)
    # The minutes are saved approved; saving the meeting approved fails.
    seen = fail_at_call(monkeypatch, "meetings.record.minutes._save", 2)
    assert_nothing_kept(minutes_approve, seen, meeting=held, by=secretary)


def test_recording_a_vote_keeps_nothing_when_it_fails_after_its_first_write(
    monkeypatch, secretary, held
):
    # The motion is saved; sending the minutes back to draft fails.
    seen = fail_at_call(monkeypatch, "meetings.decisions.votes._back_to_draft", 1)
    assert_nothing_kept(
        votes.vote_record,
        seen,
        meeting=held,
        kind="ordinary",
        method="hands",
        text="Thông qua kế hoạch",
        yes=3,
        no=0,
        by=secretary,
    )


def test_confirming_ratings_keeps_nothing_when_it_fails_after_its_first_write(monkeypatch, cell):
    evaluations = [
        Evaluation.objects.create(
            committee=cell.committee,
            member=MemberFactory(committee=cell.committee, cell=cell),
            cell=cell,
            year=2025,
            proposed_rating="good",
        )
        for _n in range(3)
    ]
    # The first evaluation is saved with its rating; the second fails.
    seen = fail_at_call(monkeypatch, "reviews.services._save", 2)
    assert_nothing_kept(
        review_services.ratings_confirm,
        seen,
        committee=cell.committee,
        year=2025,
        decisions={e.pk: "good" for e in evaluations},
        by=UserFactory(),
    )


def test_recording_a_month_of_fees_keeps_nothing_when_it_fails_after_its_first_write(
    monkeypatch, cell
):
    members = []
    for _n in range(3):
        member = MemberFactory(committee=cell.committee, cell=cell, cell__joined_on=D(2020, 1, 1))
        FeeBasisFactory(member=member, base_amount=8_000_000, effective_from=D(2024, 1, 1))
        members.append(member)
    # The first member's payment is saved; the second's fails.
    seen = fail_at_call(monkeypatch, "fees.services._save_payment", 2)
    assert_nothing_kept(
        fee_services.month_record,
        seen,
        cell=cell,
        month=D(2025, 4, 1),
        member_ids=[m.pk for m in members],
        paid_on=D(2025, 4, 5),
        by=UserFactory(),
    )


# --- the database going away ------------------------------------------------------------------

ERROR_PAGE = "Đã xảy ra lỗi"  # templates/500.html, "Something went wrong", in Vietnamese


class GoneAfter:
    """An execute wrapper: the first `queries` queries of the request run, then the database is
    gone, once — the next query fails as a lost server's would (with `close`, the driver's
    connection under Django is really closed, and the query fails of it)."""

    def __init__(self, queries: int, *, close: bool = False):
        self.left = queries
        self.close = close
        self.failed = False

    def __call__(self, execute, sql, params, many, context):
        if not self.failed and self.left == 0:
            self.failed = True
            if not self.close:
                raise OperationalError("server closed the connection unexpectedly")
            context["connection"].connection.close()
        self.left -= 1
        return execute(sql, params, many, context)


class Server:
    """Django's WSGI handler, called as a WSGI server calls it — with the signals at the start and
    the end of each request that close a broken connection (the test client leaves them out)."""

    def __init__(self, user):
        client = Client()
        client.force_login(user)
        self.cookies = "; ".join(f"{k}={v.value}" for k, v in client.cookies.items())
        self.handler = WSGIHandler()

    def get(self, path: str) -> tuple[int, str]:
        environ = RequestFactory().get(path, HTTP_COOKIE=self.cookies).environ
        status = []
        response = self.handler(environ, lambda s, headers, exc_info=None: status.append(s))
        try:
            body = b"".join(response).decode()
        finally:
            response.close()
        return int(status[0].split()[0]), body


def _gone_mid_request(user, meeting, gone: GoneAfter):
    server = Server(user)
    url = reverse("meetings:detail", args=[meeting.pk])
    with connection.execute_wrapper(gone):
        status, body = server.get(url)
    assert gone.failed
    assert status == 500
    assert ERROR_PAGE in body
    status, body = server.get(url)
    assert status == 200
    assert meeting.get_absolute_url() in body


@pytest.mark.django_db(transaction=True)
def test_a_query_failing_mid_request_gives_the_error_page_and_the_next_request_works(
    secretary, held
):
    _gone_mid_request(secretary, held, GoneAfter(3))


@pytest.mark.postgres
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="postgres: SQLite's in-memory test database cannot lose its connection",
)
@pytest.mark.django_db(transaction=True)
def test_the_connection_lost_mid_request_gives_the_error_page_and_the_next_request_works(
    secretary, held
):
    _gone_mid_request(secretary, held, GoneAfter(3, close=True))
