"""Producing a report: build the document of a kind in a language, render it, bounded in time and
size; store it for a request made in the UI, at once or through the background worker."""

from __future__ import annotations

import contextlib
import datetime
import logging
import signal
import threading
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import registry, services
from .choices import ReportStatus
from .document import ReportDocument
from .models import GeneratedReport
from .renderers import render

logger = logging.getLogger(__name__)


class ReportTooLarge(Exception):
    """The document is bigger than TATABBU_REPORT_MAX_SIZE blocks and rows."""


class ReportTimeout(Exception):
    """Generation took longer than TATABBU_REPORT_TIMEOUT_SECONDS."""


def produce(
    *,
    kind: str,
    file_format: str,
    language: str,
    options: dict[str, Any],
    user: Any,
    today: datetime.date | None = None,
) -> tuple[ReportDocument, bytes]:
    """The document and the file's bytes. Options must be clean (``ReportKind.clean_options``)."""
    report_kind = registry.get(kind)
    if file_format not in report_kind.formats:
        raise registry.ReportOptionError(f"format {file_format!r} is not available")
    context = registry.BuildContext(
        language=language,
        options=options,
        user=user,
        today=today or timezone.localdate(),
    )
    with time_limit(settings.TATABBU_REPORT_TIMEOUT_SECONDS), translation.override(language):
        document = report_kind.build(context)
        if document.size() > settings.TATABBU_REPORT_MAX_SIZE:
            raise ReportTooLarge(document.size())
        return document, render(document, file_format)


def dispatch(report: GeneratedReport) -> None:
    """Generate now when the report is small, otherwise hand it to the background worker."""
    kind = registry.get(report.kind)
    if kind.size(report.options) <= settings.TATABBU_REPORT_INLINE_MAX_ITEMS:
        generate_stored(report.pk)
        return
    from .tasks import generate_report

    generate_report.enqueue(report.pk)


def generate_stored(report_id: int) -> GeneratedReport:
    """Generate the file of a waiting report (does nothing if it was started already)."""
    report = GeneratedReport.objects.select_related("requested_by").get(pk=report_id)
    if report.status != ReportStatus.QUEUED or not services.report_start(report=report):
        return report
    kind = registry.get(report.kind)
    try:
        document, content = produce(
            kind=report.kind,
            file_format=report.file_format,
            language=report.language,
            options=kind.clean_options(report.options),
            user=report.requested_by,
        )
    except ReportTimeout:
        return services.report_fail(report=report, message=_("The report took too long."))
    except ReportTooLarge:
        return services.report_fail(report=report, message=_("The report is too large."))
    except Exception:
        logger.exception("report %s failed", report.uuid)
        return services.report_fail(report=report, message=_("The report could not be generated."))
    return services.report_complete(report=report, document=document, content=content)


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Interrupt the block after ``seconds`` (main thread only: command and worker; reports made
    inside a web request are small by construction, see ``dispatch``)."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise ReportTimeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
