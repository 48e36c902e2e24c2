"""Per-request context (request id, client address, acting user) readable by services and logs.

The audit trail reads it so that services need not pass the request around. Commands and jobs run
with an empty context, or set one with :func:`bind`.
"""

from __future__ import annotations

import contextlib
import ipaddress
import logging
import re
import uuid
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

_REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    client_ip: str | None = None


_current: ContextVar[RequestContext | None] = ContextVar("tatabbu_request_context", default=None)


def current() -> RequestContext | None:
    return _current.get()


def current_request_id() -> str:
    context = _current.get()
    return context.request_id if context else ""


def new_request_id() -> str:
    return uuid.uuid4().hex


@contextlib.contextmanager
def bind(context: RequestContext) -> Iterator[RequestContext]:
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


def request_id_from(request: HttpRequest) -> str:
    """Reuse a well-formed ``X-Request-ID`` from a trusted proxy, otherwise make one."""
    incoming = request.headers.get("X-Request-ID", "")
    if settings.TATABBU_TRUSTED_PROXY_COUNT and _REQUEST_ID_PATTERN.match(incoming):
        return incoming
    return new_request_id()


def client_ip(request: HttpRequest) -> str | None:
    """The client address: ``REMOTE_ADDR``, or the address our own trusted proxies recorded.

    ``X-Forwarded-For`` is read only when ``TATABBU_TRUSTED_PROXY_COUNT`` proxies stand in front of
    us, and then only the entry the outermost trusted proxy added: a client cannot choose its own
    address by sending the header (RELIABILITY.md AUTH-1, ASVS 15.3.4).
    """
    proxies = settings.TATABBU_TRUSTED_PROXY_COUNT
    address = request.META.get("REMOTE_ADDR")
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(address)) if address else None
    except ValueError:
        return None


def client_ip_for_axes(request: HttpRequest) -> str | None:
    return client_ip(request)


class RequestIdLogFilter(logging.Filter):
    """Adds ``request_id`` to every log record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id() or "-"
        return True
