"""Password validator refusing the words of this context (ASVS 6.2.11)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CONTEXT_WORDS = ("tatabbu", "didh", "droits", "delegation", "mandoubia", "password", "motdepasse")


class ContextWordsValidator:
    """Refuse passwords containing the application's or the organisation's name."""

    def validate(self, password: str, user: Any = None) -> None:
        lowered = password.lower()
        for word in CONTEXT_WORDS:
            if word in lowered:
                raise ValidationError(
                    _("The password must not contain the word “%(word)s”."),
                    code="password_context_word",
                    params={"word": word},
                )

    def get_help_text(self) -> str:
        return _("Your password must not contain the name of the application or organisation.")
