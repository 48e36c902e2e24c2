"""Progress updates through the review workflow (core.workflow.REVIEW_WORKFLOW):

    draft ─submit▶ submitted ─validate▶ validated ─publish▶ published
                        └─return▶ returned ─submit▶ …

Unit heads (focal points and validators of a responsible unit) draft and submit; a validator of
the unit who did not write it (or a coordinator) validates or returns; the coordinator publishes.
Validation makes the update's figures the project's, unless a later-dated update already did.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tatabbu.audit.registry import register_actions
from tatabbu.audit.trail import record, service, snapshot
from tatabbu.core.concurrency import bump_version
from tatabbu.core.exceptions import ServiceError
from tatabbu.core.publication import announce_publication
from tatabbu.core.workflow import REVIEW_WORKFLOW, ReviewStatus

from .. import permissions
from ..models import Indicator, IndicatorValue, Project, ProjectUpdate

register_actions(
    {
        "plan_update.create": _("Progress update drafted"),
        "plan_update.edit": _("Progress update changed"),
        "plan_update.submit": _("Progress update submitted"),
        "plan_update.validate": _("Progress update validated"),
        "plan_update.return": _("Progress update returned"),
        "plan_update.publish": _("Progress update published"),
        "plan_project.figures": _("Project figures updated from a validated update"),
    }
)

UPDATE_FIELDS = (
    "as_of",
    "progress_percent",
    "project_status",
    "budget_committed",
    "budget_spent",
    "narrative_ar",
    "narrative_fr",
    "narrative_en",
)
FIGURE_FIELDS = ("progress_percent", "status", "budget_committed", "budget_spent", "figures_as_of")
_STAMPS = {
    "submit": ("submitted_at", "submitted_by"),
    "validate": ("validated_at", "validated_by"),
    "publish": ("published_at", "published_by"),
}

IndicatorValues = dict[int, tuple[Any, str]]


@service
def project_update_create(
    *,
    actor: Any,
    project: Project,
    values: dict[str, Any],
    indicator_values: IndicatorValues | None = None,
) -> ProjectUpdate:
    """Draft a progress update on ``project`` (a unit head of the project, or a coordinator)."""
    if not permissions.can_draft_update(actor, project):
        raise PermissionDenied
    _refuse_unknown_fields(values)
    update = ProjectUpdate(project=project, author=actor, status=ReviewStatus.DRAFT, **values)
    update.full_clean()
    update.save()
    reported = _set_indicator_values(update, indicator_values or {})
    record(
        actor=actor,
        action="plan_update.create",
        target=update,
        institution=project.responsible_unit_id,
        after={**snapshot(update, UPDATE_FIELDS), "indicator_values": reported},
    )
    return update


@service
def project_update_edit(
    *,
    actor: Any,
    update: ProjectUpdate,
    version: int,
    values: dict[str, Any],
    indicator_values: IndicatorValues | None = None,
) -> ProjectUpdate:
    """Change a draft or a returned update; refuses a stale ``version``."""
    if not permissions.can_edit_update(actor, update):
        raise PermissionDenied
    _refuse_unknown_fields(values)
    before = {**snapshot(update, UPDATE_FIELDS), "indicator_values": _reported(update)}
    for name, value in values.items():
        setattr(update, name, value)
    update.full_clean()
    bump_version(update, expected_version=version, fields=list(values))
    if indicator_values is not None:
        IndicatorValue.objects.filter(update=update).delete()
        _set_indicator_values(update, indicator_values)
    after = {**snapshot(update, UPDATE_FIELDS), "indicator_values": _reported(update)}
    changed = [name for name in after if before[name] != after[name]]
    record(
        actor=actor,
        action="plan_update.edit",
        target=update,
        institution=update.project.responsible_unit_id,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    return update


@service
def project_update_submit(*, actor: Any, update: ProjectUpdate, version: int) -> ProjectUpdate:
    return _transition(actor=actor, update=update, step="submit", version=version)


@service
def project_update_validate(*, actor: Any, update: ProjectUpdate, version: int) -> ProjectUpdate:
    """Validate a submitted update; its figures become the project's."""
    update = _transition(actor=actor, update=update, step="validate", version=version)
    _apply_figures(actor, update)
    return update


@service
def project_update_return(
    *, actor: Any, update: ProjectUpdate, version: int, reason: str
) -> ProjectUpdate:
    """Send a submitted update back to its unit, saying why."""
    if not reason.strip():
        raise ServiceError(_("Say why the update is returned."), code="reason_required")
    return _transition(actor=actor, update=update, step="return", version=version, reason=reason)


@service
def project_update_publish(*, actor: Any, update: ProjectUpdate, version: int) -> ProjectUpdate:
    update = _transition(actor=actor, update=update, step="publish", version=version)
    announce_publication()  # the public plan progress changed
    return update


def _transition(
    *, actor: Any, update: ProjectUpdate, step: str, version: int, reason: str = ""
) -> ProjectUpdate:
    if not permissions.can_take_step(actor, update, step):
        raise PermissionDenied
    transition = REVIEW_WORKFLOW.check(update.status, step)
    audited = ["status", "return_reason"]
    before = snapshot(update, audited)
    update.status = transition.target
    fields = ["status"]
    if step in _STAMPS:
        at, by = _STAMPS[step]
        setattr(update, at, timezone.now())
        setattr(update, by, actor)
        fields += [at, by]
    if step in {"return", "submit"}:
        update.return_reason = reason.strip()
        fields.append("return_reason")
    bump_version(update, expected_version=version, fields=fields)
    record(
        actor=actor,
        action=f"plan_update.{step}",
        target=update,
        institution=update.project.responsible_unit_id,
        before=before,
        after=snapshot(update, audited),
    )
    return update


def _apply_figures(actor: Any, update: ProjectUpdate) -> None:
    project = Project.objects.get(pk=update.project_id)
    if project.figures_as_of and update.as_of < project.figures_as_of:
        return  # a later situation was validated already; this one stays in the history
    before = snapshot(project, FIGURE_FIELDS)
    project.progress_percent = update.progress_percent
    project.status = update.project_status
    if update.budget_committed is not None:
        project.budget_committed = update.budget_committed
    if update.budget_spent is not None:
        project.budget_spent = update.budget_spent
    project.figures_as_of = update.as_of
    after = snapshot(project, FIGURE_FIELDS)
    changed = [name for name in FIGURE_FIELDS if before[name] != after[name]]
    if not changed:
        return
    project.save(update_fields=[*changed, "updated_at"])
    record(
        actor=actor,
        action="plan_project.figures",
        target=project,
        institution=project.responsible_unit_id,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
        extra={"update": str(update.uuid)},
    )


def _refuse_unknown_fields(values: dict[str, Any]) -> None:
    if set(values) - set(UPDATE_FIELDS):
        raise ServiceError(_("These fields cannot be changed here."), code="unknown_fields")


def _set_indicator_values(update: ProjectUpdate, values: IndicatorValues) -> dict[str, str]:
    """Store the values of indicators of the update's project; returns them for the audit."""
    if not values:
        return {}
    allowed = {
        indicator.pk: indicator
        for indicator in Indicator.objects.filter(projects=update.project_id, pk__in=list(values))
    }
    if set(values) - set(allowed):
        raise ServiceError(
            _("An indicator does not belong to this project."), code="unknown_indicator"
        )
    rows = []
    for indicator_id, (value, note) in values.items():
        try:
            number = Decimal(str(value))
        except InvalidOperation as error:
            raise ValidationError({"indicator_values": _("Enter a number.")}) from error
        rows.append(
            IndicatorValue(indicator=allowed[indicator_id], update=update, value=number, note=note)
        )
    for row in rows:
        row.full_clean(exclude=["indicator", "update"])
    IndicatorValue.objects.bulk_create(rows)
    return _reported(update)


def _reported(update: ProjectUpdate) -> dict[str, str]:
    return {
        code: str(value)
        for code, value in IndicatorValue.objects.filter(update=update)
        .order_by("indicator__code")
        .values_list("indicator__code", "value")
    }
