"""Cross-cutting middleware: request context and cache headers."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_vary_headers

from . import request_context


class RequestContextMiddleware:
    """Binds a request id and the client address for the request; echoes ``X-Request-ID``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = request_context.RequestContext(
            request_id=request_context.request_id_from(request),
            client_ip=request_context.client_ip(request),
        )
        request.request_id = context.request_id
        with request_context.bind(context):
            response = self.get_response(request)
        response["X-Request-ID"] = context.request_id
        return response


class NoStoreForAuthenticatedMiddleware:
    """Responses to signed-in users are never stored by shared caches (RELIABILITY.md AC-5)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            response["Cache-Control"] = "private, no-store, max-age=0"
            patch_vary_headers(response, ["Cookie"])
        return response
