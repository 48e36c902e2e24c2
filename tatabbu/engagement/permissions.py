"""Who may do what in engagement with the UN mechanisms. Object scoping lives in selectors.py.

The reporting calendar is shared by every back-office role. Confidential files (individual
communications) and work sent to institutions are seen by coordinators and administrators and by
the people of the institutions they are assigned to; everyone else gets a 404.
"""

from __future__ import annotations

from typing import Any

from tatabbu.accounts.choices import INSTITUTION_ROLES, Role
from tatabbu.accounts.permissions import has_role, is_staff_member

ENGAGEMENT_MANAGERS = {Role.COORDINATOR, Role.ADMINISTRATOR}


def can_view_engagement(user: Any) -> bool:
    """The calendar, reporting cycles, events: every back-office role."""
    return is_staff_member(user)


def can_manage_engagement(user: Any) -> bool:
    """Create and change cycles, communications, visits, events; consolidate reports."""
    return has_role(user, ENGAGEMENT_MANAGERS)


def sees_all_confidential(user: Any) -> bool:
    return has_role(user, ENGAGEMENT_MANAGERS)


def is_institution_member(user: Any) -> bool:
    """Focal points and validators: scoped to their institution's assigned work."""
    return has_role(user, INSTITUTION_ROLES) and user.institution_id is not None


def can_view_communications(user: Any) -> bool:
    """The docket's list page: coordinators and the institutions' people (scoped)."""
    return sees_all_confidential(user) or is_institution_member(user)


# --- Contributions: answers to questionnaires and to report sections ------------------------
# Same validation as progress updates: the institution's focal points (and validators) write
# and submit; a validator of the institution who did not write it, or a coordinator, validates
# or returns it.


def is_member_of(user: Any, institution_id: int | None) -> bool:
    return is_institution_member(user) and user.institution_id == institution_id


def can_view_contribution(user: Any, item: Any) -> bool:
    return sees_all_confidential(user) or is_member_of(user, item.institution_id)


def can_edit_contribution(user: Any, item: Any) -> bool:
    from tatabbu.core.workflow import ReviewStatus

    editable = item.status in {ReviewStatus.DRAFT, ReviewStatus.RETURNED}
    return editable and (
        has_role(user, {Role.COORDINATOR}) or is_member_of(user, item.institution_id)
    )


def can_review_contribution(user: Any, item: Any) -> bool:
    if has_role(user, {Role.COORDINATOR}):
        return True
    return (
        has_role(user, {Role.VALIDATOR})
        and is_member_of(user, item.institution_id)
        and item.author_id != user.pk
    )


CONTRIBUTION_STEPS = {
    "submit": can_edit_contribution,
    "validate": can_review_contribution,
    "return": can_review_contribution,
}


def can_take_contribution_step(user: Any, item: Any, step: str) -> bool:
    check = CONTRIBUTION_STEPS.get(step)
    return bool(check and check(user, item))
