"""``uhri``: OHCHR's Universal Human Rights Index, in three layouts recognised by their columns.

1. The full export (JSON list, or CSV with the same field names): ``AnnotationId``,
   ``AnnotationType``, ``Body``, ``Countries``, ``Symbol``, ``PublicationDate``, ``Text``,
   ``Themes``, ``AffectedPersons``, ``Sdgs``, ``UprCycle``, ``UprSession``, ``UprPositions``,
   ``UprRecommendingCountry`` (REFERENCE.md §4.2).
2. The search-page export (CSV or XLSX): ``OHCHR Annotation Id``, ``Type``, ``Reccomending Body``
   (sic), ``Countries Concerned``, ``Document Symbol``, ``Document Publication Date``, ``Text``,
   ``Themes``, ``Affected Persons``, ``Sdgs``, ``UPR Session``, ``UPR Position``,
   ``UPR Reccomending States``; several values in one cell, one per line, with a ``- `` prefix.
3. The UPR thematic list of recommendations (``shared/data/uhri-thematic-lists-slovenia``): one row
   per paragraph of the Working Group report, labels `` | ``-separated, SDG goals ``;``-separated.

Themes and affected persons match our vocabulary by their exact English UHRI label; labels of
other UHRI versions are reported as warnings on their row and kept in ``source_labels``.
Annotations that are not recommendations (concerns/observations) are skipped with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from ..choices import DocumentType, Position
from .base import Candidate, ImportFileError, ParseOptions
from .readers import Table, json_items, sniff_kind

THEMATIC_LIST_COLUMNS = {
    "id",
    "cycle",
    "session",
    "state_under_review",
    "wg_report_symbol",
    "paragraph",
    "recommendation",
    "recommending_states",
    "position",
    "themes",
    "affected_persons",
    "sdg_goals",
}
# UHRI field names (both export variants) → our names.
EXPORT_FIELDS = {
    "AnnotationId": "annotation_id",
    "OHCHR Annotation Id": "annotation_id",
    "AnnotationType": "type",
    "Type": "type",
    "Body": "body",
    "Reccomending Body": "body",
    "Recommending Body": "body",
    "Countries": "countries",
    "Countries Concerned": "countries",
    "Symbol": "symbol",
    "Document Symbol": "symbol",
    "PublicationDate": "date",
    "Document Publication Date": "date",
    "Text": "text",
    "Themes": "themes",
    "AffectedPersons": "affected_persons",
    "Affected Persons": "affected_persons",
    "Sdgs": "sdgs",
    "UprCycle": "upr_cycle",
    "UPR Cycle": "upr_cycle",
    "UprSession": "upr_session",
    "UPR Session": "upr_session",
    "UprPositions": "upr_positions",
    "UPR Position": "upr_positions",
    "UprRecommendingCountry": "recommending",
    "UPR Reccomending States": "recommending",
    "UPR Recommending States": "recommending",
}
EXPORT_REQUIRED = {"annotation_id", "body", "countries", "symbol", "text"}
POSITIONS = {
    "supported": Position.SUPPORTED,
    "accepted": Position.SUPPORTED,
    "noted": Position.NOTED,
}
# UHRI bodies that are not rows of mechanisms.csv (mechanisms/data/README.md).
BODY_ALIASES = {"CRC-OP-SC": "CRC", "CRC-OP-AC": "CRC"}
_SDG_TARGET = re.compile(r"^(\d{1,2}\.[0-9a-z]{1,2})\b")
_SDG_GOAL = re.compile(r"^(?:goal\s*)?(\d{1,2})\b", re.IGNORECASE)
_PARAGRAPH = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,3})*)\.?(?=\s|[A-Z])")
_NUMBER = re.compile(r"\d+")


def parse(path: Path, options: ParseOptions) -> Iterator[Candidate]:
    kind = sniff_kind(path)
    if kind == "zip":
        yield from _tabular(Table(path, kind="xlsx"), options)
        return
    with path.open("rb") as handle:
        head = handle.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"[", b"{")):
        for index, item in json_items(path):
            if not isinstance(item, dict):
                candidate = Candidate(row=index)
                candidate.error("record", "not_an_object", _("not a JSON object."))
                yield candidate
                continue
            fields = {
                EXPORT_FIELDS[key]: value for key, value in item.items() if key in EXPORT_FIELDS
            }
            if index == 1:
                _require_export_fields(set(fields))
            yield _export_candidate(index, fields, _json_columns())
        return
    yield from _tabular(Table(path, kind="csv"), options)


def _tabular(table: Table, options: ParseOptions) -> Iterator[Candidate]:
    header = set(table.header)
    if header >= THEMATIC_LIST_COLUMNS:
        for number, row, problems in table.rows():
            yield _thematic_candidate(number, row, problems, options)
        return
    mapped = {EXPORT_FIELDS[name] for name in header if name in EXPORT_FIELDS}
    if not mapped >= EXPORT_REQUIRED:
        table.close()
        if len(mapped) < 2:
            raise ImportFileError(
                _(
                    "The columns are neither a UHRI export nor a UPR thematic list "
                    "(see docs/import-format.md)."
                ),
                code="wrong_columns",
            )
        _require_export_fields(mapped)
    columns = {EXPORT_FIELDS[name]: name for name in table.header if name in EXPORT_FIELDS}
    for number, row, problems in table.rows():
        fields = {
            EXPORT_FIELDS[name]: value for name, value in row.items() if name in EXPORT_FIELDS
        }
        candidate = _export_candidate(number, fields, _candidate_columns(columns))
        candidate.report(problems)
        yield candidate


def _require_export_fields(present: set[str]) -> None:
    missing = EXPORT_REQUIRED - present
    if missing:
        names = sorted(
            next(key for key, value in EXPORT_FIELDS.items() if value == name) for name in missing
        )
        raise ImportFileError(
            _("The columns do not match the format (%(problems)s).")
            % {"problems": _("missing columns: %(names)s") % {"names": ", ".join(names)}},
            code="wrong_columns",
        )


def _json_columns() -> dict[str, str]:
    names = {value: key for key, value in reversed(EXPORT_FIELDS.items())}
    return _candidate_columns(names)


def _candidate_columns(names: dict[str, str]) -> dict[str, str]:
    """Our field → the source's column name, for error messages."""
    return {
        "natural_key": names.get("annotation_id", "AnnotationId"),
        "type": names.get("type", "AnnotationType"),
        "mechanism": names.get("body", "Body"),
        "state": names.get("countries", "Countries"),
        "symbol": names.get("symbol", "Symbol"),
        "document_date": names.get("date", "PublicationDate"),
        "text": names.get("text", "Text"),
        "text_en": names.get("text", "Text"),
        "themes": names.get("themes", "Themes"),
        "groups": names.get("affected_persons", "AffectedPersons"),
        "sdg_goals": names.get("sdgs", "Sdgs"),
        "sdg_targets": names.get("sdgs", "Sdgs"),
        "cycle": names.get("upr_cycle", "UprCycle"),
        "session": names.get("upr_session", "UprSession"),
        "position": names.get("upr_positions", "UprPositions"),
        "recommending_states": names.get("recommending", "UprRecommendingCountry"),
    }


def _values(raw: Any) -> list[str]:
    """A multi-valued UHRI field as a list: JSON list, or one value per line (``- `` prefix)."""
    if raw is None:
        return []
    items = [str(item) for item in raw] if isinstance(raw, list) else str(raw).splitlines()
    if len(items) == 1 and " | " in items[0]:
        items = items[0].split(" | ")
    return [item.strip().removeprefix("-").strip() for item in items if item.strip(" -")]


def _single(raw: Any) -> str:
    values = _values(raw)
    return values[0] if values else ""


def _export_candidate(row: int, fields: dict[str, Any], columns: dict[str, str]) -> Candidate:
    candidate = Candidate(row=row, columns=columns)
    annotation_type = _single(fields.get("type"))
    if annotation_type and "recommendation" not in annotation_type.lower():
        candidate.skip = True
        candidate.warn(
            "type",
            "not_a_recommendation",
            _("“%(type)s” is not a recommendation: skipped.") % {"type": annotation_type},
        )
        return candidate
    annotation_id = _single(fields.get("annotation_id"))
    candidate.natural_key = f"uhri:{annotation_id}" if annotation_id else ""
    body = _single(fields.get("body"))
    candidate.mechanism = BODY_ALIASES.get(body, body)
    countries = _values(fields.get("countries"))
    candidate.state = countries[0] if len(countries) == 1 else ""
    if len(countries) > 1:
        candidate.error(
            "state",
            "several_states",
            _("several States concerned (%(names)s): import it with --state.")
            % {"names": ", ".join(countries)},
        )
    candidate.symbol = _single(fields.get("symbol"))
    candidate.document_date = _single(fields.get("date"))
    text = str(fields.get("text") or "").strip()
    candidate.text_en = text
    paragraph = _PARAGRAPH.match(text)
    candidate.paragraph = paragraph.group(1) if paragraph else ""
    themes = _values(fields.get("themes"))
    persons = _values(fields.get("affected_persons"))
    sdgs = _values(fields.get("sdgs"))
    candidate.themes = themes
    candidate.groups = persons
    candidate.sdg_targets = [m.group(1) for s in sdgs if (m := _SDG_TARGET.match(s))]
    candidate.sdg_goals = [
        m.group(1) for s in sdgs if not _SDG_TARGET.match(s) and (m := _SDG_GOAL.match(s))
    ]
    candidate.cycle = _first_number(fields.get("upr_cycle"))
    candidate.session = _first_number(fields.get("upr_session"))
    positions = sorted(
        {POSITIONS.get(value.lower(), value) for value in _values(fields.get("upr_positions"))}
    )
    if len(positions) == 1:
        candidate.position = positions[0]
    elif len(positions) > 1:
        candidate.position = Position.SUPPORTED
        candidate.position_note = "Partially supported"
    recommending = _values(fields.get("recommending"))
    candidate.recommending_states = recommending if recommending or body == "UPR" else None
    candidate.source_labels = {
        "uhri_annotation_id": annotation_id,
        "uhri_themes": themes,
        "uhri_affected_persons": persons,
        "uhri_sdgs": sdgs,
    }
    return candidate


def _first_number(raw: Any) -> str:
    match = _NUMBER.search(_single(raw)) if raw not in (None, "", []) else None
    return match.group(0) if match else ""


def _split(value: str, separator: str) -> list[str]:
    return [item.strip() for item in value.split(separator) if item.strip()]


def _thematic_states(candidate: Candidate, row: dict[str, str], options: ParseOptions) -> list[str]:
    """The list's ``recommending_states`` is a best-effort extraction of the trailing parentheses
    (``ICRMW``, ``No. 29``…): names that are not States are ignored with a warning when the row
    names at least one State."""
    names = _split(row["recommending_states"], "|")
    if options.is_state is None:
        return names
    states = [name for name in names if options.is_state(name)]
    if not states:
        return names
    for name in names:
        if name not in states:
            candidate.warn(
                "recommending_states",
                "not_a_state",
                _("“%(label)s” is not a State: ignored.") % {"label": name},
            )
    return states


def _thematic_candidate(
    number: int, row: dict[str, str], problems: list[tuple[str, str, str]], options: ParseOptions
) -> Candidate:
    candidate = Candidate(
        row=number,
        columns={
            "natural_key": "paragraph",
            "symbol": "wg_report_symbol",
            "state": "state_under_review",
            "text": "recommendation",
            "text_en": "recommendation",
            "groups": "affected_persons",
        },
    )
    if candidate.report(problems):
        return candidate
    symbol, paragraph = row["wg_report_symbol"], row["paragraph"]
    candidate.natural_key = f"{symbol}#{paragraph}" if symbol and paragraph else ""
    candidate.symbol = symbol
    candidate.document_type = DocumentType.UPR_REPORT
    candidate.mechanism = "UPR"
    candidate.state = row["state_under_review"]
    candidate.cycle = row["cycle"]
    candidate.session = row["session"]
    candidate.year = row.get("year", "")
    candidate.paragraph = paragraph
    candidate.text_en = row["recommendation"]
    position = row["position"]
    candidate.position = POSITIONS.get(position.lower(), position)
    candidate.recommending_states = _thematic_states(candidate, row, options)
    candidate.themes = _split(row["themes"], "|")
    candidate.groups = _split(row["affected_persons"], "|")
    candidate.sdg_goals = _split(row["sdg_goals"], ";")
    candidate.source_labels = {
        key: value
        for key, value in {
            "uhri_id": row["id"],
            "uhri_themes": candidate.themes,
            "uhri_affected_persons": candidate.groups,
            "uhri_sdg_labels": _split(row.get("sdg_labels", ""), "|"),
            "uhri_cluster_theme": row.get("cluster_theme", ""),
            "uhri_theme_codes_2014": _split(row.get("theme_codes_2014", ""), "|"),
            "uhri_position_source": row.get("position_source", ""),
        }.items()
        if value
    }
    return candidate
