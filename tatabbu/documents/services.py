"""Storing and deleting uploaded documents. Every write is audited.

``document_store`` is the one way a file enters Tatabbu: it copies the upload to a temporary file
under ``MEDIA_ROOT`` (counting bytes and hashing as it goes, stopping past the size limit), checks
what the file really is (``inspection``), scans it (``antivirus``), and only then moves it to a
random name and records the row. On any refusal nothing is stored.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from tatabbu.audit.registry import register_actions
from tatabbu.audit.trail import record, service

from . import antivirus
from .access import is_registered_purpose
from .inspection import UploadRefused, inspect_file, kind_for_name, refused, sanitize_filename
from .models import Document

logger = logging.getLogger(__name__)

register_actions(
    {
        "document.upload": _("Document uploaded"),
        "document.refuse": _("Upload refused"),
        "document.download": _("Document downloaded"),
        "document.delete": _("Document deleted"),
    }
)

_INCOMING = ".incoming"
_AUDITED_FIELDS = ("original_name", "kind", "size", "sha256", "language", "purpose")


def _storage_root() -> Path:
    root = Path(settings.MEDIA_ROOT)
    (root / "documents").mkdir(parents=True, exist_ok=True, mode=0o750)
    (root / _INCOMING).mkdir(parents=True, exist_ok=True, mode=0o750)
    return root


def _copy_to_incoming(uploaded_file: UploadedFile, root: Path) -> tuple[Path, int, str]:
    """Copy the upload to a private temporary file; its size and SHA-256. Stops past the limit."""
    limit = settings.TATABBU_UPLOAD_MAX_BYTES
    if uploaded_file.size is not None and uploaded_file.size > limit:
        raise refused("too_large")
    digest, size = hashlib.sha256(), 0
    handle = tempfile.NamedTemporaryFile(dir=root / _INCOMING, delete=False)  # noqa: SIM115
    path = Path(handle.name)
    try:
        with handle:
            for chunk in uploaded_file.chunks():
                size += len(chunk)
                if size > limit:
                    raise refused("too_large")
                digest.update(chunk)
                handle.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path, size, digest.hexdigest()


@service
def document_store(
    *,
    actor: Any,
    uploaded_file: UploadedFile,
    purpose: str,
    institution: Any = None,
    language: str = "",
) -> Document:
    """Check and store an upload for ``purpose``; UploadRefused (nothing stored) if it fails a
    rule: allowlisted type by content, extension agreeing, size limit, zip limits, no polyglot,
    virus scan (fail closed when a scanner is configured and unavailable)."""
    if not is_registered_purpose(purpose):
        raise ValueError(f"Unknown document purpose {purpose!r}: register it in documents.access.")
    if language and language not in dict(settings.LANGUAGES):
        raise ValueError(f"Unknown language {language!r}.")
    name = sanitize_filename(uploaded_file.name or "")
    if kind_for_name(name) is None:
        raise refused("type_not_allowed")
    root = _storage_root()
    incoming, size, sha256 = _copy_to_incoming(uploaded_file, root)
    try:
        if size == 0:
            raise refused("empty")
        kind = inspect_file(incoming, name=name)
        antivirus.scan(incoming)
        stored_name = f"documents/{secrets.token_hex(1)}/{secrets.token_hex(16)}"
        final = root / stored_name
        final.parent.mkdir(parents=True, exist_ok=True, mode=0o750)
        os.chmod(incoming, settings.FILE_UPLOAD_PERMISSIONS or 0o640)
        os.replace(incoming, final)
    except BaseException:
        incoming.unlink(missing_ok=True)
        raise
    try:
        document = Document.objects.create(
            original_name=name,
            stored_name=stored_name,
            kind=kind,
            size=size,
            sha256=sha256,
            language=language,
            purpose=purpose,
            institution=institution,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
    except BaseException:
        final.unlink(missing_ok=True)
        raise
    # A caller's transaction that rolls back later leaves an unreferenced file (harmless, never
    # served); ``manage.py sweep_documents`` removes those. The reverse (a row without its file)
    # cannot happen: the file is in place before the row exists.
    record(
        actor=actor,
        action="document.upload",
        target=document,
        institution=institution,
        after={field: getattr(document, field) for field in _AUDITED_FIELDS},
    )
    return document


@service
def document_refusal_record(
    *, actor: Any, purpose: str, file_name: str, error: UploadRefused, institution: Any = None
) -> None:
    """Audit a refused upload (called by the view after ``document_store`` refused it)."""
    record(
        actor=actor,
        action="document.refuse",
        institution=institution,
        extra={
            "purpose": purpose,
            "file_name": sanitize_filename(file_name)[:200],
            "code": error.code,
        },
    )


@service
def document_download_record(*, actor: Any, document: Document) -> None:
    """Audit a download (RELIABILITY.md AUD-1: evidence downloads are logged)."""
    record(
        actor=actor,
        action="document.download",
        target=document,
        institution=document.institution_id,
    )


@service
def document_delete(*, actor: Any, document: Document) -> None:
    """Delete a document's row, and its file once the deletion is committed."""
    path = document.path
    before = {field: getattr(document, field) for field in _AUDITED_FIELDS}
    record(
        actor=actor,
        action="document.delete",
        target=document,
        institution=document.institution_id,
        before=before,
    )
    document.delete()
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
