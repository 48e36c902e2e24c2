"""Background jobs of the follow-up (Django tasks; ``manage.py db_worker`` runs them)."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django_tasks import task

from .reminders import reminders_send


@task()
def send_reminders_task(day: str = "") -> str:
    """The day's deadline reminders and weekly digest (idempotent per day)."""
    today = datetime.date.fromisoformat(day) if day else timezone.localdate()
    return reminders_send(actor=None, today=today).as_line()
