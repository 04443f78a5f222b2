"""factory-boy factories for every model the tests build."""

import datetime

import factory

from cells.models import Cell, Committee, SuperiorBody, Term
from members.models import CommitteeRole, User


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


class SuperiorBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SuperiorBody

    committee = factory.SubFactory(CommitteeFactory)
    name = "Huyện ủy Krông Bông"
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


class CommitteeRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeRole

    user = factory.SubFactory(UserFactory)
    committee = factory.SubFactory(CommitteeFactory)
    role = CommitteeRole.Role.OFFICER
    valid_from = datetime.date(2020, 1, 1)
    valid_until = None
