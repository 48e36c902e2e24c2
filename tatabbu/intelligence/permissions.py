"""Who sees suggestions and decides on them: the DIDH coordinators and administrators (they
tag recommendations); management commands act as ``recommendations.permissions.SYSTEM``."""

from __future__ import annotations

from typing import Any

from tatabbu.accounts.choices import Role
from tatabbu.accounts.permissions import has_role
from tatabbu.recommendations.permissions import SYSTEM


def can_decide_suggestions(user: Any) -> bool:
    return user is SYSTEM or has_role(user, {Role.COORDINATOR, Role.ADMINISTRATOR})


def can_view_suggestions(user: Any) -> bool:
    return can_decide_suggestions(user)


def can_train_models(user: Any) -> bool:
    return user is SYSTEM or has_role(user, {Role.ADMINISTRATOR})
