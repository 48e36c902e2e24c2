"""Reads of mechanisms and treaties (reference data, readable by all staff)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Mechanism, Treaty


def mechanism_list(*, user: Any = None, kind: str = "") -> QuerySet[Mechanism]:
    queryset = Mechanism.objects.all()
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("kind", "code")


def treaty_list(*, user: Any = None) -> QuerySet[Treaty]:
    return Treaty.objects.select_related("body", "parent").order_by("kind", "code")
