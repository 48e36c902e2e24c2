"""Who may see and do what with action plans.

- Every back-office role reads plans, axes, projects and the figures of validated updates.
- A project's *responsible units* are its responsible unit and the institutions also responsible
  for it. Their focal points (unit heads) and validators (approvers) draft, edit and submit its
  progress updates; their validators validate or return them, never their own.
- Coordinators see and do everything, including publishing and editing the plan; management and
  administrators read everything and change nothing.
- Drafts, submitted and returned updates are visible only to the project's responsible units and
  to the roles that see all institutions' work; to anyone else they do not exist (404).
"""

from __future__ import annotations

from typing import Any

from tatabbu.accounts.choices import INSTITUTION_ROLES, Role
from tatabbu.accounts.permissions import (
    can_view_all_institutions_work,
    has_role,
    is_staff_member,
)

from .models import Project, ProjectUpdate


def can_view_plans(user: Any) -> bool:
    return is_staff_member(user)


def can_manage_plans(user: Any) -> bool:
    """Edit a plan's projects, milestones and links (not the reported figures)."""
    return has_role(user, {Role.COORDINATOR})


def responsible_institution_ids(project: Project) -> set[int]:
    """The responsible unit and the institutions also responsible (uses the prefetch if any)."""
    ids = {institution.pk for institution in project.other_responsible.all()}
    if project.responsible_unit_id:
        ids.add(project.responsible_unit_id)
    return ids


def is_responsible_member(user: Any, project: Project) -> bool:
    """A focal point or validator of one of the project's responsible units."""
    return (
        has_role(user, INSTITUTION_ROLES)
        and user.institution_id is not None
        and user.institution_id in responsible_institution_ids(project)
    )


def can_draft_update(user: Any, project: Project) -> bool:
    return has_role(user, {Role.COORDINATOR}) or is_responsible_member(user, project)


def can_view_update(user: Any, update: ProjectUpdate) -> bool:
    if not can_view_plans(user):
        return False
    if update.counts or can_view_all_institutions_work(user):
        return True
    return is_responsible_member(user, update.project)


def can_edit_update(user: Any, update: ProjectUpdate) -> bool:
    """Change or submit a draft (or a returned update)."""
    return update.is_editable and can_draft_update(user, update.project)


def can_review_update(user: Any, update: ProjectUpdate) -> bool:
    """Validate or return a submitted update: a validator of a responsible unit who did not
    write it, or a coordinator."""
    if has_role(user, {Role.COORDINATOR}):
        return True
    return (
        has_role(user, {Role.VALIDATOR})
        and is_responsible_member(user, update.project)
        and update.author_id != user.pk
    )


def can_publish_update(user: Any, update: ProjectUpdate) -> bool:
    return has_role(user, {Role.COORDINATOR})


STEP_CHECKS = {
    "submit": can_edit_update,
    "validate": can_review_update,
    "return": can_review_update,
    "publish": can_publish_update,
}


def can_take_step(user: Any, update: ProjectUpdate, step: str) -> bool:
    check = STEP_CHECKS.get(step)
    return bool(check and check(user, update))
