"""Several COUNTs in one query (`core.counts`): each the number of rows of its queryset, filters,
joins and an empty result included."""

import pytest

from core.counts import counts
from members.models import Member, Notification
from tests.factories import MemberFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_each_count_in_one_query(django_assert_num_queries):
    user, other = UserFactory(), UserFactory()
    for title in ("a", "b", "c"):
        Notification.objects.create(user=user, title=title)
    Notification.objects.create(user=other, title="d")
    MemberFactory(full_name="Nguyễn Văn An")
    MemberFactory(full_name="Trần Thị Bình")
    mine = Notification.objects.filter(user=user)
    with django_assert_num_queries(1):
        found = counts(
            mine,
            mine.filter(title__in=["a", "x"]),
            Member.objects.filter(committee__name__isnull=False, full_name__startswith="Trần"),
            Notification.objects.filter(user=user, title="none"),
        )
    assert found == [3, 1, 1, 0]


def test_nothing_to_count():
    assert counts() == []
