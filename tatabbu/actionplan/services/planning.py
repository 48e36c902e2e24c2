"""Changes to a plan's content by people: planning data of a project (coordinator), milestones,
risks, document links and links to recommendations. Reported figures are not planning data: they
change only through validated updates (updates.py)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from tatabbu.audit.registry import register_actions
from tatabbu.audit.trail import record, service, snapshot
from tatabbu.core.concurrency import bump_version
from tatabbu.core.exceptions import ServiceError

from .. import permissions
from ..models import Milestone, Project, ProjectLink, Risk

register_actions(
    {
        "plan_project.plan": _("Project planning changed"),
        "plan_project.recommendations": _("Recommendations linked to a project changed"),
        "plan_milestone.add": _("Milestone added"),
        "plan_milestone.complete": _("Milestone marked done"),
        "plan_risk.add": _("Risk recorded"),
        "plan_link.add": _("Document link added"),
    }
)

PLANNING_FIELDS = (
    "planned_start",
    "planned_end",
    "budget_planned",
    "currency",
    "responsible_unit",
)


@service
def project_plan_edit(
    *, actor: Any, project: Project, version: int, values: dict[str, Any]
) -> Project:
    """Change a project's planned dates, planned budget, currency or responsible unit."""
    if not permissions.can_manage_plans(actor):
        raise PermissionDenied
    if set(values) - set(PLANNING_FIELDS):
        raise ServiceError(_("These fields cannot be changed here."), code="unknown_fields")
    before = snapshot(project, PLANNING_FIELDS)
    for name, value in values.items():
        setattr(project, name, value)
    project.full_clean(exclude=["axis", "plan"])
    after = snapshot(project, PLANNING_FIELDS)
    changed = [name for name in PLANNING_FIELDS if before[name] != after[name]]
    if not changed:
        return project
    bump_version(project, expected_version=version, fields=changed)
    record(
        actor=actor,
        action="plan_project.plan",
        target=project,
        institution=project.responsible_unit_id,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    return project


@service
def project_recommendations_set(
    *, actor: Any, project: Project, recommendation_ids: list[int]
) -> Project:
    """The recommendations a project contributes to implementing."""
    if not permissions.can_manage_plans(actor):
        raise PermissionDenied
    before = snapshot(project, ["recommendations"])
    project.recommendations.set(recommendation_ids)
    after = snapshot(project, ["recommendations"])
    if before != after:
        record(
            actor=actor,
            action="plan_project.recommendations",
            target=project,
            institution=project.responsible_unit_id,
            before=before,
            after=after,
        )
    return project


@service
def milestone_add(
    *,
    actor: Any,
    project: Project,
    due_date: datetime.date,
    title_ar: str = "",
    title_fr: str = "",
    title_en: str = "",
) -> Milestone:
    if not permissions.can_manage_plans(actor):
        raise PermissionDenied
    last = project.milestones.order_by("-position").values_list("position", flat=True).first()
    milestone = Milestone(
        project=project,
        position=(last or 0) + 1,
        due_date=due_date,
        title_ar=title_ar.strip(),
        title_fr=title_fr.strip(),
        title_en=title_en.strip(),
    )
    milestone.full_clean()
    milestone.save()
    record(
        actor=actor,
        action="plan_milestone.add",
        target=milestone,
        institution=project.responsible_unit_id,
        after=snapshot(
            milestone, ["project", "position", "due_date", "title_ar", "title_fr", "title_en"]
        ),
    )
    return milestone


@service
def milestone_complete(*, actor: Any, milestone: Milestone, done_date: datetime.date) -> Milestone:
    """Mark a milestone done (a unit head of its project, or a coordinator)."""
    if not permissions.can_draft_update(actor, milestone.project):
        raise PermissionDenied
    if milestone.done_date == done_date:
        return milestone
    before = snapshot(milestone, ["done_date"])
    milestone.done_date = done_date
    milestone.save(update_fields=["done_date", "updated_at"])
    record(
        actor=actor,
        action="plan_milestone.complete",
        target=milestone,
        institution=milestone.project.responsible_unit_id,
        before=before,
        after=snapshot(milestone, ["done_date"]),
    )
    return milestone


@service
def risk_add(*, actor: Any, project: Project, values: dict[str, Any]) -> Risk:
    if not permissions.can_draft_update(actor, project):
        raise PermissionDenied
    risk = Risk(project=project, **values)
    risk.full_clean()
    risk.save()
    record(
        actor=actor,
        action="plan_risk.add",
        target=risk,
        institution=project.responsible_unit_id,
        after=snapshot(risk, list(values)),
    )
    return risk


@service
def project_link_add(
    *, actor: Any, project: Project, title: str, url: str, language: str = ""
) -> ProjectLink:
    """Record the address of a document published elsewhere (never fetched by Tatabbu)."""
    if not permissions.can_draft_update(actor, project):
        raise PermissionDenied
    link = ProjectLink(project=project, title=title.strip(), url=url.strip(), language=language)
    link.full_clean()
    link.save()
    record(
        actor=actor,
        action="plan_link.add",
        target=link,
        institution=project.responsible_unit_id,
        after=snapshot(link, ["title", "url", "language"]),
    )
    return link
