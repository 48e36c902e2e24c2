"""Reads of the vocabularies (reference data, readable by all staff)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from .models import Country, PersonGroup, SdgGoal, SdgTarget, Theme


def theme_list(*, user: Any = None) -> QuerySet[Theme]:
    return Theme.objects.order_by("label_en")


def person_group_list(*, user: Any = None) -> QuerySet[PersonGroup]:
    return PersonGroup.objects.order_by("label_en")


def sdg_goal_list(*, user: Any = None, with_targets: bool = False) -> QuerySet[SdgGoal]:
    queryset = SdgGoal.objects.order_by("number")
    if with_targets:
        queryset = queryset.prefetch_related(
            Prefetch("targets", queryset=SdgTarget.objects.order_by("position"))
        )
    return queryset


def sdg_target_list(*, user: Any = None) -> QuerySet[SdgTarget]:
    return SdgTarget.objects.select_related("goal").order_by("goal__number", "position")


def country_list(*, user: Any = None) -> QuerySet[Country]:
    return Country.objects.order_by("name_en")


def country_lookup_table() -> dict[str, Country]:
    """Every code, name and alias of every State → the State (imports match exact strings)."""
    table: dict[str, Country] = {}
    for country in Country.objects.all():
        for label in (
            country.code,
            country.name_en,
            country.name_fr,
            country.name_ar,
            *country.alias_list,
        ):
            if label:
                table.setdefault(label.strip(), country)
    return table
