"""Pages of the recommendations app: the import upload page, import status and history."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tatabbu.core.request_context import current_request_id

from .. import selectors, services
from ..choices import ImportStatus
from ..forms import ImportUploadForm
from ..importers.generic import TEMPLATE_TYPES, template
from ..importers.pipeline import estimate_rows
from ..models import ImportBatch
from ..permissions import import_required
from ..tasks import import_batch_run

ERRORS_PER_PAGE = 50
ACTIVE = {ImportStatus.QUEUED, ImportStatus.RUNNING}


def _reap_interrupted() -> None:
    """A worker killed mid-import leaves its batch "running": mark such batches failed."""
    stale = timedelta(minutes=settings.TATABBU_IMPORT_STALE_MINUTES)
    if selectors.import_batch_stale_exists(older_than=stale):
        services.import_batch_mark_interrupted(actor=None, older_than=stale)


@import_required
def import_list(request: HttpRequest) -> HttpResponse:
    _reap_interrupted()
    batches = selectors.import_batch_list(user=request.user)
    page = Paginator(batches, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "recommendations/import_list.html",
        {"page": page, "template_kinds": list(TEMPLATE_TYPES)},
    )


@import_required
def import_create(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        name = f"imports/{secrets.token_hex(16)}{Path(upload.name).suffix.lower()}"
        stored = default_storage.save(name, upload)
        batch = services.import_batch_create(
            actor=request.user,
            format=data["format"],
            file_name=Path(upload.name).name,
            stored_file=stored,
            file_size=upload.size,
            dry_run=data["dry_run"],
            skip_invalid=data["skip_invalid"],
            options={
                "state": data["state"],
                "symbol": data["symbol"],
                "language": translation.get_language(),
                "request_id": current_request_id(),
            },
            total_rows=estimate_rows(Path(default_storage.path(stored)), data["format"]),
        )
        import_batch_run.enqueue(batch.pk)
        return redirect("recommendations:import_detail", uuid=batch.uuid)
    return render(
        request,
        "recommendations/import_form.html",
        {"form": form, "template_kinds": list(TEMPLATE_TYPES)},
    )


def _status_context(batch: ImportBatch) -> dict[str, object]:
    return {"batch": batch, "active": batch.status in ACTIVE}


@import_required
def import_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    _reap_interrupted()
    batch = selectors.import_batch_get(user=request.user, uuid=uuid)
    issues = Paginator(batch.errors, ERRORS_PER_PAGE).get_page(request.GET.get("page"))
    context = {**_status_context(batch), "issues": issues}
    return render(request, "recommendations/import_detail.html", context)


@import_required
def import_progress(request: HttpRequest, uuid: str) -> HttpResponse:
    """The status block the detail page polls with htmx; reloads the page once it has ended."""
    batch = selectors.import_batch_get(user=request.user, uuid=uuid)
    response = render(request, "recommendations/_import_progress.html", _status_context(batch))
    if request.htmx and batch.status not in ACTIVE:
        response["HX-Refresh"] = "true"
    return response


@import_required
@require_POST
def import_retry(request: HttpRequest, uuid: str) -> HttpResponse:
    batch = selectors.import_batch_get(user=request.user, uuid=uuid)
    if batch.status != ImportStatus.FAILED or not default_storage.exists(batch.stored_file):
        messages.error(
            request, _("Only a failed import whose file is still stored can be run again.")
        )
    else:
        import_batch_run.enqueue(batch.pk)
        messages.success(request, _("The import was queued again."))
    return redirect("recommendations:import_detail", uuid=batch.uuid)


@import_required
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in TEMPLATE_TYPES:
        raise Http404
    response = HttpResponse(template(kind), content_type=TEMPLATE_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="tatabbu-recommendations.{kind}"'
    return response
