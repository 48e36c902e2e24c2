"""Suggestions on the recommendation page (a panel, refreshed with htmx) and the list of
trained models. Thin: selectors and services do the work."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tatabbu.accounts.permissions import user_passes
from tatabbu.recommendations import selectors as recommendation_selectors

from . import selectors, services
from .permissions import can_decide_suggestions, can_view_suggestions

viewer_required = user_passes(can_view_suggestions)
decider_required = user_passes(can_decide_suggestions)


def _panel(request: HttpRequest, recommendation) -> HttpResponse:
    return render(
        request,
        "intelligence/_suggestions.html",
        {
            "recommendation": recommendation,
            "suggestions": selectors.suggestion_list(
                user=request.user, recommendation=recommendation
            ),
            "can_decide": can_decide_suggestions(request.user),
        },
    )


@viewer_required
@require_GET
def suggestion_panel(request: HttpRequest, uuid: str) -> HttpResponse:
    recommendation = recommendation_selectors.recommendation_get(user=request.user, uuid=uuid)
    return _panel(request, recommendation)


@decider_required
@require_POST
def suggestion_decide(request: HttpRequest, uuid: str) -> HttpResponse:
    """One suggestion (its own button: ``accept`` or ``reject`` = its id) or the ticked ones
    (``selected``), accepted or rejected according to ``decision``."""
    recommendation = recommendation_selectors.recommendation_get(user=request.user, uuid=uuid)
    if request.POST.get("accept") or request.POST.get("reject"):
        decision = "accept" if request.POST.get("accept") else "reject"
        ids = [request.POST[decision]]
    else:
        decision, ids = request.POST.get("decision"), request.POST.getlist("selected")
    if decision not in {"accept", "reject"} or not ids:
        messages.error(request, _("Choose suggestions and a decision."))
    else:
        pending = selectors.suggestion_pending(
            user=request.user, recommendation=recommendation, ids=ids
        )
        count = services.suggestions_decide(
            actor=request.user, suggestions=list(pending), accept=decision == "accept"
        )
        if decision == "accept":
            messages.success(request, _("%(count)d suggestion(s) accepted.") % {"count": count})
        else:
            messages.success(request, _("%(count)d suggestion(s) rejected.") % {"count": count})
    if request.htmx:
        return _panel(request, recommendation)
    return redirect(recommendation.get_absolute_url())


@viewer_required
@require_GET
def model_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "intelligence/model_list.html", {"models": selectors.model_list(user=request.user)}
    )
