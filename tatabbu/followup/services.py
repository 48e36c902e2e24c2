"""Every write of the follow-up, audited, checked by ``permissions.py``.

Progress updates go through the shared review workflow (core.workflow.REVIEW_WORKFLOW):

    draft ─submit▶ submitted ─validate▶ validated ─publish▶ published
                        └─return▶ returned ─submit▶ …

Focal points of an assigned institution draft and submit; that institution's validators
validate or return (with a reason); coordinators publish. Each validation or publication
recomputes the recommendation's derived status; a coordinator's override wins while it stands.
The effective status is copied to ``Recommendation.implementation_status`` (lists, facets).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tatabbu.accounts.choices import Role
from tatabbu.audit.registry import register_actions
from tatabbu.audit.trail import PendingEvent, record, record_many, service, snapshot
from tatabbu.core.concurrency import bump_version
from tatabbu.core.exceptions import ConflictError, ServiceError
from tatabbu.core.publication import announce_publication
from tatabbu.core.workflow import REVIEW_WORKFLOW, ReviewStatus
from tatabbu.documents.services import document_store
from tatabbu.institutions.models import Institution
from tatabbu.recommendations.choices import ImplementationStatus
from tatabbu.recommendations.models import Recommendation

from . import permissions, selectors
from .access import EVIDENCE_PURPOSE
from .models import (
    Action,
    Assignment,
    ImportedImplementation,
    Indicator,
    IndicatorValue,
    Notification,
    ProgressUpdate,
    RecommendationStatus,
)
from .notifications import coordinators, institution_people, notify

register_actions(
    {
        "assignment.create": _("Recommendation assigned"),
        "assignment.change": _("Assignment changed"),
        "action.create": _("Action recorded"),
        "action.change": _("Action changed"),
        "indicator.create": _("Indicator added"),
        "indicator.value": _("Indicator value recorded"),
        "progress_update.create": _("Progress update drafted"),
        "progress_update.edit": _("Progress update changed"),
        "progress_update.evidence": _("Evidence attached to a progress update"),
        "progress_update.submit": _("Progress update submitted"),
        "progress_update.validate": _("Progress update validated"),
        "progress_update.return": _("Progress update returned"),
        "progress_update.publish": _("Progress update published"),
        "recommendation_status.derive": _("Recommendation status derived from validated updates"),
        "recommendation_status.override": _("Recommendation status set by the coordinator"),
        "recommendation_status.clear_override": _("Coordinator's status override removed"),
        "notification.read": _("Notifications marked as read"),
        "reminder.deadline_near": _("Deadline reminder sent"),
        "reminder.overdue": _("Overdue reminder sent"),
        "reminder.digest": _("Weekly digest sent"),
        "imported_implementation.store": _("Implementation received from another system"),
    }
)

ASSIGNMENT_FIELDS = ("lead_institution", "contributing_institutions", "deadline")
ACTION_FIELDS = (
    "description_ar",
    "description_fr",
    "description_en",
    "start_date",
    "end_date",
    "budget",
    "status",
)
INDICATOR_FIELDS = ("name_ar", "name_fr", "name_en", "kind", "unit", "baseline", "target")
UPDATE_FIELDS = ("text", "assessed_status", "action")
_STAMPS = {
    "submit": ("submitted_at", "submitted_by"),
    "validate": ("validated_at", "validated_by"),
    "publish": ("published_at", "published_by"),
}


# --- Assignments ------------------------------------------------------------------------------


def _check_institutions(lead: Institution, contributing: Iterable[Institution]) -> list[int]:
    """The contributing institutions' ids, without the lead."""
    return sorted({institution.pk for institution in contributing} - {lead.pk})


@service
def assignment_set(
    *,
    actor: Any,
    recommendation: Recommendation,
    lead_institution: Institution,
    contributing_institutions: Iterable[Institution] = (),
    deadline: datetime.date | None = None,
    version: int | None = None,
) -> Assignment:
    """Assign ``recommendation`` (or change its assignment; ``version`` is then required and a
    stale one refused) and tell the institutions' focal points."""
    assignments = assignments_set_many(
        actor=actor,
        recommendation_ids=[recommendation.pk],
        lead_institution=lead_institution,
        contributing_institutions=contributing_institutions,
        deadline=deadline,
        versions={recommendation.pk: version} if version is not None else None,
    )
    return assignments[0]


@service
def assignments_set_many(
    *,
    actor: Any,
    recommendation_ids: Iterable[int],
    lead_institution: Institution,
    contributing_institutions: Iterable[Institution] = (),
    deadline: datetime.date | None = None,
    versions: dict[int, int] | None = None,
    quiet: bool = False,
) -> list[Assignment]:
    """Assign every recommendation of ``recommendation_ids`` to the same institutions and
    deadline (bulk assignment from a filtered list or a cluster): one audit event each. The
    institutions' people are notified unless ``quiet`` (loading the demo data)."""
    if not permissions.can_assign(actor):
        raise PermissionDenied
    contributing_ids = _check_institutions(lead_institution, contributing_institutions)
    ids = sorted(set(recommendation_ids))
    if not ids:
        raise ServiceError(_("No recommendation to assign."), code="nothing_selected")
    existing = {
        assignment.recommendation_id: assignment
        for assignment in Assignment.objects.filter(recommendation_id__in=ids).prefetch_related(
            "contributing_institutions"
        )
    }
    found = set(Recommendation.objects.filter(pk__in=ids).values_list("pk", flat=True))
    if found != set(ids):
        raise ServiceError(_("A recommendation does not exist."), code="unknown_recommendation")
    now = timezone.now()
    events: list[PendingEvent] = []
    result: list[Assignment] = []
    changed_institutions: set[int] = set()
    through = Assignment.contributing_institutions.through
    for recommendation_id in ids:
        assignment = existing.get(recommendation_id)
        if assignment is None:
            assignment = Assignment(
                recommendation_id=recommendation_id,
                lead_institution=lead_institution,
                deadline=deadline,
                assigned_by=actor if getattr(actor, "pk", None) else None,
                assigned_at=now,
            )
            assignment.save()
            through.objects.bulk_create(
                [through(assignment_id=assignment.pk, institution_id=pk) for pk in contributing_ids]
            )
            events.append(
                PendingEvent(
                    action="assignment.create",
                    target=assignment,
                    after=snapshot(assignment, ASSIGNMENT_FIELDS),
                    institution_id=lead_institution.pk,
                )
            )
            changed_institutions.update([lead_institution.pk, *contributing_ids])
        else:
            before = snapshot(assignment, ASSIGNMENT_FIELDS)
            assignment.lead_institution = lead_institution
            assignment.deadline = deadline
            assignment.assigned_by = actor if getattr(actor, "pk", None) else None
            assignment.assigned_at = now
            fields = ["lead_institution", "deadline", "assigned_by", "assigned_at"]
            if versions is not None and recommendation_id in versions:
                bump_version(
                    assignment, expected_version=versions[recommendation_id], fields=fields
                )
            else:
                bump_version(assignment, expected_version=assignment.version, fields=fields)
            assignment.contributing_institutions.set(contributing_ids)
            after = snapshot(assignment, ASSIGNMENT_FIELDS)
            if before == after:
                result.append(assignment)
                continue
            events.append(
                PendingEvent(
                    action="assignment.change",
                    target=assignment,
                    before=before,
                    after=after,
                    institution_id=lead_institution.pk,
                )
            )
            changed_institutions.update([lead_institution.pk, *contributing_ids])
        result.append(assignment)
    record_many(actor=actor, events=events)
    RecommendationStatus.objects.bulk_create(
        [RecommendationStatus(recommendation_id=pk) for pk in ids], ignore_conflicts=True
    )
    for institution_id in sorted(changed_institutions) if not quiet else []:
        notify(
            institution_people(institution_id, [Role.FOCAL_POINT, Role.VALIDATOR]),
            _("Recommendations assigned to your institution"),
            _(
                "%(count)s recommendation(s) were assigned to your institution or their "
                "assignment changed. Deadline: %(deadline)s."
            ),
            link=reverse("followup:workspace"),
            institution=institution_id,
            count=len(events),
            deadline=deadline.isoformat() if deadline else "—",
        )
    return result


# --- Actions and indicators -------------------------------------------------------------------


def _clean_recommendations(actor: Any, recommendations: Iterable[Recommendation]) -> list[int]:
    items = list(recommendations)
    if not items:
        raise ValidationError({"recommendations": _("Link the action to a recommendation.")})
    for recommendation in items:
        if not permissions.can_record_action(actor, recommendation):
            raise PermissionDenied
    return sorted({item.pk for item in items})


def _refuse_unknown(values: dict[str, Any], allowed: Iterable[str]) -> None:
    if set(values) - set(allowed):
        raise ServiceError(_("These fields cannot be changed here."), code="unknown_fields")


@service
def action_create(
    *,
    actor: Any,
    recommendations: Iterable[Recommendation],
    values: dict[str, Any],
    institution: Institution | None = None,
) -> Action:
    """Record an action of the actor's institution (a coordinator names the institution) for
    the given recommendations."""
    _refuse_unknown(values, ACTION_FIELDS)
    recommendation_ids = _clean_recommendations(actor, recommendations)
    if permissions.is_coordinator(actor):
        # a coordinator records it for the institution named, else the lead of the first one
        lead = (
            Assignment.objects.filter(recommendation_id=recommendation_ids[0])
            .values_list("lead_institution_id", flat=True)
            .first()
        )
        owner_id = institution.pk if institution is not None else lead
    else:
        owner_id = getattr(actor, "institution_id", None)
    if owner_id is None:
        raise ValidationError({"institution": _("Choose the institution taking the action.")})
    action = Action(institution_id=owner_id, created_by=actor, **values)
    action.full_clean()
    action.save()
    action.recommendations.set(recommendation_ids)
    record(
        actor=actor,
        action="action.create",
        target=action,
        institution=owner_id,
        after={**snapshot(action, ACTION_FIELDS), "recommendations": recommendation_ids},
    )
    return action


@service
def action_edit(
    *,
    actor: Any,
    action: Action,
    version: int,
    values: dict[str, Any],
    recommendations: Iterable[Recommendation] | None = None,
) -> Action:
    """Change an action; refuses a stale ``version`` (ConflictError, with what changed)."""
    if not permissions.can_edit_action(actor, action):
        raise PermissionDenied
    _refuse_unknown(values, ACTION_FIELDS)
    before = {
        **snapshot(action, ACTION_FIELDS),
        "recommendations": sorted(action.recommendations.values_list("pk", flat=True)),
    }
    stored = Action.objects.get(pk=action.pk)
    if stored.version != version:
        raise _conflict(stored, values, ACTION_FIELDS)
    for name, value in values.items():
        setattr(action, name, value)
    action.full_clean()
    bump_version(action, expected_version=version, fields=list(values))
    if recommendations is not None:
        action.recommendations.set(_clean_recommendations(actor, recommendations))
    after = {
        **snapshot(action, ACTION_FIELDS),
        "recommendations": sorted(action.recommendations.values_list("pk", flat=True)),
    }
    changed = [name for name in after if before[name] != after[name]]
    record(
        actor=actor,
        action="action.change",
        target=action,
        institution=action.institution_id,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    return action


@service
def indicator_create(*, actor: Any, action: Action, values: dict[str, Any]) -> Indicator:
    """Add an indicator (structure, process or outcome) to an action."""
    if not permissions.can_edit_action(actor, action):
        raise PermissionDenied
    _refuse_unknown(values, INDICATOR_FIELDS)
    indicator = Indicator(action=action, **values)
    indicator.full_clean()
    indicator.save()
    record(
        actor=actor,
        action="indicator.create",
        target=indicator,
        institution=action.institution_id,
        after=snapshot(indicator, INDICATOR_FIELDS),
    )
    return indicator


@service
def indicator_value_record(
    *, actor: Any, indicator: Indicator, date: datetime.date, value: Any
) -> IndicatorValue:
    """The indicator's value on ``date`` (replacing one recorded for the same date)."""
    if not permissions.can_edit_action(actor, indicator.action):
        raise PermissionDenied
    try:
        number = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation as error:
        raise ValidationError({"value": _("Enter a number.")}) from error
    row = IndicatorValue.objects.filter(indicator=indicator, date=date).first()
    before = {"value": str(row.value)} if row else None
    if row is None:
        row = IndicatorValue(indicator=indicator, date=date)
    row.value = number
    row.recorded_by = actor
    row.full_clean(exclude=["indicator"])
    row.save()
    record(
        actor=actor,
        action="indicator.value",
        target=indicator,
        institution=indicator.action.institution_id,
        before=before,
        after={"date": date.isoformat(), "value": str(number)},
    )
    return row


# --- Progress updates -------------------------------------------------------------------------


def _conflict(stored: Any, values: dict[str, Any], fields: Iterable[str]) -> ConflictError:
    """A ConflictError naming the fields whose stored value differs from what was sent."""
    changes = {}
    for name in fields:
        if name not in values:
            continue
        current = getattr(stored, stored._meta.get_field(name).attname)
        sent = values[name]
        sent = getattr(sent, "pk", sent)
        if current != sent:
            changes[name] = {"current": _plain(current), "sent": _plain(sent)}
    return ConflictError(current_version=stored.version, changes=changes)


def _plain(value: Any) -> Any:
    """A value as JSON carries it (text for dates, amounts, uuids)."""
    return value if value is None or isinstance(value, str | int | bool) else str(value)


def _check_action(update_values: dict[str, Any], institution_id: int) -> None:
    action = update_values.get("action")
    if action is not None and action.institution_id != institution_id:
        raise ServiceError(_("The action belongs to another institution."), code="foreign_action")


@service
def progress_update_create(
    *,
    actor: Any,
    recommendation: Recommendation,
    values: dict[str, Any],
    evidence: Iterable[UploadedFile] = (),
) -> ProgressUpdate:
    """Draft an update of the actor's institution on an assigned recommendation."""
    if not permissions.can_draft_update(actor, recommendation):
        raise PermissionDenied
    _refuse_unknown(values, UPDATE_FIELDS)
    _check_action(values, actor.institution_id)
    update = ProgressUpdate(
        recommendation=recommendation,
        institution_id=actor.institution_id,
        author=actor,
        status=ReviewStatus.DRAFT,
        **values,
    )
    update.full_clean()
    update.save()
    names = _attach(actor, update, evidence)
    record(
        actor=actor,
        action="progress_update.create",
        target=update,
        institution=update.institution_id,
        after={**snapshot(update, UPDATE_FIELDS), "evidence": names},
    )
    return update


@service
def progress_update_edit(
    *,
    actor: Any,
    update: ProgressUpdate,
    version: int,
    values: dict[str, Any],
    evidence: Iterable[UploadedFile] = (),
) -> ProgressUpdate:
    """Change a draft or returned update; a stale ``version`` raises ConflictError naming the
    fields someone else changed."""
    if not permissions.can_edit_update(actor, update):
        raise PermissionDenied
    _refuse_unknown(values, UPDATE_FIELDS)
    _check_action(values, update.institution_id)
    stored = ProgressUpdate.objects.get(pk=update.pk)
    if stored.version != version:
        raise _conflict(stored, values, UPDATE_FIELDS)
    before = snapshot(update, UPDATE_FIELDS)
    for name, value in values.items():
        setattr(update, name, value)
    update.full_clean()
    bump_version(update, expected_version=version, fields=list(values))
    names = _attach(actor, update, evidence)
    after = snapshot(update, UPDATE_FIELDS)
    changed = [name for name in after if before[name] != after[name]]
    record(
        actor=actor,
        action="progress_update.edit",
        target=update,
        institution=update.institution_id,
        before={name: before[name] for name in changed},
        after={**{name: after[name] for name in changed}, "evidence_added": names},
    )
    return update


@service
def progress_update_attach(
    *, actor: Any, update: ProgressUpdate, evidence: Iterable[UploadedFile]
) -> list[str]:
    """Attach evidence files to a draft or returned update."""
    if not permissions.can_edit_update(actor, update):
        raise PermissionDenied
    names = _attach(actor, update, evidence)
    record(
        actor=actor,
        action="progress_update.evidence",
        target=update,
        institution=update.institution_id,
        after={"evidence_added": names},
    )
    return names


def _attach(actor: Any, update: ProgressUpdate, files: Iterable[UploadedFile]) -> list[str]:
    names = []
    for uploaded in files:
        document = document_store(
            actor=actor,
            uploaded_file=uploaded,
            purpose=EVIDENCE_PURPOSE,
            institution=update.institution,
        )
        update.evidence.add(document)
        names.append(document.original_name)
    return names


@service
def progress_update_submit(*, actor: Any, update: ProgressUpdate, version: int) -> ProgressUpdate:
    """Send a draft (or a returned update) to the institution's validators."""
    update = _transition(actor=actor, update=update, step="submit", version=version)
    notify(
        institution_people(update.institution_id, [Role.VALIDATOR]),
        _("A progress update waits for your validation"),
        _("%(author)s submitted a progress update on %(recommendation)s."),
        link=reverse("followup:update_detail", kwargs={"uuid": update.uuid}),
        institution=update.institution_id,
        author=actor.get_full_name() or actor.username,
        recommendation=update.recommendation,
    )
    return update


@service
def progress_update_validate(*, actor: Any, update: ProgressUpdate, version: int) -> ProgressUpdate:
    """Validate a submitted update; the recommendation's derived status follows."""
    update = _transition(actor=actor, update=update, step="validate", version=version)
    status_recompute(actor=actor, recommendation=update.recommendation)
    recipients = coordinators()
    if update.author_id:
        recipients.append(update.author)
    notify(
        recipients,
        _("Progress update validated"),
        _("The progress update on %(recommendation)s was validated by its institution."),
        link=reverse("followup:update_detail", kwargs={"uuid": update.uuid}),
        institution=update.institution_id,
        recommendation=update.recommendation,
    )
    return update


@service
def progress_update_return(
    *, actor: Any, update: ProgressUpdate, version: int, reason: str
) -> ProgressUpdate:
    """Send a submitted update back to its authors, saying why."""
    if not (reason or "").strip():
        raise ServiceError(_("Say why the update is returned."), code="reason_required")
    update = _transition(actor=actor, update=update, step="return", version=version, reason=reason)
    notify(
        institution_people(update.institution_id, [Role.FOCAL_POINT]),
        _("Progress update returned"),
        _("The progress update on %(recommendation)s was returned: %(reason)s"),
        link=reverse("followup:update_detail", kwargs={"uuid": update.uuid}),
        institution=update.institution_id,
        recommendation=update.recommendation,
        reason=reason.strip(),
    )
    return update


@service
def progress_update_publish(*, actor: Any, update: ProgressUpdate, version: int) -> ProgressUpdate:
    """Publish a validated update (the portal shows published updates only)."""
    update = _transition(actor=actor, update=update, step="publish", version=version)
    status_recompute(actor=actor, recommendation=update.recommendation)
    announce_publication()
    notify(
        institution_people(update.institution_id, [Role.FOCAL_POINT, Role.VALIDATOR]),
        _("Progress update published"),
        _("The progress update on %(recommendation)s was published."),
        link=reverse("followup:update_detail", kwargs={"uuid": update.uuid}),
        institution=update.institution_id,
        recommendation=update.recommendation,
    )
    return update


def _transition(
    *, actor: Any, update: ProgressUpdate, step: str, version: int, reason: str = ""
) -> ProgressUpdate:
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
        action=f"progress_update.{step}",
        target=update,
        institution=update.institution_id,
        before=before,
        after=snapshot(update, audited),
    )
    return update


# --- Recommendation status --------------------------------------------------------------------


@service
def status_recompute(*, actor: Any, recommendation: Recommendation) -> RecommendationStatus:
    """Derive the status again from the validated updates (called by the workflow steps)."""
    status, _created = RecommendationStatus.objects.get_or_create(recommendation=recommendation)
    value = selectors.derived_status(recommendation)
    if value != status.derived_status:
        before = {"derived_status": status.derived_status}
        status.derived_status = value
        status.save(update_fields=["derived_status", "updated_at"])
        record(
            actor=actor,
            action="recommendation_status.derive",
            target=recommendation,
            before=before,
            after={"derived_status": value},
        )
    _sync_recommendation(actor, recommendation, status)
    return status


@service
def status_override(
    *,
    actor: Any,
    recommendation: Recommendation,
    status: str,
    reason: str,
    version: int | None = None,
) -> RecommendationStatus:
    """Set the recommendation's status by hand, with a reason (coordinators); an empty
    ``status`` removes the override."""
    if not permissions.can_override_status(actor):
        raise PermissionDenied
    if status and status not in ImplementationStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    if status and not (reason or "").strip():
        raise ServiceError(_("Say why the status is set by hand."), code="reason_required")
    row, _created = RecommendationStatus.objects.get_or_create(
        recommendation=recommendation,
        defaults={"derived_status": selectors.derived_status(recommendation)},
    )
    before = snapshot(row, ["override_status", "override_reason"])
    row.override_status = status
    row.override_reason = reason.strip() if status else ""
    row.overridden_by = actor if status else None
    row.overridden_at = timezone.now() if status else None
    bump_version(
        row,
        expected_version=row.version if version is None else version,
        fields=["override_status", "override_reason", "overridden_by", "overridden_at"],
    )
    record(
        actor=actor,
        action=(
            "recommendation_status.override" if status else "recommendation_status.clear_override"
        ),
        target=recommendation,
        before=before,
        after=snapshot(row, ["override_status", "override_reason"]),
    )
    _sync_recommendation(actor, recommendation, row)
    return row


def _sync_recommendation(actor: Any, recommendation: Recommendation, row: Any) -> None:
    """Copy the effective status to the recommendation (what lists and facets count)."""
    value = row.effective_status
    current = (
        Recommendation.objects.filter(pk=recommendation.pk)
        .values_list("implementation_status", flat=True)
        .first()
    )
    if current == value:
        return
    Recommendation.objects.filter(pk=recommendation.pk).update(
        implementation_status=value, updated_at=timezone.now()
    )
    recommendation.implementation_status = value
    record(
        actor=actor,
        action="recommendation_status.derive",
        target=recommendation,
        before={"implementation_status": current},
        after={"implementation_status": value},
    )


# --- Notifications ----------------------------------------------------------------------------


@service
def notifications_mark_read(*, actor: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the actor's notifications (all, or ``ids``) as read."""
    queryset = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    count = queryset.update(read_at=timezone.now())
    if count:
        record(actor=actor, action="notification.read", target=actor, after={"count": count})
    return count


# --- Implementation received in an exchange document -------------------------------------------


@service
def imported_implementations_store(
    *, actor: Any, records: list[dict[str, Any]], source: str = ""
) -> int:
    """Store the ``implementation`` part of exchange records (``docs/exchange-format.md``) for
    the recommendations they name by ``key`` (imported just before by the exchange import):
    create or replace, one audit event per change. Returns the number of records stored."""
    keys = [entry["key"] for entry in records]
    by_key = dict(
        Recommendation.objects.filter(natural_key__in=keys).values_list("natural_key", "pk")
    )
    existing = {
        item.recommendation_id: item
        for item in ImportedImplementation.objects.filter(recommendation_id__in=by_key.values())
    }
    stored = 0
    for entry in records:
        recommendation_id = by_key.get(entry["key"])
        if recommendation_id is None:
            continue
        implementation = entry["implementation"]
        values = {
            "status": implementation.get("status") or "",
            "updates": list(implementation.get("updates") or []),
            "source": source[:300],
        }
        item = existing.get(recommendation_id)
        before = None
        if item is None:
            item = ImportedImplementation(recommendation_id=recommendation_id, **values)
        else:
            before = snapshot(item, list(values))
            if before == values:
                stored += 1
                continue
            for name, value in values.items():
                setattr(item, name, value)
        item.full_clean(exclude=["recommendation"])
        item.save()
        record(
            actor=actor,
            action="imported_implementation.store",
            target=item,
            before=before,
            after=snapshot(item, list(values)),
        )
        stored += 1
    if stored:
        announce_publication()
    return stored
