"""Reads of recommendations, source documents and clusters, scoped by ``permissions.py``.

``recommendation_list`` is the one entry point for a filtered list (HTML list, exports, API,
commands): scope, then the shared FilterSet, then the text match, then the order.
``recommendation_search`` adds what the HTML list shows: one page, the total and the facets,
with bounded work (``search.py``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404, QueryDict
from django.utils import timezone

from tatabbu.taxonomy.models import Country

from . import search
from .choices import ImportStatus, SortOrder
from .facets import Facet, facet_counts
from .filters import RecommendationFilterSet
from .models import Cluster, ImportBatch, Recommendation, RecurrenceLink, SourceDocument
from .ordering import ParagraphNumber
from .permissions import (
    can_import_recommendations,
    scope_clusters,
    scope_documents,
    scope_recommendations,
)

PAGE_SIZES = (20, 50, 100)
SELECTED_KEYS = (
    "kind",
    "body",
    "state",
    "cycle",
    "session",
    "position",
    "theme",
    "group",
    "sdg",
    "recommending_state",
    "cluster",
    "institution",
    "status",
    "language",
)


def recommendation_filterset(
    *, user: Any, filters: Mapping[str, Any] | None
) -> RecommendationFilterSet:
    """The shared FilterSet bound to ``filters`` over the recommendations ``user`` may see.
    ``filters`` is a QueryDict (a request's) or a plain mapping of values or lists of values."""
    queryset = scope_recommendations(Recommendation.objects.all(), user)
    return RecommendationFilterSet(data=_as_query_dict(filters), queryset=queryset)


def _as_query_dict(filters: Mapping[str, Any] | None) -> QueryDict:
    if isinstance(filters, QueryDict):
        return filters
    data = QueryDict(mutable=True)
    for name, value in (filters or {}).items():
        values = value if isinstance(value, list | tuple) else [value]
        data.setlist(name, [str(item) for item in values])
    return data


def filtered_recommendations(filterset: RecommendationFilterSet) -> QuerySet:
    """The rows matching every filter and the text query, unordered."""
    return search.match(filterset.qs.order_by(), filterset.query)


def recommendation_list(*, user: Any, filters: Mapping[str, Any] | None = None) -> QuerySet:
    """Recommendations ``user`` may see that match ``filters`` (the FilterSet's parameters), in
    the requested order. Invalid filters raise ``ValidationError``.

    ``sort=relevance`` keeps the ``TATABBU_SEARCH_RANK_CANDIDATES`` most recent matches, best
    first; other orders keep every match.
    """
    filterset = recommendation_filterset(user=user, filters=filters)
    if not filterset.is_valid():
        raise _invalid(filterset)
    queryset = filtered_recommendations(filterset)
    if filterset.sort_order == SortOrder.RELEVANCE:
        base = filterset.qs.order_by()
        matches = search.match_set(base, filterset.query)
        if connection.vendor == "postgresql":
            return with_related(search.ranked_queryset(base, filterset.query, matches))
        ranked = search.ranked_ids(base, filterset.query, matches)
        if not ranked:
            return Recommendation.objects.none()
        return with_related(
            Recommendation.objects.filter(search.InIds("pk", ranked)).order_by(_position_in(ranked))
        )
    return with_related(order_recommendations(queryset, filterset.sort_order))


def _invalid(filterset: RecommendationFilterSet) -> ValidationError:
    return ValidationError({name: list(errors) for name, errors in filterset.errors.items()})


def order_recommendations(queryset: QuerySet, sort: str) -> QuerySet:
    if sort == SortOrder.OLDEST:
        return queryset.order_by("year", "pk")
    if sort == SortOrder.PARAGRAPH:
        return queryset.order_by(
            "document__date",
            "document_id",
            ParagraphNumber("paragraph", part=1),
            ParagraphNumber("paragraph", part=2),
            "paragraph",
            "pk",
        )
    return queryset.order_by("-year", "-pk")


def with_related(queryset: QuerySet) -> QuerySet:
    """What a list row shows, in a fixed number of queries whatever the page size."""
    return queryset.select_related("document", "mechanism", "state", "cluster").prefetch_related(
        Prefetch(
            "recommending_states",
            queryset=Country.objects.only("id", "code", "name_ar", "name_fr", "name_en"),
        )
    )


def _position_in(ids: list[int]) -> Case:
    return Case(
        *[When(pk=value, then=Value(index)) for index, value in enumerate(ids)],
        default=Value(len(ids)),
        output_field=IntegerField(),
    )


@dataclass
class ResultPage:
    rows: list[Recommendation]
    number: int
    size: int
    count: int  # rows this order can page through
    total: int
    total_is_exact: bool
    ranked_only: bool = False

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count / self.size))

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    @property
    def start_index(self) -> int:
        return 0 if not self.rows else (self.number - 1) * self.size + 1

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.rows) - 1 if self.rows else 0


@dataclass
class SearchResult:
    filterset: RecommendationFilterSet
    page: ResultPage
    facets: list[Facet]
    matches: search.MatchSet
    sort: str
    selected: dict[str, list[str]] = field(default_factory=dict)

    @property
    def estimated(self) -> bool:
        return self.matches.is_sample

    @property
    def active_facets(self) -> list[Facet]:
        return [facet for facet in self.facets if facet.values]


def recommendation_search(
    *,
    user: Any,
    filters: Mapping[str, Any] | None,
    page: int = 1,
    page_size: int = PAGE_SIZES[0],
) -> SearchResult:
    """One page of the filtered list, its total and its facets (HTML list)."""
    filterset = recommendation_filterset(user=user, filters=filters)
    return search_filterset(filterset, page=page, page_size=page_size)


def search_filterset(
    filterset: RecommendationFilterSet, *, page: int = 1, page_size: int = PAGE_SIZES[0]
) -> SearchResult:
    """One page, total and facets of an already bound ``filterset`` (its queryset decides the
    scope: ``recommendation_search`` passes the user's, the public portal the published rows)."""
    filterset.is_valid()  # invalid filters are shown and ignored
    query = filterset.query
    sort = filterset.sort_order
    base = filterset.qs.order_by()
    matches = search.match_set(base, query)
    size = page_size if page_size in PAGE_SIZES else PAGE_SIZES[0]
    number = max(1, page)
    if sort == SortOrder.RELEVANCE:
        ranked = search.ranked_ids(base, query, matches)
        count = len(ranked)
        number = min(number, max(1, math.ceil(count / size)))
        page_ids = ranked[(number - 1) * size : number * size]
        by_id = {
            row.pk: row for row in with_related(Recommendation.objects.filter(pk__in=page_ids))
        }
        rows = [by_id[pk] for pk in page_ids if pk in by_id]
        ranked_only = count < matches.total
    else:
        count = matches.total
        number = min(number, max(1, math.ceil(count / size)))
        if not matches.is_sample:
            ordered = Recommendation.objects.filter(search.InIds("pk", matches.ids))
        else:
            ordered = search.match(base, query, walk_order=True)
        ordered = with_related(order_recommendations(ordered, sort))
        rows = list(ordered[(number - 1) * size : number * size])
        ranked_only = False
    selected = {
        key: [str(value) for value in filterset.form.cleaned_data.get(key) or []]
        for key in SELECTED_KEYS
        if filterset.is_valid()
    }
    if filterset.is_valid() and filterset.form.cleaned_data.get("recurring"):
        selected["recurring"] = ["true"]
    return SearchResult(
        filterset=filterset,
        page=ResultPage(
            rows=rows,
            number=number,
            size=size,
            count=count,
            total=matches.total,
            total_is_exact=matches.total_is_exact,
            ranked_only=ranked_only,
        ),
        facets=facet_counts(matches, selected),
        matches=matches,
        sort=sort,
        selected=selected,
    )


def recommendation_get(*, user: Any, uuid: Any) -> Recommendation:
    """One recommendation ``user`` may see, with what its detail page shows; else 404."""
    queryset = scope_recommendations(Recommendation.objects.all(), user)
    queryset = queryset.select_related(
        "document", "document__mechanism", "mechanism", "state", "cluster", "import_batch"
    ).prefetch_related("recommending_states", "themes", "groups", "sdg_goals", "sdg_targets")
    try:
        return queryset.get(uuid=uuid)
    except (Recommendation.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error


@dataclass
class SimilarRecommendation:
    recommendation: Recommendation
    score: float
    method: str
    direction: str  # "earlier": this one repeats it; "later": it repeats this one


def recommendation_similar(*, user: Any, recommendation: Recommendation) -> list[Similar]:
    """Recurrence links of ``recommendation`` both ways, best score first, within scope."""
    visible = scope_recommendations(Recommendation.objects.all(), user).values("pk")
    links = (
        RecurrenceLink.objects.filter(
            Q(recommendation=recommendation, earlier__in=visible)
            | Q(earlier=recommendation, recommendation__in=visible)
        )
        .select_related(
            "earlier__document",
            "earlier__mechanism",
            "recommendation__document",
            "recommendation__mechanism",
        )
        .order_by("-score", "pk")
    )
    similar = []
    for link in links:
        if link.recommendation_id == recommendation.pk:
            similar.append(SimilarRecommendation(link.earlier, link.score, link.method, "earlier"))
        else:
            similar.append(
                SimilarRecommendation(link.recommendation, link.score, link.method, "later")
            )
    return similar


Similar = SimilarRecommendation


def recommendation_ids_for_bulk(*, user: Any, filters: Mapping[str, Any]) -> QuerySet:
    """The ids of every recommendation matching ``filters`` (bulk actions on a filtered list)."""
    filterset = recommendation_filterset(user=user, filters=filters)
    if not filterset.is_valid():
        raise _invalid(filterset)
    return filtered_recommendations(filterset).values_list("pk", flat=True)


# --- Documents and clusters ---------------------------------------------------------------------


def document_list(*, user: Any) -> QuerySet:
    return (
        scope_documents(SourceDocument.objects.all(), user)
        .select_related("mechanism", "state")
        .annotate(recommendation_count=Count("recommendations"))
        .order_by("-date", "symbol", "pk")
    )


def document_get(*, user: Any, uuid: Any) -> SourceDocument:
    try:
        return document_list(user=user).get(uuid=uuid)
    except (SourceDocument.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error


def cluster_list(*, user: Any) -> QuerySet:
    return (
        scope_clusters(Cluster.objects.all(), user)
        .annotate(recommendation_count=Count("recommendations"))
        .order_by("name_fr", "name_ar", "name_en", "pk")
    )


def cluster_get(*, user: Any, uuid: Any) -> Cluster:
    try:
        return cluster_list(user=user).get(uuid=uuid)
    except (Cluster.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error


# --- Imports -----------------------------------------------------------------------------


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
