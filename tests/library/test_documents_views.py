"""The library's pages (library/views/documents.py): the list (filters, search with or without
diacritics, a 10,000-character search, pagination, the same queries for 5 and 50 documents), a
document's page (404 / 403), add and edit (errors keep the input and save nothing), supersede,
archive, files (add, download, archive) — and the library documents on the meeting page."""

import copy
import datetime

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cells.services import rules_update
from library.documents import services
from library.models import LibraryDocument, LibraryFile, MeetingLink
from members.access import forget
from tests.factories import LibraryDocumentFactory
from tests.library.test_documents import (
    EXE,
    TEXT,
    D,
    build_world,
    docx_bytes,
    pdf_bytes,
    stored_files,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The world of `test_documents`, with a file on the open document and on the officers-only
    one, the open one superseding an older one, and the open one attached to the meeting."""
    with django_db_blocker.unblock(), transaction.atomic():
        w = build_world()
        w.file = services.file_add(
            document=w.open, upload=upload("Nghị quyết 35.pdf", pdf_bytes()), by=w.officer
        )
        w.docx = services.file_add(
            document=w.open, upload=upload("Phụ lục.docx", docx_bytes()), by=w.officer
        )
        w.secret_file = services.file_add(
            document=w.officers_only, upload=upload("bvct.pdf", pdf_bytes()), by=w.officer
        )
        w.older = LibraryDocumentFactory(
            committee=w.committee,
            title="Nghị quyết cũ về giáo dục",
            number="20-NQ/TU",
            issued_on=D(2020, 3, 1),
        )
        services.document_supersede(document=w.older, newer=w.open, by=w.officer)
        w.link = services.meeting_link_add(
            document=w.open, meeting=w.meeting, agenda_item=w.item, by=w.officer
        )
        yield w
        transaction.set_rollback(True)


@pytest.fixture
def w(built, db):
    world = copy.deepcopy(built)
    for user in world.users.values():
        forget(user)
    return world


def login(client, w, who):
    """Logged in, in English: the assertions name the English source strings."""
    client.force_login(w.users[who])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def msgs(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


LIST = reverse("library:documents")


def detail(document) -> str:
    return reverse("library:document", args=[document.pk])


def create_url(w) -> str:
    return reverse("library:document_create", args=[w.committee.pk])


def form_data(**kwargs) -> dict:
    data = {
        "kind": "superior",
        "title": "Chỉ thị về công tác phòng, chống tham nhũng",
        "number": "12-CT/HU",
        "issuer": "Huyện ủy Krông Bông",
        "issued_on": "20/05/2025",
        "effective_on": "",
        "summary": "Quán triệt đến từng đảng viên.",
        "audience": "members",
        "resolution": "",
    }
    data.update(kwargs)
    return data


# --- the list -----------------------------------------------------------------------------------


def test_a_member_sees_the_documents_open_to_members(client, w):
    html = login(client, w, "member").get(LIST).content.decode()
    assert w.open.title in html and w.older.title in html
    assert w.officers_only.title not in html and w.archived.title not in html
    assert w.foreign.title not in html
    assert "superseded" in html  # the older one's badge
    assert "Add a document" not in html


def test_the_list_is_kept_per_user_until_a_document_changes(
    client, w, page_cache, django_capture_on_commit_callbacks
):
    """One cached part per user, search and day (`core.versions`): the member never gets the
    officers' list, and a new document shows at once."""

    def get(who, query=""):
        with CaptureQueriesContext(connection) as queries:
            html = login(client, w, who).get(LIST + query).content.decode()
        return html, len(queries)

    clerk, made = get("committee_clerk")
    assert w.officers_only.title in clerk
    assert get("committee_clerk")[1] < made
    assert w.officers_only.title not in get("member")[0]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        LibraryDocumentFactory(committee=w.committee, title="Quy chế làm việc khóa mới")
    assert "Quy chế làm việc khóa mới" in get("member")[0]


def test_officers_see_officers_only_documents_and_may_add(client, w):
    html = login(client, w, "committee_clerk").get(LIST).content.decode()
    assert w.officers_only.title in html and "officers only" in html
    assert create_url(w) in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"q": "nghi quyet giao duc"}, {"open", "older"}),
        ({"q": "Nghị quyết cũ"}, {"older"}),
        ({"q": "35-nq"}, {"open"}),
        ({"kind": "other"}, {"officers_only"}),
        ({"issuer": "Ban Tổ chức Tỉnh ủy"}, {"officers_only"}),
        ({"year": "2020"}, {"older"}),
        ({"audience": "officers"}, {"officers_only"}),
        ({"kind": "superior", "year": "2025", "q": "Nghi quyet"}, {"open"}),
    ],
)
def test_filters_and_search(client, w, params, expected):
    response = login(client, w, "committee_officer").get(LIST, params)
    shown = {d.pk for d in response.context["documents"]}
    assert shown == {getattr(w, name).pk for name in expected}


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"kind": "nope"},
        {"issuer": "Not an issuer"},
        {"page": "x"},
        {"q": "a\x00b"},
    ],
)
def test_bad_filter_values_are_left_out_never_a_500(client, w, params):
    response = login(client, w, "member").get(LIST, params)
    assert response.status_code == 200
    assert w.open.title in response.content.decode()


def test_a_10000_character_search_is_cut_with_a_message(client, w):
    response = login(client, w, "member").get(LIST, {"q": "nghị quyết " * 1000})
    assert response.status_code == 200
    html = response.content.decode()
    assert "only its first 100 characters were used" in html
    assert w.open.title in html


def test_the_list_is_paginated_newest_first(client, w):
    for n in range(30):
        LibraryDocumentFactory(
            committee=w.committee, issued_on=D(2024, 1, 1) + datetime.timedelta(n)
        )
    response = login(client, w, "member").get(LIST)
    documents = response.context["documents"]
    assert len(documents) == 25 and response.context["page"].paginator.num_pages == 2
    dates = [d.issued_on for d in documents if d.issued_on]
    assert dates == sorted(dates, reverse=True)
    assert documents[0] == w.open  # 2025-01-15, the newest


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_list_takes_the_same_queries_for_5_and_50_documents(client, w):
    login(client, w, "cell_secretary")
    counts = {}
    for total in (5, 50):
        LibraryDocument.objects.filter(committee=w.committee).update(archived=True)
        for n in range(total):
            document = LibraryDocumentFactory(
                committee=w.committee,
                kind="resolution" if n % 2 else "superior",
                number="" if n % 2 else f"{n}-CT/TU",
                audience="officers" if n % 3 else "members",
            )
            if n % 2:
                document.resolution = w.resolution if n == 1 else None
                document.save()
            LibraryFile.objects.create(
                document=document, file="x.pdf", original_name="x.pdf", kind="pdf", size=1
            )
        counts[total] = (
            _queries(client, LIST),
            _queries(client, LIST + "?q=chi+thi&kind=superior"),
        )
        LibraryFile.objects.all().delete()
        MeetingLink.objects.all().delete()
        LibraryDocument.objects.filter(committee=w.committee, archived=False).update(
            resolution=None
        )
    assert counts[5] == counts[50], counts
    assert counts[5][0] <= 12


def test_who_opens_the_list(client, w):
    assert login(client, w, "superuser").get(LIST).status_code == 403
    assert login(client, w, "observer").get(LIST).status_code == 200
    client.logout()
    assert client.get(LIST).status_code == 302


# --- a document's page --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "document", "status"),
    [
        ("member", "open", 200),
        ("observer", "open", 200),
        ("member", "officers_only", 404),
        ("observer", "officers_only", 404),
        ("cell_secretary", "officers_only", 200),
        ("committee_clerk", "officers_only", 200),
        ("officer_other_committee", "open", 404),
        ("member", "foreign", 404),
        ("member", "archived", 404),
        ("committee_officer", "archived", 200),
        ("superuser", "open", 403),
    ],
)
def test_who_opens_a_document(client, w, persona, document, status):
    response = login(client, w, persona).get(detail(getattr(w, document)))
    assert response.status_code == status


def test_the_page_shows_the_fields_files_supersession_and_meetings(client, w):
    html = login(client, w, "member").get(detail(w.open)).content.decode()
    assert "35-NQ/TU" in html and "Tỉnh ủy Đắk Lắk" in html and "15/01/2025" in html
    assert "Nghị quyết 35.pdf" in html and "Phụ lục.docx" in html
    assert detail(w.older) in html  # supersedes
    assert w.meeting.get_absolute_url() in html and "Quán triệt nghị quyết" in html
    assert reverse("library:document_edit", args=[w.open.pk]) not in html
    older = client.get(detail(w.older)).content.decode()
    assert "This document has been superseded by" in older and detail(w.open) in older


def test_an_officer_sees_the_actions(client, w):
    html = login(client, w, "committee_officer").get(detail(w.open)).content.decode()
    for name in ("document_edit", "document_supersede", "document_archive", "file_add"):
        assert reverse(f"library:{name}", args=[w.open.pk]) in html
    assert reverse("library:file_archive", args=[w.open.pk, w.file.pk]) in html


# --- add and edit -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "cell_secretary", "observer"])
def test_members_and_observers_may_not_add(client, w, persona):
    client = login(client, w, persona)
    assert client.get(create_url(w)).status_code == 403
    assert client.post(create_url(w), form_data()).status_code == 403
    assert not LibraryDocument.objects.filter(number="12-CT/HU").exists()


def test_another_committees_officer_gets_a_404(client, w):
    assert login(client, w, "officer_other_committee").get(create_url(w)).status_code == 404


def test_an_officer_adds_a_document_with_its_file(client, w):
    response = login(client, w, "committee_officer").post(
        create_url(w), {**form_data(), "file": upload("Chỉ thị 12.pdf", pdf_bytes())}
    )
    document = LibraryDocument.objects.get(number="12-CT/HU")
    assert response.status_code == 302 and response["Location"] == detail(document)
    assert document.issued_on == D(2025, 5, 20) and document.created_by == w.officer
    assert document.files.get().original_name == "Chỉ thị 12.pdf"
    assert any("was added to the library" in m for m in msgs(response))


def test_a_committee_resolution_is_chosen_not_typed(client, w):
    response = login(client, w, "committee_officer").post(
        create_url(w),
        form_data(
            kind="resolution",
            number="",
            title="",
            issuer="",
            issued_on="",
            resolution=w.resolution.pk,
        ),
    )
    assert response.status_code == 302
    document = LibraryDocument.objects.get(resolution=w.resolution)
    assert document.display_number == "05-NQ/CB" and document.title == "Nghị quyết về nhiệm vụ"
    page = client.get(detail(document)).content.decode()
    assert w.resolution.get_absolute_url() in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"effective_on": "19/05/2025"}, "The effective date cannot be before the date issued."),
        ({"number": ""}, "Give the number and symbol"),
        ({"kind": "resolution", "number": "05-NQ/CB"}, "Choose the committee&#x27;s resolution."),
        ({"kind": "resolution", "resolution": "foreign"}, "Choose a resolution of this committee."),
        ({"title": "a\x00b"}, "Null characters are not allowed."),
        ({"issued_on": "31/02/2025"}, "Enter a valid date."),
    ],
    ids=[
        "effective-before-issued",
        "no-number",
        "resolution-missing",
        "foreign-resolution",
        "nul",
        "bad-date",
    ],
)
def test_bad_input_keeps_the_form_and_saves_nothing(client, w, data, message):
    if data.get("resolution") == "foreign":
        data["resolution"] = w.foreign_resolution.pk
    before, files = LibraryDocument.objects.count(), stored_files()
    response = login(client, w, "committee_officer").post(create_url(w), form_data(**data))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Huyện ủy Krông Bông" in html  # the input is kept
    assert LibraryDocument.objects.count() == before and stored_files() == files


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.exe", EXE, "This kind of file is not accepted"),
        ("Nghị quyết.pdf", TEXT, "This kind of file is not accepted"),
        ("empty.pdf", b"", "The file is empty."),
    ],
    ids=["exe", "text-renamed-pdf", "empty"],
)
def test_a_forbidden_file_saves_nothing(client, w, name, content, message):
    before = stored_files()
    response = login(client, w, "committee_officer").post(
        create_url(w), {**form_data(), "file": upload(name, content)}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert any("choose the file again" in m for m in msgs(response))
    assert not LibraryDocument.objects.filter(number="12-CT/HU").exists()
    assert stored_files() == before


def test_an_oversized_file_saves_nothing(client, w):
    rules_update(committee=w.committee, by=w.officer, upload_max_mb=1)
    response = login(client, w, "committee_officer").post(
        create_url(w), {**form_data(), "file": upload("big.pdf", pdf_bytes(padding=1536 * 1024))}
    )
    assert response.status_code == 200
    assert "The file is larger than the limit of 1 MB." in response.content.decode()
    assert not LibraryDocument.objects.filter(number="12-CT/HU").exists()


def test_an_officer_edits_a_document(client, w):
    client = login(client, w, "committee_clerk")
    url = reverse("library:document_edit", args=[w.open.pk])
    assert w.open.title in client.get(url).content.decode()
    response = client.post(
        url,
        form_data(number="35-NQ/TU", issuer="Tỉnh ủy Đắk Lắk", issued_on="15/01/2025", title="Mới"),
    )
    assert response.status_code == 302
    w.open.refresh_from_db()
    assert (
        w.open.title == "Mới" and w.open.history.first().history_user == w.users["committee_clerk"]
    )
    assert login(client, w, "member").get(url).status_code == 403


# --- supersede and archive ----------------------------------------------------------------------


def test_marking_a_document_superseded(client, w):
    newer = services.document_create(
        committee=w.committee,
        by=w.officer,
        kind="superior",
        title="Nghị quyết mới",
        number="40-NQ/TU",
        issuer="Tỉnh ủy Đắk Lắk",
        issued_on=D(2025, 9, 1),
    )
    url = reverse("library:document_supersede", args=[w.open.pk])
    client = login(client, w, "committee_officer")
    page = client.get(url)
    offered = set(page.context["form"].fields["newer"].queryset)
    assert newer in offered and w.open not in offered and w.older not in offered
    # A forged choice of itself: refused, nothing changed.
    refused = client.post(url, {"newer": w.open.pk})
    assert refused.status_code == 200
    w.open.refresh_from_db()
    assert w.open.superseded_by is None
    response = client.post(url, {"newer": newer.pk})
    assert response.status_code == 302
    w.open.refresh_from_db()
    assert w.open.superseded_by == newer
    assert detail(w.open) in client.get(detail(newer)).content.decode()


def test_archiving_asks_first_then_keeps_the_document(client, w):
    url = reverse("library:document_archive", args=[w.open.pk])
    client = login(client, w, "committee_officer")
    page = client.get(url)
    assert page.status_code == 200 and "It is never deleted" in page.content.decode()
    w.open.refresh_from_db()
    assert not w.open.archived
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == LIST
    assert LibraryDocument.objects.get(pk=w.open.pk).archived
    assert login(client, w, "member").get(detail(w.open)).status_code == 404
    # No longer on the meeting page either.
    html = client.get(w.meeting.get_absolute_url()).content.decode()
    assert w.open.title not in html


def test_a_member_may_not_archive(client, w):
    url = reverse("library:document_archive", args=[w.open.pk])
    assert login(client, w, "member").post(url).status_code == 403
    assert not LibraryDocument.objects.get(pk=w.open.pk).archived


# --- files --------------------------------------------------------------------------------------


def test_downloads(client, w):
    client = login(client, w, "member")
    pdf = client.get(w.file.get_absolute_url())
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("inline")
    docx = client.get(w.docx.get_absolute_url())
    assert docx["Content-Disposition"].startswith("attachment")
    assert "docx" in docx["Content-Disposition"]
    # Officers only: 404 for a member and an observer, the file for a cell's officer.
    assert client.get(w.secret_file.get_absolute_url()).status_code == 404
    assert login(client, w, "observer").get(w.secret_file.get_absolute_url()).status_code == 404
    assert (
        login(client, w, "cell_secretary").get(w.secret_file.get_absolute_url()).status_code == 200
    )
    # A file of another document under this one's address: 404.
    forged = reverse("library:file_download", args=[w.open.pk, w.secret_file.pk])
    assert client.get(forged).status_code == 404


def test_adding_and_archiving_a_file(client, w):
    client = login(client, w, "committee_officer")
    url = reverse("library:file_add", args=[w.open.pk])
    response = client.post(url, {"file": upload("Hướng dẫn.docx", docx_bytes())})
    assert response.status_code == 302 and response["Location"].endswith("#files")
    added = LibraryFile.objects.get(original_name="Hướng dẫn.docx")
    refused = client.post(url, {"file": upload("x.pdf", EXE)}, follow=True)
    assert any("This kind of file is not accepted" in m for m in msgs(refused))
    assert LibraryFile.objects.filter(document=w.open).count() == 3
    archive = reverse("library:file_archive", args=[w.open.pk, added.pk])
    assert client.post(archive).status_code == 302
    assert client.get(added.get_absolute_url()).status_code == 404
    assert (
        login(client, w, "member").post(url, {"file": upload("a.pdf", pdf_bytes())}).status_code
        == 403
    )


# --- the meeting page ---------------------------------------------------------------------------


def test_the_meeting_page_shows_the_library_documents_the_user_reads(client, w):
    services.meeting_link_add(document=w.officers_only, meeting=w.meeting, by=w.officer)
    member = login(client, w, "member").get(w.meeting.get_absolute_url()).content.decode()
    assert w.open.title in member and "Nghị quyết 35.pdf" in member
    assert w.officers_only.title not in member
    assert reverse("library:meeting_link_add", args=[w.meeting.pk]) not in member
    secretary = login(client, w, "cell_secretary").get(w.meeting.get_absolute_url())
    html = secretary.content.decode()
    assert w.officers_only.title in html
    assert reverse("library:meeting_link_add", args=[w.meeting.pk]) in html
    offered = set(secretary.context["library_link_form"].fields["document"].queryset)
    assert w.open not in offered and w.older in offered and w.foreign not in offered


def test_attaching_and_detaching_on_the_meeting_page(client, w):
    url = reverse("library:meeting_link_add", args=[w.meeting.pk])
    client = login(client, w, "cell_secretary")
    response = client.post(url, {"document": w.older.pk, "agenda_item": w.item.pk})
    assert response.status_code == 302 and response["Location"].endswith("#library-documents")
    link = MeetingLink.objects.get(document=w.older)
    assert link.agenda_item == w.item and link.added_by == w.users["cell_secretary"]
    # Another committee's document, or one already attached: refused with a message.
    for document in (w.foreign, w.older):
        refused = client.post(url, {"document": document.pk}, follow=True)
        assert any("Choose a document of this committee" in m for m in msgs(refused))
    assert MeetingLink.objects.filter(meeting=w.meeting).count() == 2
    detach = reverse("library:meeting_link_archive", args=[link.pk])
    assert login(client, w, "member").post(detach).status_code == 403
    assert login(client, w, "cell_secretary").post(detach).status_code == 302
    assert MeetingLink.objects.get(pk=link.pk).archived


@pytest.mark.parametrize("persona", ["member", "observer", "committee_clerk"])
def test_who_may_not_attach(client, w, persona):
    url = reverse("library:meeting_link_add", args=[w.meeting.pk])
    response = login(client, w, persona).post(url, {"document": w.older.pk})
    assert response.status_code == 403
    assert not MeetingLink.objects.filter(document=w.older).exists()


def test_a_held_meeting_takes_no_more_library_documents(client, w):
    response = login(client, w, "committee_officer").post(
        reverse("library:meeting_link_add", args=[w.held.pk]), {"document": w.older.pk}
    )
    assert response.status_code == 302
    assert any("This meeting has been held" in m for m in msgs(response))
    assert not MeetingLink.objects.filter(meeting=w.held).exists()


def test_the_navbar_links_to_the_library_for_who_reads_it(client, w):
    link = f'title="Library" href="{LIST}"'
    assert link in login(client, w, "member").get(LIST).content.decode()
    assert link in login(client, w, "observer").get(LIST).content.decode()
    home = login(client, w, "superuser").get(reverse("dashboard:my_home"))
    assert link not in home.content.decode()
