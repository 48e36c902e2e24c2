"""History pages of action-plan records: visible to whoever may see the record."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from tatabbu.audit.history import register_history

from . import selectors
from .models import ActionPlan, Project, ProjectUpdate


def _pk(pk: str) -> int:
    try:
        return int(pk)
    except ValueError as error:
        raise Http404 from error


def _plan(user: Any, pk: str) -> ActionPlan:
    return selectors.plan_get(user=user, pk=_pk(pk))


def _project(user: Any, pk: str) -> Project:
    return selectors.project_get(user=user, pk=_pk(pk))


def _update(user: Any, pk: str) -> ProjectUpdate:
    return selectors.update_get(user=user, pk=_pk(pk))


register_history(ActionPlan, _plan)
register_history(Project, _project)
register_history(ProjectUpdate, _update)
