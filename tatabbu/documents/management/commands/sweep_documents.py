"""Remove stored files that no document row points to (safe to run from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tatabbu.documents.selectors import orphan_files


class Command(BaseCommand):
    help = (
        "Delete files under the document storage that no document refers to (left by "
        "interrupted uploads or rolled-back transactions). --dry-run lists them only."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument("--older-than", type=int, default=3600, help="seconds (default 3600)")

    def handle(self, *args: Any, **options: Any) -> None:
        paths = orphan_files(older_than_seconds=options["older_than"])
        for path in paths:
            if not options["dry_run"]:
                path.unlink(missing_ok=True)
        verb = "would remove" if options["dry_run"] else "removed"
        self.stdout.write(f"sweep_documents: {verb} {len(paths)} file(s)")
