"""Objects the URL permission sweep (tests/url_policy.py) opens: a communication assigned to
ministry A, a reporting cycle, the coordinator's calendar feed. Created on first use."""

from __future__ import annotations

from typing import Any

from ..models import CalendarFeed, IndividualCommunication, ReportingCycle


def policy_communication(context: Any) -> IndividualCommunication:
    from .factories import communication

    existing = IndividualCommunication.objects.filter(reference="policy/2026").first()
    return existing or communication(reference="policy/2026")


def policy_cycle(context: Any) -> ReportingCycle:
    return ReportingCycle.objects.get(key="ccpr-7")


def policy_feed_token(context: Any) -> str:
    from ..services import calendar_feed_reset

    feed = CalendarFeed.objects.filter(user=context.users["coordinator"]).first()
    return (feed or calendar_feed_reset(actor=context.users["coordinator"])).token


def policy_sp_communication(context: Any) -> Any:
    import datetime

    from tatabbu.mechanisms.models import Mechanism

    from ..models import SpecialProcedureCommunication
    from ..services import sp_communication_create
    from .factories import MINISTRY_A, institution

    existing = SpecialProcedureCommunication.objects.filter(reference="POLICY 1/2026").first()
    return existing or sp_communication_create(
        actor=context.users["coordinator"],
        mandates=[Mechanism.objects.get(code="SR-TORTURE")],
        institutions=[institution(MINISTRY_A)],
        reference="POLICY 1/2026",
        kind="UA",
        sent_on=datetime.date(2026, 9, 1),
        subject="Policy sweep",
    )


def policy_visit(context: Any) -> Any:
    from tatabbu.mechanisms.models import Mechanism

    from ..models import CountryVisit
    from ..services import visit_create

    existing = CountryVisit.objects.filter(notes="policy").first()
    return existing or visit_create(
        actor=context.users["coordinator"],
        mandate=Mechanism.objects.get(code="SR-TORTURE"),
        notes="policy",
    )


def policy_questionnaire(context: Any) -> Any:
    import datetime

    from tatabbu.mechanisms.models import Mechanism

    from ..models import Questionnaire
    from ..services import questionnaire_create
    from .factories import MINISTRY_A, institution

    existing = Questionnaire.objects.filter(title="Policy questionnaire").first()
    return existing or questionnaire_create(
        actor=context.users["coordinator"],
        mechanism=Mechanism.objects.get(code="CRC"),
        institutions=[institution(MINISTRY_A)],
        title="Policy questionnaire",
        received_on=datetime.date(2026, 9, 1),
        due_date=datetime.date(2026, 10, 1),
    )


def policy_answer(context: Any) -> Any:
    return policy_questionnaire(context).answers.get()


def policy_event(context: Any) -> Any:
    import datetime

    from ..models import Event
    from ..services import event_create, participant_add

    existing = Event.objects.filter(key="policy-event").first()
    if existing:
        return existing
    event = event_create(
        actor=context.users["coordinator"],
        key="policy-event",
        kind="meeting",
        title_en="Policy event",
        start_date=datetime.date(2026, 5, 1),
        end_date=datetime.date(2026, 5, 1),
    )
    participant_add(actor=context.users["coordinator"], event=event, name="P")
    return event


def policy_section(context: Any) -> Any:
    """A section of a report with a contribution requested from ministry A (a draft)."""
    import datetime

    from ..models import StateReport
    from ..services import contribution_request_create, section_save_text
    from .factories import MINISTRY_A, institution, state_report

    report = StateReport.objects.filter(symbol="CCPR/C/MAR/7").first()
    if report is None:
        report = state_report()
        section = report.sections.get()
        contribution_request_create(
            actor=context.users["coordinator"],
            section=section,
            institutions=[institution(MINISTRY_A)],
            deadline=datetime.date(2026, 12, 15),
        )
        section_save_text(actor=context.users["coordinator"], section=section, version=1, text="a")
        section.refresh_from_db()
        section_save_text(actor=context.users["coordinator"], section=section, version=2, text="b")
    return report.sections.get()


def policy_contribution(context: Any) -> Any:
    return policy_section(context).contribution_requests.get()
