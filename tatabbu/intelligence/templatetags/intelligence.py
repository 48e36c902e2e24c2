from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string

from .. import selectors
from ..permissions import can_decide_suggestions, can_view_suggestions

register = template.Library()


@register.simple_tag(takes_context=True)
def suggestions_panel(context: dict[str, Any], recommendation: Any) -> str:
    """The suggestions panel of a recommendation, for those who may see it ("" otherwise)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not can_view_suggestions(user):
        return ""
    return render_to_string(
        "intelligence/_suggestions.html",
        {
            "recommendation": recommendation,
            "suggestions": selectors.suggestion_list(user=user, recommendation=recommendation),
            "can_decide": can_decide_suggestions(user),
        },
        request=request,
    )
