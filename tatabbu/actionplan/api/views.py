"""Read-only API of action plans, for staff. ``published_only`` switches a viewset to what the
public may read (public plans, published figures): the portal's API subclasses these with
``published_only = True`` and ``permission_classes = [AllowAny]``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import permissions as drf_permissions
from rest_framework import viewsets

from .. import permissions, selectors
from ..filters import ProjectFilter
from ..models import ActionPlan, Project, StrategicAxis
from .serializers import AxisSerializer, PlanSerializer, ProjectSerializer


class CanViewPlans(drf_permissions.BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return permissions.can_view_plans(request.user)


class _PlanViewSet(viewsets.ReadOnlyModelViewSet):
    permission_classes = [drf_permissions.IsAuthenticated, CanViewPlans]
    published_only = False


class ActionPlanViewSet(_PlanViewSet):
    """Action plans (staff)."""

    serializer_class = PlanSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[ActionPlan]:
        return selectors.plan_list(
            user=self.request.user, published_only=self.published_only
        ).order_by("-start_date", "slug")


class StrategicAxisViewSet(_PlanViewSet):
    """Axes and sub-axes of action plans (staff); ``?plan=<slug>``."""

    serializer_class = AxisSerializer

    def get_queryset(self) -> QuerySet[StrategicAxis]:
        plans = selectors.plan_list(user=self.request.user, published_only=self.published_only)
        queryset = (
            StrategicAxis.objects.filter(plan__in=plans)
            .select_related("plan", "parent")
            .order_by("plan__slug", "position", "code")
        )
        plan = self.request.query_params.get("plan")
        return queryset.filter(plan__slug=plan) if plan else queryset


class ProjectViewSet(_PlanViewSet):
    """Projects with their progress and budget (staff); filters ``plan``, ``axis``, ``status``,
    ``partner``, ``unit``, ``q`` as on the plan page."""

    serializer_class = ProjectSerializer
    lookup_field = "uuid"
    filterset_class = ProjectFilter

    def get_queryset(self) -> QuerySet[Project]:
        return selectors.project_list(user=self.request.user, published_only=self.published_only)
