"""What every parser produces and what validation returns: candidates, errors, warnings.

A parser turns its file into :class:`Candidate` objects (source strings, not yet resolved) and
file-level problems into :class:`ImportFileError`. ``validation`` resolves candidates against the
reference data into :class:`ValidRecord` objects, or into :class:`RowIssue` errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol


class ImportFileError(Exception):
    """The file as a whole cannot be imported (encoding, size, bomb, columns…). Nothing is written.

    ``message`` is translated (the active language when it was raised); ``code`` is stable.
    """

    def __init__(self, message: Any, *, code: str) -> None:
        self.message = str(message)
        self.code = code
        super().__init__(self.message)


@dataclass(frozen=True)
class RowIssue:
    """One problem of one row: ``row N: column: message``. Warnings do not make a row invalid."""

    row: int
    column: str
    code: str
    message: str
    warning: bool = False

    def as_line(self) -> str:
        return f"row {self.row}: {self.column}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        data = {"row": self.row, "column": self.column, "code": self.code, "message": self.message}
        if self.warning:
            data["warning"] = True
        return data


@dataclass
class Candidate:
    """One recommendation as read from the source: strings, not yet matched to reference data.

    ``None`` in a list field means "not provided" (the stored value is kept on re-import); an
    empty list means "provided and empty". ``columns`` names the source column of each field for
    error messages. ``strict_labels``: unknown themes/groups are errors (our own template) rather
    than warnings (OHCHR labels of another version).
    """

    row: int
    natural_key: str = ""
    symbol: str = ""
    document_reference: str = ""
    document_key: str = ""
    document_type: str = ""
    document_date: str = ""
    document_title: str = ""
    mechanism: str = ""
    state: str = ""
    cycle: str = ""
    session: str = ""
    year: str = ""
    paragraph: str = ""
    text_ar: str = ""
    text_fr: str = ""
    text_en: str = ""
    position: str = ""
    position_note: str = ""
    action_category: str = ""
    recommending_states: list[str] | None = None
    themes: list[str] | None = None
    groups: list[str] | None = None
    sdg_goals: list[str] | None = None
    sdg_targets: list[str] | None = None
    institutions: list[str] | None = None
    institutions_key: str = "responsible_institutions"
    source_labels: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    issues: list[RowIssue] = field(default_factory=list)
    strict_labels: bool = False
    skip: bool = False

    def column(self, name: str) -> str:
        return self.columns.get(name, name)

    def error(self, name: str, code: str, message: Any) -> None:
        self.issues.append(RowIssue(self.row, self.column(name), code, str(message)))

    def report(self, problems: list[tuple[str, str, str]]) -> bool:
        """Record a reader's problems (column, code, message) as errors; True if any."""
        for column, code, message in problems:
            self.issues.append(RowIssue(self.row, column, code, message))
        return bool(problems)

    def warn(self, name: str, code: str, message: Any) -> None:
        self.issues.append(RowIssue(self.row, self.column(name), code, str(message), True))


@dataclass(frozen=True)
class ParseOptions:
    """What the person importing says about the file (``--state``, ``--symbol``), and a State
    name test parsers of free text may use to tell recommending States from other parentheses."""

    state: str = ""
    symbol: str = ""
    file_name: str = ""
    is_state: Callable[[str], bool] | None = None


class Parser(Protocol):
    def __call__(self, path: Path, options: ParseOptions) -> Iterator[Candidate]: ...


@dataclass
class DocumentData:
    """A source document as the import wants it (resolved ids)."""

    natural_key: str
    symbol: str
    legacy_symbol: str
    mechanism_id: int
    document_type: str
    state_id: int
    cycle: int | None
    session: str
    date: Any
    title_en: str

    FIELDS = (
        "symbol",
        "legacy_symbol",
        "mechanism_id",
        "document_type",
        "state_id",
        "cycle",
        "session",
        "date",
        "title_en",
    )

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.FIELDS}


# Scalar fields of Recommendation an import may set, and its many-to-many fields.
SCALAR_FIELDS = (
    "mechanism_id",
    "state_id",
    "cycle",
    "session",
    "year",
    "paragraph",
    "text_ar",
    "text_fr",
    "text_en",
    "position",
    "position_note",
    "action_category",
)
RELATION_FIELDS = ("recommending_states", "themes", "groups", "sdg_goals", "sdg_targets")


@dataclass(slots=True)
class ValidRecord:
    """A validated recommendation: the values the file provides (absent keys: keep stored)."""

    row: int
    natural_key: str
    document_key: str
    values: dict[str, Any]
    relations: dict[str, tuple[int, ...]]
    source_labels: dict[str, Any]
