"""Demo data of the follow-up: the DIDH tracker's recommendations assigned to the institutions the
tracker names as responsible (the first named leads, the others contribute), and, for the two
personas' ministries (Justice; Solidarity, Social Integration and Family), actions with
indicators and progress updates in every workflow state, written by their focal points and
validators through the services (audited like any other write); on the other tracker rows, the
tracker's status is recorded as the coordinator's, naming the tracker as the reason. Idempotent.

Deadlines are spread from June 2026 to November 2027 (the month follows the tracker's row id), so
that some are past and reminders have something to say. Updates report the tracker's own status
label.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from tatabbu.accounts.choices import Role
from tatabbu.accounts.models import User
from tatabbu.institutions.models import Institution
from tatabbu.recommendations.models import Recommendation

from . import services
from .models import Assignment, ProgressUpdate

PERSONA_INSTITUTIONS = (
    "ministry-of-justice",
    "ministry-of-solidarity-social-integration-and-family",
)
TRACKER_STATUS = {
    "Réalisé": "implemented",
    "En cours": "in_progress",
    "Non réalisé": "not_started",
    "RC": "in_progress",
    "Recommendation continue": "in_progress",
}
# The workflow state each demo update ends in, in order (one recommendation each).
DEMO_STATES = ("published", "validated", "validated", "submitted", "returned", "draft", "draft")


def _deadline(didh_id: str) -> datetime.date:
    """The 28th of a month between June 2026 and November 2027, following the row id."""
    months = int(didh_id) % 18 if didh_id.isdigit() else 17
    year, month = divmod(5 + months, 12)
    return datetime.date(2026 + year, month + 1, 28)


def load_followup_demo(data_dir: Path) -> dict[str, Any]:
    coordinator = User.objects.filter(role=Role.COORDINATOR, is_active=True).first()
    assigned = _assign_tracker_recommendations(coordinator)
    work = {slug: _institution_work(slug) for slug in PERSONA_INSTITUTIONS}
    statuses = _tracker_statuses(coordinator)
    return {
        "assigned": assigned,
        **{f"updates[{slug}]": n for slug, n in work.items()},
        "tracker_statuses": statuses,
    }


TRACKER_REASON = "État repris du tableau de suivi DIDH (2021) : « %s »."


def _tracker_statuses(coordinator: Any) -> int:
    """The tracker's own assessment, recorded as the coordinator's status with the tracker as
    the reason, on the recommendations no demo update speaks about."""
    if coordinator is None:
        return 0
    reported = ProgressUpdate.objects.values("recommendation_id")
    rows = (
        Recommendation.objects.filter(natural_key__startswith="didh:", assignment__isnull=False)
        .exclude(pk__in=reported)
        .exclude(followup_status__override_status__gt="")
        .order_by("pk")
    )
    count = 0
    for recommendation in rows:
        label = recommendation.source_labels.get("didh_status", "")
        status = TRACKER_STATUS.get(label, "")
        if status in {"", "not_started"}:
            continue
        services.status_override(
            actor=coordinator,
            recommendation=recommendation,
            status=status,
            reason=TRACKER_REASON % label,
        )
        count += 1
    return count


def _assign_tracker_recommendations(actor: Any) -> int:
    institutions = {institution.slug: institution for institution in Institution.objects.all()}
    groups: dict[tuple[str, tuple[str, ...], datetime.date], list[int]] = defaultdict(list)
    rows = (
        Recommendation.objects.filter(natural_key__startswith="didh:", assignment__isnull=True)
        .order_by("pk")
        .values_list("pk", "source_labels")
    )
    for pk, labels in rows:
        slugs = [slug for slug in labels.get("didh_responsible_institutions", []) if slug]
        slugs = [slug for slug in slugs if slug in institutions]
        if not slugs:
            continue
        key = (slugs[0], tuple(sorted(set(slugs[1:]) - {slugs[0]})), _deadline(labels["didh_id"]))
        groups[key].append(pk)
    count = 0
    for (lead, contributing, deadline), ids in sorted(groups.items()):
        services.assignments_set_many(
            actor=actor,
            recommendation_ids=ids,
            lead_institution=institutions[lead],
            contributing_institutions=[institutions[slug] for slug in contributing],
            deadline=deadline,
            quiet=True,
        )
        count += len(ids)
    return count


def _institution_work(slug: str) -> int:
    institution = Institution.objects.filter(slug=slug).first()
    if institution is None or ProgressUpdate.objects.filter(institution=institution).exists():
        return 0
    focal = User.objects.filter(
        institution=institution, role=Role.FOCAL_POINT, is_active=True
    ).first()
    validator = User.objects.filter(
        institution=institution, role=Role.VALIDATOR, is_active=True
    ).first()
    coordinator = User.objects.filter(role=Role.COORDINATOR, is_active=True).first()
    if focal is None or validator is None or coordinator is None:
        return 0
    recommendations = list(
        Recommendation.objects.filter(
            assignment__in=Assignment.objects.filter(lead_institution=institution)
        ).order_by("pk")[: len(DEMO_STATES)]
    )
    if not recommendations:
        return 0
    action = _action(focal, recommendations[:3])
    for recommendation, state in zip(recommendations, DEMO_STATES, strict=False):
        _update(focal, validator, coordinator, recommendation, state, action)
    return len(recommendations)


def _action(focal: User, recommendations: list[Recommendation]) -> Any:
    action = services.action_create(
        actor=focal,
        recommendations=recommendations,
        values={
            "description_fr": (
                "Plan sectoriel de mise en œuvre des recommandations attribuées au département "
                "(tableau de suivi DIDH)."
            ),
            "description_ar": (
                "خطة قطاعية لتنفيذ التوصيات المسندة إلى القطاع (جدول تتبع المندوبية)."
            ),
            "start_date": datetime.date(2026, 1, 1),
            "end_date": datetime.date(2026, 12, 31),
            "status": "in_progress",
        },
    )
    indicator = services.indicator_create(
        actor=focal,
        action=action,
        values={
            "name_fr": "Recommandations mises en œuvre",
            "name_ar": "التوصيات المنفذة",
            "kind": "outcome",
            "unit": "%",
            "baseline": Decimal(0),
            "target": Decimal(100),
        },
    )
    done = sum(
        1
        for recommendation in recommendations
        if recommendation.source_labels.get("didh_status") == "Réalisé"
    )
    services.indicator_value_record(
        actor=focal,
        indicator=indicator,
        date=datetime.date(2026, 6, 30),
        value=Decimal(100 * done) / len(recommendations),
    )
    return action


def _update(
    focal: User,
    validator: User,
    coordinator: User,
    recommendation: Recommendation,
    state: str,
    action: Any,
) -> ProgressUpdate:
    labels = recommendation.source_labels
    status = labels.get("didh_status", "")
    percent = labels.get("didh_progress_pct")
    text = f"Situation reprise du tableau de suivi DIDH : « {status or '—'} »" + (
        f" ({percent} %)." if percent is not None else "."
    )
    update = services.progress_update_create(
        actor=focal,
        recommendation=recommendation,
        values={
            "text": text,
            "assessed_status": TRACKER_STATUS.get(status, "in_progress"),
            "action": action
            if action.recommendations.filter(pk=recommendation.pk).exists()
            else None,
        },
    )
    if state == "draft":
        return update
    services.progress_update_submit(actor=focal, update=update, version=update.version)
    if state == "returned":
        services.progress_update_return(
            actor=validator,
            update=update,
            version=update.version,
            reason="Joindre le texte adopté ou la circulaire d'application.",
        )
    elif state in {"validated", "published"}:
        services.progress_update_validate(actor=validator, update=update, version=update.version)
        if state == "published":
            services.progress_update_publish(
                actor=coordinator, update=update, version=update.version
            )
    return update
