"""Deadline reminders and the coordinators' weekly digest (``manage.py send_reminders``, the
``send_reminders_task`` background job).

Each institution whose assigned, not yet implemented recommendations have a deadline within
``TATABBU_REMINDER_DAYS_BEFORE`` days (or past) hears about them: its focal points and validators
get an in-app notification and an e-mail. A reminder of a kind to an institution, and the
digest, are sent at most once per ``TATABBU_REMINDER_INTERVAL_DAYS``; :class:`ReminderLog` keeps
what was sent on which day, so running the command twice on a day sends nothing twice.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tatabbu.accounts.choices import Role
from tatabbu.audit.trail import record, service
from tatabbu.institutions.models import Institution
from tatabbu.recommendations.choices import ImplementationStatus

from .choices import ReminderKind
from .models import Assignment, ProgressUpdate, ReminderLog
from .notifications import coordinators, institution_people, notify


@dataclass
class ReminderSummary:
    deadline_near: int = 0
    overdue: int = 0
    digest: int = 0
    skipped: int = 0

    def as_line(self) -> str:
        return (
            f"deadline_near={self.deadline_near} overdue={self.overdue} "
            f"digest={self.digest} already_sent={self.skipped}"
        )


def _open_assignments() -> Any:
    return Assignment.objects.exclude(
        recommendation__implementation_status=ImplementationStatus.IMPLEMENTED
    ).filter(deadline__isnull=False)


def due_by_institution(today: datetime.date) -> dict[str, dict[int, list[Assignment]]]:
    """``{"deadline_near"|"overdue": {institution id: [assignments]}}`` (lead and contributors)."""
    horizon = today + datetime.timedelta(days=settings.TATABBU_REMINDER_DAYS_BEFORE)
    found: dict[str, dict[int, list[Assignment]]] = {
        ReminderKind.DEADLINE_NEAR: defaultdict(list),
        ReminderKind.OVERDUE: defaultdict(list),
    }
    rows = (
        _open_assignments()
        .filter(deadline__lte=horizon)
        .select_related("recommendation", "recommendation__document")
        .prefetch_related("contributing_institutions")
        .order_by("deadline", "pk")
    )
    for assignment in rows:
        kind = ReminderKind.OVERDUE if assignment.deadline < today else ReminderKind.DEADLINE_NEAR
        institutions = [assignment.lead_institution_id] + [
            institution.pk for institution in assignment.contributing_institutions.all()
        ]
        for institution_id in institutions:
            found[kind][institution_id].append(assignment)
    return found


def _already_sent(kind: str, key: str, today: datetime.date) -> bool:
    since = today - datetime.timedelta(days=settings.TATABBU_REMINDER_INTERVAL_DAYS - 1)
    return ReminderLog.objects.filter(kind=kind, key=key, day__gte=since, day__lte=today).exists()


def _claim(kind: str, key: str, today: datetime.date, recipients: int) -> bool:
    """Write the day's log row; False when another run wrote it first."""
    try:
        with transaction.atomic():
            ReminderLog.objects.create(kind=kind, key=key, day=today, recipients=recipients)
    except IntegrityError:
        return False
    return True


MESSAGES = {
    ReminderKind.DEADLINE_NEAR: (
        _("Deadlines approaching: %(count)s recommendation(s)"),
        _(
            "%(count)s recommendation(s) assigned to %(name)s reach their deadline "
            "within %(days)s days (first: %(first)s on %(date)s)."
        ),
    ),
    ReminderKind.OVERDUE: (
        _("Overdue: %(count)s recommendation(s)"),
        _(
            "%(count)s recommendation(s) assigned to %(name)s are past their deadline "
            "and not implemented (oldest: %(first)s, due %(date)s)."
        ),
    ),
}


@service
def reminders_send(*, actor: Any = None, today: datetime.date) -> ReminderSummary:
    """Send the day's reminders and, once a week, the digest. Idempotent per day."""
    summary = ReminderSummary()
    due = due_by_institution(today)
    names = {
        institution.pk: institution
        for institution in Institution.objects.filter(
            pk__in={pk for per_kind in due.values() for pk in per_kind}
        )
    }
    for kind, per_institution in due.items():
        subject, body = MESSAGES[kind]
        for institution_id, assignments in sorted(per_institution.items()):
            institution = names[institution_id]
            if _already_sent(kind, institution.slug, today):
                summary.skipped += 1
                continue
            people = institution_people(institution_id, [Role.FOCAL_POINT, Role.VALIDATOR])
            if not _claim(kind, institution.slug, today, len(people)):
                summary.skipped += 1
                continue
            first = assignments[0]
            notify(
                people,
                subject,
                body,
                link=reverse("followup:workspace") + ("?overdue=1" if kind == "overdue" else ""),
                institution=institution_id,
                count=len(assignments),
                name=institution,
                days=settings.TATABBU_REMINDER_DAYS_BEFORE,
                first=first.recommendation,
                date=first.deadline.isoformat(),
            )
            record(
                actor=actor,
                action=f"reminder.{kind}",
                institution=institution_id,
                extra={
                    "day": today.isoformat(),
                    "recommendations": len(assignments),
                    "recipients": len(people),
                },
            )
            setattr(summary, kind, getattr(summary, kind) + 1)
    if _digest(actor, today):
        summary.digest = 1
    elif _already_sent(ReminderKind.DIGEST, "coordinators", today):
        summary.skipped += 1
    return summary


def digest_figures(today: datetime.date) -> dict[str, int]:
    """The digest's numbers: assigned, overdue, updates waiting for validation or publication."""
    from tatabbu.core.workflow import ReviewStatus

    open_assignments = _open_assignments()
    return {
        "assigned": Assignment.objects.count(),
        "overdue": open_assignments.filter(deadline__lt=today).count(),
        "submitted": ProgressUpdate.objects.filter(status=ReviewStatus.SUBMITTED).count(),
        "validated": ProgressUpdate.objects.filter(status=ReviewStatus.VALIDATED).count(),
        "implemented": Assignment.objects.filter(
            recommendation__implementation_status=ImplementationStatus.IMPLEMENTED
        ).count(),
    }


def _digest(actor: Any, today: datetime.date) -> bool:
    if _already_sent(ReminderKind.DIGEST, "coordinators", today):
        return False
    people = coordinators()
    if not _claim(ReminderKind.DIGEST, "coordinators", today, len(people)):
        return False
    figures = digest_figures(today)
    notify(
        people,
        _("Weekly follow-up digest"),
        _(
            "Assigned recommendations: %(assigned)s; implemented: %(implemented)s; overdue: "
            "%(overdue)s. Progress updates waiting for validation: %(submitted)s; validated "
            "and waiting for publication: %(validated)s."
        ),
        link=reverse("followup:workspace"),
        **figures,
    )
    record(actor=actor, action="reminder.digest", extra={"day": today.isoformat(), **figures})
    return True
