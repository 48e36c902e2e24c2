"""Read, validate and plan an import: everything before the write, and nothing written.

The file is streamed once. Each row is parsed, validated against the reference data and, in
chunks, compared with the stored recommendations of the same keys: the result is a plan of
creates and updates (with their audit before/after) staged in a temporary file, so that memory
stays flat with the file's size and the write transaction has nothing left to compute
(RELIABILITY.md IMP-1, CONC-3).
"""

from __future__ import annotations

import hashlib
import pickle
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from tatabbu.core.bulk import fewer_collections
from tatabbu.recommendations.models import Recommendation, SourceDocument
from tatabbu.recommendations.search import InIds
from tatabbu.recommendations.search_index import search_words

from . import didh, generic, uhri, upr_info, upr_report
from .base import (
    RELATION_FIELDS,
    SCALAR_FIELDS,
    DocumentData,
    ImportFileError,
    ParseOptions,
    Parser,
    RowIssue,
    ValidRecord,
)
from .readers import encoding_error, estimate_lines, too_many_rows
from .validation import Vocabulary, validate

FORMATS: dict[str, Parser] = {
    "upr-info": upr_info.parse,
    "uhri": uhri.parse,
    "upr-report": upr_report.parse,
    "didh": didh.parse,
    "csv": generic.parse_csv,
    "xlsx": generic.parse_xlsx,
    "json": generic.parse_json,
}
CHUNK_ROWS = 1000
MAX_KEPT_ISSUES = 10_000
PROGRESS_EVERY = 500
MAX_FOLDED = 10_000


class Spool:
    """Operations staged in memory, and on disk once there are more than ``IN_MEMORY`` of them:
    then every batch is pickled, a thousand operations at a time, to a temporary file deleted
    when closed.

    Only this process writes and reads the file, so unpickling it runs nothing foreign; pickle
    is the cheapest round trip of the standard library for these dicts (about a third of JSON's
    time on the 30k-row file), the more so by the thousand (keys written once per batch). Files
    up to ``IN_MEMORY`` rows skip the round trip (``make bench``: 0.4–0.6 s of the 30k-row
    import) for a bounded amount of memory (the 30k-row file's peak stays under the issue's
    400 MB; larger files keep the on-disk bound).
    """

    BATCH = 1000
    IN_MEMORY = 40_000

    def __init__(self) -> None:
        self._file: IO[bytes] | None = None
        self._held: list[list[dict[str, Any]]] = []  # batches not written to the file
        self._pending: list[dict[str, Any]] = []
        self._batches = 0
        self.count = 0

    def append(self, operation: dict[str, Any]) -> None:
        self._pending.append(operation)
        self.count += 1
        if len(self._pending) >= self.BATCH:
            self._hold()

    def _hold(self) -> None:
        if self._pending:
            self._held.append(self._pending)
            self._pending = []
        if self.count > self.IN_MEMORY:
            if self._file is None:
                self._file = tempfile.TemporaryFile("w+b")  # noqa: SIM115 (closed by close())
            for batch in self._held:
                pickle.dump(batch, self._file, pickle.HIGHEST_PROTOCOL)
                self._batches += 1
            self._held = []

    def _batches_in_order(self) -> Iterator[list[dict[str, Any]]]:
        if self._file is not None:
            self._file.flush()
            self._file.seek(0)
            for _number in range(self._batches):
                yield pickle.load(self._file)  # noqa: S301 (our own file, see above)
        yield from self._held

    def chunks(self, size: int) -> Iterator[list[dict[str, Any]]]:
        self._hold()
        chunk: list[dict[str, Any]] = []
        for batch in self._batches_in_order():
            chunk.extend(batch)
            while len(chunk) >= size:
                yield chunk[:size]
                chunk = chunk[size:]
        if chunk:
            yield chunk

    def close(self) -> None:
        self._held = []
        if self._file is not None:
            self._file.close()


@dataclass
class ImportPlan:
    """What an import would do: counts, the row report and the staged writes."""

    format: str
    file_name: str
    file_size: int = 0
    file_sha256: str = ""
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    skipped: int = 0
    error_count: int = 0
    warning_count: int = 0
    issues: list[RowIssue] = field(default_factory=list)
    file_error: ImportFileError | None = None
    documents: dict[str, DocumentData] = field(default_factory=dict)
    document_creates: list[str] = field(default_factory=list)
    document_updates: dict[str, dict[str, tuple[Any, Any]]] = field(default_factory=dict)
    document_ids: dict[str, int] = field(default_factory=dict)
    operations: Spool = field(default_factory=Spool)

    @property
    def is_valid(self) -> bool:
        return self.file_error is None and self.error_count == 0

    @property
    def has_changes(self) -> bool:
        return bool(self.created or self.updated or self.document_creates or self.document_updates)

    @property
    def errors(self) -> list[RowIssue]:
        return [issue for issue in self.issues if not issue.warning]

    @property
    def warnings(self) -> list[RowIssue]:
        return [issue for issue in self.issues if issue.warning]

    def summary(self) -> str:
        return (
            f"created={self.created} updated={self.updated} "
            f"unchanged={self.unchanged} rejected={self.rejected}"
        )

    def close(self) -> None:
        self.operations.close()


def file_digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def estimate_rows(path: Path, format: str) -> int:
    """A quick row estimate for the progress bar (0 when unknown)."""
    if format in {"upr-info", "didh", "csv"} or (format == "uhri" and path.suffix == ".csv"):
        return max(estimate_lines(path) - 1, 0)
    return 0


def plan_import(
    path: Path,
    *,
    format: str,
    options: ParseOptions | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportPlan:
    """Read and validate the whole of ``path``; compare it with the database; write nothing.

    A file-level problem is returned in ``plan.file_error`` (no exception).
    """
    options = options or ParseOptions()
    size, sha256 = file_digest(path)
    plan = ImportPlan(
        format=format,
        file_name=options.file_name or path.name,
        file_size=size,
        file_sha256=sha256,
    )
    vocabulary = Vocabulary()
    options = ParseOptions(
        state=options.state,
        symbol=options.symbol,
        file_name=plan.file_name,
        is_state=lambda name: vocabulary.country(name) is not None,
    )
    planner = _Planner(plan, vocabulary)
    try:
        with fewer_collections():
            planner.run(FORMATS[format](path, options), options, progress)
    except ImportFileError as error:
        plan.file_error = error
    return plan


class _Planner:
    def __init__(self, plan: ImportPlan, vocabulary: Vocabulary) -> None:
        self.plan = plan
        self.vocabulary = vocabulary
        self.keys: dict[str, int] = {}
        self.chunk: list[ValidRecord] = []
        self.encoding_rows = 0
        self.used_documents: set[str] = set()
        self._words: dict[tuple[str, Any], str] = {}

    def run(
        self,
        candidates: Iterator[Any],
        options: ParseOptions,
        progress: Callable[[int], None] | None,
    ) -> None:
        plan = self.plan
        for candidate in candidates:
            plan.total_rows += 1
            if plan.total_rows > settings.TATABBU_IMPORT_MAX_ROWS:
                raise too_many_rows()
            outcome = validate(candidate, self.vocabulary, options) if not candidate.skip else None
            record = outcome.record if outcome else None
            if record is not None:
                self._check_duplicate(candidate, record)
                self._check_document(candidate, outcome.document)
            self._report(candidate.issues)
            if candidate.skip:
                plan.skipped += 1
            elif any(not issue.warning for issue in candidate.issues) or record is None:
                plan.rejected += 1
            else:
                self.chunk.append(record)
                if len(self.chunk) >= CHUNK_ROWS:
                    self._flush()
            if progress and plan.total_rows % PROGRESS_EVERY == 0:
                progress(plan.total_rows)
        if self.encoding_rows and self.encoding_rows * 2 >= plan.total_rows:
            raise encoding_error()
        if plan.total_rows == 0:
            raise ImportFileError(_("The file has no recommendations."), code="no_rows")
        self._flush()
        # Documents only rejected rows referred to are not written.
        plan.document_creates = [k for k in plan.document_creates if k in self.used_documents]
        plan.document_updates = {
            key: changes
            for key, changes in plan.document_updates.items()
            if key in self.used_documents
        }
        if progress:
            progress(plan.total_rows)

    def _report(self, issues: list[RowIssue]) -> None:
        plan = self.plan
        if any(issue.code == "encoding" for issue in issues):
            self.encoding_rows += 1
        for issue in issues:
            if issue.warning:
                plan.warning_count += 1
            else:
                plan.error_count += 1
            if len(plan.issues) < MAX_KEPT_ISSUES:
                plan.issues.append(issue)

    def _check_duplicate(self, candidate: Any, record: ValidRecord) -> None:
        first = self.keys.setdefault(record.natural_key, candidate.row)
        if first != candidate.row:
            candidate.error(
                "natural_key",
                "duplicate_key",
                _("“%(key)s” is also the key of row %(row)s.")
                % {"key": record.natural_key, "row": first},
            )

    def _check_document(self, candidate: Any, document: DocumentData) -> None:
        known = self.plan.documents.get(document.natural_key)
        if known is None:
            self.plan.documents[document.natural_key] = document
            self._resolve_document(document)
        elif (known.mechanism_id, known.state_id) != (document.mechanism_id, document.state_id):
            candidate.error(
                "symbol",
                "inconsistent_document",
                _("the document “%(key)s” has another mechanism or State in an earlier row.")
                % {"key": document.natural_key},
            )

    def _resolve_document(self, wanted: DocumentData) -> None:
        """Find the stored document (by key, else by symbol) and what the import changes in it."""
        plan = self.plan
        existing = SourceDocument.objects.filter(natural_key=wanted.natural_key).first()
        if existing is None and wanted.symbol:
            existing = SourceDocument.objects.filter(symbol=wanted.symbol).first()
        if existing is None:
            plan.document_creates.append(wanted.natural_key)
            return
        plan.document_ids[wanted.natural_key] = existing.pk
        changes = {
            name: (getattr(existing, name), value)
            for name, value in wanted.values().items()
            if value not in ("", None) and getattr(existing, name) != value
        }
        if changes:
            plan.document_updates[wanted.natural_key] = changes

    # --- Records --------------------------------------------------------------------------------

    def _flush(self) -> None:
        if not self.chunk:
            return
        records, self.chunk = self.chunk, []
        stored = _stored(records)
        for record in records:
            self.used_documents.add(record.document_key)
            existing = stored.get(record.natural_key)
            if existing is None:
                self._plan_create(record)
            else:
                self._plan_update(record, existing)

    def _document_reference(self, key: str) -> str:
        document = self.plan.documents[key]
        return document.symbol or document.legacy_symbol

    def _search_text(self, values: dict[str, Any], states: tuple[int, ...], key: str) -> str:
        """``build_search_text`` of the record, with its document's reference and its States'
        names folded once per import rather than once per row (``search_words``)."""
        parts = [
            search_words(
                [values.get(f"text_{code}") or "" for code in ("ar", "fr", "en")]
                + [values.get("paragraph") or ""]
            ),
            self._folded(("document", key), lambda: [self._document_reference(key)]),
            self._folded(("states", states), lambda: self._state_names(states)),
        ]
        return " ".join(part for part in parts if part)

    def _folded(self, key: tuple[str, Any], parts: Callable[[], list[str]]) -> str:
        words = self._words.get(key)
        if words is None:
            if len(self._words) >= MAX_FOLDED:
                self._words.clear()
            words = self._words[key] = search_words(parts())
        return words

    def _state_names(self, states: tuple[int, ...]) -> list[str]:
        return [name for pk in states for name in self.vocabulary.country_names.get(pk, ())]

    def _plan_create(self, record: ValidRecord) -> None:
        self.plan.created += 1
        self.plan.operations.append(
            {
                "op": "create",
                "row": record.row,
                "key": record.natural_key,
                "document": record.document_key,
                "values": record.values,
                "relations": record.relations,
                "labels": record.source_labels,
                "search": self._search_text(
                    record.values,
                    record.relations.get("recommending_states", ()),
                    record.document_key,
                ),
            }
        )

    def _plan_update(self, record: ValidRecord, existing: dict[str, Any]) -> None:
        merged = {name: existing[name] for name in SCALAR_FIELDS}
        merged.update(record.values)
        changes: dict[str, list[Any]] = {
            name: [existing[name], merged[name]]
            for name in SCALAR_FIELDS
            if existing[name] != merged[name]
        }
        labels = {**existing["source_labels"], **record.source_labels}
        if labels != existing["source_labels"]:
            changes["source_labels"] = [existing["source_labels"], labels]
        if existing["document_id"] != self.plan.document_ids.get(record.document_key):
            changes["document"] = [existing["document_key"], record.document_key]
        relations = {
            name: list(ids)
            for name, ids in record.relations.items()
            if tuple(existing["relations"][name]) != ids
        }
        if not changes and not relations:
            self.plan.unchanged += 1
            return
        self.plan.updated += 1
        states = record.relations.get(
            "recommending_states", tuple(existing["relations"]["recommending_states"])
        )
        self.plan.operations.append(
            {
                "op": "update",
                "row": record.row,
                "key": record.natural_key,
                "id": existing["id"],
                "version": existing["version"],
                "document": record.document_key,
                "values": merged,
                "labels": labels,
                "changes": changes,
                "relations": relations,
                "relations_before": {name: existing["relations"][name] for name in relations},
                "search": self._search_text(merged, states, record.document_key),
            }
        )


def relation_tables() -> dict[str, tuple[Any, str]]:
    """Recommendation's many-to-many fields → (through model, target column)."""
    tables = {}
    for name in RELATION_FIELDS:
        model_field = Recommendation._meta.get_field(name)
        tables[name] = (model_field.remote_field.through, model_field.m2m_reverse_name())
    return tables


def _existing_ids(keys: list[str]) -> list[int]:
    """The ids of the stored recommendations with ``keys``. Plain SQL, and the stored rows are
    then read by id with ``search.InIds`` (one parameter): the ORM spent more time building its
    1,000-value ``IN`` lookups than the database took to answer them (profiled: 12 % of the plan
    of a new 30k-row file, half of the plan of a re-import)."""
    quote = connection.ops.quote_name
    found: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(keys), 500):
            part = keys[start : start + 500]
            cursor.execute(
                "SELECT {id} FROM {table} WHERE {key} IN ({values})".format(  # noqa: S608
                    id=quote("id"),
                    key=quote("natural_key"),
                    table=quote(Recommendation._meta.db_table),
                    values=", ".join(["%s"] * len(part)),
                ),
                part,
            )
            found += [row[0] for row in cursor.fetchall()]
    return found


def _stored(records: list[ValidRecord]) -> dict[str, dict[str, Any]]:
    """The stored recommendations with the keys of ``records``, with their relation ids."""
    ids = _existing_ids([record.natural_key for record in records])
    if not ids:
        return {}
    rows = Recommendation.objects.filter(InIds("pk", ids)).values(
        "id",
        "natural_key",
        "version",
        "source_labels",
        "document_id",
        "document__natural_key",
        *SCALAR_FIELDS,
    )
    stored: dict[str, dict[str, Any]] = {}
    by_id: dict[int, dict[str, Any]] = {}
    for row in rows:
        row["document_key"] = row.pop("document__natural_key")
        row["relations"] = {name: [] for name in RELATION_FIELDS}
        stored[row["natural_key"]] = row
        by_id[row["id"]] = row
    if by_id:
        for name, (through, column) in relation_tables().items():
            pairs = through.objects.filter(InIds("recommendation_id", list(by_id))).values_list(
                "recommendation_id", column
            )
            for recommendation_id, target_id in pairs:
                by_id[recommendation_id]["relations"][name].append(target_id)
        for row in by_id.values():
            for name in RELATION_FIELDS:
                row["relations"][name].sort()
    return stored
