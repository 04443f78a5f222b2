"""Uploaded files in object storage (DESIGN §8): the settings, and the app on a storage that is not
a folder.

With `S3_BUCKET` the default storage is django-storages' S3 backend with private objects and
signed addresses (read in a process of their own, as the server would). Whatever the storage,
uploads and downloads go through Django's storage API only — never a path under MEDIA_ROOT —, so
they are run here, through the pages, on Django's `InMemoryStorage`, which has no path at all.
"""

import io
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from library.models import LibraryFile
from meetings.models import Document
from members.models import Member
from tests.core.settings_probe import settings_in_subprocess
from tests.factories import (
    AgendaItemFactory,
    CellFactory,
    CommitteeRoleFactory,
    LibraryDocumentFactory,
    MeetingFactory,
    MemberFactory,
    PositionFactory,
    member_user,
)

ROOT = Path(__file__).resolve().parents[2]

# --- the settings ---------------------------------------------------------------------------------

S3_VARIABLES = (
    "S3_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_REGION",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_PREFIX",
    "S3_ADDRESSING_STYLE",
)
# The storage the settings build, as the app gets it (no request to the bucket is made).
PRINT_STORAGE = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "from django.core.files.storage import storages; d = storages['default']; "
    "print(json.dumps([s.STORAGES['default'], type(d).__module__ + '.' + type(d).__name__, "
    "{k: getattr(d, k, None) for k in ('bucket_name', 'endpoint_url', 'region_name', "
    "'access_key', 'secret_key', 'location', 'default_acl', 'querystring_auth', "
    "'file_overwrite', 'addressing_style', 'max_memory_size')}]))"
)


def _storage(**env) -> list:
    return settings_in_subprocess(PRINT_STORAGE, unset=S3_VARIABLES, **env)


def test_a_bucket_puts_the_uploads_in_object_storage():
    config, backend, storage = _storage(
        S3_BUCKET="chibo-media",
        S3_ENDPOINT_URL="https://s3.example.vn",
        S3_REGION="hn-1",
        S3_ACCESS_KEY_ID="key-id",
        S3_SECRET_ACCESS_KEY="secret",
    )
    assert config["BACKEND"] == backend == "storages.backends.s3.S3Storage"
    assert storage == {
        "bucket_name": "chibo-media",
        "endpoint_url": "https://s3.example.vn",
        "region_name": "hn-1",
        "access_key": "key-id",
        "secret_key": "secret",
        "location": "media",
        # Private objects, signed addresses, a name taken never overwritten.
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        # Another server than AWS: the bucket in the path.
        "addressing_style": "path",
        "max_memory_size": django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE,
    }


def test_on_aws_only_the_bucket_is_needed():
    _config, backend, storage = _storage(
        S3_BUCKET="chibo-media", S3_PREFIX="krong-bong", S3_ADDRESSING_STYLE=""
    )
    assert backend == "storages.backends.s3.S3Storage"
    # No keys: boto3 finds its own (AWS_* variables, the machine's role); AWS's addressing.
    assert (storage["access_key"], storage["secret_key"], storage["endpoint_url"]) == (
        None,
        None,
        None,
    )
    assert storage["addressing_style"] is None
    assert (storage["bucket_name"], storage["location"]) == ("chibo-media", "krong-bong")


def test_without_a_bucket_the_files_stay_in_media_root():
    config, backend, _storage_options = _storage()
    assert config == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert backend == "django.core.files.storage.filesystem.FileSystemStorage"


# --- the app on a storage without paths --------------------------------------------------------------


@pytest.fixture
def in_memory(settings):
    """The default storage in memory: a `.path` or a file under MEDIA_ROOT would fail."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    before = _files_on_disk()
    yield default_storage
    assert _files_on_disk() == before, "an upload was written under MEDIA_ROOT"


def _files_on_disk() -> set[Path]:
    return {p for p in Path(django_settings.MEDIA_ROOT).rglob("*") if p.is_file()}


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 40), "white").save(buffer, "PNG")
    return buffer.getvalue()


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def cell_world(committee, term):
    """A cell with its secretary and a member; a published meeting with an agenda item."""
    cell = CellFactory(committee=committee)
    secretary = MemberFactory(committee=committee, cell=cell)
    PositionFactory(member=secretary, cell=cell, role="cell_secretary", term=term)
    member = MemberFactory(committee=committee, cell=cell)
    meeting = MeetingFactory(cell=cell, status="published")
    return {
        "committee": committee,
        "meeting": meeting,
        "item": AgendaItemFactory(meeting=meeting),
        "secretary": member_user(secretary),
        "member": member_user(member),
        "target": MemberFactory(committee=committee, cell=cell),
    }


@pytest.mark.django_db
def test_a_meeting_document_is_uploaded_and_downloaded(client, cell_world, in_memory):
    meeting = cell_world["meeting"]
    client.force_login(cell_world["secretary"])
    response = client.post(
        reverse("meetings:document_upload", args=[meeting.pk]),
        {"file": _upload("Nghị quyết.pdf", pdf_bytes()), "title": "", "agenda_item": ""},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert in_memory.exists(document.file.name)
    assert not (Path(django_settings.MEDIA_ROOT) / document.file.name).exists()
    client.force_login(cell_world["member"])
    download = client.get(reverse("meetings:document", args=[meeting.pk, document.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert _body(download) == pdf_bytes()
    # The file gone from the storage: a 404, not an error.
    in_memory.delete(document.file.name)
    missing = client.get(reverse("meetings:document", args=[meeting.pk, document.pk]))
    assert missing.status_code == 404


@pytest.mark.django_db
def test_a_library_file_is_uploaded_and_downloaded(client, committee, in_memory):
    officer = CommitteeRoleFactory(committee=committee, role="officer").user
    document = LibraryDocumentFactory(committee=committee)
    client.force_login(officer)
    response = client.post(
        reverse("library:file_add", args=[document.pk]),
        {"file": _upload("Chỉ thị 12.pdf", pdf_bytes())},
    )
    assert response.status_code == 302
    file = LibraryFile.objects.get(document=document)
    assert in_memory.exists(file.file.name)
    download = client.get(file.get_absolute_url())
    assert download.status_code == 200
    assert _body(download) == pdf_bytes()


@pytest.mark.django_db
def test_a_member_photo_is_uploaded_shown_and_edited_again(client, cell_world, in_memory):
    target = cell_world["target"]
    client.force_login(cell_world["secretary"])
    url = reverse("members:edit", args=[target.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "photo"}
    data.update(date_of_birth="10/05/1985", admitted_on="05/03/2015", recognised_on="05/03/2016")
    response = client.post(url, {**data, "photo": _upload("anh.png", png_bytes())})
    assert response.status_code == 302, response.context["form"].errors
    photo = Member.objects.get(pk=target.pk).photo
    assert in_memory.exists(photo.name)
    shown = client.get(reverse("members:photo", args=[target.pk]))
    assert shown.status_code == 200 and _body(shown) == png_bytes()
    # The form again, with her photo in it.
    assert client.get(url).status_code == 200
