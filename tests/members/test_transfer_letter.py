"""The transfer letter — giấy giới thiệu sinh hoạt đảng (issue 18 item 9, DOMAIN §3, §8, §13): a
DOCX in the official layout with her card and record numbers, the receiving organisation, the
month her fees are paid up to (passed by the view from `fees.selectors.paid_up_to`), the days to
present it (setting), signed for the executive by the committee secretary."""

import datetime
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.db import transaction
from django.urls import reverse
from docx import Document

from cells import services as cell_services
from members import transfer_letter, transfers
from members.forms import TransferForm
from members.models import Transfer
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    FeeBasisFactory,
    FeePaymentFactory,
    MemberFactory,
    PositionFactory,
    SuperiorBodyFactory,
    TermFactory,
    member_user,
)

D = datetime.date
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(scope="module")
def w(django_db_setup, django_db_blocker):
    """Lan transfers out officially on 05/09/2025 (letter 27-GGT/ĐU of 01/09/2025), her fees paid
    up to August 2025; Minh goes away temporarily for study, nothing paid; Phúc is the committee
    secretary."""
    with django_db_blocker.unblock(), transaction.atomic():
        committee = CommitteeFactory(name="Đảng bộ Trường THPT Krông Bông", place_name="Krông Bông")
        SuperiorBodyFactory(committee=committee, name="Đảng ủy xã Krông Bông")
        term = TermFactory(committee=committee, start_date=D(2020, 7, 1))
        cell = CellFactory(committee=committee, name="Chi bộ Tổ Toán - Tin")
        officer = CommitteeRoleFactory(committee=committee, role="officer").user
        boss = MemberFactory(committee=committee, cell=cell, full_name="Nguyễn Đình Phúc")
        PositionFactory(
            member=boss, role="committee_secretary", term=term, start_date=D(2020, 7, 1)
        )
        lan = MemberFactory(
            committee=committee,
            cell=cell,
            full_name="Trần Thị Lan",
            card_number="78012345",
            record_number="LL-0456",
            home_town="Krông Bông, Đắk Lắk",
        )
        minh = MemberFactory(committee=committee, cell=cell, full_name="Lê Văn Minh")
        neighbour = MemberFactory(committee=committee, cell=cell, full_name="Đỗ Thị Nga")
        FeeBasisFactory(member=lan, effective_from=D(2025, 1, 1))
        for month in range(1, 9):
            FeePaymentFactory(member=lan, cell=cell, month=D(2025, month, 1))
        away = transfers.transfer_record(
            member=minh,
            direction=Transfer.Direction.OUT,
            kind=Transfer.Kind.TEMPORARY,
            date=D(2025, 9, 5),
            organisation="Chi bộ Học viên cao học, Đảng bộ Trường Đại học Tây Nguyên",
            expected_return=D(2026, 8, 31),
            purpose=Transfer.Purpose.STUDY,
            by=officer,
        )
        official = transfers.transfer_record(
            member=lan,
            direction=Transfer.Direction.OUT,
            kind=Transfer.Kind.OFFICIAL,
            date=D(2025, 9, 5),
            organisation="Chi bộ Trường THCS Lê Lợi, Đảng bộ xã Ea Kar",
            letter_number="27-GGT/ĐU",
            letter_issued_on=D(2025, 9, 1),
            by=officer,
        )
        users = {
            "committee_officer": officer,
            "committee_clerk": CommitteeRoleFactory(committee=committee, role="clerk").user,
            "observer": CommitteeRoleFactory(committee=committee, role="observer").user,
            "officer_other_committee": CommitteeRoleFactory(role="officer").user,
            "minh": member_user(minh),
            "member_same_cell": member_user(neighbour),
        }
        yield SimpleNamespace(
            committee=committee,
            cell=cell,
            lan=lan,
            minh=minh,
            official=official,
            away=away,
            users=users,
        )
        transaction.set_rollback(True)


def download(client, user, transfer):
    client.force_login(user)
    return client.get(reverse("members:transfer_letter", args=[transfer.pk]))


def read(response):
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    document = Document(BytesIO(response.content))
    header, signature = document.tables[0], document.tables[-1]
    return SimpleNamespace(
        left=[p.text for p in header.rows[0].cells[0].paragraphs],
        right=[p.text for p in header.rows[0].cells[1].paragraphs],
        body=[p.text for p in document.paragraphs if p.text.strip()],
        recipients=[p.text for p in signature.rows[0].cells[0].paragraphs],
        signature=[p.text for p in signature.rows[0].cells[1].paragraphs if p.text],
        document=document,
    )


def test_the_official_transfer_letter(client, db, w):
    response = download(client, w.users["committee_officer"], w.official)
    assert "giay-gioi-thieu-tran-thi-lan-2025-09-05.docx" in response["Content-Disposition"]
    doc = read(response)
    # The header of DOMAIN §13: the superior, the issuer, "*", the number; the party's name and
    # the place and date of the letter.
    assert doc.left == [
        "ĐẢNG ỦY XÃ KRÔNG BÔNG",
        "ĐẢNG ỦY TRƯỜNG THPT KRÔNG BÔNG",
        "*",
        "Số 27-GGT/ĐU",
    ]
    assert doc.right == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Krông Bông, ngày 01 tháng 9 năm 2025"]
    header_bold = doc.document.tables[0].rows[0].cells[0].paragraphs[1].runs[0].bold
    assert header_bold
    body = doc.body
    assert body[0] == "GIẤY GIỚI THIỆU SINH HOẠT ĐẢNG" and body[1] == "Chính thức"
    assert "Kính gửi: Chi bộ Trường THCS Lê Lợi, Đảng bộ xã Ea Kar." in body
    assert "Đảng ủy Trường THPT Krông Bông giới thiệu đồng chí: Trần Thị Lan." in body
    assert "Số thẻ đảng viên: 78012345. Số lý lịch đảng viên: LL-0456." in body
    assert "Đang sinh hoạt tại: Chi bộ Tổ Toán - Tin, Đảng bộ Trường THPT Krông Bông." in body
    assert "Đã đóng đảng phí đến hết tháng 8/2025." in body
    deadline = next(line for line in body if "xuất trình" in line)
    assert "trong vòng 30 ngày, chậm nhất ngày 01 tháng 10 năm 2025" in deadline
    assert doc.signature == ["T/M ĐẢNG ỦY", "BÍ THƯ", "Nguyễn Đình Phúc"]
    assert "- Như trên," in doc.recipients


def test_the_deadline_follows_the_setting(client, db, w):
    cell_services.rules_update(
        committee=w.committee, by=w.users["committee_officer"], transfer_letter_days=15
    )
    body = read(download(client, w.users["committee_officer"], w.official)).body
    deadline = next(line for line in body if "xuất trình" in line)
    assert "trong vòng 15 ngày, chậm nhất ngày 16 tháng 9 năm 2025" in deadline


def test_a_temporary_transfer_and_no_fee_on_record(client, db, w):
    body = read(download(client, w.users["committee_officer"], w.away)).body
    assert body[1] == "Tạm thời"
    assert "Thời gian sinh hoạt tạm thời: từ 05/09/2025 đến 31/08/2026." in body
    assert "Đã đóng đảng phí đến hết tháng ……/……." in body
    # No number recorded: the office writes it in; the letter is dated the day of the transfer.
    doc = read(download(client, w.users["committee_officer"], w.away))
    assert doc.left[-1] == "Số      -GGT/ĐU"
    assert doc.right[-1] == "Krông Bông, ngày 05 tháng 9 năm 2025"


def test_the_content_is_plain_data(db, w):
    w.official.refresh_from_db()
    letter = transfer_letter.letter_content(w.official, paid_up_to=D(2025, 12, 1))
    assert letter.fees_line == "Đã đóng đảng phí đến hết tháng 12/2025."
    assert letter.deadline == D(2025, 10, 1)
    with pytest.raises(ValueError):
        transfer_letter.letter_content(
            Transfer(member=w.lan, direction=Transfer.Direction.IN, date=D(2025, 9, 5)),
            paid_up_to=None,
        )


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("committee_officer", 200),
        ("committee_clerk", 200),
        ("minh", 200),  # her own (temporary: she is still on the roll)
        ("member_same_cell", 404),
        ("observer", 403),
        ("officer_other_committee", 404),
    ],
)
def test_who_may_download_it(client, db, w, persona, status):
    assert download(client, w.users[persona], w.away).status_code == status


def test_only_for_a_transfer_out(client, db, w):
    back = Transfer.objects.create(
        member=w.minh,
        direction=Transfer.Direction.IN,
        kind=Transfer.Kind.TEMPORARY,
        date=D(2025, 12, 1),
        organisation="Trường Đại học Tây Nguyên",
        letter_presented_on=D(2025, 12, 1),
    )
    assert download(client, w.users["committee_officer"], back).status_code == 404


def test_the_transfer_links_to_its_letter(client, db, w):
    client.force_login(w.users["committee_officer"])
    html = client.get(reverse("members:detail", args=[w.lan.pk])).content.decode()
    assert f'href="{reverse("members:transfer_letter", args=[w.official.pk])}"' in html


def test_the_transfer_form_has_no_free_text_fees():
    assert "fees_paid_until" not in TransferForm.base_fields
    assert "fees_paid_until" not in {f.name for f in Transfer._meta.get_fields()}
