"""Read-only representations of plans, axes and projects. Figures are read from the ``shown_*``
annotations of the selectors, so the same serializers serve the staff API (validated figures)
and a public one (``published_only=True``: figures of published updates)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import ActionPlan, Project, StrategicAxis


class PlanSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    project_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = ActionPlan
        fields = [
            "slug",
            "title_ar",
            "title_fr",
            "title_en",
            "description_ar",
            "description_fr",
            "description_en",
            "owner",
            "start_date",
            "end_date",
            "currency",
            "project_count",
        ]


class AxisSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = StrategicAxis
        fields = ["plan", "code", "parent", "position", "title_ar", "title_fr", "title_en"]


class BudgetSerializer(serializers.Serializer):
    currency = serializers.CharField()
    planned = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    committed = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)
    spent = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)


class ProjectSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    axis = serializers.SlugRelatedField(slug_field="code", read_only=True)
    responsible_unit = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    other_responsible = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    partners = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    status = serializers.CharField(source="shown_status", read_only=True)
    progress_percent = serializers.DecimalField(
        source="shown_progress", max_digits=5, decimal_places=1, read_only=True, allow_null=True
    )
    figures_as_of = serializers.DateField(source="shown_as_of", read_only=True, allow_null=True)
    budget = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "uuid",
            "plan",
            "axis",
            "number",
            "source_reference",
            "section_ar",
            "section_fr",
            "section_en",
            "title_ar",
            "title_fr",
            "title_en",
            "description_ar",
            "description_fr",
            "description_en",
            "expected_results_ar",
            "expected_results_fr",
            "expected_results_en",
            "nature",
            "responsible_unit",
            "other_responsible",
            "responsible_label",
            "partners",
            "planned_start",
            "planned_end",
            "status",
            "progress_percent",
            "figures_as_of",
            "budget",
        ]

    @extend_schema_field(BudgetSerializer)
    def get_budget(self, project: Project) -> dict[str, Any]:
        return BudgetSerializer(
            {
                "currency": project.currency,
                "planned": project.budget_planned,
                "committed": project.shown_committed,
                "spent": project.shown_spent,
            }
        ).data
