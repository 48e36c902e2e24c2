"""Reminders of deadlines to the institutions that must act: State observations and follow-up
replies on individual communications, replies to special procedures, answers to
questionnaires, contributions to reports.

A reminder goes out at each stage of a deadline — 14 days before, 7 days, the day before, the
day itself, then once overdue — to the active focal points and validators of each institution
concerned, in their preferred language. ``Reminder`` rows make the job idempotent: one per item,
stage and recipient, whatever the number of runs.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from . import selectors

STAGES = ((14, "14"), (7, "7"), (1, "1"), (0, "0"))


@dataclass(frozen=True)
class Deadline:
    key: str
    date: datetime.date
    kind: str
    title: str
    url: str
    institution_ids: tuple[int, ...]


def stage(due: datetime.date, today: datetime.date) -> str | None:
    """The reminder stage ``today`` is in for a deadline ``due``: the tightest threshold reached,
    ``overdue`` after it, nothing when it is more than 14 days away."""
    days_left = (due - today).days
    if days_left < 0:
        return "overdue"
    reached = [label for days, label in STAGES if days_left <= days]
    return reached[-1] if reached else None


def open_deadlines(today: datetime.date) -> Iterator[Deadline]:
    """Every open deadline up to 14 days ahead (and overdue ones), with its institutions."""
    from .models import (
        ContributionRequest,
        IndividualCommunication,
        QuestionnaireAnswer,
        SpecialProcedureCommunication,
    )

    horizon = today + datetime.timedelta(days=14)
    communications = IndividualCommunication.objects.exclude(
        status__in=["closed", "discontinued"]
    ).prefetch_related("institutions", "follow_ups")
    for item in communications.select_related("committee"):
        institutions = tuple(i.pk for i in item.institutions.all())
        for kind, date, _estimated in selectors.communication_deadlines(item):
            if date <= horizon:
                yield Deadline(
                    f"communication:{item.pk}:{kind}:{date.isoformat()}",
                    date,
                    kind,
                    str(item),
                    item.get_absolute_url(),
                    institutions,
                )
    letters = SpecialProcedureCommunication.objects.filter(replied_on=None)
    for letter in letters.prefetch_related("institutions"):
        date, _estimated = selectors.sp_reply_due(letter)
        if date <= horizon:
            yield Deadline(
                f"sp:{letter.pk}:{date.isoformat()}",
                date,
                "reply_due",
                letter.reference,
                letter.get_absolute_url(),
                tuple(i.pk for i in letter.institutions.all()),
            )
    answers = QuestionnaireAnswer.objects.filter(
        status__in=["draft", "returned"], questionnaire__due_date__lte=horizon
    ).exclude(questionnaire__status="sent")
    for answer in answers.select_related("questionnaire"):
        questionnaire = answer.questionnaire
        yield Deadline(
            f"answer:{answer.pk}:{questionnaire.due_date.isoformat()}",
            questionnaire.due_date,
            "questionnaire_due",
            questionnaire.title,
            questionnaire.get_absolute_url(),
            (answer.institution_id,),
        )
    requests = ContributionRequest.objects.filter(
        status__in=["draft", "returned"], deadline__lte=horizon, section__report__status="drafting"
    )
    for item in requests.select_related("section", "section__report"):
        yield Deadline(
            f"contribution:{item.pk}:{item.deadline.isoformat()}",
            item.deadline,
            "contribution_due",
            f"{item.section.report} — {item.section}",
            item.get_absolute_url(),
            (item.institution_id,),
        )


def recipients(institution_ids: tuple[int, ...]) -> Any:
    from tatabbu.accounts.choices import INSTITUTION_ROLES
    from tatabbu.accounts.models import User

    return User.objects.filter(
        Q(role__in=INSTITUTION_ROLES) & Q(institution_id__in=institution_ids), is_active=True
    ).exclude(email="")
