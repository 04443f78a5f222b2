"""The month's party fees in the meeting's section (c) (issue 18 item 5, DOMAIN §4, §8): the
meeting page shows the collection at a glance (the names of those missing only for officers); the
minutes page, the print view and the DOCX state the month's totals. The meetings app never reads
the fees: the views pass plain numbers (`meetings.record.official.content.MonthFees`)."""

import datetime
import re
from io import BytesIO
from types import SimpleNamespace

import docx
import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from meetings.models import AgendaItem
from meetings.record.attendance import recording_start
from meetings.record.minutes import minutes_save
from meetings.record.official.content import MonthFees, minutes_content
from tests.factories import (
    AgendaItemFactory,
    CellFactory,
    CommitteeFactory,
    FeeBasisFactory,
    FeePaymentFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    member_user,
)

D = datetime.date
MARCH = D(2026, 3, 1)
SENTENCE = (
    "Thu đảng phí tháng 3/2026: 2/4 đảng viên đã đóng; đã thu 200.000 đồng / phải thu 300.000 đồng."
)


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    """Cell A's regular meeting of March 2026 (held, minutes open): four members due — the
    secretary and An paid March, Bình did not, Cúc has no fee basis."""
    with django_db_blocker.unblock(), transaction.atomic():
        committee = CommitteeFactory()
        term = TermFactory(committee=committee)
        cell = CellFactory(committee=committee, name="Chi bộ A")
        secretary = MemberFactory(committee=committee, cell=cell, full_name="Bí Thư Sáu")
        PositionFactory(member=secretary, cell=cell, role="cell_secretary", term=term)
        an = MemberFactory(committee=committee, cell=cell, full_name="Lê Văn An")
        binh = MemberFactory(committee=committee, cell=cell, full_name="Lê Văn Bình")
        cuc = MemberFactory(committee=committee, cell=cell, full_name="Lê Thị Cúc")
        for member in (secretary, an, binh):
            FeeBasisFactory(member=member, effective_from=D(2026, 1, 1))  # 100.000 đ a month
        for member in (secretary, an):
            FeePaymentFactory(member=member, cell=cell, month=MARCH, amount_due=100_000)
        users = {"secretary": member_user(secretary), "an": member_user(an)}
        meeting = MeetingFactory(cell=cell, date=D(2026, 3, 5), status="published")
        AgendaItemFactory(meeting=meeting, section="political", title="Thời sự")
        AgendaItemFactory(meeting=meeting, section="other", title="Việc khác")
        recording_start(meeting=meeting, by=users["secretary"])
        minutes_save(
            meeting=meeting,
            version=1,
            by=users["secretary"],
            opened_at=datetime.time(16, 30),
            closed_at=datetime.time(18, 0),
            chair_id=secretary.pk,
            clerk_id=an.pk,
        )
        extra = MeetingFactory(
            cell=cell, date=D(2026, 3, 20), status="published", kind="extraordinary"
        )
        yield SimpleNamespace(
            committee=committee,
            cell=cell,
            binh=binh,
            cuc=cuc,
            meeting=meeting,
            extra=extra,
            users=users,
        )
        transaction.set_rollback(True)


def page(client, user, meeting, name="meetings:detail"):
    client.force_login(user)
    response = client.get(reverse(name, args=[meeting.pk]))
    assert response.status_code == 200
    return response


def collection(html: str) -> str:
    found = re.findall(r'<li class="list-group-item fee-collection".*?</li>', html, re.S)
    assert len(found) == 1, found
    return found[0]


def test_the_officers_see_who_has_not_paid(client, db, w):
    html = page(client, w.users["secretary"], w.meeting).content.decode()
    block = collection(html)
    assert 'data-month="2026-03" data-paid-count="2" data-due-count="4"' in block
    assert "200.000 đ" in block and "300.000 đ" in block
    assert re.findall(r'fee-missing.*?data-member="(\d+)"', block, re.S) == [str(w.binh.pk)]
    assert f'data-member="{w.cuc.pk}"' in block  # no fee basis yet
    assert reverse("fees:month_entry", args=[w.cell.pk, 2026, 3]) in block
    # In section (c), which has no item of its own, after section (a)'s.
    party = html.index('id="fee-collection"')
    assert html.index("Thời sự") < party < html.index("Việc khác")


def test_a_member_sees_the_totals_without_names(client, db, w):
    block = collection(page(client, w.users["an"], w.meeting).content.decode())
    assert 'data-paid-count="2" data-due-count="4"' in block
    assert "fee-missing" not in block and "data-member" not in block
    assert reverse("fees:month_entry", args=[w.cell.pk, 2026, 3]) not in block


def test_only_at_a_regular_meeting(client, db, w):
    html = page(client, w.users["secretary"], w.extra).content.decode()
    assert "fee-collection" not in html


def test_the_minutes_page_states_the_totals(client, db, w):
    html = page(client, w.users["secretary"], w.meeting, "meetings:minutes").content.decode()
    assert (
        'class="list-group-item minutes-fees" data-paid-count="2" data-due-count="4" '
        'data-paid-total="200000" data-due-total="300000"'
    ) in html


def test_the_print_view_states_the_totals(client, db, w):
    html = page(client, w.users["secretary"], w.meeting, "meetings:minutes_print").content.decode()
    assert f'<p class="fees">{SENTENCE}</p>' in html


def party_heading() -> str:
    with translation.override("vi"):
        return f"II. {AgendaItem.Section.PARTY.label}"


def test_the_docx_states_the_totals_in_section_c(client, db, w):
    response = page(client, w.users["secretary"], w.meeting, "meetings:minutes_docx")
    lines = [p.text for p in docx.Document(BytesIO(response.content)).paragraphs]
    at = lines.index(SENTENCE)
    assert lines[at - 1] == party_heading()
    assert lines[at + 1].startswith("III. ")  # the other matters, renumbered


def test_without_fees_the_minutes_are_as_before(db, w):
    plain = minutes_content(w.meeting)
    assert [s.key for s in plain.sections] == ["political", "other"]
    nothing = MonthFees(month=MARCH, paid_count=0, due_count=4, paid_total=0, due_total=0)
    assert [s.key for s in minutes_content(w.meeting, fees=nothing).sections] == [
        "political",
        "other",
    ]
    fees = MonthFees(month=MARCH, paid_count=2, due_count=4, paid_total=200_000, due_total=300_000)
    sections = minutes_content(w.meeting, fees=fees).sections
    assert [(s.key, s.fees) for s in sections] == [
        ("political", []),
        ("party", [SENTENCE]),
        ("other", []),
    ]
