"""History pages of calls and applications: visible to whoever may see the object."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404

from tatabbu.audit.history import register_history

from . import selectors
from .models import Application, Call


def _get_call(user: Any, pk: str) -> Call:
    try:
        return selectors.call_list(user=user).get(pk=int(pk))
    except (ValueError, Call.DoesNotExist) as error:
        raise Http404 from error


def _get_application(user: Any, pk: str) -> Application:
    try:
        return selectors.application_list(user=user).get(pk=int(pk))
    except (ValueError, ValidationError, Application.DoesNotExist) as error:
        raise Http404 from error


register_history(Call, _get_call)
register_history(Application, _get_application)
