"""Reads for the public portal, the public API and the bulk files: published and public records
only (STYLE.md rule 32). Every public read goes through this module.

What is public:

- recommendations and their UN source documents (they come from public UN documents; every
  imported recommendation is publishable), but not what the DIDH adds internally: clusters,
  assignments, internal notes, the internal implementation status, provenance of imports;
- reference data (mechanisms, treaties, themes, SDGs);
- news items, pages and publications whose status is *published* and whose publication time
  has come;
- published calls for projects (``calls.selectors.call_published_only``);
- public action plans with the figures of their *published* updates only
  (``actionplan.selectors`` with ``published_only=True``).

**The follow-up provider.** The implementation status a recommendation shows in public and its
published progress updates come from the follow-up app (``tatabbu.followup.public``), which
``PortalConfig.ready`` registers:

    register_public_follow_up(PublicFollowUp(statuses=..., updates=...))

``statuses(ids) -> {id: status code}`` must derive the status from *published* updates only;
``updates(recommendation) -> [PublishedUpdate]`` returns the published updates, oldest first.
Until a provider is registered recommendations show no status in public and the status filter
and facet are not offered (the ``implementation_status`` column is internal).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from tatabbu.actionplan import selectors as plan_selectors
from tatabbu.actionplan.models import ActionPlan
from tatabbu.calls.models import Call
from tatabbu.calls.selectors import call_published_only
from tatabbu.institutions.models import Institution
from tatabbu.mechanisms.choices import MechanismKind, TreatyKind
from tatabbu.mechanisms.models import Mechanism, Treaty
from tatabbu.recommendations import search
from tatabbu.recommendations.choices import ImplementationStatus, Position, SortOrder
from tatabbu.recommendations.facets import Facet, FacetValue
from tatabbu.recommendations.filters import RecommendationFilterSet, ValuesFilter
from tatabbu.recommendations.models import Recommendation, RecurrenceLink, SourceDocument
from tatabbu.recommendations.selectors import (
    PAGE_SIZES,
    SearchResult,
    order_recommendations,
    search_filterset,
    with_related,
)
from tatabbu.taxonomy.models import SdgGoal, SdgTarget, Theme

from .choices import ArticleKind, PublicationStatus
from .models import Article, Publication

# --- The follow-up hook ---------------------------------------------------------------------


@dataclass(frozen=True)
class PublishedUpdate:
    """One published progress update, as the public sees it."""

    date: datetime.date
    text_ar: str = ""
    text_fr: str = ""
    text_en: str = ""
    status: str = ""
    institution: str = ""


@dataclass(frozen=True)
class PublicFollowUp:
    statuses: Callable[[list[int]], Mapping[int, str]]
    updates: Callable[[Recommendation], list[PublishedUpdate]]
    # The ids (a queryset of ``pk``) of recommendations whose public status is one of the given
    # codes: the portal's status filter.
    having_status: Callable[[list[str]], QuerySet] | None = None
    # ``updates`` for many recommendations at once: {id: [PublishedUpdate]} (exports).
    updates_many: Callable[[list[int]], Mapping[int, list[PublishedUpdate]]] | None = None


_FOLLOW_UP: list[PublicFollowUp] = []


def register_public_follow_up(provider: PublicFollowUp) -> None:
    """Called once at start-up (``PortalConfig.ready`` registers ``followup.public``); tests
    may register another over it and then call ``unregister_public_follow_up``."""
    _FOLLOW_UP.append(provider)


def unregister_public_follow_up() -> None:
    """Tests only: drop the provider registered last (the start-up one comes back)."""
    if _FOLLOW_UP:
        _FOLLOW_UP.pop()


def has_public_status() -> bool:
    return bool(_FOLLOW_UP)


def public_statuses(ids: Iterable[int]) -> dict[int, str]:
    """Public implementation status of each recommendation (empty without a provider)."""
    ids = list(ids)
    if not _FOLLOW_UP or not ids:
        return {}
    valid = {status.value for status in ImplementationStatus}
    return {
        key: value
        for key, value in _FOLLOW_UP[-1].statuses(ids).items()
        if value in valid and key in set(ids)
    }


def published_updates(recommendation: Recommendation) -> list[PublishedUpdate]:
    if not _FOLLOW_UP:
        return []
    return list(_FOLLOW_UP[-1].updates(recommendation))


def published_updates_many(items: list[Recommendation]) -> dict[int, list[PublishedUpdate]]:
    """``published_updates`` of each of ``items``, in a few queries when the provider can."""
    if not _FOLLOW_UP:
        return {item.pk: [] for item in items}
    provider = _FOLLOW_UP[-1]
    if provider.updates_many is None:
        return {item.pk: list(provider.updates(item)) for item in items}
    found = provider.updates_many([item.pk for item in items])
    return {item.pk: list(found.get(item.pk, [])) for item in items}


STATUS_LABELS = dict(ImplementationStatus.choices)


def attach_statuses(rows: list[Recommendation]) -> list[Recommendation]:
    """Sets ``public_status`` and ``public_status_label`` on each row (empty when unknown)."""
    statuses = public_statuses(row.pk for row in rows)
    for row in rows:
        row.public_status = statuses.get(row.pk, "")
        row.public_status_label = STATUS_LABELS.get(row.public_status, "")
    return rows


# --- Recommendations ------------------------------------------------------------------------

# Filters and facets that read internal data: never offered in public (a filter on them would
# reveal internal data through counts).
INTERNAL_FACETS = {"cluster", "institution"}


def _public_status_predicate(values: list[str]) -> Q:
    provider = _FOLLOW_UP[-1] if _FOLLOW_UP else None
    if provider is None or provider.having_status is None:
        return Q(pk__in=[])
    return Q(pk__in=provider.having_status(values))


class PublicRecommendationFilterSet(RecommendationFilterSet):
    """The back office's filters minus those on internal data (clusters, institutions); the
    status filter reads the *public* status (published updates), not the internal column."""

    cluster = None
    institution = None
    status = ValuesFilter(label=_("Implementation status"), predicate=_public_status_predicate)


def published_recommendations() -> QuerySet[Recommendation]:
    """Every publishable recommendation (all imported ones: they come from UN documents)."""
    return Recommendation.objects.all()


def _filters(filters: Mapping[str, Any] | None) -> Any:
    from tatabbu.recommendations.selectors import _as_query_dict

    return _as_query_dict(filters)


def public_filterset(filters: Mapping[str, Any] | None) -> PublicRecommendationFilterSet:
    return PublicRecommendationFilterSet(
        data=_filters(filters), queryset=published_recommendations()
    )


def recommendation_public_search(
    *, filters: Mapping[str, Any] | None, page: int = 1, page_size: int = PAGE_SIZES[0]
) -> SearchResult:
    """The portal's search: the back office's search, facets and paging over published rows,
    without the internal facets; each row gets its public status."""
    result = search_filterset(public_filterset(filters), page=page, page_size=page_size)
    facets = []
    for facet in result.facets:
        if facet.name in INTERNAL_FACETS:
            continue
        if facet.name == "status":  # counted on the internal column: count the public one
            if not has_public_status():
                continue
            facet = _public_status_facet(result, facet)
        facets.append(facet)
    result.facets = facets
    for name in INTERNAL_FACETS:
        result.selected.pop(name, None)
    if not has_public_status():
        result.selected.pop("status", None)
    attach_statuses(result.page.rows)
    return result


def _public_status_facet(result: SearchResult, facet: Facet) -> Facet:
    """The status facet counted on the public status of the matched rows (estimated, like the
    other facets, when the matches are a sample)."""
    matches = result.matches
    counts = Counter(public_statuses(matches.ids).values())
    selected = result.selected.get("status", [])
    values = []
    for number, (code, label) in enumerate(ImplementationStatus.choices):
        if not counts.get(code) and code not in selected:
            continue
        count = round(counts.get(code, 0) * matches.scale)
        values.append(
            FacetValue(
                key=code,
                label=str(label),
                count=count,
                selected=code in selected,
                count_text=("≈" if matches.is_sample else "")
                + number_format(count, force_grouping=True),
                input_id=f"facet-status-{number}",
            )
        )
    return Facet(name="status", label=facet.label, values=values, estimated=matches.is_sample)


def recommendation_public_list(*, filters: Mapping[str, Any] | None = None) -> QuerySet:
    """Published recommendations matching ``filters`` (public API, bulk files, exchange
    export), newest first or as sorted; invalid filters raise ``ValidationError``."""
    filterset = public_filterset(filters)
    if not filterset.is_valid():
        raise ValidationError({name: list(errors) for name, errors in filterset.errors.items()})
    sort = filterset.sort_order
    if sort == SortOrder.RELEVANCE:
        sort = SortOrder.NEWEST
    queryset = search.match(filterset.qs.order_by(), filterset.query)
    return with_related(order_recommendations(queryset, sort)).prefetch_related(
        "themes", "groups", "sdg_goals", "sdg_targets"
    )


def recommendation_public_get(*, uuid: Any) -> Recommendation:
    queryset = (
        published_recommendations()
        .select_related("document", "document__mechanism", "mechanism", "state")
        .prefetch_related("recommending_states", "themes", "groups", "sdg_goals", "sdg_targets")
    )
    try:
        recommendation = queryset.get(uuid=uuid)
    except (Recommendation.DoesNotExist, ValidationError, ValueError) as error:
        raise Http404 from error
    attach_statuses([recommendation])
    return recommendation


def recommendation_public_similar(recommendation: Recommendation) -> list[dict[str, Any]]:
    """Recurrence links both ways (both ends are public), best score first."""
    links = (
        RecurrenceLink.objects.filter(Q(recommendation=recommendation) | Q(earlier=recommendation))
        .select_related("earlier__document", "recommendation__document")
        .order_by("-score", "pk")
    )
    similar = []
    for link in links:
        earlier = link.recommendation_id == recommendation.pk
        other = link.earlier if earlier else link.recommendation
        similar.append(
            {
                "recommendation": other,
                "score": link.score,
                "direction": "earlier" if earlier else "later",
            }
        )
    return similar


def document_public_list() -> QuerySet[SourceDocument]:
    return (
        SourceDocument.objects.select_related("mechanism", "state")
        .annotate(recommendation_count=Count("recommendations"))
        .order_by("-date", "symbol", "pk")
    )


# --- Breakdowns (pages per mechanism, body, theme, SDG, cycle) ------------------------------


@dataclass
class BreakdownRow:
    key: str
    label: str
    count: int
    statuses: dict[str, int] = field(default_factory=dict)
    status_counts: list[int] = field(default_factory=list)


@dataclass
class Dimension:
    code: str
    label: Any
    filter_name: str


DIMENSIONS = {
    "mechanism": Dimension("mechanism", _("Mechanism"), "kind"),
    "body": Dimension("body", _("Body or mandate"), "body"),
    "theme": Dimension("theme", _("Theme"), "theme"),
    "sdg": Dimension("sdg", _("Sustainable Development Goal"), "sdg"),
    "cycle": Dimension("cycle", _("UPR cycle"), "cycle"),
}


def dimension_get(code: str) -> Dimension:
    try:
        return DIMENSIONS[code]
    except KeyError as error:
        raise Http404 from error


def _grouped(values: QuerySet, key: str) -> dict[str, list[int]]:
    groups: dict[str, list[int]] = {}
    for row in values:
        if row[key] in (None, ""):
            continue
        groups.setdefault(str(row[key]), []).append(row["pk"])
    return groups


def breakdown(code: str) -> list[BreakdownRow]:
    """Published recommendations counted by one dimension (exact counts), with the public
    status counts of each value when the follow-up provides them."""
    dimension = dimension_get(code)
    base = published_recommendations()
    labels: dict[str, str] = {}
    if dimension.code == "mechanism":
        groups = _grouped(base.values("pk", "mechanism__kind"), "mechanism__kind")
        labels = {key: str(label) for key, label in MechanismKind.choices}
    elif dimension.code == "body":
        groups = _grouped(base.values("pk", "mechanism__code"), "mechanism__code")
        labels = {item.code: str(item.name) for item in Mechanism.objects.all()}
    elif dimension.code == "cycle":
        groups = _grouped(base.values("pk", "cycle"), "cycle")
        labels = {key: str(_("Cycle %(number)s") % {"number": key}) for key in groups}
    elif dimension.code == "theme":
        groups = _grouped(base.values("pk", "themes__slug"), "themes__slug")
        labels = {item.slug: str(item.label) for item in Theme.objects.all()}
    else:
        groups = _grouped(base.values("pk", "sdg_goals__number"), "sdg_goals__number")
        labels = {
            str(item.number): f"{item.number}. {item.short}" for item in SdgGoal.objects.all()
        }
    statuses = public_statuses({pk for ids in groups.values() for pk in ids})
    rows = []
    for key, ids in groups.items():
        counts = Counter(statuses[pk] for pk in ids if pk in statuses)
        rows.append(
            BreakdownRow(key=key, label=labels.get(key, key), count=len(ids), statuses=dict(counts))
        )
    if dimension.code in {"cycle", "sdg"}:
        rows.sort(key=lambda row: int(row.key) if row.key.isdigit() else 10**9)
    else:
        rows.sort(key=lambda row: (-row.count, row.label))
    return rows


def breakdown_value(code: str, key: str) -> BreakdownRow:
    for row in breakdown(code):
        if row.key == key:
            return row
    raise Http404


def position_counts(filters: Mapping[str, Any]) -> list[BreakdownRow]:
    """Published recommendations matching ``filters`` counted by the State's position."""
    queryset = recommendation_public_list(filters=filters).order_by()
    counts = dict(
        queryset.values_list("position")
        .annotate(count=Count("pk"))
        .values_list("position", "count")
    )
    labels = dict(Position.choices)
    return [
        BreakdownRow(key=key, label=str(labels.get(key, key)), count=counts[key])
        for key in [position.value for position in Position]
        if counts.get(key)
    ]


def status_rows(statuses: Mapping[str, int]) -> list[BreakdownRow]:
    return [
        BreakdownRow(key=status.value, label=str(status.label), count=statuses.get(status.value, 0))
        for status in ImplementationStatus
    ]


# --- Home -----------------------------------------------------------------------------------


def home_figures() -> dict[str, Any]:
    """Key figures of the home page (reference data and published records only)."""
    treaties = Treaty.objects.filter(state_status__in=["ratified", "acceded"])
    recommendations = published_recommendations()
    return {
        "recommendations": recommendations.count(),
        "documents": SourceDocument.objects.filter(recommendations__isnull=False)
        .distinct()
        .count(),
        "core_treaties": treaties.filter(kind=TreatyKind.CORE).count(),
        "protocols": treaties.filter(kind=TreatyKind.OPTIONAL_PROTOCOL).count(),
        "treaty_bodies": Mechanism.objects.filter(kind=MechanismKind.TREATY_BODY).count(),
        "special_procedures": Mechanism.objects.filter(
            kind=MechanismKind.SPECIAL_PROCEDURE
        ).count(),
        "institutions": Institution.objects.filter(is_active=True).count(),
        "sdg_targets": SdgTarget.objects.count(),
    }


# --- News, pages, publications ----------------------------------------------------------------


def _is_public(now: datetime.datetime | None = None) -> Q:
    return Q(status=PublicationStatus.PUBLISHED, published_at__lte=now or timezone.now())


def article_public_list(*, kind: str = ArticleKind.NEWS) -> QuerySet[Article]:
    return Article.objects.filter(_is_public(), kind=kind).select_related("image")


def article_public_get(*, kind: str, slug: str) -> Article:
    article = article_public_list(kind=kind).filter(slug=slug).first()
    if article is None:
        raise Http404
    return article


def latest_news(limit: int = 3) -> list[Article]:
    return list(article_public_list(kind=ArticleKind.NEWS)[:limit])


def is_public_image(document: Any) -> bool:
    """Whether ``document`` is the image of a published news item or page."""
    return article_public_list(kind=ArticleKind.NEWS).filter(image=document).exists() or (
        article_public_list(kind=ArticleKind.PAGE).filter(image=document).exists()
    )


def publication_public_list() -> QuerySet[Publication]:
    return Publication.objects.filter(_is_public()).select_related("document")


def publication_public_get(*, uuid: Any) -> Publication:
    try:
        publication = publication_public_list().filter(uuid=uuid).first()
    except (ValidationError, ValueError) as error:
        raise Http404 from error
    if publication is None:
        raise Http404
    return publication


# --- Calls and action plans -------------------------------------------------------------------


def call_public_list() -> QuerySet[Call]:
    return call_published_only().order_by("-opens_at", "-pk")


def call_public_get(*, uuid: Any) -> Call:
    try:
        call = call_public_list().filter(uuid=uuid).first()
    except (ValidationError, ValueError) as error:
        raise Http404 from error
    if call is None:
        raise Http404
    return call


def plan_public_list() -> QuerySet[ActionPlan]:
    return plan_selectors.plan_list(user=None, published_only=True)


def plan_public_get(*, slug: str) -> ActionPlan:
    return plan_selectors.plan_get(user=None, slug=slug, published_only=True)


def plan_public_rollup(*, plan: ActionPlan) -> Any:
    return plan_selectors.plan_rollup(plan=plan, today=timezone.localdate(), published_only=True)


def plan_public_projects(*, plan: ActionPlan) -> QuerySet:
    return plan_selectors.project_list(user=None, plan=plan, published_only=True)
