"""Upload checks shared by every app (DESIGN §5): size limit and type read from the content."""

import warnings
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

import filetype
import openpyxl
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MB = 1024 * 1024

# Allowed kinds → the extension `filetype` reports for them.
IMAGE_TYPES = {"jpg": "image/jpeg", "png": "image/png"}
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    **IMAGE_TYPES,
}
# The extensions a file of each kind may carry in its name (for the name it downloads under).
EXTENSIONS = {
    "pdf": (".pdf",),
    "docx": (".docx",),
    "xlsx": (".xlsx",),
    "pptx": (".pptx",),
    "jpg": (".jpg", ".jpeg"),
    "png": (".png",),
}
# Kinds that open in the browser; every other kind downloads as an attachment (DESIGN §5).
INLINE_KINDS = frozenset({"pdf", "jpg", "png"})


def is_inline(kind: str) -> bool:
    return kind in INLINE_KINDS


def stored_name(upload, *, default: str, max_length: int) -> str:
    """The uploaded file's own name as it is kept: no folders (a browser may send a Windows path),
    `default` when it has none, cut to `max_length` with its extension kept."""
    name = PurePath(str(upload.name or "").replace("\\", "/")).name.strip() or default
    if len(name) > max_length:
        suffix = PurePath(name).suffix[:10]
        name = name[: max_length - len(suffix)] + suffix
    return name


def download_name(original_name: str, kind: str, *, default: str) -> str:
    """The name a stored file downloads under: her original name (`default` when none), with
    the extension of its real kind (read from the content when it was uploaded)."""
    name = original_name or default
    if PurePath(name).suffix.lower() not in EXTENSIONS.get(kind, ()):
        name = f"{name}.{kind}"
    return name


# The part an Office Open XML file must hold, by kind.
_OOXML_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}


def _ooxml_kind(upload) -> str | None:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    for kind, part in _OOXML_PARTS.items():
        if part in names and "[Content_Types].xml" in names:
            return kind
    return None


def too_large(max_mb: int) -> ValidationError:
    """The refusal of a file over the limit, the same wherever it is noticed."""
    return ValidationError(
        _("The file is larger than the limit of %(limit)s MB.") % {"limit": max_mb}, code="size"
    )


def check_upload(upload, *, allowed: dict[str, str], max_mb: int) -> str:
    """Return the file's real kind ("pdf", "docx", …) or raise a ValidationError in Vietnamese."""
    if upload.size > max_mb * MB:
        raise too_large(max_mb)
    head = upload.read(8192)
    upload.seek(0)
    guess = filetype.guess(head)
    kind = guess.extension if guess else None
    if kind == "zip":
        kind = _ooxml_kind(upload)
    if kind not in allowed:
        names = ", ".join(k.upper() for k in allowed)
        raise ValidationError(
            _("This kind of file is not accepted. Allowed: %(names)s.") % {"names": names}
        )
    return kind


# --- Excel workbooks (imports) -------------------------------------------------------------------

XLSX_TYPES = {"xlsx": DOCUMENT_TYPES["xlsx"]}
# An OLE/CFB container: the old .xls format, or an Office file saved with a password (then the
# workbook is encrypted inside it and no longer a ZIP).
_OLE_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
# A small .xlsx can unpack to a huge sheet ("zip bomb"): a limit on the unpacked size of its parts.
XLSX_MAX_UNPACKED_MB = 100


def _utf16(name: str) -> bytes:
    return name.encode("utf-16-le")


def _check_not_ole(upload) -> None:
    """A clear message for a password-protected workbook or an old .xls file."""
    head = upload.read(len(_OLE_SIGNATURE))
    upload.seek(0)
    if head != _OLE_SIGNATURE:
        return
    content = upload.read()
    upload.seek(0)
    encrypted = _utf16("EncryptedPackage") in content or _utf16("EncryptionInfo") in content
    if not encrypted and (_utf16("Workbook") in content or _utf16("Book") in content):
        raise ValidationError(
            _(
                "The file is in the old Excel 97–2003 format (.xls). Open it in Excel, save it as "
                "“Excel Workbook (.xlsx)” and upload the new file."
            ),
            code="xls",
        )
    raise ValidationError(
        _(
            "The file is protected with a password, so it cannot be read. Open it in Excel, "
            "remove the password (File › Info › Protect Workbook), save it and upload it again."
        ),
        code="password",
    )


def _damaged() -> ValidationError:
    return ValidationError(
        _(
            "The Excel file is damaged or incomplete and cannot be read. Open it in Excel, save "
            "it again and upload the new copy."
        ),
        code="damaged",
    )


def _check_unpacked_size(upload, max_unpacked_mb: int) -> None:
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise _damaged() from error
    finally:
        upload.seek(0)
    if unpacked > max_unpacked_mb * MB:
        raise ValidationError(
            _("The Excel file is too large once unpacked (more than %(limit)s MB).")
            % {"limit": max_unpacked_mb},
            code="unpacked_size",
        )


def _is_empty(values) -> bool:
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def read_xlsx(
    upload,
    *,
    max_mb: int,
    max_rows: int,
    sheet: str | None = None,
    max_unpacked_mb: int = XLSX_MAX_UNPACKED_MB,
) -> list[tuple[int, tuple]]:
    """The filled rows of an uploaded Excel workbook: (row number as Excel shows it, values).

    Checked in this order, each with its own message (a `ValidationError`, never a crash): the
    size (`max_mb`, the committee's `upload_max_mb`); a password-protected workbook or an old .xls
    file (OLE containers, not ZIP); the real type read from the content (`check_upload`, an XLSX
    ZIP with its parts); the unpacked size; then openpyxl reads the sheet named `sheet` (or the
    first one) in read-only mode — a malformed ZIP or XML, or anything openpyxl cannot read, is
    "damaged". Values are what Excel shows (the cached result of a formula); rows with no value
    are left out. More than `max_rows` filled rows: `ValidationError` with code "too_many_rows"
    (reading stops there).
    """
    if upload.size > max_mb * MB:
        raise too_large(max_mb)
    _check_not_ole(upload)
    check_upload(upload, allowed=XLSX_TYPES, max_mb=max_mb)
    _check_unpacked_size(upload, max_unpacked_mb)

    rows = []
    try:
        with warnings.catch_warnings():
            # openpyxl warns about features it drops (extensions, styles); they do not matter here.
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
            try:
                if sheet is not None and sheet in workbook.sheetnames:
                    worksheet = workbook[sheet]
                else:
                    worksheet = workbook.worksheets[0]
                worksheet.reset_dimensions()  # some writers store a wrong sheet size
                for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                    if _is_empty(values):
                        continue
                    if len(rows) >= max_rows:
                        raise ValidationError(
                            _("The sheet has more than %(limit)s filled rows.")
                            % {"limit": max_rows},
                            code="too_many_rows",
                        )
                    rows.append((number, tuple(values)))
            finally:
                workbook.close()
    except ValidationError:
        raise
    except Exception as error:  # openpyxl raises many kinds of errors on a malformed file
        raise _damaged() from error
    finally:
        upload.seek(0)
    return rows


# --- the size of a request, before its body is read ----------------------------------------------

# Room for the multipart framing of an upload form (boundaries, the parts' headers).
FRAMING_MARGIN = 64 * 1024


def request_body_limit(max_mb: int) -> int:
    """The largest body an upload form may send with a file of `max_mb`: the file, the other form
    fields (Django refuses more than `DATA_UPLOAD_MAX_MEMORY_SIZE` of them) and the framing."""
    return max_mb * MB + settings.DATA_UPLOAD_MAX_MEMORY_SIZE + FRAMING_MARGIN


@dataclass(frozen=True)
class UploadLimit:
    """What `core.middleware.UploadSizeLimitMiddleware` needs to know about an upload view.

    Both callables take the view's arguments (`request`, then the URL's): `max_mb` returns the
    limit for this request (the committee's `upload_max_mb`, checking access as the view does);
    `back`, where the refusal sends the browser (by default the page itself, as a GET).
    """

    max_mb: Callable[..., int]
    back: Callable[..., str] | None = None


def upload_limit(max_mb: Callable[..., int], *, back: Callable[..., str] | None = None):
    """Mark a view that receives files: a POST whose `Content-Length` exceeds
    `request_body_limit(max_mb(...))` is refused before its body is read (DESIGN §5)."""

    def decorator(view):
        view.upload_limit = UploadLimit(max_mb=max_mb, back=back)
        return view

    return decorator


def save_with_upload(instance, field: str, upload, *, stem: str, kind: str):
    """Store `upload` in the instance's file field `field`, then save the row.

    The stored name comes from the kind read from the content (`check_upload`), never from the
    user's file name; if the row cannot be saved, the stored file is removed again.
    """
    stored = getattr(instance, field)
    stored.save(f"{stem}.{kind}", upload, save=False)
    try:
        instance.save()
    except Exception:
        stored.delete(save=False)
        raise
    return instance
