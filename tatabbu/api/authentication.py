"""API authentication: tokens, or the browser session once its second factor is confirmed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from drf_spectacular.authentication import SessionScheme
from rest_framework.authentication import SessionAuthentication


class VerifiedSessionAuthentication(SessionAuthentication):
    """Session auth that ignores a session still waiting for its second factor."""

    def authenticate(self, request: Any) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        if (
            settings.TATABBU_MFA_REQUIRED
            and getattr(user, "requires_second_factor", False)
            and not user.is_verified()
        ):
            return None
        return result


class VerifiedSessionScheme(SessionScheme):
    """Describes VerifiedSessionAuthentication in the OpenAPI schema (as cookie auth)."""

    target_class = "tatabbu.api.authentication.VerifiedSessionAuthentication"
    name = "cookieAuth"
