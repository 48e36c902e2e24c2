"""The editors' API (/api/v1/portal/articles/): coordinators list, create, change, publish and
withdraw news items and pages through the same services as the editing pages (audited,
version-checked)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import services
from ..models import Article
from ..permissions import can_edit_portal
from .serializers import ArticleEditorSerializer, ArticleUpdateSerializer, VersionSerializer


class CanEditPortal(permissions.BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return can_edit_portal(request.user)


class ArticleEditorViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """News items and pages, drafts included (coordinators and administrators)."""

    serializer_class = ArticleEditorSerializer
    permission_classes = [permissions.IsAuthenticated, CanEditPortal]
    lookup_field = "uuid"
    lookup_value_regex = "[0-9a-fA-F-]{32,36}"
    filterset_fields = ["kind", "status"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Article.objects.order_by("-updated_at", "-pk")

    @extend_schema(request=ArticleEditorSerializer, responses={201: ArticleEditorSerializer})
    def create(self, request: Any) -> Response:
        serializer = ArticleEditorSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        kind = data.pop("kind")
        article = services.article_create(actor=request.user, kind=kind, **data)
        return Response(ArticleEditorSerializer(article).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ArticleUpdateSerializer, responses={200: ArticleEditorSerializer})
    def partial_update(self, request: Any, uuid: str) -> Response:
        article = self.get_object()
        serializer = ArticleUpdateSerializer(article, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        if version is None:
            return Response(
                {"code": "invalid", "message": "version is required.", "fields": {}},
                status=status.HTTP_400_BAD_REQUEST,
            )
        article = services.article_update(
            actor=request.user, article=article, version=version, **data
        )
        return Response(ArticleEditorSerializer(article).data)

    @extend_schema(request=VersionSerializer, responses={200: ArticleEditorSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Any, uuid: str) -> Response:
        article = self.get_object()
        serializer = VersionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.article_publish(
            actor=request.user, article=article, version=serializer.validated_data["version"]
        )
        return Response(ArticleEditorSerializer(article).data)

    @extend_schema(request=VersionSerializer, responses={200: ArticleEditorSerializer})
    @action(detail=True, methods=["post"])
    def unpublish(self, request: Any, uuid: str) -> Response:
        article = self.get_object()
        serializer = VersionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.article_unpublish(
            actor=request.user, article=article, version=serializer.validated_data["version"]
        )
        return Response(ArticleEditorSerializer(article).data)
