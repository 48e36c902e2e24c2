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
from django.db import models
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
    ContributionRequest,
    CountryVisit,
    Event,
    IndividualCommunication,
    Participant,
    Questionnaire,
    QuestionnaireAnswer,
    ReportingCycle,
    ReportSection,
    SectionVersion,
    SpecialProcedureCommunication,
    StateReport,
)
from .permissions import (
    can_edit_contribution,
    can_manage_engagement,
    can_take_contribution_step,
)

SP_REPLY_PURPOSE = "engagement.sp_reply"
EVIDENCE_PURPOSE = "engagement.contribution_evidence"

DATA_DIR = Path(__file__).resolve().parent / "data"

register_actions(
    {
        "reporting_cycle.create": _("Reporting cycle created"),
        "reporting_cycle.update": _("Reporting cycle changed"),
        "calendar_feed.reset": _("Calendar feed address created or replaced"),
        "communication.create": _("Individual communication registered"),
        "communication.update": _("Individual communication changed"),
        "communication.follow_up": _("Follow-up round of a communication recorded"),
        "sp_communication.create": _("Special-procedures communication registered"),
        "sp_communication.update": _("Special-procedures communication changed"),
        "sp_communication.reply_document": _("Reply document attached"),
        "visit.create": _("Country visit recorded"),
        "visit.update": _("Country visit changed"),
        "visit.import_report": _("Recommendations of a visit report imported"),
        "questionnaire.create": _("Questionnaire recorded and sent to institutions"),
        "questionnaire.consolidate": _("Questionnaire answer consolidated"),
        "questionnaire_answer.update": _("Answer to a questionnaire changed"),
        "questionnaire_answer.submit": _("Answer to a questionnaire submitted"),
        "questionnaire_answer.validate": _("Answer to a questionnaire validated"),
        "questionnaire_answer.return": _("Answer to a questionnaire returned"),
        "event.create": _("Event created"),
        "event.update": _("Event changed"),
        "event.participant_add": _("Participant added to an event"),
        "event.participant_remove": _("Participant removed from an event"),
        "state_report.create": _("State report started"),
        "state_report.submit": _("State report submitted for approval"),
        "state_report.approve": _("State report approved"),
        "report_section.create": _("Report section added"),
        "report_section.save_text": _("Section text saved (new version)"),
        "report_section.done": _("Section marked as done"),
        "report_section.reopen": _("Section reopened"),
        "contribution.request": _("Contribution requested from an institution"),
        "contribution.update": _("Contribution changed"),
        "contribution.attach": _("Evidence attached to a contribution"),
        "contribution.submit": _("Contribution submitted"),
        "contribution.validate": _("Contribution validated"),
        "contribution.return": _("Contribution returned"),
        "reminder.send": _("Deadline reminder sent"),
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


# --- Generic create / update of coordinator-managed records ---------------------------------


def _create(
    actor: Any, model: type, action: str, fields: dict[str, Any], relations: dict[str, Any]
) -> Any:
    _require(can_manage_engagement(actor))
    instance = model(**fields)
    instance.full_clean()
    instance.save()
    for name, values in relations.items():
        getattr(instance, name).set(list(values))
    record(
        actor=actor,
        action=action,
        target=instance,
        after=snapshot(instance, [*fields, *relations]),
    )
    return instance


def _update(
    actor: Any,
    instance: Any,
    version: int,
    action: str,
    fields: dict[str, Any],
    relations: dict[str, Any],
    allowed: Iterable[str],
) -> Any:
    _require(can_manage_engagement(actor))
    if set(fields) - set(allowed):
        raise ServiceError(_("Unknown fields."), code="unknown_fields")
    names = [*fields, *relations]
    before = snapshot(instance, names)
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.full_clean()
    bump_version(instance, expected_version=version, fields=list(fields))
    for name, values in relations.items():
        getattr(instance, name).set(list(values))
    record(
        actor=actor, action=action, target=instance, before=before, after=snapshot(instance, names)
    )
    return instance


def _relations(**values: Iterable[Any] | None) -> dict[str, Any]:
    return {name: value for name, value in values.items() if value is not None}


# --- Special-procedures communications ------------------------------------------------------

SP_COMMUNICATION_FIELDS = [
    "reference",
    "kind",
    "sent_on",
    "subject",
    "reply_due",
    "replied_on",
    "reply_summary",
]


def _check_mandates(mandates: Iterable[Any]) -> list[Any]:
    mandates = list(mandates)
    if not mandates or any(m.kind != "special_procedure" for m in mandates):
        raise ServiceError(_("Choose one or more special-procedure mandates."), code="mandates")
    return mandates


@service
def sp_communication_create(
    *, actor: Any, mandates: Iterable[Any], institutions: Iterable[Any] = (), **fields: Any
) -> SpecialProcedureCommunication:
    """Register a letter or appeal received from special procedures."""
    mandates = _check_mandates(mandates)
    if set(fields) - set(SP_COMMUNICATION_FIELDS):
        raise ServiceError(_("Unknown fields."), code="unknown_fields")
    return _create(
        actor,
        SpecialProcedureCommunication,
        "sp_communication.create",
        fields,
        {"mandates": mandates, "institutions": institutions},
    )


@service
def sp_communication_update(
    *,
    actor: Any,
    communication: SpecialProcedureCommunication,
    version: int,
    mandates: Iterable[Any] | None = None,
    institutions: Iterable[Any] | None = None,
    **fields: Any,
) -> SpecialProcedureCommunication:
    """Record the reply (date, summary) or reassign; version-checked."""
    if mandates is not None:
        mandates = _check_mandates(mandates)
    return _update(
        actor,
        communication,
        version,
        "sp_communication.update",
        fields,
        _relations(mandates=mandates, institutions=institutions),
        SP_COMMUNICATION_FIELDS,
    )


@service
def sp_communication_reply_attach(
    *,
    actor: Any,
    communication: SpecialProcedureCommunication,
    uploaded_file: Any,
    language: str = "",
) -> SpecialProcedureCommunication:
    """Store the State's reply (checked like every upload) and link it; refusals raise
    UploadRefused and store nothing."""
    from tatabbu.documents.services import document_store

    _require(can_manage_engagement(actor))
    document = document_store(
        actor=actor, uploaded_file=uploaded_file, purpose=SP_REPLY_PURPOSE, language=language
    )
    previous = communication.reply_document_id
    communication.reply_document = document
    communication.save(update_fields=["reply_document", "updated_at"])
    record(
        actor=actor,
        action="sp_communication.reply_document",
        target=communication,
        before={"reply_document": previous},
        after={"reply_document": document.pk},
    )
    return communication


# --- Country visits -------------------------------------------------------------------------

VISIT_FIELDS = [
    "status",
    "requested_on",
    "accepted_on",
    "start_date",
    "end_date",
    "programme",
    "statement_on",
    "statement",
    "report_symbol",
    "report_date",
    "notes",
]


@service
def visit_create(
    *,
    actor: Any,
    mandate: Any,
    institutions: Iterable[Any] = (),
    projects: Iterable[Any] = (),
    **fields: Any,
) -> CountryVisit:
    if mandate is None or mandate.kind != "special_procedure":
        raise ServiceError(_("Choose one or more special-procedure mandates."), code="mandates")
    if set(fields) - set(VISIT_FIELDS):
        raise ServiceError(_("Unknown fields."), code="unknown_fields")
    return _create(
        actor,
        CountryVisit,
        "visit.create",
        {"mandate": mandate, **fields},
        {"institutions": institutions, "projects": projects},
    )


@service
def visit_update(
    *,
    actor: Any,
    visit: CountryVisit,
    version: int,
    institutions: Iterable[Any] | None = None,
    **fields: Any,
) -> CountryVisit:
    return _update(
        actor,
        visit,
        version,
        "visit.update",
        fields,
        _relations(institutions=institutions),
        VISIT_FIELDS,
    )


@service
def visit_import_recorded(*, actor: Any, visit: CountryVisit, plan: Any) -> None:
    """Record on the visit that its report's recommendations were imported (the pipeline has
    audited each recommendation)."""
    _require(can_manage_engagement(actor))
    record(
        actor=actor,
        action="visit.import_report",
        target=visit,
        extra={"symbol": visit.report_symbol, "created": plan.created, "updated": plan.updated},
    )


# --- Questionnaires -------------------------------------------------------------------------

QUESTIONNAIRE_FIELDS = ["title", "received_on", "due_date", "questions"]


@service
def questionnaire_create(
    *, actor: Any, mechanism: Any, institutions: Iterable[Any], **fields: Any
) -> Questionnaire:
    """Record a questionnaire and ask each institution for its answer (a draft per
    institution, which its focal points fill in)."""
    institutions = list(institutions)
    if not institutions:
        raise ServiceError(_("Ask at least one institution."), code="institutions")
    if set(fields) - set(QUESTIONNAIRE_FIELDS):
        raise ServiceError(_("Unknown fields."), code="unknown_fields")
    questionnaire = _create(
        actor, Questionnaire, "questionnaire.create", {"mechanism": mechanism, **fields}, {}
    )
    QuestionnaireAnswer.objects.bulk_create(
        QuestionnaireAnswer(questionnaire=questionnaire, institution=institution)
        for institution in institutions
    )
    return questionnaire


@service
def questionnaire_answer_update(
    *, actor: Any, answer: QuestionnaireAnswer, version: int, text: str
) -> QuestionnaireAnswer:
    """Write an institution's answer (draft or returned); version-checked."""
    _require(can_edit_contribution(actor, answer))
    before = {"text": answer.text}
    answer.text = text
    answer.author = actor
    bump_version(answer, expected_version=version, fields=["text", "author"])
    record(
        actor=actor,
        action="questionnaire_answer.update",
        target=answer,
        institution=answer.institution_id,
        before=before,
        after={"text": text},
    )
    return answer


def _review_step(actor: Any, item: Any, step: str, reason: str, action_prefix: str) -> Any:
    from tatabbu.core.workflow import REVIEW_WORKFLOW

    _require(can_take_contribution_step(actor, item, step))
    transition = REVIEW_WORKFLOW.check(item.status, step)
    if step == "return" and not reason.strip():
        raise ServiceError(_("Say why it is returned."), code="reason")
    before = item.status
    item.status = transition.target
    item.return_reason = reason if step == "return" else ""
    fields = ["status", "return_reason"]
    if step == "submit" and item.author_id is None:
        item.author = actor
        fields.append("author")
    item.save(update_fields=[*fields, "updated_at"])
    record(
        actor=actor,
        action=f"{action_prefix}.{step}",
        target=item,
        institution=item.institution_id,
        before={"status": before},
        after={"status": item.status, "reason": reason},
    )
    return item


@service
def questionnaire_answer_transition(
    *, actor: Any, answer: QuestionnaireAnswer, step: str, reason: str = ""
) -> QuestionnaireAnswer:
    """submit (focal point), validate or return (validator of the institution, coordinator)."""
    return _review_step(actor, answer, step, reason, "questionnaire_answer")


@service
def questionnaire_consolidate(
    *,
    actor: Any,
    questionnaire: Questionnaire,
    version: int,
    consolidated_answer: str,
    status: str,
    sent_on: datetime.date | None = None,
) -> Questionnaire:
    """The coordinator's consolidated answer of the State (and when it was sent)."""
    return _update(
        actor,
        questionnaire,
        version,
        "questionnaire.consolidate",
        {"consolidated_answer": consolidated_answer, "status": status, "sent_on": sent_on},
        {},
        ["consolidated_answer", "status", "sent_on"],
    )


# --- Events ---------------------------------------------------------------------------------

EVENT_FIELDS = [
    "key",
    "kind",
    "title_ar",
    "title_fr",
    "title_en",
    "hrc_session",
    "parent",
    "start_date",
    "end_date",
    "dates_confirmed",
    "location",
    "description",
    "source",
]


@service
def event_create(
    *,
    actor: Any,
    projects: Iterable[Any] = (),
    reporting_cycles: Iterable[Any] = (),
    recommendations: Iterable[Any] = (),
    **fields: Any,
) -> Event:
    if set(fields) - set(EVENT_FIELDS):
        raise ServiceError(_("Unknown fields."), code="unknown_fields")
    return _create(
        actor,
        Event,
        "event.create",
        fields,
        {
            "projects": projects,
            "reporting_cycles": reporting_cycles,
            "recommendations": recommendations,
        },
    )


@service
def event_update(
    *,
    actor: Any,
    event: Event,
    version: int,
    projects: Iterable[Any] | None = None,
    reporting_cycles: Iterable[Any] | None = None,
    recommendations: Iterable[Any] | None = None,
    **fields: Any,
) -> Event:
    return _update(
        actor,
        event,
        version,
        "event.update",
        fields,
        _relations(
            projects=projects, reporting_cycles=reporting_cycles, recommendations=recommendations
        ),
        EVENT_FIELDS,
    )


@service
def participant_add(
    *,
    actor: Any,
    event: Event,
    name: str,
    function: str = "",
    institution: Any = None,
    in_delegation: bool = True,
) -> Participant:
    _require(can_manage_engagement(actor))
    participant = Participant(
        event=event,
        name=name,
        function=function,
        institution=institution,
        in_delegation=in_delegation,
    )
    participant.full_clean()
    participant.save()
    record(
        actor=actor,
        action="event.participant_add",
        target=event,
        after=snapshot(participant, ["name", "function", "institution", "in_delegation"]),
    )
    return participant


@service
def participant_remove(*, actor: Any, participant: Participant) -> None:
    _require(can_manage_engagement(actor))
    before = snapshot(participant, ["name", "function", "institution", "in_delegation"])
    event = participant.event
    participant.delete()
    record(actor=actor, action="event.participant_remove", target=event, before=before)


# --- Report factory -------------------------------------------------------------------------


@service
def state_report_create(
    *, actor: Any, cycle: ReportingCycle, title: str, language: str = "fr", symbol: str = ""
) -> StateReport:
    """Start drafting the State's report for ``cycle``."""
    return _create(
        actor,
        StateReport,
        "state_report.create",
        {"cycle": cycle, "title": title, "language": language, "symbol": symbol},
        {},
    )


def _check_drafting(report: StateReport) -> None:
    from .choices import DraftStatus

    if report.status != DraftStatus.DRAFTING:
        raise ServiceError(_("The report is no longer being drafted."), code="not_drafting")


@service
def section_create(
    *,
    actor: Any,
    report: StateReport,
    heading: str,
    articles: str = "",
    loi_questions: str = "",
    co_paragraphs: str = "",
    recommendations: Iterable[Any] = (),
) -> ReportSection:
    """Add a section mapped to treaty articles, list-of-issues questions and concluding-
    observation paragraphs (and recommendations)."""
    _require(can_manage_engagement(actor))
    _check_drafting(report)
    position = report.sections.count() + 1
    return _create(
        actor,
        ReportSection,
        "report_section.create",
        {
            "report": report,
            "position": position,
            "heading": heading,
            "articles": articles,
            "loi_questions": loi_questions,
            "co_paragraphs": co_paragraphs,
        },
        {"recommendations": recommendations},
    )


@service
def section_save_text(
    *, actor: Any, section: ReportSection, version: int, text: str, note: str = ""
) -> SectionVersion:
    """Save the consolidated text as a new numbered version (the previous ones stay for the
    diff); refused when the section changed meanwhile or is done."""
    from .choices import SectionStatus

    _require(can_manage_engagement(actor))
    _check_drafting(section.report)
    if section.status == SectionStatus.DONE:
        raise ServiceError(_("Reopen the section to change its text."), code="section_done")
    before = section.text
    section.text = text
    bump_version(section, expected_version=version, fields=["text"])
    number = (section.versions.aggregate(models.Max("number"))["number__max"] or 0) + 1
    saved = SectionVersion.objects.create(
        section=section, number=number, text=text, note=note, author=actor
    )
    record(
        actor=actor,
        action="report_section.save_text",
        target=section,
        before={"text": before},
        after={"text": text, "number": number, "note": note},
    )
    return saved


@service
def section_set_done(*, actor: Any, section: ReportSection, done: bool) -> ReportSection:
    from .choices import SectionStatus

    _require(can_manage_engagement(actor))
    _check_drafting(section.report)
    target = SectionStatus.DONE if done else SectionStatus.OPEN
    if section.status == target:
        raise ServiceError(_("Nothing to change."), code="unchanged")
    if done and not section.text.strip():
        raise ServiceError(_("A section without text cannot be done."), code="empty")
    section.status = target
    section.save(update_fields=["status", "updated_at"])
    record(
        actor=actor,
        action="report_section.done" if done else "report_section.reopen",
        target=section,
        after={"status": target},
    )
    return section


@service
def state_report_submit(*, actor: Any, report: StateReport) -> StateReport:
    """Ask for approval: every section must be done."""
    from .choices import DraftStatus, SectionStatus

    _require(can_manage_engagement(actor))
    _check_drafting(report)
    open_sections = report.sections.exclude(status=SectionStatus.DONE)
    if not report.sections.exists() or open_sections.exists():
        raise ServiceError(_("Every section must be done first."), code="sections_open")
    report.status = DraftStatus.AWAITING_APPROVAL
    report.submitted_by = actor
    report.save(update_fields=["status", "submitted_by", "updated_at"])
    record(actor=actor, action="state_report.submit", target=report)
    return report


@service
def state_report_approve(*, actor: Any, report: StateReport) -> StateReport:
    """Approve a report awaiting approval: a coordinator or an administrator other than the
    person who submitted it (four eyes)."""
    from django.utils import timezone

    from .choices import DraftStatus

    _require(can_manage_engagement(actor))
    if report.status != DraftStatus.AWAITING_APPROVAL:
        raise ServiceError(_("The report is not awaiting approval."), code="not_submitted")
    if report.submitted_by_id == actor.pk:
        raise ServiceError(
            _("The report must be approved by someone other than the person who submitted it."),
            code="four_eyes",
        )
    report.status = DraftStatus.APPROVED
    report.approved_by = actor
    report.approved_at = timezone.now()
    report.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    record(actor=actor, action="state_report.approve", target=report)
    return report


@service
def contribution_request_create(
    *,
    actor: Any,
    section: ReportSection,
    institutions: Iterable[Any],
    deadline: datetime.date,
    instructions: str = "",
) -> list[ContributionRequest]:
    """Ask each institution for its contribution to ``section`` by ``deadline``."""
    _require(can_manage_engagement(actor))
    _check_drafting(section.report)
    institutions = list(institutions)
    if not institutions:
        raise ServiceError(_("Ask at least one institution."), code="institutions")
    existing = set(
        section.contribution_requests.filter(institution__in=institutions).values_list(
            "institution__slug", flat=True
        )
    )
    if existing:
        raise ServiceError(
            _("Already asked: %(names)s.") % {"names": ", ".join(sorted(existing))},
            code="duplicate",
        )
    created = []
    for institution in institutions:
        item = ContributionRequest(
            section=section,
            institution=institution,
            deadline=deadline,
            instructions=instructions,
            requested_by=actor,
        )
        item.full_clean()
        item.save()
        record(
            actor=actor,
            action="contribution.request",
            target=item,
            institution=institution,
            after={"deadline": deadline, "instructions": instructions},
        )
        created.append(item)
    return created


@service
def contribution_update(
    *, actor: Any, contribution: ContributionRequest, version: int, text: str
) -> ContributionRequest:
    """Write an institution's contribution (draft or returned); version-checked."""
    _require(can_edit_contribution(actor, contribution))
    before = {"text": contribution.text}
    contribution.text = text
    contribution.author = actor
    bump_version(contribution, expected_version=version, fields=["text", "author"])
    record(
        actor=actor,
        action="contribution.update",
        target=contribution,
        institution=contribution.institution_id,
        before=before,
        after={"text": text},
    )
    return contribution


@service
def contribution_attach(
    *, actor: Any, contribution: ContributionRequest, uploaded_file: Any, language: str = ""
) -> Any:
    """Attach evidence (checked like every upload) to an editable contribution."""
    from tatabbu.documents.services import document_store

    _require(can_edit_contribution(actor, contribution))
    document = document_store(
        actor=actor,
        uploaded_file=uploaded_file,
        purpose=EVIDENCE_PURPOSE,
        institution=contribution.institution,
        language=language,
    )
    contribution.evidence.add(document)
    record(
        actor=actor,
        action="contribution.attach",
        target=contribution,
        institution=contribution.institution_id,
        after={"document": document.pk, "name": document.original_name},
    )
    return document


@service
def contribution_transition(
    *, actor: Any, contribution: ContributionRequest, step: str, reason: str = ""
) -> ContributionRequest:
    """submit (the institution), validate or return (its validator, or a coordinator)."""
    if step == "submit" and not contribution.text.strip():
        raise ServiceError(_("Write the contribution before submitting it."), code="empty")
    return _review_step(actor, contribution, step, reason, "contribution")


@service
def section_pull_tracked_data(
    *, actor: Any, section: ReportSection, version: int
) -> SectionVersion:
    """Append the tracked data (recommendations, plan projects' validated updates) to the
    section's text as a new version the coordinator then edits."""
    from django.utils import translation

    from .tracked import section_tracked_text

    with translation.override(section.report.language):
        tracked = section_tracked_text(section)
    if not tracked:
        raise ServiceError(_("The section has no tracked data to pull."), code="nothing")
    text = f"{section.text.rstrip()}\n\n{tracked}" if section.text.strip() else tracked
    return section_save_text(
        actor=actor, section=section, version=version, text=text, note=str(_("Tracked data"))
    )


# --- Reminders ------------------------------------------------------------------------------


@service
def engagement_reminders_send(
    *, actor: Any = None, today: datetime.date, base_url: str = ""
) -> Counter[str]:
    """E-mail the reminders due ``today`` (see reminders.py); idempotent."""
    from django.core.mail import send_mail
    from django.db import transaction
    from django.utils import translation
    from django.utils.translation import gettext

    from tatabbu.audit.trail import PendingEvent, record_many

    from .choices import DeadlineKind
    from .models import Reminder
    from .reminders import open_deadlines, recipients, stage

    outcome: Counter[str] = Counter()
    events: list[PendingEvent] = []
    messages: list[tuple[str, str, str]] = []
    for deadline in open_deadlines(today):
        current = stage(deadline.date, today)
        if current is None:
            continue
        for user in recipients(deadline.institution_ids):
            with translation.override(user.preferred_language):
                subject = gettext("Reminder: %(kind)s on %(date)s — %(title)s") % {
                    "kind": DeadlineKind(deadline.kind).label,
                    "date": deadline.date.isoformat(),
                    "title": deadline.title,
                }
                body = "\n\n".join(
                    [
                        subject,
                        gettext("Open it in Tatabbu: %(url)s")
                        % {"url": f"{base_url}{deadline.url}"},
                    ]
                )
            _reminder, created = Reminder.objects.get_or_create(
                key=deadline.key,
                stage=current,
                recipient=user,
                defaults={"due_date": deadline.date, "sent_on": today, "subject": subject[:300]},
            )
            if not created:
                outcome["already_sent"] += 1
                continue
            outcome["sent"] += 1
            messages.append((subject, body, user.email))
            events.append(
                PendingEvent(
                    action="reminder.send",
                    target=_reminder,
                    institution_id=user.institution_id,
                    extra={"item": deadline.key, "stage": current, "to": user.username},
                )
            )
    if events:
        record_many(actor=actor, events=events)
    for subject, body, address in messages:
        transaction.on_commit(
            lambda s=subject, b=body, a=address: send_mail(s, b, None, [a], fail_silently=True)
        )
    return outcome
