"""What the follow-up adds to the recommendations app (a lower layer, which cannot import it):
the institution scope of focal points and validators, the ``institution`` filter and facet."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Q

from tatabbu.recommendations import facets, filters
from tatabbu.recommendations import permissions as recommendation_permissions
from tatabbu.recommendations.search import InIds

from .permissions import narrow_to_institution


def institution_predicate(values: list[str]) -> Q:
    """Recommendations assigned (lead or contributor) to one of the institutions (slugs)."""
    from .models import Assignment

    through = Assignment.contributing_institutions.through
    contributed = through.objects.filter(institution__slug__in=values).values(
        "assignment__recommendation_id"
    )
    return Q(assignment__lead_institution__slug__in=values) | Q(pk__in=contributed)


def institution_facet(ids: list[int]) -> Iterable[tuple[str, str, str, str, int]]:
    """(slug, name_ar, name_fr, name_en, count) of the institutions the rows ``ids`` are
    assigned to, as lead or contributor: one query, the ids sent as one parameter (resolving
    a thousand ids one by one as an ``__in`` list cost more than running the query)."""
    from .models import Assignment

    through = Assignment.contributing_institutions.through
    lead = (
        Assignment.objects.filter(InIds("recommendation_id", ids))
        .values_list(
            "lead_institution__slug",
            "lead_institution__name_ar",
            "lead_institution__name_fr",
            "lead_institution__name_en",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    contributing = (
        through.objects.filter(InIds("assignment__recommendation_id", ids))
        .values_list(
            "institution__slug",
            "institution__name_ar",
            "institution__name_fr",
            "institution__name_en",
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[tuple[str, str, str, str], int] = {}
    for *key, count in lead.union(contributing, all=True):
        counts[tuple(key)] = counts.get(tuple(key), 0) + count
    return [(*key, count) for key, count in counts.items()]


def connect() -> None:
    """Register the hooks once (AppConfig.ready)."""
    if narrow_to_institution not in recommendation_permissions.INSTITUTION_SCOPES:
        recommendation_permissions.INSTITUTION_SCOPES.append(narrow_to_institution)
    if institution_predicate not in filters.INSTITUTION_PREDICATE:
        filters.INSTITUTION_PREDICATE.append(institution_predicate)
    facets.EXTRA_FACETS.setdefault("institution", institution_facet)
