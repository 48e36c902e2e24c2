"""Template helpers shared by every app."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django import template
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def active_link(context: dict[str, Any], view_name: str, prefix: bool = False) -> str:
    """`` active`` when the current page is ``view_name`` (or below it, with ``prefix``)."""
    request = context.get("request")
    if request is None:
        return ""
    try:
        url = reverse(view_name)
    except NoReverseMatch:
        return ""
    matches = request.path.startswith(url) if prefix else request.path == url
    return " active" if matches else ""


@register.filter
def can(user: Any, permission: str) -> bool:
    """``{% if user|can:"manage_users" %}`` calls ``accounts.permissions.can_manage_users``;
    ``{% if user|can:"recommendations.view_recommendations" %}`` calls
    ``tatabbu.recommendations.permissions.can_view_recommendations``: each app's permissions.py
    decides, templates only ask."""
    app, _, name = permission.rpartition(".")
    try:
        permissions = import_module(f"tatabbu.{app or 'accounts'}.permissions")
    except ImportError as error:
        raise template.TemplateSyntaxError(f"Unknown permission {permission!r}.") from error
    check = getattr(permissions, f"can_{name}", None)
    if check is None:
        raise template.TemplateSyntaxError(f"Unknown permission {permission!r}.")
    return bool(check(user))


@register.simple_tag(takes_context=True)
def query_replace(context: dict[str, Any], **changes: Any) -> str:
    """The current query string with ``changes`` applied (pagination and sort links)."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    for key, value in changes.items():
        if value is None or value == "":
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.filter
def changed_field_names(event: Any) -> list[str]:
    before, after = event.before or {}, event.after or {}
    return sorted(set(before) | set(after))
