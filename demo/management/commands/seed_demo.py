"""Load the demo data set (DOMAIN §2): run by `make run`; running it twice changes nothing.

The organisation (committee, superior bodies, terms, cells), the demo logins, 48 fictional
members (`demo.people`) with their history — admissions, a move, an exemption, a temporary
transfer out, a hosted member, and the offices of both terms — and this year's meetings
(`demo.meetings`): the past months held, the quarterly topic sessions, the schedule ahead and
next month's CB1 agenda — and what was recorded at them (`demo.minutes`): attendance and
approved minutes of the past months, with amendments, and this month's minutes in draft —
the decisions (`demo.decisions`), the review year (`demo.reviews`), and the whole year the
committee dashboard shows (`demo.year`: every month held and approved, read receipts, and a
few deliberate problems for the alerts). Every write goes through the services, which validate
it and record the history; whatever already exists is skipped.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from cells import services as cells_services
from cells.models import Cell, Committee, SuperiorBody, Term
from core import versions
from demo import people
from demo.commune import seed_commune
from demo.directives import seed_directives
from demo.fees import seed_fees
from demo.library import seed_library
from demo.meetings import publish_next_month, seed_meetings
from demo.minutes import seed_minutes
from demo.reports import seed_reports
from demo.reviews import seed_reviews
from demo.study import seed_study
from demo.superiors import COMMUNE, seed_superior_login, seed_superiors
from demo.superiors import LOGIN as SUPERIOR_LOGIN
from demo.supervision import seed_supervision
from demo.training import seed_training
from demo.year import demo_year
from meetings.models import Meeting, Minutes
from meetings.models import Status as MeetingStatus
from members import positions as members_positions
from members import services as members_services
from members import transfers as members_transfers
from members.models import (
    CellMembership,
    CommitteeRole,
    Member,
    Position,
    Status,
    StatusEvent,
    Transfer,
)
from members.text_size import user_set_large_text

DEMO_PASSWORD = "chibo-demo-2025"

COMMITTEE = {
    "name": "Đảng bộ Trường THPT Krông Bông",
    "place_name": "Krông Bông",
    "founding_decision_number": "16/QĐ-HU",
    "founded_on": datetime.date(2001, 2, 23),
    "address": "Thị trấn Krông Kmar, Krông Bông, Đắk Lắk",
}
SUPERIOR_BODIES = [
    ("Huyện ủy Krông Bông", datetime.date(2001, 2, 23), datetime.date(2025, 6, 30)),
    ("Đảng ủy xã Krông Bông", datetime.date(2025, 7, 1), None),
]
TERMS = [
    ("2020–2025", datetime.date(2020, 7, 1), datetime.date(2025, 6, 30)),
    ("2025–2030", datetime.date(2025, 7, 1), datetime.date(2030, 6, 30)),
]
CELLS = [
    ("CB1", "Chi bộ Tổ Toán - Tin", "Giáo viên Toán và Tin học."),
    ("CB2", "Chi bộ Tổ Ngữ văn - Ngoại ngữ", "Giáo viên Ngữ văn và Tiếng Anh."),
    ("CB3", "Chi bộ Tổ Khoa học tự nhiên", "Giáo viên Vật lý, Hóa học, Sinh học, Công nghệ."),
    ("CB4", "Chi bộ Tổ Khoa học xã hội - Văn phòng", "Giáo viên Sử, Địa, GDCD và nhân viên."),
]
USERS = [
    # username, full name, committee role grant (or None: roles come from positions)
    ("committee", "Nguyễn Công Lam", CommitteeRole.Role.OFFICER),
    ("secretary1", "Trần Thị Hồng Nhung", None),
    ("member1", "Lê Văn Minh", None),
    ("teacher1", "Phạm Văn Tuấn", None),  # large text on (demo.people.LARGE_TEXT)
    ("observer", "Phạm Quốc Huy", CommitteeRole.Role.OBSERVER),
]


class Command(BaseCommand):
    help = "Load the chibo demo data (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-commune",
            action="store_true",
            help="Leave out the commune's two other committees (the school's own tests).",
        )

    def handle(self, *args, **options):
        # Demo people have made-up addresses: the demo never sends a real e-mail. Notifications
        # send their e-mail once the transaction commits, so the override encloses the commit.
        dummy = "django.core.mail.backends.dummy.EmailBackend"
        with override_settings(EMAIL_BACKEND=dummy), transaction.atomic():
            self._handle(commune=not options["without_commune"])

    def _handle(self, *, commune: bool):
        User = get_user_model()
        self.system, _ = User.objects.get_or_create(
            username="chibo-system",
            defaults={"full_name": "chibo", "is_active": False},
        )
        committee = self._organisation()
        cells = {cell.code: cell for cell in committee.cells.all()}
        terms = {term.name: term for term in committee.terms.all()}
        users = self._users(committee)

        members, created = self._members(committee, cells)
        self._positions(members, cells, terms["2020–2025"], open_ended=False)
        self._moves(members, cells)
        self._positions(members, cells, terms["2025–2030"], open_ended=True)
        self._exemption(members)
        self._away(members)
        self._link_logins(members, users)

        today = timezone.localdate()
        year = demo_year(committee, cells, members, by=self.system, today=today)
        meetings = year.plan()
        meetings += seed_meetings(committee, cells, members, by=self.system, today=today)
        minutes = year.record()
        minutes += seed_minutes(committee, cells, members, by=self.system, today=today)
        year.finish()
        publish_next_month(committee, cells, members, by=self.system, today=today)
        seed_reviews(committee, cells, by=self.system, today=today)
        supervision = seed_supervision(committee, cells, by=self.system, today=today)
        fees = seed_fees(committee, cells, members, by=self.system, today=today)
        library = seed_library(committee, cells, members, by=self.system, today=today)
        study = seed_study(committee, by=self.system, today=today)
        training = seed_training(committee, by=self.system, today=today)
        reports = seed_reports(committee, by=self.system, today=today)
        # The commune's two other committees, which the `superior` login compares with the school.
        others = (
            seed_commune(self.superiors[COMMUNE], by=self.system, today=today) if commune else ""
        )
        # The commune's directive, in the library of every committee under it, studied in part.
        directives = seed_directives(self.superiors[COMMUNE], by=self.system, today=today)

        versions.touch_all()  # the pages' cached parts show the data just replaced
        self._summary(committee, created)
        self._meetings_summary(committee, today, meetings, minutes)
        self.stdout.write(year.summary())
        self.stdout.write(supervision)
        self.stdout.write(fees)
        self.stdout.write(library)
        self.stdout.write(study)
        self.stdout.write(training)
        self.stdout.write(reports)
        if others:
            self.stdout.write(others)
        self.stdout.write(directives)

    # --- the organisation and the logins ------------------------------------------------------

    def _organisation(self) -> Committee:
        system = self.system
        committee = Committee.objects.filter(name=COMMITTEE["name"]).first()
        if committee is None:
            committee = cells_services.committee_create(by=system, **COMMITTEE)
        self.superiors = seed_superiors(by=system)  # the dated rows below are linked to them
        for name, start, end in SUPERIOR_BODIES:
            if not SuperiorBody.objects.filter(committee=committee, valid_from=start).exists():
                cells_services.superior_body_create(
                    committee=committee, by=system, name=name, valid_from=start, valid_until=end
                )
        for name, start, end in TERMS:
            if not Term.objects.filter(committee=committee, name=name).exists():
                cells_services.term_create(
                    committee=committee, by=system, name=name, start_date=start, end_date=end
                )
        for code, name, description in CELLS:
            if not Cell.objects.filter(committee=committee, code=code).exists():
                cells_services.cell_create(
                    committee=committee,
                    by=system,
                    code=code,
                    name=name,
                    description=description,
                    founded_on=people.CELLS_FOUNDED,
                )
        return committee

    def _users(self, committee) -> dict:
        User = get_user_model()
        users = {}
        for username, full_name, role in USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, full_name=full_name, email=f"{username}@example.vn")
                user.set_password(DEMO_PASSWORD)
                user.save()
                if username in people.LARGE_TEXT:
                    user_set_large_text(user=user, on=True)
            if (
                role
                and not CommitteeRole.objects.filter(
                    user=user, committee=committee, role=role
                ).exists()
            ):
                CommitteeRole.objects.create(
                    user=user,
                    committee=committee,
                    role=role,
                    valid_from=datetime.date(2020, 7, 1),
                )
            users[username] = user
        users["superior"] = seed_superior_login(
            self.superiors, password=DEMO_PASSWORD, by=self.system
        )
        return users

    # --- members and their history ----------------------------------------------------------

    def _members(self, committee, cells) -> tuple[dict, int]:
        """{full name: Member} for every demo person, enrolling whoever is missing."""
        everyone = list(people.all_people())
        existing = {
            m.citizen_id: m
            for m in Member.objects.filter(
                committee=committee, citizen_id__in=[p.citizen_id for _c, p, _a in everyone]
            )
        }
        members, created = {}, 0
        for code, person, address in everyone:
            member = existing.get(person.citizen_id)
            if member is None:
                member = self._enrol(committee, cells[code], person, address)
                created += 1
            members[person.name] = member
        return members, created

    def _enrol(self, committee, cell, person, address) -> Member:
        hosted = people.HOSTED if person.name == people.HOSTED["name"] else None
        if hosted:
            status = Status.TEMPORARY
            arrival = {
                "arrived_from": hosted["arrived_from"],
                "letter_number": hosted["letter_number"],
                "letter_issued_on": hosted["letter_issued_on"],
                "letter_presented_on": hosted["letter_presented_on"],
            }
        else:
            status = Status.OFFICIAL if person.recognised else Status.PROBATIONARY
            arrival = {}
        return members_services.member_create(
            committee=committee,
            cell=cell,
            joined_on=person.joined or max(person.admitted, people.CELLS_FOUNDED),
            status=status,
            by=self.system,
            **arrival,
            **people.record_fields(person, address),
        )

    def _positions(self, members, cells, term, *, open_ended: bool):
        """The offices of one term: from its first day, to its last (past) or open (current)."""
        for role, code, name in people.POSITIONS[term.name]:
            member, cell = members[name], cells[code] if code else None
            if Position.objects.filter(term=term, role=role, cell=cell, member=member).exists():
                continue
            members_positions.position_assign(
                member=member,
                role=role,
                term=term,
                cell=cell,
                start_date=term.start_date,
                end_date=None if open_ended else term.end_date,
                by=self.system,
            )

    def _moves(self, members, cells):
        for move in people.MOVES:
            member, cell = members[move["name"]], cells[move["cell"]]
            if not CellMembership.objects.filter(member=member, cell=cell).exists():
                members_transfers.member_move(
                    member=member, cell=cell, date=move["date"], note=move["note"], by=self.system
                )

    def _exemption(self, members):
        spec = people.EXEMPTED
        member = members[spec["name"]]
        if not member.status_events.filter(kind=StatusEvent.Kind.EXEMPTED).exists():
            members_services.member_change_status(
                member=member,
                kind=StatusEvent.Kind.EXEMPTED,
                date=spec["date"],
                reason=spec["reason"],
                decision_number=spec["decision_number"],
                by=self.system,
            )

    def _away(self, members):
        spec = people.AWAY
        member = members[spec["name"]]
        if not member.transfers.filter(direction=Transfer.Direction.OUT).exists():
            members_transfers.transfer_record(
                member=member,
                direction=Transfer.Direction.OUT,
                kind=Transfer.Kind.TEMPORARY,
                date=spec["date"],
                organisation=spec["organisation"],
                letter_number=spec["letter_number"],
                letter_issued_on=spec["letter_issued_on"],
                expected_return=spec["expected_return"],
                purpose=Transfer.Purpose.STUDY,  # a master's degree
                by=self.system,
            )

    def _link_logins(self, members, users):
        """Member.user: no service links a login to a record yet, so it is saved here."""
        for username, name in people.LOGINS.items():
            member, user = members[name], users[username]
            if member.user_id is None and not Member.objects.filter(user=user).exists():
                member.user = user
                member._history_user = self.system
                member.save(update_fields=["user"])

    # --- report -------------------------------------------------------------------------------

    def _summary(self, committee, created: int):
        on_roll = Member.objects.filter(committee=committee).on_roll()
        by_status = dict.fromkeys(Status.values, 0)
        for status in on_roll.values_list("status", flat=True):
            by_status[status] += 1
        statuses = ", ".join(
            f"{n} {Status(status).label.lower()}" for status, n in by_status.items() if n
        )
        current = Position.objects.current().filter(committee=committee).count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {committee.name} — {committee.cells.count()} cells, "
                f"{committee.terms.count()} terms, {on_roll.count()} members ({statuses}), "
                f"{current} current positions; {created} members added this run."
            )
        )
        self.stdout.write(
            f"Demo logins (password: {DEMO_PASSWORD}): "
            + ", ".join([*(u for u, _n, _r in USERS), SUPERIOR_LOGIN[0]])
        )

    def _meetings_summary(self, committee, today, created: int, recorded: int):
        this_year = Meeting.objects.filter(committee=committee, date__year=today.year)
        held = this_year.filter(status__in=[MeetingStatus.HELD, MeetingStatus.APPROVED]).count()
        planned = this_year.filter(status=MeetingStatus.DRAFT).count()
        minutes = Minutes.objects.filter(meeting__committee=committee)
        approved = minutes.filter(state=Minutes.State.APPROVED).count()
        self.stdout.write(
            f"Meetings {today.year}: {this_year.count()} ({held} held, {planned} planned); "
            f"{created} meetings added this run. Minutes: {approved} approved, "
            f"{minutes.count() - approved} in progress; {recorded} recorded this run."
        )
