"""E-mail the deadline reminders of engagement with the UN mechanisms (run daily; idempotent)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tatabbu.engagement.services import engagement_reminders_send


class Command(BaseCommand):
    help = (
        "Remind the institutions concerned of deadlines 14, 7 and 1 days ahead, on the day and "
        "once overdue: communications, special-procedures letters, questionnaires, "
        "contributions to reports. Running it again sends nothing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="Day to run for (YYYY-MM-DD; default: today).")
        parser.add_argument(
            "--base-url",
            default="",
            help="Address of the site for links (default: https:// and the first allowed host).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = (
                datetime.date.fromisoformat(options["date"])
                if options["date"]
                else timezone.localdate()
            )
        except ValueError as error:
            raise CommandError(f"--date: {error}") from error
        hosts = [host for host in settings.ALLOWED_HOSTS if host and host != "*"]
        base_url = (
            options["base_url"]
            or settings.TATABBU_BASE_URL
            or (f"https://{hosts[0]}" if hosts else "")
        )
        outcome = engagement_reminders_send(actor=None, today=today, base_url=base_url.rstrip("/"))
        self.stdout.write(
            f"sent={outcome['sent']} already_sent={outcome['already_sent']} date={today}"
        )
