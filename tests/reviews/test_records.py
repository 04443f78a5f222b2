"""Residence-place comments, commendations and discipline (issue 9 items 6–7).

Services: every rule and every bad input (a clear message naming the field, nothing saved),
with history. Pages per persona (404 for what she may not see, 403 for what she sees but may not
change), bad input keeping what was typed, the upload without JavaScript, the member page's
panel (herself and her officers only) and query counts that do not grow with the rows.
"""

import copy
import datetime
import io

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from cells.services import rules_update
from meetings.models import Motion
from members.models import Status, StatusEvent
from reviews.models import Commendation, Discipline, ResidenceComment
from reviews.records import commendations, discipline, panel, residence
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

DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return timezone.localdate()


def this_year() -> int:
    return today().year


@pytest.fixture(autouse=True)
def english():
    """Service messages in English (the pages choose English by the cookie)."""
    with translation.override("en"):
        yield


# --- the world ----------------------------------------------------------------------------------


class World:
    pass


@pytest.fixture(scope="module")
def _w(module_db):
    """Cell 1 (the target, a colleague, the secretary, a cell committee member, a probationary
    member, a temporary and an exempted one) and cell 2 (its secretary and a member).

    Built once for the module (see `module_db`); each test gets a copy and a savepoint."""
    committee = CommitteeFactory()
    term = TermFactory(committee=committee)
    officer = CommitteeRoleFactory(committee=committee, role="officer").user
    observer = CommitteeRoleFactory(committee=committee, role="observer").user
    clerk = CommitteeRoleFactory(committee=committee, role="clerk").user
    outsider = CommitteeRoleFactory(committee=CommitteeFactory(), role="officer").user
    superuser = UserFactory(is_superuser=True, is_staff=True)
    world = World()
    world.committee = committee
    world.cell = CellFactory(committee=committee, name="Chi bộ Toán", code="CB1")
    world.other_cell = CellFactory(committee=committee, name="Chi bộ Văn", code="CB2")

    def person(cell, name, role=None, **kwargs):
        member = MemberFactory(committee=committee, cell=cell, full_name=name, **kwargs)
        if role:
            PositionFactory(member=member, cell=cell, role=role, term=term)
        return member

    world.target = person(world.cell, "Hoàng Thị Lan")
    world.colleague = person(world.cell, "Lê Văn Minh")
    world.secretary = person(world.cell, "Trần Thị Nhung", "cell_secretary")
    world.cell_committee = person(world.cell, "Đỗ Văn Cấp", "cell_committee_member")
    world.probationary = person(
        world.cell,
        "Vũ Thị Dự",
        status=Status.PROBATIONARY,
        admitted_on=today() - 200 * DAY,
        recognised_on=None,
    )
    world.temporary = person(world.cell, "Ngô Văn Tạm", status=Status.TEMPORARY)
    world.exempted = person(world.cell, "Bùi Thị Miễn", status=Status.EXEMPTED)
    world.other_secretary = person(world.other_cell, "Phạm Văn Quân", "cell_secretary")
    world.other_member = person(world.other_cell, "Đinh Thị Khác")
    world.users = {
        "target": member_user(world.target),
        "member": member_user(world.colleague),
        "cell_secretary": member_user(world.secretary),
        "cell_committee": member_user(world.cell_committee),
        "secretary_other_cell": member_user(world.other_secretary),
        "member_other_cell": member_user(world.other_member),
        "committee_officer": officer,
        "committee_clerk": clerk,
        "observer": observer,
        "officer_other_committee": outsider,
        "superuser": superuser,
    }
    world.officer = officer
    return world


@pytest.fixture
def w(_w, db):
    return copy.deepcopy(_w)


def login(client, user):
    """Logged in, in English: the assertions name the English source strings."""
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def as_(client, w, who):
    return login(client, w.users[who])


def msgs(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def state():
    """Everything these writes could change, history included."""
    return (
        list(ResidenceComment.objects.order_by("pk").values()),
        list(Commendation.objects.order_by("pk").values()),
        list(Discipline.objects.order_by("pk").values()),
        ResidenceComment.history.count(),
        Commendation.history.count(),
        Discipline.history.count(),
    )


def refused(excinfo) -> dict:
    return excinfo.value.message_dict


def pdf_bytes(padding: int = 0) -> bytes:
    body = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    )
    return body + b"%" + b"0" * padding + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def motion_about(member, *, kind="reprimand", passed=True, date=None, cell=None):
    """A secret-ballot vote about `member` at a held meeting of her cell."""
    meeting = MeetingFactory(
        cell=cell or member.current_membership().cell,
        date=date or today() - 30 * DAY,
        kind="extraordinary",
        status="approved",
    )
    return Motion.objects.create(
        meeting=meeting,
        kind=kind,
        method="secret",
        text=f"Kỷ luật đồng chí {member.full_name}",
        subject_member=member,
        yes=5 if passed else 1,
        no=0 if passed else 4,
        abstain=0,
        ballots_issued=5,
        ballots_valid=5,
        ballots_invalid=0,
        official_count=5,
        denominator=5,
        eligible_present=5,
        threshold_numerator=1,
        threshold_denominator=2,
        threshold_strict=True,
        passed=passed,
        working="…",
    )


def recognised(member, *, admitted, official):
    """A member probationary from `admitted`, official from `official`."""
    member.admitted_on = admitted
    member.recognised_on = official
    member.status = Status.OFFICIAL
    member.save()
    StatusEvent.objects.filter(member=member).delete()
    StatusEvent.objects.create(
        member=member, kind="admitted", date=admitted, status_after=Status.PROBATIONARY
    )
    StatusEvent.objects.create(
        member=member, kind="recognised", date=official, status_after=Status.OFFICIAL
    )
    return member


# --- residence-place comments: services ---------------------------------------------------------


def test_request_creates_the_comment_once_per_year_with_history(w):
    year = this_year()
    by = w.users["cell_secretary"]
    comment = residence.residence_request(member=w.target, year=year, by=by)
    assert comment.status == "requested"
    assert comment.requested_on == today()
    again = residence.residence_request(
        member=w.target, year=year, by=by, requested_on=today() - 3 * DAY
    )
    assert again.pk == comment.pk
    assert ResidenceComment.objects.filter(member=w.target, year=year).count() == 1
    assert again.requested_on == today() - 3 * DAY
    assert ResidenceComment.history.filter(id=comment.pk).count() == 2
    assert ResidenceComment.history.filter(id=comment.pk).first().history_user == by
    # A request without a date keeps the one recorded.
    assert residence.residence_request(member=w.target, year=year, by=by).requested_on == (
        today() - 3 * DAY
    )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"year": 1900}, "year"),
        ({"year": 3000}, "year"),
        ({"requested_on": "tomorrow"}, "requested_on"),
        ({"requested_on": datetime.date(3000, 1, 1)}, "requested_on"),
        ({"year": 2026, "requested_on": datetime.date(2025, 12, 31)}, "requested_on"),
    ],
)
def test_request_bad_input(w, kwargs, field):
    before = state()
    data = {"year": this_year(), **kwargs}
    if data.get("requested_on") == "tomorrow":
        data["requested_on"] = today() + DAY
    with pytest.raises(ValidationError) as excinfo:
        residence.residence_request(member=w.target, by=w.officer, **data)
    assert field in refused(excinfo)
    assert state() == before


def test_a_former_member_gets_no_comment(w):
    w.target.status = Status.TRANSFERRED_OUT
    w.target.save()
    with pytest.raises(ValidationError, match="no longer on the roll"):
        residence.residence_request(member=w.target, year=this_year(), by=w.officer)
    assert not ResidenceComment.objects.exists()


def _receive(w, **kwargs):
    data = {
        "member": w.target,
        "year": this_year(),
        "by": w.users["cell_secretary"],
        "received_on": today(),
        "residence_cell": "Chi bộ Thôn 3, xã Yang Reh",
        "good": True,
        "text": "Gương mẫu, chấp hành tốt quy định nơi cư trú.",
    }
    data.update(kwargs)
    return residence.residence_receive(**data)


def test_receive_after_request_updates_the_same_comment(w):
    first = residence.residence_request(
        member=w.target, year=this_year(), by=w.officer, requested_on=today() - 10 * DAY
    )
    comment = _receive(w, good=False)
    assert comment.pk == first.pk
    comment.refresh_from_db()
    assert comment.status == "received"
    assert comment.good is False
    assert comment.residence_cell == "Chi bộ Thôn 3, xã Yang Reh"
    assert comment.requested_on == today() - 10 * DAY
    assert ResidenceComment.history.filter(id=comment.pk).count() == 2


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"received_on": None}, "received_on", "Give the date the comment was received."),
        ({"received_on": datetime.date(3000, 1, 1)}, "received_on", "in the future"),
        ({"residence_cell": "  "}, "residence_cell", "residence cell"),
        ({"residence_cell": "x" * 201}, "residence_cell", "At most 200 characters"),
        ({"good": None}, "good", "good or not"),
        ({"good": "yes"}, "good", "good or not"),
        ({"text": "x" * 10_001}, "text", "At most"),
        ({"year": 1929}, "year", "Give a year"),
    ],
)
def test_receive_bad_input(w, kwargs, field, message):
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        _receive(w, **kwargs)
    assert field in refused(excinfo)
    assert message in " ".join(refused(excinfo)[field])
    assert state() == before


def test_received_before_the_year_or_before_the_request_is_refused(w):
    year = this_year() - 1
    with pytest.raises(ValidationError) as excinfo:
        _receive(w, year=year, received_on=datetime.date(year - 1, 12, 31))
    assert "before the year" in refused(excinfo)["received_on"][0]
    residence.residence_request(
        member=w.target, year=year, by=w.officer, requested_on=datetime.date(year, 12, 1)
    )
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        _receive(w, year=year, received_on=datetime.date(year, 11, 30))
    message = refused(excinfo)["received_on"][0]
    assert f"requested on 01/12/{year}: it came back later" in message
    assert state() == before


def test_a_scan_is_checked_and_stored_under_its_real_kind(w):
    comment = _receive(w, scan=upload("Nhận xét.pdf", pdf_bytes()))
    assert comment.scan.name.endswith(".pdf")
    assert "Nhận xét" not in comment.scan.name
    # Received again without a new scan: the one attached is kept.
    again = _receive(w, text="Sửa lại")
    assert again.scan.name == comment.scan.name
    photo = _receive(w, scan=upload("anh.jpg", png_bytes()))
    assert photo.scan.name.endswith(".png")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("trang.html", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "Allowed: PDF"),
        ("gia.pdf", b"just text pretending", "Allowed: PDF, JPG, PNG"),
    ],
)
def test_a_scan_of_the_wrong_kind_is_refused(w, name, content, message):
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        _receive(w, scan=upload(name, content))
    assert message in refused(excinfo)["scan"][0]
    assert state() == before


def test_a_scan_over_the_committee_limit_is_refused(w):
    rules_update(committee=w.committee, by=w.officer, upload_max_mb=1)
    w.target.committee.refresh_from_db()
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        _receive(w, scan=upload("big.pdf", pdf_bytes(padding=1536 * 1024)))
    assert "larger than the limit of 1 MB" in refused(excinfo)["scan"][0]
    assert state() == before


def test_exempt_needs_a_reason_and_clears_what_was_received(w):
    _receive(w)
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        residence.residence_exempt(member=w.target, year=this_year(), by=w.officer, reason=" ")
    assert refused(excinfo) == {"exempt_reason": ["Give the reason for the exemption."]}
    assert state() == before
    comment = residence.residence_exempt(
        member=w.target, year=this_year(), by=w.officer, reason="Sinh viên học xa nhà"
    )
    assert comment.status == "exempt"
    assert comment.exempt_reason == "Sinh viên học xa nhà"
    assert comment.received_on is None
    assert comment.residence_cell == ""
    assert comment.good is None
    assert ResidenceComment.history.filter(id=comment.pk).count() == 2
    # Back to requested: the reason goes.
    back = residence.residence_request(member=w.target, year=this_year(), by=w.officer)
    assert back.status == "requested"
    assert back.exempt_reason == ""


# --- commendations: service ---------------------------------------------------------------------


def test_commendation_add_with_history(w):
    commendation = commendations.commendation_add(
        member=w.target,
        year=this_year() - 1,
        form=" Giấy khen ",
        deciding_body="Đảng ủy",
        decision_number="12-QĐ/ĐU",
        decided_on=datetime.date(this_year(), 1, 15),
        by=w.officer,
    )
    assert commendation.form == "Giấy khen"
    assert commendation.created_by == w.officer
    assert Commendation.history.get().history_user == w.officer


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"form": ""}, "form"),
        ({"form": "x" * 201}, "form"),
        ({"deciding_body": "   "}, "deciding_body"),
        ({"decision_number": "x" * 101}, "decision_number"),
        ({"year": 1800}, "year"),
        ({"year": 9999}, "year"),
        ({"decided_on": datetime.date(3000, 1, 1)}, "decided_on"),
        ({"year": 2025, "decided_on": datetime.date(2024, 12, 31)}, "decided_on"),
    ],
)
def test_commendation_bad_input(w, kwargs, field):
    data = {
        "member": w.target,
        "year": 2025,
        "form": "Giấy khen",
        "deciding_body": "Đảng ủy",
        "by": w.officer,
        **kwargs,
    }
    with pytest.raises(ValidationError) as excinfo:
        commendations.commendation_add(**data)
    assert field in refused(excinfo)
    assert not Commendation.objects.exists()
    assert not Commendation.history.exists()


# --- discipline: service ------------------------------------------------------------------------


def _discipline(w, member=None, **kwargs):
    data = {
        "member": member or w.target,
        "form": "reprimand",
        "decided_on": today() - 10 * DAY,
        "reason": "Vi phạm quy định về những điều đảng viên không được làm.",
        "by": w.officer,
    }
    data.update(kwargs)
    return discipline.discipline_add(**data)


def test_discipline_add_with_its_vote_and_history(w):
    motion = motion_about(w.target, kind="warning")
    discipline = _discipline(w, form="warning", motion=motion, decision_number="03-QĐ/ĐU")
    assert discipline.motion == motion
    assert discipline.created_by == w.officer
    assert Discipline.history.get().history_user == w.officer


@pytest.mark.parametrize("form", ["dismissal", "expulsion"])
def test_a_probationary_member_is_not_dismissed_or_expelled(w, form):
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        _discipline(w, member=w.probationary, form=form)
    assert "probationary member" in refused(excinfo)["form"][0]
    assert state() == before


@pytest.mark.parametrize("form", ["reprimand", "warning"])
def test_a_probationary_member_may_be_reprimanded_or_warned(w, form):
    assert _discipline(w, member=w.probationary, form=form).pk


def test_the_status_on_the_decision_date_decides(w):
    member = recognised(
        w.target, admitted=datetime.date(2023, 3, 1), official=datetime.date(2024, 3, 1)
    )
    with pytest.raises(ValidationError) as excinfo:
        _discipline(w, member=member, form="dismissal", decided_on=datetime.date(2024, 2, 29))
    assert "probationary member on 29/02/2024" in refused(excinfo)["form"][0]
    assert _discipline(w, member=member, form="dismissal", decided_on=datetime.date(2024, 3, 1))
    with pytest.raises(ValidationError) as excinfo:
        _discipline(w, member=member, decided_on=datetime.date(2023, 2, 28))
    assert "was not yet a member on 28/02/2023" in refused(excinfo)["decided_on"][0]


def test_no_discipline_after_she_left_the_roll_but_expulsion_on_its_day(w):
    StatusEvent.objects.create(
        member=w.target, kind="expelled", date=today() - 20 * DAY, status_after="expelled"
    )
    with pytest.raises(ValidationError) as excinfo:
        _discipline(w, form="warning")
    assert "no longer on the roll" in refused(excinfo)["decided_on"][0]
    # The expulsion itself, recorded once her status already says so.
    assert _discipline(w, form="expulsion").form == "expulsion"


@pytest.mark.parametrize(
    ("kwargs", "field", "message"),
    [
        ({"form": "fine"}, "form", "Choose the form"),
        ({"form": ""}, "form", "Choose the form"),
        ({"decided_on": None}, "decided_on", "Give the date"),
        ({"decided_on": datetime.date(3000, 1, 1)}, "decided_on", "in the future"),
        ({"reason": "  "}, "reason", "Give the reason"),
        ({"reason": "x" * 10_001}, "reason", "At most"),
        ({"decision_number": "x" * 101}, "decision_number", "At most"),
    ],
)
def test_discipline_bad_input(w, kwargs, field, message):
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        _discipline(w, **kwargs)
    assert message in " ".join(refused(excinfo)[field])
    assert state() == before


def test_discipline_tomorrow_is_refused(w):
    with pytest.raises(ValidationError) as excinfo:
        _discipline(w, decided_on=today() + DAY)
    assert "future" in refused(excinfo)["decided_on"][0]


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("other_member", "This vote is not about Hoàng Thị Lan."),
        ("other_kind", "This vote was about “Discipline: warning”, not “Reprimand”."),
        ("not_passed", "This vote did not pass"),
        ("after", "took place after the decision date"),
    ],
)
def test_the_vote_must_be_about_her_of_that_kind_and_passed(w, case, message):
    if case == "other_member":
        motion = motion_about(w.colleague)
    elif case == "other_kind":
        motion = motion_about(w.target, kind="warning")
    elif case == "not_passed":
        motion = motion_about(w.target, passed=False)
    else:
        motion = motion_about(w.target, date=today() - 2 * DAY)
    before = state()
    with pytest.raises(ValidationError) as excinfo:
        _discipline(w, motion=motion)
    assert message in refused(excinfo)["motion"][0]
    assert state() == before


# --- who may do what ----------------------------------------------------------------------------


EDIT = {
    "cell_secretary": 200,
    "committee_officer": 200,
    "target": 403,
    "member": 403,
    "cell_committee": 403,
    "committee_clerk": 403,
    "observer": 403,
    "superuser": 403,
    "secretary_other_cell": 404,
    "member_other_cell": 404,
    "officer_other_committee": 404,
}
DECIDE = {**EDIT, "cell_secretary": 403}
LIST = {
    "cell_secretary": 200,
    "cell_committee": 200,
    "committee_officer": 200,
    "officer_other_committee": 200,
    "secretary_other_cell": 200,
    "target": 403,
    "member": 403,
    "member_other_cell": 403,
    "committee_clerk": 403,
    "observer": 403,
    "superuser": 403,
}


def list_url(year=None):
    return reverse("reviews:residence_list", args=[year or this_year()])


def edit_url(member, year=None):
    return reverse("reviews:residence_edit", args=[year or this_year(), member.pk])


def test_the_urls(w):
    assert list_url(2026) == "/reviews/2026/residence/"
    assert edit_url(w.target, 2026) == f"/reviews/2026/residence/{w.target.pk}/"
    assert reverse("reviews:commendation_add", args=[5]) == "/reviews/members/5/commendations/add/"
    assert reverse("reviews:discipline_add", args=[5]) == "/reviews/members/5/discipline/add/"


@pytest.mark.parametrize(("who", "status"), LIST.items())
def test_residence_list_access(client, w, who, status):
    response = as_(client, w, who).get(list_url())
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert ("Hoàng Thị Lan" in html) == (
            who in ("cell_secretary", "cell_committee", "committee_officer")
        )
        assert ("Đinh Thị Khác" in html) == (who in ("secretary_other_cell", "committee_officer"))


def test_anonymous_is_sent_to_log_in(client, w):
    assert client.get(list_url()).status_code == 302
    assert client.get(edit_url(w.target)).status_code == 302
    assert client.get(reverse("reviews:commendation_add", args=[w.target.pk])).status_code == 302


@pytest.mark.parametrize(("who", "status"), EDIT.items())
def test_residence_edit_access(client, w, who, status):
    response = as_(client, w, who).get(edit_url(w.target))
    assert response.status_code == status
    before = state()
    response = as_(client, w, who).post(
        edit_url(w.target), {"status": "exempt", "exempt_reason": "Học xa"}
    )
    assert response.status_code == (302 if status == 200 else status)
    if status != 200:
        assert state() == before
    else:
        assert ResidenceComment.objects.get(member=w.target).status == "exempt"


@pytest.mark.parametrize(("who", "status"), DECIDE.items())
def test_commendation_and_discipline_access(client, w, who, status):
    for name, data in (
        (
            "reviews:commendation_add",
            {"year": this_year(), "form": "Giấy khen", "deciding_body": "Đảng ủy"},
        ),
        (
            "reviews:discipline_add",
            {
                "form": "reprimand",
                "decided_on": (today() - DAY).strftime("%d/%m/%Y"),
                "reason": "Vi phạm",
            },
        ),
    ):
        url = reverse(name, args=[w.target.pk])
        assert as_(client, w, who).get(url).status_code == status, name
        before = state()
        response = as_(client, w, who).post(url, data)
        assert response.status_code == (302 if status == 200 else status), name
        if status != 200:
            assert state() == before
        else:
            assert response["Location"] == w.target.get_absolute_url()


@pytest.mark.parametrize("year", [1929, 2999])
def test_a_year_out_of_range_is_404(client, w, year):
    as_(client, w, "committee_officer")
    assert client.get(list_url(year)).status_code == 404
    assert client.get(edit_url(w.target, year)).status_code == 404


def test_an_unknown_member_is_404(client, w):
    as_(client, w, "committee_officer")
    assert client.get(reverse("reviews:residence_edit", args=[2026, 999_999])).status_code == 404
    assert client.get(reverse("reviews:discipline_add", args=[999_999])).status_code == 404


# --- the list -----------------------------------------------------------------------------------


def test_the_list_shows_working_members_their_status_and_the_missing_count(client, w):
    year = this_year()
    residence.residence_request(member=w.target, year=year, by=w.officer, requested_on=today())
    _receive(w, member=w.colleague, good=False)
    residence.residence_exempt(member=w.secretary, year=year, by=w.officer, reason="Học xa nhà")
    response = as_(client, w, "cell_secretary").get(list_url())
    assert response.status_code == 200
    rows = {row.member.full_name: row for row in response.context["rows"]}
    # Temporary and exempted members are not working members of the cell.
    assert set(rows) == {
        "Hoàng Thị Lan",
        "Lê Văn Minh",
        "Trần Thị Nhung",
        "Đỗ Văn Cấp",
        "Vũ Thị Dự",
    }
    assert {name for name, row in rows.items() if row.missing} == {
        "Hoàng Thị Lan",
        "Đỗ Văn Cấp",
        "Vũ Thị Dự",
    }
    html = response.content.decode()
    assert "3 comments missing" in html
    assert "5 working members" in html
    assert "Received: not good" in html
    assert "Học xa nhà" in html
    assert f"requested on {today():%d/%m/%Y}" in html
    assert "not requested yet" in html
    assert all(row.can_edit for row in rows.values())
    assert edit_url(w.target) in html


def test_the_count_says_two_missing(client, w):
    for member in (w.target, w.colleague, w.secretary):
        _receive(w, member=member)
    response = as_(client, w, "cell_secretary").get(list_url())
    assert "2 comments missing" in response.content.decode()


def test_a_cell_committee_member_sees_the_list_without_edit_links(client, w):
    response = as_(client, w, "cell_committee").get(list_url())
    assert response.status_code == 200
    assert not any(row.can_edit for row in response.context["rows"])
    assert "/residence/" + str(w.target.pk) not in response.content.decode()


def test_filters_by_cell_and_status(client, w):
    _receive(w)
    as_(client, w, "committee_officer")
    names = lambda r: {row.member.full_name for row in r.context["rows"]}  # noqa: E731
    everyone = client.get(list_url())
    assert {"Hoàng Thị Lan", "Phạm Văn Quân", "Đinh Thị Khác"} <= names(everyone)
    assert "6 comments missing" in everyone.content.decode()
    by_cell = client.get(list_url(), {"cell": w.other_cell.pk})
    assert names(by_cell) == {"Phạm Văn Quân", "Đinh Thị Khác"}
    assert "2 comments missing" in by_cell.content.decode()
    assert names(client.get(list_url(), {"show": "received"})) == {"Hoàng Thị Lan"}
    missing = client.get(list_url(), {"show": "missing", "cell": w.cell.pk})
    assert "Hoàng Thị Lan" not in names(missing)
    assert "Lê Văn Minh" in names(missing)
    # A cell she may not see, or garbage: ignored, never a 500.
    foreign = CellFactory()
    for params in ({"cell": foreign.pk}, {"cell": "x"}, {"show": "nonsense"}, {"page": "zz"}):
        response = client.get(list_url(), params)
        assert response.status_code == 200
        assert "Hoàng Thị Lan" in names(response)


def test_a_secretary_cannot_filter_to_another_cell(client, w):
    response = as_(client, w, "cell_secretary").get(list_url(), {"cell": w.other_cell.pk})
    assert response.status_code == 200
    names = {row.member.full_name for row in response.context["rows"]}
    assert "Đinh Thị Khác" not in names
    assert "Hoàng Thị Lan" in names


def test_a_past_year_lists_the_members_of_that_year(client, w):
    """Her cell and status on 31 December: a member admitted this year is not listed for the
    year before."""
    year = this_year() - 1
    newcomer = MemberFactory(
        committee=w.committee,
        cell=w.cell,
        full_name="Mới Vào",
        status=Status.PROBATIONARY,
        admitted_on=datetime.date(this_year(), 1, 1),
        recognised_on=None,
    )
    response = as_(client, w, "cell_secretary").get(list_url(year))
    names = {row.member.full_name for row in response.context["rows"]}
    assert newcomer.full_name not in names
    assert "Hoàng Thị Lan" in names
    this = as_(client, w, "cell_secretary").get(list_url())
    assert newcomer.full_name in {row.member.full_name for row in this.context["rows"]}


@pytest.mark.parametrize("who", ["committee_officer", "cell_secretary"])
def test_list_queries_are_the_same_with_5_and_50_members(client, w, who):
    """Cell 1 holds 5 working members; 45 more (every other one with a comment) cost nothing."""
    as_(client, w, who)

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(list_url(), {"cell": w.cell.pk, "page": 1})
        assert response.status_code == 200
        return len(queries), response.context["listing"].total

    few, total = count()
    assert total == 5
    for index, member in enumerate(
        MemberFactory.create_batch(45, committee=w.committee, cell=w.cell)
    ):
        if index % 2:
            _receive(w, member=member)
    many, total = count()
    assert total == 50
    assert many == few


# --- editing one comment ------------------------------------------------------------------------


def test_edit_form_receives_with_a_scan_without_javascript(client, w):
    next_url = list_url() + f"?cell={w.cell.pk}"
    as_(client, w, "cell_secretary")
    page = client.get(edit_url(w.target), {"next": next_url})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html
    assert 'type="radio"' in html
    response = client.post(
        edit_url(w.target),
        {
            "status": "received",
            "received_on": today().strftime("%d/%m/%Y"),
            "residence_cell": "Chi bộ Thôn 3",
            "good": "1",
            "text": "Tốt",
            "scan": upload("scan.pdf", pdf_bytes()),
            "next": next_url,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == next_url
    comment = ResidenceComment.objects.get(member=w.target, year=this_year())
    assert comment.good is True
    assert comment.scan.name.endswith(".pdf")
    assert any("was saved: received" in m for m in msgs(response))
    # The scan comes back through the page (same rights), as a download.
    download = client.get(edit_url(w.target), {"scan": "1"})
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "A scan is attached." in client.get(edit_url(w.target)).content.decode()


def test_no_scan_to_download_is_404(client, w):
    as_(client, w, "cell_secretary")
    assert client.get(edit_url(w.target), {"scan": "1"}).status_code == 404
    _receive(w)
    assert client.get(edit_url(w.target), {"scan": "1"}).status_code == 404


def test_a_scan_download_is_refused_to_those_who_may_not_edit(client, w):
    _receive(w, scan=upload("scan.pdf", pdf_bytes()))
    assert as_(client, w, "target").get(edit_url(w.target), {"scan": "1"}).status_code == 403
    assert (
        as_(client, w, "secretary_other_cell").get(edit_url(w.target), {"scan": "1"}).status_code
        == 404
    )


def test_edit_bad_input_keeps_what_was_typed(client, w):
    as_(client, w, "cell_secretary")
    before = state()
    response = client.post(
        edit_url(w.target),
        {"status": "received", "received_on": "", "residence_cell": "Chi bộ Thôn 9", "text": "Ý"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["received_on"] == ["Give the date the comment was received."]
    assert form.errors["good"] == ["Say whether the comment is good or not."]
    assert 'value="Chi bộ Thôn 9"' in response.content.decode()
    assert state() == before
    # Garbage dates and statuses: form errors, never a 500.
    for data in (
        {"status": "received", "received_on": "32/13/2026"},
        {"status": "lost"},
        {},
        {"status": "requested", "requested_on": "01/01/3000"},
        {"status": "received", "good": "maybe"},
    ):
        response = client.post(edit_url(w.target), data)
        assert response.status_code == 200, data
    assert state() == before


def test_edit_a_wrong_scan_is_shown_on_its_field(client, w):
    as_(client, w, "committee_officer")
    response = client.post(
        edit_url(w.target),
        {
            "status": "received",
            "received_on": today().strftime("%d/%m/%Y"),
            "residence_cell": "Chi bộ Thôn 3",
            "good": "0",
            "scan": upload("x.exe", b"MZ\x90\x00" + b"\x00" * 200),
        },
    )
    assert response.status_code == 200
    assert "This kind of file is not accepted" in response.context["form"].errors["scan"][0]
    assert not ResidenceComment.objects.exists()


def test_edit_an_open_redirect_is_refused(client, w):
    as_(client, w, "cell_secretary")
    response = client.post(
        edit_url(w.target),
        {"status": "requested", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == list_url()


def test_edit_shows_the_comment_recorded(client, w):
    _receive(w, good=False, residence_cell="Chi bộ Tổ dân phố 2")
    response = as_(client, w, "committee_officer").get(edit_url(w.target))
    form = response.context["form"]
    assert form.initial["status"] == "received"
    assert form.initial["good"] == "0"
    assert "Chi bộ Tổ dân phố 2" in response.content.decode()


# --- commendation and discipline pages ----------------------------------------------------------


def test_commendation_page_records_and_returns_to_the_member(client, w):
    as_(client, w, "committee_officer")
    url = reverse("reviews:commendation_add", args=[w.target.pk])
    assert client.get(url).context["form"].initial["year"] == this_year()
    response = client.post(
        url,
        {
            "year": this_year(),
            "form": "Đảng viên hoàn thành xuất sắc nhiệm vụ",
            "deciding_body": "Đảng ủy xã",
            "decision_number": "45-QĐ/ĐU",
            "decided_on": today().strftime("%d/%m/%Y"),
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == w.target.get_absolute_url()
    html = response.content.decode()
    assert "The commendation of Hoàng Thị Lan was recorded." in html
    assert "Đảng viên hoàn thành xuất sắc nhiệm vụ" in html
    assert "45-QĐ/ĐU" in html


def test_commendation_bad_input_keeps_what_was_typed(client, w):
    as_(client, w, "committee_officer")
    url = reverse("reviews:commendation_add", args=[w.target.pk])
    for data, field in (
        ({"year": "", "form": "Giấy khen", "deciding_body": "Đảng ủy"}, "year"),
        ({"year": "abc", "form": "Giấy khen", "deciding_body": "Đảng ủy"}, "year"),
        ({"year": 3000, "form": "Giấy khen", "deciding_body": "Đảng ủy"}, "year"),
        ({"year": 2025, "form": "", "deciding_body": "Đảng ủy"}, "form"),
        (
            {"year": 2025, "form": "Giấy khen", "deciding_body": "Đảng ủy", "decided_on": "x"},
            "decided_on",
        ),
    ):
        response = client.post(url, data)
        assert response.status_code == 200
        assert field in response.context["form"].errors, data
        if data["form"]:
            assert 'value="Giấy khen"' in response.content.decode()
    assert not Commendation.objects.exists()


def test_discipline_page_refuses_dismissal_of_a_probationary_member(client, w):
    as_(client, w, "committee_officer")
    url = reverse("reviews:discipline_add", args=[w.probationary.pk])
    response = client.post(
        url,
        {
            "form": "dismissal",
            "decided_on": (today() - DAY).strftime("%d/%m/%Y"),
            "reason": "Vi phạm nghiêm trọng",
        },
    )
    assert response.status_code == 200
    assert "probationary member" in response.context["form"].errors["form"][0]
    assert "Vi phạm nghiêm trọng" in response.content.decode()
    assert not Discipline.objects.exists()


def test_discipline_page_offers_the_votes_about_her_and_checks_them(client, w):
    warning = motion_about(w.target, kind="warning")
    about_other = motion_about(w.colleague, kind="warning")
    as_(client, w, "committee_officer")
    url = reverse("reviews:discipline_add", args=[w.target.pk])
    choices = list(client.get(url).context["form"].fields["motion"].queryset)
    assert choices == [warning]
    data = {
        "form": "reprimand",
        "decided_on": (today() - DAY).strftime("%d/%m/%Y"),
        "reason": "Vi phạm",
        "motion": warning.pk,
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "not “Reprimand”" in response.context["form"].errors["motion"][0]
    response = client.post(url, {**data, "motion": about_other.pk})
    assert response.status_code == 200
    assert "motion" in response.context["form"].errors
    assert not Discipline.objects.exists()
    response = client.post(url, {**data, "form": "warning"})
    assert response.status_code == 302
    assert Discipline.objects.get().motion == warning
    assert any("The discipline of Hoàng Thị Lan was recorded." in m for m in msgs(response))


def test_discipline_page_garbage_is_never_a_500(client, w):
    as_(client, w, "committee_officer")
    url = reverse("reviews:discipline_add", args=[w.target.pk])
    for data in (
        {},
        {"form": "fine", "decided_on": "01/01/2026", "reason": "x"},
        {"form": "warning", "decided_on": "99/99/9999", "reason": "x"},
        {"form": "warning", "decided_on": "01/01/2026", "reason": "x", "motion": "abc"},
        {"form": "warning", "decided_on": "01/01/2026", "reason": "x", "motion": 999_999},
    ):
        assert client.post(url, data).status_code == 200, data
    assert not Discipline.objects.exists()


# --- the member page ----------------------------------------------------------------------------


@pytest.fixture
def recorded(w):
    commendations.commendation_add(
        member=w.target,
        year=this_year() - 1,
        form="Giấy khen của Đảng ủy",
        deciding_body="Đảng ủy",
        by=w.officer,
    )
    _discipline(w, form="warning", reason="Lý do kỷ luật bí mật")
    _receive(w, residence_cell="Chi bộ Thôn Bảy")
    return w


def member_page(client, w, who, member=None):
    return as_(client, w, who).get(reverse("members:detail", args=[(member or w.target).pk]))


@pytest.mark.parametrize("who", ["target", "cell_secretary", "cell_committee", "committee_officer"])
def test_the_member_page_shows_her_records_to_herself_and_her_officers(client, recorded, who):
    response = member_page(client, recorded, who)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Giấy khen của Đảng ủy" in html
    assert "Lý do kỷ luật bí mật" in html
    assert "Chi bộ Thôn Bảy" in html
    can_decide = who == "committee_officer"
    assert (reverse("reviews:commendation_add", args=[recorded.target.pk]) in html) == can_decide
    assert (reverse("reviews:discipline_add", args=[recorded.target.pk]) in html) == can_decide
    can_edit = who in ("cell_secretary", "committee_officer")
    assert (edit_url(recorded.target) in html) == can_edit


@pytest.mark.parametrize("who", ["member", "committee_clerk"])
def test_the_member_page_hides_her_records_from_others(client, recorded, who):
    response = member_page(client, recorded, who)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hoàng Thị Lan" in html
    assert "Giấy khen của Đảng ủy" not in html
    assert "Lý do kỷ luật bí mật" not in html
    assert "Chi bộ Thôn Bảy" not in html
    assert response.context["records"] is None


def test_the_member_page_queries_do_not_grow_with_her_records(client, w):
    url = reverse("members:detail", args=[w.target.pk])
    as_(client, w, "committee_officer")
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for year in range(2015, 2025):
        commendations.commendation_add(
            member=w.target, year=year, form="Giấy khen", deciding_body="Đảng ủy", by=w.officer
        )
        residence.residence_exempt(member=w.target, year=year, by=w.officer, reason="Học xa")
    for _ in range(5):
        _discipline(w, form="warning", motion=motion_about(w.target, kind="warning"))
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(before) == len(after)


def test_a_plain_member_page_costs_no_record_queries(client, w):
    """For a colleague, the panel is left out without asking the database."""
    as_(client, w, "member")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("members:detail", args=[w.target.pk])).status_code == 200
    assert not [q for q in queries if "reviews_" in q["sql"]]


def test_a_user_with_no_member_record_and_no_office_sees_nothing(client, w):
    nobody = UserFactory()
    assert panel.member_records(nobody, w.target) is None
    CommitteeRoleFactory(user=nobody, committee=w.committee, role="clerk")
    assert panel.member_records(nobody, w.target) is None
