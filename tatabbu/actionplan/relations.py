"""Items of other apps linked to a project (reports, events, communications…), shown on the
project's page without this app importing those apps (they sit in higher layers).

An app that links its records to projects declares the link on its own model, e.g.::

    projects = models.ManyToManyField("actionplan.Project", related_name="events", blank=True)

and registers a provider in its ``AppConfig.ready()``::

    from tatabbu.actionplan.relations import RelatedItem, register_project_relation

    def _events(project, user):
        return [RelatedItem(kind=_("Event"), title=str(e), url=e.get_absolute_url())
                for e in event_selectors.event_list(user=user).filter(projects=project)]

    register_project_relation("events", _events)

Providers do their own scoping (their selectors): what they return is shown as is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RelatedItem:
    kind: str
    title: str
    url: str = ""
    detail: str = ""


Provider = Callable[[Any, Any], Iterable[RelatedItem]]
_PROVIDERS: dict[str, Provider] = {}


def register_project_relation(name: str, provider: Provider) -> None:
    _PROVIDERS[name] = provider


def related_items(project: Any, user: Any) -> list[RelatedItem]:
    items: list[RelatedItem] = []
    for name in sorted(_PROVIDERS):
        items.extend(_PROVIDERS[name](project, user))
    return items
