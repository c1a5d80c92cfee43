"""Uploaded files: type sniffed from content, size capped while reading, names cleaned.

The client's file name and content type are never trusted: a file is what its
bytes say it is. Only PDF, PNG, JPEG and Office Open XML (docx, xlsx, pptx) are
accepted.
"""

import hashlib
import re
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from sangaku.errors import Invalid, invalid
from sangaku.uploads import cap_bytes, too_large_message

CHUNK = 64 * 1024
MAX_NAME_LENGTH = 120

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx", XLSX: ".xlsx", PPTX: ".pptx"}

_EXECUTABLE_MAGIC = (b"\x7fELF", b"MZ", b"\xfe\xed\xfa", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe", b"#!")
_UNSAFE_CHARS = re.compile(r'[\\/:*?"<>|]')


@dataclass
class CheckedUpload:
    file: object  # a temporary file positioned at 0
    size: int
    sha256: str
    content_type: str


def allowed_types_text() -> str:
    return _("PDF、PNG、JPEG、Word（.docx）、Excel（.xlsx）、PowerPoint（.pptx）")


def max_bytes() -> int:
    return cap_bytes()


def sniff_content_type(fileobj) -> str | None:
    """The content type of a seekable file judged by its bytes, or None if not an accepted type."""
    fileobj.seek(0)
    head = fileobj.read(16)
    fileobj.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(fileobj) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            fileobj.seek(0)
        if "[Content_Types].xml" not in names:
            return None
        for prefix, content_type in (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX)):
            if any(name.startswith(prefix) for name in names):
                return content_type
    return None


def _refuse_type(head: bytes) -> Invalid:
    if head.startswith(_EXECUTABLE_MAGIC):
        message = _(
            "ファイル（file）: 実行ファイルは添付できません。ファイル名の拡張子ではなく中身で判定しています。%(types)s のいずれかを添付してください。"
        )
    else:
        message = _("ファイル（file）: この形式は添付できません。%(types)s のいずれかを添付してください。")
    return invalid({"file": [message % {"types": allowed_types_text()}]})


def check_upload(uploaded) -> CheckedUpload:
    """Copy an upload to a temporary file chunk by chunk, stopping as soon as it exceeds the cap.

    Returns the copy with its size, sha256 and sniffed content type; raises a
    `Invalid` naming `file` when too large, empty or of a refused type.
    """
    cap = max_bytes()
    too_large = invalid({"file": [too_large_message()]})
    if (getattr(uploaded, "size", None) or 0) > cap:
        raise too_large  # the declared size is already over: do not read a byte
    digest = hashlib.sha256()
    size = 0
    tmp = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)
    chunks = uploaded.chunks(CHUNK) if hasattr(uploaded, "chunks") else iter(lambda: uploaded.read(CHUNK), b"")
    for chunk in chunks:
        size += len(chunk)
        if size > cap:
            tmp.close()
            raise too_large
        digest.update(chunk)
        tmp.write(chunk)
    if size == 0:
        tmp.close()
        raise invalid({"file": [_("ファイル（file）が空です。内容のあるファイルを添付してください。")]})
    tmp.seek(0)
    content_type = sniff_content_type(tmp)
    if content_type is None:
        tmp.seek(0)
        head = tmp.read(16)
        tmp.close()
        raise _refuse_type(head)
    tmp.seek(0)
    return CheckedUpload(file=tmp, size=size, sha256=digest.hexdigest(), content_type=content_type)


def sanitize_filename(name: str, content_type: str | None = None) -> str:
    """A safe display name: no directories, no control characters, Japanese kept, length limited.

    If the name's extension does not match the sniffed type, the right extension is appended,
    so a download never masquerades as something else.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _UNSAFE_CHARS.sub("_", name).strip().lstrip(".").strip()
    if not name:
        name = "file"
    expected = EXTENSIONS.get(content_type or "")
    if expected:
        lower = name.lower()
        matches = lower.endswith(expected) or (expected == ".jpg" and lower.endswith(".jpeg"))
        if not matches:
            name = f"{name}{expected}"
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        if dot and len(ext) <= 10:
            name = stem[: MAX_NAME_LENGTH - len(ext) - 1] + "." + ext
        else:
            name = name[:MAX_NAME_LENGTH]
    return name


def attachment_response(attachment):
    """Serve a stored attachment as a download: never inline, never content-sniffed by the browser.

    FileResponse writes Content-Disposition with an RFC 5987 `filename*` for non-ASCII names.
    """
    from django.http import FileResponse

    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def store_checked(model, name: str, checked: CheckedUpload, **owner):
    """Save a checked upload as a row of `model` (a file model: file, original_name, size, sha256,
    content_type) under an opaque name; the temporary file is closed whatever happens."""
    from django.core.files import File

    try:
        stored = model(
            original_name=sanitize_filename(name, checked.content_type),
            size=checked.size,
            sha256=checked.sha256,
            content_type=checked.content_type,
            **owner,
        )
        stored.file.save(checked.sha256, File(checked.file), save=False)
    finally:
        checked.file.close()
    stored.save()
    return stored
