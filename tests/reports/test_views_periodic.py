"""The committee's periodic reports pages (`reports/views/periodic.py`): who opens what (404 /
403), create in one click (a future period or a malformed one: a clear message, nothing saved),
edit (a text of 100,000 characters: the form again, nothing saved), submit with a confirmation (a
second submission refused), correct with a reason, the print view's actions, the links from the
navbar and the dashboard; and the query counts — the list with 5 and 50 reports, a draft's page
with 2 and 10 cells."""

import copy
import datetime

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.figures import report_figures
from reports.models import PeriodReport
from reports.services import report_create, report_submit, report_update
from tests.conftest import PERSONAS
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MemberFactory,
    PositionFactory,
    SuperiorBodyFactory,
    TermFactory,
    UserFactory,
    member_user,
    superior_personas,
)
from tests.reports.test_period_figures import _bulk_quarter

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = timezone.localdate()
LAST_MONTH = (TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


@pytest.fixture(scope="module")
def _world(module_db):
    """Committee A (under the superior of the `superior_officer` persona): two cells, the
    personas; last month's report submitted, this month's in draft. Committee B."""
    committee = CommitteeFactory(place_name="Krông Bông")
    term = TermFactory(committee=committee, start_date=D(2020, 7, 1))
    cell, other_cell = CellFactory(committee=committee), CellFactory(committee=committee)

    def person(c, role=None):
        member = MemberFactory(committee=committee, cell=c)
        if role:
            PositionFactory(member=member, cell=c, role=role, term=term, start_date=D(2020, 7, 1))
        return member_user(member)

    users = {
        "member": person(cell),
        "member_other_cell": person(other_cell),
        "cell_secretary": person(cell, "cell_secretary"),
        "secretary_other_cell": person(other_cell, "cell_secretary"),
        "committee_officer": CommitteeRoleFactory(committee=committee, role="officer").user,
        "committee_clerk": CommitteeRoleFactory(committee=committee, role="clerk").user,
        "observer": CommitteeRoleFactory(committee=committee, role="observer").user,
        "officer_other_committee": CommitteeRoleFactory(
            committee=CommitteeFactory(), role="officer"
        ).user,
        **superior_personas(committee),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    officer = users["committee_officer"]
    submitted, _ = report_create(
        committee=committee, kind="month", period_start=LAST_MONTH, by=officer
    )
    submitted = report_submit(submitted, by=officer)
    draft, _ = report_create(committee=committee, kind="month", period_start=TODAY, by=officer)
    return {
        "committee": committee,
        "users": users,
        "submitted": submitted,
        "draft": draft,
    }


@pytest.fixture
def w(_world, db):
    return copy.deepcopy(_world)


def as_(client, w, who):
    client.force_login(w["users"][who])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def msgs(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def url(name, obj):
    return reverse(f"reports:{name}", args=[obj.pk])


# --- who opens what -------------------------------------------------------------------------------

READ = {
    **dict.fromkeys(PERSONAS[1:], 404),
    "committee_officer": 200,
    "observer": 200,
    "superuser": 200,
}


@pytest.mark.parametrize(
    "name, key, expected",
    [
        # The list: the committee's members and clerk see the committee, not its reports (403).
        (
            "committee",
            "committee",
            {
                **READ,
                **dict.fromkeys(
                    ["member", "member_other_cell", "cell_secretary", "secretary_other_cell"], 403
                ),
                "committee_clerk": 403,
                "superior_officer": 200,
            },
        ),
        ("detail", "submitted", {**READ, "superior_officer": 200}),
        ("docx", "submitted", {**READ, "superior_officer": 200}),
        ("detail", "draft", READ),  # a draft is not the superior's
        ("edit", "draft", {**READ, "observer": 403, "superuser": 403}),
        ("submit", "draft", {**READ, "observer": 403, "superuser": 403}),
        (
            "correct",
            "submitted",
            {**READ, "observer": 403, "superuser": 403, "superior_officer": 403},
        ),
    ],
)
def test_who_opens_what(client, w, name, key, expected):
    for persona in PERSONAS[1:]:
        as_(client, w, persona)
        response = client.get(url(name, w[key]))
        assert response.status_code == expected[persona], (name, key, persona)


def test_anonymous_is_sent_to_log_in(client, w):
    response = client.get(url("detail", w["submitted"]))
    assert response.status_code == 302 and "/account/login/" in response["Location"]


# --- the list and create --------------------------------------------------------------------------


def test_the_list_offers_create_to_officers_only(client, w):
    html = as_(client, w, "committee_officer").get(url("committee", w["committee"])).content
    assert b'class="card card-body shadow-sm mb-3 report-create"' in html
    assert f'value="month:{LAST_MONTH.isoformat()}" selected'.encode() in html
    assert f'data-report="{w["draft"].pk}"'.encode() in html
    observer = as_(client, w, "observer").get(url("committee", w["committee"])).content
    assert (
        b"report-create" not in observer and f'data-report="{w["draft"].pk}"'.encode() in observer
    )


def test_the_superior_lists_the_submitted_reports_only(client, w):
    html = as_(client, w, "superior_officer").get(url("committee", w["committee"])).content
    assert f'data-report="{w["submitted"].pk}"'.encode() in html
    assert f'data-report="{w["draft"].pk}"'.encode() not in html
    assert b"report-create" not in html


def test_create_in_one_click(client, w):
    as_(client, w, "committee_officer")
    month = (LAST_MONTH - datetime.timedelta(days=1)).replace(day=1)
    response = client.post(url("create", w["committee"]), {"period": f"month:{month.isoformat()}"})
    report = PeriodReport.objects.get(committee=w["committee"], period_start=month)
    assert response.status_code == 302 and response["Location"] == url("edit", report)
    assert msgs(response) == [
        f"The report {report.number_text} was created. Write its sections, then submit it."
    ]
    assert (report.kind, report.number, report.created_by) == (
        "month",
        3,
        w["users"]["committee_officer"],
    )


def test_a_period_with_its_report_opens_it(client, w):
    as_(client, w, "committee_officer")
    response = client.post(url("create", w["committee"]), {"period": f"month:{TODAY:%Y-%m}-01"})
    assert response["Location"] == url("detail", w["draft"])
    assert msgs(response) == ["This period already has its report: here it is."]
    assert PeriodReport.objects.count() == 2


@pytest.mark.parametrize(
    "period, message",
    [
        (
            f"month:{TODAY.year + 1}-01-01",
            f"This period begins on 01/01/{TODAY.year + 1}, in the future: a report is made for "
            "a period that has begun.",
        ),
        (f"year:{TODAY.year + 1}-01-01", None),
        ("month:2025-11-02", "Choose a period from the list."),
        ("quarter:2025-02-01", "Choose a period from the list."),
        ("week:2025-11-01", "Choose a period from the list."),
        ("month:2025-13-01", "Choose a period from the list."),
        ("abc", "Choose a period from the list."),
        ("", "Choose a period from the list."),
    ],
)
def test_bad_periods_are_refused_with_a_message(client, w, period, message):
    as_(client, w, "committee_officer")
    response = client.post(url("create", w["committee"]), {"period": period})
    assert response.status_code == 302 and response["Location"] == url("committee", w["committee"])
    if message:
        assert msgs(response) == [message]
    else:
        assert "in the future" in msgs(response)[0]
    assert PeriodReport.objects.count() == 2


def test_create_is_for_officers_and_by_post(client, w):
    for persona in ("observer", "superuser", "superior_officer", "member"):
        as_(client, w, persona)
        response = client.post(url("create", w["committee"]), {"period": "month:2025-01-01"})
        assert response.status_code in (403, 404), persona
    assert as_(client, w, "committee_officer").get(url("create", w["committee"])).status_code == 405
    assert PeriodReport.objects.count() == 2


# --- the report's page ----------------------------------------------------------------------------


def test_a_drafts_page_offers_edit_and_submit_to_officers(client, w):
    html = as_(client, w, "committee_officer").get(url("detail", w["draft"])).content.decode()
    assert url("edit", w["draft"]) in html and url("submit", w["draft"]) in html
    assert url("docx", w["draft"]) in html and "js-print" in html
    assert 'data-status="draft"' in html
    observer = as_(client, w, "observer").get(url("detail", w["draft"])).content.decode()
    assert url("edit", w["draft"]) not in observer and url("submit", w["draft"]) not in observer
    assert url("docx", w["draft"]) in observer


def test_a_submitted_reports_page_offers_the_correction(client, w):
    html = as_(client, w, "committee_officer").get(url("detail", w["submitted"])).content.decode()
    assert url("correct", w["submitted"]) in html
    assert url("edit", w["submitted"]) not in html
    assert 'data-status="on-time"' in html  # submitted today, due next month
    superior = as_(client, w, "superior_officer").get(url("detail", w["submitted"])).content
    assert url("correct", w["submitted"]).encode() not in superior


# --- edit -----------------------------------------------------------------------------------------


def edit_data(**kwargs):
    return {
        "situation": "Tư tưởng ổn định.",
        "notable": "",
        "plan": "Kế hoạch tháng tới.",
        "place": "Krông Bông",
        "recipients": "Đảng ủy xã (để báo cáo),\r\nLưu Văn phòng Đảng ủy.",
        "signer": "secretary",
        "signer_name": "Đỗ Văn Chính",
        **kwargs,
    }


def test_edit_a_draft(client, w):
    as_(client, w, "committee_officer")
    assert client.get(url("edit", w["draft"])).status_code == 200
    response = client.post(url("edit", w["draft"]), edit_data())
    assert response.status_code == 302 and response["Location"] == url("detail", w["draft"])
    assert msgs(response) == ["The changes were saved."]
    draft = PeriodReport.objects.get(pk=w["draft"].pk)
    assert (draft.situation, draft.plan, draft.signer_name) == (
        "Tư tưởng ổn định.",
        "Kế hoạch tháng tới.",
        "Đỗ Văn Chính",
    )
    assert draft.recipients == "Đảng ủy xã (để báo cáo),\nLưu Văn phòng Đảng ủy."
    html = client.get(url("detail", w["draft"])).content.decode()
    assert "Tư tưởng ổn định." in html and "Kế hoạch tháng tới." in html


def test_a_text_of_100000_characters_is_refused_and_nothing_is_saved(client, w):
    as_(client, w, "committee_officer")
    response = client.post(url("edit", w["draft"]), edit_data(notable="x" * 100_000))
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "notable": ["Ensure this value has at most 20000 characters (it has 100000)."]
    }
    draft = PeriodReport.objects.get(pk=w["draft"].pk)
    assert (draft.situation, draft.notable) == ("", "")


@pytest.mark.parametrize(
    "field, value",
    [("signer", "king"), ("signer_name", ""), ("place", ""), ("situation", "a\x00b")],
)
def test_bad_edits_show_the_form_and_save_nothing(client, w, field, value):
    as_(client, w, "committee_officer")
    response = client.post(url("edit", w["draft"]), edit_data(**{field: value}))
    assert response.status_code == 200 and field in response.context["form"].errors
    assert PeriodReport.objects.get(pk=w["draft"].pk).situation == ""


def test_a_submitted_report_is_not_edited(client, w):
    as_(client, w, "committee_officer")
    response = client.post(url("edit", w["submitted"]), edit_data())
    assert response["Location"] == url("detail", w["submitted"])
    assert msgs(response) == [
        "This report was submitted and is locked. To change it, make a correction."
    ]
    assert PeriodReport.objects.get(pk=w["submitted"].pk).situation == ""


# --- submit ---------------------------------------------------------------------------------------


def test_submit_with_a_confirmation(client, w):
    as_(client, w, "committee_officer")
    html = client.get(url("submit", w["draft"])).content.decode()
    assert "Once submitted, the report is locked" in html
    response = client.post(url("submit", w["draft"]))
    assert response["Location"] == url("detail", w["draft"])
    draft = PeriodReport.objects.get(pk=w["draft"].pk)
    assert msgs(response) == [
        f"The report {draft.number_text} was submitted to the superior. It is now locked."
    ]
    assert (draft.status, draft.submitted_by) == ("submitted", w["users"]["committee_officer"])
    assert draft.figures is not None


def test_a_second_submission_is_refused(client, w):
    as_(client, w, "committee_officer")
    before = PeriodReport.objects.get(pk=w["submitted"].pk)
    response = client.post(url("submit", w["submitted"]))
    assert response.status_code == 302 and response["Location"] == url("detail", w["submitted"])
    assert msgs(response) == [
        "This report was submitted and is locked. To change it, make a correction."
    ]
    after = PeriodReport.objects.get(pk=w["submitted"].pk)
    assert (after.submitted_at, after.history.count()) == (
        before.submitted_at,
        before.history.count(),
    )


def test_the_confirmation_warns_when_late(client, w):
    old, _ = report_create(
        committee=w["committee"],
        kind="year",
        period_start=D(2024, 1, 1),
        by=w["users"]["committee_officer"],
    )
    html = as_(client, w, "committee_officer").get(url("submit", old)).content.decode()
    assert "The deadline has passed: the report will be recorded as late." in html


# --- correct --------------------------------------------------------------------------------------


def test_correct_with_a_reason(client, w):
    as_(client, w, "committee_officer")
    response = client.post(url("correct", w["submitted"]), {"reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["Say why the report is corrected."]}
    assert PeriodReport.objects.count() == 2
    # The month's draft is another report: this one has none.
    response = client.post(url("correct", w["submitted"]), {"reason": "Sai số liệu đảng viên"})
    correction = PeriodReport.objects.get(version=2)
    assert response["Location"] == url("edit", correction)
    assert msgs(response) == ["Version 2 of the report was created: change it, then submit it."]
    assert (correction.number, correction.correction_reason) == (
        w["submitted"].number,
        "Sai số liệu đảng viên",
    )
    # While it is in draft, the first version offers no second correction and points to it.
    html = client.get(url("detail", w["submitted"])).content.decode()
    assert url("correct", w["submitted"]) not in html
    assert url("detail", correction) in html
    response = client.post(url("correct", w["submitted"]), {"reason": "Lần nữa"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This report already has a version in draft: finish and submit it first."
    ]
    assert PeriodReport.objects.count() == 3


def test_a_draft_is_not_corrected_but_edited(client, w):
    response = as_(client, w, "committee_officer").get(url("correct", w["draft"]))
    assert response["Location"] == url("edit", w["draft"])


# --- the links ------------------------------------------------------------------------------------


def test_the_navbar_and_the_dashboard_link_to_the_reports(client, w):
    list_url = url("committee", w["committee"])
    for persona in ("committee_officer", "observer"):
        html = as_(client, w, persona).get(reverse("dashboard:my_home")).content.decode()
        assert f'href="{list_url}"' in html, persona
    member = as_(client, w, "member").get(reverse("dashboard:my_home")).content.decode()
    assert list_url not in member
    dashboard = as_(client, w, "committee_officer").get(
        reverse("dashboard:committee", args=[w["committee"].pk])
    )
    assert (
        f'class="btn btn-outline-secondary dashboard-reports" href="{list_url}"'
        in dashboard.content.decode()
    )


# --- the number of queries ------------------------------------------------------------------------


def _reports(committee, officer, n: int) -> None:
    """`n` monthly reports of committee, every other one submitted (bulk: the list only reads)."""
    now = timezone.now()
    PeriodReport.objects.bulk_create(
        PeriodReport(
            committee=committee,
            kind="month",
            period_start=D(2000 + i // 12, i % 12 + 1, 1),
            period_end=D(2000 + i // 12, i % 12 + 1, 28),
            superior=committee.superior_bodies.get().superior,
            number=i + 1,
            number_year=2000,
            issued_on=D(2020, 1, 1),
            created_by=officer,
            status="submitted" if i % 2 else "draft",
            submitted_at=now if i % 2 else None,
            submitted_by=officer if i % 2 else None,
            figures={} if i % 2 else None,
        )
        for i in range(n)
    )


def _count(client, user, path) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_the_list_queries_do_not_grow_with_the_reports(client, db):
    counts = []
    for n in (5, 50):
        committee = CommitteeFactory()
        SuperiorBodyFactory(committee=committee)
        officer = CommitteeRoleFactory(committee=committee, role="officer").user
        _reports(committee, officer, n)
        path = reverse("reports:committee", args=[committee.pk]) + ("?page=2" if n > 25 else "")
        counts.append(_count(client, officer, path))
    assert counts[0] == counts[1], counts


def test_a_drafts_page_queries_do_not_grow_with_the_cells(client, db):
    counts = []
    for members in (10, 50):  # 2 cells, 10 cells
        committee = CommitteeFactory()
        SuperiorBodyFactory(committee=committee)
        officer = CommitteeRoleFactory(committee=committee, role="officer").user
        _bulk_quarter(committee, members)
        report, _ = report_create(
            committee=committee, kind="month", period_start=D(2025, 3, 1), by=officer
        )
        counts.append(_count(client, officer, reverse("reports:detail", args=[report.pk])))
        # The cells and the executive committee: the rows were there.
        assert len(report_figures(report)["meetings"]["rows"]) == members // 5 + 1
    assert counts[0] == counts[1], counts


# --- the cached sheet -----------------------------------------------------------------------------


def test_the_sheet_is_kept_per_report_and_made_again_after_a_change(
    client, w, page_cache, django_capture_on_commit_callbacks
):
    """The official text is one cached part per report (`core.versions`): the same for the
    officer and the observer, made again when the draft's text changes."""
    draft = w["draft"]

    def get(who):
        with CaptureQueriesContext(connection) as queries:
            response = as_(client, w, who).get(url("detail", draft))
        assert response.status_code == 200
        html = response.content.decode()
        return html[html.index('<article class="card shadow-sm report-sheet"') :], len(queries)

    first, made = get("committee_officer")
    again, kept = get("committee_officer")
    assert (again, kept < made) == (first, True)
    assert get("observer")[0] == first
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        report_update(
            draft, by=w["users"]["committee_officer"], situation="Tình hình mới tháng này"
        )
    after, queries = get("committee_officer")
    assert queries > kept
    assert "Tình hình mới tháng này" in after and "Tình hình mới tháng này" not in first
