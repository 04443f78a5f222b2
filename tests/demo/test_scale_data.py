"""`manage.py generate_scale_data` (issue 23): a tiny generated set, checked table by table."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from cells.models import Cell, Committee, Superior
from demo.scale.generate import NotGeneratedData, check_database, generate, project_models
from demo.scale.plan import BENCH_USERS, FIRST_SUPERIOR_COMMITTEES, Plan
from fees.models import FeeYear
from fees.summary import paid_in_time_mask
from meetings.models import Attendance, Meeting, Minutes, ReadReceipt, TaskAssignment
from members.access import access_for
from members.models import CellMembership, Member, User
from tests.demo.conftest import SCALE_TODAY, dangling_references

pytestmark = pytest.mark.django_db


def test_refuses_sqlite_and_foreign_data(db):
    """It never touches a database holding anything it did not write (or not PostgreSQL)."""
    Committee.objects.create(name="Đảng bộ Trường THPT Krông Bông", place_name="Krông Bông")
    with pytest.raises(NotGeneratedData):
        check_database()
    with pytest.raises(CommandError, match=r"did not write|needs PostgreSQL"):
        call_command("generate_scale_data", "--members", "100", "--years", "1")
    assert Committee.objects.count() == 1


def test_refuses_bad_arguments(db):
    with pytest.raises(CommandError, match="--members"):
        call_command("generate_scale_data", "--members", "5")
    with pytest.raises(CommandError, match="--years"):
        call_command("generate_scale_data", "--years", "0")


def test_plan_shape():
    plan = Plan(members=150_000, years=5, seed=1, today=SCALE_TODAY)
    assert (plan.committees, plan.cells, plan.total_members) == (1000, 8000, 150_000)
    assert plan.superiors == 31
    assert plan.month_count == 60
    assert plan.months[0].isoformat() == "2022-01-01"
    assert plan.months[-1].isoformat() == "2026-12-01"


@pytest.mark.postgres
class TestGenerated:
    def test_counts(self, scale_data):
        plan = scale_data
        assert Superior.objects.count() == plan.superiors
        assert Committee.objects.count() == plan.committees
        assert Cell.objects.count() == plan.cells
        assert Member.objects.count() == plan.total_members
        assert User.objects.count() == plan.total_members + 2 * plan.superiors
        assert CellMembership.objects.filter(end_date=None).count() == plan.total_members

    def test_every_reference_resolves(self, scale_data):
        """Foreign keys are not checked row by row while generating: none may dangle."""
        assert dangling_references(project_models()) == {}

    def test_meetings_follow_the_months(self, scale_data):
        plan = scale_data
        current = plan.today.replace(day=1)
        past = Meeting.objects.filter(month__lt=current)
        assert past.exists()
        assert not past.filter(status__in=["draft", "published"]).exists()
        approved = Minutes.objects.filter(state="approved")
        assert approved.count() == Meeting.objects.filter(status="approved").count()
        # Every held cell meeting has one attendance row per member admitted by then.
        meeting = Meeting.objects.filter(body="cell", status="approved").first()
        expected = Member.objects.filter(
            memberships__cell=meeting.cell, admitted_on__lte=meeting.date
        ).count()
        assert Attendance.objects.filter(meeting=meeting).count() == expected
        assert ReadReceipt.objects.exists()
        assert TaskAssignment.objects.filter(status="done").exists()

    def test_fee_years_are_what_the_services_keep(self, scale_data):
        """The generated summary rows equal what `fees.summary` computes from the payments."""
        years = FeeYear.objects.select_related("member").order_by("member_id")[:60]
        assert len(years) == 60
        for row in years:
            assert row.paid_in_time == paid_in_time_mask(row.member_id, row.year)
            assert row.committee_id == row.member.committee_id

    def test_personas(self, scale_data):
        """The benchmark's logins hold the offices they are named for."""
        users = {key: User.objects.get(username=name) for key, name in BENCH_USERS.items()}
        assert 1 in access_for(users["committee"]).edit_committees
        assert 1 in access_for(users["secretary"]).editor_cells
        member = access_for(users["member"])
        assert member.own_cells == {1}
        assert not member.edit_committees and not member.officer_cells
        superior = users["superior"].superior_roles.get().superior
        assert superior.pk == 1
        assert superior.bodies.count() == min(FIRST_SUPERIOR_COMMITTEES, scale_data.committees)

    @pytest.mark.parametrize(
        ("persona", "name", "args"),
        [
            ("committee", "dashboard:committee", [1]),
            ("secretary", "dashboard:my_home", []),
            ("member", "dashboard:my_home", []),
            ("superior", "reports:superior_dashboard", [1]),
            ("secretary", "meetings:calendar", []),
            ("secretary", "meetings:task_board", []),
        ],
    )
    def test_pages(self, scale_data, client, persona, name, args):
        client.force_login(User.objects.get(username=BENCH_USERS[persona]))
        assert client.get(reverse(name, args=args)).status_code == 200

    def test_meeting_pages(self, scale_data, client):
        client.force_login(User.objects.get(username=BENCH_USERS["secretary"]))
        meeting = Meeting.objects.filter(cell_id=1, status="approved").latest("date")
        for name in ("meetings:detail", "meetings:minutes"):
            assert client.get(reverse(name, args=[meeting.pk])).status_code == 200

    def test_same_seed_same_data(self, scale_data):
        def fingerprint():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT md5(string_agg(meeting_id || ':' || member_id || ':' || status, ',' "
                    "ORDER BY meeting_id, member_id)) FROM meetings_attendance"
                )
                return cursor.fetchone()[0]

        def counts():
            return {model.__name__: model.objects.count() for model in project_models()}

        before, rows = fingerprint(), counts()
        generate(scale_data, lambda line: None)
        assert fingerprint() == before
        assert counts() == rows
