"""The public API (/api/v1/public/…): anonymous read of published data, through
``portal.selectors``. Same filters as the portal's search; paginated; rate-limited like the
rest of the API (anonymous and authenticated rates)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny

from tatabbu.actionplan.api.views import ActionPlanViewSet, ProjectViewSet
from tatabbu.calls.api.serializers import CallSerializer

from .. import selectors
from ..choices import ArticleKind
from .serializers import (
    PublicArticleSerializer,
    PublicPublicationSerializer,
    PublicRecommendationSerializer,
    PublicSourceDocumentSerializer,
)


class _Public(viewsets.ReadOnlyModelViewSet):
    permission_classes = [AllowAny]


class PublicRecommendationViewSet(_Public):
    """Published recommendations. Filters are those of the portal's search (``q`` searches the
    text in every language; ``body``, ``kind``, ``theme``, ``sdg``, ``cycle``, ``position``,
    ``recommending_state``, ``year_from``, ``year_to``…); ``implementation_status`` comes from
    published progress only (``null`` until some is published)."""

    serializer_class = PublicRecommendationSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = selectors.PublicRecommendationFilterSet
    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-fA-F-]{32,36}"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.recommendation_public_list()

    def filter_queryset(self, queryset):  # type: ignore[no-untyped-def]
        if self.action != "list":
            return queryset
        try:
            return selectors.recommendation_public_list(filters=self.request.query_params)
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error

    def paginate_queryset(self, queryset):  # type: ignore[no-untyped-def]
        page = super().paginate_queryset(queryset)
        if page is not None:
            selectors.attach_statuses(page)
        return page

    def get_object(self):  # type: ignore[no-untyped-def]
        return selectors.recommendation_public_get(uuid=self.kwargs[self.lookup_field])


class PublicSourceDocumentViewSet(_Public):
    """UN documents the published recommendations come from."""

    serializer_class = PublicSourceDocumentSerializer
    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-fA-F-]{32,36}"
    filterset_fields: list[str] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.document_public_list()


class PublicNewsViewSet(_Public):
    """Published news items, newest first."""

    serializer_class = PublicArticleSerializer
    lookup_field = "slug"
    filterset_fields: list[str] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.article_public_list(kind=ArticleKind.NEWS)


class PublicPageViewSet(PublicNewsViewSet):
    """Published pages."""

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.article_public_list(kind=ArticleKind.PAGE)


class PublicPublicationViewSet(_Public):
    """Published reports and documents, with their download address."""

    serializer_class = PublicPublicationSerializer
    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-fA-F-]{32,36}"
    filterset_fields: list[str] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.publication_public_list()


class PublicCallViewSet(_Public):
    """Published calls for projects."""

    serializer_class = CallSerializer
    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-fA-F-]{32,36}"
    filterset_fields: list[str] = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.call_public_list().prefetch_related("criteria", "required_documents")


class PublicActionPlanViewSet(ActionPlanViewSet):
    """Public action plans."""

    permission_classes = [AllowAny]
    published_only = True

    def get_queryset(self) -> Any:
        return selectors.plan_public_list().order_by("-start_date", "slug")


class PublicProjectViewSet(ProjectViewSet):
    """Projects of public plans with the figures of their latest *published* update."""

    permission_classes = [AllowAny]
    published_only = True
