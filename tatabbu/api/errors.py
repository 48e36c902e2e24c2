"""One JSON error shape for the whole API: ``{"code", "message", "fields"}`` (STYLE.md rule 40)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from tatabbu.core.exceptions import ConflictError, ServiceError, TransitionError


def error_body(code: str, message: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"code": code, "message": message, "fields": fields or {}}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        fields = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        return Response(
            error_body("invalid", _("The data sent is not valid."), fields),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, ConflictError):
        body = error_body(exc.code, str(exc.message))
        body["current_version"] = exc.current_version
        if exc.changes:
            body["changes"] = exc.changes  # field: {"current", "sent"}
        return Response(body, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, TransitionError):
        return Response(error_body(exc.code, str(exc.message)), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ServiceError):
        return Response(error_body(exc.code, str(exc.message)), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = _reshape(exc, response.data)
    return response


def _reshape(exc: Exception, data: Any) -> dict[str, Any]:
    if isinstance(exc, exceptions.ValidationError):
        fields = data if isinstance(data, dict) else {"non_field_errors": data}
        return error_body("invalid", _("The data sent is not valid."), fields)
    if isinstance(exc, exceptions.APIException):
        detail = exc.detail
        message = str(detail) if not isinstance(detail, dict | list) else str(exc.default_detail)
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else exc.default_code
        return error_body(code, message)
    return error_body("error", str(data))
