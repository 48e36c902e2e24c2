"""XLSX through openpyxl: a cover sheet (title, State, body, symbol, date, the list of sheets),
then one sheet per ``Table.sheet`` with typed cells (numbers, dates), sheets laid out
right-to-left in Arabic, page numbers in the print footer.

Text cells are always stored as text, so a value such as ``=HYPERLINK(…)`` is shown, never run as
a formula (RELIABILITY.md EXP-1).
"""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from ..document import ReportDocument, Table, Text
from .common import clean

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_NUMBER_FORMATS = {
    "percent": "0.0",
    "money": "#,##0.00",
    "number": "#,##0.##",
    "date": "yyyy-mm-dd",
}
HEADER_FILL = PatternFill("solid", fgColor="E6EFF1")


def render_xlsx(document: ReportDocument) -> bytes:
    workbook = Workbook()
    cover = workbook.active
    cover.title = _sheet_name(_("Report"), set())
    rtl = document.direction == "rtl"
    names: set[str] = {cover.title}
    sheets: dict[str, Any] = {}
    for block in document.blocks_for("xlsx"):
        if not isinstance(block, Table):
            continue
        key = block.sheet or _("Data")
        sheet = sheets.get(key)
        if sheet is None:
            sheet = workbook.create_sheet(_sheet_name(key, names))
            names.add(sheet.title)
            sheets[key] = sheet
            _print_setup(sheet, document, rtl)
        _write_table(sheet, block)
    _write_cover(cover, document, [sheet.title for sheet in sheets.values()])
    _print_setup(cover, document, rtl)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_cover(sheet: Any, document: ReportDocument, sheet_names: list[str]) -> None:
    rows = [
        (document.state_name, True),
        (document.body_name, False),
        (document.title, True),
        (document.subtitle, False),
        (document.symbol, False),
        (document.date, False),
        ("", False),
        (_("Contents"), True),
        *((name, False) for name in sheet_names),
    ]
    for index, (value, bold) in enumerate(rows, 1):
        cell = sheet.cell(row=index, column=1)
        _set(cell, value)
        if bold:
            cell.font = Font(bold=True, size=13)
    sheet.column_dimensions["A"].width = 90


def _write_table(sheet: Any, table: Table) -> None:
    row = sheet.max_row + 2 if sheet.max_row > 1 else 1
    if table.caption:
        _set(sheet.cell(row=row, column=1), table.caption).font = Font(bold=True, size=12)
        row += 1
    for index, column in enumerate(table.columns, 1):
        cell = _set(sheet.cell(row=row, column=index), column.label)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        letter = get_column_letter(index)
        width = min(80, 14 * column.width)
        sheet.column_dimensions[letter].width = max(
            sheet.column_dimensions[letter].width or 0, width
        )
    if row == 1:
        sheet.freeze_panes = "A2"
    for values in table.rows:
        row += 1
        for index, (value, column) in enumerate(zip(values, table.columns, strict=False), 1):
            cell = _set(sheet.cell(row=row, column=index), value)
            if column.kind in _NUMBER_FORMATS and not isinstance(cell.value, str):
                cell.number_format = _NUMBER_FORMATS[column.kind]
            cell.alignment = Alignment(wrap_text=column.kind == "text", vertical="top")


def _set(cell: Any, value: Any) -> Any:
    """Store ``value`` typed: numbers and dates as such, everything else as text (never a
    formula)."""
    if value is None or value == "":
        cell.value = None
    elif isinstance(value, bool):
        cell.value = str(value)
        cell.data_type = "s"
    elif isinstance(value, int | Decimal | float | datetime.date):
        cell.value = value
    else:
        text = clean(value.value if isinstance(value, Text) else str(value))
        cell.value = text
        cell.data_type = "s"  # openpyxl would take a leading "=" for a formula
    return cell


def _sheet_name(name: str, taken: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub(" ", clean(str(name))).strip()[:31] or "Sheet"
    candidate, number = base, 2
    while candidate in taken:
        suffix = f" ({number})"
        candidate = base[: 31 - len(suffix)] + suffix
        number += 1
    return candidate


def _print_setup(sheet: Any, document: ReportDocument, rtl: bool) -> None:
    sheet.sheet_view.rightToLeft = rtl
    sheet.oddFooter.center.text = "&P / &N"
    sheet.oddHeader.center.text = clean(document.body_name)[:200].replace("&", "&&")
    sheet.page_setup.orientation = "landscape"
