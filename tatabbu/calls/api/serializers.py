from rest_framework import serializers

from tatabbu.calls.models import Application, BudgetLine, Call, RequiredDocument, RubricCriterion


class RubricCriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = RubricCriterion
        fields = ["label_ar", "label_fr", "label_en", "weight", "max_score"]


class RequiredDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequiredDocument
        fields = ["label_ar", "label_fr", "label_en"]


class CallSerializer(serializers.ModelSerializer):
    themes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    criteria = RubricCriterionSerializer(many=True, read_only=True)
    required_documents = RequiredDocumentSerializer(many=True, read_only=True)

    class Meta:
        model = Call
        fields = [
            "uuid",
            "reference",
            "title_ar",
            "title_fr",
            "title_en",
            "description_ar",
            "description_fr",
            "description_en",
            "eligibility_ar",
            "eligibility_fr",
            "eligibility_en",
            "themes",
            "budget_envelope",
            "currency",
            "opens_at",
            "closes_at",
            "status",
            "published_at",
            "criteria",
            "required_documents",
        ]


class BudgetLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetLine
        fields = ["label", "amount", "co_funding"]


class ApplicationSerializer(serializers.ModelSerializer):
    call = serializers.SlugRelatedField(read_only=True, slug_field="uuid")
    association = serializers.CharField(source="association.name", read_only=True)
    budget_lines = BudgetLineSerializer(many=True, read_only=True)
    requested_amount = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "uuid",
            "call",
            "association",
            "project_title",
            "summary",
            "objectives",
            "beneficiaries",
            "duration_months",
            "language",
            "status",
            "submitted_at",
            "screening_reason",
            "granted_amount",
            "decided_at",
            "budget_lines",
            "requested_amount",
            "attachments",
            "version",
        ]

    def get_attachments(self, application: Application) -> list[dict[str, str]]:
        return [
            {"uuid": str(attachment.document.uuid), "name": attachment.document.original_name}
            for attachment in application.attachments.all()
            if attachment.report_id is None
        ]
