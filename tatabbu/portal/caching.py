"""Caching of public pages for anonymous visitors.

Django's page cache keys on ``Vary: Cookie``, which every page sets (the session is read to
know the visitor is anonymous), so it would keep one copy per visitor. Public pages carry no
per-visitor content (no CSRF token, no message, no name), so this cache keys on the language,
the path and the query string only, and serves a copy to visitors who have no session and no
pending message. Signed-in users always get a fresh page.

Copies live ``TATABBU_PORTAL_CACHE_SECONDS`` (default 300) and are dropped at once when
something is published on the portal (``invalidate``: the key carries a generation number).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language

GENERATION_KEY = "portal:page-generation"


def _seconds() -> int:
    return int(getattr(settings, "TATABBU_PORTAL_CACHE_SECONDS", 300))


def invalidate() -> None:
    """Forget every cached page (after a publication)."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 1, timeout=None)


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in {"GET", "HEAD"} or _seconds() <= 0:
        return False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _key(request: HttpRequest) -> str:
    generation = cache.get(GENERATION_KEY, 0)
    parts = [
        str(generation),
        get_language() or "",
        request.path,
        request.META.get("QUERY_STRING", ""),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"portal:page:{digest}"


def cache_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Portal-Cache"] = "hit"
            return cached
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and b"csrfmiddlewaretoken" not in response.content
        ):
            patch_cache_control(response, public=True, max_age=_seconds())
            cache.set(key, response, timeout=_seconds())
            response["X-Portal-Cache"] = "miss"
        return response

    return wrapped
