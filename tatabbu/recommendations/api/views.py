"""/api/v1/recommendations/, /documents/, /clusters/: read-only, scoped like the HTML pages,
filtered with the same FilterSet."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import permissions, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from .. import selectors
from ..filters import RecommendationFilterSet
from ..permissions import can_view_recommendations
from .serializers import (
    ClusterSerializer,
    RecommendationDetailSerializer,
    RecommendationSerializer,
    SourceDocumentSerializer,
)


class CanViewRecommendations(permissions.BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return can_view_recommendations(request.user)


class RecommendationViewSet(viewsets.ReadOnlyModelViewSet):
    """Recommendations the caller may see. Filters are those of the HTML list (``q`` searches
    the text in every language; ``sort=relevance`` ranks the 1,000 most recent matches)."""

    permission_classes = [permissions.IsAuthenticated, CanViewRecommendations]
    filter_backends = [DjangoFilterBackend]
    filterset_class = RecommendationFilterSet
    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-fA-F-]{32,36}"

    def get_serializer_class(self):  # type: ignore[no-untyped-def]
        if self.action == "retrieve":
            return RecommendationDetailSerializer
        return RecommendationSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.recommendation_list(user=self.request.user)

    def filter_queryset(self, queryset):  # type: ignore[no-untyped-def]
        if self.action != "list":
            return queryset
        try:
            filtered = selectors.recommendation_list(
                user=self.request.user, filters=self.request.query_params
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        return filtered.prefetch_related("themes", "groups", "sdg_goals")

    def get_object(self):  # type: ignore[no-untyped-def]
        return selectors.recommendation_get(
            user=self.request.user, uuid=self.kwargs[self.lookup_field]
        )

    def retrieve(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        recommendation = self.get_object()
        context = {
            **self.get_serializer_context(),
            "similar": selectors.recommendation_similar(
                user=request.user, recommendation=recommendation
            ),
        }
        return Response(self.get_serializer(recommendation, context=context).data)


class SourceDocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """UN documents the recommendations come from."""

    serializer_class = SourceDocumentSerializer
    permission_classes = [permissions.IsAuthenticated, CanViewRecommendations]
    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-fA-F-]{32,36}"
    filterset_fields: list[str] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.document_list(user=self.request.user)


class ClusterViewSet(viewsets.ReadOnlyModelViewSet):
    """Named groups of recommendations handled together."""

    serializer_class = ClusterSerializer
    permission_classes = [permissions.IsAuthenticated, CanViewRecommendations]
    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-fA-F-]{32,36}"
    filterset_fields: list[str] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.cluster_list(user=self.request.user)
