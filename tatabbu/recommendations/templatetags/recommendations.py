"""Template helpers of the recommendation pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from tatabbu.core.models import localized_language, localized_value

from ..highlight import highlight as highlight_text
from ..search import ParsedQuery

register = template.Library()

RTL_LANGUAGES = {"ar"}


@register.filter
def text_direction(language: str) -> str:
    return "rtl" if language in RTL_LANGUAGES else "ltr"


@register.simple_tag
def localized(instance: Any, base_name: str) -> dict[str, str]:
    """The value of ``<base_name>_<lang>`` in the active language (or the fallback) with its
    language and direction: ``{% localized rec "text" as text %}{{ text.value }}``."""
    language = localized_language(instance, base_name)
    return {
        "value": localized_value(instance, base_name),
        "lang": language,
        "dir": text_direction(language),
    }


@register.filter
def highlight(text: str, query: ParsedQuery | None) -> SafeString:
    return highlight_text(text or "", query or ParsedQuery(()))
