"""Read-only pages of the reference data (staff)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tatabbu.accounts.permissions import can_view_reference_data, user_passes
from tatabbu.institutions.selectors import institution_list
from tatabbu.mechanisms.selectors import mechanism_list, treaty_list

from . import selectors

reference_required = user_passes(can_view_reference_data)


@reference_required
def reference_index(request: HttpRequest) -> HttpResponse:
    counts = {
        "mechanisms": mechanism_list(user=request.user).count(),
        "treaties": treaty_list(user=request.user).count(),
        "themes": selectors.theme_list(user=request.user).count(),
        "groups": selectors.person_group_list(user=request.user).count(),
        "sdg_goals": selectors.sdg_goal_list(user=request.user).count(),
        "sdg_targets": selectors.sdg_target_list(user=request.user).count(),
        "institutions": institution_list(user=request.user).count(),
        "countries": selectors.country_list(user=request.user).count(),
    }
    return render(request, "taxonomy/reference_index.html", {"counts": counts})


@reference_required
def theme_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "taxonomy/label_list.html",
        {"labels": selectors.theme_list(user=request.user), "kind": "theme"},
    )


@reference_required
def person_group_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "taxonomy/label_list.html",
        {"labels": selectors.person_group_list(user=request.user), "kind": "group"},
    )


@reference_required
def sdg_list(request: HttpRequest) -> HttpResponse:
    goals = selectors.sdg_goal_list(user=request.user, with_targets=True)
    return render(request, "taxonomy/sdg_list.html", {"goals": goals})


@reference_required
def country_list(request: HttpRequest) -> HttpResponse:
    countries = selectors.country_list(user=request.user)
    return render(request, "taxonomy/country_list.html", {"countries": countries})
