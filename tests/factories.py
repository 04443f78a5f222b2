"""factory-boy factories for every model the tests build."""

import datetime

import factory
from django.utils import timezone

from cells.models import Cell, Committee, Superior, SuperiorBody, Term
from core.text import name_sort_key, search_key
from meetings.models import AgendaItem, Meeting
from members.models import (
    CellMembership,
    CommitteeRole,
    Member,
    Position,
    Status,
    StatusEvent,
    SuperiorRole,
    User,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Người{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    password = factory.django.Password("secret-pass-123")


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"Đảng bộ Trường THPT Số {n}")
    place_name = "Krông Bông"
    founding_decision_number = "16/QĐ-HU"
    founded_on = datetime.date(2001, 2, 23)


class SuperiorFactory(factory.django.DjangoModelFactory):
    """A superior, found by its name's search key when it exists (as the services do)."""

    class Meta:
        model = Superior
        django_get_or_create = ("name_key",)

    name = factory.Sequence(lambda n: f"Đảng ủy xã Số {n}")
    name_key = factory.LazyAttribute(lambda o: search_key(o.name))
    kind = Superior.Kind.COMMUNE
    place_name = "Krông Bông"


class SuperiorBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SuperiorBody

    committee = factory.SubFactory(CommitteeFactory)
    name = "Huyện ủy Krông Bông"
    superior = factory.SubFactory(SuperiorFactory, name=factory.SelfAttribute("..name"))
    valid_from = datetime.date(2001, 2, 23)
    valid_until = None


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term

    committee = factory.SubFactory(CommitteeFactory)
    name = "2025–2030"
    start_date = datetime.date(2025, 7, 1)
    end_date = datetime.date(2030, 6, 30)


class CellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cell

    committee = factory.SubFactory(CommitteeFactory)
    name = factory.Sequence(lambda n: f"Chi bộ Tổ {n}")
    code = factory.Sequence(lambda n: f"CB{n}")
    founded_on = datetime.date(2015, 9, 1)


class SuperiorRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SuperiorRole

    user = factory.SubFactory(UserFactory)
    superior = factory.SubFactory(SuperiorFactory)
    role = SuperiorRole.Role.SECRETARY
    valid_from = datetime.date(2020, 1, 1)


def superior_personas(committee, *, on=datetime.date(2001, 2, 23)) -> dict:
    """The personas `superior_officer` (a grant at the superior of `committee`, which is under
    it from `on`) and `superior_other` (a grant at another superior, over another committee)."""
    body = committee.superior_bodies.filter(valid_until__isnull=True).first() or (
        SuperiorBodyFactory(committee=committee, name="Đảng ủy xã Krông Bông", valid_from=on)
    )
    other = SuperiorBodyFactory(name="Đảng ủy phường Khác", valid_from=on)
    return {
        "superior_officer": SuperiorRoleFactory(superior=body.superior).user,
        "superior_other": SuperiorRoleFactory(superior=other.superior).user,
    }


class CommitteeRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeRole

    user = factory.SubFactory(UserFactory)
    committee = factory.SubFactory(CommitteeFactory)
    role = CommitteeRole.Role.OFFICER
    valid_from = datetime.date(2020, 1, 1)
    valid_until = None


class MemberFactory(factory.django.DjangoModelFactory):
    """A member on the roll; pass `cell=` to enrol her (membership from `joined_on`).

    Built through the model directly (fast); status events are added by `with_event` so that
    "status on a date" works. Use `members.services.member_create` to test the service itself.
    """

    class Meta:
        model = Member
        skip_postgeneration_save = True

    committee = factory.SubFactory(CommitteeFactory)
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Đảng{n}")
    name_search = factory.LazyAttribute(lambda o: search_key(o.full_name))
    name_sort = factory.LazyAttribute(lambda o: name_sort_key(o.full_name))
    date_of_birth = datetime.date(1985, 5, 10)
    sex = "male"
    citizen_id = factory.Sequence(lambda n: f"{66000000000 + n:012d}")
    card_number = factory.Sequence(lambda n: f"{78000000 + n}")
    admitted_on = datetime.date(2015, 3, 5)
    recognised_on = datetime.date(2016, 3, 5)
    status = Status.OFFICIAL
    phone = factory.Sequence(lambda n: f"0905{n:06d}")

    @factory.post_generation
    def cell(self, create, extracted, **kwargs):
        if create and extracted is not None:
            CellMembership.objects.create(
                member=self, cell=extracted, start_date=kwargs.get("joined_on", self.admitted_on)
            )

    @factory.post_generation
    def with_event(self, create, extracted, **kwargs):
        """One status event giving the current status, dated `admitted_on` (or `extracted`)."""
        if create:
            StatusEvent.objects.create(
                member=self,
                kind=StatusEvent.Kind.RECOGNISED
                if self.status == Status.OFFICIAL
                else StatusEvent.Kind.ADMITTED,
                date=extracted or self.admitted_on,
                status_after=self.status,
            )


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    member = factory.SubFactory(MemberFactory)
    committee = factory.LazyAttribute(lambda o: o.member.committee)
    cell = None
    term = factory.LazyAttribute(
        lambda o: (
            o.committee.terms.order_by("-start_date").first() or TermFactory(committee=o.committee)
        )
    )
    role = Position.Role.CELL_SECRETARY
    start_date = datetime.date(2025, 7, 1)
    end_date = None


def member_user(member, **kwargs):
    """Give a member a login and return the user."""
    user = UserFactory(full_name=member.full_name, **kwargs)
    member.user = user
    member.save(update_fields=["user"])
    return user


class MeetingFactory(factory.django.DjangoModelFactory):
    """A regular cell meeting in draft (pass body="executive" and cell=None for the executive)."""

    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    committee = factory.LazyAttribute(lambda o: o.cell.committee if o.cell else CommitteeFactory())
    cell = factory.SubFactory(CellFactory)
    body = "cell"
    kind = "regular"
    date = factory.Sequence(lambda n: datetime.date(2027, 1, 5) + datetime.timedelta(days=31 * n))
    month = factory.LazyAttribute(lambda o: o.date.replace(day=1))
    start_time = datetime.time(16, 30)
    status = "draft"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    section = "other"
    position = factory.Sequence(lambda n: (n + 1) * 10)
    title = factory.Sequence(lambda n: f"Nội dung {n}")


# --- Party fees (fees app); models named by label, the imports above stay as they were ----------


class FeeBasisFactory(factory.django.DjangoModelFactory):
    """A salaried member's fee basis from January 2025 (pass `category`, `base_amount`)."""

    class Meta:
        model = "fees.FeeBasis"

    member = factory.SubFactory(MemberFactory)
    category = "salaried"
    base_amount = 10_000_000
    effective_from = datetime.date(2025, 1, 1)


class FeePaymentFactory(factory.django.DjangoModelFactory):
    """A regular payment recorded directly (no checks): pass `member`, `cell`, `month`."""

    class Meta:
        model = "fees.FeePayment"

    member = factory.SubFactory(MemberFactory)
    cell = factory.SubFactory(CellFactory)
    month = datetime.date(2025, 1, 1)
    kind = "regular"
    amount_due = 100_000
    amount_paid = factory.LazyAttribute(lambda o: o.amount_due)
    paid_on = factory.LazyAttribute(lambda o: o.month.replace(day=5))


class FeeExcuseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "fees.FeeExcuse"

    member = factory.SubFactory(MemberFactory)
    month = datetime.date(2025, 1, 1)
    reason = "Ốm dài ngày, điều trị tại bệnh viện"


class RemittanceFactory(factory.django.DjangoModelFactory):
    """A cell's remittance to its committee (pass `cell=None` for the committee's own)."""

    class Meta:
        model = "fees.Remittance"

    cell = factory.SubFactory(CellFactory)
    committee = factory.LazyAttribute(lambda o: o.cell.committee if o.cell else CommitteeFactory())
    month = datetime.date(2025, 1, 1)
    amount = 100_000
    remitted_on = factory.LazyAttribute(lambda o: o.month.replace(day=20))


# --- Political-theory training (library app, helper C) ------------------------------------------


class TrainingCourseFactory(factory.django.DjangoModelFactory):
    """A completed course recorded directly (no checks, the level not updated): pass `member`,
    `kind`; `end_date=None` for a course in progress."""

    class Meta:
        model = "library.TrainingCourse"

    member = factory.SubFactory(MemberFactory)
    kind = "new_member"
    institution = "Trung tâm Chính trị huyện Krông Bông"
    start_date = datetime.date(2015, 6, 1)
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=7))
    certificate_number = factory.Sequence(lambda n: f"{n + 1:04d}/GCN")
    certificate_date = factory.LazyAttribute(lambda o: o.end_date)


# --- Library documents (library app, helper A) --------------------------------------------------


class ResolutionFactory(factory.django.DjangoModelFactory):
    """A numbered resolution recorded directly (no vote, no numbering checks): pass `meeting`
    (by default an approved meeting of a new cell); `cell` and `committee` are the meeting's."""

    class Meta:
        model = "meetings.Resolution"

    meeting = factory.SubFactory(MeetingFactory, status="approved")
    committee = factory.LazyAttribute(lambda o: o.meeting.committee)
    cell = factory.LazyAttribute(lambda o: o.meeting.cell)
    term = factory.LazyAttribute(
        lambda o: (
            o.committee.terms.order_by("-start_date").first() or TermFactory(committee=o.committee)
        )
    )
    doc_type = "NQ"
    number = factory.Sequence(lambda n: n + 1)
    adopted_on = factory.LazyAttribute(lambda o: o.meeting.date)
    title = factory.Sequence(lambda n: f"về nhiệm vụ trọng tâm tháng {n % 12 + 1}")
    content = "Chi bộ thống nhất các nhiệm vụ trọng tâm."


class LibraryDocumentFactory(factory.django.DjangoModelFactory):
    """A directive of a superior body, open to all members, recorded directly (no checks, no
    file): pass `committee`."""

    class Meta:
        model = "library.LibraryDocument"

    committee = factory.SubFactory(CommitteeFactory)
    kind = "superior"
    title = factory.Sequence(lambda n: f"Chỉ thị về tăng cường công tác xây dựng Đảng số {n}")
    number = factory.Sequence(lambda n: f"{n + 1:02d}-CT/TU")
    issuer = "Tỉnh ủy Đắk Lắk"
    issued_on = datetime.date(2025, 3, 10)
    audience = "members"


class MeetingLinkFactory(factory.django.DjangoModelFactory):
    """A library document attached to a meeting directly (no checks): pass both."""

    class Meta:
        model = "library.MeetingLink"

    document = factory.SubFactory(LibraryDocumentFactory)
    meeting = factory.SubFactory(MeetingFactory)


# --- Study campaigns (library app, helper B) ------------------------------------------------------


class StudyCampaignFactory(factory.django.DjangoModelFactory):
    """A campaign recorded directly (no checks, no participants, nobody told): pass `committee`
    (and `document`, by default a new document of that committee). A report is required."""

    class Meta:
        model = "library.StudyCampaign"

    committee = factory.SubFactory(CommitteeFactory)
    document = factory.SubFactory(
        LibraryDocumentFactory, committee=factory.SelfAttribute("..committee")
    )
    title = factory.Sequence(lambda n: f"Học tập, quán triệt chỉ thị số {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    deadline = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=30))
    report_required = True


class StudyParticipantFactory(factory.django.DjangoModelFactory):
    """A member asked to study a campaign, recorded directly: pass `campaign`, `member`, `cell`."""

    class Meta:
        model = "library.StudyParticipant"

    campaign = factory.SubFactory(StudyCampaignFactory)
    member = factory.SubFactory(
        MemberFactory, committee=factory.SelfAttribute("..campaign.committee")
    )
    cell = factory.SubFactory(CellFactory, committee=factory.SelfAttribute("..campaign.committee"))


class StudyReportFactory(factory.django.DjangoModelFactory):
    """A typed report recorded directly (on time, by the member herself): pass `participant`."""

    class Meta:
        model = "library.StudyReport"

    participant = factory.SubFactory(StudyParticipantFactory)
    text = "Bài thu hoạch: những điểm mới của chỉ thị và liên hệ bản thân."
    submitted_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyAttribute(lambda o: o.submitted_at)


# --- two-step login (helper Q, issue 20) ----------------------------------------------------------


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """Her phone app, set up and confirmed: pass `user`."""

    class Meta:
        model = "otp_totp.TOTPDevice"

    user = factory.SubFactory(UserFactory)
    name = "chibo"
    confirmed = True
