"""Read-only pages of mechanisms and treaties (staff)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tatabbu.accounts.permissions import can_view_reference_data, user_passes

from . import selectors
from .choices import MechanismKind

reference_required = user_passes(can_view_reference_data)


@reference_required
def mechanism_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in MechanismKind.values:
        kind = ""
    mechanisms = selectors.mechanism_list(user=request.user, kind=kind)
    return render(
        request,
        "mechanisms/mechanism_list.html",
        {"mechanisms": mechanisms, "kind": kind, "kinds": MechanismKind.choices},
    )


@reference_required
def treaty_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "mechanisms/treaty_list.html",
        {"treaties": selectors.treaty_list(user=request.user)},
    )
