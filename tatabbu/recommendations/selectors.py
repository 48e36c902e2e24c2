"""Reads of recommendations data shown to users; scoping by role is decided here."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from .choices import ImportStatus
from .models import ImportBatch
from .permissions import can_import_recommendations


def import_batch_list(*, user: Any) -> QuerySet[ImportBatch]:
    """Past and running imports, newest first (coordinators and administrators)."""
    if not can_import_recommendations(user):
        return ImportBatch.objects.none()
    return ImportBatch.objects.select_related("started_by").order_by("-created_at", "-id")


def import_batch_get(*, user: Any, uuid: Any) -> ImportBatch:
    batch = import_batch_list(user=user).filter(uuid=uuid).first()
    if batch is None:
        raise Http404
    return batch


def import_batch_stale_exists(*, older_than: Any) -> bool:
    """Whether a running import has reported no progress for ``older_than`` (a read, so that
    pages only take the write lock when there is something to mark)."""
    limit = timezone.now() - older_than
    return ImportBatch.objects.filter(status=ImportStatus.RUNNING, updated_at__lt=limit).exists()
