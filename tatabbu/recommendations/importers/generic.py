"""``csv``, ``xlsx``, ``json``: Tatabbu's own import template (``docs/import-format.md``).

One row (CSV/XLSX) or one object (JSON list) per recommendation, with the columns of
:data:`COLUMNS`. Lists are ``|``-separated in CSV/XLSX and JSON arrays (or ``|`` strings) in JSON.
Labels must be those of our vocabularies: an unknown theme is an error, not a warning.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .base import Candidate, ImportFileError, ParseOptions
from .readers import Table, json_items

# Column → (type, description); the order is the template's. Documented in docs/import-format.md.
COLUMNS = [
    "key",
    "document_symbol",
    "document_reference",
    "document_type",
    "document_date",
    "mechanism",
    "state_under_review",
    "cycle",
    "session",
    "year",
    "paragraph",
    "text_ar",
    "text_fr",
    "text_en",
    "position",
    "position_note",
    "recommending_states",
    "themes",
    "groups",
    "sdg_goals",
    "sdg_targets",
    "action_category",
]
LIST_COLUMNS = {"recommending_states", "themes", "groups", "sdg_goals", "sdg_targets"}
TEXT_COLUMNS = {"text_ar", "text_fr", "text_en"}
FIELD_NAMES = {
    "natural_key": "key",
    "symbol": "document_symbol",
    "state": "state_under_review",
    "text": "text_ar/text_fr/text_en",
}
# Two real recommendations of A/HRC/21/3 (Morocco, UPR cycle 2), as the template's examples.
EXAMPLE_ROWS: list[dict[str, Any]] = [
    {
        "key": "",
        "document_symbol": "A/HRC/21/3",
        "document_reference": "",
        "document_type": "upr_report",
        "document_date": "2012-07-06",
        "mechanism": "UPR",
        "state_under_review": "MAR",
        "cycle": 2,
        "session": "13",
        "year": 2012,
        "paragraph": "129.10",
        "text_ar": "",
        "text_fr": "",
        "text_en": "Sign the Optional Protocol on the International Covenant on Economic, "
        "Social and Cultural Rights (Portugal)",
        "position": "supported",
        "position_note": "",
        "recommending_states": ["PRT"],
        "themes": ["Ratification of & accession to international instruments"],
        "groups": [],
        "sdg_goals": [],
        "sdg_targets": [],
        "action_category": 5,
    },
    {
        "key": "A/HRC/21/3#131.3",
        "document_symbol": "A/HRC/21/3",
        "document_reference": "",
        "document_type": "upr_report",
        "document_date": "2012-07-06",
        "mechanism": "UPR",
        "state_under_review": "Morocco",
        "cycle": 2,
        "session": "13",
        "year": 2012,
        "paragraph": "131.3",
        "text_ar": "",
        "text_fr": "",
        "text_en": "Introduce a de jure moratorium on the executions as rapidly as possible "
        "(Belgium)",
        "position": "noted",
        "position_note": "",
        "recommending_states": ["Belgium"],
        "themes": ["Death penalty"],
        "groups": [],
        "sdg_goals": [16],
        "sdg_targets": [],
        "action_category": 5,
    },
]


def parse_csv(path: Path, options: ParseOptions) -> Iterator[Candidate]:
    yield from _tabular(Table(path, kind="csv", delimiters=",;"), options)


def parse_xlsx(path: Path, options: ParseOptions) -> Iterator[Candidate]:
    yield from _tabular(Table(path, kind="xlsx"), options)


def parse_json(path: Path, options: ParseOptions) -> Iterator[Candidate]:
    for index, item in json_items(path):
        if not isinstance(item, dict):
            candidate = Candidate(row=index, columns=FIELD_NAMES)
            candidate.error("record", "not_an_object", _("not a JSON object."))
            yield candidate
            continue
        unknown = sorted(str(name) for name in item if name not in COLUMNS)
        row = {name: _text(item.get(name)) for name in COLUMNS if name not in LIST_COLUMNS}
        lists = {name: _list(item.get(name)) for name in LIST_COLUMNS}
        candidate = _candidate(index, row, lists, options)
        for name in unknown:
            candidate.error(name, "unknown_column", _("unknown field."))
        yield candidate


def _tabular(table: Table, options: ParseOptions) -> Iterator[Candidate]:
    table.check_columns({"mechanism"}, allowed=set(COLUMNS))
    if not TEXT_COLUMNS & set(table.header):
        table.close()
        raise ImportFileError(
            _("The columns do not match the format (%(problems)s).")
            % {"problems": _("missing columns: %(names)s") % {"names": "text_ar/text_fr/text_en"}},
            code="wrong_columns",
        )
    present = set(table.header)
    for number, row, problems in table.rows():
        lists = {name: _list(row[name]) for name in LIST_COLUMNS & present}
        candidate = _candidate(number, row, lists, options)
        candidate.report(problems)
        yield candidate


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [_text(item) for item in value if _text(item)]
    return [item.strip() for item in _text(value).split("|") if item.strip()]


def _candidate(
    row_number: int, row: dict[str, str], lists: dict[str, list[str]], options: ParseOptions
) -> Candidate:
    candidate = Candidate(row=row_number, columns=FIELD_NAMES, strict_labels=True)
    symbol = row.get("document_symbol", "")
    reference = row.get("document_reference", "")
    if not symbol and not reference and options.symbol:
        symbol = options.symbol
    paragraph = row.get("paragraph", "")
    key = row.get("key", "")
    candidate.natural_key = key or (f"{symbol}#{paragraph}" if symbol and paragraph else "")
    candidate.symbol = symbol
    candidate.document_reference = reference
    candidate.document_key = f"ref:{reference}" if reference and not symbol else ""
    candidate.document_type = row.get("document_type", "")
    candidate.document_date = row.get("document_date", "")
    candidate.mechanism = row.get("mechanism", "")
    candidate.state = row.get("state_under_review", "")
    candidate.cycle = row.get("cycle", "")
    candidate.session = row.get("session", "")
    candidate.year = row.get("year", "")
    candidate.paragraph = paragraph
    candidate.text_ar = row.get("text_ar", "")
    candidate.text_fr = row.get("text_fr", "")
    candidate.text_en = row.get("text_en", "")
    candidate.position = row.get("position", "")
    candidate.position_note = row.get("position_note", "")
    candidate.action_category = row.get("action_category", "")
    for name, values in lists.items():
        if values:  # an empty cell leaves the stored labels as they are
            setattr(candidate, name, values)
    return candidate


# --- Templates (download from the upload page) ------------------------------------------------

TEMPLATE_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return " | ".join(str(item) for item in value)
    return value


def template(kind: str) -> bytes:
    """The import template in ``kind`` (csv, xlsx, json): the columns and two example rows."""
    if kind == "json":
        return json.dumps(EXAMPLE_ROWS, ensure_ascii=False, indent=2).encode("utf-8")
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for row in EXAMPLE_ROWS:
            writer.writerow([_cell(row[name]) for name in COLUMNS])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: Excel reads it as UTF-8
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "recommendations"
    sheet.append(COLUMNS)
    for row in EXAMPLE_ROWS:
        sheet.append([_cell(row[name]) for name in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column in ("K", "H", "I", "J"):  # paragraph, cycle, session, year as text
        for cell in sheet[column]:
            cell.number_format = "@"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
