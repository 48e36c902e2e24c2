"""Read-only API of engagement with the UN mechanisms, scoped exactly like the screens (the same
selectors): the calendar and cycles for back-office roles; communications, letters,
questionnaires, reports and contributions for coordinators and the institutions concerned."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import permissions as drf_permissions
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from .. import forms, selectors, services
from ..permissions import can_edit_contribution, can_view_communications, can_view_engagement
from . import serializers


class CanViewEngagement(drf_permissions.BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return can_view_engagement(request.user)


class CanViewDocket(drf_permissions.BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return can_view_communications(request.user)


STAFF = [drf_permissions.IsAuthenticated, CanViewEngagement]
DOCKET = [drf_permissions.IsAuthenticated, CanViewDocket]


class ReportingCycleViewSet(viewsets.ReadOnlyModelViewSet):
    """Reports owed to the treaty bodies and the UPR, with their dated steps (official or
    estimated)."""

    permission_classes = STAFF
    serializer_class = serializers.ReportingCycleSerializer
    lookup_field = "key"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.cycle_list(
            user=self.request.user, body=self.request.query_params.get("body", "")
        )


class CalendarViewSet(viewsets.ViewSet):
    """Every dated item the user may see; ``start``, ``end`` (YYYY-MM-DD), ``body``, ``kind``
    (repeatable) and ``official_only`` as on the calendar page."""

    permission_classes = STAFF
    serializer_class = serializers.CalendarEntrySerializer

    def list(self, request: Any) -> Response:
        form = forms.CalendarFilterForm(request.query_params)
        if not form.is_valid():
            raise ValidationError(form.errors.get_json_data())
        data = form.cleaned_data
        entries = selectors.calendar_entries(
            user=request.user,
            start=data.get("start"),
            end=data.get("end"),
            body=data.get("body", ""),
            kinds=data.get("kind", []),
            include_estimated=not data.get("official_only"),
        )
        return Response(serializers.CalendarEntrySerializer(entries, many=True).data)


class IndividualCommunicationViewSet(viewsets.ReadOnlyModelViewSet):
    """Confidential: coordinators see every communication, institutions those assigned to them."""

    permission_classes = DOCKET
    serializer_class = serializers.IndividualCommunicationSerializer
    lookup_field = "uuid"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.communication_list(
            user=self.request.user, committee=self.request.query_params.get("committee", "")
        )


class SpecialProcedureCommunicationViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = DOCKET
    serializer_class = serializers.SpecialProcedureCommunicationSerializer
    lookup_field = "uuid"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.sp_communication_list(user=self.request.user).order_by("-sent_on", "pk")


class CountryVisitViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = STAFF
    serializer_class = serializers.CountryVisitSerializer
    lookup_field = "uuid"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.visit_list(user=self.request.user).order_by("pk")


class QuestionnaireViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = DOCKET
    serializer_class = serializers.QuestionnaireSerializer
    lookup_field = "uuid"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.questionnaire_list(user=self.request.user).order_by("-received_on", "pk")


class EventViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = STAFF
    serializer_class = serializers.EventSerializer
    lookup_field = "uuid"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.event_list(
            user=self.request.user, kind=self.request.query_params.get("kind", "")
        ).prefetch_related("participants__institution", "reporting_cycles", "recommendations")


class StateReportViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = DOCKET
    serializer_class = serializers.StateReportSerializer
    lookup_field = "uuid"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.report_list(user=self.request.user).order_by("-created_at", "pk")


class ContributionRequestViewSet(viewsets.ReadOnlyModelViewSet):
    """Contributions to reports; an institution writes and submits its own, its validator (or a
    coordinator) validates or returns them — the same services as the screens."""

    permission_classes = DOCKET
    serializer_class = serializers.ContributionRequestSerializer

    @extend_schema(request=serializers.ContributionTextSerializer)
    @action(detail=True, methods=["post"], url_path="text", url_name="text")
    def write_text(self, request: Any, pk: Any = None) -> Response:
        """Save the contribution's text; ``version`` must be the one read (409 otherwise)."""
        item = self.get_object()
        data = serializers.ContributionTextSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not can_edit_contribution(request.user, item):
            raise PermissionDenied
        item = services.contribution_update(
            actor=request.user, contribution=item, **data.validated_data
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)

    @extend_schema(request=serializers.ContributionStepSerializer)
    @action(detail=True, methods=["post"], url_path="transition", url_name="transition")
    def transition(self, request: Any, pk: Any = None) -> Response:
        """``submit``, ``validate`` or ``return`` (with a ``reason``)."""
        item = self.get_object()
        data = serializers.ContributionStepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.contribution_transition(
            actor=request.user, contribution=item, **data.validated_data
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=item.pk)).data)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return (
            selectors.contribution_list(user=self.request.user)
            .prefetch_related("evidence")
            .order_by("deadline", "pk")
        )


class QuestionnaireAnswerViewSet(viewsets.ReadOnlyModelViewSet):
    """Institutions' answers to questionnaires: an institution writes and submits its own, its
    validator (or a coordinator) validates or returns it."""

    permission_classes = DOCKET
    serializer_class = serializers.QuestionnaireAnswerSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.questionnaire_answer_list(user=self.request.user).order_by("pk")

    @extend_schema(request=serializers.ContributionTextSerializer)
    @action(detail=True, methods=["post"], url_path="text", url_name="text")
    def write_text(self, request: Any, pk: Any = None) -> Response:
        """Save the answer's text; ``version`` must be the one read (409 otherwise)."""
        answer = self.get_object()
        data = serializers.ContributionTextSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not can_edit_contribution(request.user, answer):
            raise PermissionDenied
        services.questionnaire_answer_update(
            actor=request.user, answer=answer, **data.validated_data
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=answer.pk)).data)

    @extend_schema(request=serializers.ContributionStepSerializer)
    @action(detail=True, methods=["post"], url_path="transition", url_name="transition")
    def transition(self, request: Any, pk: Any = None) -> Response:
        """``submit``, ``validate`` or ``return`` (with a ``reason``)."""
        answer = self.get_object()
        data = serializers.ContributionStepSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.questionnaire_answer_transition(
            actor=request.user, answer=answer, **data.validated_data
        )
        return Response(self.get_serializer(self.get_queryset().get(pk=answer.pk)).data)
