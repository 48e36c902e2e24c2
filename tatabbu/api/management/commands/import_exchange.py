"""Import an exchange document (docs/exchange-format.md) through the recommendations import
pipeline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tatabbu.api import exchange


class Command(BaseCommand):
    help = (
        "Validate an exchange document against its JSON schema, then import its "
        "recommendations with the recommendations import pipeline. Invalid documents: every "
        "error printed as 'PATH: message', nothing written, exit status 2."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Validate; write nothing.")
        parser.add_argument("--user", default="", help="User name recorded as the actor.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            self.stdout.write(f"(document): not a readable JSON file: {error}")
            raise SystemExit(2) from error
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"No user named {options['user']!r}.", returncode=2)
        try:
            result = exchange.import_document(document, dry_run=options["dry_run"], actor=actor)
        except exchange.ExchangeError as error:
            for line in error.errors:
                self.stdout.write(line)
            raise SystemExit(2) from error
        if result.exit_code:
            for line in result.errors:
                self.stdout.write(line)
            raise SystemExit(result.exit_code)
        self.stdout.write(result.summary)
        self.stdout.write(
            f"implementation_stored={result.implementation_stored} "
            f"implementation_skipped={result.implementation_skipped}"
        )
