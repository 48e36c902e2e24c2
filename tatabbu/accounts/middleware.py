"""Session lifetime limits and the second-factor requirement for back-office roles."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .receivers import SESSION_LAST_SEEN, SESSION_STARTED

_TOUCH_EVERY = 60  # seconds; avoids a session write on every request


class SessionLifetimeMiddleware:
    """Ends a session after ``TATABBU_SESSION_IDLE_SECONDS`` of inactivity or 12 hours in all
    (ASVS 4.0.3 3.3.2, RELIABILITY.md SESS-1)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.get(SESSION_STARTED, now)
            last_seen = request.session.get(SESSION_LAST_SEEN, now)
            idle = now - last_seen > settings.TATABBU_SESSION_IDLE_SECONDS
            too_old = now - started > settings.TATABBU_SESSION_ABSOLUTE_SECONDS
            if idle or too_old:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                messages.info(request, _("Your session has expired. Please sign in again."))
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= _TOUCH_EVERY:
                request.session[SESSION_LAST_SEEN] = now
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Back-office users must confirm a TOTP code before anything else when MFA is required."""

    _ALLOWED_NAMES = {
        "accounts:logout",
        "accounts:mfa_setup",
        "accounts:mfa_verify",
        "set_language",
        "healthz",
    }

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.TATABBU_MFA_REQUIRED
            and user is not None
            and user.is_authenticated
            and getattr(user, "requires_second_factor", False)
            and not user.is_verified()
            and not self._allowed(request)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {
                        "code": "second_factor_required",
                        "message": _("Confirm your second factor before using the API."),
                        "fields": {},
                    },
                    status=403,
                )
            from django_otp import devices_for_user

            has_device = any(devices_for_user(user, confirmed=True))
            target = "accounts:mfa_verify" if has_device else "accounts:mfa_setup"
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)

    def _allowed(self, request: HttpRequest) -> bool:
        if request.path.startswith(settings.STATIC_URL):
            return True
        match = getattr(request, "resolver_match", None)
        if match is None:
            from django.urls import Resolver404, resolve

            try:
                match = resolve(request.path_info)
            except Resolver404:
                return False
        return match.view_name in self._ALLOWED_NAMES
