"""Confidential records of the year-end review (DESIGN §3, issue 9): self-criticism and criticism
records, evaluations, residence-place comments and discipline are read by the member concerned
and the officers of her cell (secretary, cell committee member) and of her committee (an officer
by grant or by position) — never by another member of her cell, a member or the secretary of
another cell, the committee's clerk, an observer, an officer of another committee or a superuser
who holds no office.

For every persona: the scoped querysets (`visible_to`), the criticism pages (200 / 403 / 404),
and the pages other members reach (the member list, its search and export, the member's page,
the meeting page, the approved minutes and their documents, the home page) which never show the
records' content.
"""

import copy
import datetime
import io
import zipfile

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from meetings.models import CriticismRecord
from members import access
from members.models import CellMembership
from reviews.models import Discipline, Evaluation, ResidenceComment
from tests.factories import CommitteeFactory, TermFactory
from tests.meetings.test_criticism import (
    CONCLUSION_TEXT,
    CRITICISM_TEXT,
    RESPONSE_TEXT,
    SELF_TEXT,
    approve,
    build_world,
    write_record,
)

pytestmark = pytest.mark.django_db

EVALUATION_TEXT = "DANHGIA-c41d: còn hạn chế trong công tác"
RESIDENCE_TEXT = "NOICUTRU-0e7b: gương mẫu nơi cư trú"
DISCIPLINE_TEXT = "KYLUAT-a93f: vi phạm quy định"
SECRETS = (
    SELF_TEXT,
    CRITICISM_TEXT,
    RESPONSE_TEXT,
    CONCLUSION_TEXT,
    EVALUATION_TEXT,
    RESIDENCE_TEXT,
    DISCIPLINE_TEXT,
)

PERSONAS = [
    "anonymous",
    "member",  # the member concerned
    "member_same_cell",
    "member_other_cell",
    "cell_secretary",
    "cell_committee_member",
    "secretary_other_cell",
    "committee_officer",  # by grant (the principal)
    "committee_secretary",  # by position (a member of another cell)
    "committee_clerk",
    "observer",
    "officer_other_committee",
    "superuser",  # without office
    "meeting_clerk",  # a plain member of her cell who records the meeting
]
READERS = {
    "member",
    "cell_secretary",
    "cell_committee_member",
    "committee_officer",
    "committee_secretary",
}


@pytest.fixture(scope="module")
def _world(module_db):
    """Built once for the module (see `module_db`); each test gets a copy and a savepoint."""
    committee = CommitteeFactory()
    w = build_world(committee, TermFactory(committee=committee))
    write_record(w)
    year = timezone.localdate().year
    w.evaluation = Evaluation.objects.create(
        committee=w.committee,
        member=w.member,
        cell=w.cell,
        year=year,
        strengths="Nhiệt tình",
        shortcomings=EVALUATION_TEXT,
        self_rating="good",
        self_score_general=25,
        self_score_tasks=60,
    )
    w.residence = ResidenceComment.objects.create(
        member=w.member,
        year=year,
        status=ResidenceComment.Status.RECEIVED,
        received_on=timezone.localdate(),
        residence_cell="Chi bộ Thôn 3",
        good=True,
        text=RESIDENCE_TEXT,
    )
    w.discipline = Discipline.objects.create(
        member=w.member,
        form=Discipline.Form.REPRIMAND,
        decided_on=timezone.localdate() - datetime.timedelta(days=20),
        reason=DISCIPLINE_TEXT,
    )
    w.record = CriticismRecord.objects.get(meeting=w.meeting, member=w.member)
    w.users["anonymous"] = AnonymousUser()
    return w


@pytest.fixture
def world(_world, db):
    return copy.deepcopy(_world)


def login(client, w, who):
    if who != "anonymous":
        client.force_login(w.users[who])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_every_persona_is_tested(world):
    assert set(PERSONAS) == set(world.users)


# --- the scoped querysets ------------------------------------------------------------------------


@pytest.mark.parametrize("who", PERSONAS)
def test_the_querysets_hold_the_records_exactly_for_her_and_her_officers(world, who):
    user = world.users[who]
    expected = who in READERS
    assert CriticismRecord.objects.visible_to(user).filter(pk=world.record.pk).exists() is expected
    assert Evaluation.objects.visible_to(user).filter(pk=world.evaluation.pk).exists() is expected
    assert (
        ResidenceComment.objects.visible_to(user).filter(pk=world.residence.pk).exists() is expected
    )
    assert Discipline.objects.visible_to(user).filter(pk=world.discipline.pk).exists() is expected


@pytest.mark.parametrize("who", sorted(set(PERSONAS) - READERS))
def test_the_others_see_none_of_these_records_at_all(world, who):
    user = world.users[who]
    mine = world.member.pk if who == "member" else None
    for model in (CriticismRecord, Evaluation, ResidenceComment, Discipline):
        visible = model.objects.visible_to(user)
        assert not visible.exclude(member_id=mine).exists(), model.__name__


def test_a_member_of_the_cell_sees_only_her_own(world):
    """Her colleague's own record and evaluation are hers; the member's stay hidden from her."""
    mine = CriticismRecord.objects.create(meeting=world.meeting, member=world.colleague)
    own_evaluation = Evaluation.objects.create(
        committee=world.committee, member=world.colleague, cell=world.cell, year=2020
    )
    user = world.users["member_same_cell"]
    assert list(CriticismRecord.objects.visible_to(user)) == [mine]
    assert list(Evaluation.objects.visible_to(user)) == [own_evaluation]


def test_after_she_moves_cells(world):
    """Her evaluation and her criticism record stay with the cell that reviewed her (and the
    committee); her residence comments and discipline follow her to her new cell's officers."""
    today = timezone.localdate()
    CellMembership.objects.filter(member=world.member, end_date__isnull=True).update(
        end_date=today - datetime.timedelta(days=1)
    )
    CellMembership.objects.create(member=world.member, cell=world.other_cell, start_date=today)
    old_cell, new_cell = world.users["cell_secretary"], world.users["secretary_other_cell"]
    for user in (old_cell, new_cell):
        access.forget(user)
    assert CriticismRecord.objects.visible_to(old_cell).filter(pk=world.record.pk).exists()
    assert Evaluation.objects.visible_to(old_cell).filter(pk=world.evaluation.pk).exists()
    assert not CriticismRecord.objects.visible_to(new_cell).exists()
    assert not Evaluation.objects.visible_to(new_cell).exists()
    assert not Discipline.objects.visible_to(old_cell).exists()
    assert Discipline.objects.visible_to(new_cell).filter(pk=world.discipline.pk).exists()
    assert ResidenceComment.objects.visible_to(new_cell).filter(pk=world.residence.pk).exists()
    officer = world.users["committee_officer"]
    for model, record in (
        (CriticismRecord, world.record),
        (Evaluation, world.evaluation),
        (ResidenceComment, world.residence),
        (Discipline, world.discipline),
    ):
        assert model.objects.visible_to(officer).filter(pk=record.pk).exists()
        assert model.objects.visible_to(world.users["member"]).filter(pk=record.pk).exists()


# --- the criticism pages -------------------------------------------------------------------------

LIST_OPEN = {
    "anonymous": 302,
    "member": 403,
    "member_same_cell": 403,
    "member_other_cell": 404,
    "cell_secretary": 200,
    "cell_committee_member": 200,
    "secretary_other_cell": 404,
    "committee_officer": 200,
    "committee_secretary": 200,
    "committee_clerk": 403,
    "observer": 403,
    "officer_other_committee": 404,
    "superuser": 404,
    # She writes the records at the meeting, while its record is open.
    "meeting_clerk": 200,
}
LIST_APPROVED = {**LIST_OPEN, "meeting_clerk": 403}
RECORD_OPEN = {
    **dict.fromkeys(PERSONAS, 404),
    "anonymous": 302,
    **dict.fromkeys(READERS, 200),
    "meeting_clerk": 200,
}
RECORD_APPROVED = {**RECORD_OPEN, "meeting_clerk": 404}


def _page(client, world, who, url):
    response = login(client, world, who).get(url)
    return response, response.content.decode()


@pytest.mark.parametrize("approved", [False, True], ids=["open", "approved"])
@pytest.mark.parametrize("who", PERSONAS)
def test_the_list_answers_each_persona(client, world, who, approved):
    if approved:
        approve(world)
    expected = (LIST_APPROVED if approved else LIST_OPEN)[who]
    response, page = _page(
        client, world, who, reverse("meetings:criticism", args=[world.meeting.pk])
    )
    assert response.status_code == expected
    for secret in SECRETS:
        assert secret not in page


@pytest.mark.parametrize("approved", [False, True], ids=["open", "approved"])
@pytest.mark.parametrize("who", PERSONAS)
def test_her_record_answers_each_persona(client, world, who, approved):
    if approved:
        approve(world)
    expected = (RECORD_APPROVED if approved else RECORD_OPEN)[who]
    url = reverse("meetings:criticism_edit", args=[world.meeting.pk, world.member.pk])
    response, page = _page(client, world, who, url)
    assert response.status_code == expected
    for secret in (SELF_TEXT, CRITICISM_TEXT, RESPONSE_TEXT, CONCLUSION_TEXT):
        assert (secret in page) is (expected == 200)


# --- pages other members reach never show the content --------------------------------------------


def _xlsx_text(content: bytes) -> str:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def _docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return " ".join(
            archive.read(name).decode("utf-8", "ignore")
            for name in archive.namelist()
            if name.endswith(".xml")
        )


def _reachable_pages(world):
    member, meeting = world.member, world.meeting
    return [
        (reverse("members:list"), "html"),
        (reverse("members:list") + "?q=TUPHEBINH", "html"),
        (reverse("members:list") + "?q=DANHGIA", "html"),
        (reverse("members:export"), "xlsx"),
        (reverse("members:export") + "?q=KYLUAT", "xlsx"),
        (reverse("members:detail", args=[member.pk]), "html"),
        (reverse("meetings:detail", args=[meeting.pk]), "html"),
        (reverse("meetings:minutes", args=[meeting.pk]), "html"),
        (reverse("meetings:minutes_print", args=[meeting.pk]), "html"),
        (reverse("meetings:minutes_docx", args=[meeting.pk]), "docx"),
        (reverse("dashboard:my_home"), "html"),
        (reverse("dashboard:committee", args=[meeting.committee_id]), "html"),
        (reverse("dashboard:report_xlsx", args=[meeting.committee_id]), "xlsx"),
        (reverse("dashboard:report_docx", args=[meeting.committee_id]), "docx"),
    ]


@pytest.mark.parametrize(
    "who", ["member_same_cell", "member_other_cell", "committee_clerk", "observer", "superuser"]
)
def test_lists_exports_and_search_do_not_show_the_records(client, world, who):
    approve(world)
    client = login(client, world, who)
    reached = 0
    for url, kind in _reachable_pages(world):
        response = client.get(url)
        assert response.status_code in (200, 403, 404), url
        if response.status_code != 200:
            continue
        reached += 1
        if kind == "xlsx":
            content = _xlsx_text(response.content)
        elif kind == "docx":
            content = _docx_text(response.content)
        else:
            content = response.content.decode()
        for secret in SECRETS:
            assert secret not in content, (url, secret)
    assert reached > 0


def test_the_member_list_of_her_colleague_reaches_her_but_no_record(client, world):
    """The colleague does see the member in the list and its export (the test is meaningful)."""
    approve(world)
    client = login(client, world, "member_same_cell")
    page = client.get(reverse("members:list")).content.decode()
    assert world.member.full_name in page
    export = _xlsx_text(client.get(reverse("members:export")).content)
    assert world.member.full_name in export
    minutes = client.get(reverse("meetings:minutes", args=[world.meeting.pk]))
    assert minutes.status_code == 200
