"""Send the day's deadline reminders and the coordinators' weekly digest (for cron)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tatabbu.followup.reminders import reminders_send
from tatabbu.followup.tasks import send_reminders_task


class Command(BaseCommand):
    help = (
        "Send e-mail and in-app reminders of approaching and past deadlines to the institutions, "
        "and the weekly digest to coordinators. Running it twice on a day sends nothing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="the day to act as (YYYY-MM-DD; default: today)")
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="queue the job for the background worker (manage.py db_worker) instead",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = (
                datetime.date.fromisoformat(options["date"])
                if options["date"]
                else timezone.localdate()
            )
        except ValueError as error:
            raise CommandError("--date must be YYYY-MM-DD.") from error
        if options["enqueue"]:
            result = send_reminders_task.enqueue(day=today.isoformat())
            self.stdout.write(f"queued {result.id}")
            return
        self.stdout.write(reminders_send(actor=None, today=today).as_line())
