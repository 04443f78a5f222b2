"""Load the demo data set (DOMAIN §2): run by `make run`; running it twice changes nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from cells import services as cells_services
from cells.models import Cell, Committee, SuperiorBody, Term
from members.models import CommitteeRole

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
    # username, full name, committee role grant (or None: roles come from positions later)
    ("committee", "Nguyễn Công Lam", CommitteeRole.Role.OFFICER),
    ("secretary1", "Trần Thị Hồng Nhung", None),
    ("member1", "Lê Văn Minh", None),
    ("observer", "Phạm Quốc Huy", CommitteeRole.Role.OBSERVER),
]


class Command(BaseCommand):
    help = "Load the chibo demo data (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        User = get_user_model()
        system, _ = User.objects.get_or_create(
            username="chibo-system",
            defaults={"full_name": "chibo", "is_active": False},
        )
        committee = Committee.objects.filter(name=COMMITTEE["name"]).first()
        if committee is None:
            committee = cells_services.committee_create(by=system, **COMMITTEE)
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
                    founded_on=datetime.date(2015, 9, 1),
                )
        for username, full_name, role in USERS:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, full_name=full_name, email=f"{username}@example.vn")
                user.set_password(DEMO_PASSWORD)
                user.save()
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
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(
            f"Demo logins (password: {DEMO_PASSWORD}): " + ", ".join(u for u, _n, _r in USERS)
        )
