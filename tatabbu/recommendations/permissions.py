"""Who may see and do what with recommendations, clusters and their exports.

Scoping is decided in one place, :func:`scope_recommendations`, which every selector, export and
API endpoint goes through. Back-office roles not bound to an institution see every
recommendation; focal points and validators see what the narrowers registered in
:data:`INSTITUTION_SCOPES` let through (the follow-up app registers "assigned to my institution",
as lead or contributor) and nothing when none is registered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

from tatabbu.accounts.choices import INSTITUTION_ROLES, Role
from tatabbu.accounts.permissions import (
    can_import_recommendations,
    has_role,
    is_staff_member,
    user_passes,
)


class _System:
    """The caller of a management command run on the server: it sees every recommendation
    (whoever runs it can read the database anyway)."""

    is_authenticated = True
    is_active = True
    pk = None
    role = ""
    username = "system"

    def __str__(self) -> str:
        return self.username


SYSTEM = _System()


def can_view_recommendations(user: Any) -> bool:
    """Back-office roles browse and search recommendations (within their scope)."""
    return user is SYSTEM or is_staff_member(user)


def can_export_recommendations(user: Any) -> bool:
    return can_view_recommendations(user)


def can_manage_clusters(user: Any) -> bool:
    """DIDH coordinators (and administrators) create clusters and fill them."""
    return has_role(user, {Role.COORDINATOR, Role.ADMINISTRATOR})


# Narrowers of a recommendation queryset for users bound to an institution (focal points,
# validators): ``narrow(queryset, user)``. A higher-layer app (followup) appends to it in its
# AppConfig.ready(); this app does not import it.
ScopeNarrower = Callable[[QuerySet, Any], QuerySet]
INSTITUTION_SCOPES: list[ScopeNarrower] = []


def is_institution_bound(user: Any) -> bool:
    """Focal points and validators: they see only their institution's recommendations."""
    return user is not SYSTEM and has_role(user, INSTITUTION_ROLES)


def scope_recommendations(queryset: QuerySet, user: Any) -> QuerySet:
    """The part of ``queryset`` (of recommendations) that ``user`` may see."""
    if not can_view_recommendations(user):
        return queryset.none()
    if is_institution_bound(user):
        if not INSTITUTION_SCOPES:
            return queryset.none()
        for narrow in INSTITUTION_SCOPES:
            queryset = narrow(queryset, user)
    return queryset


def scope_documents(queryset: QuerySet, user: Any) -> QuerySet:
    """Source documents ``user`` may see: those of their recommendations' mechanisms (all, for
    back-office roles today)."""
    if not can_view_recommendations(user):
        return queryset.none()
    return queryset


def scope_clusters(queryset: QuerySet, user: Any) -> QuerySet:
    if not can_view_recommendations(user):
        return queryset.none()
    return queryset


import_required = user_passes(can_import_recommendations)
