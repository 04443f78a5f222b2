"""The demo committee's superiors (issue 22): the district committee it answered to until
30/06/2025 (no longer active: district committees were abolished) and the commune committee since,
with the `superior` login holding the commune's secretary grant. Its dashboard comes with the
superior's view; today that login sees the guide only. Idempotent: whatever exists is kept."""

import datetime

from django.contrib.auth import get_user_model

from cells import services as cells_services
from cells.models import Superior
from core.services import save_with_history
from core.text import search_key
from members.models import SuperiorRole

# name, kind, place, active
SUPERIORS = [
    ("Huyện ủy Krông Bông", Superior.Kind.DISTRICT, "Krông Bông", False),
    ("Đảng ủy xã Krông Bông", Superior.Kind.COMMUNE, "Krông Bông", True),
]
COMMUNE = "Đảng ủy xã Krông Bông"
LOGIN = ("superior", "Hoàng Văn Thái")
GRANTED_FROM = datetime.date(2025, 7, 1)


def seed_superiors(*, by) -> dict[str, Superior]:
    """{name: Superior}, created when missing (before the committee's dated rows, which the
    service then links to them by name)."""
    superiors = {}
    for name, kind, place, active in SUPERIORS:
        superior = Superior.objects.filter(name_key=search_key(name)).first()
        if superior is None:
            superior = cells_services.superior_create(
                by=by, name=name, kind=kind, place_name=place, is_active=active
            )
        superiors[name] = superior
    return superiors


def seed_superior_login(superiors, *, password: str, by):
    """The `superior` demo login: the commune committee's secretary."""
    username, full_name = LOGIN
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(username=username, full_name=full_name, email=f"{username}@example.vn")
        user.set_password(password)
        user.save()
    superior = superiors[COMMUNE]
    if not SuperiorRole.objects.filter(user=user, superior=superior).exists():
        grant = SuperiorRole(
            user=user,
            superior=superior,
            role=SuperiorRole.Role.SECRETARY,
            valid_from=GRANTED_FROM,
        )
        save_with_history(grant, by=by)
    return user
