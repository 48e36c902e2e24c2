"""Reading import files safely: size, encoding, CSV, XLSX and JSON, streamed and bounded.

Every reader refuses a whole file with :class:`ImportFileError` (a translated message and a
stable code) before anything is written: oversized files, wrong encodings, binary files, empty or
truncated files, XLSX archives whose declared uncompressed size or entry count is too large
(checked from the central directory before any entry is decompressed; ``zipfile`` never inflates
an entry past its declared size), XML with DTDs or entities (parsed with ``defusedxml``), JSON
nested too deeply. Rows are yielded one at a time so that memory does not grow with the file.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO, Any

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from .base import ImportFileError

# Longest CSV field / XLSX cell accepted (characters): the csv module's own limit. Longer is a
# file error (the csv module cannot resynchronise after an oversized field).
MAX_FIELD_CHARS = csv.field_size_limit()
# Widest row accepted; also bounds memory for hostile "10⁷ columns" files.
MAX_COLUMNS = 200
# JSON: deepest nesting accepted inside one record, and the largest single record.
MAX_JSON_DEPTH = 20
MAX_JSON_ITEM_CHARS = 2_000_000
_CHUNK = 1 << 20

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_INVALID_UTF8 = re.compile("[\udc80-\udcff]")


# --- Whole-file checks --------------------------------------------------------------------------


def check_size(path: Path) -> int:
    """The file's size; refuse empty files and files over ``TATABBU_IMPORT_MAX_BYTES``."""
    size = path.stat().st_size
    limit = settings.TATABBU_IMPORT_MAX_BYTES
    if size > limit:
        raise ImportFileError(
            _("The file is %(size)s; the largest file accepted is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="file_too_large",
        )
    if size == 0:
        raise ImportFileError(_("The file is empty."), code="empty_file")
    return size


def sniff_kind(path: Path) -> str:
    """``zip``, ``pdf``, ``utf16``, ``binary`` or ``text``, from the first bytes."""
    with path.open("rb") as handle:
        head = handle.read(4096)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(_UTF16_BOMS):
        return "utf16"
    if b"\x00" in head:
        return "binary"
    return "text"


def require_text(path: Path) -> None:
    """Refuse files that are not text (spreadsheets, PDFs, UTF-16, other binaries)."""
    kind = sniff_kind(path)
    if kind == "zip":
        raise ImportFileError(
            _("This is a spreadsheet or an archive, not a text file: choose the XLSX format."),
            code="not_text",
        )
    if kind == "utf16":
        raise ImportFileError(
            _("The file is encoded in UTF-16. Save it as UTF-8 (in Excel: “CSV UTF-8”)."),
            code="wrong_encoding",
        )
    if kind in {"pdf", "binary"}:
        raise ImportFileError(_("This is not a text file."), code="not_text")


def encoding_error() -> ImportFileError:
    return ImportFileError(
        _(
            "The file is not UTF-8 text (it may be in Windows-1256 or Latin-1). "
            "Save it as UTF-8 (in Excel: “CSV UTF-8”) and import it again."
        ),
        code="wrong_encoding",
    )


def _ENCODING_MESSAGE() -> str:
    return _("not valid UTF-8 text (the row may be in Windows-1256 or Latin-1).")


def invalid_utf8(value: str) -> bool:
    """True if ``value`` holds bytes that were not UTF-8 (decoded with ``surrogateescape``)."""
    return bool(_INVALID_UTF8.search(value))


def read_text(path: Path) -> str:
    """A whole (small) text file, strictly UTF-8 (a BOM is dropped)."""
    check_size(path)
    require_text(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise encoding_error() from error
    if not text.strip():
        raise ImportFileError(_("The file is empty."), code="empty_file")
    return text


def estimate_lines(path: Path) -> int:
    """Number of line breaks: a cheap estimate of a CSV's rows, for the progress bar."""
    count = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            count += chunk.count(b"\n")
    return count


# --- CSV -----------------------------------------------------------------------------------------


class CsvFile:
    """A CSV file read as a header and a stream of rows.

    Decoded as UTF-8 with ``surrogateescape`` so that one badly encoded row is reported as that
    row's error (:func:`invalid_utf8`) instead of stopping the file; a header that is not UTF-8
    refuses the file. Row numbers are the spreadsheet's: the header is row 1.
    """

    def __init__(self, path: Path, *, delimiters: str = ",") -> None:
        check_size(path)
        require_text(path)
        self.path = path
        self._handle: IO[str] = path.open(
            encoding="utf-8-sig", errors="surrogateescape", newline=""
        )
        first_line = self._handle.readline(MAX_FIELD_CHARS)
        self._handle.seek(0)
        if invalid_utf8(first_line):
            self._handle.close()
            raise encoding_error()
        delimiter = max(delimiters, key=first_line.count) if len(delimiters) > 1 else delimiters
        self._reader = csv.reader(self._handle, delimiter=delimiter, strict=True)
        self.header = [name.strip() for name in self._next() or []]
        if not any(self.header):
            self._handle.close()
            raise ImportFileError(_("The file is empty."), code="empty_file")
        if len(self.header) > MAX_COLUMNS:
            self._handle.close()
            raise ImportFileError(
                _("The file has %(count)s columns; at most %(limit)s are accepted.")
                % {"count": len(self.header), "limit": MAX_COLUMNS},
                code="too_many_columns",
            )

    def _next(self) -> list[str] | None:
        try:
            return next(self._reader)
        except StopIteration:
            return None
        except csv.Error as error:
            self._handle.close()
            line = self._reader.line_num
            if "field larger than field limit" in str(error):
                raise ImportFileError(
                    _("Line %(line)s holds a field longer than %(limit)s characters.")
                    % {"line": line, "limit": f"{MAX_FIELD_CHARS:,}"},
                    code="field_too_long",
                ) from error
            if "unexpected end of data" in str(error) or "EOF" in str(error):
                raise ImportFileError(
                    _(
                        "The file ends in the middle of a quoted field (line %(line)s): "
                        "it looks truncated."
                    )
                    % {"line": line},
                    code="truncated",
                ) from error
            raise ImportFileError(
                _("The CSV is malformed near line %(line)s: %(detail)s")
                % {"line": line, "detail": error},
                code="malformed_csv",
            ) from error

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """``(row number, cells)`` for every data row; blank lines are skipped."""
        row_number = 1
        try:
            while (cells := self._next()) is not None:
                row_number += 1
                if not any(cell.strip() for cell in cells):
                    continue
                yield row_number, cells
        finally:
            self._handle.close()

    def close(self) -> None:
        self._handle.close()


def require_columns(
    header: list[str], required: set[str], *, allowed: set[str] | None = None
) -> None:
    """Refuse a file whose header lacks ``required`` columns (or has columns not ``allowed``)."""
    present = {name for name in header if name}
    missing = sorted(required - present)
    unexpected = sorted(present - allowed) if allowed is not None else []
    duplicates = sorted({name for name in header if name and header.count(name) > 1})
    problems = []
    if missing:
        problems.append(_("missing columns: %(names)s") % {"names": ", ".join(missing)})
    if unexpected:
        problems.append(_("unknown columns: %(names)s") % {"names": ", ".join(unexpected)})
    if duplicates:
        problems.append(_("repeated columns: %(names)s") % {"names": ", ".join(duplicates)})
    if problems:
        raise ImportFileError(
            _("The columns do not match the format (%(problems)s).")
            % {"problems": "; ".join(problems)},
            code="wrong_columns",
        )


# --- XLSX ----------------------------------------------------------------------------------------

_CELL_REFERENCE = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _bomb_error() -> ImportFileError:
    return ImportFileError(
        _("The spreadsheet would expand to more than %(limit)s: it is refused.")
        % {"limit": filesizeformat(settings.TATABBU_IMPORT_MAX_UNCOMPRESSED_BYTES)},
        code="archive_too_large",
    )


def _local_name(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def _open_archive(path: Path) -> zipfile.ZipFile:
    check_size(path)
    if sniff_kind(path) != "zip":
        raise ImportFileError(_("This is not an XLSX spreadsheet."), code="not_xlsx")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportFileError(
            _("The spreadsheet is damaged or truncated (not a readable XLSX file)."),
            code="truncated",
        ) from error
    entries = archive.infolist()
    if len(entries) > settings.TATABBU_IMPORT_MAX_ARCHIVE_ENTRIES:
        archive.close()
        raise ImportFileError(
            _("The spreadsheet holds %(count)s parts; at most %(limit)s are accepted.")
            % {"count": len(entries), "limit": settings.TATABBU_IMPORT_MAX_ARCHIVE_ENTRIES},
            code="archive_too_many_entries",
        )
    if sum(entry.file_size for entry in entries) > settings.TATABBU_IMPORT_MAX_UNCOMPRESSED_BYTES:
        archive.close()
        raise _bomb_error()
    return archive


def _iter_elements(stream: IO[bytes], wanted: str) -> Iterator[Any]:
    """Completed ``wanted`` elements of an XML stream, cleared after use (constant memory)."""
    root = None
    for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
        if root is None:
            root = element
        if event == "end" and _local_name(element.tag) == wanted:
            yield element
            element.clear()
            root.clear()


def _text_of(element: Any) -> str:
    """The text of an ``si`` or inline ``is`` element: every ``t`` except phonetic runs."""
    parts: list[str] = []
    for child in element.iter():
        name = _local_name(child.tag)
        if name == "rPh":
            return "".join(parts)
        if name == "t" and child.text:
            parts.append(child.text)
    return "".join(parts)


def _first_sheet(archive: zipfile.ZipFile) -> str:
    names = set(archive.namelist())
    try:
        with archive.open("xl/workbook.xml") as stream:
            sheet = next(_iter_elements(stream, "sheet"), None)
            relation = None
            if sheet is not None:
                relation = next(
                    (value for key, value in sheet.attrib.items() if _local_name(key) == "id"),
                    None,
                )
        if relation:
            with archive.open("xl/_rels/workbook.xml.rels") as stream:
                for element in _iter_elements(stream, "Relationship"):
                    if element.get("Id") == relation:
                        target = element.get("Target", "")
                        path = (
                            target.lstrip("/")
                            if target.startswith("/")
                            else str(PurePosixPath("xl") / target)
                        )
                        if path in names:
                            return path
    except KeyError:
        pass
    sheets = sorted(name for name in names if re.match(r"^xl/worksheets/[^/]+\.xml$", name))
    if not sheets:
        raise ImportFileError(_("The spreadsheet has no sheet."), code="not_xlsx")
    return sheets[0]


def _xml_error(error: Exception) -> ImportFileError:
    if isinstance(error, DefusedXmlException):
        return ImportFileError(
            _("The spreadsheet contains XML declarations (DTD or entities) that are refused."),
            code="xml_forbidden",
        )
    return ImportFileError(
        _("The spreadsheet is damaged or truncated (its XML cannot be read)."),
        code="truncated",
    )


def xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """``(row number, cells as text)`` of the first sheet, header row included.

    Numbers come as the text Excel stores (``5``, ``144.4``); empty trailing cells are dropped.
    """
    archive = _open_archive(path)
    try:
        try:
            shared = _shared_strings(archive)
            sheet = _first_sheet(archive)
            with archive.open(sheet) as stream:
                yield from _sheet_rows(stream, shared)
        except ImportFileError:
            raise
        except (DefusedXmlException, SyntaxError, zipfile.BadZipFile, EOFError) as error:
            raise _xml_error(error) from error
        except (OSError, ValueError, KeyError) as error:
            raise _xml_error(error) from error
    finally:
        archive.close()


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    with archive.open("xl/sharedStrings.xml") as stream:
        return [_text_of(element) for element in _iter_elements(stream, "si")]


def _sheet_rows(stream: IO[bytes], shared: list[str]) -> Iterator[tuple[int, list[str]]]:
    row_number = 0
    for element in _iter_elements(stream, "row"):
        reference = element.get("r")
        row_number = int(reference) if reference and reference.isdigit() else row_number + 1
        cells: dict[int, str] = {}
        position = -1
        for cell in element:
            if _local_name(cell.tag) != "c":
                continue
            match = _CELL_REFERENCE.match(cell.get("r", ""))
            position = _column_index(match.group(1)) if match else position + 1
            if position >= MAX_COLUMNS:
                raise ImportFileError(
                    _("Row %(row)s has more than %(limit)s columns.")
                    % {"row": row_number, "limit": MAX_COLUMNS},
                    code="too_many_columns",
                )
            value = _cell_value(cell, shared)
            if len(value) > MAX_FIELD_CHARS:
                raise ImportFileError(
                    _("Row %(row)s holds a cell longer than %(limit)s characters.")
                    % {"row": row_number, "limit": f"{MAX_FIELD_CHARS:,}"},
                    code="field_too_long",
                )
            if value != "":
                cells[position] = value
        if cells:
            yield row_number, [cells.get(index, "") for index in range(max(cells) + 1)]


def _cell_value(cell: Any, shared: list[str]) -> str:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = next((child for child in cell if _local_name(child.tag) == "is"), None)
        return _text_of(inline) if inline is not None else ""
    raw = next((child.text or "" for child in cell if _local_name(child.tag) == "v"), "")
    if kind == "s":
        try:
            return shared[int(raw)]
        except (ValueError, IndexError):
            return ""
    if kind == "b":
        return "TRUE" if raw == "1" else "FALSE"
    if kind == "n" and raw.endswith(".0"):
        return raw[:-2]
    return raw


# --- JSON ----------------------------------------------------------------------------------------


def json_items(path: Path) -> Iterator[tuple[int, Any]]:
    """``(index from 1, value)`` for each element of a top-level JSON array, streamed.

    One element is decoded at a time (``raw_decode``), so a huge array never sits in memory; an
    element nested deeper than :data:`MAX_JSON_DEPTH` or larger than
    :data:`MAX_JSON_ITEM_CHARS` refuses the file.
    """
    check_size(path)
    require_text(path)
    decoder = json.JSONDecoder()
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", errors="strict")
        reader = _JsonStream(text)
        try:
            yield from _array_elements(reader, decoder)
        except UnicodeDecodeError as error:
            raise encoding_error() from error


class _JsonStream:
    def __init__(self, handle: IO[str]) -> None:
        self.handle = handle
        self.buffer = ""
        self.position = 0
        self.eof = False

    def fill(self) -> bool:
        if self.eof:
            return False
        chunk = self.handle.read(_CHUNK)
        if not chunk:
            self.eof = True
            return False
        self.buffer = self.buffer[self.position :] + chunk
        self.position = 0
        return True

    def skip_space(self) -> str:
        """The next non-blank character (not consumed), or "" at the end."""
        while True:
            while self.position < len(self.buffer) and self.buffer[self.position] in " \t\r\n":
                self.position += 1
            if self.position < len(self.buffer):
                return self.buffer[self.position]
            if not self.fill():
                return ""


def _truncated_json() -> ImportFileError:
    return ImportFileError(
        _("The JSON ends too early: the file looks truncated."), code="truncated"
    )


def _array_elements(reader: _JsonStream, decoder: json.JSONDecoder) -> Iterator[tuple[int, Any]]:
    first = reader.skip_space()
    if first == "":
        raise ImportFileError(_("The file is empty."), code="empty_file")
    if first != "[":
        raise ImportFileError(
            _("The JSON file must hold a list of records: [ {…}, {…} ]."), code="wrong_structure"
        )
    reader.position += 1
    index = 0
    limit = settings.TATABBU_IMPORT_MAX_ROWS
    while True:
        next_char = reader.skip_space()
        if next_char == "":
            raise _truncated_json()
        if next_char == "]":
            reader.position += 1
            if reader.skip_space() != "":
                raise ImportFileError(
                    _("The JSON file has content after its list."), code="malformed_json"
                )
            return
        if index and next_char == ",":
            reader.position += 1
            reader.skip_space()
        elif index:
            raise ImportFileError(
                _("The JSON is malformed after record %(index)s.") % {"index": index},
                code="malformed_json",
            )
        index += 1
        if index > limit:
            raise too_many_rows()
        yield index, _decode_one(reader, decoder, index)


def _decode_one(reader: _JsonStream, decoder: json.JSONDecoder, index: int) -> Any:
    while True:
        try:
            value, end = decoder.raw_decode(reader.buffer, reader.position)
        except RecursionError as error:
            raise _too_deep(index) from error
        except json.JSONDecodeError as error:
            if len(reader.buffer) - reader.position > MAX_JSON_ITEM_CHARS:
                raise ImportFileError(
                    _("Record %(index)s of the JSON file is too large or malformed.")
                    % {"index": index},
                    code="malformed_json",
                ) from error
            if not reader.fill():
                if error.pos >= len(reader.buffer) - 1 or "Unterminated" in error.msg:
                    raise _truncated_json() from error
                raise ImportFileError(
                    _("The JSON is malformed in record %(index)s: %(detail)s")
                    % {"index": index, "detail": error.msg},
                    code="malformed_json",
                ) from error
            continue
        # A value ending exactly at the buffer's end may be a number cut by the chunking.
        if end == len(reader.buffer) and not reader.eof and reader.fill():
            continue
        reader.position = end
        if _depth(value) > MAX_JSON_DEPTH:
            raise _too_deep(index)
        return value


def _too_deep(index: int) -> ImportFileError:
    return ImportFileError(
        _("Record %(index)s of the JSON file is nested too deeply.") % {"index": index},
        code="json_too_deep",
    )


def _depth(value: Any, level: int = 1) -> int:
    if level > MAX_JSON_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(item, level + 1) for item in value.values()), default=level)
    if isinstance(value, list):
        return max((_depth(item, level + 1) for item in value), default=level)
    return level - 1


def too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("The file has more than %(limit)s rows.")
        % {"limit": f"{settings.TATABBU_IMPORT_MAX_ROWS:,}"},
        code="too_many_rows",
    )


# --- Tables: CSV or XLSX as dictionaries ---------------------------------------------------------


class Table:
    """A CSV or XLSX file as a header and a stream of ``{column: value}`` rows."""

    def __init__(self, path: Path, *, kind: str, delimiters: str = ",") -> None:
        self.kind = kind
        if kind == "xlsx":
            self._rows = xlsx_rows(path)
            first = next(self._rows, None)
            if first is None:
                raise ImportFileError(_("The file is empty."), code="empty_file")
            self.header = [name.strip() for name in first[1]]
        else:
            self._csv = CsvFile(path, delimiters=delimiters)
            self.header = self._csv.header
            self._rows = self._csv.rows()

    def check_columns(self, required: set[str], *, allowed: set[str] | None = None) -> None:
        try:
            require_columns(self.header, required, allowed=allowed)
        except ImportFileError:
            self.close()
            raise

    def rows(self) -> Iterator[tuple[int, dict[str, str], list[tuple[str, str, str]]]]:
        """``(row number, {column: value}, problems)``; a problem is (column, code, message):
        a width that does not match the header, or a cell that is not UTF-8."""
        width = len(self.header)
        named = [(index, name) for index, name in enumerate(self.header) if name]
        every_column_named = len(named) == width
        limit = settings.TATABBU_IMPORT_MAX_ROWS
        count = 0
        for number, cells in self._rows:
            count += 1
            if count > limit:
                raise too_many_rows()
            problems: list[tuple[str, str, str]] = []
            if self.kind == "csv" and len(cells) != width:
                problems.append(
                    (
                        "columns",
                        "wrong_width",
                        _("expected %(expected)s columns, found %(found)s.")
                        % {"expected": width, "found": len(cells)},
                    )
                )
            elif len(cells) > width and any(cell.strip() for cell in cells[width:]):
                problems.append(
                    ("columns", "wrong_width", _("values beyond the last named column."))
                )
            if every_column_named and len(cells) >= width:  # the usual row: no lookups
                row = {name: cell.strip() for name, cell in zip(self.header, cells, strict=False)}
            else:
                row = {
                    name: (cells[index].strip() if index < len(cells) else "")
                    for index, name in named
                }
            if self.kind == "csv" and invalid_utf8("".join(cells)):
                problems.extend(
                    (name, "encoding", _ENCODING_MESSAGE())
                    for name, value in row.items()
                    if invalid_utf8(value)
                )
            yield number, row, problems
        if count == 0:
            raise ImportFileError(_("The file has a header but no rows."), code="no_rows")

    def close(self) -> None:
        if self.kind == "csv":
            self._csv.close()
        else:
            self._rows.close()  # type: ignore[attr-defined]
