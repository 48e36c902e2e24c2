"""Who may see and download generated reports. Whether a user may *have* a kind of report is the
kind's own ``can_request`` (registry.py)."""

from __future__ import annotations

from typing import Any

from tatabbu.accounts.choices import Role
from tatabbu.accounts.permissions import has_role, is_staff_member

from .models import GeneratedReport


def can_use_reports(user: Any) -> bool:
    return is_staff_member(user)


def can_see_every_report(user: Any) -> bool:
    return has_role(user, {Role.COORDINATOR, Role.ADMINISTRATOR})


def can_download(user: Any, report: GeneratedReport) -> bool:
    """The person who asked for it, and coordinators and administrators."""
    if not can_use_reports(user):
        return False
    return report.requested_by_id == user.pk or can_see_every_report(user)
