"""The review workflow shared by everything people submit for validation (progress updates,
contributions to reports, action-plan updates): one mechanism used everywhere.

    draft ──submit──▶ submitted ──validate──▶ validated ──publish──▶ published
      ▲                   │
      └──── returned ◀─return (with a reason)
             └──submit──▶ submitted

Apps keep the status on their own model and call :meth:`Workflow.check` inside a named
transition service, which also decides *who* may take the step (the app's permissions.py) and
records the audit event.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from .exceptions import TransitionError


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    VALIDATED = "validated", _("Validated")
    RETURNED = "returned", _("Returned")
    PUBLISHED = "published", _("Published")


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str


class Workflow:
    def __init__(self, transitions: list[Transition]) -> None:
        self.transitions = {transition.name: transition for transition in transitions}

    def check(self, current: str, name: str) -> Transition:
        """The transition ``name`` if it may start from ``current``; TransitionError otherwise."""
        transition = self.transitions.get(name)
        if transition is None or current not in transition.sources:
            raise TransitionError()
        return transition

    def available(self, current: str) -> list[Transition]:
        return [t for t in self.transitions.values() if current in t.sources]


REVIEW_WORKFLOW = Workflow(
    [
        Transition(
            "submit", frozenset({ReviewStatus.DRAFT, ReviewStatus.RETURNED}), ReviewStatus.SUBMITTED
        ),
        Transition("validate", frozenset({ReviewStatus.SUBMITTED}), ReviewStatus.VALIDATED),
        Transition("return", frozenset({ReviewStatus.SUBMITTED}), ReviewStatus.RETURNED),
        Transition("publish", frozenset({ReviewStatus.VALIDATED}), ReviewStatus.PUBLISHED),
    ]
)
