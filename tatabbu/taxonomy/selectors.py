"""Reads of the vocabularies (reference data, readable by all staff)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from .models import PersonGroup, SdgGoal, SdgTarget, Theme


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
