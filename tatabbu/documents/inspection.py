"""What an uploaded file really is: magic bytes, a real parse and polyglot checks.

Pure functions over a file on disk (no database): :func:`inspect_file` returns the detected
:class:`DocumentKind` or raises :class:`UploadRefused` with a stable code. The rules are those of
RELIABILITY.md FILE-1: allowlist, extension and content must agree, zip containers are measured
(entry count, uncompressed size) before anything is decompressed (ASVS 5.0 5.2.3).
"""

from __future__ import annotations

import re
import struct
import unicodedata
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

import filetype
from defusedxml import ElementTree
from django.utils.translation import gettext_lazy as _

from tatabbu.core.exceptions import ServiceError

from .choices import EXTENSIONS, DocumentKind

# Zip containers (DOCX, XLSX, ODT): limits checked on the central directory, before reading.
ZIP_MAX_ENTRIES = 2_000
ZIP_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
ZIP_MAX_RATIO = 200
ZIP_MAX_XML_BYTES = 1024 * 1024  # for the small parts we read ([Content_Types].xml, mimetype)
IMAGE_MAX_PIXELS = 100_000_000

# Bidirectional controls (Trojan Source-style spoofed names) and other invisible marks.
_BIDI_CONTROLS = dict.fromkeys(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C]
)
# Markup that a browser would sniff as HTML/SVG/script, looked for at the start and the end.
_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|meta|xml|\?xml)|javascript:",
    re.IGNORECASE,
)
_SNIFF_WINDOW = 1024

_OOXML_MAIN = {
    DocumentKind.DOCX: (
        "word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    DocumentKind.XLSX: (
        "xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
_CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"


class UploadRefused(ServiceError):
    """An upload that is not accepted; ``code`` says why (tests and clients match it)."""

    code = "upload_refused"
    default_message = _("This file is not accepted.")


class AntivirusUnavailable(UploadRefused):
    """The configured virus scanner could not scan: the upload is refused (fail closed)."""

    code = "antivirus_unavailable"
    default_message = _("Files cannot be checked for viruses right now. Try again later.")


def refused(code: str) -> UploadRefused:
    messages: dict[str, Any] = {
        "empty": _("The file is empty."),
        "too_large": _("The file is larger than the allowed size."),
        "type_not_allowed": _(
            "This type of file is not accepted. Accepted: PDF, DOCX, XLSX, ODT, PNG, JPEG."
        ),
        "extension_mismatch": _("The file's name does not match its content."),
        "corrupt": _("The file is damaged or not what its type says."),
        "archive_too_large": _("The document expands to too much data to be accepted."),
        "macros": _("Documents containing macros are not accepted."),
        "polyglot": _("The file contains web content hidden in a document; it is not accepted."),
        "infected": _("The virus scanner found a threat in this file."),
    }
    return UploadRefused(messages[code], code=code)


def sanitize_filename(name: str, *, fallback_extension: str = "") -> str:
    """A displayable file name: no path parts, no control or bidi characters, no NUL, no
    leading/trailing dots or spaces, at most 200 characters (extension kept)."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.translate(_BIDI_CONTROLS)
    name = "".join(char for char in name if unicodedata.category(char) != "Cc")
    name = re.split(r"[\\/]", name)[-1]
    name = name.replace(":", "_").strip(" .")
    if len(name) > 200:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: 200 - len(extension) - 1] + dot + extension) if dot else name[:200]
    return name or f"document{fallback_extension}"


def kind_for_name(name: str) -> DocumentKind | None:
    return EXTENSIONS.get(PurePosixPath(name.lower()).suffix)


def inspect_file(path: Path, *, name: str) -> DocumentKind:
    """The kind of the file at ``path`` (named ``name`` by the uploader), or UploadRefused."""
    claimed = kind_for_name(name)
    if claimed is None:
        raise refused("type_not_allowed")
    with path.open("rb") as handle:
        head = handle.read(8192)
        if not head:
            raise refused("empty")
        detected = _detect(head)
        if detected is None:
            raise refused("type_not_allowed")
        if detected != claimed:
            raise refused("extension_mismatch")
        _refuse_markup(handle, head)
        handle.seek(0)
        _PARSERS[detected](handle, path)
    return detected


def _detect(head: bytes) -> DocumentKind | None:
    guess = filetype.guess(head)
    extension = guess.extension if guess else ""
    if extension == "pdf" and head.startswith(b"%PDF-"):
        return DocumentKind.PDF
    if extension == "png":
        return DocumentKind.PNG
    if extension == "jpg":
        return DocumentKind.JPEG
    if head.startswith(b"PK\x03\x04"):
        if extension in {"docx", "xlsx", "odt"}:
            return DocumentKind(extension)
        # filetype looks only at the first entries; the structure check decides the rest.
        if extension in {"zip", ""}:
            return _zip_kind_from_head(head)
    return None


def _zip_kind_from_head(head: bytes) -> DocumentKind | None:
    if head[30:38] == b"mimetype" and _ODT_MIMETYPE in head[:200]:
        return DocumentKind.ODT
    if b"word/" in head:
        return DocumentKind.DOCX
    if b"xl/" in head:
        return DocumentKind.XLSX
    return None


def _refuse_markup(handle: BinaryIO, head: bytes) -> None:
    """Refuse files that a browser or viewer could sniff as HTML/SVG/script (polyglots)."""
    handle.seek(0, 2)
    size = handle.tell()
    handle.seek(max(0, size - _SNIFF_WINDOW))
    tail = handle.read()
    if _MARKUP.search(head[:_SNIFF_WINDOW]) or _MARKUP.search(tail):
        raise refused("polyglot")


# --- Parsers: each reads the real structure and raises UploadRefused when it does not hold -----


def _parse_pdf(handle: BinaryIO, path: Path) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(handle, strict=False)
        if len(reader.pages) < 1:
            raise refused("corrupt")
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError) as error:
        raise refused("corrupt") from error


def _open_zip(path: Path) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise refused("corrupt") from error
    infos = archive.infolist()
    if len(infos) > ZIP_MAX_ENTRIES:
        archive.close()
        raise refused("archive_too_large")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > ZIP_MAX_UNCOMPRESSED_BYTES or (
            info.file_size > 1_000_000 and ratio > ZIP_MAX_RATIO
        ):
            archive.close()
            raise refused("archive_too_large")
        if info.filename.startswith("/") or ".." in PurePosixPath(info.filename).parts:
            archive.close()
            raise refused("corrupt")
    return archive


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError as error:
        raise refused("corrupt") from error
    if info.file_size > ZIP_MAX_XML_BYTES:
        raise refused("archive_too_large")
    try:
        return archive.read(info)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as error:
        raise refused("corrupt") from error


def _parse_ooxml(kind: DocumentKind) -> Any:
    main_part, main_type = _OOXML_MAIN[kind]

    def parse(handle: BinaryIO, path: Path) -> None:
        with _open_zip(path) as archive:
            names = {name.lower() for name in archive.namelist()}
            if main_part not in names:
                raise refused("corrupt")
            if any(name.endswith("vbaproject.bin") for name in names):
                raise refused("macros")
            try:
                types = ElementTree.fromstring(_read_member(archive, "[Content_Types].xml"))
            except ElementTree.ParseError as error:
                raise refused("corrupt") from error
            except Exception as error:  # defusedxml's entity/DTD refusals
                raise refused("corrupt") from error
            declared = {
                element.get("ContentType", "")
                for element in types.iter(f"{_CONTENT_TYPES_NS}Override")
            }
            if main_type not in declared:
                raise refused("corrupt")
            if any("macroEnabled" in content_type for content_type in declared):
                raise refused("macros")

    return parse


def _parse_odt(handle: BinaryIO, path: Path) -> None:
    with _open_zip(path) as archive:
        infos = archive.infolist()
        first = infos[0] if infos else None
        if (
            first is None
            or first.filename != "mimetype"
            or first.compress_type != zipfile.ZIP_STORED
        ):
            raise refused("corrupt")
        if _read_member(archive, "mimetype").strip() != _ODT_MIMETYPE:
            raise refused("corrupt")
        if "content.xml" not in archive.namelist():
            raise refused("corrupt")
        if any(name.lower().startswith("basic/") for name in archive.namelist()):
            raise refused("macros")


def _parse_png(handle: BinaryIO, path: Path) -> None:
    data = handle.read()
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise refused("corrupt")
    position, seen_header = 8, False
    while True:
        if position + 8 > len(data):
            raise refused("corrupt")
        length, chunk_type = struct.unpack(">I4s", data[position : position + 8])
        end = position + 12 + length
        if end > len(data):
            raise refused("corrupt")
        if not seen_header:
            if chunk_type != b"IHDR" or length != 13:
                raise refused("corrupt")
            width, height = struct.unpack(">II", data[position + 8 : position + 16])
            if not width or not height or width * height > IMAGE_MAX_PIXELS:
                raise refused("corrupt")
            seen_header = True
        position = end
        if chunk_type == b"IEND":
            break
    if data[position:].strip(b"\x00"):
        raise refused("polyglot")  # bytes after the image: a hiding place for another format


def _parse_jpeg(handle: BinaryIO, path: Path) -> None:
    data = handle.read()
    if not data.startswith(b"\xff\xd8"):
        raise refused("corrupt")
    position, seen_frame = 2, False
    while True:
        if position + 4 > len(data) or data[position] != 0xFF:
            raise refused("corrupt")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if length < 2:
            raise refused("corrupt")
        if marker in {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}:
            height, width = struct.unpack(">HH", data[position + 5 : position + 9])
            if not width or not height or width * height > IMAGE_MAX_PIXELS:
                raise refused("corrupt")
            seen_frame = True
        if marker == 0xDA:  # start of scan: entropy-coded data follows until EOI
            break
        position += 2 + length
    end = data.rfind(b"\xff\xd9")
    if not seen_frame or end < position:
        raise refused("corrupt")
    if data[end + 2 :].strip(b"\x00"):
        raise refused("polyglot")


_PARSERS = {
    DocumentKind.PDF: _parse_pdf,
    DocumentKind.DOCX: _parse_ooxml(DocumentKind.DOCX),
    DocumentKind.XLSX: _parse_ooxml(DocumentKind.XLSX),
    DocumentKind.ODT: _parse_odt,
    DocumentKind.PNG: _parse_png,
    DocumentKind.JPEG: _parse_jpeg,
}
