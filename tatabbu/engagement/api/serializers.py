from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .. import calendar
from ..models import (
    CommunicationFollowUp,
    ContributionRequest,
    CountryVisit,
    Event,
    IndividualCommunication,
    Participant,
    Questionnaire,
    QuestionnaireAnswer,
    ReportingCycle,
    ReportSection,
    SpecialProcedureCommunication,
    StateReport,
)
from ..permissions import sees_all_confidential

_SLUGS = {"many": True, "read_only": True, "slug_field": "slug"}
_CODES = {"many": True, "read_only": True, "slug_field": "code"}


class MilestoneSerializer(serializers.Serializer):
    kind = serializers.CharField()
    date = serializers.DateField()
    estimated = serializers.BooleanField()
    basis = serializers.CharField()


class ReportingCycleSerializer(serializers.ModelSerializer):
    body = serializers.SlugRelatedField(read_only=True, slug_field="code")
    treaty = serializers.SlugRelatedField(read_only=True, slug_field="code", allow_null=True)
    previous = serializers.SlugRelatedField(read_only=True, slug_field="key", allow_null=True)
    institutions = serializers.SlugRelatedField(**_SLUGS)
    milestones = serializers.SerializerMethodField()

    class Meta:
        model = ReportingCycle
        exclude = ["id", "created_at", "updated_at", "projects"]

    def get_milestones(self, cycle: ReportingCycle) -> list[dict[str, Any]]:
        return MilestoneSerializer(calendar.cycle_milestones(cycle), many=True).data


class CalendarEntrySerializer(serializers.Serializer):
    uid = serializers.CharField()
    date = serializers.DateField()
    kind = serializers.CharField()
    title = serializers.CharField()
    body = serializers.CharField()
    estimated = serializers.BooleanField()
    url = serializers.CharField()


class FollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommunicationFollowUp
        fields = ["round", "due_date", "submitted_on", "summary", "grade", "assessment"]


class IndividualCommunicationSerializer(serializers.ModelSerializer):
    committee = serializers.SlugRelatedField(read_only=True, slug_field="code")
    institutions = serializers.SlugRelatedField(**_SLUGS)
    follow_ups = FollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = IndividualCommunication
        exclude = ["id", "created_at", "updated_at"]


class SpecialProcedureCommunicationSerializer(serializers.ModelSerializer):
    mandates = serializers.SlugRelatedField(**_CODES)
    institutions = serializers.SlugRelatedField(**_SLUGS)
    reply_document = serializers.SlugRelatedField(
        read_only=True, slug_field="uuid", allow_null=True
    )

    class Meta:
        model = SpecialProcedureCommunication
        exclude = ["id", "created_at", "updated_at"]


class CountryVisitSerializer(serializers.ModelSerializer):
    mandate = serializers.SlugRelatedField(read_only=True, slug_field="code")
    institutions = serializers.SlugRelatedField(**_SLUGS)
    projects = serializers.SlugRelatedField(many=True, read_only=True, slug_field="uuid")

    class Meta:
        model = CountryVisit
        exclude = ["id", "created_at", "updated_at"]


class QuestionnaireSerializer(serializers.ModelSerializer):
    mechanism = serializers.SlugRelatedField(read_only=True, slug_field="code")
    answers = serializers.SerializerMethodField()

    class Meta:
        model = Questionnaire
        exclude = ["id", "created_at", "updated_at"]

    def get_answers(self, questionnaire: Questionnaire) -> list[dict[str, Any]]:
        """Every institution's answer for coordinators; the user's institution's otherwise."""
        user = self.context["request"].user
        answers = questionnaire.answers.select_related("institution")
        if not sees_all_confidential(user):
            answers = answers.filter(institution=user.institution_id)
        return [
            {"institution": a.institution.slug, "status": a.status, "text": a.text} for a in answers
        ]


class ParticipantSerializer(serializers.ModelSerializer):
    institution = serializers.SlugRelatedField(read_only=True, slug_field="slug", allow_null=True)

    class Meta:
        model = Participant
        fields = ["name", "function", "institution", "in_delegation"]


class EventSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(read_only=True, slug_field="key", allow_null=True)
    projects = serializers.SlugRelatedField(many=True, read_only=True, slug_field="uuid")
    reporting_cycles = serializers.SlugRelatedField(many=True, read_only=True, slug_field="key")
    recommendations = serializers.SlugRelatedField(many=True, read_only=True, slug_field="uuid")
    participants = ParticipantSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        exclude = ["id", "created_at", "updated_at"]


class ContributionRequestSerializer(serializers.ModelSerializer):
    report = serializers.SlugRelatedField(
        source="section.report", read_only=True, slug_field="uuid"
    )
    institution = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    evidence = serializers.SlugRelatedField(many=True, read_only=True, slug_field="uuid")

    class Meta:
        model = ContributionRequest
        fields = [
            "id",
            "report",
            "section",
            "institution",
            "deadline",
            "instructions",
            "text",
            "evidence",
            "status",
            "return_reason",
            "version",
        ]


class SectionSerializer(serializers.ModelSerializer):
    recommendations = serializers.SlugRelatedField(many=True, read_only=True, slug_field="uuid")

    class Meta:
        model = ReportSection
        fields = [
            "id",
            "position",
            "heading",
            "articles",
            "loi_questions",
            "co_paragraphs",
            "recommendations",
            "text",
            "status",
            "version",
        ]


class StateReportSerializer(serializers.ModelSerializer):
    cycle = serializers.SlugRelatedField(read_only=True, slug_field="key")
    sections = serializers.SerializerMethodField()

    class Meta:
        model = StateReport
        fields = [
            "uuid",
            "cycle",
            "title",
            "language",
            "symbol",
            "status",
            "approved_at",
            "sections",
        ]

    def get_sections(self, report: StateReport) -> list[dict[str, Any]]:
        """The consolidated text is the coordinators'; institutions see the mapping only."""
        data = SectionSerializer(report.sections.order_by("position", "pk"), many=True).data
        if not sees_all_confidential(self.context["request"].user):
            for section in data:
                section.pop("text")
        return data


class ContributionTextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=100_000)
    version = serializers.IntegerField(min_value=1)


class ContributionStepSerializer(serializers.Serializer):
    step = serializers.ChoiceField(choices=["submit", "validate", "return"])
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class QuestionnaireAnswerSerializer(serializers.ModelSerializer):
    questionnaire = serializers.SlugRelatedField(read_only=True, slug_field="uuid")
    institution = serializers.SlugRelatedField(read_only=True, slug_field="slug")
    due_date = serializers.DateField(source="questionnaire.due_date", read_only=True)

    class Meta:
        model = QuestionnaireAnswer
        fields = [
            "id",
            "questionnaire",
            "institution",
            "due_date",
            "text",
            "status",
            "return_reason",
            "version",
        ]
