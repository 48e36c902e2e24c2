"""Reads of generated reports: people see the reports they asked for; coordinators and
administrators see every report."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from . import permissions
from .models import GeneratedReport


def report_list(*, user: Any) -> QuerySet[GeneratedReport]:
    queryset = GeneratedReport.objects.select_related("requested_by").order_by("-created_at")
    if not permissions.can_use_reports(user):
        return queryset.none()
    if permissions.can_see_every_report(user):
        return queryset
    return queryset.filter(requested_by=user)


def report_get(*, user: Any, uuid: Any) -> GeneratedReport:
    try:
        return report_list(user=user).get(uuid=uuid)
    except (GeneratedReport.DoesNotExist, ValueError) as error:
        raise Http404 from error
