"""What a plan project's page lists from this app: its reporting cycles, events and visits
(actionplan.relations registry; scoped by this app's selectors)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from tatabbu.actionplan.relations import RelatedItem, register_project_relation

from . import selectors


def _cycles(project: Any, user: Any) -> list[RelatedItem]:
    return [
        RelatedItem(kind=_("Reporting cycle"), title=str(cycle), url=cycle.get_absolute_url())
        for cycle in selectors.cycle_list(user=user).filter(projects=project)
    ]


def _events(project: Any, user: Any) -> list[RelatedItem]:
    return [
        RelatedItem(
            kind=str(event.get_kind_display()),
            title=str(event),
            url=event.get_absolute_url(),
            detail=event.start_date.isoformat(),
        )
        for event in selectors.event_list(user=user).filter(projects=project)
    ]


def _visits(project: Any, user: Any) -> list[RelatedItem]:
    return [
        RelatedItem(kind=_("Country visit"), title=str(visit), url=visit.get_absolute_url())
        for visit in selectors.visit_list(user=user).filter(projects=project)
    ]


register_project_relation("engagement-cycles", _cycles)
register_project_relation("engagement-events", _events)
register_project_relation("engagement-visits", _visits)
