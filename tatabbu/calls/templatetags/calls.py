"""Template helpers of the calls app (navigation entries by role)."""

from __future__ import annotations

from typing import Any

from django import template

from tatabbu.calls import permissions

register = template.Library()


@register.simple_tag
def calls_menu(user: Any) -> dict[str, bool]:
    """Which call-for-projects entries the navigation shows to ``user``."""
    return {
        "calls": permissions.can_view_calls(user),
        "applications": permissions.can_use_applications(user),
        "notifications": permissions.is_association(user),
        "own": permissions.is_association(user),
    }
