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


def _public_status() -> Any:
    """The public status of the recommendation in the outer query: the status assessed by its
    latest published update, else the one another system published (exchange import), else
    NULL. The one definition the statuses and the portal's status filter share."""
    from django.db.models import OuterRef, Subquery
    from django.db.models.functions import Coalesce

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
    return Coalesce(Subquery(latest), Subquery(imported))


def published_statuses(ids: Iterable[int]) -> dict[int, str]:
    """{recommendation id: public status} for those of ``ids`` that have one (one query)."""
    from tatabbu.recommendations.models import Recommendation

    return dict(
        Recommendation.objects.filter(pk__in=list(ids))
        .annotate(public_status=_public_status())
        .exclude(public_status=None)
        .values_list("pk", "public_status")
    )


def recommendations_with_public_status(values: list[str]) -> Any:
    """The ``pk`` of recommendations whose public status is one of ``values``: a subquery for
    the portal's status filter."""
    from tatabbu.recommendations.models import Recommendation

    return (
        Recommendation.objects.annotate(public_status=_public_status())
        .filter(public_status__in=values)
        .values("pk")
    )


def published_updates_many(recommendation_ids: Iterable[int]) -> dict[int, list[Any]]:
    """{recommendation id: its public updates, oldest first}: those another system published
    (received in an exchange document: published there first), then this instance's published
    updates. Two queries whatever the number of recommendations (exports, bulk files)."""
    from tatabbu.portal.selectors import PublishedUpdate

    ids = list(recommendation_ids)
    result: dict[int, list[Any]] = {pk: [] for pk in ids}
    for imported in ImportedImplementation.objects.filter(recommendation_id__in=ids):
        for update in imported.updates:
            texts = update.get("text") or {}
            result[imported.recommendation_id].append(
                PublishedUpdate(
                    date=datetime.date.fromisoformat(update["date"]),
                    status=update.get("status") or "",
                    institution=update.get("institution") or "",
                    **{f"text_{code}": texts.get(code, "") for code in ("ar", "fr", "en")},
                )
            )
    updates = (
        ProgressUpdate.objects.filter(recommendation_id__in=ids, status=ReviewStatus.PUBLISHED)
        .select_related("institution")
        .order_by("published_at", "id")
    )
    for update in updates:
        language = text_language(update.text)
        result[update.recommendation_id].append(
            PublishedUpdate(
                date=(update.published_at or update.created_at).date(),
                status=update.assessed_status,
                institution=str(update.institution) if update.institution_id else "",
                **{f"text_{language}": update.text},
            )
        )
    return result


def published_updates(recommendation: Any) -> list[Any]:
    """The public updates of one recommendation (its page)."""
    return published_updates_many([recommendation.pk])[recommendation.pk]
