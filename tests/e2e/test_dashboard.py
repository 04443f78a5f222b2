"""The dashboards in a real browser (issue 10): `committee` lands on the committee dashboard,
every chart is drawn from the demo numbers and agrees with its table, a missed month opens;
`member1` lands on her home and sees her next meeting and her tasks."""

import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from cells.models import Committee
from dashboard.committee.charts import (
    attendance_chart,
    documents_chart,
    quality_chart,
    ratings_chart,
    tasks_chart,
)
from dashboard.homes import member_home
from demo.management.commands.seed_demo import COMMITTEE
from members.models import Member
from reports.measures.matrix import MonthState, compliance_matrix
from tests.e2e.test_foundation import login

CHART_KEYS = ("attendance", "documents", "tasks", "quality", "ratings")

# The chart object's data as Chart.js holds it (labels, each dataset's label and numbers).
CHART_DATA_JS = """canvas => {
    const chart = Chart.getChart(canvas);
    if (!chart) { return null; }
    return {
        labels: chart.data.labels,
        datasets: chart.data.datasets.map(d => ({label: d.label, data: d.data})),
    };
}"""

# The accessible table under a chart, read as the user sees it.
TABLE_JS = """table => ({
    labels: Array.from(table.querySelectorAll("thead th")).map(th => th.textContent.trim()),
    rows: Array.from(table.querySelectorAll("tbody tr")).map(tr => ({
        label: tr.querySelector("th").textContent.trim(),
        cells: Array.from(tr.querySelectorAll("td")).map(td => td.textContent.trim()),
    })),
})"""


def _number(text):
    """A table cell as a number: "—" is no data; Vietnamese decimals use a comma."""
    if text == "—":
        return None
    return float(text.replace(".", "").replace(",", ".")) if "," in text else float(text)


def _watch_console(page):
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def _expected_charts(committee, year):
    """The selectors' matrix and charts, labelled in Vietnamese as the page is."""
    with translation.override("vi"):
        return _charts(committee, year)


def _charts(committee, year):
    matrix = compliance_matrix(committee, year)
    charts = {
        "attendance": attendance_chart(committee, year, matrix),
        "documents": documents_chart(committee, year, matrix),
        "tasks": tasks_chart(committee, year, matrix),
        "quality": quality_chart(committee, year, matrix),
        "ratings": ratings_chart(committee, year),
    }
    return matrix, charts


def _check_charts(page, charts):
    """Each chart on the page: drawn by Chart.js with the selector's numbers, which its table
    shows too; a chart without numbers is not drawn and says so. Returns the keys drawn."""
    drawn_keys = []
    for key in CHART_KEYS:
        chart = charts[key]
        # The accessible table is always there, with the selector's labels and rows.
        table = page.locator(f"#chart-{key}-table").evaluate(TABLE_JS)
        assert table["labels"] == [str(label) for label in chart.labels], key
        assert [row["label"] for row in table["rows"]] == [str(s.label) for s in chart.series]
        for row, series in zip(table["rows"], chart.series, strict=True):
            for text, value in zip(row["cells"], series.values, strict=True):
                shown = _number(text)
                if value is None:
                    assert shown is None, (key, row["label"], text)
                else:
                    assert shown == pytest.approx(float(value), abs=0.05), (key, row["label"])
        canvas = page.locator(f'canvas[data-chart="{key}"]')
        if chart.is_empty:
            expect(page.locator(f'[data-chart-empty="{key}"]')).to_be_visible()
            expect(canvas).not_to_be_visible()
            continue
        expect(canvas).to_be_visible()
        drawn = canvas.evaluate(CHART_DATA_JS)
        assert drawn is not None, f"Chart.js drew no chart on the {key} canvas"
        # The chart object holds the same numbers as the selector and the table.
        assert drawn["labels"] == table["labels"]
        assert [d["label"] for d in drawn["datasets"]] == [row["label"] for row in table["rows"]]
        for dataset, series in zip(drawn["datasets"], chart.series, strict=True):
            assert dataset["data"] == [None if v is None else float(v) for v in series.values]
        drawn_keys.append(key)
    return drawn_keys


@pytest.mark.usefixtures("demo_data")
def test_committee_lands_on_the_dashboard_charts_agree_with_tables(
    page, live_server, demo_password
):
    base = live_server.url
    committee = Committee.objects.get(name=COMMITTEE["name"])
    year = timezone.localdate().year
    matrix, charts = _expected_charts(committee, year)
    errors = _watch_console(page)

    login(page, base, demo_password)
    expect(page).to_have_url(f"{base}/dashboard/{committee.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Tổng quan {year}")
    # This year's ratings are decided after the year-end review: the other four are drawn.
    assert _check_charts(page, charts) == ["attendance", "documents", "tasks", "quality"]

    # Last year: the ratings the committee confirmed are drawn.
    page.select_option("#dashboard-year", str(year - 1))
    page.locator("form.dashboard-year button[type=submit]").click()
    expect(page).to_have_url(f"{base}/dashboard/{committee.pk}/?year={year - 1}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Tổng quan {year - 1}")
    assert "ratings" in _check_charts(page, _expected_charts(committee, year - 1)[1])
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Tổng quan {year}")

    # The key numbers and the alerts are on the page.
    expect(page.locator("#panel-key_numbers")).to_be_visible()
    expect(page.locator("#panel-alerts")).to_contain_text("Đỗ Thị Thu Trang")

    # A cell that missed a month: its box opens that month.
    cb4 = committee.cells.get(code="CB4")
    missed_boxes = [
        box
        for row in matrix.rows
        if row.cell_id == cb4.pk
        for box in row.months
        if box.state == MonthState.MISSED
    ]
    assert missed_boxes, "the demo CB4 missed a month"
    month = missed_boxes[0].month
    box = page.locator(f'tr[data-row="cell-{cb4.pk}"] a[data-month="{month}"]')
    expect(box).to_have_attribute("data-state", "missed")
    box.click()
    if missed_boxes[0].meeting_id:
        # The month's meeting exists but was never held: its page opens.
        expect(page).to_have_url(f"{base}/meetings/{missed_boxes[0].meeting_id}/")
    else:
        expect(page).to_have_url(re.compile(rf"/meetings/\?month={year}-{month:02d}$"))
    expect(page.locator("main")).to_contain_text(cb4.name)
    assert errors == [], errors


@pytest.mark.usefixtures("demo_data")
def test_member_lands_on_her_home_with_next_meeting_and_tasks(page, live_server, demo_password):
    base = live_server.url
    member = Member.objects.select_related("user").get(user__username="member1")
    home = member_home(member, member.user, today=timezone.localdate())
    assert home.next_meeting is not None, "the demo gives member1 a next meeting"
    assert home.tasks, "the demo gives member1 open tasks"
    errors = _watch_console(page)

    login(page, base, demo_password, username="member1")
    expect(page).to_have_url(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text(member.user.get_full_name())

    meeting = home.next_meeting.meeting
    card = page.locator(".panel-my-meeting")
    expect(card.locator(".my-meeting-link")).to_have_attribute("href", meeting.get_absolute_url())
    expect(card).to_contain_text(meeting.date.strftime("%d/%m/%Y"))
    expect(card.locator(".my-agenda li")).to_have_count(len(home.next_meeting.agenda))

    tasks = page.locator(".panel-my-tasks")
    expect(tasks.locator(".my-tasks-open")).to_have_attribute("data-count", str(len(home.tasks)))
    expect(tasks.locator(".my-task")).to_have_count(min(len(home.tasks), 5))
    expect(tasks.locator(".my-task").first).to_contain_text(home.tasks[0].task.title)

    assert errors == [], errors

    # Members never reach the committee dashboard.
    committee = Committee.objects.get(name=COMMITTEE["name"])
    response = page.goto(f"{base}/dashboard/{committee.pk}/")
    assert response.status == 403
