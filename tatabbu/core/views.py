"""Operational endpoints."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.views import i18n as i18n_views
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers and monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("health check: database unavailable")
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's ``set_language``, translating ``next`` from the language of its own prefix.

    Django resolves ``next`` in the language of the request (cookie or browser), so
    ``/fr/…`` cannot be translated from an Arabic-speaking browser; activating the language of
    the ``/fr/`` prefix first makes the redirect land on the same page in the new language.
    """
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    path_language = translation.get_language_from_path(urlsplit(next_url).path)
    if path_language:
        with translation.override(path_language):
            return i18n_views.set_language(request)
    return i18n_views.set_language(request)
