"""The library's documents (issue 19, parts 1–2): who reads which document
(`LibraryDocument.objects.visible_to`, `library.access`), the writes
(`library/documents/services.py`) — committee resolutions linked and never retyped, dates, files
checked from their content and size, superseding without cycles, links to meetings — with bad
input refused (a clear message, nothing saved), the search with or without diacritics, and the
demo (`demo/library.py`)."""

import copy
import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation

from cells.services import rules_update
from core.dates import add_months
from demo.library import seed_library
from library import access as library_access
from library.documents import selectors, services
from library.models import LibraryDocument, LibraryFile, MeetingLink
from members.access import forget
from tests.factories import (
    AgendaItemFactory,
    CellFactory,
    CommitteeFactory,
    CommitteeRoleFactory,
    LibraryDocumentFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    ResolutionFactory,
    TermFactory,
    UserFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

D = datetime.date
TODAY = timezone.localdate()


# --- files --------------------------------------------------------------------------------------


def pdf_bytes(padding: int = 0) -> bytes:
    body = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    )
    return body + b"%" + b"0" * padding + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><root/>')
    return buffer.getvalue()


EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200
TEXT = "Đây là một tệp văn bản đổi tên thành PDF.\n".encode() * 20


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def stored_files() -> set[str]:
    root = Path(settings.MEDIA_ROOT) / "library"
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


# --- the world ----------------------------------------------------------------------------------


class World:
    pass


def build_world() -> World:
    """Committee A — cells A1 and A2, the personas of DESIGN §3 (and a cell committee member, an
    executive committee member by position) — its documents: open to all members, officers only,
    archived; a published meeting of cell A1 with an agenda item and an approved one with a
    resolution; committee B with a document and a resolution of its own."""
    w = World()
    w.committee = CommitteeFactory(name="Đảng bộ Trường THPT Krông Bông")
    term = TermFactory(committee=w.committee, start_date=D(2025, 7, 1))
    w.cell = CellFactory(committee=w.committee, name="Chi bộ Tổ Toán - Tin")
    w.other_cell = CellFactory(committee=w.committee, name="Chi bộ Tổ Văn")
    w.other = CommitteeFactory(name="Đảng bộ Trường THCS Lê Lợi")

    def person(cell, role=None, **kwargs):
        member = MemberFactory(committee=w.committee, cell=cell, **kwargs)
        if role:
            office = None if role.startswith("committee_") else cell
            PositionFactory(member=member, cell=office, role=role, term=term)
        return member_user(member)

    w.users = {
        "member": person(w.cell, full_name="Lê Văn Minh"),
        "member_other_cell": person(w.other_cell),
        "cell_secretary": person(w.cell, "cell_secretary", full_name="Trần Thị Hồng Nhung"),
        "cell_committee_member": person(w.cell, "cell_committee_member"),
        "secretary_other_cell": person(w.other_cell, "cell_secretary"),
        "executive": person(w.cell, "committee_member"),
        "committee_officer": CommitteeRoleFactory(committee=w.committee, role="officer").user,
        "committee_clerk": CommitteeRoleFactory(committee=w.committee, role="clerk").user,
        "observer": CommitteeRoleFactory(committee=w.committee, role="observer").user,
        "officer_other_committee": CommitteeRoleFactory(committee=w.other, role="officer").user,
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }
    w.officer = w.users["committee_officer"]
    w.open = LibraryDocumentFactory(
        committee=w.committee,
        title="Nghị quyết về lãnh đạo thực hiện nhiệm vụ chính trị năm học",
        number="35-NQ/TU",
        summary="Đổi mới căn bản, toàn diện giáo dục và đào tạo.",
        issued_on=D(2025, 1, 15),
    )
    w.officers_only = LibraryDocumentFactory(
        committee=w.committee,
        kind="other",
        title="Hướng dẫn công tác bảo vệ chính trị nội bộ",
        number="",
        issuer="Ban Tổ chức Tỉnh ủy",
        audience="officers",
    )
    w.archived = LibraryDocumentFactory(committee=w.committee, number="01-KH/ĐU", archived=True)
    w.foreign = LibraryDocumentFactory(committee=w.other, number="05-CT/TU")
    w.meeting = MeetingFactory(cell=w.cell, status="published", date=TODAY + datetime.timedelta(10))
    w.item = AgendaItemFactory(meeting=w.meeting, title="Quán triệt nghị quyết")
    w.held = MeetingFactory(cell=w.cell, status="approved", date=TODAY - datetime.timedelta(40))
    w.resolution = ResolutionFactory(meeting=w.held, term=term, number=5, title="về nhiệm vụ")
    w.foreign_resolution = ResolutionFactory(
        meeting=MeetingFactory(cell=CellFactory(committee=w.other), status="approved")
    )
    return w


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def w(built, db):
    world = copy.deepcopy(built)
    for user in world.users.values():
        forget(user)
    return world


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def create(w, **kwargs):
    values = {
        "kind": "superior",
        "title": "Chỉ thị về tăng cường sự lãnh đạo của Đảng đối với công tác phòng, chống tham nhũng",
        "number": "12-CT/HU",
        "issuer": "Huyện ủy Krông Bông",
        "issued_on": D(2025, 5, 20),
    }
    values.update(kwargs)
    return services.document_create(committee=w.committee, by=w.officer, **values)


def errors_of(excinfo) -> dict:
    return excinfo.value.message_dict


# --- who reads what -----------------------------------------------------------------------------

SEES = {
    "member": {"open"},
    "member_other_cell": {"open"},
    "cell_secretary": {"open", "officers_only"},
    "cell_committee_member": {"open", "officers_only"},
    "secretary_other_cell": {"open", "officers_only"},
    "executive": {"open", "officers_only", "archived"},
    "committee_officer": {"open", "officers_only", "archived"},
    "committee_clerk": {"open", "officers_only", "archived"},
    "observer": {"open"},
    "officer_other_committee": {"foreign"},
    "superuser": set(),
}
DOCUMENTS = ("open", "officers_only", "archived", "foreign")


@pytest.mark.parametrize("persona", SEES)
def test_who_reads_which_document(w, persona):
    user = w.users[persona]
    visible = set(LibraryDocument.objects.visible_to(user).values_list("pk", flat=True))
    assert visible == {getattr(w, name).pk for name in SEES[persona]}
    for name in DOCUMENTS:
        document = getattr(w, name)
        assert library_access.may_see_document(user, document) == (name in SEES[persona])


@pytest.mark.parametrize("persona", SEES)
def test_who_manages_the_library(w, persona):
    managers = {"executive", "committee_officer", "committee_clerk"}
    assert library_access.may_manage_documents(w.users[persona], w.committee.pk) == (
        persona in managers
    )
    assert library_access.library_section_visible(w.users[persona]) == (persona != "superuser")


# --- adding a document --------------------------------------------------------------------------


def test_a_superior_directive_with_its_file(w):
    document = create(w, upload=upload("Chỉ thị 12.pdf", pdf_bytes()), summary="Phòng, chống")
    assert document.kind == "superior" and document.display_number == "12-CT/HU"
    assert "chi thi" in document.search_text and "phong, chong" in document.search_text
    file = document.files.get()
    assert (file.kind, file.original_name, file.uploaded_by) == ("pdf", "Chỉ thị 12.pdf", w.officer)
    # Stored under a random name, never the user's.
    assert file.file.name.startswith(f"library/{w.committee.pk}/{document.pk}/")
    assert "Chỉ thị" not in file.file.name and file.file.name.endswith(".pdf")
    assert document.history.get().history_user == w.officer


def test_a_superior_document_needs_its_number_issuer_and_date(w):
    before = LibraryDocument.objects.count()
    with pytest.raises(ValidationError) as error:
        create(w, number="", issuer="", issued_on=None)
    assert set(errors_of(error)) == {"number", "issuer", "issued_on"}
    assert "05-CT/TU" in errors_of(error)["number"][0]
    assert LibraryDocument.objects.count() == before


def test_a_committee_resolution_is_linked_not_retyped(w):
    document = create(
        w,
        kind="resolution",
        number="",
        issuer="",
        issued_on=None,
        title="",
        resolution=w.resolution,
    )
    assert document.display_number == "05-NQ/CB" and document.number == ""
    assert document.title == "Nghị quyết về nhiệm vụ"
    assert document.issued_on == w.resolution.adopted_on
    assert document.issuer == w.cell.name
    assert "05-nq/cb" in document.search_text


def test_an_executive_committee_resolution_is_issued_by_the_party_committee(w):
    executive = MeetingFactory(
        committee=w.committee, cell=None, body="executive", status="approved"
    )
    resolution = ResolutionFactory(meeting=executive, cell=None, number=3)
    document = create(w, kind="resolution", number="", issuer="", resolution=resolution)
    assert document.display_number == "03-NQ/ĐU"
    assert document.issuer == "Đảng ủy Trường THPT Krông Bông"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"kind": "resolution", "number": ""}, "resolution", "Choose the committee's resolution."),
        (
            {"kind": "resolution", "number": "05-NQ/CB", "resolution": "own"},
            "number",
            "is not retyped",
        ),
        (
            {"kind": "resolution", "number": "", "resolution": "foreign"},
            "resolution",
            "Choose a resolution of this committee.",
        ),
        ({"kind": "plan", "resolution": "own"}, "resolution", "Only a committee resolution"),
    ],
    ids=["no-resolution", "typed-number", "another-committee", "not-a-resolution"],
)
def test_resolution_rules_are_refused_with_their_message(w, values, field, message):
    chosen = {"own": w.resolution, "foreign": w.foreign_resolution}.get(
        values.pop("resolution", "")
    )
    before = LibraryDocument.objects.count()
    with pytest.raises(ValidationError) as error:
        create(w, resolution=chosen, **values)
    assert message in " ".join(errors_of(error)[field])
    assert LibraryDocument.objects.count() == before


def test_a_resolution_enters_the_library_once(w):
    create(w, kind="resolution", number="", resolution=w.resolution)
    with pytest.raises(ValidationError) as error:
        create(w, kind="resolution", number="", resolution=w.resolution)
    assert errors_of(error)["resolution"] == ["This resolution is already in the library."]


def test_the_effective_date_cannot_be_before_the_date_issued(w):
    before = LibraryDocument.objects.count()
    with pytest.raises(ValidationError) as error:
        create(w, issued_on=D(2025, 5, 20), effective_on=D(2025, 5, 19))
    assert errors_of(error)["effective_on"] == [
        "The effective date cannot be before the date issued."
    ]
    assert LibraryDocument.objects.count() == before
    assert create(w, effective_on=D(2025, 5, 20)).effective_on == D(2025, 5, 20)


def test_the_same_number_from_the_same_issuer_is_not_entered_twice(w):
    with pytest.raises(ValidationError) as error:
        create(w, number="35-nq/tu", issuer="TỈNH ỦY ĐẮK LẮK")
    assert "already in the library" in errors_of(error)["number"][0]
    # Another issuer's document may carry the same number.
    assert create(w, number="35-NQ/TU", issuer="Huyện ủy Krông Bông").pk


@pytest.mark.parametrize(
    ("name", "content"),
    [("setup.exe", EXE), ("Nghị quyết.pdf", EXE), ("Báo cáo.pdf", TEXT)],
    ids=["exe", "exe-renamed-pdf", "text-renamed-pdf"],
)
def test_a_forbidden_file_saves_nothing(w, name, content):
    before, documents = stored_files(), LibraryDocument.objects.count()
    with pytest.raises(ValidationError) as error:
        create(w, upload=upload(name, content))
    assert "This kind of file is not accepted" in errors_of(error)["file"][0]
    assert LibraryDocument.objects.count() == documents
    assert LibraryFile.objects.count() == 0
    assert stored_files() == before


def test_a_file_over_the_committee_limit_saves_nothing(w):
    rules_update(committee=w.committee, by=w.officer, upload_max_mb=1)
    before = stored_files()
    with pytest.raises(ValidationError) as error:
        create(w, upload=upload("big.pdf", pdf_bytes(padding=1536 * 1024)))
    assert errors_of(error)["file"] == ["The file is larger than the limit of 1 MB."]
    assert not LibraryDocument.objects.filter(number="12-CT/HU").exists()
    assert stored_files() == before


def test_more_files_and_archiving_one(w):
    document = create(w)
    first = services.file_add(document=document, upload=upload("a.pdf", pdf_bytes()), by=w.officer)
    second = services.file_add(document=document, upload=upload("b", docx_bytes()), by=w.officer)
    assert second.kind == "docx" and services.download_name(second) == "b.docx"
    services.file_archive(file=first, by=w.officer)
    assert list(LibraryFile.objects.active().filter(document=document)) == [second]
    assert LibraryFile.objects.filter(pk=first.pk).exists()  # kept


def test_an_archived_document_takes_no_file_and_no_change(w):
    with pytest.raises(ValidationError, match="archived"):
        services.file_add(document=w.archived, upload=upload("a.pdf", pdf_bytes()), by=w.officer)
    with pytest.raises(ValidationError, match="archived"):
        services.document_update(document=w.archived, by=w.officer, title="Khác")


def test_editing_keeps_the_rules(w):
    document = services.document_update(
        document=w.open, by=w.officer, title="Nghị quyết số 35", summary="Nội dung mới"
    )
    assert document.title == "Nghị quyết số 35" and "noi dung moi" in document.search_text
    with pytest.raises(ValidationError) as error:
        services.document_update(document=w.open, by=w.officer, effective_on=D(2024, 1, 1))
    assert "effective_on" in errors_of(error)
    w.open.refresh_from_db()
    assert w.open.effective_on is None


# --- superseding and archiving ------------------------------------------------------------------


def test_a_superseded_document_stays_and_points_to_the_newer_one(w):
    newer = create(w, number="36-NQ/TU", issued_on=D(2025, 6, 1), issuer="Tỉnh ủy Đắk Lắk")
    services.document_supersede(document=w.open, newer=newer, by=w.officer)
    w.open.refresh_from_db()
    assert w.open.superseded_by == newer and not w.open.archived
    assert list(newer.supersedes.all()) == [w.open]
    page = selectors.document_page(w.users["member"], newer)
    assert page.supersedes == [w.open]
    services.document_supersede(document=w.open, newer=None, by=w.officer)
    w.open.refresh_from_db()
    assert w.open.superseded_by is None


@pytest.mark.parametrize("case", ["itself", "cycle", "other-committee", "older", "archived"])
def test_superseding_is_refused(w, case):
    newer = create(w, number="36-NQ/TU", issued_on=D(2025, 6, 1))
    document = w.open
    if case == "itself":
        target, message = w.open, "A document cannot supersede itself."
    elif case == "cycle":
        services.document_supersede(document=w.open, newer=newer, by=w.officer)
        document, target, message = newer, w.open, "a document cannot supersede a newer one"
    elif case == "other-committee":
        target, message = w.foreign, "Choose a document of this committee's library."
    elif case == "older":
        document, target = newer, w.open
        message = "The newer document cannot be dated before this one."
    else:
        target, message = w.archived, "This document is archived"
    with pytest.raises(ValidationError) as error:
        services.document_supersede(document=document, newer=target, by=w.officer)
    assert message in errors_of(error)["newer"][0]
    document.refresh_from_db()
    assert document.superseded_by_id in (None, newer.pk if case == "cycle" else None)
    if case == "cycle":
        newer.refresh_from_db()
        assert newer.superseded_by_id is None


def test_archiving_takes_the_document_out_of_the_list(w):
    services.document_archive(document=w.open, by=w.officer)
    member = w.users["member"]
    assert not selectors.document_rows(member).filter(pk=w.open.pk).exists()
    assert not library_access.may_see_document(member, w.open)
    # Kept, for who manages the library.
    assert library_access.may_see_document(w.officer, w.open)


# --- the search ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "Nghị quyết",
        "nghi quyet",
        "NGHI QUYET",
        "35-NQ/TU",
        "35-nq",
        "toàn diện giáo dục",
        "giao duc toan dien",
        "  lãnh   đạo  ",
    ],
)
def test_search_with_or_without_diacritics(w, query):
    found = LibraryDocument.objects.visible_to(w.officer).search(query)
    assert w.open in found
    assert w.officers_only not in found


def test_search_misses(w):
    assert not LibraryDocument.objects.search("khong co gi").exists()
    # Empty: everything.
    assert LibraryDocument.objects.search("").count() == LibraryDocument.objects.count()


def test_a_very_long_search_is_cut_not_a_crash(w):
    query = "nghị quyết " * 1000  # 11,000 characters
    found = LibraryDocument.objects.visible_to(w.officer).search(query)
    assert w.open in found
    assert not LibraryDocument.objects.search("x" * 10_000).exists()


# --- meetings -----------------------------------------------------------------------------------


def test_a_document_attached_to_an_agenda_item(w):
    secretary = w.users["cell_secretary"]
    assert library_access.may_attach_to_meeting(secretary, w.meeting)
    link = services.meeting_link_add(
        document=w.open, meeting=w.meeting, agenda_item=w.item, by=secretary
    )
    assert (link.agenda_item, link.added_by) == (w.item, secretary)
    assert [lk.pk for lk in selectors.meeting_links(w.users["member"], w.meeting)] == [link.pk]
    assert w.open not in selectors.attachable_documents(secretary, w.meeting)
    page = selectors.document_page(w.users["member"], w.open)
    assert [lk.meeting for lk in page.meeting_links] == [w.meeting]
    # Detached: kept, archived; it may be attached again.
    services.meeting_link_archive(link=link, by=secretary)
    assert selectors.meeting_links(w.users["member"], w.meeting) == []
    assert services.meeting_link_add(document=w.open, meeting=w.meeting, by=secretary).pk


def test_members_and_observers_do_not_see_an_officers_only_document_on_the_meeting(w):
    services.meeting_link_add(document=w.officers_only, meeting=w.meeting, by=w.officer)
    services.meeting_link_add(document=w.open, meeting=w.meeting, by=w.officer)
    titles = {
        persona: {lk.document.title for lk in selectors.meeting_links(w.users[persona], w.meeting)}
        for persona in ("member", "observer", "cell_secretary")
    }
    assert titles["member"] == titles["observer"] == {w.open.title}
    assert titles["cell_secretary"] == {w.open.title, w.officers_only.title}


@pytest.mark.parametrize("case", ["twice", "other-committee", "other-agenda", "held", "archived"])
def test_attaching_is_refused(w, case):
    document, meeting, item = w.open, w.meeting, None
    if case == "twice":
        services.meeting_link_add(document=w.open, meeting=w.meeting, by=w.officer)
        field, message = "document", "This document is already attached to the meeting."
    elif case == "other-committee":
        document, field = w.foreign, "document"
        message = "Choose a document of this committee's library."
    elif case == "other-agenda":
        item, field = AgendaItemFactory(meeting=w.held), "agenda_item"
        message = "Choose an item of this meeting's agenda."
    elif case == "held":
        meeting, field = w.held, None
        message = "This meeting has been held; its documents can no longer change."
    else:
        document, field = w.archived, "document"
        message = "This document is archived: choose another one."
    before = MeetingLink.objects.count()
    with pytest.raises(ValidationError) as error:
        services.meeting_link_add(
            document=document, meeting=meeting, agenda_item=item, by=w.officer
        )
    assert (errors_of(error)[field] if field else error.value.messages) == [message]
    assert MeetingLink.objects.count() == before


def test_who_may_attach(w):
    for persona, allowed in {
        "cell_secretary": True,
        "committee_officer": True,
        "member": False,
        "secretary_other_cell": False,
        "committee_clerk": False,
        "observer": False,
    }.items():
        assert library_access.may_attach_to_meeting(w.users[persona], w.meeting) == allowed


# --- the demo -----------------------------------------------------------------------------------


def test_the_demo_library_is_seeded_once(db):
    """On a committee of its own (the demo's shape in small): two terms, cell CB1 with an
    approved meeting that adopted a resolution and its next meeting being prepared."""
    committee = CommitteeFactory(name="Đảng bộ Trường THPT Ea Kar")
    TermFactory(
        committee=committee, name="2020–2025", start_date=D(2020, 7, 1), end_date=D(2025, 6, 30)
    )
    TermFactory(
        committee=committee, name="2025–2030", start_date=D(2025, 7, 1), end_date=D(2030, 6, 30)
    )
    cell = CellFactory(committee=committee, code="CB1")
    held = MeetingFactory(cell=cell, status="approved", date=TODAY - datetime.timedelta(20))
    resolution = ResolutionFactory(meeting=held, number=7)
    upcoming = MeetingFactory(cell=cell, status="published", date=TODAY + datetime.timedelta(20))
    AgendaItemFactory(meeting=upcoming, section="other", position=1)
    political = AgendaItemFactory(meeting=upcoming, section="political", position=2)
    officer = CommitteeRoleFactory(committee=committee).user

    first = seed_library(committee, {"CB1": cell}, {}, by=officer, today=TODAY)
    documents = LibraryDocument.objects.filter(committee=committee)
    count, files = documents.count(), LibraryFile.objects.count()
    assert first.startswith("Library: 8 documents (8 added")
    # The demo of the study campaigns finds these two by number.
    superior = documents.get(number="35-NQ/TU")
    directive = documents.get(number="12-CT/HU")
    assert (superior.kind, superior.issuer, superior.issued_on.year) == (
        "superior",
        "Tỉnh ủy Đắk Lắk",
        TODAY.year,
    )
    assert directive.issuer == "Huyện ủy Krông Bông"
    assert directive.issued_on.replace(day=1) == add_months(TODAY.replace(day=1), -1)
    assert set(documents.values_list("kind", flat=True)) == set(LibraryDocument.Kind.values)
    assert documents.filter(audience="officers").count() == 1
    old = documents.get(superseded_by__isnull=False)
    assert "2020–2025" in old.title and "2025–2030" in old.superseded_by.title
    assert documents.get(kind="resolution").resolution == resolution
    link = MeetingLink.objects.get(document__committee=committee)
    assert (link.document, link.agenda_item) == (directive, political)
    assert all(d.files.filter(kind="docx").count() == 1 for d in documents)
    assert all(d.issued_on <= TODAY for d in documents)
    # A second run writes nothing.
    again = seed_library(committee, {"CB1": cell}, {}, by=officer, today=TODAY)
    assert (documents.count(), LibraryFile.objects.count()) == (count, files)
    assert "(0 added this run)" in again
    assert MeetingLink.objects.filter(document__committee=committee).count() == 1
