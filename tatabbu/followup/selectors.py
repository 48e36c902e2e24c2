"""Every user-facing read of the follow-up, scoped like the recommendations they hang off.

Focal points and validators: recommendations assigned to their institution, their institution's
actions and updates. Coordinators, administrators, management: everything, minus the drafts
institutions have not submitted yet.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from tatabbu.core.workflow import ReviewStatus
from tatabbu.recommendations.choices import ImplementationStatus
from tatabbu.recommendations.models import Recommendation
from tatabbu.recommendations.permissions import is_institution_bound, scope_recommendations

from .models import Action, Assignment, Indicator, Notification, ProgressUpdate
from .permissions import can_view_followup


def assigned_recommendation_list(*, user: Any) -> QuerySet[Recommendation]:
    """Recommendations with an assignment that ``user`` may see, soonest deadline first."""
    if not can_view_followup(user):
        return Recommendation.objects.none()
    queryset = scope_recommendations(Recommendation.objects.all(), user)
    return (
        queryset.filter(assignment__isnull=False)
        .select_related(
            "document",
            "mechanism",
            "assignment__lead_institution",
            "followup_status",
        )
        .prefetch_related("assignment__contributing_institutions")
        .order_by("assignment__deadline", "id")
    )


def recommendation_get(*, user: Any, uuid: UUID | str) -> Recommendation:
    """One recommendation ``user`` may see (404 otherwise), with its assignment."""
    try:
        return (
            scope_recommendations(Recommendation.objects.all(), user)
            .select_related("document", "mechanism", "followup_status")
            .get(uuid=uuid)
        )
    except (Recommendation.DoesNotExist, ValueError) as error:
        raise Http404 from error


def assignment_for(recommendation: Recommendation) -> Assignment | None:
    return (
        Assignment.objects.select_related("lead_institution", "assigned_by")
        .prefetch_related("contributing_institutions")
        .filter(recommendation=recommendation)
        .first()
    )


def assignment_list(*, user: Any) -> QuerySet[Assignment]:
    visible = scope_recommendations(Recommendation.objects.all(), user).values("pk")
    if not can_view_followup(user):
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(recommendation__in=visible)
        .select_related("recommendation", "recommendation__document", "lead_institution")
        .prefetch_related("contributing_institutions")
    )


def action_list(*, user: Any) -> QuerySet[Action]:
    """Actions of ``user``'s institution (institution-bound roles) or all of them."""
    if not can_view_followup(user):
        return Action.objects.none()
    queryset = Action.objects.select_related("institution").prefetch_related(
        Prefetch("recommendations", queryset=Recommendation.objects.select_related("document")),
        "indicators",
    )
    if is_institution_bound(user):
        queryset = queryset.filter(institution_id=user.institution_id)
    return queryset


def action_get(*, user: Any, uuid: UUID | str) -> Action:
    try:
        return action_list(user=user).get(uuid=uuid)
    except (Action.DoesNotExist, ValueError) as error:
        raise Http404 from error


def indicator_list(*, user: Any) -> QuerySet[Indicator]:
    return Indicator.objects.filter(action__in=action_list(user=user).values("pk")).select_related(
        "action"
    )


def indicator_get(*, user: Any, uuid: UUID | str) -> Indicator:
    try:
        return indicator_list(user=user).prefetch_related("values").get(uuid=uuid)
    except (Indicator.DoesNotExist, ValueError) as error:
        raise Http404 from error


def update_list(*, user: Any) -> QuerySet[ProgressUpdate]:
    """Updates of ``user``'s institution, or every submitted one for the DIDH."""
    if not can_view_followup(user):
        return ProgressUpdate.objects.none()
    queryset = ProgressUpdate.objects.select_related(
        "recommendation", "recommendation__document", "institution", "author"
    )
    if is_institution_bound(user):
        return queryset.filter(institution_id=user.institution_id)
    return queryset.exclude(status=ReviewStatus.DRAFT)


def update_get(*, user: Any, uuid: UUID | str) -> ProgressUpdate:
    try:
        return update_list(user=user).prefetch_related("evidence").get(uuid=uuid)
    except (ProgressUpdate.DoesNotExist, ValueError) as error:
        raise Http404 from error


def updates_of_recommendation(*, user: Any, recommendation: Recommendation) -> QuerySet:
    return update_list(user=user).filter(recommendation=recommendation).prefetch_related("evidence")


def actions_of_recommendation(*, user: Any, recommendation: Recommendation) -> QuerySet:
    return action_list(user=user).filter(recommendations=recommendation)


def validation_queue(*, user: Any) -> QuerySet[ProgressUpdate]:
    """Submitted updates waiting for ``user`` (a validator: their institution's)."""
    return update_list(user=user).filter(status=ReviewStatus.SUBMITTED).order_by("submitted_at")


def publication_queue(*, user: Any) -> QuerySet[ProgressUpdate]:
    return update_list(user=user).filter(status=ReviewStatus.VALIDATED).order_by("validated_at")


def notification_list(*, user: Any) -> QuerySet[Notification]:
    if not (user and user.is_authenticated):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user)


def unread_notification_count(*, user: Any) -> int:
    return notification_list(user=user).filter(read_at__isnull=True).count()


def published_updates() -> QuerySet[ProgressUpdate]:
    """Published updates only (for the portal)."""
    return ProgressUpdate.objects.filter(status=ReviewStatus.PUBLISHED)


def derived_status(recommendation: Recommendation) -> str:
    """The status assessed by the latest validated (or published) update; not started when
    none is."""
    latest = (
        ProgressUpdate.objects.filter(
            recommendation=recommendation,
            status__in=[ReviewStatus.VALIDATED, ReviewStatus.PUBLISHED],
        )
        .order_by("-validated_at", "-id")
        .values_list("assessed_status", flat=True)
        .first()
    )
    return latest or ImplementationStatus.NOT_STARTED
