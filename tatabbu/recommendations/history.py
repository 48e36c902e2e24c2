"""History pages of recommendations and clusters: visible to whoever may see the object
(``permissions.py`` scopes history like everything else)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404

from tatabbu.audit.history import register_history

from .models import Cluster, Recommendation
from .permissions import scope_clusters, scope_recommendations


def _get(queryset: QuerySet, pk: str) -> Model:
    try:
        return queryset.get(pk=int(pk))
    except (ValueError, queryset.model.DoesNotExist) as error:
        raise Http404 from error


def _get_recommendation(user: Any, pk: str) -> Recommendation:
    queryset = scope_recommendations(Recommendation.objects.select_related("document"), user)
    return _get(queryset, pk)  # type: ignore[return-value]


def _get_cluster(user: Any, pk: str) -> Cluster:
    return _get(scope_clusters(Cluster.objects.all(), user), pk)  # type: ignore[return-value]


register_history(Recommendation, _get_recommendation)
register_history(Cluster, _get_cluster)
