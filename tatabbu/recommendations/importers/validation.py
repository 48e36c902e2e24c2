"""Shared validation: a parser's :class:`Candidate` → a :class:`ValidRecord` and its document.

Reference data (States, mechanisms, themes, groups of persons, SDGs, institutions) is read once
per import into :class:`Vocabulary` lookup tables, so that validating a row sends no query.
Labels match exactly first, then on a folded form (case, accents, apostrophes, spacing).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from tatabbu.core.text import normalize_text
from tatabbu.institutions.selectors import institution_lookup_table
from tatabbu.mechanisms.selectors import mechanism_list
from tatabbu.taxonomy.selectors import (
    country_lookup_table,
    person_group_list,
    sdg_goal_list,
    sdg_target_list,
    theme_list,
)

from ..choices import DocumentType, Position
from ..symbols import is_valid_symbol
from .base import Candidate, DocumentData, ParseOptions, ValidRecord

MAX_TEXT_CHARS = 20_000
POSITIONS = frozenset(Position.values)
DOCUMENT_TYPES = frozenset(DocumentType.values)
_PUNCTUATION = re.compile(r"[’'`.\-–—,;:()\[\]\"“”«»]")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)
_WHOLE_NUMBER = re.compile(r"\d+\.0+")


def fold(label: str) -> str:
    """The loose matching form of a label: normalised text without punctuation or spacing."""
    return "".join(_PUNCTUATION.sub(" ", normalize_text(label)).split())


class Vocabulary:
    """Lookup tables of the reference data, loaded once per import."""

    def __init__(self) -> None:
        self.countries = country_lookup_table()
        self.countries_folded = _folded(self.countries)
        self.country_names: dict[int, tuple[str, ...]] = {}
        for country in self.countries.values():
            self.country_names[country.pk] = (country.name_en, country.name_fr, country.name_ar)
        self.mechanisms: dict[str, Any] = {}
        for mechanism in mechanism_list():
            for label in (
                mechanism.code,
                mechanism.uhri_label,
                mechanism.name_en,
                mechanism.name_fr,
                mechanism.name_ar,
            ):
                if label:
                    self.mechanisms.setdefault(label.strip(), mechanism)
        self.mechanisms_folded = _folded(self.mechanisms)
        self.themes = {theme.label_en: theme.pk for theme in theme_list()}
        self.groups = {group.label_en: group.pk for group in person_group_list()}
        self.sdg_goals = {str(goal.number): goal.pk for goal in sdg_goal_list()}
        self.sdg_targets = {
            target.code: (target.pk, str(target.goal.number)) for target in sdg_target_list()
        }
        self.institutions = institution_lookup_table()
        self.institutions_folded = _folded(self.institutions)
        # Documents already resolved without an issue, by the raw fields they were read from:
        # a file names a few hundred documents for tens of thousands of rows.
        self.documents: dict[tuple[str, ...], DocumentData] = {}

    def country(self, label: str) -> Any:
        label = label.strip()
        return self.countries.get(label) or self.countries_folded.get(fold(label))

    def mechanism(self, label: str) -> Any:
        label = label.strip().removeprefix("- ").strip()
        return self.mechanisms.get(label) or self.mechanisms_folded.get(fold(label))

    def institution(self, label: str) -> Any:
        label = label.strip()
        return self.institutions.get(label) or self.institutions_folded.get(fold(label))


def _folded(table: dict[str, Any]) -> dict[str, Any]:
    folded: dict[str, Any] = {}
    for label, value in table.items():
        folded.setdefault(fold(label), value)
    return folded


@dataclass
class Outcome:
    record: ValidRecord | None
    document: DocumentData | None


def validate(candidate: Candidate, vocabulary: Vocabulary, options: ParseOptions) -> Outcome:
    """Resolve ``candidate``; its ``issues`` receive every error and warning of the row."""
    if options.state and not candidate.state.strip():
        candidate.state = options.state
    if options.symbol and not (candidate.symbol.strip() or candidate.document_key.strip()):
        candidate.symbol = options.symbol
    if any(not issue.warning for issue in candidate.issues):
        return Outcome(None, None)
    document = _document(candidate, vocabulary)
    values = _values(candidate, document)
    relations = _relations(candidate, vocabulary)
    source_labels = dict(candidate.source_labels)
    if candidate.institutions is not None:
        source_labels.update(_institutions(candidate, vocabulary))
    natural_key = candidate.natural_key.strip()
    if not natural_key and document is not None:
        candidate.error(
            "natural_key", "required", _("no key: give a key, or a document and paragraph.")
        )
    elif len(natural_key) > 200:
        candidate.error("natural_key", "too_long", _("the key is longer than 200 characters."))
    if any(not issue.warning for issue in candidate.issues) or document is None:
        return Outcome(None, None)
    record = ValidRecord(
        row=candidate.row,
        natural_key=natural_key,
        document_key=document.natural_key,
        values=values,
        relations=relations,
        source_labels=source_labels,
    )
    return Outcome(record, document)


def _document(candidate: Candidate, vocabulary: Vocabulary) -> DocumentData | None:
    raw = (
        candidate.mechanism,
        candidate.state,
        candidate.symbol,
        candidate.document_key,
        candidate.document_type,
        candidate.document_date,
        candidate.document_reference,
        candidate.document_title,
        candidate.cycle,
        candidate.session,
    )
    known = vocabulary.documents.get(raw)
    if known is not None:
        return known
    issues = len(candidate.issues)
    document = _resolve_document(candidate, vocabulary)
    if document is not None and len(candidate.issues) == issues:
        vocabulary.documents[raw] = document
    return document


def _resolve_document(candidate: Candidate, vocabulary: Vocabulary) -> DocumentData | None:
    mechanism = None
    if not candidate.mechanism.strip():
        candidate.error("mechanism", "required", _("required."))
    else:
        mechanism = vocabulary.mechanism(candidate.mechanism)
        if mechanism is None:
            candidate.error(
                "mechanism",
                "unknown_mechanism",
                _("unknown mechanism “%(label)s”.") % {"label": candidate.mechanism.strip()},
            )
    state = None
    if not candidate.state.strip():
        candidate.error("state", "required", _("required (or give the State with --state)."))
    else:
        state = vocabulary.country(candidate.state)
        if state is None:
            candidate.error(
                "state",
                "unknown_state",
                _("unknown State “%(label)s”.") % {"label": candidate.state.strip()},
            )
    symbol = candidate.symbol.strip()
    if symbol and not is_valid_symbol(symbol):
        candidate.error(
            "symbol",
            "invalid_symbol",
            _("“%(symbol)s” is not a UN document symbol (e.g. CCPR/C/MAR/CO/6, A/HRC/36/6).")
            % {"symbol": symbol},
        )
        return None
    key = symbol or candidate.document_key.strip()
    if not key:
        candidate.error("symbol", "required", _("no document symbol (give it with --symbol)."))
        return None
    date = _date(candidate)
    cycle = _integer(candidate, "cycle", candidate.cycle, 1, 20)
    if mechanism is None or state is None:
        return None
    key = key.replace("{state}", state.code).replace("{mechanism}", mechanism.code)
    document_type = candidate.document_type or _document_type(symbol, mechanism.kind)
    if document_type not in DOCUMENT_TYPES:
        candidate.error(
            "document_type",
            "invalid_choice",
            _("“%(value)s” is not one of: %(choices)s.")
            % {"value": document_type, "choices": ", ".join(DocumentType.values)},
        )
        return None
    return DocumentData(
        natural_key=key[:200],
        symbol=symbol,
        legacy_symbol="" if symbol else candidate.document_reference.strip()[:200],
        mechanism_id=mechanism.pk,
        document_type=document_type,
        state_id=state.pk,
        cycle=cycle,
        session=candidate.session.strip()[:30],
        date=date,
        title_en=candidate.document_title.strip()[:500],
    )


def _document_type(symbol: str, mechanism_kind: str) -> str:
    if "/CO/" in symbol:
        return DocumentType.CONCLUDING_OBSERVATIONS
    if re.search(r"/(Q|QPR|RQ)/", symbol):
        return DocumentType.LIST_OF_ISSUES
    if "/D/" in symbol:
        return DocumentType.VIEWS
    if mechanism_kind == "upr" and re.match(r"^A/HRC/\d+/\d+$", symbol):
        return DocumentType.UPR_REPORT
    if mechanism_kind == "upr" and "/Add." in symbol:
        return DocumentType.UPR_ADDENDUM
    if mechanism_kind == "special_procedure" and symbol.startswith("A/HRC/"):
        return DocumentType.VISIT_REPORT
    return DocumentType.OTHER


def _date(candidate: Candidate) -> datetime.date | None:
    raw = candidate.document_date.strip()
    if not raw:
        return None
    try:
        if re.fullmatch(r"\d{4,5}(\.\d+)?", raw) and not re.fullmatch(r"\d{4}", raw):
            return _EXCEL_EPOCH + datetime.timedelta(days=int(float(raw)))
        return datetime.date.fromisoformat(raw[:10])
    except ValueError:
        candidate.error(
            "document_date",
            "invalid_date",
            _("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": raw},
        )
        return None


def _integer(candidate: Candidate, name: str, raw: str, low: int, high: int) -> int | None:
    raw = raw.strip()
    if not raw:
        return None
    try:
        if raw.isdecimal():
            number = int(raw)
        else:
            number = int(float(raw)) if _WHOLE_NUMBER.fullmatch(raw) else int(raw)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        candidate.error(
            name,
            "invalid_number",
            _("“%(value)s” is not a whole number from %(low)s to %(high)s.")
            % {"value": raw, "low": low, "high": high},
        )
        return None
    return number


def _values(candidate: Candidate, document: DocumentData | None) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if document is not None:
        values["mechanism_id"] = document.mechanism_id
        values["state_id"] = document.state_id
        if document.cycle is not None:
            values["cycle"] = document.cycle
    session = candidate.session.strip()
    if session:
        if len(session) > 30:
            candidate.error("session", "too_long", _("longer than 30 characters."))
        values["session"] = session[:30]
    year = _integer(candidate, "year", candidate.year, 1946, 2100)
    if year is None and document is not None and document.date:
        year = document.date.year
    if year is not None:
        values["year"] = year
    paragraph = candidate.paragraph.strip()
    if paragraph:
        if len(paragraph) > 40:
            candidate.error("paragraph", "too_long", _("longer than 40 characters."))
        values["paragraph"] = paragraph[:40]
    texts = {code: getattr(candidate, f"text_{code}").strip() for code in ("ar", "fr", "en")}
    if not any(texts.values()):
        candidate.error("text", "required", _("no text in any language."))
    for code, text in texts.items():
        if len(text) > MAX_TEXT_CHARS:
            candidate.error(
                f"text_{code}",
                "too_long",
                _("longer than %(limit)s characters.") % {"limit": f"{MAX_TEXT_CHARS:,}"},
            )
        elif text:
            values[f"text_{code}"] = text
    position = candidate.position.strip()
    if position:
        if position not in POSITIONS:
            candidate.error(
                "position",
                "invalid_choice",
                _("“%(value)s” is not one of: %(choices)s.")
                % {"value": position, "choices": ", ".join(Position.values)},
            )
        values["position"] = position
    note = candidate.position_note.strip()
    if note:
        if len(note) > 300:
            candidate.error("position_note", "too_long", _("longer than 300 characters."))
        values["position_note"] = note[:300]
    action = _integer(candidate, "action_category", candidate.action_category, 1, 5)
    if action is not None:
        values["action_category"] = action
    return values


def _relations(candidate: Candidate, vocabulary: Vocabulary) -> dict[str, tuple[int, ...]]:
    relations: dict[str, tuple[int, ...]] = {}
    if candidate.recommending_states is not None:
        states = []
        for label in candidate.recommending_states:
            country = vocabulary.country(label)
            if country is None:
                candidate.error(
                    "recommending_states",
                    "unknown_state",
                    _("unknown State “%(label)s”.") % {"label": label.strip()},
                )
            else:
                states.append(country.pk)
        relations["recommending_states"] = _ids(states)
    for name, table in (("themes", vocabulary.themes), ("groups", vocabulary.groups)):
        labels = getattr(candidate, name)
        if labels is None:
            continue
        found = []
        for label in labels:
            if label in table:
                found.append(table[label])
            else:
                _unknown_label(candidate, name, label)
        relations[name] = _ids(found)
    goals: list[int] = []
    if candidate.sdg_targets is not None:
        targets = []
        for code in candidate.sdg_targets:
            match = vocabulary.sdg_targets.get(code.strip())
            if match is None:
                _unknown_label(candidate, "sdg_targets", code)
            else:
                targets.append(match[0])
                goals.append(vocabulary.sdg_goals[match[1]])
        relations["sdg_targets"] = _ids(targets)
    if candidate.sdg_goals is not None:
        for number in candidate.sdg_goals:
            goal = vocabulary.sdg_goals.get(number.strip().lstrip("0"))
            if goal is None:
                _unknown_label(candidate, "sdg_goals", number)
            else:
                goals.append(goal)
    if candidate.sdg_goals is not None or candidate.sdg_targets is not None:
        relations["sdg_goals"] = _ids(goals)
    return relations


def _unknown_label(candidate: Candidate, name: str, label: str) -> None:
    messages = {
        "themes": _("unknown theme “%(label)s”."),
        "groups": _("unknown group of persons “%(label)s”."),
        "sdg_goals": _("unknown SDG goal “%(label)s”."),
        "sdg_targets": _("unknown SDG target “%(label)s”."),
    }
    message = messages[name] % {"label": label.strip()}
    if candidate.strict_labels:
        candidate.error(name, "unknown_label", message)
    else:
        candidate.warn(name, "unknown_label", message + " " + _("(kept with the source labels)"))


def _institutions(candidate: Candidate, vocabulary: Vocabulary) -> dict[str, Any]:
    slugs: list[str] = []
    unmatched: list[str] = []
    for label in candidate.institutions or []:
        institution = vocabulary.institution(label)
        if institution is None:
            unmatched.append(label.strip())
            candidate.warn(
                "institutions",
                "unknown_institution",
                _("unknown institution “%(label)s” (kept with the source labels).")
                % {"label": label.strip()},
            )
        elif institution.slug not in slugs:
            slugs.append(institution.slug)
    key = candidate.institutions_key
    labels: dict[str, Any] = {key: slugs}
    if unmatched:
        labels[f"{key}_unmatched"] = unmatched
    return labels


def _ids(values: list[int]) -> tuple[int, ...]:
    return tuple(sorted(set(values)))
