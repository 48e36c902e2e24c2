"""What a report says, independent of its file format: a title page's facts and a list of
blocks. A report kind builds one :class:`ReportDocument`; each renderer (DOCX, PDF, XLSX) turns
it into a file.

Content is *data*: strings, numbers and dates, never markup or template source. Renderers escape
it for their format, so text such as ``{{ 7*7 }}`` or ``<img src="file:///etc/passwd">`` is
printed as written and never evaluated or fetched (RELIABILITY.md REP-1).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Union

Value = Union[str, int, Decimal, datetime.date, None, "Text"]

RTL_LANGUAGES = frozenset({"ar"})


def direction(language: str) -> str:
    return "rtl" if language[:2] in RTL_LANGUAGES else "ltr"


@dataclass(frozen=True)
class Text:
    """A string in a language other than the report's (an Arabic-only measure in a French
    report): renderers set its language and direction."""

    value: str
    language: str

    def __str__(self) -> str:
        return self.value


@dataclass
class Block:
    """Base of every block. ``formats`` limits a block to some renderers (``None``: all)."""

    formats: frozenset[str] | None = field(default=None, kw_only=True)

    def shown_in(self, file_format: str) -> bool:
        return self.formats is None or file_format in self.formats


@dataclass
class Heading(Block):
    """A section title; levels 1 and 2 appear in the table of contents."""

    text: str | Text
    level: int = 1


@dataclass
class Paragraph(Block):
    text: str | Text
    style: str = "body"  # body | note | quote


@dataclass
class Facts(Block):
    """Label–value pairs (a project's responsible unit, dates, budget…)."""

    items: list[tuple[str, Value]]


@dataclass
class Column:
    label: str
    kind: str = "text"  # text | number | percent | money | date
    width: int = 1  # relative width


@dataclass
class Table(Block):
    """Rows of values under columns. ``sheet`` names the XLSX sheet it goes to (tables with the
    same sheet follow one another)."""

    columns: list[Column]
    rows: list[list[Value]]
    caption: str = ""
    sheet: str = ""


@dataclass
class PageBreak(Block):
    pass


@dataclass
class ReportDocument:
    """A whole report, in one language."""

    language: str
    title: str
    subtitle: str = ""
    state_name: str = ""
    body_name: str = ""
    symbol: str = ""
    date: datetime.date = field(default_factory=datetime.date.today)
    file_stem: str = "report"
    blocks: list[Block] = field(default_factory=list)

    @property
    def direction(self) -> str:
        return direction(self.language)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def blocks_for(self, file_format: str) -> Iterator[Block]:
        return (block for block in self.blocks if block.shown_in(file_format))

    def contents(self, file_format: str) -> list[tuple[str, Heading]]:
        """``(anchor, heading)`` of the headings listed in the table of contents."""
        return [
            (f"section-{index}", block)
            for index, block in enumerate(self.blocks)
            if isinstance(block, Heading) and block.level <= 2 and block.shown_in(file_format)
        ]

    def size(self) -> int:
        """Rough size (blocks plus table rows), to bound the work of renderers."""
        return sum(1 + len(block.rows) if isinstance(block, Table) else 1 for block in self.blocks)
