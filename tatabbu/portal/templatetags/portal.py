"""Template helpers of the portal: canonical and ``hreflang`` links, public statuses."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings
from django.urls import translate_url

from tatabbu.core.models import localized_language, localized_value

register = template.Library()


@register.simple_tag(takes_context=True)
def alternate_links(context: dict[str, Any]) -> list[dict[str, str]]:
    """The current page's absolute address in each language (canonical: no query string)."""
    request = context.get("request")
    if request is None:
        return []
    current = request.build_absolute_uri(request.path)
    links = []
    for code, _name in settings.LANGUAGES:
        links.append({"code": code, "url": translate_url(current, code)})
    return links


@register.simple_tag(takes_context=True)
def canonical_url(context: dict[str, Any]) -> str:
    request = context.get("request")
    return request.build_absolute_uri(request.path) if request is not None else ""


@register.simple_tag
def translated(instance: Any, field: str) -> dict[str, str]:
    """The value of a three-language field in the active language (or a fallback), with its
    language and direction, for ``lang`` and ``dir`` attributes."""
    language = localized_language(instance, field)
    return {
        "value": localized_value(instance, field),
        "lang": language,
        "dir": "rtl" if language == "ar" else "ltr",
    }
