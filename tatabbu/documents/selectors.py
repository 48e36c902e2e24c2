"""Reads of documents."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import Http404

from .access import can_read_document
from .models import Document


def document_get_readable(*, user: Any, uuid: Any) -> Document:
    """The document ``uuid`` if ``user`` may read it; Http404 otherwise (existence not revealed)."""
    document = Document.objects.filter(uuid=uuid).first()
    if document is None or not can_read_document(user, document):
        raise Http404
    return document


def orphan_files(*, older_than_seconds: int = 3600) -> list[Path]:
    """Files under the document storage that no row points to (left by rolled-back
    transactions or interrupted uploads), older than ``older_than_seconds``."""
    root = Path(settings.MEDIA_ROOT)
    cutoff = time.time() - older_than_seconds
    candidates = [
        path
        for folder in (root / "documents", root / ".incoming")
        if folder.is_dir()
        for path in folder.rglob("*")
        if path.is_file() and path.stat().st_mtime < cutoff
    ]
    known = set(Document.objects.values_list("stored_name", flat=True))
    return [path for path in candidates if str(path.relative_to(root)) not in known]
