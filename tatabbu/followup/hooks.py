"""What the follow-up adds to the recommendations app (a lower layer, which cannot import it):
the institution scope of focal points and validators, the ``institution`` filter and facet."""

from __future__ import annotations

from django.db.models import Q

from tatabbu.recommendations import facets, filters
from tatabbu.recommendations import permissions as recommendation_permissions

from .permissions import narrow_to_institution


def institution_predicate(values: list[str]) -> Q:
    """Recommendations assigned (lead or contributor) to one of the institutions (slugs)."""
    from .models import Assignment

    through = Assignment.contributing_institutions.through
    contributed = through.objects.filter(institution__slug__in=values).values(
        "assignment__recommendation_id"
    )
    return Q(assignment__lead_institution__slug__in=values) | Q(pk__in=contributed)


def institution_facet_sql() -> str:
    """The ``institution`` facet as a branch of the recommendations' facet statement (one
    statement for every facet): per institution, its lead assignments plus its contributions
    among the rows ``ids``."""
    from tatabbu.institutions.models import Institution

    from .models import Assignment

    assignments = Assignment._meta.db_table
    contributions = Assignment.contributing_institutions.through._meta.db_table
    institutions = Institution._meta.db_table
    return (
        "SELECT 'institution', i.slug, i.name_ar, i.name_fr, i.name_en, g.n FROM "  # noqa: S608 (table names)
        "(SELECT k, count(*) AS n FROM ("
        f"SELECT a.lead_institution_id AS k FROM {assignments} a "
        "JOIN ids ON a.recommendation_id = ids.id "
        "UNION ALL "
        f"SELECT c.institution_id FROM {contributions} c "
        f"JOIN {assignments} a ON a.id = c.assignment_id "
        "JOIN ids ON a.recommendation_id = ids.id"
        f") u GROUP BY k) g JOIN {institutions} i ON i.id = g.k"
    )


def connect() -> None:
    """Register the hooks once (AppConfig.ready)."""
    if narrow_to_institution not in recommendation_permissions.INSTITUTION_SCOPES:
        recommendation_permissions.INSTITUTION_SCOPES.append(narrow_to_institution)
    if institution_predicate not in filters.INSTITUTION_PREDICATE:
        filters.INSTITUTION_PREDICATE.append(institution_predicate)
    facets.EXTRA_FACETS.setdefault("institution", institution_facet_sql())
