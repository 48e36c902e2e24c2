"""Errors services raise; views and the API turn them into responses with a stable ``code``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


class ServiceError(Exception):
    """A refused operation, with a translated message and a stable code for clients and tests."""

    code = "refused"
    default_message = _("The operation was refused.")

    def __init__(self, message: Any = None, *, code: str | None = None) -> None:
        self.message = message or self.default_message
        if code:
            self.code = code
        super().__init__(str(self.message))


class ConflictError(ServiceError):
    """The object changed since the user loaded it (optimistic concurrency)."""

    code = "conflict"
    default_message = _("Someone else changed this record since you opened it.")

    def __init__(
        self,
        message: Any = None,
        *,
        current_version: int | None = None,
        changes: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.current_version = current_version
        self.changes = changes or {}


class TransitionError(ServiceError):
    """A workflow step that is not allowed from the current state."""

    code = "invalid_transition"
    default_message = _("This step is not allowed from the current state.")
