"""PDF through WeasyPrint: ``<html lang dir>``, embedded Noto Naskh Arabic / Amiri / Noto Sans,
a table of contents with page numbers, page numbers in the footer.

The HTML is rendered by a template of this app with the document's values as *context*
(auto-escaped), so content is never parsed as template or markup; resources are fetched only
through :class:`~.fonts.FontOnlyFetcher`.
"""

from __future__ import annotations

import logging
from typing import Any

from django.template.loader import render_to_string

from ..document import Facts, Heading, PageBreak, Paragraph, ReportDocument, Table, direction
from .common import as_text, clean, language_of
from .fonts import ARABIC_FONT_STACK, FONT_STACK, FontOnlyFetcher, font_face_css

logger = logging.getLogger(__name__)


def render_pdf(document: ReportDocument) -> bytes:
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    html = render_html(document)
    fetcher = FontOnlyFetcher()
    font_config = FontConfiguration()
    pdf = HTML(string=html, url_fetcher=fetcher).write_pdf(font_config=font_config)
    if fetcher.refused:
        logger.warning(
            "report %s: refused %d resource(s)", document.file_stem, len(fetcher.refused)
        )
    return pdf


def render_html(document: ReportDocument) -> str:
    """The HTML WeasyPrint lays out (also useful to look at a report in a browser)."""
    anchors = {id(heading): anchor for anchor, heading in document.contents("pdf")}
    context = {
        "document": document,
        "direction": document.direction,
        "font_faces": font_face_css(),
        "font_stack": ARABIC_FONT_STACK if document.direction == "rtl" else FONT_STACK,
        "contents": [
            _text(heading.text, document.language) | {"anchor": anchor, "level": heading.level}
            for anchor, heading in document.contents("pdf")
        ],
        "blocks": [
            _block(block, document.language, anchors) for block in document.blocks_for("pdf")
        ],
    }
    return render_to_string("reporting/document.html", context)


def _text(value: Any, language: str) -> dict[str, str]:
    lang = language_of(value, language)
    return {"text": as_text(value), "lang": lang, "dir": direction(lang)}


def _block(block: Any, language: str, anchors: dict[int, str]) -> dict[str, Any]:
    if isinstance(block, Heading):
        return {
            "type": "heading",
            "level": min(max(block.level, 1), 4) + 1,  # h1 is the title
            "anchor": anchors.get(id(block), ""),
            **_text(block.text, language),
        }
    if isinstance(block, Paragraph):
        return {"type": "paragraph", "style": block.style, **_text(block.text, language)}
    if isinstance(block, Facts):
        return {
            "type": "facts",
            "items": [(clean(label), _text(value, language)) for label, value in block.items],
        }
    if isinstance(block, Table):
        return {
            "type": "table",
            "caption": clean(block.caption),
            "columns": [
                {"label": clean(column.label), "kind": column.kind, "width": column.width}
                for column in block.columns
            ],
            "rows": [
                [
                    {**_text_cell(value, column.kind, language), "kind": column.kind}
                    for value, column in zip(row, block.columns, strict=False)
                ]
                for row in block.rows
            ],
        }
    if isinstance(block, PageBreak):
        return {"type": "page_break"}
    raise TypeError(f"Unknown block {type(block).__name__}")


def _text_cell(value: Any, kind: str, language: str) -> dict[str, str]:
    lang = language_of(value, language)
    return {"text": as_text(value, kind), "lang": lang, "dir": direction(lang)}
