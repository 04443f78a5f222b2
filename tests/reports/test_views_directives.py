"""The directives' pages (`reports/views/directives.py`, issue 22 item 5): the superior's officer
publishes, reads the list and the progress per committee; another superior's officer and the
committees' own people get 404, a superuser reads but does not publish (403); bad input shows
the form again with its message and saves nothing; the queries do not grow with the committees."""

import copy
import datetime

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from library.models import LibraryDocument, StudyCampaign
from library.study import services as study_services
from members.access import forget
from reports import directives
from reports.models import Directive
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MemberFactory,
    SuperiorBodyFactory,
    SuperiorFactory,
    SuperiorRoleFactory,
    UserFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PDF = b"%PDF-1.4\n%test\n"


def pdf(name="ct05.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def committees_under(superior, count, *, members=1, prefix=""):
    """`count` committees under `superior`, each with one cell of `members` members."""
    made = []
    for n in range(count):
        committee = CommitteeFactory(name=f"Đảng bộ {prefix}{n:02d}")
        SuperiorBodyFactory(committee=committee, superior=superior, name=superior.name)
        cell = CellFactory(committee=committee)
        for _ in range(members):
            MemberFactory(committee=committee, cell=cell)
        made.append(committee)
    return made


def publish(superior, by, number="05-CT/ĐU", **changes):
    values = {
        "title": "Chỉ thị về tăng cường công tác giáo dục chính trị tư tưởng",
        "number": number,
        "issued_on": TODAY - datetime.timedelta(days=3),
        "upload": pdf(),
        "study_deadline": TODAY + datetime.timedelta(days=30),
    }
    values.update(changes)
    return directives.directive_publish(superior=superior, by=by, **values).directive


@pytest.fixture(scope="module")
def world(module_db):
    """The commune: `school` (S1: 3 members, S2: 2) and `clinic` (2 members); a directive with a
    campaign, two of the school done. The ward: one committee and its own directive. Superiors
    of 5 and 50 committees, each with one directive."""
    w = {}
    w["commune"] = SuperiorFactory(name="Đảng ủy xã Krông Bông")
    w["ward"] = SuperiorFactory(name="Đảng ủy phường Tân Lập")
    w["school"] = CommitteeFactory(name="Đảng bộ Trường THPT Krông Bông")
    w["clinic"] = CommitteeFactory(name="Đảng bộ Trạm Y tế")
    for key in ("school", "clinic"):
        SuperiorBodyFactory(committee=w[key], superior=w["commune"], name=w["commune"].name)
    s1, s2 = CellFactory(committee=w["school"]), CellFactory(committee=w["school"])
    c1 = CellFactory(committee=w["clinic"])
    w["school_members"] = [
        MemberFactory(committee=w["school"], cell=cell, full_name=f"Lê Thị Học{n}")
        for n, cell in enumerate([s1, s1, s1, s2, s2])
    ]
    for _ in range(2):
        MemberFactory(committee=w["clinic"], cell=c1)
    committees_under(w["ward"], 1, prefix="phường ")
    w["officer"] = SuperiorRoleFactory(superior=w["commune"]).user
    w["ward_officer"] = SuperiorRoleFactory(superior=w["ward"]).user
    w["school_officer"] = CommitteeRoleFactory(committee=w["school"], role="officer").user
    w["school_member"] = member_user(w["school_members"][0])
    w["superuser"] = UserFactory(is_superuser=True, is_staff=True)
    w["directive"] = publish(w["commune"], w["officer"])
    w["ward_directive"] = publish(w["ward"], w["ward_officer"], number="09-CT/ĐU")
    campaign = w["directive"].copies.get(committee=w["school"]).campaign
    for participant in campaign.participants.order_by("member_id")[:2]:
        study_services.study_confirm(participant=participant, by=w["school_officer"])
    for size in (5, 50):
        superior = SuperiorFactory(name=f"Đảng ủy xã {size}")
        committees_under(superior, size, prefix=f"{size}-")
        officer = SuperiorRoleFactory(superior=superior).user
        w[f"superior_{size}"], w[f"officer_{size}"] = superior, officer
        w[f"directive_{size}"] = publish(superior, officer)
    return w


@pytest.fixture
def w(world, db):
    w = copy.deepcopy(world)
    for value in w.values():
        if hasattr(value, "is_authenticated"):
            forget(value)
    return w


@pytest.fixture(autouse=True)
def english(client):
    """The pages in English (the language cookie), the messages compared in English."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


def list_url(superior):
    return reverse("reports:directive_list", args=[superior.pk])


def create_url(superior):
    return reverse("reports:directive_create", args=[superior.pk])


def detail_url(directive):
    return reverse("reports:directive_detail", args=[directive.pk])


def form_data(**changes):
    data = {
        "number": "07-CT/ĐU",
        "title": "Chỉ thị về công tác phát triển đảng viên",
        "issued_on": (TODAY - datetime.timedelta(days=1)).strftime("%d/%m/%Y"),
        "file": pdf(),
        "study_deadline": (TODAY + datetime.timedelta(days=20)).strftime("%d/%m/%Y"),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- reading --------------------------------------------------------------------------------------


def test_the_list_shows_each_directive_with_its_progress(client, w):
    client.force_login(w["officer"])
    response = client.get(list_url(w["commune"]))

    assert response.status_code == 200
    page = response.content.decode()
    assert f'data-directive="{w["directive"].pk}"' in page
    assert f'data-directive="{w["ward_directive"].pk}"' not in page
    (line,) = response.context["progress"]
    assert (len(line.committees), line.done, line.participants) == (2, 2, 7)
    assert "2 / 7" in page and "(28.6%)" in page
    assert create_url(w["commune"]) in page


def test_the_detail_shows_the_progress_per_committee_and_no_name(client, w):
    client.force_login(w["officer"])
    response = client.get(detail_url(w["directive"]))

    assert response.status_code == 200
    lines = {line.committee_id: line for line in response.context["progress"].committees}
    school, clinic = lines[w["school"].pk], lines[w["clinic"].pk]
    assert (school.participants, school.studied, school.done) == (5, 2, 2)
    assert (clinic.participants, clinic.done) == (2, 0)
    page = response.content.decode()
    assert "40.0%" in page and "0.0%" in page
    assert "Lê Thị Học" not in page  # numbers only


def test_a_superuser_reads_but_does_not_publish(client, w):
    client.force_login(w["superuser"])
    response = client.get(list_url(w["commune"]))
    assert response.status_code == 200
    assert create_url(w["commune"]) not in response.content.decode()
    assert client.get(detail_url(w["directive"])).status_code == 200
    assert client.get(create_url(w["commune"])).status_code == 403
    assert client.post(create_url(w["commune"]), form_data()).status_code == 403
    assert not Directive.objects.filter(number="07-CT/ĐU").exists()


@pytest.mark.parametrize("who", ["ward_officer", "school_officer", "school_member"])
def test_another_superior_and_the_committees_get_404(client, w, who):
    client.force_login(w[who])
    for url in (list_url(w["commune"]), create_url(w["commune"]), detail_url(w["directive"])):
        assert client.get(url).status_code == 404, url
    assert client.post(create_url(w["commune"]), form_data()).status_code == 404
    assert not Directive.objects.filter(number="07-CT/ĐU").exists()


def test_the_superior_dashboard_links_to_the_directives(client, w):
    client.force_login(w["officer"])
    response = client.get(reverse("reports:superior_dashboard", args=[w["commune"].pk]))
    assert list_url(w["commune"]) in response.content.decode()


# --- publishing -----------------------------------------------------------------------------------


def test_her_officer_publishes_to_every_committee(client, w):
    client.force_login(w["officer"])
    assert client.get(create_url(w["commune"])).status_code == 200

    response = client.post(create_url(w["commune"]), form_data(report_required="on"), follow=True)

    directive = Directive.objects.get(number="07-CT/ĐU")
    assert response.redirect_chain[-1][0] == detail_url(directive)
    assert directive.report_required and directive.created_by == w["officer"]
    assert directive.copies.count() == 2
    assert StudyCampaign.objects.filter(directive_copy__directive=directive).count() == 2
    assert "was sent to 2 committees; study campaigns started: 2." in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"file": None}, "Choose a file."),
        ({"file": pdf("ct.pdf", b"MZ\x90\x00" + b"\x00" * 200)}, "This kind of file"),
        ({"title": "  "}, "This field is required."),
        ({"number": ""}, "This field is required."),
        (
            {"study_deadline": (TODAY - datetime.timedelta(days=1)).strftime("%d/%m/%Y")},
            "The study deadline cannot be in the past.",
        ),
        ({"issued_on": "31/02/2026"}, "Enter a valid date."),
    ],
)
def test_bad_input_shows_the_message_and_saves_nothing(client, w, changes, message):
    client.force_login(w["officer"])
    documents = LibraryDocument.objects.count()

    response = client.post(create_url(w["commune"]), form_data(**changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Directive.objects.filter(number="07-CT/ĐU").exists()
    assert LibraryDocument.objects.count() == documents


# --- query counts ---------------------------------------------------------------------------------


def count(client, user, url) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_progress_takes_two_queries_however_many_committees(w, django_assert_num_queries):
    for size in (5, 50):
        directive = Directive.objects.get(pk=w[f"directive_{size}"].pk)
        with django_assert_num_queries(2):
            (progress,) = directives.directive_progress([directive])
        assert (len(progress.committees), progress.participants) == (size, size)


@pytest.mark.parametrize("page", ["list", "detail"])
def test_the_pages_queries_do_not_grow_with_the_committees(client, w, page):
    def url(size):
        if page == "list":
            return list_url(w[f"superior_{size}"])
        return detail_url(w[f"directive_{size}"])

    few = count(client, w["officer_5"], url(5))
    many = count(client, w["officer_50"], url(50))
    assert few == many, (few, many)
