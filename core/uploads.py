"""Upload checks shared by every app (DESIGN §5): size limit and type read from the content."""

import zipfile

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Allowed kinds → the extension `filetype` reports for them.
IMAGE_TYPES = {"jpg": "image/jpeg", "png": "image/png"}
DOCUMENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    **IMAGE_TYPES,
}
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


def check_upload(upload, *, allowed: dict[str, str], max_mb: int) -> str:
    """Return the file's real kind ("pdf", "docx", …) or raise a ValidationError in Vietnamese."""
    if upload.size > max_mb * 1024 * 1024:
        raise ValidationError(
            _("The file is larger than the limit of %(limit)s MB.") % {"limit": max_mb}
        )
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
