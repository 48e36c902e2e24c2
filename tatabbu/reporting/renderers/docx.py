"""DOCX through python-docx, with real right-to-left for Arabic (ECOSYSTEM.md "Documents"):
``w:bidi`` on every right-to-left paragraph, ``w:rtl`` on its runs, ``w:bidiVisual`` on tables,
and paragraph alignment left unset (an explicit RIGHT renders left in LibreOffice; with bidi,
"start" is the right side). Also: a title page, a table of contents (a TOC field whose cached
result lists the headings, so it reads well before fields are updated), page numbers in the
footer and the body's name in the header.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from ..document import Facts, Heading, PageBreak, Paragraph, ReportDocument, Table, direction
from .common import as_text, clean, language_of

LATIN_FONT = "Noto Sans"
ARABIC_FONT = "Noto Naskh Arabic"
BIDI_LANGUAGE = {"ar": "ar-MA"}
PRIMARY = RGBColor(0x0B, 0x55, 0x66)
# Elements that must follow the ones we add, by (parent, child) (ECMA-376 part 1, §17).
_SUCCESSORS = {
    (qn("w:pPr"), qn("w:bidi")): (
        "w:adjustRightInd",
        "w:snapToGrid",
        "w:spacing",
        "w:ind",
        "w:contextualSpacing",
        "w:mirrorIndents",
        "w:suppressOverlap",
        "w:jc",
        "w:textDirection",
        "w:textAlignment",
        "w:textboxTightWrap",
        "w:outlineLvl",
        "w:divId",
        "w:cnfStyle",
        "w:rPr",
        "w:sectPr",
        "w:pPrChange",
    ),
    (qn("w:sectPr"), qn("w:bidi")): (
        "w:rtlGutter",
        "w:docGrid",
        "w:printerSettings",
        "w:sectPrChange",
    ),
    (qn("w:tblPr"), qn("w:bidiVisual")): (
        "w:tblStyleRowBandSize",
        "w:tblStyleColBandSize",
        "w:tblW",
        "w:jc",
        "w:tblCellSpacing",
        "w:tblInd",
        "w:tblBorders",
        "w:shd",
        "w:tblLayout",
        "w:tblCellMar",
        "w:tblLook",
        "w:tblCaption",
        "w:tblDescription",
        "w:tblPrChange",
    ),
    (qn("w:rPr"), qn("w:szCs")): (
        "w:highlight",
        "w:u",
        "w:effect",
        "w:bdr",
        "w:shd",
        "w:fitText",
        "w:vertAlign",
        "w:rtl",
        "w:cs",
        "w:em",
        "w:lang",
        "w:eastAsianLayout",
        "w:specVanish",
        "w:oMath",
    ),
}


def render_docx(document: ReportDocument) -> bytes:
    word = Document()
    _set_defaults(word, document.language)
    _header_footer(word, document)
    _title_page(word, document)
    _contents(word, document)
    for block in document.blocks_for("docx"):
        _block(word, block, document.language)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


# --- Document set-up ---------------------------------------------------------------------------


def _set_defaults(word: Any, language: str) -> None:
    styles = word.styles
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        style = styles[name]
        style.font.name = LATIN_FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attribute in ("w:ascii", "w:hAnsi"):
            fonts.set(qn(attribute), LATIN_FONT)
        fonts.set(qn("w:cs"), ARABIC_FONT)
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(attribute), None)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), {"fr": "fr-FR", "en": "en-GB"}.get(language, "en-GB"))
        lang.set(qn("w:bidi"), BIDI_LANGUAGE.get(language, "ar-MA"))
    styles["Normal"].font.size = Pt(10.5)
    _complex_size(styles["Normal"], 11)
    for name, size in (("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11.5)):
        styles[name].font.size = Pt(size)
        styles[name].font.color.rgb = PRIMARY
        _complex_size(styles[name], size + 1)
    if direction(language) == "rtl":
        _insert_ordered(word.sections[0]._sectPr, OxmlElement("w:bidi"))


def _complex_size(style: Any, points: float) -> None:
    rpr = style.element.get_or_add_rPr()
    for existing in rpr.findall(qn("w:szCs")):
        rpr.remove(existing)
    size = OxmlElement("w:szCs")
    size.set(qn("w:val"), str(int(points * 2)))
    _insert_ordered(rpr, size)


def _insert_ordered(parent: Any, child: Any) -> None:
    """Insert ``child`` where the WordprocessingML schema wants it among ``parent``'s children
    (Word refuses documents whose elements are out of order)."""
    successors = _SUCCESSORS.get((parent.tag, child.tag), ())
    parent.insert_element_before(child, *successors)


def _header_footer(word: Any, document: ReportDocument) -> None:
    section = word.sections[0]
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    _run(
        header,
        " · ".join(filter(None, [document.state_name, document.body_name])),
        document.language,
        size=8,
    )
    footer = section.footer.paragraphs[0]
    _set_direction(footer, document.language)
    _field(footer, "PAGE", "1", document.language)
    _run(footer, " / ", document.language)
    _field(footer, "NUMPAGES", "1", document.language)


def _title_page(word: Any, document: ReportDocument) -> None:
    language = document.language
    for text, size, bold in (
        (document.state_name, 14, True),
        (document.body_name, 13, False),
    ):
        if text:
            _paragraph(word, text, language, size=size, bold=bold)
    for _index in range(3):
        _paragraph(word, "", language)
    title = word.add_paragraph(style="Title")
    _set_direction(title, language)
    _run(title, document.title, language)
    if document.subtitle:
        _paragraph(word, document.subtitle, language, size=14)
    if document.symbol:
        _paragraph(word, document.symbol, language, size=11)
    _paragraph(word, date_format(document.date, "DATE_FORMAT"), language, size=11)
    _page_break(word)


def _contents(word: Any, document: ReportDocument) -> None:
    entries = document.contents("docx")
    if not entries:
        return
    heading = word.add_paragraph(style="Heading 1")
    _set_direction(heading, document.language)
    _run(heading, _("Contents"), document.language)
    for index, (_anchor, entry) in enumerate(entries):
        paragraph = word.add_paragraph()
        lang = language_of(entry.text, document.language)
        _set_direction(paragraph, lang)
        if entry.level > 1:
            paragraph.paragraph_format.left_indent = Pt(18) if direction(lang) == "ltr" else None
            paragraph.paragraph_format.right_indent = Pt(18) if direction(lang) == "rtl" else None
        if index == 0:
            _field_begin(paragraph, 'TOC \\o "1-2" \\h \\z \\u', lang)
        _run(paragraph, as_text(entry.text), lang)
        if index == len(entries) - 1:
            _field_end(paragraph, lang)
    _page_break(word)


# --- Blocks ------------------------------------------------------------------------------------


def _block(word: Any, block: Any, language: str) -> None:
    if isinstance(block, Heading):
        paragraph = word.add_paragraph()
        paragraph._p.style = _style_id(word, f"Heading {min(max(block.level, 1), 4)}")
        lang = language_of(block.text, language)
        _set_direction(paragraph, lang)
        _run(paragraph, as_text(block.text), lang)
    elif isinstance(block, Paragraph):
        lang = language_of(block.text, language)
        size = 9 if block.style == "note" else None
        _paragraph(word, as_text(block.text), lang, size=size, italic=block.style == "quote")
    elif isinstance(block, Facts):
        table = _table(word, 2, language)
        for label, value in block.items:
            cells = table.add_row().cells
            _cell(cells[0], clean(label), language, bold=True)
            _cell(cells[1], as_text(value), language_of(value, language))
        word.add_paragraph()
    elif isinstance(block, Table):
        if block.caption:
            _paragraph(word, clean(block.caption), language, bold=True)
        table = _table(word, len(block.columns), language)
        header = table.add_row()
        _repeat_header(header)
        for cell, column in zip(header.cells, block.columns, strict=False):
            _cell(cell, clean(column.label), language, bold=True)
        for row in block.rows:
            cells = table.add_row().cells
            for cell, value, column in zip(cells, row, block.columns, strict=False):
                _cell(cell, as_text(value, column.kind), language_of(value, language))
        word.add_paragraph()
    elif isinstance(block, PageBreak):
        _page_break(word)
    else:
        raise TypeError(f"Unknown block {type(block).__name__}")


def _table(word: Any, columns: int, language: str) -> DocxTable:
    table = word._body.add_table(0, columns, word._block_width)
    properties = table._tbl.tblPr
    properties.style = _style_id(word, "Table Grid")
    if direction(language) == "rtl":
        _insert_ordered(properties, OxmlElement("w:bidiVisual"))
    return table


def _style_id(word: Any, name: str) -> str:
    """Style id by name, looked up once per document (python-docx scans the styles each time)."""
    cache = word.__dict__.setdefault("_tatabbu_style_ids", {})
    if name not in cache:
        cache[name] = word.styles[name].style_id
    return cache[name]


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _cell(cell: Any, text: str, language: str, *, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    _set_direction(paragraph, language)
    _run(paragraph, text, language, bold=bold, size=9)


# --- Paragraphs and runs -----------------------------------------------------------------------


def _paragraph(
    word: Any,
    text: str,
    language: str,
    *,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
) -> DocxParagraph:
    paragraph = word.add_paragraph()
    _set_direction(paragraph, language)
    lines = text.split("\n")
    for index, line in enumerate(lines):
        run = _run(paragraph, line, language, size=size, bold=bold, italic=italic)
        if index < len(lines) - 1:
            run.add_break()
    return paragraph


def _set_direction(paragraph: DocxParagraph, language: str) -> None:
    """Right-to-left paragraphs get ``w:bidi``; alignment stays unset (start side)."""
    if direction(language) == "rtl":
        properties = paragraph._p.get_or_add_pPr()
        if properties.find(qn("w:bidi")) is None:
            _insert_ordered(properties, OxmlElement("w:bidi"))


def _run(
    paragraph: DocxParagraph,
    text: str,
    language: str,
    *,
    size: float | None = None,
    bold: bool = False,
    italic: bool = False,
) -> Any:
    """A run with its properties written in schema order in one go (bold, italic, size,
    right-to-left), much faster than python-docx's property setters on long reports."""
    run = paragraph.add_run(clean(text))
    properties = []
    if bold:
        properties += ["w:b", "w:bCs"]
    if italic:
        properties += ["w:i", "w:iCs"]
    if size:
        properties += [("w:sz", str(int(size * 2))), ("w:szCs", str(int(size * 2)))]
    if direction(language) == "rtl":
        properties.append("w:rtl")
    if properties:
        rpr = OxmlElement("w:rPr")
        for item in properties:
            name, value = item if isinstance(item, tuple) else (item, None)
            element = OxmlElement(name)
            if value is not None:
                element.set(qn("w:val"), value)
            rpr.append(element)
        run._r.insert(0, rpr)
    return run


def _field(paragraph: DocxParagraph, instruction: str, placeholder: str, language: str) -> None:
    _field_begin(paragraph, instruction, language)
    _run(paragraph, placeholder, language)
    _field_end(paragraph, language)


def _field_begin(paragraph: DocxParagraph, instruction: str, language: str) -> None:
    begin = _run(paragraph, "", language)
    character = OxmlElement("w:fldChar")
    character.set(qn("w:fldCharType"), "begin")
    begin._r.append(character)
    code = _run(paragraph, "", language)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    code._r.append(text)
    separate = _run(paragraph, "", language)
    character = OxmlElement("w:fldChar")
    character.set(qn("w:fldCharType"), "separate")
    separate._r.append(character)


def _field_end(paragraph: DocxParagraph, language: str) -> None:
    end = _run(paragraph, "", language)
    character = OxmlElement("w:fldChar")
    character.set(qn("w:fldCharType"), "end")
    end._r.append(character)


def _page_break(word: Any) -> None:
    word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
