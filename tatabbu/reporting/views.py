"""Asking for a report, following its generation, downloading it."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tatabbu.accounts.permissions import user_passes
from tatabbu.core.exceptions import ServiceError

from . import generation, permissions, registry, selectors, services
from .choices import ReportFormat, ReportStatus
from .files import stored_path
from .renderers import CONTENT_TYPES

reports_required = user_passes(permissions.can_use_reports)


@reports_required
def report_list(request: HttpRequest) -> HttpResponse:
    kinds = [kind for kind in registry.kinds() if kind.can_request(request.user, {})]
    reports = selectors.report_list(user=request.user)[:100]
    return render(request, "reporting/report_list.html", {"kinds": kinds, "reports": reports})


@reports_required
def report_create(request: HttpRequest) -> HttpResponse:
    """GET: the form of one kind (``?kind=``); POST: ask for the report and generate it (at once
    when small, otherwise in the background)."""
    source = request.POST if request.method == "POST" else request.GET
    try:
        kind = registry.get(source.get("kind", ""))
    except registry.ReportOptionError as error:
        raise Http404 from error
    if not kind.can_request(request.user, {}):
        raise PermissionDenied
    errors: list[str] = []
    if request.method == "POST":
        options = {option.name: request.POST.get(option.name, "") for option in kind.options}
        try:
            report = services.report_request(
                actor=request.user,
                kind=kind.code,
                file_format=request.POST.get("file_format", ""),
                language=request.POST.get("language", ""),
                options=options,
            )
        except registry.ReportOptionError:
            errors.append(_("Check the options of the report."))
        except ServiceError as error:
            errors.append(str(error.message))
        else:
            generation.dispatch(report)
            report.refresh_from_db()
            if report.status == ReportStatus.DONE:
                messages.success(request, _("The report is ready."))
            elif report.status == ReportStatus.FAILED:
                messages.error(request, report.message)
            else:
                messages.info(
                    request, _("The report is being prepared; this page shows when it is ready.")
                )
            return redirect(report.get_absolute_url())
    context = {
        "kind": kind,
        "options": [
            (option, option.choices(request.user) if option.choices else None)
            for option in kind.options
        ],
        "formats": [(code, label) for code, label in ReportFormat.choices if code in kind.formats],
        "languages": settings.LANGUAGES,
        "current_language": get_language(),
        "errors": errors,
    }
    return render(request, "reporting/report_form.html", context, status=400 if errors else 200)


@reports_required
def report_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    report = selectors.report_get(user=request.user, uuid=uuid)
    context = {"report": report}
    if request.htmx and not request.htmx.boosted:
        return render(request, "reporting/_report_status.html", context)
    return render(request, "reporting/report_detail.html", context)


@reports_required
def report_download(request: HttpRequest, uuid: str) -> FileResponse:
    report = selectors.report_get(user=request.user, uuid=uuid)
    if report.status != ReportStatus.DONE or not permissions.can_download(request.user, report):
        raise Http404
    try:
        path = stored_path(report)
        handle = path.open("rb")
    except (ServiceError, OSError) as error:
        raise Http404 from error
    services.report_download_record(actor=request.user, report=report)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=report.download_name,
        content_type=CONTENT_TYPES[report.file_format],
    )
    return _protect(response)


def _protect(response: Any) -> Any:
    """Headers of every file download (RELIABILITY.md FILE-2)."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
