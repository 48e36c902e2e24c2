"""Load the demonstration data set: Morocco's real recommendations and plans (idempotent)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.test.utils import override_settings

from tatabbu.demo.loaders import demo_steps


class Command(BaseCommand):
    help = (
        "Load the demo data: real public data about Morocco read from TATABBU_DATA_DIR "
        "(default ../shared/data). Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", type=Path, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        data_dir = options["data_dir"] or settings.TATABBU_DATA_DIR
        steps = demo_steps()
        if not steps:
            self.stdout.write("load_demo: no demo data sets are defined yet.")
            return
        if not data_dir.is_dir():
            self.stderr.write(f"load_demo: data directory {data_dir} not found; nothing loaded.")
            return
        # The demo's workflow steps notify people (in-app rows are kept); their e-mails, to the
        # personas' example.org addresses, are not sent: they would flood the console backend.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            for step in steps:
                outcome = step.run(data_dir)
                summary = " ".join(f"{key}={value}" for key, value in outcome.items())
                self.stdout.write(f"{step.name}: {summary}")
