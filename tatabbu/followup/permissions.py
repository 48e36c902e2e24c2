"""Who may see and do what in the follow-up of recommendations.

Roles bound to an institution (focal points, validators) see the recommendations assigned to
their institution, as lead or contributor, and their own institution's actions and updates;
another institution's objects do not exist for them (404). Coordinators and administrators see
and manage everything; management reads everything. Focal points record actions and draft and
submit updates; their institution's validator validates or returns them; the coordinator
publishes and may override a recommendation's status.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from tatabbu.accounts.choices import Role
from tatabbu.accounts.permissions import can_view_all_institutions_work, has_role
from tatabbu.core.workflow import ReviewStatus
from tatabbu.recommendations.permissions import is_institution_bound

EDITABLE_STATES = frozenset({ReviewStatus.DRAFT, ReviewStatus.RETURNED})


def is_coordinator(user: Any) -> bool:
    return has_role(user, {Role.COORDINATOR, Role.ADMINISTRATOR})


def can_view_followup(user: Any) -> bool:
    """The follow-up pages: coordinators, administrators, management, focal points, validators."""
    return can_view_all_institutions_work(user) or is_institution_bound(user)


def can_assign(user: Any) -> bool:
    """Assign recommendations to institutions and set deadlines: DIDH coordinators."""
    return is_coordinator(user)


def can_view_dashboards(user: Any) -> bool:
    return can_view_followup(user)


def assigned_to_institution(institution_id: int | None) -> Q:
    """Recommendations whose assignment names ``institution_id`` as lead or contributor."""
    from .models import Assignment

    through = Assignment.contributing_institutions.through
    contributed = through.objects.filter(institution_id=institution_id).values(
        "assignment__recommendation_id"
    )
    return Q(assignment__lead_institution_id=institution_id) | Q(pk__in=contributed)


def narrow_to_institution(queryset: QuerySet, user: Any) -> QuerySet:
    """Registered in ``recommendations.permissions.INSTITUTION_SCOPES`` (see hooks.py)."""
    if not user.institution_id:
        return queryset.none()
    return queryset.filter(assigned_to_institution(user.institution_id))


def is_assigned_to(user: Any, recommendation: Any) -> bool:
    """``user``'s institution leads or contributes to ``recommendation``."""
    from .models import Assignment

    if not getattr(user, "institution_id", None):
        return False
    assignment = Assignment.objects.filter(recommendation=recommendation).first()
    if assignment is None:
        return False
    return assignment.lead_institution_id == user.institution_id or (
        assignment.contributing_institutions.filter(pk=user.institution_id).exists()
    )


def _is_focal_point_of(user: Any, institution_id: int | None) -> bool:
    return (
        has_role(user, {Role.FOCAL_POINT})
        and institution_id is not None
        and user.institution_id == institution_id
    )


def _is_validator_of(user: Any, institution_id: int | None) -> bool:
    return (
        has_role(user, {Role.VALIDATOR})
        and institution_id is not None
        and user.institution_id == institution_id
    )


def can_record_action(user: Any, recommendation: Any) -> bool:
    """Focal points of an assigned institution (and coordinators) record actions."""
    if is_coordinator(user):
        return True
    return has_role(user, {Role.FOCAL_POINT}) and is_assigned_to(user, recommendation)


def can_edit_action(user: Any, action: Any) -> bool:
    return is_coordinator(user) or _is_focal_point_of(user, action.institution_id)


def can_draft_update(user: Any, recommendation: Any) -> bool:
    """Focal points of an institution the recommendation is assigned to."""
    return has_role(user, {Role.FOCAL_POINT}) and is_assigned_to(user, recommendation)


def can_edit_update(user: Any, update: Any) -> bool:
    return update.status in EDITABLE_STATES and _is_focal_point_of(user, update.institution_id)


def can_take_step(user: Any, update: Any, step: str) -> bool:
    """Submit: the institution's focal points; validate or return: its validators; publish:
    coordinators."""
    if step == "submit":
        return _is_focal_point_of(user, update.institution_id)
    if step in {"validate", "return"}:
        return _is_validator_of(user, update.institution_id)
    if step == "publish":
        return is_coordinator(user)
    return False


def can_override_status(user: Any) -> bool:
    return is_coordinator(user)
