"""Writes of the engagement app. Every one is audited; refusals raise ServiceError (or
PermissionDenied) and change nothing."""

from __future__ import annotations

import datetime
import json
import secrets
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from tatabbu.audit.registry import register_actions
from tatabbu.audit.trail import record, service, snapshot
from tatabbu.audit.upsert import audited_upsert
from tatabbu.core.concurrency import bump_version
from tatabbu.core.exceptions import ServiceError

from .models import (
    COMMUNICATION_COMMITTEES,
    CalendarFeed,
    CommunicationFollowUp,
    IndividualCommunication,
    ReportingCycle,
)
from .permissions import can_manage_engagement

DATA_DIR = Path(__file__).resolve().parent / "data"

register_actions(
    {
        "reporting_cycle.create": _("Reporting cycle created"),
        "reporting_cycle.update": _("Reporting cycle changed"),
        "calendar_feed.reset": _("Calendar feed address created or replaced"),
        "communication.create": _("Individual communication registered"),
        "communication.update": _("Individual communication changed"),
        "communication.follow_up": _("Follow-up round of a communication recorded"),
    }
)

CYCLE_FIELDS = [
    "number",
    "report_type",
    "procedure",
    "predictable_cycle",
    "status",
    "loipr_symbol",
    "loipr_date",
    "due_date",
    "report_symbol",
    "submitted_on",
    "dialogue_start",
    "dialogue_end",
    "outcome_symbol",
    "outcome_adopted_on",
    "outcome_issued_on",
    "follow_up_paragraphs",
    "follow_up_months",
    "follow_up_due",
    "follow_up_submitted_on",
    "follow_up_grade",
    "mid_term_submitted_on",
    "head_of_delegation",
    "notes",
    "source",
]
CYCLE_DATE_FIELDS = {name for name in CYCLE_FIELDS if name.endswith(("_date", "_on", "_due"))} | {
    "dialogue_start",
    "dialogue_end",
}
COMMUNICATION_FIELDS = [
    "reference",
    "author",
    "registered_on",
    "subject",
    "articles",
    "observations_due",
    "observations_submitted_on",
    "interim_measures",
    "interim_measures_detail",
    "admissibility",
    "outcome",
    "views_symbol",
    "views_date",
    "remedy",
    "status",
]
FOLLOW_UP_FIELDS = ["due_date", "submitted_on", "summary", "grade", "assessment"]


def _require(check: bool) -> None:
    if not check:
        raise PermissionDenied


# --- Reporting cycles -----------------------------------------------------------------------


def _cycle_values(row: dict[str, Any], bodies: dict[str, Any], treaties: dict[str, Any]) -> dict:
    values: dict[str, Any] = {}
    for name in CYCLE_FIELDS:
        value = row.get(name)
        if name in CYCLE_DATE_FIELDS:
            value = datetime.date.fromisoformat(value) if value else None
        elif name == "predictable_cycle":
            value = bool(value)
        elif name == "follow_up_months":
            value = value or None
        elif value is None:
            value = ""
        values[name] = value
    values["body"] = bodies[row["body"]]
    values["treaty"] = treaties[row["treaty"]] if row.get("treaty") else None
    return values


@service
def reporting_cycles_load_reference(
    *, actor: Any = None, path: Path = DATA_DIR / "reporting_cycles.json"
) -> Counter[str]:
    """Create or update the State's reporting cycles from the shipped file (idempotent); links
    cycles to the 2026 plan's projects when that plan is loaded."""
    from tatabbu.mechanisms.models import Mechanism, Treaty

    rows = json.loads(path.read_text(encoding="utf-8"))
    bodies = {mechanism.code: mechanism for mechanism in Mechanism.objects.all()}
    treaties = {treaty.code: treaty for treaty in Treaty.objects.all()}
    outcomes: Counter[str] = Counter()
    cycles: dict[str, ReportingCycle] = {}
    for row in rows:
        values = _cycle_values(row, bodies, treaties)
        values["previous"] = cycles.get(row.get("previous", ""))
        cycle, outcome = audited_upsert(
            actor=actor,
            model=ReportingCycle,
            lookup={"key": row["key"]},
            values=values,
            action_created="reporting_cycle.create",
            action_updated="reporting_cycle.update",
        )
        cycles[row["key"]] = cycle
        outcomes[f"cycle_{outcome}"] += 1
    _link_plan_projects(actor, rows, cycles)
    return outcomes


def _link_plan_projects(actor: Any, rows: list[dict], cycles: dict[str, ReportingCycle]) -> None:
    from tatabbu.actionplan.models import Project

    for row in rows:
        numbers = row.get("projects") or []
        if not numbers:
            continue
        cycle = cycles[row["key"]]
        wanted = set(
            Project.objects.filter(plan__slug="didh-2026", number__in=numbers).values_list(
                "pk", flat=True
            )
        )
        current = set(cycle.projects.values_list("pk", flat=True))
        if wanted and wanted != current:
            cycle.projects.set(wanted)
            record(
                actor=actor,
                action="reporting_cycle.update",
                target=cycle,
                before={"projects": sorted(current)},
                after={"projects": sorted(wanted)},
            )


@service
def reporting_cycle_update(
    *,
    actor: Any,
    cycle: ReportingCycle,
    version: int,
    institutions: Iterable[Any] | None = None,
    **fields: Any,
) -> ReportingCycle:
    """Record the facts of a cycle as they become known (due date, submission, dialogue,
    concluding observations, follow-up); version-checked."""
    _require(can_manage_engagement(actor))
    unknown = set(fields) - set(CYCLE_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown fields."), code="unknown_fields")
    before = snapshot(cycle, [*fields, "institutions"])
    for name, value in fields.items():
        setattr(cycle, name, value)
    cycle.full_clean()
    bump_version(cycle, expected_version=version, fields=list(fields))
    if institutions is not None:
        cycle.institutions.set(list(institutions))
    after = snapshot(cycle, [*fields, "institutions"])
    record(actor=actor, action="reporting_cycle.update", target=cycle, before=before, after=after)
    return cycle


# --- Calendar feed --------------------------------------------------------------------------


@service
def calendar_feed_reset(*, actor: Any) -> CalendarFeed:
    """Give ``actor`` a new secret feed address (the previous one stops working)."""
    token = secrets.token_urlsafe(32)
    feed, created = CalendarFeed.objects.update_or_create(user=actor, defaults={"token": token})
    record(actor=actor, action="calendar_feed.reset", target=feed, extra={"created": created})
    return feed


# --- Individual communications --------------------------------------------------------------


def _check_committee(committee: Any) -> None:
    if committee is None or committee.code not in COMMUNICATION_COMMITTEES:
        raise ServiceError(
            _(
                "Individual communications are handled by CCPR, CAT, CEDAW, CRC, CRPD, CERD, CED "
                "and CESCR only."
            ),
            code="committee",
        )


@service
def communication_create(
    *, actor: Any, committee: Any, institutions: Iterable[Any] = (), **fields: Any
) -> IndividualCommunication:
    """Register a communication transmitted to the State and assign it to institutions."""
    _require(can_manage_engagement(actor))
    _check_committee(committee)
    unknown = set(fields) - set(COMMUNICATION_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown fields."), code="unknown_fields")
    if IndividualCommunication.objects.filter(
        committee=committee, reference=fields.get("reference", "")
    ).exists():
        raise ServiceError(
            _("This committee already has a communication with this reference."),
            code="duplicate",
        )
    communication = IndividualCommunication(committee=committee, **fields)
    communication.full_clean()
    communication.save()
    communication.institutions.set(list(institutions))
    record(
        actor=actor,
        action="communication.create",
        target=communication,
        after=snapshot(communication, ["committee", *fields, "institutions"]),
    )
    return communication


@service
def communication_update(
    *,
    actor: Any,
    communication: IndividualCommunication,
    version: int,
    institutions: Iterable[Any] | None = None,
    **fields: Any,
) -> IndividualCommunication:
    """Record the procedure's steps (observations, interim measures, admissibility, Views,
    remedy) or reassign; version-checked."""
    _require(can_manage_engagement(actor))
    unknown = set(fields) - set(COMMUNICATION_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown fields."), code="unknown_fields")
    names = [*fields, "institutions"]
    before = snapshot(communication, names)
    for name, value in fields.items():
        setattr(communication, name, value)
    communication.full_clean()
    bump_version(communication, expected_version=version, fields=list(fields))
    if institutions is not None:
        communication.institutions.set(list(institutions))
    record(
        actor=actor,
        action="communication.update",
        target=communication,
        before=before,
        after=snapshot(communication, names),
    )
    return communication


@service
def communication_follow_up_record(
    *, actor: Any, communication: IndividualCommunication, round: int, **fields: Any
) -> CommunicationFollowUp:
    """Create or complete follow-up round ``round`` (the State's reply, the grade)."""
    _require(can_manage_engagement(actor))
    unknown = set(fields) - set(FOLLOW_UP_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown fields."), code="unknown_fields")
    if round < 1:
        raise ServiceError(_("Rounds are numbered from 1."), code="round")
    follow_up, created = CommunicationFollowUp.objects.get_or_create(
        communication=communication, round=round
    )
    before = None if created else snapshot(follow_up, FOLLOW_UP_FIELDS)
    for name, value in fields.items():
        setattr(follow_up, name, value)
    follow_up.full_clean()
    follow_up.save()
    record(
        actor=actor,
        action="communication.follow_up",
        target=communication,
        before=before,
        after={"round": round, **snapshot(follow_up, FOLLOW_UP_FIELDS)},
    )
    return follow_up
