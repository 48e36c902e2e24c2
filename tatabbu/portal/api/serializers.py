"""Serializers of the public API: published data only, no internal field (clusters, internal
status, import provenance, authors)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tatabbu.recommendations.choices import ImplementationStatus
from tatabbu.recommendations.models import Recommendation, SourceDocument

from ..models import Article, Publication


class PublicDocumentReferenceSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)

    class Meta:
        model = SourceDocument
        fields = ["uuid", "reference"]


class PublicRecommendationSerializer(serializers.ModelSerializer):
    document = PublicDocumentReferenceSerializer(read_only=True)
    mechanism = serializers.SlugRelatedField(slug_field="code", read_only=True)
    mechanism_kind = serializers.CharField(source="mechanism.kind", read_only=True)
    state = serializers.SlugRelatedField(slug_field="code", read_only=True)
    recommending_states = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    groups = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    sdg_goals = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    sdg_targets = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    implementation_status = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = [
            "uuid",
            "url",
            "document",
            "paragraph",
            "mechanism",
            "mechanism_kind",
            "state",
            "cycle",
            "session",
            "year",
            "position",
            "implementation_status",
            "text_ar",
            "text_fr",
            "text_en",
            "recommending_states",
            "themes",
            "groups",
            "sdg_goals",
            "sdg_targets",
            "action_category",
            "updated_at",
        ]

    @extend_schema_field(
        serializers.ChoiceField(choices=ImplementationStatus.choices, allow_null=True)
    )
    def get_implementation_status(self, recommendation: Recommendation) -> str | None:
        """The public status (from published progress), ``null`` when none is published."""
        return getattr(recommendation, "public_status", "") or None

    def get_url(self, recommendation: Recommendation) -> str:
        path = reverse("portal:recommendation_detail", kwargs={"uuid": recommendation.uuid})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class PublicSourceDocumentSerializer(serializers.ModelSerializer):
    mechanism = serializers.SlugRelatedField(slug_field="code", read_only=True)
    state = serializers.SlugRelatedField(slug_field="code", read_only=True)
    reference = serializers.CharField(read_only=True)
    recommendation_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SourceDocument
        fields = [
            "uuid",
            "reference",
            "symbol",
            "mechanism",
            "document_type",
            "state",
            "cycle",
            "session",
            "date",
            "title_ar",
            "title_fr",
            "title_en",
            "recommendation_count",
        ]


class PublicArticleSerializer(serializers.ModelSerializer):
    image_url = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "uuid",
            "kind",
            "slug",
            "url",
            "title_ar",
            "title_fr",
            "title_en",
            "summary_ar",
            "summary_fr",
            "summary_en",
            "body_ar",
            "body_fr",
            "body_en",
            "image_url",
            "published_at",
        ]

    def _absolute(self, path: str) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_url(self, article: Article) -> str:
        return self._absolute(article.get_absolute_url())

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_image_url(self, article: Article) -> str | None:
        if not article.image_id:
            return None
        return self._absolute(reverse("portal:image", kwargs={"uuid": article.image.uuid}))


class PublicPublicationSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()
    file_type = serializers.CharField(source="document.kind", read_only=True)
    file_size = serializers.IntegerField(source="document.size", read_only=True)
    language = serializers.CharField(source="document.language", read_only=True)

    class Meta:
        model = Publication
        fields = [
            "uuid",
            "title_ar",
            "title_fr",
            "title_en",
            "description_ar",
            "description_fr",
            "description_en",
            "file_type",
            "file_size",
            "language",
            "download_url",
            "published_at",
        ]

    def get_download_url(self, publication: Publication) -> str:
        path = reverse("portal:publication_download", kwargs={"uuid": publication.uuid})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class StrictTextMixin:
    """Text fields take JSON strings only (DRF would turn ``0`` into ``"0"``): what the schema
    says is what is accepted."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, dict):
            errors = {
                name: [_("Not a string.")]
                for name, field in self.fields.items()  # type: ignore[attr-defined]
                if isinstance(field, serializers.CharField)
                and not field.read_only
                and name in data
                and data[name] is not None
                and not isinstance(data[name], str)
            }
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)  # type: ignore[misc]


class ArticleEditorSerializer(StrictTextMixin, serializers.ModelSerializer):
    """News items and pages as coordinators edit them (drafts included)."""

    class Meta:
        model = Article
        fields = [
            "uuid",
            "kind",
            "slug",
            "title_ar",
            "title_fr",
            "title_en",
            "summary_ar",
            "summary_fr",
            "summary_en",
            "body_ar",
            "body_fr",
            "body_en",
            "status",
            "published_at",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["uuid", "status", "version", "created_at", "updated_at"]


class ArticleUpdateSerializer(StrictTextMixin, serializers.ModelSerializer):
    """A change: the fields to change and the ``version`` the client last read (409 when
    someone changed the item since)."""

    version = serializers.IntegerField(min_value=1)

    class Meta:
        model = Article
        fields = [
            "slug",
            "title_ar",
            "title_fr",
            "title_en",
            "summary_ar",
            "summary_fr",
            "summary_en",
            "body_ar",
            "body_fr",
            "body_en",
            "published_at",
            "version",
        ]
        extra_kwargs = {"slug": {"required": False, "validators": []}}


class VersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)
