"""The history page of an object: its audit events, translated."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .history import history_getter
from .trail import iter_target_events


@login_required
def object_history(request: HttpRequest, model: str, pk: str) -> HttpResponse:
    getter = history_getter(model)
    if getter is None:
        raise Http404
    target = getter(request.user, pk)
    page = Paginator(list(iter_target_events(target)), 50).get_page(request.GET.get("page"))
    return render(request, "audit/history.html", {"target": target, "page": page})
