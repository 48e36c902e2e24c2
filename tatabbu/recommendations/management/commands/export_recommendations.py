"""Export recommendations to CSV, XLSX or JSON, with the filters of the list page and the API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import QueryDict

from tatabbu.recommendations import exports, selectors
from tatabbu.recommendations.permissions import SYSTEM


class Command(BaseCommand):
    help = (
        "Export recommendations to a file. Filters are the parameters of the list page and "
        "the API (q, body, kind, state, cycle, session, position, status, theme, group, sdg, "
        "recommending_state, cluster, recurring, document, language, year_from, year_to, sort), "
        "each given as --filter NAME=VALUE (repeat a name for several values). With --user, "
        "only what that user may see is exported; without, everything."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=exports.FORMATS)
        parser.add_argument("-o", "--output", required=True, help="File to write.")
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="A filter, e.g. --filter body=CAT --filter q=torture.",
        )
        parser.add_argument("--user", help="Export as this user (their scope).")

    def handle(self, *args: Any, **options: Any) -> None:
        filters = QueryDict(mutable=True)
        for item in options["filter"]:
            name, separator, value = item.partition("=")
            if not separator or not name:
                raise CommandError(f"--filter {item!r}: expected NAME=VALUE.")
            filters.appendlist(name.strip(), value)
        user: Any = SYSTEM
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"], is_active=True)
            except get_user_model().DoesNotExist as error:
                raise CommandError(f"No active user {options['user']!r}.") from error
        try:
            queryset = selectors.recommendation_list(
                user=user, filters=exports.export_filters(filters)
            )
        except ValidationError as error:
            raise CommandError(f"Invalid filters: {error.messages}") from error
        path = Path(options["output"])
        fmt = options["format"]
        if fmt == "xlsx":
            with path.open("wb") as handle:
                exports.write_export(queryset, format=fmt, handle=handle)
        else:
            with path.open("w", encoding="utf-8", newline="") as handle:
                exports.write_export(queryset, format=fmt, handle=handle)
        self.stdout.write(f"exported={queryset.count()} file={path}")
