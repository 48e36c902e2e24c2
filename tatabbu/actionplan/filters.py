"""The filters of project lists, shared by the HTML pages and the API (STYLE.md rule 29): the
FilterSet parses and validates; ``selectors.filter_projects`` applies."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .choices import ProjectStatus
from .selectors import filter_projects


class ProjectFilter(django_filters.FilterSet):
    plan = django_filters.CharFilter(label=_("Plan"), method="_noop")
    axis = django_filters.CharFilter(label=_("Axis"), method="_noop")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ProjectStatus.choices, method="_noop"
    )
    partner = django_filters.CharFilter(label=_("Partner"), method="_noop")
    unit = django_filters.CharFilter(label=_("Responsible unit"), method="_noop")
    q = django_filters.CharFilter(label=_("Words of the title"), method="_noop")

    def _noop(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset

    def filter_queryset(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        values = {name: value for name, value in self.form.cleaned_data.items() if value}
        if values.get("plan"):
            queryset = queryset.filter(plan__slug=values["plan"])
        return filter_projects(queryset, values)
