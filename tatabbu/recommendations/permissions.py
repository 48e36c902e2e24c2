"""Who may see and do what with recommendations, clusters and their exports.

Scoping is decided in one place, :func:`scope_recommendations`, which every selector, export and
API endpoint goes through. Today every back-office role sees every recommendation; the
assignments issue narrows focal points and validators to their institution's recommendations
here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tatabbu.accounts.choices import Role
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


def scope_recommendations(queryset: QuerySet, user: Any) -> QuerySet:
    """The part of ``queryset`` (of recommendations) that ``user`` may see."""
    if not can_view_recommendations(user):
        return queryset.none()
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
