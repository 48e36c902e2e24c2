"""A small follow-up world for tests: recommendations assigned to ministry A (focal.a,
validator.a), to ministry B (focal.b, validator.b), one led by B with A contributing, and one
not assigned; an action and updates of A in several workflow states."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from tatabbu.core.workflow import ReviewStatus
from tatabbu.followup import services
from tatabbu.followup.models import Action, ProgressUpdate
from tatabbu.recommendations.models import Recommendation
from tatabbu.recommendations.tests.factories import RecommendationFactory


@dataclass
class Scenario:
    users: dict[str, Any]
    institution_a: Any
    institution_b: Any
    rec_a: Recommendation
    rec_b: Recommendation
    rec_shared: Recommendation
    rec_unassigned: Recommendation
    action_a: Action
    action_b: Action
    draft_a: ProgressUpdate
    submitted_a: ProgressUpdate
    draft_b: ProgressUpdate
    submitted_b: ProgressUpdate


def build_scenario(personas: dict[str, Any]) -> Scenario:
    coordinator = personas["coordinator"]
    focal_a, focal_b = personas["focal.a"], personas["focal.b"]
    institution_a, institution_b = focal_a.institution, focal_b.institution
    rec_a, rec_b, rec_shared, rec_unassigned = (
        RecommendationFactory(text_fr=f"Recommandation de suivi {name}")
        for name in ("A", "B", "partagée", "libre")
    )
    deadline = datetime.date(2026, 12, 31)
    services.assignment_set(
        actor=coordinator, recommendation=rec_a, lead_institution=institution_a, deadline=deadline
    )
    services.assignment_set(
        actor=coordinator, recommendation=rec_b, lead_institution=institution_b, deadline=deadline
    )
    services.assignment_set(
        actor=coordinator,
        recommendation=rec_shared,
        lead_institution=institution_b,
        contributing_institutions=[institution_a],
        deadline=deadline,
    )
    action_a = services.action_create(
        actor=focal_a,
        recommendations=[rec_a],
        values={"description_fr": "Projet de loi sur l'aide juridictionnelle", "status": "planned"},
    )
    action_b = services.action_create(
        actor=focal_b,
        recommendations=[rec_b],
        values={"description_ar": "برنامج دعم الأسر", "status": "in_progress"},
    )
    draft_a = services.progress_update_create(
        actor=focal_a, recommendation=rec_a, values={"text": "Brouillon A"}
    )
    submitted_a = services.progress_update_create(
        actor=focal_a, recommendation=rec_a, values={"text": "Soumis A"}
    )
    services.progress_update_submit(actor=focal_a, update=submitted_a, version=1)
    draft_b = services.progress_update_create(
        actor=focal_b, recommendation=rec_b, values={"text": "Brouillon B"}
    )
    submitted_b = services.progress_update_create(
        actor=focal_b, recommendation=rec_b, values={"text": "Soumis B"}
    )
    services.progress_update_submit(actor=focal_b, update=submitted_b, version=1)
    for update in (submitted_a, submitted_b):
        update.refresh_from_db()
        assert update.status == ReviewStatus.SUBMITTED
    return Scenario(
        users=personas,
        institution_a=institution_a,
        institution_b=institution_b,
        rec_a=rec_a,
        rec_b=rec_b,
        rec_shared=rec_shared,
        rec_unassigned=rec_unassigned,
        action_a=action_a,
        action_b=action_b,
        draft_a=draft_a,
        submitted_a=submitted_a,
        draft_b=draft_b,
        submitted_b=submitted_b,
    )
