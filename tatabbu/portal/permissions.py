"""Who may edit the portal's content: DIDH coordinators and administrators."""

from __future__ import annotations

from typing import Any

from tatabbu.accounts.choices import Role
from tatabbu.accounts.permissions import has_role, user_passes


def can_edit_portal(user: Any) -> bool:
    """Coordinators (and administrators) write news, pages and publications and read contact
    messages."""
    return has_role(user, {Role.COORDINATOR, Role.ADMINISTRATOR})


editors_only = user_passes(can_edit_portal)
