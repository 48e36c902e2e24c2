"""What the follow-up shows in public (the portal and the public API): the implementation status
and the progress of a recommendation as its *published* updates state them — never drafts,
submitted, returned or merely validated updates, and never the coordinator's internal override.

``tatabbu.portal`` registers these two functions as its follow-up provider
(``portal.selectors.register_public_follow_up``) when it starts.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from tatabbu.core.workflow import ReviewStatus

from .models import ImportedImplementation, ProgressUpdate

_ARABIC = re.compile(r"[\u0600-\u06FF]")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_FRENCH = frozenset(
    [
        "le",
        "la",
        "les",
        "des",
        "du",
        "de",
        "et",
        "pour",
        "dans",
        "une",
        "un",
        "sur",
        "par",
        "avec",
        "au",
        "aux",
        "est",
        "été",
    ]
)
_ENGLISH = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "for",
        "in",
        "on",
        "with",
        "by",
        "was",
        "were",
        "has",
        "have",
        "is",
        "a",
        "an",
    ]
)


def text_language(text: str) -> str:
    """``ar``, ``fr`` or ``en``: Arabic script when it is most of the letters, else whichever of
    French and English has more of its common short words (French on a tie: the DIDH's working
    language after Arabic). A progress update is written in one language."""
    letters = _LETTER.findall(text)
    if letters and len(_ARABIC.findall(text)) * 2 >= len(letters):
        return "ar"
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    french = sum(word in _FRENCH for word in words)
    english = sum(word in _ENGLISH for word in words)
    return "en" if english > french else "fr"


def published_statuses(ids: Iterable[int]) -> dict[int, str]:
    """{recommendation id: status assessed by its latest published update}; without one, the
    status another system published (received in an exchange document)."""
    ids = list(ids)
    statuses: dict[int, str] = dict(
        ImportedImplementation.objects.filter(recommendation_id__in=ids)
        .exclude(status="")
        .values_list("recommendation_id", "status")
    )
    rows = (
        ProgressUpdate.objects.filter(
            recommendation_id__in=list(ids), status=ReviewStatus.PUBLISHED
        )
        .order_by("recommendation_id", "published_at", "id")
        .values_list("recommendation_id", "assessed_status")
    )
    for recommendation_id, status in rows:
        statuses[recommendation_id] = status  # the latest wins
    return statuses


def published_updates(recommendation: Any) -> list[Any]:
    """The published updates of ``recommendation``, oldest first, as the portal shows them."""
    from tatabbu.portal.selectors import PublishedUpdate

    updates = (
        ProgressUpdate.objects.filter(recommendation=recommendation, status=ReviewStatus.PUBLISHED)
        .select_related("institution")
        .order_by("published_at", "id")
    )
    result = _imported_updates(recommendation, PublishedUpdate)
    for update in updates:
        language = text_language(update.text)
        result.append(
            PublishedUpdate(
                date=(update.published_at or update.created_at).date(),
                status=update.assessed_status,
                institution=str(update.institution) if update.institution_id else "",
                **{f"text_{language}": update.text},
            )
        )
    return result


def _imported_updates(recommendation: Any, published_update: Any) -> list[Any]:
    """The updates another system published, as received (they come before this instance's:
    they were published there first)."""
    imported = ImportedImplementation.objects.filter(recommendation=recommendation).first()
    if imported is None:
        return []
    result = []
    for update in imported.updates:
        texts = update.get("text") or {}
        result.append(
            published_update(
                date=datetime.date.fromisoformat(update["date"]),
                status=update.get("status") or "",
                institution=update.get("institution") or "",
                **{f"text_{code}": texts.get(code, "") for code in ("ar", "fr", "en")},
            )
        )
    return result


def recommendations_with_public_status(values: list[str]) -> Any:
    """The ``pk`` of recommendations whose public status (latest published update, else the
    imported one) is one of ``values``: a subquery for the portal's status filter."""
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from tatabbu.recommendations.models import Recommendation

    latest = (
        ProgressUpdate.objects.filter(recommendation=OuterRef("pk"), status=ReviewStatus.PUBLISHED)
        .order_by("-published_at", "-id")
        .values("assessed_status")[:1]
    )
    imported = (
        ImportedImplementation.objects.filter(recommendation=OuterRef("pk"))
        .exclude(status="")
        .values("status")[:1]
    )
    return (
        Recommendation.objects.annotate(
            public_status=Coalesce(Subquery(latest), Subquery(imported))
        )
        .filter(public_status__in=values)
        .values("pk")
    )
