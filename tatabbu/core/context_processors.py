"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "SITE_NAME": settings.TATABBU_SITE_NAME,
        "MFA_REQUIRED": settings.TATABBU_MFA_REQUIRED,
    }
