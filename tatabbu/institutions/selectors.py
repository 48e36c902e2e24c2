"""Reads of institutions. Reference data: every signed-in staff member may read all of it."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from .models import Institution


def institution_list(*, user: Any = None, include_inactive: bool = False) -> QuerySet[Institution]:
    """All institutions with their parent, for lists and choices."""
    queryset = Institution.objects.select_related("parent").annotate(
        children_count=Count("children")
    )
    if not include_inactive:
        queryset = queryset.filter(is_active=True)
    return queryset.order_by("kind", "name_fr")


def institution_get(*, user: Any = None, slug: str) -> Institution:
    return get_object_or_404(Institution.objects.select_related("parent"), slug=slug)


def institution_lookup_table() -> dict[str, Institution]:
    """Every name, abbreviation, slug and alias of every institution → the institution (imports)."""
    table: dict[str, Institution] = {}
    for institution in Institution.objects.all():
        for label in (
            institution.slug,
            institution.abbreviation,
            institution.name_ar,
            institution.name_fr,
            institution.name_en,
            *institution.alias_list,
        ):
            if label:
                table.setdefault(label.strip(), institution)
    return table
