"""Reads of the intelligence app, scoped by ``permissions``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from tatabbu.recommendations.models import Recommendation
from tatabbu.recommendations.permissions import scope_recommendations

from . import vocabulary
from .choices import SuggestionStatus
from .models import ModelArtefact, Suggestion
from .permissions import can_view_suggestions


@dataclass
class ShownSuggestion:
    suggestion: Suggestion
    label: str  # as shown, in the active language where we can


def suggestion_list(*, user: Any, recommendation: Recommendation) -> dict[str, list]:
    """The recommendation's suggestions: ``pending`` (best first) and ``decided``."""
    if not can_view_suggestions(user):
        raise PermissionDenied
    rows = (
        Suggestion.objects.filter(recommendation=recommendation)
        .select_related("artefact", "decided_by")
        .order_by("task", "-confidence")
    )
    shown = [ShownSuggestion(row, vocabulary.display(row.task, row.label)) for row in rows]
    return {
        "pending": [s for s in shown if s.suggestion.status == SuggestionStatus.PENDING],
        "decided": [s for s in shown if s.suggestion.status != SuggestionStatus.PENDING],
    }


def suggestion_pending(*, user: Any, recommendation: Recommendation, ids: list[str]) -> QuerySet:
    """Pending suggestions of ``recommendation`` among ``ids`` (others are ignored)."""
    if not can_view_suggestions(user):
        raise PermissionDenied
    numbers = [int(value) for value in ids if str(value).isdigit()]
    return Suggestion.objects.filter(
        recommendation=recommendation, pk__in=numbers, status=SuggestionStatus.PENDING
    ).select_related("recommendation", "artefact")


def model_list(*, user: Any) -> list[ModelArtefact]:
    if not can_view_suggestions(user):
        raise PermissionDenied
    return list(ModelArtefact.objects.order_by("task", "-version"))


def suggestion_queue(*, user: Any, task: str = "", min_confidence: float = 0.0) -> QuerySet:
    """Pending suggestions on the recommendations ``user`` may see, best first (the review
    queue: one task at a time, many recommendations)."""
    if not can_view_suggestions(user):
        raise PermissionDenied
    visible = scope_recommendations(Recommendation.objects.all(), user)
    queryset = Suggestion.objects.filter(
        status=SuggestionStatus.PENDING,
        recommendation__in=visible,
        confidence__gte=min_confidence,
    )
    if task:
        queryset = queryset.filter(task=task)
    return queryset.select_related("recommendation", "recommendation__document").order_by(
        "-confidence", "pk"
    )


def suggestion_pending_any(*, user: Any, ids: list[str]) -> QuerySet:
    """Pending suggestions among ``ids`` on recommendations ``user`` may see."""
    numbers = [int(value) for value in ids if str(value).isdigit()]
    return suggestion_queue(user=user).filter(pk__in=numbers)


def newest_artefacts() -> dict[str, ModelArtefact]:
    """The newest model of each task (the ones that make suggestions)."""
    newest: dict[str, ModelArtefact] = {}
    for artefact in ModelArtefact.objects.order_by("task", "-version"):
        newest.setdefault(artefact.task, artefact)
    return newest
