"""Meeting documents: `meetings/documents.py` (services) and `meetings/views/documents.py`.

Uploads are checked from the content and the committee's size limit, stored under random names,
served only through the download view (never from MEDIA_URL), and every opening by a member is a
read receipt the officers see on the meeting page.
"""

import datetime
import io
import threading
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from cells.rules import rules_for
from cells.services import rules_update
from meetings.models import Document, ReadReceipt
from meetings.planning import documents as services
from meetings.planning.preparation import publish_deadline
from tests.factories import (
    AgendaItemFactory,
    CellFactory,
    CommitteeRoleFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    member_user,
)

pytestmark = pytest.mark.django_db

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "jpg": "image/jpeg",
    "png": "image/png",
}


# --- minimal real files -------------------------------------------------------------------------


def pdf_bytes(padding: int = 0) -> bytes:
    body = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    )
    return body + b"%" + b"0" * padding + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def ooxml_bytes(kind: str) -> bytes:
    part = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "pptx": "ppt/presentation.xml"}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(part[kind], '<?xml version="1.0"?><root/>')
    return buffer.getvalue()


def image_bytes(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (179, 22, 27)).save(buffer, "JPEG" if kind == "jpg" else "PNG")
    return buffer.getvalue()


def plain_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a document")
    return buffer.getvalue()


HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"

FILES = {
    "pdf": ("Nghị quyết.pdf", pdf_bytes),
    "docx": ("Báo cáo.docx", lambda: ooxml_bytes("docx")),
    "xlsx": ("Danh sách.xlsx", lambda: ooxml_bytes("xlsx")),
    "pptx": ("Chuyên đề.pptx", lambda: ooxml_bytes("pptx")),
    "jpg": ("Ảnh.jpg", lambda: image_bytes("jpg")),
    "png": ("Sơ đồ.png", lambda: image_bytes("png")),
}


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def stored_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / "meetings"
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


# --- the world ----------------------------------------------------------------------------------


@pytest.fixture
def world(committee, term, client):
    cell = CellFactory(committee=committee)
    other_cell = CellFactory(committee=committee)

    def person(c, role=None, name=None):
        extra = {"full_name": name} if name else {}
        member = MemberFactory(committee=committee, cell=c, **extra)
        if role:
            PositionFactory(member=member, cell=c, role=role, term=term)
        return member

    secretary = person(cell, "cell_secretary", "Trần Thị Bí Thư")
    reader = person(cell, name="Lê Văn Đọc")
    idle = person(cell, name="Phạm Thị Chưa")
    meeting = MeetingFactory(cell=cell, status="published")
    return {
        "client": client,
        "committee": committee,
        "cell": cell,
        "meeting": meeting,
        "item": AgendaItemFactory(meeting=meeting, title="Học tập nghị quyết"),
        "secretary": member_user(secretary),
        "reader_member": reader,
        "idle_member": idle,
        "member": member_user(reader),
        "member_other_cell": member_user(person(other_cell)),
        "other_meeting": MeetingFactory(cell=cell, status="published"),
    }


def _client(world, who="secretary"):
    """Logged in, in English: the assertions name the English source strings."""
    client = world["client"]
    client.force_login(world[who])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _add(world, kind="pdf", meeting=None, **kwargs):
    name, build = FILES[kind]
    return services.document_add(
        meeting=meeting or world["meeting"],
        upload=upload(name, build()),
        title=kwargs.pop("title", ""),
        by=world["secretary"],
        **kwargs,
    )


def _upload_url(meeting):
    return reverse("meetings:document_upload", args=[meeting.pk])


def _download(client, document, meeting=None):
    meeting_pk = (meeting or document.meeting).pk
    response = client.get(reverse("meetings:document", args=[meeting_pk, document.pk]))
    # Reading the stream to its end closes the file (the test client's wrapper).
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


# --- upload: every allowed kind -------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(FILES))
def test_upload_each_allowed_kind(world, kind):
    client = _client(world)
    name, build = FILES[kind]
    content = build()
    response = client.post(
        _upload_url(world["meeting"]),
        {"file": upload(name, content), "title": "", "agenda_item": world["item"].pk},
        follow=True,
    )
    assert response.redirect_chain[-1][0].endswith(
        world["meeting"].get_absolute_url() + "#documents"
    )
    document = Document.objects.get()
    assert document.kind == kind
    assert document.size == len(content)
    assert document.original_name == name
    assert document.title == Path(name).stem  # the file name without extension
    assert document.agenda_item == world["item"]
    assert document.uploaded_by == world["secretary"]
    assert document.history.get().history_user == world["secretary"]
    # Stored under a random name of its committee, with the extension of the real kind.
    stored = document.file.name
    assert stored.startswith(f"meetings/{world['committee'].pk}/")
    assert name not in stored and stored.endswith("." + kind)
    assert Path(document.file.path).read_bytes() == content
    assert any("was added" in m for m in _messages(response))
    # The page lists it with its type, size and agenda item.
    page = response.content.decode()
    assert f'id="document-{document.pk}"' in page
    assert "Học tập nghị quyết" in page


def test_title_given_is_kept_and_trimmed(world):
    document = _add(world, title="  Dự thảo nghị quyết tháng  ")
    assert document.title == "Dự thảo nghị quyết tháng"
    assert document.agenda_item is None


def test_two_files_of_the_same_name_never_collide(world):
    first = services.document_add(
        meeting=world["meeting"],
        upload=upload("Báo cáo.pdf", pdf_bytes(10)),
        title="",
        by=world["secretary"],
    )
    second = services.document_add(
        meeting=world["meeting"],
        upload=upload("Báo cáo.pdf", pdf_bytes(20)),
        title="",
        by=world["secretary"],
    )
    assert first.original_name == second.original_name == "Báo cáo.pdf"
    assert first.file.name != second.file.name
    assert Path(first.file.path).read_bytes() == pdf_bytes(10)
    assert Path(second.file.path).read_bytes() == pdf_bytes(20)


def test_a_misnamed_but_allowed_file_is_stored_and_served_as_its_real_kind(world):
    document = services.document_add(
        meeting=world["meeting"],
        upload=upload("scan", pdf_bytes()),
        title="",
        by=world["secretary"],
    )
    assert document.kind == "pdf" and document.title == "scan"
    assert document.file.name.endswith(".pdf")
    response, _body = _download(_client(world, "member"), document)
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="scan.pdf"' in response["Content-Disposition"]


# --- upload: refused, nothing saved -------------------------------------------------------------


def _refused(world, response, *expected):
    assert response.status_code == 200
    texts = _messages(response)
    for text in expected:
        assert any(text in m for m in texts), texts
    assert any("choose the file again" in m for m in texts), texts
    assert Document.objects.count() == 0
    assert Document.history.count() == 0


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("Nghị quyết.pdf", HTML, "This kind of file is not accepted"),
        ("Báo cáo.docx", plain_zip_bytes(), "This kind of file is not accepted"),
        ("empty.pdf", b"", "The file is empty"),
    ],
    ids=["html-renamed-pdf", "zip-renamed-docx", "empty"],
)
def test_wrong_content_is_refused_whatever_the_name(world, name, content, message):
    before = stored_files()
    response = _client(world).post(
        _upload_url(world["meeting"]), {"file": upload(name, content), "title": "x"}, follow=True
    )
    _refused(world, response, message)
    assert stored_files() == before


def test_no_file_chosen_is_refused(world):
    response = _client(world).post(_upload_url(world["meeting"]), {"title": "x"}, follow=True)
    _refused(world, response, "Choose a file.")


def test_a_file_over_the_committee_limit_is_refused(world):
    rules_update(committee=world["committee"], by=world["secretary"], upload_max_mb=1)
    before = stored_files()
    big = pdf_bytes(padding=1536 * 1024)  # 1.5 MB
    response = _client(world).post(
        _upload_url(world["meeting"]), {"file": upload("big.pdf", big)}, follow=True
    )
    _refused(world, response, "larger than the limit of 1 MB")
    assert stored_files() == before


def test_an_agenda_item_of_another_meeting_is_refused(world):
    foreign = AgendaItemFactory(meeting=world["other_meeting"])
    before = stored_files()
    response = _client(world).post(
        _upload_url(world["meeting"]),
        {"file": upload("a.pdf", pdf_bytes()), "agenda_item": foreign.pk},
        follow=True,
    )
    _refused(world, response, "Choose an item of this meeting's agenda.")
    # The service refuses it too, whoever calls it.
    with pytest.raises(ValidationError) as error:
        _add(world, agenda_item=foreign)
    assert "agenda_item" in error.value.message_dict
    assert Document.objects.count() == 0
    assert stored_files() == before


@pytest.mark.parametrize("status", ["held", "approved"])
def test_a_held_meeting_takes_no_documents(world, status):
    meeting = world["meeting"]
    meeting.status = status
    meeting.save(update_fields=["status"])
    before = stored_files()
    response = _client(world).post(
        _upload_url(meeting), {"file": upload("a.pdf", pdf_bytes())}, follow=True
    )
    _refused(world, response, "This meeting has been held")
    assert "document-upload" not in response.content.decode()
    assert stored_files() == before


def test_a_failed_save_leaves_no_file(world, monkeypatch):
    before = stored_files()

    def broken(self, *args, **kwargs):
        raise IntegrityError("boom")

    monkeypatch.setattr(Document, "save", broken)
    with pytest.raises(IntegrityError):
        _add(world)
    assert stored_files() == before


@pytest.mark.parametrize(
    ("who", "status"),
    [("member", 403), ("member_other_cell", 404)],
)
def test_only_those_who_prepare_the_meeting_upload(world, who, status):
    response = _client(world, who).post(
        _upload_url(world["meeting"]), {"file": upload("a.pdf", pdf_bytes())}
    )
    assert response.status_code == status
    assert Document.objects.count() == 0


def test_upload_is_post_only(world):
    assert _client(world).get(_upload_url(world["meeting"])).status_code == 405


def test_the_committee_officer_uploads_too(world, officer_client):
    response = officer_client.post(
        _upload_url(world["meeting"]), {"file": upload("a.pdf", pdf_bytes())}
    )
    assert response.status_code == 302
    assert Document.objects.count() == 1


def test_officer_of_another_committee_gets_404(world, outsider, client):
    client.force_login(outsider)
    response = client.post(_upload_url(world["meeting"]), {"file": upload("a.pdf", pdf_bytes())})
    assert response.status_code == 404


# --- download -------------------------------------------------------------------------------------


def test_member_opens_a_pdf_inline_and_a_receipt_is_recorded_once(world):
    document = _add(world, "pdf")
    client = _client(world, "member")
    for _ in range(2):
        response, body = _download(client, document)
        assert response.status_code == 200
        assert body == pdf_bytes()
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("inline;")
        assert "Ngh" in response["Content-Disposition"]  # the original name, RFC 5987 encoded
        assert response["Cache-Control"] == "private, no-store"
        assert response["X-Content-Type-Options"] == "nosniff"
    receipt = ReadReceipt.objects.get()
    assert (receipt.document, receipt.member) == (document, world["reader_member"])


@pytest.mark.parametrize("kind", ["docx", "xlsx", "pptx"])
def test_office_files_download_as_attachment(world, kind):
    document = _add(world, kind)
    response, body = _download(_client(world, "member"), document)
    assert response.status_code == 200
    assert body == Path(document.file.path).read_bytes()
    assert response["Content-Type"] == CONTENT_TYPES[kind]
    assert response["Content-Disposition"].startswith("attachment;")
    assert f".{kind}" in response["Content-Disposition"]


@pytest.mark.parametrize("kind", ["jpg", "png"])
def test_images_open_inline(world, kind):
    response, _body = _download(_client(world, "member"), _add(world, kind))
    assert response["Content-Type"] == CONTENT_TYPES[kind]
    assert response["Content-Disposition"].startswith("inline;")


def test_a_user_without_a_member_record_opens_without_a_receipt(world, officer_client):
    response, _body = _download(officer_client, _add(world))
    assert response.status_code == 200
    assert ReadReceipt.objects.count() == 0


def test_head_records_no_receipt(world):
    document = _add(world)
    client = _client(world, "member")
    response = client.head(reverse("meetings:document", args=[world["meeting"].pk, document.pk]))
    assert response.status_code == 200
    assert ReadReceipt.objects.count() == 0


def test_member_of_another_cell_gets_404(world):
    document = _add(world)
    response, _body = _download(_client(world, "member_other_cell"), document)
    assert response.status_code == 404
    assert ReadReceipt.objects.count() == 0


def test_officer_of_another_committee_cannot_download(world, outsider, client):
    document = _add(world)
    client.force_login(outsider)
    response, _body = _download(client, document)
    assert response.status_code == 404


def test_anonymous_is_sent_to_login(world, client):
    document = _add(world)
    response, _body = _download(client, document)
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_document_id_of_another_meeting_in_the_url_is_404(world):
    document = _add(world, meeting=world["other_meeting"])
    # The member sees both meetings; the document is not this meeting's.
    response, _body = _download(_client(world, "member"), document, meeting=world["meeting"])
    assert response.status_code == 404
    assert ReadReceipt.objects.count() == 0


def test_a_document_id_of_another_cell_is_404(world):
    other_meeting = MeetingFactory(cell=CellFactory(committee=world["committee"]))
    foreign = _add(world, meeting=other_meeting)
    response, _body = _download(_client(world, "member"), foreign, meeting=world["meeting"])
    assert response.status_code == 404
    response, _body = _download(_client(world, "member"), foreign)
    assert response.status_code == 404


def test_a_missing_file_is_404_not_500(world):
    document = _add(world)
    document.file.storage.delete(document.file.name)
    response, _body = _download(_client(world, "member"), document)
    assert response.status_code == 404


def test_files_are_never_served_from_media_url(world, officer_client):
    document = _add(world)
    assert Path(document.file.path).exists()
    for client in (officer_client, _client(world, "secretary")):
        response = client.get(settings.MEDIA_URL + document.file.name)
        assert response.status_code == 404
        assert not response.streaming
        assert pdf_bytes() not in response.content


# --- archive --------------------------------------------------------------------------------------


def test_archive_takes_a_document_off_the_page_but_keeps_it(world):
    document = _add(world)
    client = _client(world)
    url = reverse("meetings:document_archive", args=[world["meeting"].pk, document.pk])
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert any("kept in the record" in m for m in _messages(response))
    document.refresh_from_db()
    assert document.archived
    assert Path(document.file.path).exists()
    assert document.history.latest().history_user == world["secretary"]
    assert f'id="document-{document.pk}"' not in response.content.decode()
    # Archived: no longer downloadable, nor archived twice.
    response, _body = _download(_client(world, "member"), document)
    assert response.status_code == 404
    assert _client(world).post(url).status_code == 404


def test_archive_needs_the_edit_right_and_post(world):
    document = _add(world)
    url = reverse("meetings:document_archive", args=[world["meeting"].pk, document.pk])
    assert _client(world, "member").post(url).status_code == 403
    assert _client(world, "member_other_cell").post(url).status_code == 404
    assert _client(world).get(url).status_code == 405
    document.refresh_from_db()
    assert not document.archived


def test_a_held_meeting_keeps_its_documents(world):
    document = _add(world)
    meeting = world["meeting"]
    meeting.status = "held"
    meeting.save(update_fields=["status"])
    url = reverse("meetings:document_archive", args=[meeting.pk, document.pk])
    response = _client(world).post(url, follow=True)
    assert any("This meeting has been held" in m for m in _messages(response))
    document.refresh_from_db()
    assert not document.archived
    with pytest.raises(ValidationError):
        services.document_archive(document=document, by=world["secretary"])


# --- receipts -------------------------------------------------------------------------------------


def test_receipt_record_is_idempotent(world):
    document = _add(world)
    first = services.receipt_record(document=document, member=world["reader_member"])
    again = services.receipt_record(document=document, member=world["reader_member"].pk)
    assert first.pk == again.pk
    assert ReadReceipt.objects.count() == 1


def test_receipt_record_survives_a_lost_race(world, monkeypatch):
    """The other request created the receipt between our read and our write."""
    document = _add(world)
    existing = ReadReceipt.objects.create(document=document, member=world["reader_member"])

    def racing(**kwargs):
        raise IntegrityError("duplicate key")

    monkeypatch.setattr(ReadReceipt.objects, "get_or_create", racing)
    receipt = services.receipt_record(document=document, member=world["reader_member"])
    assert receipt.pk == existing.pk


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="postgres: needs true concurrency")
@pytest.mark.django_db(transaction=True)
def test_two_openings_at_once_record_one_receipt(committee, term):
    cell = CellFactory(committee=committee)
    member = MemberFactory(committee=committee, cell=cell)
    secretary = member_user(MemberFactory(committee=committee, cell=cell))
    meeting = MeetingFactory(cell=cell)
    document = services.document_add(
        meeting=meeting, upload=upload("a.pdf", pdf_bytes()), title="", by=secretary
    )
    barrier = threading.Barrier(4)
    errors = []

    def open_it():
        try:
            barrier.wait()
            services.receipt_record(document=document, member=member)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert ReadReceipt.objects.filter(document=document).count() == 1


# --- the meeting page -----------------------------------------------------------------------------


def test_officer_sees_who_opened_and_who_has_not(world):
    document = _add(world)
    _download(_client(world, "member"), document)
    page = _client(world).get(world["meeting"].get_absolute_url()).content.decode()
    assert "Opened by 1 of 3 members" in page
    opened = page.split('class="list-unstyled mb-0 document-opened">')[1].split("</ul>")[0]
    not_opened = page.split('class="list-unstyled mb-0 document-not-opened">')[1].split("</ul>")[0]
    assert "Lê Văn Đọc" in opened
    assert "Phạm Thị Chưa" in not_opened and "Trần Thị Bí Thư" in not_opened
    assert "Lê Văn Đọc" not in not_opened
    # Links open PDFs in a new tab; the upload form is there for the secretary.
    assert f'href="{document.get_absolute_url()}" target="_blank"' in page
    assert "document-upload" in page and 'enctype="multipart/form-data"' in page


def test_a_member_sees_the_documents_but_not_the_receipts_nor_the_form(world):
    document = _add(world, "docx")
    page = _client(world, "member").get(world["meeting"].get_absolute_url()).content.decode()
    assert document.title in page
    assert f'href="{document.get_absolute_url()}"' in page
    assert f'href="{document.get_absolute_url()}" target="_blank"' not in page  # DOCX downloads
    assert "document-readers" not in page
    assert "document-upload" not in page
    assert "document_archive" not in page and "/archive/" not in page


def test_executive_meeting_readers_are_the_committee_position_holders(world, term):
    committee = world["committee"]
    holder = MemberFactory(committee=committee, full_name="Võ Văn Ủy Viên")
    PositionFactory(member=holder, role="committee_member", term=term)
    MemberFactory(committee=committee, full_name="Đỗ Thị Thường")
    meeting = MeetingFactory(committee=committee, cell=None, body="executive", status="published")
    document = _add(world, meeting=meeting)
    services.receipt_record(document=document, member=holder)
    officer = member_user(holder)
    client = world["client"]
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Opened by 1 of 1 member<" in page
    readers = page.split('class="mt-2 small document-readers">')[1].split("</details>")[0]
    assert "Võ Văn Ủy Viên" in readers
    assert "Đỗ Thị Thường" not in readers


def _meeting_with(committee, term, size: int):
    """A published cell meeting with `size` members and `size` documents, half of them opened."""
    cell = CellFactory(committee=committee)
    members = [MemberFactory(committee=committee, cell=cell) for _ in range(size)]
    meeting = MeetingFactory(cell=cell, status="published")
    items = [AgendaItemFactory(meeting=meeting) for _ in range(3)]
    documents = Document.objects.bulk_create(
        Document(
            meeting=meeting,
            agenda_item=items[n % 3] if n % 2 else None,
            title=f"Tài liệu {n}",
            file=f"meetings/{committee.pk}/fake{n}.pdf",
            original_name=f"Tài liệu {n}.pdf",
            kind=("pdf", "docx", "png")[n % 3],
            size=1000 + n,
        )
        for n in range(size)
    )
    ReadReceipt.objects.bulk_create(
        ReadReceipt(document=d, member=m)
        for i, d in enumerate(documents)
        for j, m in enumerate(members)
        if (i + j) % 2 == 0
    )
    return meeting


def test_meeting_page_queries_do_not_grow_with_documents_and_members(committee, term, client):
    officer = CommitteeRoleFactory(committee=committee, role="officer").user
    small = _meeting_with(committee, term, 5)
    large = _meeting_with(committee, term, 50)
    client.force_login(officer)
    client.get(small.get_absolute_url())  # warm-up: session, content types
    counts = {}
    for name, meeting in (("small", small), ("large", large)):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(meeting.get_absolute_url())
        assert response.status_code == 200
        counts[name] = len(queries)
    page = response.content.decode()
    assert page.count('class="list-group-item document-item"') == 50
    assert page.count("25/50 đảng viên đã mở") == 50
    assert counts["small"] == counts["large"], counts


# --- issue 17 item 11: a document added after the deadline is recorded as late --------------------


def _soon(world):
    """A published meeting three days from now, published on time (default lead time: 1 day)."""
    meeting = world["meeting"]
    meeting.date = timezone.localdate() + datetime.timedelta(days=3)
    meeting.month = meeting.date.replace(day=1)
    meeting.published_at, meeting.published_late = timezone.now(), False
    meeting.save()
    return meeting


def test_a_document_added_after_the_deadline_is_marked_late(world):
    meeting = _soon(world)
    on_time = _add(world, title="Dự thảo")
    assert on_time.added_late is False
    # The committee asks for the documents five days ahead: the deadline has passed.
    rules_update(committee=world["committee"], by=world["secretary"], document_lead_days=5)
    late = _add(world, title="Bổ sung")
    assert late.added_late is True
    assert late.history.get().added_late is True
    meeting.refresh_from_db()
    assert meeting.published_late is False  # the meeting itself was published on time
    # The meeting page marks it, and only it.
    html = _client(world, "member").get(meeting.get_absolute_url()).content.decode()
    items = {
        int(chunk.split('"', 1)[0]): chunk
        for chunk in html.split('document-item" id="document-')[1:]
    }
    assert set(items) == {on_time.pk, late.pk}
    assert "document-late" in items[late.pk] and "added late" in items[late.pk]
    assert "document-late" not in items[on_time.pk]


def test_uploading_late_says_it_is_marked(world):
    _soon(world)
    rules_update(committee=world["committee"], by=world["secretary"], document_lead_days=5)
    name, build = FILES["pdf"]
    response = _client(world).post(
        _upload_url(world["meeting"]), {"file": upload(name, build()), "title": ""}, follow=True
    )
    assert Document.objects.get().added_late is True
    assert any("marked as added late" in m for m in _messages(response))


def test_history_entered_afterwards_is_never_late(world):
    meeting = world["meeting"]
    meeting.date = timezone.localdate() - datetime.timedelta(days=40)
    meeting.month = meeting.date.replace(day=1)
    meeting.status, meeting.recorded_afterwards = "held", True
    meeting.save()
    assert _add(world).added_late is False


def test_is_late_compares_with_the_deadline(world):
    meeting = _soon(world)
    rules = rules_for(meeting.committee)
    deadline = publish_deadline(meeting, rules)
    assert services.is_late(meeting, rules, now=deadline) is False
    assert services.is_late(meeting, rules, now=deadline + datetime.timedelta(seconds=1)) is True
