"""Upload checks (core/uploads.py): `read_xlsx` opens an Excel file safely or says why not."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from core.uploads import (
    DOCUMENT_TYPES,
    IMAGE_TYPES,
    check_upload,
    download_name,
    read_xlsx,
    stored_name,
)

OLE = bytes.fromhex("D0CF11E0A1B11AE1")


@pytest.fixture(autouse=True)
def english():
    """Messages in their English source form, whatever the catalogue says."""
    with translation.override("en"):
        yield


def workbook_bytes(rows, *, title="Sheet", extra_sheet=None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if extra_sheet:
        other = workbook.create_sheet(extra_sheet[0], 0)
        for row in extra_sheet[1]:
            other.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name="file.xlsx"):
    return SimpleUploadedFile(name, content)


def read(content: bytes, **kwargs):
    kwargs.setdefault("max_mb", 5)
    kwargs.setdefault("max_rows", 100)
    return read_xlsx(upload(content), **kwargs)


def error_of(content: bytes, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        read(content, **kwargs)
    return caught.value


def test_rows_come_with_their_excel_numbers_and_empty_rows_are_left_out():
    content = workbook_bytes(
        [["Họ và tên", "Ngày sinh"], ["Lan", datetime.date(1990, 3, 5)], [None, "  "], ["Hoa", 7]]
    )
    rows = read(content)
    assert rows == [
        (1, ("Họ và tên", "Ngày sinh")),
        (2, ("Lan", datetime.datetime(1990, 3, 5))),
        (4, ("Hoa", 7)),
    ]


def test_the_named_sheet_is_read_else_the_first():
    content = workbook_bytes([["data"]], title="Đảng viên", extra_sheet=("Hướng dẫn", [["help"]]))
    assert read(content, sheet="Đảng viên") == [(1, ("data",))]
    assert read(content) == [(1, ("help",))]
    assert read(content, sheet="Không có") == [(1, ("help",))]


def test_formulas_give_their_cached_values_not_the_formula():
    # openpyxl writes no cached value: a formula cell reads as empty, never as "=1+1".
    content = workbook_bytes([["a", "=1+1"]])
    assert read(content) == [(1, ("a", None))]


def test_a_file_over_the_limit():
    content = workbook_bytes([["a"]]) + b"\0" * (2 * 1024 * 1024)
    error = error_of(content, max_mb=1)
    assert error.code == "size"
    assert error.messages == ["The file is larger than the limit of 1 MB."]


def test_a_password_protected_workbook_is_named_as_such():
    fake = OLE + b"\0" * (4096 - len(OLE))
    error = error_of(fake)
    assert error.code == "password"
    assert "password" in error.messages[0]
    encrypted = OLE + b"\0" * 100 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100
    assert error_of(encrypted).code == "password"


def test_an_old_xls_file_is_named_as_such():
    xls = OLE + b"\0" * 100 + "Workbook".encode("utf-16-le") + b"\0" * 100
    error = error_of(xls)
    assert error.code == "xls"
    assert ".xls" in error.messages[0]


@pytest.mark.parametrize(
    "content",
    [
        b"Ho va ten,Ngay sinh\nLan,05/03/1990\n",  # a text file renamed .xlsx
        b"%PDF-1.7\n" + b"0" * 100,
        b"",
    ],
    ids=["text", "pdf", "empty"],
)
def test_other_kinds_of_file_are_not_accepted(content):
    error = error_of(content)
    assert error.messages == ["This kind of file is not accepted. Allowed: XLSX."]


def test_a_zip_that_is_not_a_workbook_is_not_accepted():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "xin chào")
    error = error_of(buffer.getvalue())
    assert error.messages == ["This kind of file is not accepted. Allowed: XLSX."]


def test_a_docx_is_not_an_excel_file():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert error_of(buffer.getvalue()).messages == [
        "This kind of file is not accepted. Allowed: XLSX."
    ]


def test_a_truncated_workbook_is_damaged():
    content = workbook_bytes([["a", "b"]] * 50)
    error = error_of(content[: len(content) // 2])
    assert error.code == "damaged"
    assert "damaged" in error.messages[0]


def _rewrite(content: bytes, replace: dict[str, bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, replace.get(item.filename, source.read(item.filename)))
    return buffer.getvalue()


@pytest.mark.parametrize(
    "part",
    ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml", "[Content_Types].xml"],
)
def test_malformed_xml_inside_the_zip_is_damaged(part):
    content = _rewrite(workbook_bytes([["a", "b"]]), {part: b"<not really xml"})
    error = error_of(content)
    assert error.code == "damaged"
    assert "damaged" in error.messages[0]


def test_a_workbook_that_unpacks_to_a_huge_sheet_is_refused():
    # 3 MB of the same text compresses to almost nothing.
    content = workbook_bytes([["x" * 30000] for _ in range(100)])
    assert len(content) < 200 * 1024
    error = error_of(content, max_unpacked_mb=1)
    assert error.code == "unpacked_size"


def test_too_many_filled_rows():
    content = workbook_bytes([[n] for n in range(11)])
    assert len(read(content, max_rows=11)) == 11
    error = error_of(content, max_rows=10)
    assert error.code == "too_many_rows"
    assert error.messages == ["The sheet has more than 10 filled rows."]


def test_the_upload_can_be_read_again_after_the_checks():
    content = workbook_bytes([["a"]])
    file = upload(content)
    read_xlsx(file, max_mb=5, max_rows=10)
    assert file.read() == content


# --- check_upload keeps its behaviour ---------------------------------------------------------


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buffer, "PNG")
    return buffer.getvalue()


def test_check_upload_still_reads_the_kind_from_the_content():
    assert check_upload(upload(_png(), "photo.jpg"), allowed=IMAGE_TYPES, max_mb=1) == "png"
    assert check_upload(upload(workbook_bytes([["a"]])), allowed=DOCUMENT_TYPES, max_mb=1) == (
        "xlsx"
    )
    with pytest.raises(ValidationError):
        check_upload(upload(b"plain text"), allowed=DOCUMENT_TYPES, max_mb=1)
    with pytest.raises(ValidationError):
        check_upload(upload(_png() + b"\0" * 1024 * 1024), allowed=IMAGE_TYPES, max_mb=1)


def test_the_name_a_file_is_kept_and_downloaded_under():
    class Upload:
        def __init__(self, name):
            self.name = name

    assert stored_name(Upload("C:\\Users\\lan\\Biên bản.docx"), default="x", max_length=50) == (
        "Biên bản.docx"
    )
    assert stored_name(Upload(""), default="document", max_length=50) == "document"
    long = stored_name(Upload("a" * 80 + ".pdf"), default="x", max_length=20)
    assert long == "a" * 16 + ".pdf" and len(long) == 20
    assert download_name("scan.JPEG", "jpg", default="x") == "scan.JPEG"
    assert download_name("bien-ban", "docx", default="x") == "bien-ban.docx"
    assert download_name("", "pdf", default="bai-thu-hoach") == "bai-thu-hoach.pdf"
    # A PDF uploaded under a .docx name downloads as what it is.
    assert download_name("to-trinh.docx", "pdf", default="x") == "to-trinh.docx.pdf"
