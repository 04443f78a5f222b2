"""Who looked at what (issue 20, `members.access_log`): the write function and its rules (her
own record is not logged; append-only), the views that log (a member's personal fields, her
change history, the Excel export, a criticism record, a supervision record, the self-assessments
on the cell's review and the committee's year page), and the pages that read the log — hers and
the committee's (who may open it, its filters, bad filter values, the same queries for 5 and 50
entries)."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from meetings.models import CriticismRecord
from members.access_log import log_view, log_views
from members.models import AccessLog
from reviews.models import Evaluation
from tests.factories import (
    CommitteeRoleFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    member_user,
)
from tests.reviews.supervision_world import build_world, today

pytestmark = pytest.mark.django_db

Kind = AccessLog.Kind


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    """The supervision world (committee A: cell A1 with m1 — the member persona —, m2, m3, the
    secretary; cell A2; committee B; every persona; supervision records of m1, m2 and b1), plus a
    criticism record of m1 at an approved meeting of A1, this year's evaluations of m1 and m2,
    and the committee secretary by position (a member of A2 with a login)."""
    with django_db_blocker.unblock(), transaction.atomic(), translation.override("en"):
        world = build_world()
        world.meeting = MeetingFactory(
            cell=world.cell, date=today() - datetime.timedelta(days=3), status="approved"
        )
        world.criticism = CriticismRecord.objects.create(
            meeting=world.meeting, member=world.m1, self_criticism="TỰ-PHÊ-BÌNH"
        )
        for member in (world.m1, world.m2):
            Evaluation.objects.create(
                committee=world.committee,
                member=member,
                cell=world.cell,
                year=today().year,
                strengths="Ưu điểm",
                self_score_general=25,
                self_score_tasks=60,
                submitted_at=timezone.now(),
            )
        boss = MemberFactory(committee=world.committee, cell=world.other_cell)
        PositionFactory(member=boss, role="committee_secretary", cell=None, term=world.term)
        world.users["committee_secretary"] = member_user(boss)
        world.boss = boss
        yield world
        transaction.set_rollback(True)


def login(client, user):
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def entries(**filters):
    return list(AccessLog.objects.filter(**filters).order_by("pk"))


# --- the write function -----------------------------------------------------------------------


def test_log_view_writes_who_what_whose_and_where(w, rf):
    officer = w.users["committee_officer"]
    request = rf.get("/members/5/?tab=1")
    entry = log_view(officer, kind=Kind.CRITICISM, member=w.m1, obj=w.criticism, request=request)
    saved = AccessLog.objects.get(pk=entry.pk)
    assert (saved.viewer, saved.member, saved.committee) == (officer, w.m1, w.committee)
    assert saved.kind == Kind.CRITICISM
    assert saved.content_type == ContentType.objects.get_for_model(CriticismRecord)
    assert saved.object_id == w.criticism.pk
    assert saved.path == "/members/5/?tab=1"
    assert w.m1.full_name in saved.label  # the record's own name by default
    assert abs((timezone.now() - saved.viewed_at).total_seconds()) < 60


def test_her_own_record_is_not_logged_but_her_own_download_is(w):
    own = w.users["member"]
    assert log_view(own, kind=Kind.PERSONAL, member=w.m1, obj=w.m1) is None
    assert log_views(own, kind=Kind.EVALUATION, records=[(w.m1, None)]) == 0
    assert not entries(viewer=own)
    entry = log_view(own, kind=Kind.DATA_EXPORT, member=w.m1, obj=w.m1)
    assert entries(viewer=own) == [entry]
    assert entry.label == ""  # her record itself: the kind says it all


def test_nobody_logged_in_writes_nothing(w):
    assert log_view(AnonymousUser(), kind=Kind.PERSONAL, member=w.m1) is None
    assert not AccessLog.objects.exists()


def test_a_record_of_a_cell_is_logged_in_its_committee_and_a_label_may_be_an_object(w):
    officer = w.users["committee_officer"]
    entry = log_view(
        officer, kind=Kind.SUPERVISION, member=None, obj=w.record, label=w.record.item.programme
    )
    assert entry.member is None and entry.committee_id == w.committee.pk
    assert entry.label == str(w.record.item.programme)
    with pytest.raises(ValueError, match="member or a committee"):
        log_view(officer, kind=Kind.PERSONAL, member=None)


def test_the_log_is_append_only(w):
    entry = log_view(w.users["committee_officer"], kind=Kind.PERSONAL, member=w.m2, obj=w.m2)
    entry.kind = Kind.CRITICISM
    with pytest.raises(TypeError, match="append-only"):
        entry.save()
    with pytest.raises(TypeError, match="append-only"):
        entry.delete()
    with pytest.raises(TypeError, match="append-only"):
        AccessLog.objects.filter(pk=entry.pk).update(kind=Kind.CRITICISM)
    with pytest.raises(TypeError, match="append-only"):
        AccessLog.objects.filter(pk=entry.pk).delete()
    assert AccessLog.objects.get(pk=entry.pk).kind == Kind.PERSONAL


def test_log_views_writes_one_entry_per_member_in_one_insert(w):
    officer = w.users["committee_officer"]
    with CaptureQueriesContext(connection) as queries:
        count = log_views(
            officer, kind=Kind.EVALUATION, records=[(w.m1, None), (w.m2, None)], label="2026"
        )
    assert count == 2
    assert len([q for q in queries if q["sql"].startswith("INSERT")]) == 1
    assert [e.member for e in entries(viewer=officer)] == [w.m1, w.m2]


# --- the views that log -----------------------------------------------------------------------


def test_the_member_record_logs_her_personal_fields_for_whoever_sees_them(client, w):
    url = reverse("members:detail", args=[w.m1.pk])
    login(client, w.users["cell_secretary"])
    response = client.get(url)
    assert response.status_code == 200
    assert [(e.viewer, e.member, e.kind, e.path) for e in entries()] == [
        (w.users["cell_secretary"], w.m1, Kind.PERSONAL, url)
    ]
    # A member of her cell sees her name and phone, not the personal fields: nothing logged.
    login(client, w.users["member"])
    assert client.get(reverse("members:detail", args=[w.m2.pk])).status_code == 200
    # Nor her own record.
    assert client.get(url).status_code == 200
    assert not entries(viewer=w.users["member"])


def test_change_history_and_excel_export_are_logged(client, w):
    officer = w.users["committee_officer"]
    login(client, officer)
    assert client.get(reverse("members:history", args=[w.m2.pk])).status_code == 200
    assert [(e.member, e.kind) for e in entries()] == [(w.m2, Kind.PERSONAL)]
    assert client.get(reverse("members:export")).status_code == 200
    exported = {e.member_id for e in entries(kind=Kind.MEMBER_EXPORT)}
    assert {w.m1.pk, w.m2.pk, w.b1.pk} <= exported
    # A plain member's export holds no personal column: nothing logged.
    login(client, w.users["member"])
    assert client.get(reverse("members:export")).status_code == 200
    assert not entries(viewer=w.users["member"])


def test_a_criticism_record_is_logged_when_read_not_by_her(client, w):
    url = reverse("meetings:criticism_edit", args=[w.meeting.pk, w.m1.pk])
    login(client, w.users["committee_officer"])
    assert client.get(url).status_code == 200
    [entry] = entries()
    assert (entry.member, entry.kind, entry.object_id) == (w.m1, Kind.CRITICISM, w.criticism.pk)
    with translation.override("vi"):
        assert entry.label == str(w.meeting)
    login(client, w.users["member"])
    assert client.get(url).status_code == 200
    # Someone who may not read it (404) leaves nothing; nor a record not written yet.
    login(client, w.users["member_other_cell"])
    assert client.get(url).status_code == 404
    login(client, w.users["committee_officer"])
    client.get(reverse("meetings:criticism_edit", args=[w.meeting.pk, w.m2.pk]))
    assert len(entries()) == 1


def test_supervision_records_are_logged_on_reading_and_on_the_edit_form(client, w):
    login(client, w.users["cell_secretary"])
    assert client.get(reverse("reviews:supervision_record", args=[w.record.pk])).status_code == 200
    assert (
        client.get(reverse("reviews:supervision_record_edit", args=[w.partial.pk])).status_code
        == 200
    )
    assert [(e.member, e.kind, e.object_id) for e in entries()] == [
        (w.m1, Kind.SUPERVISION, w.record.pk),
        (w.m2, Kind.SUPERVISION, w.partial.pk),
    ]
    # The member concerned reads her record: not logged.
    login(client, w.users["member"])
    assert client.get(reverse("reviews:supervision_record", args=[w.record.pk])).status_code == 200
    assert len(entries()) == 2


def test_the_self_assessments_on_the_review_pages_are_logged_per_member(client, w):
    year = today().year
    login(client, w.users["cell_secretary"])
    assert client.get(reverse("reviews:cell_review", args=[year, w.cell.pk])).status_code == 200
    assert sorted((e.member_id, e.kind) for e in entries()) == [
        (w.m1.pk, Kind.EVALUATION),
        (w.m2.pk, Kind.EVALUATION),
    ]
    assert entries()[0].label == f"{year} · {w.cell.name}"
    login(client, w.users["committee_officer"])
    assert client.get(reverse("reviews:year", args=[year])).status_code == 200
    assert len(entries(viewer=w.users["committee_officer"], kind=Kind.EVALUATION)) == 2


# --- her page: who viewed my record -----------------------------------------------------------


def test_she_sees_who_viewed_her_record_and_nothing_about_others(client, w):
    secretary, officer = w.users["cell_secretary"], w.users["committee_officer"]
    log_view(secretary, kind=Kind.PERSONAL, member=w.m1, obj=w.m1)
    log_view(officer, kind=Kind.SUPERVISION, member=w.m1, obj=w.record, label="Chương trình A1")
    log_view(officer, kind=Kind.PERSONAL, member=w.m2, obj=w.m2)
    login(client, w.users["member"])
    response = client.get(reverse("members:my_access_log"))
    assert response.status_code == 200
    rows = list(response.context["page"].object_list)
    assert [(e.viewer, e.kind) for e in rows] == [
        (officer, Kind.SUPERVISION),
        (secretary, Kind.PERSONAL),
    ]
    page = response.content.decode()
    assert secretary.get_full_name() in page and "Chương trình A1" in page
    assert "Supervision record" in page


@pytest.mark.parametrize("who", ["committee_officer", "observer", "superuser", "committee_clerk"])
def test_without_a_member_record_there_is_no_page_of_hers(client, w, who):
    login(client, w.users[who])
    assert client.get(reverse("members:my_access_log")).status_code == 404


def test_her_record_links_to_the_log(client, w):
    login(client, w.users["member"])
    page = client.get(reverse("members:detail", args=[w.m1.pk])).content.decode()
    assert reverse("members:my_access_log") in page
    page = client.get(reverse("members:me")).content.decode()
    assert reverse("members:my_access_log") in page and reverse("members:my_data") in page
    login(client, w.users["committee_officer"])
    page = client.get(reverse("members:detail", args=[w.m1.pk])).content.decode()
    assert (
        f"{reverse('members:access_log')}?committee={w.committee.pk}&amp;member={w.m1.pk}" in page
    )
    assert reverse("members:access_log") in client.get(reverse("members:list")).content.decode()
    login(client, w.users["cell_secretary"])
    assert reverse("members:access_log") not in client.get(reverse("members:list")).content.decode()


# --- the committee's log ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "who,status",
    [
        ("committee_officer", 200),
        ("committee_secretary", 200),
        ("officer_other_committee", 200),
        ("member", 403),
        ("cell_secretary", 403),
        ("committee_clerk", 403),
        ("observer", 403),
        ("superuser", 403),
    ],
)
def test_who_opens_the_committee_log(client, w, who, status):
    login(client, w.users[who])
    assert client.get(reverse("members:access_log")).status_code == status


def _some_entries(w):
    secretary, officer = w.users["cell_secretary"], w.users["committee_officer"]
    log_view(secretary, kind=Kind.PERSONAL, member=w.m1, obj=w.m1)
    log_view(officer, kind=Kind.SUPERVISION, member=w.m2, obj=w.partial)
    log_view(officer, kind=Kind.PERSONAL, member=w.b1, obj=w.b1)
    return secretary, officer


def test_the_committee_log_lists_its_entries_newest_first_and_not_another_committees(client, w):
    _secretary, officer = _some_entries(w)
    other = MemberFactory(committee=w.other)
    log_view(w.users["officer_other_committee"], kind=Kind.PERSONAL, member=other, obj=other)
    login(client, w.users["committee_secretary"])
    response = client.get(reverse("members:access_log"))
    rows = list(response.context["page"].object_list)
    assert [e.member for e in rows] == [w.b1, w.m2, w.m1]
    assert response.context["committee"] == w.committee
    page = response.content.decode()
    assert officer.get_full_name() in page and other.full_name not in page
    login(client, w.users["officer_other_committee"])
    rows = client.get(reverse("members:access_log")).context["page"].object_list
    assert [e.member for e in rows] == [other]


def test_the_committee_log_filters_by_member_kind_and_days(client, w):
    _some_entries(w)
    url = reverse("members:access_log")
    login(client, w.users["committee_officer"])

    def members(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return [e.member for e in response.context["page"].object_list]

    assert members(member=w.m1.pk) == [w.m1]
    assert members(kind=Kind.PERSONAL) == [w.b1, w.m1]
    day = timezone.localdate().strftime("%d/%m/%Y")
    assert members(date_from=day, date_to=day) == [w.b1, w.m2, w.m1]
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    assert members(date_from=tomorrow) == []
    assert members(date_to="01/01/2001") == []


@pytest.mark.parametrize(
    "params",
    [
        {"member": "abc"},
        {"member": "999999999"},
        {"kind": "everything"},
        {"date_from": "31/02/2026"},
        {"date_to": "31/12/9999", "date_from": "01/01/0001"},
        {"committee": "abc", "page": "x"},
    ],
)
def test_bad_filter_values_show_the_log_never_a_500(client, w, params):
    _some_entries(w)
    login(client, w.users["committee_officer"])
    response = client.get(reverse("members:access_log"), params)
    assert response.status_code == 200
    assert response.context["committee"] == w.committee


def test_another_committees_members_and_committee_cannot_be_chosen(client, w):
    _some_entries(w)
    other = MemberFactory(committee=w.other)
    log_view(w.users["officer_other_committee"], kind=Kind.PERSONAL, member=other, obj=other)
    login(client, w.users["committee_officer"])
    response = client.get(reverse("members:access_log"), {"committee": w.other.pk})
    assert response.context["committee"] == w.committee
    response = client.get(reverse("members:access_log"), {"member": other.pk})
    assert response.context["filter"].form.errors["member"]
    assert other not in [e.member for e in response.context["page"].object_list]


def test_an_officer_of_two_committees_picks_one(client, w):
    officer = w.users["committee_officer"]
    CommitteeRoleFactory(user=officer, committee=w.other, role="officer")
    other = MemberFactory(committee=w.other)
    log_view(w.users["officer_other_committee"], kind=Kind.PERSONAL, member=other, obj=other)
    login(client, officer)
    response = client.get(reverse("members:access_log"), {"committee": w.other.pk})
    assert response.context["committee"] == w.other
    assert [e.member for e in response.context["page"].object_list] == [other]
    assert f'value="{w.committee.pk}"' in response.content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_log_pages_take_the_same_queries_for_5_and_50_entries(client, w):
    viewers = [w.users[p] for p in ("cell_secretary", "committee_officer", "committee_secretary")]
    counts = {}
    logged = 0
    for size in (5, 50):
        log_views(
            viewers[size % 3],
            kind=Kind.PERSONAL,
            records=[(w.m1 if i % 2 else w.m2, w.m1) for i in range(size - logged)],
        )
        logged = size
        for i in range(3):  # each of three viewers, so the viewer join is exercised
            log_view(viewers[i], kind=Kind.CRITICISM, member=w.m1, obj=w.criticism)
        login(client, w.users["committee_officer"])
        committee = _queries(client, reverse("members:access_log"))
        login(client, w.users["member"])
        mine = _queries(client, reverse("members:my_access_log"))
        counts[size] = (committee, mine)
    assert counts[5] == counts[50]
