"""Reads of the engagement app: scoped querysets and the calendar's entries."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from . import calendar
from .choices import DeadlineKind
from .models import (
    CalendarFeed,
    CommunicationFollowUp,
    ContributionRequest,
    CountryVisit,
    Event,
    IndividualCommunication,
    Questionnaire,
    QuestionnaireAnswer,
    ReportingCycle,
    ReportSection,
    SpecialProcedureCommunication,
    StateReport,
)
from .permissions import (
    can_view_contribution,
    can_view_engagement,
    is_institution_member,
    sees_all_confidential,
)


def _get_or_404(queryset: QuerySet, **lookup: Any) -> Any:
    try:
        return queryset.get(**lookup)
    except (queryset.model.DoesNotExist, ValueError) as error:
        raise Http404 from error


# --- Reporting cycles -----------------------------------------------------------------------


def cycle_list(*, user: Any, body: str = "", status: str = "") -> QuerySet[ReportingCycle]:
    """Every cycle for back-office roles (the calendar is not confidential); none otherwise."""
    queryset = ReportingCycle.objects.select_related(
        "body", "treaty", "previous", "previous__treaty", "previous__body"
    ).prefetch_related("institutions", "projects")
    if not can_view_engagement(user):
        return queryset.none()
    if body:
        queryset = queryset.filter(body__code=body)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("body__code", "created_at", "key")


def cycle_get(*, user: Any, uuid: Any) -> ReportingCycle:
    return _get_or_404(cycle_list(user=user), uuid=uuid)


# --- Individual communications --------------------------------------------------------------


def communication_list(*, user: Any, committee: str = "") -> QuerySet[IndividualCommunication]:
    """Coordinators and administrators: every communication; focal points and validators: those
    assigned to their institution; anyone else: none (STYLE: confidentiality by scoping)."""
    queryset = IndividualCommunication.objects.select_related("committee").prefetch_related(
        "institutions",
        Prefetch("follow_ups", queryset=CommunicationFollowUp.objects.order_by("round")),
    )
    if sees_all_confidential(user):
        pass
    elif is_institution_member(user):
        queryset = queryset.filter(institutions=user.institution_id).distinct()
    else:
        return queryset.none()
    if committee:
        queryset = queryset.filter(committee__code=committee)
    return queryset.order_by("-registered_on", "reference")


def communication_get(*, user: Any, uuid: Any) -> IndividualCommunication:
    return _get_or_404(communication_list(user=user), uuid=uuid)


def communication_deadlines(
    communication: IndividualCommunication,
) -> list[tuple[str, datetime.date, bool]]:
    """``(kind, date, estimated)`` of the communication's open deadlines."""
    deadlines: list[tuple[str, datetime.date, bool]] = []
    if not communication.observations_submitted_on and not communication.outcome:
        due = communication.observations_due
        deadlines.append(
            (
                DeadlineKind.OBSERVATIONS_DUE,
                due or calendar.communication_observations_due(communication.registered_on),
                due is None,
            )
        )
    follow_ups = list(communication.follow_ups.all())
    for follow_up in follow_ups:
        if follow_up.due_date and not follow_up.submitted_on:
            deadlines.append((DeadlineKind.COMMUNICATION_FOLLOW_UP_DUE, follow_up.due_date, False))
    if communication.views_date and communication.outcome == "violation" and not follow_ups:
        deadlines.append(
            (
                DeadlineKind.COMMUNICATION_FOLLOW_UP_DUE,
                calendar.communication_follow_up_due(communication.views_date),
                True,
            )
        )
    return deadlines


# --- Calendar -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarEntry:
    """One dated item of the calendar (an official or estimated deadline, an event)."""

    uid: str
    date: datetime.date
    kind: str
    title: str
    body: str
    estimated: bool
    url: str
    detail: str = ""

    @property
    def kind_label(self) -> str:
        return str(DeadlineKind(self.kind).label)


def _cycle_entries(user: Any, body: str) -> Iterator[CalendarEntry]:
    for cycle in cycle_list(user=user, body=body):
        for step in calendar.cycle_milestones(cycle):
            yield CalendarEntry(
                uid=f"cycle-{cycle.uuid}-{step.kind}",
                date=step.date,
                kind=step.kind,
                title=str(cycle),
                body=cycle.body.code,
                estimated=step.estimated,
                url=cycle.get_absolute_url(),
                detail=cycle.outcome_symbol or cycle.report_symbol or cycle.loipr_symbol,
            )


def _communication_entries(user: Any, body: str) -> Iterator[CalendarEntry]:
    for communication in communication_list(user=user, committee=body):
        for kind, date, estimated in communication_deadlines(communication):
            yield CalendarEntry(
                uid=f"communication-{communication.uuid}-{kind}-{date.isoformat()}",
                date=date,
                kind=kind,
                title=str(communication),
                body=communication.committee.code,
                estimated=estimated,
                url=communication.get_absolute_url(),
            )


CalendarProvider = Callable[[Any, str], Iterable[CalendarEntry]]
CALENDAR_PROVIDERS: list[CalendarProvider] = [_cycle_entries, _communication_entries]


def calendar_entries(
    *,
    user: Any,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    body: str = "",
    kinds: Iterable[str] = (),
    include_estimated: bool = True,
) -> list[CalendarEntry]:
    """Everything dated the user may see, between ``start`` and ``end`` (inclusive), sorted."""
    wanted = set(kinds)
    entries = [
        entry
        for provider in CALENDAR_PROVIDERS
        for entry in provider(user, body)
        if (start is None or entry.date >= start)
        and (end is None or entry.date <= end)
        and (not wanted or entry.kind in wanted)
        and (include_estimated or not entry.estimated)
    ]
    return sorted(entries, key=lambda entry: (entry.date, entry.body, entry.title))


def calendar_feed_user(*, token: str) -> Any:
    """The active back-office user whose feed ``token`` is, else 404."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not can_view_engagement(feed.user):
        raise Http404
    return feed.user


def calendar_feed_get(*, user: Any) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user).first()


# --- Special procedures ---------------------------------------------------------------------


def sp_communication_list(*, user: Any) -> QuerySet[SpecialProcedureCommunication]:
    """Scoped like individual communications: coordinators all, institutions theirs."""
    queryset = SpecialProcedureCommunication.objects.select_related(
        "reply_document"
    ).prefetch_related("mandates", "institutions")
    if sees_all_confidential(user):
        return queryset
    if is_institution_member(user):
        return queryset.filter(institutions=user.institution_id).distinct()
    return queryset.none()


def sp_communication_get(*, user: Any, uuid: Any) -> SpecialProcedureCommunication:
    return _get_or_404(sp_communication_list(user=user), uuid=uuid)


def sp_reply_due(communication: SpecialProcedureCommunication) -> tuple[datetime.date, bool]:
    if communication.reply_due:
        return communication.reply_due, False
    return communication.sent_on + datetime.timedelta(days=calendar.SP_REPLY_DAYS), True


def visit_list(*, user: Any) -> QuerySet[CountryVisit]:
    queryset = CountryVisit.objects.select_related("mandate").prefetch_related(
        "institutions", "projects"
    )
    return queryset if can_view_engagement(user) else queryset.none()


def visit_get(*, user: Any, uuid: Any) -> CountryVisit:
    return _get_or_404(visit_list(user=user), uuid=uuid)


def visit_recommendations(*, user: Any, visit: CountryVisit) -> QuerySet:
    """The recommendations imported from the visit's report (found by its symbol), as the
    user's recommendation scope allows."""
    from tatabbu.recommendations.selectors import recommendation_list

    if not visit.report_symbol:
        return recommendation_list(user=user, filters={}).none()
    return recommendation_list(user=user, filters={}).filter(document__symbol=visit.report_symbol)


def questionnaire_list(*, user: Any) -> QuerySet[Questionnaire]:
    """Coordinators: all; focal points and validators: those asking their institution."""
    queryset = Questionnaire.objects.select_related("mechanism")
    if sees_all_confidential(user):
        return queryset
    if is_institution_member(user):
        return queryset.filter(answers__institution=user.institution_id).distinct()
    return queryset.none()


def questionnaire_get(*, user: Any, uuid: Any) -> Questionnaire:
    return _get_or_404(questionnaire_list(user=user), uuid=uuid)


def questionnaire_answers(*, user: Any, questionnaire: Questionnaire) -> QuerySet:
    """Coordinators see every institution's answer; an institution only its own."""
    queryset = questionnaire.answers.select_related("institution", "author")
    if sees_all_confidential(user):
        return queryset
    return queryset.filter(institution=user.institution_id)


def questionnaire_answer_list(*, user: Any) -> QuerySet[QuestionnaireAnswer]:
    """Coordinators: every answer; an institution: its own answers."""
    queryset = QuestionnaireAnswer.objects.select_related("questionnaire", "institution")
    if sees_all_confidential(user):
        return queryset
    if is_institution_member(user):
        return queryset.filter(institution=user.institution_id)
    return queryset.none()


def questionnaire_answer_get(*, user: Any, pk: Any) -> QuestionnaireAnswer:
    queryset = QuestionnaireAnswer.objects.select_related("questionnaire", "institution")
    answer = _get_or_404(queryset, pk=pk)
    if not can_view_contribution(user, answer):
        raise Http404
    return answer


def event_list(*, user: Any, kind: str = "", year: int | None = None) -> QuerySet[Event]:
    queryset = Event.objects.select_related("parent").prefetch_related("projects")
    if not can_view_engagement(user):
        return queryset.none()
    if kind:
        queryset = queryset.filter(kind=kind)
    if year:
        queryset = queryset.filter(start_date__year=year)
    return queryset.order_by("start_date", "key")


def event_get(*, user: Any, uuid: Any) -> Event:
    return _get_or_404(
        event_list(user=user).prefetch_related(
            "participants__institution", "reporting_cycles__body", "recommendations", "side_events"
        ),
        uuid=uuid,
    )


def _sp_entries(user: Any, body: str) -> Iterator[CalendarEntry]:
    if body:
        return
    for item in sp_communication_list(user=user).filter(replied_on=None):
        date, estimated = sp_reply_due(item)
        yield CalendarEntry(
            uid=f"sp-{item.uuid}",
            date=date,
            kind=DeadlineKind.REPLY_DUE,
            title=item.reference,
            body=item.kind,
            estimated=estimated,
            url=item.get_absolute_url(),
        )
    for questionnaire in questionnaire_list(user=user).exclude(status="sent"):
        yield CalendarEntry(
            uid=f"questionnaire-{questionnaire.uuid}",
            date=questionnaire.due_date,
            kind=DeadlineKind.QUESTIONNAIRE_DUE,
            title=questionnaire.title,
            body=questionnaire.mechanism.code,
            estimated=False,
            url=questionnaire.get_absolute_url(),
        )


def _event_entries(user: Any, body: str) -> Iterator[CalendarEntry]:
    if body:
        return
    for event in event_list(user=user):
        yield CalendarEntry(
            uid=f"event-{event.uuid}",
            date=event.start_date,
            kind=DeadlineKind.EVENT,
            title=str(event),
            body=event.get_kind_display(),
            estimated=not event.dates_confirmed,
            url=event.get_absolute_url(),
            detail=event.location,
        )


# --- Report factory -------------------------------------------------------------------------


def report_list(*, user: Any) -> QuerySet[StateReport]:
    """Coordinators: every draft; an institution: the reports it was asked to contribute to."""
    queryset = StateReport.objects.select_related("cycle", "cycle__body")
    if sees_all_confidential(user):
        return queryset
    if is_institution_member(user):
        return queryset.filter(
            sections__contribution_requests__institution=user.institution_id
        ).distinct()
    return queryset.none()


def report_get(*, user: Any, uuid: Any) -> StateReport:
    return _get_or_404(report_list(user=user), uuid=uuid)


def section_list(*, user: Any, report: StateReport) -> QuerySet[ReportSection]:
    queryset = report.sections.prefetch_related("contribution_requests__institution")
    if sees_all_confidential(user):
        return queryset
    return queryset.filter(contribution_requests__institution=user.institution_id).distinct()


def section_get(*, user: Any, pk: Any) -> ReportSection:
    queryset = ReportSection.objects.select_related("report", "report__cycle")
    section = _get_or_404(queryset, pk=pk)
    if not section_list(user=user, report=section.report).filter(pk=section.pk).exists():
        raise Http404
    return section


def section_requests(*, user: Any, section: ReportSection) -> QuerySet[ContributionRequest]:
    queryset = section.contribution_requests.select_related("institution", "author")
    if sees_all_confidential(user):
        return queryset.prefetch_related("evidence")
    return queryset.filter(institution=user.institution_id).prefetch_related("evidence")


def contribution_list(*, user: Any) -> QuerySet[ContributionRequest]:
    queryset = ContributionRequest.objects.select_related(
        "section", "section__report", "institution"
    )
    if sees_all_confidential(user):
        return queryset
    if is_institution_member(user):
        return queryset.filter(institution=user.institution_id)
    return queryset.none()


def contribution_get(*, user: Any, pk: Any) -> ContributionRequest:
    return _get_or_404(contribution_list(user=user).prefetch_related("evidence"), pk=pk)


def _contribution_entries(user: Any, body: str) -> Iterator[CalendarEntry]:
    if body:
        return
    for item in contribution_list(user=user).exclude(status__in=["validated", "published"]):
        yield CalendarEntry(
            uid=f"contribution-{item.pk}",
            date=item.deadline,
            kind=DeadlineKind.CONTRIBUTION_DUE,
            title=f"{item.section.report} — {item.section}",
            body=str(item.institution),
            estimated=False,
            url=item.get_absolute_url(),
        )


CALENDAR_PROVIDERS.extend([_sp_entries, _event_entries, _contribution_entries])
