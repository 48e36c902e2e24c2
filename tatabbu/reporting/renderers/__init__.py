"""Renderers: a :class:`~tatabbu.reporting.document.ReportDocument` to the bytes of a file."""

from __future__ import annotations

from collections.abc import Callable

from ..document import ReportDocument

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def renderer(file_format: str) -> Callable[[ReportDocument], bytes]:
    if file_format == "docx":
        from .docx import render_docx

        return render_docx
    if file_format == "pdf":
        from .pdf import render_pdf

        return render_pdf
    if file_format == "xlsx":
        from .xlsx import render_xlsx

        return render_xlsx
    raise ValueError(f"Unknown format {file_format!r}")


def render(document: ReportDocument, file_format: str) -> bytes:
    return renderer(file_format)(document)
