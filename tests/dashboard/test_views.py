"""The committee dashboard page (`dashboard/views.py`, `dashboard/panels.py`).

The hand-built year is last year (every month over, so "missed" is final): cell A misses March,
holds May late, has no topic session in the third quarter, gets its January minutes approved late
and its February minutes on time, and member Một is absent without reason three times. The page
must show exactly those numbers — in the matrix, the alerts, the charts' JSON and their tables.
"""

import datetime
import json
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from cells.rules import rules_for
from dashboard.committee.charts import (
    attendance_chart,
    documents_chart,
    quality_chart,
    ratings_chart,
    tasks_chart,
)
from dashboard.panels import COMMITTEE_PANELS, DashboardContext, Panel, build_panels
from meetings.decisions import tasks
from meetings.models import Meeting, Minutes, ReadReceipt
from meetings.planning.documents import document_add
from meetings.record.attendance import attendance_set, recording_start
from meetings.record.minutes import (
    QUALITY_FIELDS,
    minutes_approve,
    minutes_mark_ready,
    minutes_save,
)
from reports.measures.matrix import compliance_matrix
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    TermFactory,
    UserFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year - 1  # a year that is over: every month's state is final
CHARTS = ("attendance", "documents", "tasks", "quality", "ratings")
QUALITY = {name: 10 for name, _setting in QUALITY_FIELDS}  # 40 points: "Kém"


# --- reading the page --------------------------------------------------------------------------


class Page(HTMLParser):
    """Every start tag's attributes, and the rows (cell texts) of every table with an id."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.tables: dict[str, list[list[str]]] = {}
        self._table = None
        self._cell = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "table" and attrs.get("id"):
            self._table = self.tables.setdefault(attrs["id"], [])
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._table is not None and self._cell is not None:
            self._table[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def find(self, tag=None, **attrs) -> list[dict]:
        """Start tags with these attributes (`data_row` stands for `data-row`)."""
        wanted = {name.rstrip("_").replace("_", "-"): str(v) for name, v in attrs.items()}
        return [
            a
            for t, a in self.tags
            if (tag is None or t == tag) and all(a.get(k) == v for k, v in wanted.items())
        ]

    def box(self, row_key: str, month: int) -> dict:
        (found,) = self.find(data_row=row_key, data_month=month)
        return found


def chart_json(html: str, key: str) -> dict:
    match = re.search(
        rf'<script id="chart-{key}" type="application/json">(.*?)</script>', html, re.S
    )
    assert match, f"no json_script for chart {key}"
    return json.loads(match[1])


def table_number(text: str):
    """A number as the page prints it (Vietnamese decimal comma), None for "—"."""
    if text == "—":
        return None
    return Decimal(text.replace(".", "").replace(",", "."))


def chart_table(page: Page, key: str) -> tuple[list[str], list[tuple[str, list]]]:
    """(column labels, [(series label, numbers)]) of a chart's accessible table."""
    head, *body = page.tables[f"chart-{key}-table"]
    return head[1:], [(row[0], [table_number(v) for v in row[1:]]) for row in body]


def as_table_numbers(data: list, unit: str) -> list:
    """The JSON numbers as the table should print them (one decimal for percentages)."""
    if unit == "%":
        return [None if v is None else Decimal(str(v)).quantize(Decimal("0.1")) for v in data]
    return [None if v is None else Decimal(str(v)) for v in data]


def url(committee, **query) -> str:
    path = reverse("dashboard:committee", args=[committee.pk])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def calendar_url(year: int, month: int) -> str:
    return f"{reverse('meetings:calendar')}?month={year}-{month:02d}"


def meeting_url(meeting) -> str:
    return reverse("meetings:detail", args=[meeting.pk])


# --- the data ----------------------------------------------------------------------------------


def hold(meeting, by, *, unexcused=(), approve=False):
    """Record a published meeting as held (attendance sheet: present by default)."""
    recording_start(meeting=meeting, by=by)
    for member in unexcused:
        attendance_set(meeting=meeting, member_id=member.pk, status="unexcused", by=by)
    if approve:
        sheet = [a.member_id for a in meeting.attendance.all()]
        minutes_save(
            meeting=meeting,
            version=1,
            by=by,
            opened_at=datetime.time(16, 30),
            closed_at=datetime.time(18, 30),
            chair_id=sheet[0],
            clerk_id=sheet[-1],
            quality=QUALITY,
        )
        minutes_mark_ready(meeting=meeting, by=by)
        minutes_approve(meeting=meeting, by=by)
    return meeting


def approved_on(meeting, day: datetime.date):
    """Say the minutes were approved on that day (the service stamps "now")."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(20, 0)))
    Minutes.objects.filter(meeting=meeting).update(approved_at=moment)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module and rolled back at its end (each test runs in a savepoint)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _world()
        transaction.set_rollback(True)


def _world():
    committee = CommitteeFactory()
    officer = CommitteeRoleFactory(committee=committee, role="officer").user
    observer = CommitteeRoleFactory(committee=committee, role="observer").user
    clerk = CommitteeRoleFactory(committee=committee, role="clerk").user
    outsider = CommitteeRoleFactory(committee=CommitteeFactory(), role="officer").user
    superuser = UserFactory(is_superuser=True, is_staff=True)
    term = TermFactory(committee=committee, start_date=datetime.date(YEAR - 2, 1, 1))
    cell_a = CellFactory(committee=committee, code="A1", name="Chi bộ A")
    cell_b = CellFactory(committee=committee, code="B1", name="Chi bộ B")
    one = MemberFactory(committee=committee, cell=cell_a, full_name="Nguyễn Văn Một")
    two = MemberFactory(committee=committee, cell=cell_a, full_name="Trần Thị Hai")
    secretary = MemberFactory(committee=committee, cell=cell_a, full_name="Lê Văn Bí Thư")
    PositionFactory(member=secretary, cell=cell_a, role="cell_secretary", term=term)
    MemberFactory(committee=committee, cell=cell_b, full_name="Phạm Văn Bốn")
    users = {
        "officer": officer,
        "observer": observer,
        "clerk": clerk,
        "outsider": outsider,
        "superuser": superuser,
        "member": member_user(two),
        "cell_secretary": member_user(secretary),
    }
    by = officer

    # Cell A: every month but March; May held late (after the 5th); Q1, Q2, Q4 topic sessions.
    a = {}
    for month in (1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12):
        day = 20 if month == 5 else 2
        a[month] = MeetingFactory(
            cell=cell_a, date=datetime.date(YEAR, month, day), status="published"
        )
    document = document_add(
        meeting=a[1],
        upload=SimpleUploadedFile("tl.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf"),
        title="Tài liệu",
        by=by,
    )
    receipt = ReadReceipt.objects.create(document=document, member=two)
    ReadReceipt.objects.filter(pk=receipt.pk).update(
        opened_at=timezone.make_aware(datetime.datetime(YEAR, 1, 1, 9, 0))
    )
    for month in a:
        hold(a[month], by, unexcused=[one] if month in (1, 2, 4) else (), approve=month in (1, 2))
    approved_on(a[2], datetime.date(YEAR, 2, 4))  # within 7 days: on time; January's is late
    task_meeting = a[6]
    tasks.task_assign(
        meeting=task_meeting,
        title="Phụ đạo học sinh yếu",
        deadline=datetime.date(YEAR, 7, 31),
        members=[two],
        by=by,
    )
    for month in (2, 5, 11):  # Q1, Q2, Q4 — none in Q3
        MeetingFactory(
            cell=cell_a, kind="topic", date=datetime.date(YEAR, month, 15), status="held"
        )

    # Cell B: January held; June only drafted (observers may not see it).
    b_jan = hold(
        MeetingFactory(cell=cell_b, date=datetime.date(YEAR, 1, 3), status="published"), by
    )
    b_june = MeetingFactory(cell=cell_b, date=datetime.date(YEAR, 6, 3), status="draft")
    return {
        "committee": committee,
        "cell_a": cell_a,
        "cell_b": cell_b,
        "one": one,
        "two": two,
        "a": a,
        "b_jan": b_jan,
        "b_june": b_june,
        "users": users,
    }


def get(client, user, committee, **query):
    client.force_login(user)
    return client.get(url(committee, **query))


# --- who may open it ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("officer", 200),
        ("observer", 200),
        ("superuser", 200),
        ("member", 403),
        ("cell_secretary", 403),
        ("clerk", 403),
        ("outsider", 404),
    ],
)
def test_who_may_open_the_dashboard(client, world, persona, status):
    response = get(client, world["users"][persona], world["committee"], year=YEAR)
    assert response.status_code == status


def test_anonymous_is_sent_to_log_in(client, committee):
    response = client.get(url(committee))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_officers_see_the_ratings_panel_observers_do_not(client, world):
    officer = get(client, world["users"]["officer"], world["committee"], year=YEAR)
    keys = [panel.key for panel, _data in officer.context["panels"]]
    assert keys == [panel.key for panel in COMMITTEE_PANELS]
    assert 'id="chart-ratings"' in officer.content.decode()

    observer = get(client, world["users"]["observer"], world["committee"], year=YEAR)
    keys = [panel.key for panel, _data in observer.context["panels"]]
    assert "ratings" not in keys
    html = observer.content.decode()
    assert "chart-ratings" not in html
    assert 'data-panel="ratings"' not in html


def test_a_superuser_sees_no_ratings_and_no_dead_links(client, world):
    """Superusers administer; they read no confidential panel and open no meeting pages."""
    response = get(client, world["users"]["superuser"], world["committee"], year=YEAR)
    assert "ratings" not in [panel.key for panel, _data in response.context["panels"]]
    page = Page(response.content.decode())
    boxes = page.find(class_="matrix-link", data_row=f"cell-{world['cell_a'].pk}")
    assert len(boxes) == 12
    assert all("href" not in box for box in boxes)


def test_observers_get_no_edit_links(client, world):
    settings_url = reverse("cells:rules_edit", args=[world["committee"].pk])
    officer = get(client, world["users"]["officer"], world["committee"], year=YEAR)
    assert settings_url in officer.content.decode()
    observer = get(client, world["users"]["observer"], world["committee"], year=YEAR)
    html = observer.content.decode()
    assert settings_url not in html
    assert "/edit/" not in html
    main = html.split('id="main"', 1)[1]
    assert 'method="post"' not in main


# --- the year ------------------------------------------------------------------------------------


def warnings_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"] if m.level == messages.WARNING]


def test_the_year_defaults_to_this_year(client, world):
    response = get(client, world["users"]["officer"], world["committee"])
    assert response.status_code == 200
    assert response.context["year"] == TODAY.year
    assert not warnings_of(response)


def test_a_chosen_year(client, world):
    response = get(client, world["users"]["officer"], world["committee"], year=YEAR)
    assert response.context["year"] == YEAR
    assert response.context["panels"][2][1].matrix.year == YEAR
    assert not warnings_of(response)
    assert f"{reverse('dashboard:report_xlsx', args=[world['committee'].pk])}?year={YEAR}" in (
        response.content.decode()
    )
    assert f"{reverse('dashboard:report_docx', args=[world['committee'].pk])}?year={YEAR}" in (
        response.content.decode()
    )
    assert reverse("dashboard:my_home") in response.content.decode()


def test_next_year_may_be_shown(client, world):
    response = get(client, world["users"]["officer"], world["committee"], year=TODAY.year + 1)
    assert response.context["year"] == TODAY.year + 1
    assert not warnings_of(response)
    assert TODAY.year + 1 in response.context["year_choices"]


@pytest.mark.parametrize("value", ["abc", "20x4", "1999", str(TODAY.year + 2), "-1"])
def test_a_bad_or_out_of_range_year_shows_this_year_with_a_warning(client, world, value):
    with translation.override("en"):
        response = get(client, world["users"]["officer"], world["committee"], year=value)
    assert response.status_code == 200
    assert response.context["year"] == TODAY.year
    (warning,) = warnings_of(response)
    assert value in warning
    assert str(TODAY.year) in warning


def test_the_year_choices_go_back_to_the_first_meeting(client, world):
    response = get(client, world["users"]["officer"], world["committee"])
    assert response.context["year_choices"] == [TODAY.year, YEAR]
    MeetingFactory(cell=world["cell_a"], date=datetime.date(TODAY.year - 25, 3, 2))
    response = get(client, world["users"]["officer"], world["committee"])
    assert response.context["year_choices"] == list(range(TODAY.year, TODAY.year - 10, -1))


# --- the matrix ----------------------------------------------------------------------------------


def test_the_matrix_links_each_box(client, world):
    a, cell_a = world["a"], world["cell_a"]
    row = f"cell-{cell_a.pk}"
    response = get(client, world["users"]["officer"], world["committee"], year=YEAR)
    page = Page(response.content.decode())

    missed = page.box(row, 3)
    assert missed["data-state"] == "missed"
    assert missed["href"] == calendar_url(YEAR, 3)
    on_time = page.box(row, 2)
    assert on_time["data-state"] == "on_time"
    assert on_time["href"] == meeting_url(a[2])
    assert on_time["data-minutes"] == "approved"
    late = page.box(row, 5)
    assert late["data-state"] == "late"
    assert late["href"] == meeting_url(a[5])
    assert "20/05/" in late["title"]
    assert page.box(row, 1)["data-minutes"] == "approved_late"
    assert page.box(row, 4)["data-minutes"] == "overdue"
    # The executive committee held nothing: every month missed, each to its calendar.
    for month in range(1, 13):
        box = page.box("executive", month)
        assert (box["data-state"], box["href"]) == ("missed", calendar_url(YEAR, month))
    # Topic sessions: Q3 without one.
    quarters = {
        int(q["data-quarter"]): q["data-state"]
        for q in page.find("td", data_row=row)
        if "data-quarter" in q
    }
    assert quarters == {1: "held", 2: "held", 3: "missing", 4: "held"}


def test_the_matrix_tooltip_says_when_documents_came_late(client, world):
    """Issue 17 item 11: January's document was added (`document_add`, in the world) long after
    that meeting's deadline for documents; May's meeting is marked published late."""
    Meeting.objects.filter(pk=world["a"][5].pk).update(published_late=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = get(client, world["users"]["officer"], world["committee"], year=YEAR)
    page = Page(response.content.decode())
    row = f"cell-{world['cell_a'].pk}"
    assert "1 document added late" in page.box(row, 1)["title"]
    assert "Published late" not in page.box(row, 1)["title"]
    assert "Published late" in page.box(row, 5)["title"]
    on_time = page.box(row, 2)["title"]
    assert "added late" not in on_time and "Published late" not in on_time


def test_a_draft_meeting_links_officers_to_it_and_observers_to_the_calendar(client, world):
    row = f"cell-{world['cell_b'].pk}"
    officer = Page(
        get(client, world["users"]["officer"], world["committee"], year=YEAR).content.decode()
    )
    assert officer.box(row, 6)["href"] == meeting_url(world["b_june"])
    assert officer.box(row, 6)["data-state"] == "missed"  # drafted, never held

    observer = Page(
        get(client, world["users"]["observer"], world["committee"], year=YEAR).content.decode()
    )
    assert observer.box(row, 6)["href"] == calendar_url(YEAR, 6)
    # Published and held meetings of cells: observers go to the meeting.
    assert observer.box(row, 1)["href"] == meeting_url(world["b_jan"])


# --- the alerts ----------------------------------------------------------------------------------


def item(html: str, **attrs) -> str:
    """The inner HTML of the one <li> with these attributes."""
    ((name, value),) = attrs.items()
    found = re.findall(rf'<li {name.replace("_", "-")}="{value}">(.*?)</li>', html, re.S)
    assert len(found) == 1, (attrs, found)
    return found[0]


def test_the_alerts_show_the_members_and_meetings(client, world):
    one, a, cell_a = world["one"], world["a"], world["cell_a"]
    response = get(client, world["users"]["officer"], world["committee"], year=YEAR)
    html = response.content.decode()
    page = Page(html)
    # Một: three unexcused absences, linked to her record.
    absence = item(html, data_member=one.pk)
    assert f'href="{reverse("members:detail", args=[one.pk])}"' in absence
    assert one.full_name in absence
    assert 'data-unexcused="3"' in absence
    # Cell A missed March (to March's calendar) and the third quarter's topic session.
    missed = item(html, data_row=f"cell-{cell_a.pk}")
    assert re.findall(r'href="([^"]+)" data-missed-month="(\d+)"', missed) == [
        (calendar_url(YEAR, 3), "3")
    ]
    assert re.findall(r'data-missed-quarter="(\d)"', missed) == ["3"]
    executive = item(html, data_row="executive")
    assert re.findall(r'data-missed-month="(\d+)"', executive) == [str(m) for m in range(1, 13)]
    # The held meetings whose minutes wait for approval, each linked to its meeting.
    waiting = {int(li["data-meeting"]) for li in page.find("li") if "data-meeting" in li}
    topics = set(
        Meeting.objects.filter(cell=cell_a, kind="topic").values_list("pk", flat=True)
    )  # held, their minutes not even started
    held = {a[m].pk for m in (4, 5, 6, 7, 8, 9, 10, 11, 12)}
    assert waiting == held | {world["b_jan"].pk} | topics
    assert f'href="{meeting_url(a[4])}"' in item(html, data_meeting=a[4].pk)


def test_observers_get_the_names_without_member_links(client, world):
    one = world["one"]
    response = get(client, world["users"]["observer"], world["committee"], year=YEAR)
    html = response.content.decode()
    assert one.full_name in html
    assert reverse("members:detail", args=[one.pk]) not in html
    assert not re.search(r"/members/\d+/", html)


def test_probation_alerts_link_officers_to_the_member(client, world):
    """This year's dashboard: a probationary member whose year ends within the warning days."""
    member = MemberFactory(
        committee=world["committee"],
        cell=world["cell_b"],
        status="probationary",
        admitted_on=TODAY - datetime.timedelta(days=340),
        recognised_on=None,
    )
    record = reverse("members:detail", args=[member.pk])
    html = get(client, world["users"]["officer"], world["committee"]).content.decode()
    assert f'href="{record}"' in item(html, data_member=member.pk)
    html = get(client, world["users"]["observer"], world["committee"]).content.decode()
    assert member.full_name in item(html, data_member=member.pk)
    assert record not in html


# --- the charts and their tables --------------------------------------------------------------


def test_each_chart_json_equals_its_table_and_the_selector(client, world):
    committee = world["committee"]
    response = get(client, world["users"]["officer"], committee, year=YEAR)
    html = response.content.decode()
    page = Page(html)
    with translation.override("vi"):
        matrix = compliance_matrix(committee, YEAR)
        expected = {
            "attendance": attendance_chart(committee, YEAR, matrix),
            "documents": documents_chart(committee, YEAR, matrix),
            "tasks": tasks_chart(committee, YEAR, matrix),
            "quality": quality_chart(committee, YEAR, matrix),
            "ratings": ratings_chart(committee, YEAR),
        }
    for key in CHARTS:
        data = chart_json(html, key)
        assert data == expected[key].as_json(), key
        labels, rows = chart_table(page, key)
        assert labels == data["labels"], key
        assert [label for label, _numbers in rows] == [d["label"] for d in data["datasets"]], key
        for (_label, numbers), dataset in zip(rows, data["datasets"], strict=True):
            assert numbers == as_table_numbers(dataset["data"], data["unit"]), key
        # The canvas (when there is something to draw) is described by the table.
        canvases = page.find("canvas", data_chart=key)
        if expected[key].is_empty:
            assert not canvases
        else:
            (canvas,) = canvases
            assert canvas["aria-describedby"] == f"chart-{key}-table"


def test_the_hand_built_numbers_are_on_the_page(client, world):
    cell_a = world["cell_a"]
    response = get(client, world["users"]["officer"], world["committee"], year=YEAR)
    html = response.content.decode()
    page = Page(html)
    rows = dict(chart_table(page, "attendance")[1])
    # Three on cell A's sheet; Một absent without reason in January, February and April.
    assert rows[cell_a.name] == [
        Decimal("66.7"),
        Decimal("66.7"),
        None,
        Decimal("66.7"),
        *[Decimal("100.0")] * 8,
    ]
    assert chart_json(html, "attendance")["datasets"][0]["data"][:4] == [66.7, 66.7, None, 66.7]
    # One of three opened January's document before the meeting.
    documents = dict(chart_table(page, "documents")[1])
    assert documents[cell_a.name] == [Decimal("33.3"), *[None] * 11]
    # The task part due in July is still open: overdue.
    labels, series = chart_table(page, "tasks")
    column = labels.index(cell_a.name)
    assert [numbers[column] for _label, numbers in series] == [0, 0, 1]
    # Two meetings graded (40 points: the lowest grade).
    labels, series = chart_table(page, "quality")
    column = labels.index(cell_a.name)
    assert [numbers[column] for _label, numbers in series] == [0, 0, 0, 2]
    # Key numbers: 11 + 1 held of 36 due (A: 12, B: 12, executive: 12); one late; 3 of 4 topic
    # quarters for A, none for B.
    key = response.context["panels"][0][1]
    assert (key.meetings_held, key.meetings_expected, key.meetings_late) == (12, 36, 1)
    assert (key.topics_held, key.topics_expected) == (3, 8)
    assert page.find(data_value="meetings_held")
    assert 'data-value="meetings_expected">36<' in html
    assert 'data-value="topics_held">3<' in html


def test_an_empty_year_shows_empty_states_without_canvases(client, world):
    response = get(client, world["users"]["officer"], world["committee"], year=TODAY.year + 1)
    page = Page(response.content.decode())
    assert not page.find("canvas")
    for key in CHARTS:
        assert page.find(data_chart_empty=key)
        assert f"chart-{key}-table" in page.tables


def test_the_scripts_are_external(client, world):
    response = get(client, world["users"]["officer"], world["committee"], year=YEAR)
    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    for attrs, body in scripts:
        assert 'type="application/json"' in attrs or (body.strip() == "" and "src=" in attrs)
    assert "vendor/chart.js/chart.umd.min.js" in html
    assert html.index("chart.umd.min.js") < html.index("js/dashboard.js")
    assert 'style="' not in html


# --- the registry --------------------------------------------------------------------------------


def test_a_new_panel_needs_no_change_to_the_view(world, rf):
    seen = []

    def build(ctx):
        seen.append(ctx.year)
        return ctx.matrix.year

    extra = [
        *COMMITTEE_PANELS,
        Panel("extra", "x.html", build),
        Panel("secret", "x.html", build, officers_only=True),
    ]
    for user, keys in (
        (world["users"]["officer"], ["extra", "secret"]),
        (world["users"]["observer"], ["extra"]),
    ):
        ctx = DashboardContext(
            committee=world["committee"],
            year=YEAR,
            today=TODAY,
            rules=rules_for(world["committee"]),
            user=user,
        )
        built = build_panels(ctx, extra)
        assert [p.key for p, _d in built][-len(keys) :] == keys
        assert [d for p, d in built if p.key == "extra"] == [YEAR]


# --- the cost ------------------------------------------------------------------------------------


def build_year(committee, by, cells: int, months: int):
    """`cells` cells, each with two members and its regular meetings of the first `months`
    months held (one member absent without reason each time), a topic session, a task and
    approved minutes for the first month; the executive committee meets too."""
    for n in range(cells):
        cell = CellFactory(committee=committee)
        present = MemberFactory(committee=committee, cell=cell)
        absent = MemberFactory(committee=committee, cell=cell)
        for month in range(1, months + 1):
            meeting = MeetingFactory(
                cell=cell, date=datetime.date(YEAR, month, 2 + n % 20), status="published"
            )
            hold(meeting, by, unexcused=[absent], approve=month == 1)
            if month == 2:
                tasks.task_assign(
                    meeting=meeting,
                    title="Việc",
                    deadline=datetime.date(YEAR, 3, 31),
                    members=[present],
                    by=by,
                )
        MeetingFactory(cell=cell, kind="topic", date=datetime.date(YEAR, 1, 20), status="held")
    for month in range(1, months + 1):
        MeetingFactory(
            committee=committee,
            cell=None,
            body="executive",
            date=datetime.date(YEAR, month, 6),
            status="held",
        )


def count_queries(client, committee) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url(committee, year=YEAR))
    assert response.status_code == 200
    return len(queries)


def test_the_queries_do_not_grow_with_cells_and_months(client, committee, other_committee):
    """2 cells × 3 months and 10 cells × 12 months: the same queries, for an officer (every
    panel, member links) and for an observer (no ratings, fewer meetings to open)."""
    by = UserFactory()
    build_year(committee, by, cells=2, months=3)
    build_year(other_committee, by, cells=10, months=12)
    for role in ("officer", "observer"):
        counts = []
        for target in (committee, other_committee):
            client.force_login(CommitteeRoleFactory(committee=target, role=role).user)
            count_queries(client, target)  # warm: the session, the content types
            counts.append(count_queries(client, target))
        assert counts[0] == counts[1], role
        assert counts[0] < 40, role
