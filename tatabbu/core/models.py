"""Abstract bases shared by every app. ``core`` holds no tables (STYLE.md rule 6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES = ("ar", "fr", "en")


class TimeStampedModel(models.Model):
    """Creation and last-change times, in UTC, on every table."""

    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class TranslatedField:
    """Read the per-language column (``<name>_ar``, ``<name>_fr``, ``<name>_en``) that matches the
    active language, falling back in ``TATABBU_LANGUAGE_FALLBACKS`` order when it is empty.

    Authoritative multilingual content keeps one column per UN language (STYLE.md rule 33).
    """

    def __init__(self, base_name: str) -> None:
        self.base_name = base_name

    def __set_name__(self, owner: type, name: str) -> None:
        self.attribute_name = name

    def __get__(self, instance: models.Model | None, owner: type) -> object:
        if instance is None:
            return self
        return localized_value(instance, self.base_name)


def language_order(language: str | None = None) -> list[str]:
    """The active language first, then the configured fallbacks, each once."""
    active = (language or get_language() or settings.LANGUAGE_CODE)[:2]
    order = [active, *settings.TATABBU_LANGUAGE_FALLBACKS, *LANGUAGE_CODES]
    return list(dict.fromkeys(code for code in order if code in LANGUAGE_CODES))


def localized_value(instance: object, base_name: str, language: str | None = None) -> str:
    """The first non-empty ``<base_name>_<code>`` value in :func:`language_order`."""
    for code in language_order(language):
        value = getattr(instance, f"{base_name}_{code}", "")
        if value:
            return value
    return ""


def localized_language(instance: object, base_name: str, language: str | None = None) -> str:
    """The language code of the value :func:`localized_value` returns (for ``lang`` attributes)."""
    for code in language_order(language):
        if getattr(instance, f"{base_name}_{code}", ""):
            return code
    return (language or get_language() or settings.LANGUAGE_CODE)[:2]
