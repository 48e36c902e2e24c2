"""History pages of follow-up objects: visible to whoever may see the object."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404

from tatabbu.audit.history import register_history

from . import selectors
from .models import Action, Assignment, ProgressUpdate


def _getter(listing: Callable[..., QuerySet]) -> Callable[[Any, str], Model]:
    def get(user: Any, pk: str) -> Model:
        try:
            return listing(user=user).get(pk=int(pk))
        except (ValueError, listing(user=user).model.DoesNotExist) as error:
            raise Http404 from error

    return get


register_history(Assignment, _getter(selectors.assignment_list))
register_history(Action, _getter(selectors.action_list))
register_history(ProgressUpdate, _getter(selectors.update_list))
