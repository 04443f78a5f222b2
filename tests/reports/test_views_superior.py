"""The superior's pages (`reports/views/superior.py`, issue 22 items 2 and 4) and the read-only
drill-down into a committee's dashboard (`dashboard.access`): her superior opens, another's is a
404; a committee under hers opens for the years it was under it, read-only and without anything
confidential; its confidential records stay 404 for her."""

import copy
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from members.models import SuperiorRole
from reviews.models import SupervisionItem, SupervisionProgramme, SupervisionRecord
from tests.factories import SuperiorFactory, SuperiorRoleFactory, UserFactory
from tests.reports.superior_world import YEAR, D, build_many, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(module_db):
    w = build_world()
    w.five = SuperiorFactory(name="Đảng ủy xã Năm")
    w.fifty = SuperiorFactory(name="Đảng ủy phường Năm Mươi")
    build_many(w.five, 5, prefix="Năm")
    build_many(w.fifty, 50, prefix="Năm Mươi")
    w.five_officer = SuperiorRoleFactory(superior=w.five).user
    w.fifty_officer = SuperiorRoleFactory(superior=w.fifty).user
    programme = SupervisionProgramme.objects.create(committee=w.school, cell=w.s1, year=YEAR)
    item = SupervisionItem.objects.create(
        programme=programme,
        kind="regular",
        dimension="tasks",
        planned_from=D(YEAR, 1, 1),
        planned_until=D(YEAR, 12, 31),
    )
    w.sup_record = SupervisionRecord.objects.create(
        item=item, committee=w.school, member=w.o1, recorded_on=D(YEAR, 5, 1)
    )
    return w


@pytest.fixture
def w(world, db):
    return copy.deepcopy(world)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def dashboard_url(superior, **query):
    url = reverse("reports:superior_dashboard", args=[superior.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def committee_url(committee, year=YEAR):
    return f"{reverse('dashboard:committee', args=[committee.pk])}?year={year}"


def get(client, user, url):
    client.force_login(user)
    return client.get(url)


# --- the superior's dashboard ----------------------------------------------------------------


def test_her_superior_opens_with_its_committees(client, w):
    response = get(client, w.officer, dashboard_url(w.commune, year=YEAR))
    assert response.status_code == 200
    overview = response.context["overview"]
    assert [line.name for line in overview.lines] == [w.school.name, w.moved.name]
    content = response.content.decode()
    # Each committee opens its own dashboard of the year; each submitted report opens the report.
    assert f'href="{committee_url(w.school)}"' in content
    school = overview.lines[0]
    assert school.months[0].report_url == reverse("reports:detail", args=[w.jan.pk])
    assert school.months[1].report_url == reverse("reports:detail", args=[w.feb2.pk])
    assert school.months[2].report_url == ""  # March: a draft, not hers to open
    assert reverse("reports:detail", args=[w.mar_draft.pk]) + '"' not in content
    # Nothing of the ward's clinic; no member's name anywhere.
    assert w.clinic.name not in content
    for member in (w.o1, w.o2, w.m1):
        assert member.full_name not in content
    assert len(response.context["charts"]) == 2
    assert 'data-chart="superior-meetings"' in content
    assert 'data-chart-table="superior-reports"' in content


def test_another_superiors_dashboard_is_a_404(client, w):
    for superior in (w.ward, w.district):
        assert get(client, w.officer, dashboard_url(superior)).status_code == 404
    assert (
        get(client, w.officer, reverse("reports:superior_dashboard", args=[999999])).status_code
        == 404
    )


def test_an_ended_grant_opens_nothing(client, w):
    SuperiorRole.objects.filter(user=w.officer).update(valid_until=D(2025, 1, 1))
    assert get(client, w.officer, dashboard_url(w.commune)).status_code == 404
    assert get(client, w.officer, reverse("reports:superior_home")).status_code == 403


def test_a_bad_year_shows_this_year_with_a_warning(client, w):
    response = get(client, w.officer, dashboard_url(w.commune, year="abc"))
    assert response.status_code == 200
    assert response.context["year"] == datetime.date.today().year
    (message,) = response.context["messages"]
    assert message.level_tag == "warning" and "abc" in str(message)
    assert get(client, w.officer, dashboard_url(w.commune, year="1999")).status_code == 200


def test_a_year_without_committees_says_so(client, w):
    response = get(client, w.officer, dashboard_url(w.commune, year=2000))
    assert response.status_code == 200
    assert "Trong năm không có đảng bộ nào trực thuộc cấp trên này." in response.content.decode()


def test_the_home_leads_to_her_superior_or_lets_her_choose(client, w):
    home = reverse("reports:superior_home")
    response = get(client, w.officer, home)
    assert response.status_code == 302 and response.url == dashboard_url(w.commune)
    both = w.district_officer
    SuperiorRoleFactory(user=both, superior=w.commune, role="inspection")
    response = get(client, both, home)
    assert response.status_code == 200
    assert set(response.context["superiors"]) == {w.commune, w.district}
    response = client.get(home, {"superior": w.commune.pk})
    assert response.status_code == 302 and response.url == dashboard_url(w.commune)
    for bad in (w.ward.pk, "abc", "", "9" * 30):
        assert client.get(home, {"superior": bad}).status_code == 404, bad
    assert get(client, UserFactory(), home).status_code == 403
    superuser = UserFactory(is_superuser=True, is_staff=True)
    response = get(client, superuser, home)
    assert response.status_code == 200
    assert w.ward in response.context["superiors"]
    assert get(client, superuser, dashboard_url(w.ward)).status_code == 200


def test_she_lands_on_her_superior_and_her_menu_says_so(client, w):
    response = get(client, w.officer, reverse("dashboard:home"))
    assert response.status_code == 302 and response.url == reverse("reports:superior_home")
    page = client.get(dashboard_url(w.commune)).content.decode()
    assert f'href="{reverse("reports:superior_home")}"' in page
    # Her menu is her superior's dashboard: no committee's dashboard or organisation of her own.
    assert f'href="{reverse("cells:committee_list")}"' not in page
    assert "bi-speedometer2" not in page  # the committee "Dashboard" item (the brand stays)
    # Nobody else gets the link.
    page = get(client, UserFactory(), reverse("dashboard:my_home")).content.decode()
    assert reverse("reports:superior_home") not in page


# --- the drill-down: a committee's dashboard, read-only ------------------------------------


def test_she_reads_the_dashboard_of_a_committee_under_her_superior(client, w):
    response = get(client, w.officer, committee_url(w.school))
    assert response.status_code == 200
    content = response.content.decode()
    keys = [panel.key for panel, _data in response.context["panels"]]
    assert "matrix" in keys and "ratings" not in keys and "supervision" not in keys
    # No link she could not follow: the committee's page, its settings, meetings, members.
    assert reverse("cells:committee_detail", args=[w.school.pk]) not in content
    assert reverse("cells:rules_edit", args=[w.school.pk]) not in content
    assert reverse("meetings:detail", args=[w.s1_meetings[1].pk]) not in content
    assert reverse("meetings:calendar") not in content
    assert reverse("members:detail", args=[w.o1.pk]) not in content
    assert f'href="{reverse("reports:superior_home")}"' in content
    assert response.context["year_choices"][-1] >= 2001
    # The year report downloads, as the page: no confidential ratings.
    for name in ("dashboard:report_xlsx", "dashboard:report_docx"):
        url = f"{reverse(name, args=[w.school.pk])}?year={YEAR}"
        assert client.get(url).status_code == 200, name


def test_only_for_the_years_it_was_under_her_superior(client, w):
    """The moved committee: the commune's from 2025, the district's until 2025."""
    assert get(client, w.officer, committee_url(w.moved, 2025)).status_code == 200
    assert client.get(committee_url(w.moved, 2024)).status_code == 404
    response = client.get(reverse("dashboard:committee", args=[w.moved.pk]))  # this year
    assert response.status_code == 200
    assert response.context["year_choices"] == [
        y for y in response.context["year_choices"] if y >= 2025
    ]
    assert get(client, w.district_officer, committee_url(w.moved, 2024)).status_code == 200
    assert client.get(committee_url(w.moved, 2026)).status_code == 404
    xlsx = f"{reverse('dashboard:report_xlsx', args=[w.moved.pk])}?year=2026"
    assert client.get(xlsx).status_code == 404


def test_another_superiors_committee_is_a_404(client, w):
    client.force_login(w.officer)
    for url in (
        committee_url(w.clinic),
        reverse("dashboard:report_xlsx", args=[w.clinic.pk]),
        reverse("dashboard:report_docx", args=[w.clinic.pk]),
        committee_url(w.later, 2025),  # hers only from 2026
    ):
        assert client.get(url).status_code == 404, url
    assert get(client, w.ward_officer, committee_url(w.school)).status_code == 404


def test_the_confidential_records_of_a_committee_under_hers_are_404(client, w):
    """Supervision records, criticism, evaluations, member records: never hers (DESIGN §3)."""
    client.force_login(w.officer)
    held = w.s1_meetings[1]
    for url in (
        reverse("reviews:supervision_record", args=[w.sup_record.pk]),
        reverse("meetings:criticism", args=[held.pk]),
        reverse("meetings:criticism_edit", args=[held.pk, w.o1.pk]),
        reverse("reviews:cell_review", args=[YEAR, w.s1.pk]),
        reverse("members:detail", args=[w.o1.pk]),
        reverse("members:photo", args=[w.o1.pk]),
        reverse("members:edit", args=[w.o1.pk]),
        reverse("library:member_training", args=[w.o1.pk]),
        reverse("reviews:residence_edit", args=[YEAR, w.o1.pk]),
    ):
        assert client.get(url).status_code == 404, url
    # The committee-wide confidential pages: refused too (the section needs an office).
    for url in (reverse("reviews:year", args=[YEAR]), reverse("reviews:report", args=[YEAR])):
        assert client.get(url).status_code in (403, 404), url


# --- query counts ------------------------------------------------------------------------------


def count(client, user, url) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_queries_do_not_grow_with_the_committees(client, w):
    few = count(client, w.five_officer, dashboard_url(w.five, year=YEAR))
    many = count(client, w.fifty_officer, dashboard_url(w.fifty, year=YEAR))
    assert few == many, (few, many)
