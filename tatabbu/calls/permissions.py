"""Who may do what in calls for projects. Object scoping lives in selectors.py."""

from __future__ import annotations

from typing import Any

from tatabbu.accounts.choices import Role
from tatabbu.accounts.permissions import has_role, is_active_user

CALL_MANAGERS = {Role.COORDINATOR, Role.ADMINISTRATOR}
APPLICATION_OVERSEERS = {Role.COORDINATOR, Role.ADMINISTRATOR, Role.MANAGEMENT}


def can_manage_calls(user: Any) -> bool:
    """Create, edit and publish calls; screen applications; decide; validate reports."""
    return has_role(user, CALL_MANAGERS)


def can_see_all_submitted_applications(user: Any) -> bool:
    return has_role(user, APPLICATION_OVERSEERS)


def is_reviewer(user: Any) -> bool:
    return has_role(user, {Role.REVIEWER})


def is_association(user: Any) -> bool:
    return has_role(user, {Role.ASSOCIATION}) and hasattr(user, "association_profile")


def can_view_calls(user: Any) -> bool:
    """Every signed-in user may read published calls."""
    return is_active_user(user)


def can_use_applications(user: Any) -> bool:
    """The application pages: associations (their own), reviewers, the DIDH."""
    return is_association(user) or is_reviewer(user) or can_see_all_submitted_applications(user)
