"""Engagement with the UN mechanisms: the reporting calendar (reports owed to the treaty bodies
and the UPR), individual communications, special procedures, events and the report factory."""

from .calendar import CalendarFeed, Reminder, ReportingCycle
from .communications import (
    COMMUNICATION_COMMITTEES,
    CommunicationFollowUp,
    IndividualCommunication,
)
from .events import Event, Participant
from .reports import ContributionRequest, ReportSection, SectionVersion, StateReport
from .special_procedures import (
    CountryVisit,
    Questionnaire,
    QuestionnaireAnswer,
    SpecialProcedureCommunication,
)

__all__ = [
    "COMMUNICATION_COMMITTEES",
    "CalendarFeed",
    "CommunicationFollowUp",
    "ContributionRequest",
    "CountryVisit",
    "Event",
    "IndividualCommunication",
    "Participant",
    "Questionnaire",
    "QuestionnaireAnswer",
    "Reminder",
    "ReportSection",
    "ReportingCycle",
    "SectionVersion",
    "SpecialProcedureCommunication",
    "StateReport",
]
