"""Follow-up API: assignments, actions, indicators and progress updates, scoped exactly like the
pages (the same selectors); every write goes through the same services."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from tatabbu.documents.inspection import UploadRefused
from tatabbu.documents.services import document_refusal_record
from tatabbu.followup import selectors, services
from tatabbu.followup.access import EVIDENCE_PURPOSE
from tatabbu.followup.permissions import can_view_followup

from .serializers import (
    ActionCreateInput,
    ActionEditInput,
    ActionSerializer,
    AssignmentInput,
    AssignmentSerializer,
    EvidenceInput,
    IndicatorInput,
    IndicatorSerializer,
    IndicatorValueInput,
    ProgressUpdateCreateInput,
    ProgressUpdateEditInput,
    ProgressUpdateSerializer,
    StepInput,
)


class CanViewFollowup(permissions.BasePermission):
    def has_permission(self, request: Request, view: Any) -> bool:
        return can_view_followup(request.user)


def _valid(serializer_class: Any, data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def _action_for(user: Any, uuid: Any) -> Any:
    return selectors.action_get(user=user, uuid=uuid) if uuid else None


class _Base(viewsets.GenericViewSet):
    permission_classes = [permissions.IsAuthenticated, CanViewFollowup]
    lookup_field = "uuid"


class AssignmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """Assignments of the recommendations the user may see; coordinators assign (POST)."""

    serializer_class = AssignmentSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.assignment_list(user=self.request.user).order_by("pk")

    @extend_schema(request=AssignmentInput, responses=AssignmentSerializer)
    def create(self, request: Request) -> Response:
        data = _valid(AssignmentInput, request.data)
        recommendation = selectors.recommendation_get(
            user=request.user, uuid=data["recommendation"]
        )
        assignment = services.assignment_set(
            actor=request.user,
            recommendation=recommendation,
            lead_institution=data["lead_institution"],
            contributing_institutions=data.get("contributing_institutions", []),
            deadline=data.get("deadline"),
            version=data.get("version"),
        )
        return Response(AssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)


class ActionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """Actions of the user's institution (all of them for the DIDH)."""

    serializer_class = ActionSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.action_list(user=self.request.user).order_by("pk")

    @extend_schema(request=ActionCreateInput, responses=ActionSerializer)
    def create(self, request: Request) -> Response:
        data = _valid(ActionCreateInput, request.data)
        recommendations = [
            selectors.recommendation_get(user=request.user, uuid=uuid)
            for uuid in data.pop("recommendations")
        ]
        institution = data.pop("institution", None)
        created = services.action_create(
            actor=request.user,
            recommendations=recommendations,
            values=data,
            institution=institution,
        )
        return Response(ActionSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActionEditInput, responses=ActionSerializer)
    def partial_update(self, request: Request, uuid: str) -> Response:
        current = selectors.action_get(user=request.user, uuid=uuid)
        data = _valid(ActionEditInput, request.data)
        version = data.pop("version")
        changed = services.action_edit(
            actor=request.user, action=current, version=version, values=data
        )
        return Response(ActionSerializer(changed).data)


class IndicatorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """Indicators of the actions the user may see, with their values."""

    serializer_class = IndicatorSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.indicator_list(user=self.request.user).prefetch_related("values")

    @extend_schema(request=IndicatorInput, responses=IndicatorSerializer)
    def create(self, request: Request) -> Response:
        data = _valid(IndicatorInput, request.data)
        owner = selectors.action_get(user=request.user, uuid=data.pop("action"))
        indicator = services.indicator_create(actor=request.user, action=owner, values=data)
        return Response(IndicatorSerializer(indicator).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=IndicatorValueInput, responses=IndicatorSerializer)
    @action(detail=True, methods=["post"], url_path="values", url_name="values")
    def record_value(self, request: Request, uuid: str) -> Response:
        indicator = selectors.indicator_get(user=request.user, uuid=uuid)
        data = _valid(IndicatorValueInput, request.data)
        services.indicator_value_record(
            actor=request.user, indicator=indicator, date=data["date"], value=data["value"]
        )
        indicator = selectors.indicator_get(user=request.user, uuid=uuid)
        return Response(IndicatorSerializer(indicator).data)


STEPS = {
    "submit": services.progress_update_submit,
    "validate": services.progress_update_validate,
    "publish": services.progress_update_publish,
}


class ProgressUpdateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _Base):
    """Progress updates: the institution's own (drafts included) or, for the DIDH, every
    submitted one; workflow steps are POSTs to ``/<uuid>/<step>/``."""

    serializer_class = ProgressUpdateSerializer
    filterset_fields = ["status"]

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return (
            selectors.update_list(user=self.request.user)
            .prefetch_related("evidence")
            .select_related("action")
            .order_by("pk")
        )

    @extend_schema(request=ProgressUpdateCreateInput, responses=ProgressUpdateSerializer)
    def create(self, request: Request) -> Response:
        data = _valid(ProgressUpdateCreateInput, request.data)
        recommendation = selectors.recommendation_get(
            user=request.user, uuid=data.pop("recommendation")
        )
        data["action"] = _action_for(request.user, data.get("action"))
        update = services.progress_update_create(
            actor=request.user, recommendation=recommendation, values=data
        )
        return Response(ProgressUpdateSerializer(update).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProgressUpdateEditInput, responses=ProgressUpdateSerializer)
    def partial_update(self, request: Request, uuid: str) -> Response:
        update = selectors.update_get(user=request.user, uuid=uuid)
        data = _valid(ProgressUpdateEditInput, request.data)
        version = data.pop("version")
        if "action" in data:
            data["action"] = _action_for(request.user, data["action"])
        update = services.progress_update_edit(
            actor=request.user, update=update, version=version, values=data
        )
        return Response(ProgressUpdateSerializer(update).data)

    @extend_schema(
        request={"multipart/form-data": EvidenceInput}, responses=ProgressUpdateSerializer
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="evidence",
        url_name="evidence",
        parser_classes=[MultiPartParser],
    )
    def evidence(self, request: Request, uuid: str) -> Response:
        """Attach evidence files (field ``files``, repeated) to a draft or returned update."""
        update = selectors.update_get(user=request.user, uuid=uuid)
        files = request.FILES.getlist("files")
        if not files:
            _valid(EvidenceInput, {})
        try:
            services.progress_update_attach(actor=request.user, update=update, evidence=files)
        except UploadRefused as error:
            document_refusal_record(
                actor=request.user,
                purpose=EVIDENCE_PURPOSE,
                file_name=", ".join(item.name or "" for item in files),
                institution=update.institution_id,
                error=error,
            )
            raise
        update = selectors.update_get(user=request.user, uuid=uuid)
        return Response(ProgressUpdateSerializer(update).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=StepInput, responses=ProgressUpdateSerializer, operation_id="progress_updates_step"
    )
    @action(
        detail=True,
        methods=["post"],
        url_path=r"(?P<step>submit|validate|return|publish)",
        url_name="step",
    )
    def step(self, request: Request, uuid: str, step: str) -> Response:
        update = selectors.update_get(user=request.user, uuid=uuid)
        data = _valid(StepInput, request.data)
        if step == "return":
            services.progress_update_return(
                actor=request.user,
                update=update,
                version=data["version"],
                reason=data.get("reason", ""),
            )
        elif step in STEPS:
            STEPS[step](actor=request.user, update=update, version=data["version"])
        else:  # pragma: no cover (the URL pattern admits the four steps only)
            raise Http404
        update = selectors.update_get(user=request.user, uuid=uuid)
        return Response(ProgressUpdateSerializer(update).data)
