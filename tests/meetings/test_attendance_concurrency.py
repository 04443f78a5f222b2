"""Fifty attendance marks of one meeting sent at the same moment (the sheet's htmx buttons, from
several phones): every mark lands (issue 20, "Faults and bad input").

PostgreSQL only (SQLite serialises writers, so the race cannot happen there).
"""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings.models import Attendance
from meetings.record.attendance import recording_start
from tests.factories import (
    AgendaItemFactory,
    CellFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    member_user,
)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="postgres: needs true concurrency"
    ),
]

PEOPLE = 50


def _wanted(n: int) -> tuple[str, str]:
    """The mark of the n-th member: a third excused (each with her own reason), a third
    unexcused, a third present."""
    if n % 3 == 0:
        return "excused", f"Ốm, giấy của trạm y tế số {n}"
    return ("unexcused", "") if n % 3 == 1 else ("present", "")


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_attendance_marks_of_one_meeting_lose_none():
    cell = CellFactory()
    members = [MemberFactory(committee=cell.committee, cell=cell) for _n in range(PEOPLE)]
    meeting = MeetingFactory(
        cell=cell, status="published", date=timezone.localdate() - datetime.timedelta(days=3)
    )
    AgendaItemFactory(meeting=meeting)
    term = TermFactory(committee=cell.committee)
    secretary = members[0]
    PositionFactory(member=secretary, cell=cell, role="cell_secretary", term=term)
    user = member_user(secretary)
    recording_start(meeting=meeting, by=user)
    # Every row starts as none of the marks (excused, for a reason nobody gives): a lost mark
    # shows as a row left so, or with another's reason.
    Attendance.objects.filter(meeting=meeting).update(status="excused", reason="Chưa điểm danh")
    barrier = threading.Barrier(PEOPLE)
    errors = []
    clients = []
    for _n in range(PEOPLE):
        client = Client()
        client.force_login(user)  # her phone, her tablet…
        clients.append(client)

    def mark(n, member):
        status, reason = _wanted(n)
        url = reverse("meetings:attendance_mark", args=[meeting.pk, member.pk])
        try:
            barrier.wait()
            response = clients[n].post(
                url, {"status": status, "reason": reason}, headers={"HX-Request": "true"}
            )
            if response.status_code != 200:
                errors.append((n, response.status_code))
        except Exception as error:  # reported below, with the thread that raised it
            errors.append((n, repr(error)))
        finally:
            connections.close_all()  # this thread's own connection

    threads = [threading.Thread(target=mark, args=(n, m)) for n, m in enumerate(members)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    marked = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "status"))
    reasons = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "reason"))
    assert marked == {m.pk: _wanted(n)[0] for n, m in enumerate(members)}
    assert reasons == {m.pk: _wanted(n)[1] for n, m in enumerate(members)}
    # Each mark is in the change history, as hers.
    history = Attendance.history.filter(meeting_id=meeting.pk, history_type="~")
    assert history.count() == PEOPLE
    assert set(history.values_list("history_user_id", flat=True)) == {user.pk}
