"""Suggestions on the recommendation page (a panel, refreshed with htmx) and the list of
trained models. Thin: selectors and services do the work."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tatabbu.accounts.permissions import user_passes
from tatabbu.recommendations import selectors as recommendation_selectors

from . import selectors, services, vocabulary
from .choices import Task
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


QUEUE_PAGE_SIZE = 50


def _queue_filters(params) -> dict:
    task = params.get("task", "")
    try:
        minimum = min(1.0, max(0.0, float(params.get("min_confidence") or 0)))
    except ValueError:
        minimum = 0.0
    return {"task": task if task in Task.values else "", "min_confidence": minimum}


@viewer_required
@require_GET
def suggestion_queue(request: HttpRequest) -> HttpResponse:
    """Pending suggestions of many recommendations, best first, to accept or reject in bulk."""
    filters = _queue_filters(request.GET)
    queryset = selectors.suggestion_queue(user=request.user, **filters)
    page = Paginator(queryset, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    for suggestion in page.object_list:
        suggestion.shown_label = vocabulary.display(suggestion.task, suggestion.label)
    return render(
        request,
        "intelligence/suggestion_queue.html",
        {
            "page": page,
            "filters": filters,
            "tasks": Task.choices,
            "can_decide": can_decide_suggestions(request.user),
            "query": urlencode({k: v for k, v in filters.items() if v}),
        },
    )


@decider_required
@require_POST
def suggestion_queue_decide(request: HttpRequest) -> HttpResponse:
    decision = request.POST.get("decision")
    ids = request.POST.getlist("selected")
    if decision not in {"accept", "reject"} or not ids:
        messages.error(request, _("Choose suggestions and a decision."))
    else:
        pending = selectors.suggestion_pending_any(user=request.user, ids=ids)
        count = services.suggestions_decide(
            actor=request.user, suggestions=list(pending), accept=decision == "accept"
        )
        if decision == "accept":
            messages.success(request, _("%(count)d suggestion(s) accepted.") % {"count": count})
        else:
            messages.success(request, _("%(count)d suggestion(s) rejected.") % {"count": count})
    back = reverse("intelligence:suggestion_queue")
    query = urlencode(_queue_filters(request.POST))
    return redirect(f"{back}?{query}")
