"""The supervision pages (issue 18 items 6–8): who opens what (404 for what she may not see, 403
for what she sees but may not change), bad input shown next to the field with nothing saved, the
programme page's queries for 5 and 50 items, the homes and the committee dashboard — and nothing
of it on the meeting pages every member reads."""

import datetime

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from members.access import forget
from reviews.models import SupervisionItem, SupervisionProgramme, SupervisionRecord
from reviews.supervision import programmes, records
from tests.conftest import PERSONAS
from tests.factories import MemberFactory
from tests.reviews.supervision_world import DAY, build_world, ordinary_motion, today

SECRET = "BÍ-MẬT-NHẬN-XÉT"
RECOMMENDATION = "KIẾN-NGHỊ-RIÊNG"


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic(), translation.override("en"):
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def as_(client, w, db):
    def login(persona):
        client.logout()  # which forgets the cookies too
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        if persona != "anonymous":
            user = w.users[persona]
            forget(user)
            client.force_login(user)
        return client

    return login


def only(*personas, status=200, others=404):
    return {
        "anonymous": 302,
        **dict.fromkeys(PERSONAS[1:], others),
        **dict.fromkeys(personas, status),
    }


def pages(w):
    """URL → {persona: status}."""
    record = reverse("reviews:supervision_record", args=[w.record.pk])
    return {
        reverse("reviews:supervision_home"): {
            **only(*PERSONAS[1:]),
            **dict.fromkeys(
                ["committee_clerk", "observer", "superuser", "superior_officer", "superior_other"],
                403,
            ),
        },
        reverse("reviews:supervision_programme", args=[w.programme.pk]): only(
            "cell_secretary", "committee_officer"
        ),
        reverse("reviews:supervision_programme", args=[w.committee_programme.pk]): only(
            "committee_officer"
        ),
        record: only("member", "cell_secretary", "committee_officer"),
        reverse("reviews:supervision_record_edit", args=[w.record.pk]): {
            **only("cell_secretary"),
            "member": 403,
            "committee_officer": 403,
        },
        reverse("reviews:supervision_record_add", args=[w.item_not_started.pk]): {
            **only("cell_secretary"),
            "committee_officer": 403,
        },
        reverse("reviews:supervision_record", args=[w.violation.pk]): only(
            "secretary_other_cell", "committee_officer"
        ),
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_opens_only_what_she_may(w, as_, persona):
    client = as_(persona)
    for url, statuses in pages(w).items():
        response = client.get(url)
        assert response.status_code == statuses[persona], (url, persona)
        if response.status_code != 200 and persona != "anonymous":
            assert SECRET not in response.content.decode()


def test_the_record_page_shows_the_member_her_record(w, as_):
    response = as_("member").get(reverse("reviews:supervision_record", args=[w.record.pk]))
    body = response.content.decode()
    assert SECRET in body and RECOMMENDATION in body
    assert reverse("reviews:supervision_record_edit", args=[w.record.pk]) not in body
    # She does not see the programme: no link to it.
    assert w.programme.get_absolute_url() not in body


def test_the_programme_page_shows_progress(w, as_):
    response = as_("cell_secretary").get(w.programme.get_absolute_url())
    body = response.content.decode()
    assert body.count('data-state="done"') == 2  # the item and its badge
    assert body.count('data-state="under_way"') == 2
    assert body.count('data-state="not_started"') == 2
    assert "1/3 done" in body


def test_the_programme_page_costs_the_same_for_5_and_50_items(w, as_):
    client = as_("cell_secretary")
    sec = w.secretary.user
    counts = []
    for year_offset, n in ((-1, 5), (1, 50)):
        programme = programmes.programme_create(
            committee=w.committee, cell=w.cell, year=today().year + year_offset, by=sec
        )
        for i in range(n):
            programmes.item_add(
                programme=programme,
                by=sec,
                kind="regular",
                dimension="tasks",
                subject_members=[w.m1, w.m2] if i % 2 else [w.m3],
                supervisors=[w.secretary],
                planned_from=datetime.date(programme.year, 1 + i % 12, 1),
                planned_until=datetime.date(programme.year, 1 + i % 12, 28),
            )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(programme.get_absolute_url())
        assert response.status_code == 200
        assert response.content.decode().count('supervision-item"') == n
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --- writing through the pages -----------------------------------------------------------------------


def test_creating_and_adopting_a_programme(w, as_):
    client = as_("cell_secretary")
    year = today().year + 1
    response = client.post(
        reverse("reviews:supervision_programme_create"),
        {"body": f"cell-{w.cell.pk}", "year": year, "note": ""},
    )
    programme = SupervisionProgramme.objects.get(cell=w.cell, year=year)
    assert response.status_code == 302 and response.url == programme.get_absolute_url()
    adopt = reverse("reviews:supervision_programme_adopt", args=[programme.pk])
    failed = ordinary_motion(cell=w.cell, passed=False)
    response = client.post(adopt, {"motion": failed.pk})
    assert response.status_code == 200
    assert "This vote did not pass" in response.content.decode()
    elsewhere = ordinary_motion(cell=w.other_cell)
    response = client.post(adopt, {"motion": elsewhere.pk})
    assert "another body" in response.content.decode()
    programme.refresh_from_db()
    assert not programme.is_adopted
    passed = ordinary_motion(cell=w.cell)
    assert passed.pk != failed.pk
    response = client.post(adopt, {"motion": passed.pk})
    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.motion == passed


def test_a_secretary_cannot_create_the_committees_programme(w, as_):
    client = as_("cell_secretary")
    response = client.post(
        reverse("reviews:supervision_programme_create"),
        {"body": f"committee-{w.committee.pk}", "year": today().year + 1},
    )
    assert response.status_code == 200
    assert not SupervisionProgramme.objects.filter(cell=None, year=today().year + 1).exists()


@pytest.fixture
def draft(w, db):
    return programmes.programme_create(
        committee=w.committee, cell=w.cell, year=today().year + 1, by=w.secretary.user
    )


def item_post(w, draft, **kw):
    data = {
        "kind": "regular",
        "dimension": "ideology",
        "content": "",
        "subject_members": [w.m1.pk],
        "supervisors": [w.secretary.pk],
        "planned_from": f"01/02/{draft.year}",
        "planned_until": f"28/02/{draft.year}",
    }
    data.update(kw)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "inspection"}, "Only the committee inspects"),
        ({"subject_members": []}, "Choose whom the item is about"),
        ({"subject_members": "other"}, "is not a member of"),
        ({"planned_until": "before"}, "comes before its start"),
        ({"planned_from": "bad"}, "Enter a valid date"),
    ],
)
def test_bad_items_are_shown_next_to_the_field(w, as_, draft, change, message):
    client = as_("cell_secretary")
    value = next(iter(change.values()))
    if value == "other":
        change = {"subject_members": [w.b1.pk]}
    elif value == "before":
        change = {"planned_until": f"05/01/{draft.year}"}
    elif value == "bad":
        change = {"planned_from": "31/02/x"}
    response = client.post(
        reverse("reviews:supervision_item_add", args=[draft.pk]), item_post(w, draft, **change)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "invalid-feedback" in body
    assert not SupervisionItem.objects.filter(programme=draft).exists()


def test_an_item_is_added_and_edited_while_a_draft(w, as_, draft):
    client = as_("cell_secretary")
    response = client.post(
        reverse("reviews:supervision_item_add", args=[draft.pk]), item_post(w, draft)
    )
    assert response.status_code == 302
    item = SupervisionItem.objects.get(programme=draft)
    response = client.post(
        reverse("reviews:supervision_item_edit", args=[item.pk]),
        item_post(w, draft, dimension="ethics", subject_members=[w.m2.pk]),
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.dimension == "ethics" and list(item.subject_members.all()) == [w.m2]
    # Not for the committee's officers: the cell writes its own programme.
    response = as_("committee_officer").get(
        reverse("reviews:supervision_item_edit", args=[item.pk])
    )
    assert response.status_code == 403


def record_post(**kw):
    data = {
        "recorded_on": today().strftime("%d/%m/%Y"),
        "self_report": "",
        "findings": "Tốt",
        "conclusion": "",
        "recommendations": "",
        "followup_deadline": "",
        "followup": "",
        "followup_done_on": "",
        "discipline": "",
    }
    data.update(kw)
    return data


def test_bad_records_are_shown_next_to_the_field(w, as_):
    client = as_("cell_secretary")
    url = reverse("reviews:supervision_record_add", args=[w.item_not_started.pk])
    response = client.post(url, record_post(member=w.b1.pk))
    assert "is not a member of" in response.content.decode()
    yesterday = (today() - DAY).strftime("%d/%m/%Y")
    response = client.post(
        url, record_post(member=w.m3.pk, recommendations="Sửa", followup_deadline=yesterday)
    )
    assert response.status_code == 200
    assert "cannot come before the record" in response.content.decode()
    stranger = MemberFactory(committee=w.other)
    response = client.post(url, record_post(member=stranger.pk))
    assert response.status_code == 200
    assert not SupervisionRecord.objects.filter(item=w.item_not_started).exists()
    response = client.post(url, record_post(member=w.m3.pk))
    assert response.status_code == 302
    assert SupervisionRecord.objects.filter(item=w.item_not_started, member=w.m3).exists()


# --- homes, dashboard, meetings --------------------------------------------------------------------


def test_the_member_sees_her_follow_up_on_her_home(w, as_):
    body = as_("member").get(reverse("dashboard:my_home")).content.decode()
    assert "panel-my-supervision" in body
    assert w.record.get_absolute_url() in body
    other = as_("member_other_cell").get(reverse("dashboard:my_home")).content.decode()
    assert "panel-my-supervision" not in other


def test_the_secretary_home_has_the_supervision_panel(w, as_):
    records.record_add(
        item=w.item_not_started,
        member=w.m3,
        by=w.secretary.user,
        recorded_on=today(),
        recommendations=RECOMMENDATION,
        followup_deadline=today(),
    )
    body = as_("cell_secretary").get(reverse("dashboard:my_home")).content.decode()
    assert "panel-supervision-due" in body
    assert "supervision-due-followup" in body
    assert RECOMMENDATION not in body
    assert SECRET not in body


def test_the_committee_dashboard_panel_is_for_officers(w, as_):
    url = reverse("dashboard:committee", args=[w.committee.pk])
    body = as_("committee_officer").get(url).content.decode()
    assert "panel-supervision" in body
    assert w.programme.get_absolute_url() in body
    observer = as_("observer").get(url).content.decode()
    assert "panel-supervision" not in observer


def test_nothing_of_it_on_the_meeting_pages(w, as_):
    client = as_("cell_secretary")
    meeting = w.motion.meeting
    for url in (
        meeting.get_absolute_url(),
        reverse("meetings:minutes", args=[meeting.pk]),
        reverse("meetings:task_board"),
        reverse("meetings:my_tasks"),
    ):
        response = client.get(url)
        body = response.content.decode()
        assert SECRET not in body and RECOMMENDATION not in body, url
