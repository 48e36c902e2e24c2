"""Downloading a document: only for users the owning feature lets read it, as an attachment."""

from __future__ import annotations

import unicodedata
from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from . import selectors, services


def content_disposition(name: str) -> str:
    """``attachment`` with an ASCII fallback and the UTF-8 name (RFC 6266, RFC 8187)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    ascii_name = "".join(char for char in ascii_name if char.isalnum() or char in " ._-()")
    ascii_name = ascii_name.strip(" .") or "document"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


@login_required
@require_safe
def document_download(request: HttpRequest, uuid: str) -> FileResponse:
    document = selectors.document_get_readable(user=request.user, uuid=uuid)
    try:
        handle = document.path.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    if request.method == "GET":
        services.document_download_record(actor=request.user, document=document)
    response = FileResponse(handle, content_type=document.content_type)
    response["Content-Length"] = str(document.size)
    response["Content-Disposition"] = content_disposition(document.original_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["Cache-Control"] = "private, no-store"
    return response
