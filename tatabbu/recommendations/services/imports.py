"""Writes of the import pipeline: import batches and the recommendations they bring in.

``import_apply`` writes a validated :class:`~tatabbu.recommendations.importers.ImportPlan` in
one transaction (all or nothing), with bulk inserts and updates and one audit event per created
or updated recommendation and document, chained by one ``audit.trail.BulkAppender``
(documents: ``record_many``); on SQLite the inserts run in the background while the next chunk
is built (``core.bulk.pipelined``), on PostgreSQL they are COPY streams. Everything it writes was
computed beforehand by ``importers.plan_import`` outside the transaction, so the write lock is
held only for the inserts (RELIABILITY.md CONC-3). The batch's status changes are audited
(``import.queue/start/finish/fail``); its progress counter is bookkeeping, updated by the job
(``tasks.py``) without an audit event.
"""

from __future__ import annotations

import datetime
import operator
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, connection, connections
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tatabbu.audit.registry import register_actions
from tatabbu.audit.trail import (
    BulkAppender,
    PendingEvent,
    TargetRef,
    record,
    record_many,
    service,
    snapshot,
)
from tatabbu.core.bulk import MAX_ROWS, fewer_collections, insert_rows, pipelined, reserve_ids
from tatabbu.core.exceptions import ServiceError

from ..choices import ImplementationStatus, ImportStatus
from ..importers.base import SCALAR_FIELDS, RowIssue
from ..importers.pipeline import ImportPlan, relation_tables
from ..models import ImportBatch, Recommendation, SourceDocument

register_actions(
    {
        "import.queue": _("Import queued"),
        "import.start": _("Import started"),
        "import.finish": _("Import finished"),
        "import.fail": _("Import failed or refused"),
        "recommendation.import_create": _("Recommendation imported"),
        "recommendation.import_update": _("Recommendation updated by an import"),
        "source_document.import_create": _("Source document imported"),
        "source_document.import_update": _("Source document updated by an import"),
    }
)

WRITE_CHUNK = 1000
MAX_STORED_ISSUES = 10_000
BATCH_FIELDS = ["format", "file_name", "status", "dry_run", "skip_invalid"]


class ImportConflictError(ServiceError):
    """Recommendations changed between planning and writing; plan again."""

    code = "import_conflict"
    default_message = _(
        "Some recommendations were changed while the file was being checked: run the import again."
    )


class ImportClaimedError(ServiceError):
    """Another worker started this import first."""

    code = "import_claimed"
    default_message = _("Another worker is already running this import.")


class ImportRefusedError(ServiceError):
    """The plan has invalid rows and invalid rows may not be skipped."""

    code = "import_invalid"
    default_message = _("The file has invalid rows: nothing was imported.")


# --- Batches --------------------------------------------------------------------------------------


@service
def import_batch_create(
    *,
    actor: Any,
    format: str,
    file_name: str,
    stored_file: str,
    file_size: int,
    file_sha256: str = "",
    dry_run: bool = False,
    skip_invalid: bool = False,
    options: dict[str, Any] | None = None,
    total_rows: int = 0,
) -> ImportBatch:
    """Register an uploaded file to import (status queued)."""
    batch = ImportBatch.objects.create(
        format=format,
        file_name=file_name[:255],
        stored_file=stored_file,
        file_size=file_size,
        file_sha256=file_sha256,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        options=options or {},
        total_rows=total_rows,
        started_by=actor if getattr(actor, "pk", None) else None,
    )
    record(actor=actor, action="import.queue", target=batch, after=snapshot(batch, BATCH_FIELDS))
    return batch


@service
def import_batch_start(*, actor: Any, batch: ImportBatch) -> bool:
    """Claim ``batch`` for running (queued or failed → running). False if someone else has it or
    it already ended: running a job twice is harmless."""
    now = timezone.now()
    claimable = ImportBatch.objects.filter(
        pk=batch.pk, status__in=[ImportStatus.QUEUED, ImportStatus.FAILED]
    )
    if not claimable.exists():
        return False
    claimed = claimable.update(
        status=ImportStatus.RUNNING,
        started_at=now,
        finished_at=None,
        processed_rows=0,
        message="",
        updated_at=now,
    )
    if not claimed:  # another worker claimed it between the two statements
        raise ImportClaimedError
    batch.refresh_from_db()
    record(actor=actor, action="import.start", target=batch, after={"status": batch.status})
    return True


@service
def import_batch_fail(
    *,
    actor: Any,
    batch: ImportBatch,
    message: str = "",
    plan: ImportPlan | None = None,
    status: str = ImportStatus.FAILED,
) -> ImportBatch:
    """End ``batch`` as refused (``invalid``: the row report is kept) or failed."""
    batch.status = status
    batch.message = str(message)[:2000]
    batch.finished_at = timezone.now()
    if plan is not None:
        _copy_plan(batch, plan)
        batch.created_count = batch.updated_count = batch.unchanged_count = 0
    batch.save()
    record(
        actor=actor,
        action="import.fail",
        target=batch,
        after={"status": batch.status, "message": batch.message, "errors": _error_total(plan)},
    )
    return batch


@service
def import_batch_finish_dry_run(*, actor: Any, batch: ImportBatch, plan: ImportPlan) -> ImportBatch:
    """End a dry run: the counts say what the import would do; nothing else is written."""
    batch.status = ImportStatus.SUCCEEDED
    batch.finished_at = timezone.now()
    _copy_plan(batch, plan)
    batch.save()
    record(actor=actor, action="import.finish", target=batch, after=_counts(batch, dry_run=True))
    return batch


@service
def import_batch_mark_interrupted(
    *, actor: Any = None, older_than: datetime.timedelta
) -> list[ImportBatch]:
    """Mark running batches with no progress for ``older_than`` as failed (a killed worker).

    Their writes, if any had begun, were rolled back with their transaction.
    """
    limit = timezone.now() - older_than
    stale = list(ImportBatch.objects.filter(status=ImportStatus.RUNNING, updated_at__lt=limit))
    for batch in stale:
        import_batch_fail(
            actor=actor,
            batch=batch,
            message=str(_("The import was interrupted (its worker stopped). Run it again.")),
        )
    return stale


def _copy_plan(batch: ImportBatch, plan: ImportPlan) -> None:
    batch.total_rows = plan.total_rows
    batch.processed_rows = plan.total_rows
    batch.file_size = plan.file_size
    batch.file_sha256 = plan.file_sha256
    batch.created_count = plan.created
    batch.updated_count = plan.updated
    batch.unchanged_count = plan.unchanged
    batch.rejected_count = plan.rejected
    issues = [issue.as_dict() for issue in plan.issues[:MAX_STORED_ISSUES]]
    if plan.file_error is not None:
        issues.insert(
            0, RowIssue(0, "file", plan.file_error.code, plan.file_error.message).as_dict()
        )
    batch.errors = issues
    batch.options = {
        **batch.options,
        "error_count": plan.error_count,
        "warning_count": plan.warning_count,
        "skipped_count": plan.skipped,
    }


def _counts(batch: ImportBatch, **extra: Any) -> dict[str, Any]:
    return {
        "status": batch.status,
        "created": batch.created_count,
        "updated": batch.updated_count,
        "unchanged": batch.unchanged_count,
        "rejected": batch.rejected_count,
        **extra,
    }


def _error_total(plan: ImportPlan | None) -> int:
    if plan is None:
        return 0
    return plan.error_count + (1 if plan.file_error is not None else 0)


# --- Applying a plan ----------------------------------------------------------------------------


@service
def import_apply(
    *,
    actor: Any,
    plan: ImportPlan,
    batch: ImportBatch | None = None,
    skip_invalid: bool = False,
    options: dict[str, Any] | None = None,
) -> ImportBatch:
    """Write ``plan`` in this one transaction: documents, recommendations, relations, audit.

    Without ``batch`` (the command), the batch is created here, so that a refused or failed
    import leaves no trace at all. Raises :class:`ImportRefusedError` for an invalid plan without
    ``skip_invalid``, :class:`ImportConflictError` if a planned record changed meanwhile.
    """
    if plan.file_error is not None or (plan.error_count and not skip_invalid):
        raise ImportRefusedError
    now = timezone.now()
    if batch is None:
        batch = ImportBatch.objects.create(
            format=plan.format,
            file_name=plan.file_name[:255],
            status=ImportStatus.RUNNING,
            skip_invalid=skip_invalid,
            options=options or {},
            started_by=actor if getattr(actor, "pk", None) else None,
            started_at=now,
        )
        record(actor=actor, action="import.start", target=batch, after={"status": batch.status})
    writer = _Writer(actor=actor, plan=plan, batch=batch, now=now)
    writer.write_documents()
    try:
        # The statements of a chunk run in the background while the next chunk is built; an
        # insert's error is raised at the next read or when the block ends.
        with pipelined(connection), fewer_collections():
            for chunk in plan.operations.chunks(WRITE_CHUNK):
                writer.write_chunk(chunk)
    except IntegrityError as error:  # a natural key taken meanwhile
        raise ImportConflictError from error
    batch.status = ImportStatus.SUCCEEDED
    batch.finished_at = timezone.now()
    _copy_plan(batch, plan)
    batch.save()
    record(actor=actor, action="import.finish", target=batch, after=_counts(batch))
    return batch


CREATE_COLUMNS = [
    "id",
    "uuid",
    "natural_key",
    "document_id",
    *SCALAR_FIELDS,
    "source_labels",
    "implementation_status",
    "import_batch_id",
    "source_file",
    "source_row",
    "search_text",
    "version",
    "created_at",
    "updated_at",
]
_CREATE_ROW = operator.itemgetter(*CREATE_COLUMNS)  # a row's values in column order
CREATE_DEFAULTS = {
    "cycle": None,
    "session": "",
    "year": None,
    "paragraph": "",
    "text_ar": "",
    "text_fr": "",
    "text_en": "",
    "position": "",
    "position_note": "",
    "action_category": None,
    "implementation_status": ImplementationStatus.NOT_STARTED.value,
    "version": 1,
}


def _prepare(name: str, value: Any) -> Any:
    """``value`` as the database driver takes it for Recommendation's field ``name``."""
    return Recommendation._meta.get_field(name).get_db_prep_save(
        value, connections[connection.alias]
    )


def _insert(model: type[Model], columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    insert_rows(connection, model._meta.db_table, columns, rows)


class _Writer:
    def __init__(self, *, actor: Any, plan: ImportPlan, batch: ImportBatch, now: Any) -> None:
        self.actor = actor
        self.plan = plan
        self.batch = batch
        self.now = now
        self.documents: dict[str, SourceDocument] = {}
        self.relations = relation_tables()
        self.extra = {"import": str(batch.uuid)}
        self.database = connections[connection.alias]  # the connection itself, not the proxy
        self.prepared_now = _prepare("created_at", now)
        self.native_uuid = self.database.features.has_native_uuid_field
        self.labels_field = Recommendation._meta.get_field("source_labels")
        # One chain position for all chunks: no read between them (``core.bulk.pipelined``).
        self.appender = BulkAppender(actor=actor)
        self.new_ids: list[int] = []

    def _reserve(self, count: int) -> list[int]:
        """Ids for ``count`` new recommendations: the plan's creates are reserved at once, so
        that no chunk reads its rows back (``core.bulk.reserve_ids``)."""
        if len(self.new_ids) < count:
            wanted = max(count - len(self.new_ids), self.plan.created)
            self.new_ids += reserve_ids(self.database, Recommendation._meta.db_table, wanted)
        ids, self.new_ids = self.new_ids[:count], self.new_ids[count:]
        return ids

    def write_documents(self) -> None:
        plan = self.plan
        stored = SourceDocument.objects.in_bulk(list(plan.document_ids.values()))
        for key, pk in plan.document_ids.items():
            self.documents[key] = stored[pk]
        events: list[PendingEvent] = []
        for key, changes in plan.document_updates.items():
            document = self.documents[key]
            for name, (_before, after) in changes.items():
                setattr(document, name, after)
            document.full_clean(validate_unique=False, validate_constraints=False)
            document.save(update_fields=[*changes, "updated_at"])
            events.append(
                PendingEvent(
                    action="source_document.import_update",
                    target=document,
                    before={name: before for name, (before, _after) in changes.items()},
                    after={name: after for name, (_before, after) in changes.items()},
                    extra=self.extra,
                )
            )
        for key in plan.document_creates:
            data = plan.documents[key]
            document = SourceDocument(natural_key=key, **data.values())
            document.full_clean(validate_unique=False, validate_constraints=False)
            document.save()
            self.documents[key] = document
            events.append(
                PendingEvent(
                    action="source_document.import_create",
                    target=document,
                    after={"natural_key": key, **data.values()},
                    extra=self.extra,
                )
            )
        record_many(actor=self.actor, events=events)

    def write_chunk(self, operations: list[dict[str, Any]]) -> None:
        creates = [operation for operation in operations if operation["op"] == "create"]
        updates = [operation for operation in operations if operation["op"] == "update"]
        events = self._create(creates) + self._update(updates)
        self.appender.append(events)

    def _new(self, operation: dict[str, Any], values: dict[str, Any]) -> Recommendation:
        return Recommendation(
            natural_key=operation["key"],
            document=self.documents[operation["document"]],
            source_labels=operation["labels"],
            search_text=operation["search"],
            import_batch=self.batch,
            source_file=self.plan.file_name[:255],
            source_row=operation["row"],
            created_at=self.now,
            updated_at=self.now,
            **values,
        )

    def _create(self, operations: list[dict[str, Any]]) -> list[PendingEvent]:
        """Insert with multi-row statements (``core.bulk``): the ORM's ``bulk_create`` spends
        most of its time building SQL, not writing (``make bench``)."""
        if not operations:
            return []
        ids = dict(
            zip(
                [operation["key"] for operation in operations],
                self._reserve(len(operations)),
                strict=True,
            )
        )
        # Statement by statement, so that each is queued as soon as its rows are built.
        for start in range(0, len(operations), MAX_ROWS):
            rows = [
                self._insert_row(operation, ids[operation["key"]])
                for operation in operations[start : start + MAX_ROWS]
            ]
            _insert(Recommendation, CREATE_COLUMNS, rows)
        for name, (through, column) in self.relations.items():
            _insert(
                through,
                ["recommendation_id", column],
                [
                    (ids[operation["key"]], target)
                    for operation in operations
                    for target in operation["relations"].get(name, ())
                ],
            )
        events = []
        for operation in operations:
            values = operation["values"]
            document = self.documents[operation["document"]]
            paragraph = values.get("paragraph", "")
            recommendation = TargetRef(
                Recommendation,
                ids[operation["key"]],
                f"{document.reference} §{paragraph}"
                if document.reference and paragraph
                else document.reference or operation["key"],
            )
            events.append(
                PendingEvent(
                    action="recommendation.import_create",
                    target=recommendation,
                    after={
                        "natural_key": operation["key"],
                        "document": operation["document"],
                        "paragraph": values.get("paragraph", ""),
                        "position": values.get("position", ""),
                        "languages": [
                            code for code in ("ar", "fr", "en") if values.get(f"text_{code}")
                        ],
                        **{
                            name: targets
                            for name, targets in operation["relations"].items()
                            if targets
                        },
                        "row": operation["row"],
                    },
                )
            )
        return events

    def _insert_row(self, operation: dict[str, Any], pk: int) -> tuple[Any, ...]:
        values = operation["values"]
        prepared = {
            **CREATE_DEFAULTS,
            **values,
            "id": pk,
            "natural_key": operation["key"],
            "uuid": uuid.uuid4() if self.native_uuid else uuid.uuid4().hex,
            "document_id": self.documents[operation["document"]].pk,
            "source_labels": self.labels_field.get_db_prep_save(operation["labels"], self.database),
            "import_batch_id": self.batch.pk,
            "source_file": self.plan.file_name[:255],
            "source_row": operation["row"],
            "search_text": operation["search"],
            "created_at": self.prepared_now,
            "updated_at": self.prepared_now,
        }
        return _CREATE_ROW(prepared)

    def _update(self, operations: list[dict[str, Any]]) -> list[PendingEvent]:
        if not operations:
            return []
        self._check_versions(operations)
        recommendations = []
        for operation in operations:
            recommendation = self._new(operation, operation["values"])
            recommendation.pk = operation["id"]
            recommendation.version = operation["version"] + 1
            recommendations.append(recommendation)
        Recommendation.objects.bulk_update(
            recommendations,
            [
                "document",
                *operations[0]["values"].keys(),
                "source_labels",
                "search_text",
                "import_batch",
                "source_file",
                "source_row",
                "version",
                "updated_at",
            ],
            batch_size=200,
        )
        for name, (through, column) in self.relations.items():
            changed = [operation for operation in operations if name in operation["relations"]]
            if not changed:
                continue
            through.objects.filter(
                recommendation_id__in=[operation["id"] for operation in changed]
            ).delete()
            through.objects.bulk_create(
                [
                    through(recommendation_id=operation["id"], **{column: target})
                    for operation in changed
                    for target in operation["relations"][name]
                ],
                batch_size=1000,
            )
        return [
            PendingEvent(
                action="recommendation.import_update",
                target=recommendation,
                before={
                    **{name: before for name, (before, _after) in operation["changes"].items()},
                    **operation["relations_before"],
                },
                after={
                    **{name: after for name, (_before, after) in operation["changes"].items()},
                    **operation["relations"],
                },
                extra={**self.extra, "row": operation["row"]},
            )
            for recommendation, operation in zip(recommendations, operations, strict=True)
        ]

    def _check_versions(self, operations: Iterable[dict[str, Any]]) -> None:
        expected = {operation["id"]: operation["version"] for operation in operations}
        stored = dict(
            Recommendation.objects.filter(pk__in=list(expected)).values_list("id", "version")
        )
        if stored != expected:
            raise ImportConflictError
