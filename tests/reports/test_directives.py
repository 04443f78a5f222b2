"""Directives flowing down (`reports/directives.py`, issue 22 item 5): published to the library of
every committee under the superior today, a study campaign in each through the library's own
rules, the progress counted by the library's own counts; a refusal saves nothing."""

import copy
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from cells.models import CommitteeSettings
from library.models import LibraryDocument, StudyCampaign, StudyParticipant
from library.study import services as study_services
from members.access import forget
from reports import directives
from reports.models import Directive, DirectiveCopy
from tests.factories import (
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    MemberFactory,
    SuperiorBodyFactory,
    SuperiorFactory,
    SuperiorRoleFactory,
    UserFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
ISSUED = TODAY - datetime.timedelta(days=3)
PDF = b"%PDF-1.4\n%test\n"


def pdf(name="ct05.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture(scope="module")
def world(module_db):
    """The commune has `school` (cells S1: 3 members, S2: 2), `clinic` (one cell, 2 members, and
    one who left) and `empty` (no member); `moved` was under it until last year; `ward_school` is
    under the ward."""
    commune = SuperiorFactory(name="Đảng ủy xã Krông Bông")
    ward = SuperiorFactory(name="Đảng ủy phường Tân Lập")
    w = {"commune": commune, "ward": ward}
    for key in ("school", "clinic", "empty", "moved", "ward_school"):
        w[key] = CommitteeFactory(name=f"Đảng bộ {key}")
    for key in ("school", "clinic", "empty"):
        SuperiorBodyFactory(committee=w[key], superior=commune, name=commune.name)
    SuperiorBodyFactory(
        committee=w["moved"],
        superior=commune,
        name=commune.name,
        valid_until=TODAY.replace(month=1, day=1) - datetime.timedelta(days=1),
    )
    SuperiorBodyFactory(committee=w["ward_school"], superior=ward, name=ward.name)
    w["s1"], w["s2"] = (CellFactory(committee=w["school"]) for _ in range(2))
    w["c1"] = CellFactory(committee=w["clinic"])
    w["m1"] = CellFactory(committee=w["moved"])
    w["ws1"] = CellFactory(committee=w["ward_school"])
    w["school_members"] = [MemberFactory(committee=w["school"], cell=w["s1"]) for _ in range(3)]
    w["school_members"] += [MemberFactory(committee=w["school"], cell=w["s2"]) for _ in range(2)]
    w["clinic_members"] = [MemberFactory(committee=w["clinic"], cell=w["c1"]) for _ in range(2)]
    MemberFactory(committee=w["clinic"], cell=w["c1"], status="transferred_out")
    MemberFactory(committee=w["moved"], cell=w["m1"])
    MemberFactory(committee=w["ward_school"], cell=w["ws1"])
    w["officer"] = SuperiorRoleFactory(superior=commune).user
    w["ward_officer"] = SuperiorRoleFactory(superior=ward).user
    w["school_officer"] = CommitteeRoleFactory(committee=w["school"], role="officer").user
    w["school_member"] = member_user(w["school_members"][0])
    w["clinic_member"] = member_user(w["clinic_members"][0])
    w["superuser"] = UserFactory(is_superuser=True, is_staff=True)
    return w


@pytest.fixture
def w(world, db):
    w = copy.deepcopy(world)
    for value in w.values():
        if hasattr(value, "is_authenticated"):
            forget(value)
    return w


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def publish(w, **changes):
    values = {
        "superior": w["commune"],
        "by": w["officer"],
        "title": "Chỉ thị về tăng cường công tác giáo dục chính trị tư tưởng",
        "number": "05-CT/ĐU",
        "issued_on": ISSUED,
        "upload": pdf(),
        "study_deadline": TODAY + datetime.timedelta(days=30),
        "report_required": False,
        "today": TODAY,
    }
    values.update(changes)
    return directives.directive_publish(**values)


def counts():
    return (
        Directive.objects.count(),
        DirectiveCopy.objects.count(),
        LibraryDocument.objects.count(),
        StudyCampaign.objects.count(),
        StudyParticipant.objects.count(),
    )


# --- publishing -----------------------------------------------------------------------------------


def test_it_goes_into_the_library_of_every_committee_under_the_superior_today(w):
    result = publish(w)

    directive = result.directive
    assert (result.committees, result.campaigns) == (3, 2)
    assert result.without_campaign == ["Đảng bộ empty"]
    copies = {c.committee_id: c for c in directive.copies.select_related("document", "campaign")}
    assert set(copies) == {w["school"].pk, w["clinic"].pk, w["empty"].pk}
    for copy_ in copies.values():
        document = copy_.document
        assert document.kind == LibraryDocument.Kind.SUPERIOR
        assert document.committee_id == copy_.committee_id
        # The committee sees who sent it.
        assert document.issuer == "Đảng ủy xã Krông Bông"
        assert (document.number, document.issued_on) == ("05-CT/ĐU", ISSUED)
        assert document.audience == LibraryDocument.Audience.MEMBERS
        assert document.files.get().kind == "pdf"
        assert document.history.get().history_user == w["officer"]
    assert copies[w["empty"].pk].campaign is None
    school = copies[w["school"].pk].campaign
    assert (school.starts_on, school.deadline) == (TODAY, TODAY + datetime.timedelta(days=30))
    # The library's own participant rule: the members on the roll of every active cell.
    assert set(school.participants.values_list("member_id", flat=True)) == {
        m.pk for m in w["school_members"]
    }
    assert copies[w["clinic"].pk].campaign.participants.count() == 2
    assert not LibraryDocument.objects.filter(committee__in=[w["moved"], w["ward_school"]]).exists()
    assert directive.history.get().history_user == w["officer"]


def test_without_a_deadline_only_the_document_is_sent(w):
    result = publish(w, study_deadline=None, report_required=True)

    assert (result.committees, result.campaigns, result.without_campaign) == (3, 0, [])
    assert not result.directive.report_required
    assert not StudyCampaign.objects.exists()


def test_the_committees_read_it_in_their_own_library(w):
    result = publish(w)
    school_copy = result.directive.copies.get(committee=w["school"]).document
    clinic_copy = result.directive.copies.get(committee=w["clinic"]).document

    for user in (w["school_officer"], w["school_member"]):
        visible = set(LibraryDocument.objects.visible_to(user).values_list("pk", flat=True))
        assert school_copy.pk in visible and clinic_copy.pk not in visible
    clinic = set(
        LibraryDocument.objects.visible_to(w["clinic_member"]).values_list("pk", flat=True)
    )
    assert clinic == {clinic_copy.pk}
    # A superior's officer reads the progress, not the committees' libraries.
    assert not LibraryDocument.objects.visible_to(w["officer"]).exists()


# --- refusals: a clear message, nothing saved ------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"upload": None}, "file"),
        ({"upload": pdf("ct.pdf", "Không phải PDF".encode() * 10)}, "file"),
        ({"upload": pdf("ct.exe", b"MZ\x90\x00" + b"\x00" * 200)}, "file"),
        ({"title": "   "}, "title"),
        ({"number": ""}, "number"),
        ({"issued_on": None}, "issued_on"),
        ({"issued_on": TODAY + datetime.timedelta(days=1)}, "issued_on"),
        ({"study_deadline": TODAY - datetime.timedelta(days=1)}, "study_deadline"),
        ({"title": "x" * 301}, "title"),
        ({"title": "Chỉ thị\x00"}, "title"),
    ],
)
def test_bad_input_is_refused_and_saves_nothing(w, changes, field):
    before = counts()
    with pytest.raises(ValidationError) as caught:
        publish(w, **changes)
    assert field in caught.value.message_dict
    assert counts() == before


def test_a_file_over_the_strictest_limit_is_refused(w):
    CommitteeSettings.objects.update_or_create(committee=w["clinic"], defaults={"upload_max_mb": 1})
    big = pdf("lon.pdf", PDF + b"0" * (1024 * 1024))
    before = counts()

    assert directives.publish_max_mb(w["commune"], TODAY) == 1
    with pytest.raises(ValidationError) as caught:
        publish(w, upload=big)
    assert caught.value.message_dict["file"] == ["The file is larger than the limit of 1 MB."]
    assert counts() == before


def test_the_same_number_twice_in_a_year_is_refused(w):
    publish(w)
    before = counts()
    with pytest.raises(ValidationError) as caught:
        publish(w, number="05-ct/du", title="Another")
    assert "number" in caught.value.message_dict
    assert counts() == before


def test_a_refusal_in_one_committees_library_names_it_and_saves_nothing(w):
    LibraryDocument.objects.create(
        committee=w["clinic"],
        kind="superior",
        title="Nhập tay",
        number="05-CT/ĐU",
        issuer="Đảng ủy xã Krông Bông",
        issued_on=ISSUED,
    )
    before = counts()
    with pytest.raises(ValidationError) as caught:
        publish(w)
    assert caught.value.messages[0].startswith("Đảng bộ clinic: ")
    assert counts() == before


def test_a_superior_with_no_committee_today_has_nobody_to_send_to(w):
    lonely = SuperiorFactory(name="Đảng ủy xã Vắng")
    officer = SuperiorRoleFactory(superior=lonely).user
    with pytest.raises(ValidationError) as caught:
        publish(w, superior=lonely, by=officer)
    assert "__all__" in caught.value.message_dict
    assert not Directive.objects.exists()


# --- progress -------------------------------------------------------------------------------------


def test_progress_per_committee_from_the_librarys_counts(w):
    directive = publish(w, report_required=True).directive
    school = directive.copies.get(committee=w["school"]).campaign
    first, second, third = school.participants.order_by("member_id")[:3]
    # Done = studied and reported (a report is required): one reported, one only studied.
    study_services.report_submit(participant=first, text="Bài thu hoạch", by=w["school_officer"])
    study_services.study_confirm(participant=second, by=w["school_officer"])
    study_services.record_on_behalf(
        participant=third, studied=True, text="Viết tay", by=w["school_officer"]
    )

    (progress,) = directives.directive_progress([directive])

    lines = {line.name: line for line in progress.committees}
    assert [line.name for line in progress.committees] == sorted(lines)
    school_line, clinic_line, empty_line = (
        lines["Đảng bộ school"],
        lines["Đảng bộ clinic"],
        lines["Đảng bộ empty"],
    )
    assert (school_line.participants, school_line.studied, school_line.done) == (5, 3, 2)
    assert str(school_line.percent) == "40.0"
    assert (clinic_line.participants, clinic_line.done) == (2, 0)
    assert (empty_line.campaign_id, empty_line.participants, empty_line.percent) == (
        None,
        None,
        None,
    )
    assert (progress.campaigns, progress.done, progress.participants) == (2, 2, 7)
    assert str(progress.percent) == "28.6"


def test_directives_of_lists_the_superiors_own_newest_first(w):
    older = publish(w, number="01-CT/ĐU", issued_on=ISSUED - datetime.timedelta(days=30))
    newer = publish(w, number="02-CT/ĐU")
    publish(w, superior=w["ward"], by=w["ward_officer"], number="09-CT/ĐU")

    assert list(directives.directives_of(w["commune"])) == [newer.directive, older.directive]


# --- access ---------------------------------------------------------------------------------------


def test_only_an_officer_of_the_superior_publishes(w):
    assert directives.may_publish(w["officer"], w["commune"])
    for user in (w["ward_officer"], w["school_officer"], w["superuser"]):
        assert not directives.may_publish(user, w["commune"])


def test_a_directive_opens_for_who_opens_its_superior(w):
    directive = publish(w).directive

    assert directives.get_directive_for_user(w["officer"], directive.pk) == directive
    assert directives.get_directive_for_user(w["superuser"], directive.pk) == directive
    for user in (w["ward_officer"], w["school_officer"], w["school_member"]):
        with pytest.raises(Http404):
            directives.get_directive_for_user(user, directive.pk)
    with pytest.raises(Http404):
        directives.get_directive_for_user(w["officer"], directive.pk + 1000)


# --- on the superior's dashboard ------------------------------------------------------------------


def dashboard(client, user, year):
    client.force_login(user)
    url = reverse("reports:superior_dashboard", args=[user.superior_roles.get().superior_id])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"year": year})
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_the_dashboard_shows_each_committees_study_of_the_latest_directives(client, w):
    directive = publish(w).directive
    school = directive.copies.get(committee=w["school"]).campaign
    for participant in school.participants.order_by("member_id")[:2]:
        study_services.study_confirm(participant=participant, by=w["school_officer"])
    page, one = dashboard(client, w["officer"], ISSUED.year)

    row = page.split(f'data-directive="{directive.pk}"')[1].split("</tr>")[0]
    assert f'data-committee="{w["school"].pk}" data-done="2">2/5' in row
    assert f'data-committee="{w["clinic"].pk}" data-done="0">0/2' in row
    assert f'data-committee="{w["empty"].pk}" data-done="">—' in row
    assert "2/7" in row
    # Another superior's officer sees none of it; three directives cost what one does.
    other, _ = dashboard(client, w["ward_officer"], ISSUED.year)
    assert f'data-directive="{directive.pk}"' not in other
    publish(w, number="06-CT/ĐU")
    publish(w, number="07-CT/ĐU")
    _page, three = dashboard(client, w["officer"], ISSUED.year)
    assert one == three
