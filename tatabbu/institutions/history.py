"""History pages of institutions: readable by everyone who may read the reference data."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from tatabbu.accounts.permissions import can_view_reference_data
from tatabbu.audit.history import register_history

from .models import Institution


def _get(user: Any, pk: str) -> Institution:
    if not can_view_reference_data(user):
        raise Http404
    try:
        return Institution.objects.get(pk=int(pk))
    except (ValueError, Institution.DoesNotExist) as error:
        raise Http404 from error


register_history(Institution, _get)
