"""What this app does when other apps signal an event (registered in ``apps.ready``)."""

from __future__ import annotations

from typing import Any

from tatabbu.recommendations.models import Recommendation

from .models import ModelArtefact
from .services import suggestions_add

SUGGEST_CHUNK = 2000


def suggest_after_import(*, actor: Any, batch: Any) -> int:
    """After an import is written: suggestions for the recommendations it wrote, when models
    have been trained (nothing to do otherwise), one transaction per chunk."""
    if not ModelArtefact.objects.exists():
        return 0
    ids = list(Recommendation.objects.filter(import_batch=batch).values_list("pk", flat=True))
    total = 0
    for start in range(0, len(ids), SUGGEST_CHUNK):
        total += suggestions_add(actor=actor, recommendation_ids=ids[start : start + SUGGEST_CHUNK])
    return total
