"""Import recommendations from a file (thin shell over the import pipeline)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from tatabbu.core.request_context import RequestContext, bind, new_request_id
from tatabbu.recommendations.importers import FORMATS, RowIssue
from tatabbu.recommendations.tasks import import_file


class Command(BaseCommand):
    help = (
        "Import recommendations from FILE. The whole file is validated first: with any invalid "
        "row (and no --skip-invalid) nothing is written, each error is printed as "
        "'row N: column: message' and the exit status is 2. Otherwise prints "
        "'created=N updated=N unchanged=N rejected=N'. Importing the same file again changes "
        "nothing. Formats and columns: docs/import-format.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and count; write nothing."
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Import the valid rows and count the invalid ones as rejected.",
        )
        parser.add_argument(
            "--state",
            default="",
            help="State under review (ISO3 code or name) where the file "
            "does not say; the report's State for upr-report.",
        )
        parser.add_argument(
            "--symbol",
            default="",
            help="UN document symbol where the file does not say; the "
            "report's symbol for upr-report.",
        )
        parser.add_argument("--user", default="", help="User name recorded as the actor.")
        parser.add_argument(
            "--language", default="en", choices=["ar", "fr", "en"], help="Language of messages."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file.", returncode=2)
        actor = None
        if options["user"]:
            actor = get_user_model().objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"No user named {options['user']!r}.", returncode=2)
        context = RequestContext(request_id=new_request_id())
        with translation.override(options["language"]), bind(context):
            outcome = import_file(
                path,
                format=options["format"],
                actor=actor,
                state=options["state"],
                symbol=options["symbol"],
                dry_run=options["dry_run"],
                skip_invalid=options["skip_invalid"],
            )
        plan = outcome.plan
        self._print(plan.warnings, self.stderr)
        if plan.file_error is not None:
            raise CommandError(plan.file_error.message, returncode=2)
        if plan.error_count and not options["skip_invalid"]:
            self._print(plan.errors, self.stdout)
            if plan.error_count > len(plan.errors):
                self.stderr.write(f"({plan.error_count - len(plan.errors)} more errors not shown)")
            raise CommandError(
                f"{plan.rejected} invalid row(s), {plan.error_count} error(s): "
                "nothing was written.",
                returncode=2,
            )
        self._print(plan.errors, self.stderr)
        self.stdout.write(plan.summary())

    def _print(self, issues: list[RowIssue], stream: Any) -> None:
        for issue in issues:
            stream.write(issue.as_line())
        if stream is self.stdout:
            sys.stdout.flush()
