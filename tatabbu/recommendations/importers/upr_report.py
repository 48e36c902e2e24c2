"""``upr-report``: the plain text of a UPR Working Group report (PDF-to-text output).

The "Conclusions and/or recommendations" section is read as numbered paragraphs (``129.``), each
introducing a list of recommendations numbered ``129.1.``, ``129.2.`` … (or ``1.``, ``2.`` … in
the first cycle, read as ``75.1``, ``75.2``). A marker counts only if it continues the numbering
(the next paragraph or the next item), so numbers inside the text are never taken for markers;
the trailing dot may be missing (``129.51 Adopt…``). Page headers, page numbers, tabs and broken
lines of the PDF conversion are removed first.

Each recommendation's recommending States are the last parenthesised list at its end; the
State's position comes from the paragraph that introduces the list (or the sentence after it):
supports → supported; already implemented → supported with a note; will examine → pending;
does not support → noted; outside the mandate → outside_mandate. The symbol, the State under
review, the date and the Working Group session (hence the cycle) are read from the report.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from ..choices import DocumentType, Position
from .base import Candidate, ImportFileError, ParseOptions
from .readers import read_text

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE = re.compile(rf"\b(\d{{1,2}}) ({_MONTHS}) (\d{{4}})\b")
_SYMBOL = re.compile(r"\bA/HRC/\d+/\d+(?:/Add\.\d+)?")
_TITLE = re.compile(r"Report of the Working Group on the Universal Periodic Review", re.I)
_SECTION = re.compile(r"^\s*(?:[IVX]+\.\s*)?Conclusions\s+and/or\s+recommendations\b", re.I)
_SECTION_END = re.compile(r"^\s*(?:[IVX]+\.\s+\S|Annex\b)", re.I)
_PAGE_HEADER = re.compile(
    r"^(?:A/HRC/[\w./]+(?:\s+Page\s+\d+)?|Page\s+\d+|GE\.\d{2}-\d+.*|\d{1,3}"
    r"|\*+.*not been edited.*)$",
    re.I,
)
_MARKER = re.compile(r"(?<![\w.,/-])(\d{1,3})\.(?:(\d{1,3})\.?)?(?=\s)")
_SESSION = re.compile(r"held its ([a-z]+(?:-[a-z]+)?) session", re.I)
_TRAILING = re.compile(r"[\s;,]*(?:\band\b)?[\s;,.]*$")

_UNITS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
_TEENS = [
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
]
_TENS = {"twent": 20, "thirt": 30, "fort": 40, "fift": 50, "sixt": 60}


def _ordinals() -> dict[str, int]:
    table = {word: number for number, word in enumerate(_UNITS, 1)}
    table.update({word: number for number, word in enumerate(_TEENS, 10)})
    for stem, tens in _TENS.items():
        table[f"{stem}ieth"] = tens
        for number, word in enumerate(_UNITS, 1):
            table[f"{stem}y-{word}"] = tens + number
    return table


ORDINALS = _ordinals()


def cycle_of_session(session: int) -> int:
    """UPR cycle of a Working Group session: 1–12 → 1, 13–26 → 2, 27–40 → 3, 41–54 → 4…"""
    if session <= 12:
        return 1
    return 2 + (session - 13) // 14


# --- Position ----------------------------------------------------------------------------------

_OUTSIDE = re.compile(r"(not (?:fall|come) within|outside|beyond)[^.:]{0,80}mandate")
_NOT_SUPPORTED = re.compile(
    r"(did|does|do) not (enjoy|have|receive) the support|not (been )?supported"
    r"|(was|were|is|are) not accepted|(does|did) not (accept|support)|\brejected\b"
)
_IMPLEMENTED = re.compile(r"already (been )?implemented|in the process of implementation")
_SUPPORTED = re.compile(r"enjoys? the support|\bsupports?\b|\bsupported\b|\baccept(s|ed)\b")
_PENDING = re.compile(r"will (be )?examined?|will provide (its )?responses|will (be )?considered?")
_NOTED = re.compile(r"(have|has|were|was) (been )?noted|took note|\bnotes\b")


def classify(text: str) -> tuple[str, str]:
    """The position a paragraph states, and a note for "already implemented" ("" if unclear)."""
    lowered = " ".join(text.lower().split())
    if _OUTSIDE.search(lowered):
        return Position.OUTSIDE_MANDATE, ""
    if _NOT_SUPPORTED.search(lowered):
        return Position.NOTED, ""
    if _IMPLEMENTED.search(lowered):
        sentence = " ".join(text.split()).rstrip(" :")
        return Position.SUPPORTED, sentence[:300]
    if _SUPPORTED.search(lowered):
        return Position.SUPPORTED, ""
    if _PENDING.search(lowered):
        return Position.PENDING, ""
    if _NOTED.search(lowered):
        return Position.NOTED, ""
    return "", ""


# --- Section and markers -----------------------------------------------------------------------


@dataclass
class _Item:
    number: str
    start: int
    end: int = 0


@dataclass
class _Paragraph:
    number: int
    start: int
    body_start: int
    end: int = 0
    items: list[_Item] = field(default_factory=list)
    mode: str = ""  # "sub" (129.1) or "simple" (1.)

    @property
    def last(self) -> int:
        return int(self.items[-1].number) if self.items else 0


class _Section:
    """The section's text joined into one string, with a map back to file lines."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        pieces: list[str] = []
        self.offsets: list[int] = []
        self.line_numbers: list[int] = []
        position = 0
        for number, line in lines:
            clean = " ".join(line.replace("\t", " ").split())
            if not clean or _PAGE_HEADER.match(clean):
                continue
            self.offsets.append(position)
            self.line_numbers.append(number)
            pieces.append(clean)
            position += len(clean) + 1
        self.text = " ".join(pieces)

    def line_of(self, offset: int) -> int:
        index = bisect.bisect_right(self.offsets, offset) - 1
        return self.line_numbers[max(index, 0)]


def _section_lines(lines: list[str]) -> list[tuple[int, str]]:
    start = None
    for index, line in enumerate(lines):
        if _SECTION.match(line) and "..." not in line and "…" not in line:
            start = index
            break
    if start is None:
        raise ImportFileError(
            _("No “Conclusions and/or recommendations” section was found in the report."),
            code="no_recommendations",
        )
    selected = []
    for index in range(start + 1, len(lines)):
        if _SECTION_END.match(lines[index]):
            break
        selected.append((index + 1, lines[index]))
    return selected


def _paragraphs(text: str) -> list[_Paragraph]:
    paragraphs: list[_Paragraph] = []
    current: _Paragraph | None = None
    for match in _MARKER.finditer(text):
        major, minor = int(match.group(1)), match.group(2)
        if minor is not None:
            accepted = (
                current is not None
                and major == current.number
                and current.mode != "simple"
                and int(minor) == current.last + 1
            )
            if accepted:
                current.mode = "sub"
                current.items.append(_Item(minor, match.end()))
            continue
        if current is None or major == current.number + 1:
            current = _Paragraph(major, match.start(), match.end())
            paragraphs.append(current)
        elif current.mode != "sub" and major == current.last + 1:
            current.mode = "simple"
            current.items.append(_Item(str(major), match.end()))
    for index, paragraph in enumerate(paragraphs):
        paragraph.end = paragraphs[index + 1].start if index + 1 < len(paragraphs) else len(text)
        for position, item in enumerate(paragraph.items):
            following = paragraph.items[position + 1 :]
            item.end = _marker_start(text, following[0].start) if following else paragraph.end
    return paragraphs


def _marker_start(text: str, body_start: int) -> int:
    """Where the marker whose text starts at ``body_start`` begins."""
    match = re.search(r"\d{1,3}(?:\.\d{1,3})?\.?\s*$", text[:body_start])
    return match.start() if match else body_start


# --- Recommending States -----------------------------------------------------------------------


def _groups(text: str) -> list[tuple[int, int]]:
    """Top-level balanced parenthesised groups as (start, end) offsets."""
    groups, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "(":
            if depth == 0:
                start = index
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, index + 1))
    return groups


def split_states(content: str, is_state: Callable[[str], bool] | None) -> list[str]:
    """``"Bolivia (Plurinational State of), Spain and France"`` → three names."""
    parts, depth, current = [], 0, []
    for char in content:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    names: list[str] = []
    for part in (part.strip() for part in parts):
        if not part:
            continue
        part = re.sub(r"^and\s+", "", part)
        if " and " in part and not (is_state and is_state(part)):
            names.extend(piece.strip() for piece in part.split(" and ") if piece.strip())
        else:
            names.append(part)
    return names


def _split_item(raw: str, is_state: Callable[[str], bool] | None) -> tuple[str, list[str], str]:
    """(text, recommending States, text after the States' parentheses) of one item."""
    candidates = [
        (start, end)
        for start, end in _groups(raw)
        if re.match(r"\s*[;.,]?\s*(?:and\b|$|[A-Z])", raw[end:])
    ]
    if not candidates:
        return raw.strip(), [], ""
    chosen = candidates[-1]
    if is_state is not None:
        for start, end in reversed(candidates):
            names = split_states(raw[start + 1 : end - 1], is_state)
            if names and all(is_state(name) for name in names):
                chosen = (start, end)
                break
    start, end = chosen
    states = split_states(raw[start + 1 : end - 1], is_state)
    trailing = _TRAILING.sub("", raw[end:].lstrip(" ;,.")).strip()
    trailing = re.sub(r"^and\b\s*", "", trailing)
    return raw[:end].strip(), states, trailing


# --- The parser --------------------------------------------------------------------------------


@dataclass
class ReportHeader:
    symbol: str = ""
    state: str = ""
    date: str = ""
    year: str = ""
    session: str = ""
    cycle: str = ""


def read_header(text: str, is_state: Callable[[str], bool] | None = None) -> ReportHeader:
    header = ReportHeader()
    lines = text.splitlines()
    top = text[:3000]
    contents = re.search(r"^\s*contents\b", top, re.I | re.M)
    block = top[: contents.start()] if contents else top[:1500]
    if symbol := _SYMBOL.search(block):
        header.symbol = symbol.group(0)
    if date := _DATE.search(block):
        day, month, year = date.groups()
        month_number = _MONTHS.split("|").index(month) + 1
        header.date = f"{year}-{month_number:02d}-{int(day):02d}"
        header.year = year
    for index, line in enumerate(lines[:80]):
        if _TITLE.search(line):
            for following in lines[index + 1 : index + 6]:
                name = following.strip().strip("*").strip()
                if not name or following.strip().startswith("*") or len(name) > 80:
                    continue
                if is_state is None or is_state(name):
                    header.state = name
                break
            break
    if session := _SESSION.search(text[:20000]):
        number = ORDINALS.get(session.group(1).lower())
        if number:
            header.session = str(number)
            header.cycle = str(cycle_of_session(number))
    return header


def parse(path: Path, options: ParseOptions) -> Iterator[Candidate]:
    text = read_text(path)
    header = read_header(text, options.is_state)
    symbol = options.symbol or header.symbol
    if not symbol:
        raise ImportFileError(
            _("The report's symbol was not found: give it with --symbol."), code="no_symbol"
        )
    section = _Section(_section_lines(text.splitlines()))
    paragraphs = [paragraph for paragraph in _paragraphs(section.text) if paragraph.items]
    if not paragraphs:
        raise ImportFileError(
            _("No numbered recommendations were found in the conclusions section."),
            code="no_recommendations",
        )
    for paragraph in paragraphs:
        yield from _paragraph_candidates(paragraph, section, header, symbol, options)


def _paragraph_candidates(
    paragraph: _Paragraph,
    section: _Section,
    header: ReportHeader,
    symbol: str,
    options: ParseOptions,
) -> Iterator[Candidate]:
    text = section.text
    intro = text[paragraph.body_start : _marker_start(text, paragraph.items[0].start)]
    parts = [_split_item(text[item.start : item.end], options.is_state) for item in paragraph.items]
    position, note = classify(intro)
    if not position:
        position, note = classify(parts[-1][2])
    for item, (item_text, states, _trailing) in zip(paragraph.items, parts, strict=True):
        number = f"{paragraph.number}.{item.number}"
        candidate = Candidate(
            row=section.line_of(item.start),
            columns={"natural_key": number, "text": number, "text_en": number},
        )
        candidate.natural_key = f"{symbol}#{number}"
        candidate.symbol = symbol
        candidate.document_type = DocumentType.UPR_REPORT
        candidate.document_date = header.date
        candidate.document_title = "Report of the Working Group on the Universal Periodic Review"
        candidate.mechanism = "UPR"
        candidate.state = options.state or header.state
        candidate.cycle = header.cycle
        candidate.session = header.session
        candidate.year = header.year
        candidate.paragraph = number
        candidate.text_en = item_text
        candidate.position = position
        candidate.position_note = note
        candidate.recommending_states = states
        if not position:
            candidate.error(
                "position",
                "unknown_position",
                _("the State's position cannot be read from paragraph %(number)s.")
                % {"number": paragraph.number},
            )
        if not states:
            candidate.error(
                "recommending_states",
                "required",
                _("no recommending State in parentheses at the end of the recommendation."),
            )
        yield candidate
