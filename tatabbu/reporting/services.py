"""Writes about generated reports, each audited: asked for, started, finished (with the file's
SHA-256), failed, downloaded; and reports written by ``make_report``."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tatabbu.audit.registry import register_actions
from tatabbu.audit.trail import record, service, snapshot
from tatabbu.core.exceptions import ServiceError
from tatabbu.core.text import strip_bidi_controls

from . import registry
from .choices import ReportFormat, ReportStatus
from .document import ReportDocument
from .files import download_name, reports_directory
from .models import GeneratedReport

register_actions(
    {
        "report.request": _("Report requested"),
        "report.start": _("Report generation started"),
        "report.generate": _("Report generated"),
        "report.fail": _("Report generation failed"),
        "report.download": _("Report downloaded"),
    }
)

_AUDITED = ["kind", "file_format", "language", "options", "status"]


@service
def report_request(
    *,
    actor: Any,
    kind: str,
    file_format: str,
    language: str,
    options: dict[str, Any],
) -> GeneratedReport:
    """Record a request for a report the user may have; generation follows (generation.py)."""
    report_kind = registry.get(kind)
    cleaned = report_kind.clean_options(options)
    if not report_kind.can_request(actor, cleaned):
        raise PermissionDenied
    if file_format not in report_kind.formats or file_format not in ReportFormat.values:
        raise ServiceError(_("This format is not available."), code="invalid_format")
    if language not in dict(settings.LANGUAGES):
        raise ServiceError(_("This language is not available."), code="invalid_language")
    report = GeneratedReport(
        kind=kind,
        file_format=file_format,
        language=language,
        options={name: _jsonable(value) for name, value in cleaned.items()},
        requested_by=actor,
        title=str(report_kind.label)[:300],
    )
    report.full_clean()
    report.save()
    record(actor=actor, action="report.request", target=report, after=snapshot(report, _AUDITED))
    return report


@service
def report_start(*, report: GeneratedReport) -> bool:
    """Mark a waiting report as being generated; ``False`` if someone else started it."""
    started = GeneratedReport.objects.filter(pk=report.pk, status=ReportStatus.QUEUED).update(
        status=ReportStatus.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    if not started:
        return False
    report.refresh_from_db()
    record(actor=None, action="report.start", target=report, after={"status": report.status})
    return True


@service
def report_complete(
    *, report: GeneratedReport, document: ReportDocument, content: bytes
) -> GeneratedReport:
    """Keep the file under a random name and mark the report ready."""
    directory = reports_directory()
    directory.mkdir(parents=True, exist_ok=True)
    stored_name = f"{secrets.token_hex(16)}.{report.file_format}"
    path = directory / stored_name
    path.write_bytes(content)
    path.chmod(0o640)
    report.stored_name = stored_name
    report.download_name = download_name(document.file_stem, report.file_format)
    report.title = strip_bidi_controls(document.title)[:300]
    report.size = len(content)
    report.sha256 = hashlib.sha256(content).hexdigest()
    report.status = ReportStatus.DONE
    report.finished_at = timezone.now()
    report.save()
    record(
        actor=None,
        action="report.generate",
        target=report,
        after=snapshot(report, ["status", "size", "sha256", "download_name"]),
    )
    return report


@service
def report_fail(*, report: GeneratedReport, message: str) -> GeneratedReport:
    report.status = ReportStatus.FAILED
    report.message = message[:1000]
    report.finished_at = timezone.now()
    report.save(update_fields=["status", "message", "finished_at", "updated_at"])
    record(actor=None, action="report.fail", target=report, after={"message": report.message})
    return report


@service
def report_download_record(*, actor: Any, report: GeneratedReport) -> None:
    record(actor=actor, action="report.download", target=report, extra={"sha256": report.sha256})


@service
def report_file_record(
    *,
    actor: Any,
    kind: str,
    file_format: str,
    language: str,
    options: dict[str, Any],
    content: bytes,
) -> None:
    """Audit a report written to a file by ``make_report``."""
    record(
        actor=actor,
        action="report.generate",
        extra={
            "kind": kind,
            "file_format": file_format,
            "language": language,
            "options": {name: _jsonable(value) for name, value in options.items()},
            "size": len(content),
            "sha256": hashlib.sha256(content).hexdigest(),
        },
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)
