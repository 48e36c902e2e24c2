"""Screens of events: HRC sessions, side events, seminars, meetings and their participants."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import forms, selectors, services
from ..choices import EventKind
from ..models import Participant
from ..permissions import can_manage_engagement
from .common import REFUSALS, apply_errors, form_page, managers_only, staff_only


@staff_only
def event_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in EventKind.values:
        kind = ""
    return render(
        request,
        "engagement/event_list.html",
        {
            "events": selectors.event_list(user=request.user, kind=kind),
            "kind": kind,
            "kinds": EventKind.choices,
            "can_manage": can_manage_engagement(request.user),
        },
    )


def _event_page(request: HttpRequest, event: Any, form: Any = None, status: int = 200) -> Any:
    can_manage = can_manage_engagement(request.user)
    context = {
        "event": event,
        "can_manage": can_manage,
        "participant_form": (form or forms.ParticipantForm()) if can_manage else None,
    }
    return render(request, "engagement/event_detail.html", context, status=status)


@staff_only
def event_detail(request: HttpRequest, uuid: str) -> HttpResponse:
    return _event_page(request, selectors.event_get(user=request.user, uuid=uuid))


def _event_data(data: dict[str, Any]) -> dict[str, Any]:
    return {name: data[name] for name in services.EVENT_FIELDS}


@managers_only
def event_create(request: HttpRequest) -> HttpResponse:
    form = forms.EventForm(request.POST or None)
    return form_page(
        request,
        form,
        lambda data: services.event_create(
            actor=request.user,
            projects=data["projects"],
            reporting_cycles=data["reporting_cycles"],
            recommendations=data["recommendation_keys"],
            **_event_data(data),
        ),
        title=_("New event"),
        cancel_url=reverse("engagement:event_list"),
        success=_("The event was saved."),
    )


@managers_only
def event_edit(request: HttpRequest, uuid: str) -> HttpResponse:
    event = selectors.event_get(user=request.user, uuid=uuid)
    form = forms.EventForm(request.POST or None, instance=event, initial={"version": event.version})
    return form_page(
        request,
        form,
        lambda data: services.event_update(
            actor=request.user,
            event=selectors.event_get(user=request.user, uuid=uuid),
            version=data["version"] or 0,
            projects=data["projects"],
            reporting_cycles=data["reporting_cycles"],
            recommendations=data["recommendation_keys"],
            **_event_data(data),
        ),
        title=str(event),
        cancel_url=event.get_absolute_url(),
        success=_("The event was saved."),
    )


@require_POST
@managers_only
def participant_add(request: HttpRequest, uuid: str) -> HttpResponse:
    event = selectors.event_get(user=request.user, uuid=uuid)
    form = forms.ParticipantForm(request.POST)
    if form.is_valid():
        try:
            services.participant_add(actor=request.user, event=event, **form.cleaned_data)
        except REFUSALS as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The participant was added."))
            return redirect(event.get_absolute_url())
    return _event_page(request, event, form, status=400)


@require_POST
@managers_only
def participant_remove(request: HttpRequest, pk: int) -> HttpResponse:
    participant = get_object_or_404(Participant.objects.select_related("event"), pk=pk)
    event = participant.event
    services.participant_remove(actor=request.user, participant=participant)
    messages.success(request, _("The participant was removed."))
    return redirect(event.get_absolute_url())
