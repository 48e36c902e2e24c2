"""Read-only representations of recommendations, source documents and clusters."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import Cluster, Recommendation, SourceDocument


class DocumentReferenceSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)

    class Meta:
        model = SourceDocument
        fields = ["uuid", "reference"]


class ClusterReferenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cluster
        fields = ["uuid", "name_ar", "name_fr", "name_en"]


class RecommendationSerializer(serializers.ModelSerializer):
    document = DocumentReferenceSerializer(read_only=True)
    mechanism = serializers.SlugRelatedField(slug_field="code", read_only=True)
    mechanism_kind = serializers.CharField(source="mechanism.kind", read_only=True)
    state = serializers.SlugRelatedField(slug_field="code", read_only=True)
    recommending_states = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    groups = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    sdg_goals = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    cluster = ClusterReferenceSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Recommendation
        fields = [
            "uuid",
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
            "action_category",
            "cluster",
            "updated_at",
        ]


class RecurrenceSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    reference = serializers.CharField()
    score = serializers.FloatField()
    method = serializers.CharField()
    direction = serializers.ChoiceField(choices=["earlier", "later"])


class RecommendationDetailSerializer(RecommendationSerializer):
    sdg_targets = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    recurrence = serializers.SerializerMethodField()
    provenance = serializers.SerializerMethodField()

    class Meta(RecommendationSerializer.Meta):
        fields = [*RecommendationSerializer.Meta.fields, "sdg_targets", "recurrence", "provenance"]

    @extend_schema_field(RecurrenceSerializer(many=True))
    def get_recurrence(self, recommendation: Recommendation) -> list[dict[str, Any]]:
        return [
            {
                "uuid": item.recommendation.uuid,
                "reference": str(item.recommendation),
                "score": item.score,
                "method": item.method,
                "direction": item.direction,
            }
            for item in self.context.get("similar", [])
        ]

    @extend_schema_field(
        {
            "type": "object",
            "properties": {
                "import": {"type": "string", "format": "uuid", "nullable": True},
                "file": {"type": "string"},
                "row": {"type": "integer", "nullable": True},
            },
        }
    )
    def get_provenance(self, recommendation: Recommendation) -> dict[str, Any]:
        batch = recommendation.import_batch
        return {
            "import": str(batch.uuid) if batch else None,
            "file": recommendation.source_file,
            "row": recommendation.source_row,
        }


class SourceDocumentSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)
    mechanism = serializers.SlugRelatedField(slug_field="code", read_only=True)
    state = serializers.SlugRelatedField(slug_field="code", read_only=True)
    recommendation_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SourceDocument
        fields = [
            "uuid",
            "reference",
            "symbol",
            "legacy_symbol",
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


class ClusterSerializer(serializers.ModelSerializer):
    recommendation_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Cluster
        fields = [
            "uuid",
            "name_ar",
            "name_fr",
            "name_en",
            "description",
            "version",
            "recommendation_count",
            "updated_at",
        ]
