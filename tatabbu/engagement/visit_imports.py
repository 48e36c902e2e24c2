"""Importing a visit report's recommendations through the recommendations pipeline.

Not a service: the pipeline runs (and audits) its own transaction; the visit's own audit event
is then recorded by ``services.visit_import_recorded``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from tatabbu.core.exceptions import ServiceError

from .models import CountryVisit
from .permissions import can_manage_engagement
from .services import visit_import_recorded


def visit_report_import(
    *, actor: Any, visit: CountryVisit, path: Path, format: str, file_name: str = ""
) -> Any:
    """Import the report's recommendations (all or nothing) with the report's symbol as their
    document; returns the pipeline's plan (counts, errors by row)."""
    from tatabbu.recommendations.tasks import import_file

    if not can_manage_engagement(actor):
        raise PermissionDenied
    if not visit.report_symbol:
        raise ServiceError(_("Record the report's symbol first."), code="no_symbol")
    outcome = import_file(
        path, format=format, actor=actor, symbol=visit.report_symbol, file_name=file_name
    )
    if outcome.plan.is_valid and outcome.plan.has_changes:
        visit_import_recorded(actor=actor, visit=visit, plan=outcome.plan)
    return outcome.plan
