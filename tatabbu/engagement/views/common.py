"""What every engagement screen shares: access decorators, error handling, the form loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tatabbu.accounts.permissions import is_active_user, user_passes
from tatabbu.core.exceptions import ConflictError, ServiceError, TransitionError
from tatabbu.documents.inspection import AntivirusUnavailable, UploadRefused

from ..permissions import can_manage_engagement, can_view_communications, can_view_engagement

staff_only = user_passes(can_view_engagement)
managers_only = user_passes(can_manage_engagement)
docket_users = user_passes(can_view_communications)
# Confidential records: anyone signed in may ask; those who may not see them get a 404.
signed_in = user_passes(is_active_user)

REFUSALS = (ServiceError, ValidationError, UploadRefused, AntivirusUnavailable)


def error_status(error: Exception) -> int:
    return 409 if isinstance(error, ConflictError | TransitionError) else 400


def apply_errors(form: Any, error: Exception) -> None:
    if isinstance(error, ValidationError) and hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif isinstance(error, ValidationError):
        for message in error.messages:
            form.add_error(None, message)
    else:
        form.add_error(None, str(getattr(error, "message", error)))


def form_page(
    request: HttpRequest,
    form: Any,
    save: Callable[[dict[str, Any]], Any],
    *,
    title: str,
    cancel_url: str,
    success: str,
    template: str = "engagement/record_form.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show ``form``; on a valid POST call ``save(cleaned_data)`` (a service call returning the
    saved object) and go to its page. Refusals come back on the form: 400, or 409 when stale."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = save(form.cleaned_data)
            except REFUSALS as error:
                apply_errors(form, error)
                status = error_status(error)
            else:
                messages.success(request, success)
                return redirect(saved.get_absolute_url())
        else:
            status = 400
    context = {"form": form, "title": title, "cancel_url": cancel_url, **(extra or {})}
    return render(request, template, context, status=status)
