"""Exports of a filtered recommendation list to CSV, XLSX and JSON, streamed.

Cells are protected against formula injection (RELIABILITY.md EXP-1): in CSV a text value that
starts with ``= + - @``, a tab, a carriage return or NUL — or with the quote itself — gets a
leading ``'`` (:func:`csv_unescape` takes exactly one off again, so the file round-trips); in
XLSX every text cell is written as a string cell (never a formula) with Excel's quote prefix;
JSON carries the values as they are.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterator
from typing import IO, Any

from django.http import FileResponse, Http404, QueryDict, StreamingHttpResponse
from django.utils import timezone

from .choices import SortOrder

FORMATS = ("csv", "xlsx", "json")
DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")
COLUMNS = [
    "uuid",
    "document",
    "paragraph",
    "mechanism",
    "mechanism_kind",
    "state",
    "cycle",
    "session",
    "year",
    "position",
    "implementation_status",
    "text_ar",
    "text_fr",
    "text_en",
    "recommending_states",
    "themes",
    "groups",
    "sdg_goals",
    "sdg_targets",
    "action_category",
    "cluster",
    "cluster_name",
    "source_file",
    "source_row",
]
LIST_SEPARATOR = "; "
CHUNK_SIZE = 1000
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def export_filters(filters: QueryDict) -> QueryDict:
    """Exports hold every matching row: relevance ranking (bounded) gives way to newest first."""
    filters = filters.copy()
    if filters.get("sort") in (None, "", SortOrder.RELEVANCE):
        filters["sort"] = SortOrder.NEWEST
    return filters


def rows(queryset: Any) -> Iterator[dict[str, Any]]:
    """One dict per recommendation, in ``COLUMNS`` order; lists as lists."""
    queryset = queryset.select_related(
        "document", "mechanism", "state", "cluster"
    ).prefetch_related("recommending_states", "themes", "groups", "sdg_goals", "sdg_targets")
    for item in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield {
            "uuid": str(item.uuid),
            "document": item.document.reference,
            "paragraph": item.paragraph,
            "mechanism": item.mechanism.code,
            "mechanism_kind": item.mechanism.kind,
            "state": item.state.code,
            "cycle": item.cycle,
            "session": item.session,
            "year": item.year,
            "position": item.position,
            "implementation_status": item.implementation_status,
            "text_ar": item.text_ar,
            "text_fr": item.text_fr,
            "text_en": item.text_en,
            "recommending_states": sorted(c.code for c in item.recommending_states.all()),
            "themes": sorted(t.slug for t in item.themes.all()),
            "groups": sorted(g.slug for g in item.groups.all()),
            "sdg_goals": sorted(g.number for g in item.sdg_goals.all()),
            "sdg_targets": sorted(t.code for t in item.sdg_targets.all()),
            "action_category": item.action_category,
            "cluster": str(item.cluster.uuid) if item.cluster_id else "",
            "cluster_name": str(item.cluster.name) if item.cluster_id else "",
            "source_file": item.source_file,
            "source_row": item.source_row,
        }


# --- Cells --------------------------------------------------------------------------------------


def csv_escape(value: str) -> str:
    """Neutralise a text cell for spreadsheets: a leading ``'`` before a dangerous first
    character (and before a leading quote, so that unescaping is exact)."""
    if value and (value.startswith(DANGEROUS_PREFIXES) or value.startswith("'")):
        return "'" + value
    return value


def csv_unescape(value: str) -> str:
    return value[1:] if value.startswith("'") else value


def _flat(value: Any) -> Any:
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return value


def _csv_cell(value: Any) -> str:
    value = _flat(value)
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return csv_escape(str(value))


# --- Writers ------------------------------------------------------------------------------------


class _Echo:
    def write(self, value: str) -> str:
        return value


def iter_csv(queryset: Any) -> Iterator[str]:
    writer = csv.writer(_Echo(), lineterminator="\r\n")
    yield "\ufeff"  # so that spreadsheets read the file as UTF-8 (Arabic)
    yield writer.writerow(COLUMNS)
    for row in rows(queryset):
        yield writer.writerow([_csv_cell(row[column]) for column in COLUMNS])


def iter_json(queryset: Any) -> Iterator[str]:
    yield "["
    first = True
    for row in rows(queryset):
        yield ("\n" if first else ",\n") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "\n]\n"


def write_xlsx(queryset: Any, handle: IO[bytes]) -> None:
    """Write the workbook in openpyxl's write-only mode (rows are not kept in memory)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("recommendations")
    bold = Font(bold=True)
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in rows(queryset):
        cells = []
        for column in COLUMNS:
            value = _flat(row[column])
            if value is None or isinstance(value, int):
                cells.append(value)
                continue
            cell = WriteOnlyCell(sheet, value=None)
            cell.value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
            cell.data_type = "s"  # a string, even when it starts with "="
            if cell.value.startswith(DANGEROUS_PREFIXES):
                cell.quotePrefix = True  # type: ignore[attr-defined]
            cells.append(cell)
        sheet.append(cells)
    workbook.save(handle)


def write_export(queryset: Any, *, format: str, handle: IO[Any]) -> None:
    """Write an export to an open file (text for csv/json, binary for xlsx)."""
    if format == "xlsx":
        write_xlsx(queryset, handle)
        return
    chunks = iter_csv(queryset) if format == "csv" else iter_json(queryset)
    for chunk in chunks:
        handle.write(chunk)


def export_file_name(format: str) -> str:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return f"recommendations-{stamp}.{format}"


def export_response(queryset: Any, *, format: str) -> StreamingHttpResponse | FileResponse:
    if format not in FORMATS:
        raise Http404
    name = export_file_name(format)
    if format == "xlsx":
        handle = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes it)
        write_xlsx(queryset, handle)
        handle.seek(0)
        response = FileResponse(
            handle, as_attachment=True, filename=name, content_type=CONTENT_TYPES["xlsx"]
        )
    else:
        chunks = iter_csv(queryset) if format == "csv" else iter_json(queryset)
        response = StreamingHttpResponse(
            (chunk.encode("utf-8") for chunk in chunks), content_type=CONTENT_TYPES[format]
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
