from __future__ import annotations

from typing import Any

from django import template

from tatabbu.followup import selectors
from tatabbu.followup.permissions import can_view_followup

register = template.Library()


@register.simple_tag
def followup_unread(user: Any) -> int:
    """Unread follow-up notifications of ``user`` (0 for users without follow-up pages)."""
    if not can_view_followup(user):
        return 0
    return selectors.unread_notification_count(user=user)
