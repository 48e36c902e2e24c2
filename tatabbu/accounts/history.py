"""History pages of accounts: administrators only."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from tatabbu.audit.history import register_history

from .models import User
from .permissions import can_manage_users


def _get(user: Any, pk: str) -> User:
    if not can_manage_users(user):
        raise Http404
    try:
        return User.objects.get(pk=int(pk))
    except (ValueError, User.DoesNotExist) as error:
        raise Http404 from error


register_history(User, _get)
