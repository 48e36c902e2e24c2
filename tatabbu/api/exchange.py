"""The exchange format for national mechanisms (``docs/exchange-format.md``): published
recommendations with their implementation status, as one JSON document validated by a
versioned JSON schema (``schemas/exchange-1.0.schema.json``).

Export reads through ``portal.selectors`` (published data only). Import validates the whole
document against the schema, then feeds the recommendations to the recommendations import
pipeline (its ``json`` format), so that the same checks, audit and idempotence apply.
Implementation data (status, published updates) is handed to the importer registered by the
follow-up app (``register_implementation_importer``); without one it is reported as skipped.
"""

from __future__ import annotations

import datetime
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

FORMAT = "tatabbu-exchange"
VERSION = "1.0"
SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "exchange-1.0.schema.json"
CHUNK_SIZE = 500


@cache
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


class ExchangeError(Exception):
    """A document that is not valid exchange format; ``errors`` lists ``path: message``."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors[:5]))
        self.errors = errors


def validate(document: Any) -> None:
    """Raise ``ExchangeError`` with every schema violation (at most 100) of ``document``."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema())
    errors = []
    for error in sorted(validator.iter_errors(document), key=lambda item: list(item.path)):
        where = "/".join(str(part) for part in error.absolute_path) or "(document)"
        errors.append(f"{where}: {error.message}")
        if len(errors) >= 100:
            break
    if errors:
        raise ExchangeError(errors)


# --- Export -----------------------------------------------------------------------------------


def _texts(instance: Any, name: str) -> dict[str, str]:
    return {
        code: getattr(instance, f"{name}_{code}")
        for code in ("ar", "fr", "en")
        if getattr(instance, f"{name}_{code}")
    }


def _record(item: Any, statuses: dict[int, str], updates: Callable[[Any], list[Any]]) -> dict:
    document = item.document
    return {
        "key": item.natural_key,
        "document": {
            "symbol": document.symbol,
            "reference": document.reference,
            "type": document.document_type,
            "date": document.date.isoformat() if document.date else None,
        },
        "mechanism": item.mechanism.code,
        "state": item.state.code,
        "cycle": item.cycle,
        "session": item.session,
        "year": item.year,
        "paragraph": item.paragraph,
        "text": _texts(item, "text"),
        "position": item.position,
        "position_note": item.position_note,
        "recommending_states": sorted(country.code for country in item.recommending_states.all()),
        "themes": sorted(theme.slug for theme in item.themes.all()),
        "groups": sorted(group.slug for group in item.groups.all()),
        "sdg_goals": sorted(goal.number for goal in item.sdg_goals.all()),
        "sdg_targets": sorted(target.code for target in item.sdg_targets.all()),
        "action_category": item.action_category,
        "implementation": {
            "status": statuses.get(item.pk) or None,
            "updates": [
                {
                    "date": update.date.isoformat(),
                    "text": _texts(update, "text"),
                    "status": update.status or None,
                    "institution": update.institution,
                }
                for update in updates(item)
            ],
        },
    }


def export_records(queryset: Any) -> Iterator[dict[str, Any]]:
    """Exchange records of ``queryset`` (published recommendations), in its order."""
    from tatabbu.portal import selectors

    items = queryset.select_related("document", "mechanism", "state").prefetch_related(
        "recommending_states", "themes", "groups", "sdg_goals", "sdg_targets"
    )
    batch: list[Any] = []
    for item in items.iterator(chunk_size=CHUNK_SIZE):
        batch.append(item)
        if len(batch) == CHUNK_SIZE:
            yield from _batch(batch, selectors)
            batch = []
    yield from _batch(batch, selectors)


def _batch(batch: list[Any], selectors: Any) -> Iterator[dict[str, Any]]:
    statuses = selectors.public_statuses(item.pk for item in batch)
    updates = selectors.published_updates_many(batch)
    for item in batch:
        yield _record(item, statuses, lambda item: updates[item.pk])


def header(generated_at: datetime.datetime | None = None) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "generated_at": (generated_at or timezone.now()).isoformat(timespec="seconds"),
        "source": {
            "name": str(settings.TATABBU_SITE_NAME),
            "state": getattr(settings, "TATABBU_STATE_CODE", "MAR"),
        },
    }


def iter_document(queryset: Any) -> Iterator[str]:
    """The exchange document as JSON text chunks (streamed: the list can be long)."""
    head = json.dumps(header(), ensure_ascii=False)
    yield head[:-1] + ', "recommendations": ['
    for number, record in enumerate(export_records(queryset)):
        yield ("," if number else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]}\n"


# --- Import -----------------------------------------------------------------------------------


ImplementationImporter = Callable[[list[dict[str, Any]], Any], int]
_IMPLEMENTATION_IMPORTERS: list[ImplementationImporter] = []


def register_implementation_importer(importer: ImplementationImporter) -> None:
    """The follow-up app registers how to store imported implementation data:
    ``importer(records, actor) -> number of records stored`` (records with ``key`` and
    ``implementation``)."""
    _IMPLEMENTATION_IMPORTERS[:] = [importer]


@dataclass
class ImportResult:
    summary: str
    recommendations: int
    implementation_stored: int = 0
    implementation_skipped: int = 0
    errors: list[str] = field(default_factory=list)
    exit_code: int = 0


def to_import_rows(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Exchange records as rows of the recommendations importer's ``json`` format
    (``docs/import-format.md``)."""
    from tatabbu.taxonomy.models import PersonGroup, Theme

    # The importer reads themes and groups by their English labels; the exchange by slug.
    theme_labels = dict(Theme.objects.values_list("slug", "label_en"))
    group_labels = dict(PersonGroup.objects.values_list("slug", "label_en"))
    rows = []
    for record in records:
        document = record["document"]
        texts = record.get("text", {})
        rows.append(
            {
                "key": record["key"],
                "document_symbol": document.get("symbol") or "",
                "document_reference": ""
                if document.get("symbol")
                else document.get("reference") or "",
                "document_type": document.get("type") or "",
                "document_date": document.get("date") or "",
                "mechanism": record["mechanism"],
                "state_under_review": record["state"],
                "cycle": record.get("cycle"),
                "session": record.get("session") or "",
                "year": record.get("year"),
                "paragraph": record.get("paragraph") or "",
                "text_ar": texts.get("ar", ""),
                "text_fr": texts.get("fr", ""),
                "text_en": texts.get("en", ""),
                "position": record.get("position") or "",
                "position_note": record.get("position_note") or "",
                "recommending_states": record.get("recommending_states", []),
                "themes": [theme_labels.get(slug, slug) for slug in record.get("themes", [])],
                "groups": [group_labels.get(slug, slug) for slug in record.get("groups", [])],
                "sdg_goals": [str(number) for number in record.get("sdg_goals", [])],
                "sdg_targets": record.get("sdg_targets", []),
                "action_category": record.get("action_category"),
            }
        )
    return rows


def import_document(document: Any, *, dry_run: bool = False, actor: Any = None) -> ImportResult:
    """Validate ``document`` (parsed JSON) and import it; ``ExchangeError`` when invalid. Rows
    the pipeline refuses are returned in ``errors`` (``row N: column: message``, rows counted
    from 1 in the ``recommendations`` list) and nothing is written."""
    from tatabbu.recommendations.tasks import import_file

    validate(document)
    records = document["recommendations"]
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "exchange.json"
        path.write_text(json.dumps(to_import_rows(records), ensure_ascii=False), "utf-8")
        outcome = import_file(path, format="json", actor=actor, dry_run=dry_run)
    plan = outcome.plan
    if plan.file_error is not None:
        return ImportResult("", len(records), errors=[str(plan.file_error.message)], exit_code=2)
    if plan.error_count:
        return ImportResult(
            "", len(records), errors=[issue.as_line() for issue in plan.errors], exit_code=2
        )
    result = ImportResult(summary=plan.summary(), recommendations=len(records))
    with_implementation = [
        record
        for record in records
        if record["implementation"]["status"] or record["implementation"]["updates"]
    ]
    if with_implementation and _IMPLEMENTATION_IMPORTERS and not dry_run:
        result.implementation_stored = _IMPLEMENTATION_IMPORTERS[0](with_implementation, actor)
    else:
        result.implementation_skipped = len(with_implementation)
    return result
