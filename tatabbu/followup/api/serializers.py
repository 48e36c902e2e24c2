"""Representations of the follow-up (output) and the input of each write (checked here, done by
the services)."""

from __future__ import annotations

from rest_framework import serializers

from tatabbu.core.workflow import ReviewStatus
from tatabbu.institutions.models import Institution
from tatabbu.recommendations.choices import ImplementationStatus

from ..choices import ActionStatus, IndicatorKind
from ..models import Action, Assignment, Indicator, IndicatorValue, ProgressUpdate

_INSTITUTION = serializers.SlugRelatedField(slug_field="slug", read_only=True)


class AssignmentSerializer(serializers.ModelSerializer):
    recommendation = serializers.UUIDField(source="recommendation.uuid", read_only=True)
    lead_institution = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    contributing_institutions = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )

    class Meta:
        model = Assignment
        fields = [
            "uuid",
            "recommendation",
            "lead_institution",
            "contributing_institutions",
            "deadline",
            "assigned_at",
            "version",
        ]


class AssignmentInput(serializers.Serializer):
    recommendation = serializers.UUIDField()
    lead_institution = serializers.SlugRelatedField(
        slug_field="slug", queryset=Institution.objects.filter(is_active=True)
    )
    contributing_institutions = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Institution.objects.filter(is_active=True),
        many=True,
        required=False,
    )
    deadline = serializers.DateField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False, allow_null=True)


class IndicatorValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorValue
        fields = ["date", "value"]


class IndicatorSerializer(serializers.ModelSerializer):
    action = serializers.UUIDField(source="action.uuid", read_only=True)
    values = IndicatorValueSerializer(many=True, read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "uuid",
            "action",
            "name_ar",
            "name_fr",
            "name_en",
            "kind",
            "unit",
            "baseline",
            "target",
            "values",
        ]


class IndicatorInput(serializers.Serializer):
    action = serializers.UUIDField()
    name_ar = serializers.CharField(required=False, allow_blank=True, max_length=300)
    name_fr = serializers.CharField(required=False, allow_blank=True, max_length=300)
    name_en = serializers.CharField(required=False, allow_blank=True, max_length=300)
    kind = serializers.ChoiceField(choices=IndicatorKind.choices)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=50)
    baseline = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True
    )
    target = serializers.DecimalField(
        max_digits=16, decimal_places=2, required=False, allow_null=True
    )


class IndicatorValueInput(serializers.Serializer):
    date = serializers.DateField()
    value = serializers.DecimalField(max_digits=16, decimal_places=2)


class ActionSerializer(serializers.ModelSerializer):
    institution = _INSTITUTION
    recommendations = serializers.SlugRelatedField(slug_field="uuid", many=True, read_only=True)
    indicators = serializers.SlugRelatedField(slug_field="uuid", many=True, read_only=True)

    class Meta:
        model = Action
        fields = [
            "uuid",
            "institution",
            "recommendations",
            "description_ar",
            "description_fr",
            "description_en",
            "start_date",
            "end_date",
            "budget",
            "status",
            "indicators",
            "version",
        ]


class ActionInput(serializers.Serializer):
    description_ar = serializers.CharField(required=False, allow_blank=True)
    description_fr = serializers.CharField(required=False, allow_blank=True)
    description_en = serializers.CharField(required=False, allow_blank=True)
    start_date = serializers.DateField(required=False, allow_null=True)
    end_date = serializers.DateField(required=False, allow_null=True)
    budget = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    status = serializers.ChoiceField(choices=ActionStatus.choices, required=False)


class ActionCreateInput(ActionInput):
    recommendations = serializers.ListField(child=serializers.UUIDField(), min_length=1)
    institution = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Institution.objects.filter(is_active=True),
        required=False,
        help_text="Coordinators only: the institution taking the action (default: the lead).",
    )


class ActionEditInput(ActionInput):
    version = serializers.IntegerField()


class ProgressUpdateSerializer(serializers.ModelSerializer):
    recommendation = serializers.UUIDField(source="recommendation.uuid", read_only=True)
    institution = _INSTITUTION
    action = serializers.SlugRelatedField(slug_field="uuid", read_only=True, allow_null=True)
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = ProgressUpdate
        fields = [
            "uuid",
            "recommendation",
            "institution",
            "action",
            "text",
            "assessed_status",
            "status",
            "return_reason",
            "submitted_at",
            "validated_at",
            "published_at",
            "evidence",
            "version",
        ]

    def get_evidence(self, update: ProgressUpdate) -> list[dict[str, str]]:
        return [
            {"uuid": str(document.uuid), "name": document.original_name}
            for document in update.evidence.all()
        ]


class ProgressUpdateInput(serializers.Serializer):
    text = serializers.CharField(max_length=20000)
    assessed_status = serializers.ChoiceField(choices=ImplementationStatus.choices, required=False)
    action = serializers.UUIDField(required=False, allow_null=True)


class ProgressUpdateCreateInput(ProgressUpdateInput):
    recommendation = serializers.UUIDField()


class ProgressUpdateEditInput(ProgressUpdateInput):
    text = serializers.CharField(max_length=20000, required=False)
    version = serializers.IntegerField()


class StepInput(serializers.Serializer):
    version = serializers.IntegerField()
    reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)


REVIEW_STATES = [state.value for state in ReviewStatus]


class EvidenceInput(serializers.Serializer):
    files = serializers.ListField(child=serializers.FileField(), min_length=1)
