"""Read-only pages of institutions (staff)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tatabbu.accounts.permissions import can_view_reference_data, user_passes

from . import selectors

reference_required = user_passes(can_view_reference_data)


@reference_required
def institution_list(request: HttpRequest) -> HttpResponse:
    institutions = selectors.institution_list(user=request.user)
    return render(request, "institutions/institution_list.html", {"institutions": institutions})


@reference_required
def institution_detail(request: HttpRequest, slug: str) -> HttpResponse:
    institution = selectors.institution_get(user=request.user, slug=slug)
    children = selectors.institution_list(user=request.user).filter(parent=institution)
    return render(
        request,
        "institutions/institution_detail.html",
        {"institution": institution, "children": children},
    )
