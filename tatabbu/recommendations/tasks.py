"""Running imports: the background job of the upload page, and ``import_file`` for the command and
the demo loader. Both plan the whole file first (no writes), then apply it in one transaction.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from tatabbu.core.request_context import RequestContext, bind, new_request_id

from .choices import ImportStatus
from .hooks import run_after_import
from .importers import ImportPlan, ParseOptions, plan_import
from .models import ImportBatch
from .selectors import import_batch_stale_exists
from .services.imports import (
    ImportClaimedError,
    ImportConflictError,
    import_apply,
    import_batch_fail,
    import_batch_finish_dry_run,
    import_batch_mark_interrupted,
    import_batch_start,
)

logger = logging.getLogger(__name__)
ATTEMPTS = 2  # a plan is made again once if records changed between planning and writing


@dataclass
class ImportOutcome:
    plan: ImportPlan
    batch: ImportBatch | None
    written: bool


def import_file(
    path: Path,
    *,
    format: str,
    actor: Any = None,
    state: str = "",
    symbol: str = "",
    dry_run: bool = False,
    skip_invalid: bool = False,
    file_name: str = "",
) -> ImportOutcome:
    """Plan ``path`` and, if it may be written, write it. Nothing at all is written when the
    file is refused or on a dry run. The caller reads the report from ``outcome.plan``."""
    options = ParseOptions(state=state, symbol=symbol, file_name=file_name or path.name)
    attempt = 1
    while True:
        plan = plan_import(path, format=format, options=options)
        refused = plan.file_error is not None or (plan.error_count and not skip_invalid)
        if refused or dry_run or not plan.has_changes:  # importing again writes nothing
            plan.close()
            return ImportOutcome(plan, None, False)
        try:
            batch = import_apply(
                actor=actor,
                plan=plan,
                skip_invalid=skip_invalid,
                options=_batch_options(state, symbol),
            )
            run_after_import(actor=actor, batch=batch)
        except ImportConflictError:
            if attempt == ATTEMPTS:
                raise
            attempt += 1
            continue
        finally:
            plan.close()
        return ImportOutcome(plan, batch, True)


def _batch_options(state: str, symbol: str) -> dict[str, Any]:
    return {key: value for key, value in {"state": state, "symbol": symbol}.items() if value}


def _progress(batch: ImportBatch, processed: int, total: int | None = None) -> None:
    """Bookkeeping: the counter the status page polls, and the heartbeat the stale-job check
    reads. Not a change of the batch's meaning, so not an audit event."""
    values: dict[str, Any] = {"processed_rows": processed, "updated_at": timezone.now()}
    if total is not None:
        values["total_rows"] = total
    ImportBatch.objects.filter(pk=batch.pk, status=ImportStatus.RUNNING).update(**values)


def stored_path(batch: ImportBatch) -> Path:
    return Path(default_storage.path(batch.stored_file))


@task()
def import_batch_run(batch_id: int) -> str:
    """The upload page's job. Safe to run again: an ended batch is left alone, an interrupted
    one is claimed and run from the start (its earlier writes were rolled back)."""
    batch = ImportBatch.objects.get(pk=batch_id)
    context = RequestContext(request_id=batch.options.get("request_id") or new_request_id())
    with bind(context), translation.override(batch.options.get("language") or "en"):
        return run_batch(batch)


def run_batch(batch: ImportBatch) -> str:
    actor = batch.started_by
    stale = timedelta(minutes=settings.TATABBU_IMPORT_STALE_MINUTES)
    if import_batch_stale_exists(older_than=stale):
        import_batch_mark_interrupted(actor=None, older_than=stale)
    batch.refresh_from_db()
    try:
        claimed = import_batch_start(actor=actor, batch=batch)
    except ImportClaimedError:
        claimed = False
    if not claimed:
        batch.refresh_from_db()
        return batch.status
    try:
        _run(batch, actor)
    except Exception as error:
        logger.exception("import %s failed", batch.uuid)
        batch.refresh_from_db()
        import_batch_fail(actor=actor, batch=batch, message=_failure_message(error))
    batch.refresh_from_db()
    return batch.status


def _failure_message(error: Exception) -> str:
    message = getattr(error, "message", "")
    return str(message) if message else _("The import failed unexpectedly.")


def _run(batch: ImportBatch, actor: Any) -> None:
    options = ParseOptions(
        state=batch.options.get("state", ""),
        symbol=batch.options.get("symbol", ""),
        file_name=batch.file_name,
    )
    last_report = [0.0]

    def progress(processed: int) -> None:
        now = time.monotonic()
        if now - last_report[0] >= 1:
            last_report[0] = now
            _progress(batch, processed)

    for attempt in range(ATTEMPTS):
        plan = plan_import(
            stored_path(batch), format=batch.format, options=options, progress=progress
        )
        try:
            if plan.file_error is not None or (plan.error_count and not batch.skip_invalid):
                message = plan.file_error.message if plan.file_error else ""
                import_batch_fail(
                    actor=actor,
                    batch=batch,
                    plan=plan,
                    message=message,
                    status=ImportStatus.INVALID,
                )
            elif batch.dry_run:
                import_batch_finish_dry_run(actor=actor, batch=batch, plan=plan)
            else:
                _progress(batch, plan.total_rows, plan.total_rows)
                import_apply(actor=actor, plan=plan, batch=batch, skip_invalid=batch.skip_invalid)
                run_after_import(actor=actor, batch=batch)
            return
        except ImportConflictError:
            if attempt + 1 == ATTEMPTS:
                raise
        finally:
            plan.close()
