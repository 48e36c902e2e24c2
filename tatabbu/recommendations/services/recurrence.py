"""Recurrence: a recommendation that repeats one the same State received earlier (another UPR
cycle, another mechanism), linked with a similarity score in [0, 1].

Similarity is the cosine of TF-IDF vectors of character n-grams (within words) of the
normalised texts. In a language both recommendations have, it is read directly, on 2- to
4-grams (``SAME_LANGUAGE_NGRAMS``). Between languages (a French cycle-3 text and the English
cycle-2 one), on 3- to 5-grams, the shared legal vocabulary ("Protocole facultatif" /
"Optional Protocol", "Statut de Rome" / "Rome Statute") still scores, lower, so that pair has
its own bar: ``CROSS_LANGUAGE_THRESHOLD``. Links are suggestions for people to judge; the
method is stored with each one.

``SAME_LANGUAGE_NGRAMS`` and ``SAME_LANGUAGE_THRESHOLD`` were chosen on the tuning half of the
hand-labelled pairs of ``intelligence/data/recurrence_pairs.csv`` (best F1 over English, French
and Arabic pairs pooled; ``manage.py classify recurrence`` recomputes the choice and reports
the held-out half).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from tatabbu.audit.registry import register_actions
from tatabbu.audit.trail import PendingEvent, record_many, service
from tatabbu.core.text import normalize_text

from ..models import Recommendation, RecurrenceLink

register_actions(
    {"recommendation.recurrence_link": _("Linked to an earlier similar recommendation")}
)

LANGUAGES = ("ar", "fr", "en")
# Chosen on the tuning pairs (docs/intelligence.md); were 3-5-grams at 0.45.
SAME_LANGUAGE_NGRAMS = (2, 4)
SAME_LANGUAGE_THRESHOLD = 0.40
CROSS_LANGUAGE_NGRAMS = (3, 5)
CROSS_LANGUAGE_THRESHOLD = 0.28
MAX_LINKS = 5
METHOD_SAME = "tfidf-char"
METHOD_CROSS = "tfidf-char-crosslingual"
_CHUNK = 256


@dataclass(frozen=True)
class RecurrenceSummary:
    examined: int
    links_created: int


@dataclass
class _Item:
    pk: int
    document_id: int
    received: datetime.date | None
    texts: dict[str, str]


@service
def recurrence_link_new(*, actor: Any, recommendation_ids: Iterable[int]) -> RecurrenceSummary:
    """Link each of ``recommendation_ids`` (just imported) to the similar recommendations its
    State received earlier, and the similar recommendations received later to it (so the
    order of imports does not matter). At most ``MAX_LINKS`` per recommendation and direction,
    scores above the thresholds. Existing links are kept; each new link is audited on the
    later recommendation. Returns how many were examined and linked."""
    new_ids = sorted({int(pk) for pk in recommendation_ids})
    states = (
        Recommendation.objects.filter(pk__in=new_ids)
        .values_list("state_id", flat=True)
        .distinct()
        .order_by()
    )
    pairs: dict[tuple[int, int], tuple[float, str]] = {}
    for state_id in states:
        pairs.update(_state_pairs(state_id, set(new_ids)))
    existing = set(
        RecurrenceLink.objects.filter(recommendation_id__in={later for later, _ in pairs})
        .values_list("recommendation_id", "earlier_id")
        .order_by()
    )
    new_links = [
        RecurrenceLink(recommendation_id=later, earlier_id=earlier, score=score, method=method)
        for (later, earlier), (score, method) in sorted(pairs.items())
        if (later, earlier) not in existing
    ]
    RecurrenceLink.objects.bulk_create(new_links, batch_size=500)
    if new_links:
        _audit(actor, new_links)
    return RecurrenceSummary(examined=len(new_ids), links_created=len(new_links))


def _audit(actor: Any, links: list[RecurrenceLink]) -> None:
    ids = {link.recommendation_id for link in links} | {link.earlier_id for link in links}
    rows = Recommendation.objects.select_related("document").in_bulk(ids)
    record_many(
        actor=actor,
        events=[
            PendingEvent(
                action="recommendation.recurrence_link",
                target=rows[link.recommendation_id],
                after={
                    "earlier": str(rows[link.earlier_id].uuid),
                    "score": round(link.score, 3),
                    "method": link.method,
                },
            )
            for link in links
        ],
    )


def _state_pairs(state_id: int, new_ids: set[int]) -> dict[tuple[int, int], tuple[float, str]]:
    """(later id, earlier id) → (score, method) for the new recommendations of one State."""
    import numpy
    from sklearn.feature_extraction.text import TfidfVectorizer

    items = _items(state_id)
    if len(items) < 2:
        return {}
    rows: list[tuple[int, str]] = []  # (item index, language) per matrix row
    texts: list[str] = []
    for index, item in enumerate(items):
        for language, text in item.texts.items():
            rows.append((index, language))
            texts.append(text)
    matrices = [
        TfidfVectorizer(
            analyzer="char_wb", ngram_range=grams, sublinear_tf=True, dtype=numpy.float32
        ).fit_transform(texts)
        for grams in (SAME_LANGUAGE_NGRAMS, CROSS_LANGUAGE_NGRAMS)
    ]
    new_rows = [number for number, (index, _) in enumerate(rows) if items[index].pk in new_ids]
    best: dict[tuple[int, int], tuple[float, str]] = {}
    for start in range(0, len(new_rows), _CHUNK):
        chunk = new_rows[start : start + _CHUNK]
        same, cross = ((matrix[chunk] @ matrix.T).toarray() for matrix in matrices)
        for position, row_number in enumerate(chunk):
            index, language = rows[row_number]
            _collect(best, items, rows, index, language, same[position], cross[position])
    return _keep_best(best)


def _collect(
    best: dict[tuple[int, int], tuple[float, str]],
    items: list[_Item],
    rows: list[tuple[int, str]],
    index: int,
    language: str,
    same_scores: Any,
    cross_scores: Any,
) -> None:
    """Candidates of one row: same-language scores on ``SAME_LANGUAGE_NGRAMS``, cross-language
    ones on ``CROSS_LANGUAGE_NGRAMS``."""
    item = items[index]
    candidates = (same_scores >= SAME_LANGUAGE_THRESHOLD) | (
        cross_scores >= CROSS_LANGUAGE_THRESHOLD
    )
    for other_row in candidates.nonzero()[0]:
        other_index, other_language = rows[other_row]
        other = items[other_index]
        order = _order(item, other)
        if order is None:
            continue
        same = language == other_language
        score = float((same_scores if same else cross_scores)[other_row])
        if not same and (set(item.texts) & set(other.texts)):
            continue  # a shared language exists: compare in it only
        if score < (SAME_LANGUAGE_THRESHOLD if same else CROSS_LANGUAGE_THRESHOLD):
            continue
        key = (item.pk, other.pk) if order == "later" else (other.pk, item.pk)
        method = METHOD_SAME if same else METHOD_CROSS
        score = min(1.0, round(score, 4))
        if key not in best or best[key][0] < score:
            best[key] = (score, method)


def _order(item: _Item, other: _Item) -> str | None:
    """ "later" when ``item`` was received after ``other``, "earlier" when before, else None
    (same document, or dates unknown or equal)."""
    if item.pk == other.pk or item.document_id == other.document_id:
        return None
    if item.received is None or other.received is None or item.received == other.received:
        return None
    return "later" if item.received > other.received else "earlier"


def _keep_best(
    pairs: dict[tuple[int, int], tuple[float, str]],
) -> dict[tuple[int, int], tuple[float, str]]:
    """At most MAX_LINKS earlier recommendations per later one, best first."""
    by_later: dict[int, list[tuple[float, int, str]]] = defaultdict(list)
    for (later, earlier), (score, method) in pairs.items():
        by_later[later].append((score, earlier, method))
    kept = {}
    for later, candidates in by_later.items():
        candidates.sort(key=lambda entry: (-entry[0], entry[1]))
        for score, earlier, method in candidates[:MAX_LINKS]:
            kept[(later, earlier)] = (score, method)
    return kept


def _items(state_id: int) -> list[_Item]:
    items = []
    queryset = (
        Recommendation.objects.filter(state_id=state_id)
        .values_list("pk", "document_id", "document__date", "year", "text_ar", "text_fr", "text_en")
        .order_by("pk")
    )
    for pk, document_id, date, year, text_ar, text_fr, text_en in queryset.iterator(2000):
        received = date or (datetime.date(year, 1, 1) if year else None)
        texts = {
            language: normalize_text(text)
            for language, text in zip(LANGUAGES, (text_ar, text_fr, text_en), strict=True)
            if text and text.strip()
        }
        if texts:
            items.append(_Item(pk, document_id, received, texts))
    return items
