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
