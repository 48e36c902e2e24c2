"""Write the published recommendations with their implementation status in the exchange format
(docs/exchange-format.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tatabbu.api import exchange
from tatabbu.portal import selectors


class Command(BaseCommand):
    help = (
        "Export published recommendations and their implementation status as an exchange "
        "document (JSON, schema tatabbu/api/schemas/exchange-1.0.schema.json)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, type=Path)
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="NAME=VALUE",
            help="A filter of the portal's search (body=CAT, theme=…); repeatable.",
        )
        parser.add_argument(
            "--no-validate", action="store_true", help="Skip the schema check of the output."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        filters: dict[str, list[str]] = {}
        for item in options["filter"]:
            name, separator, value = item.partition("=")
            if not separator:
                raise CommandError(f"--filter {item!r}: expected NAME=VALUE.")
            filters.setdefault(name, []).append(value)
        try:
            queryset = selectors.recommendation_public_list(filters=filters)
        except ValidationError as error:
            raise CommandError(str(error)) from error
        output: Path = options["output"]
        with output.open("w", encoding="utf-8") as handle:
            for chunk in exchange.iter_document(queryset):
                handle.write(chunk)
        document = json.loads(output.read_text(encoding="utf-8"))
        if not options["no_validate"]:
            exchange.validate(document)
        self.stdout.write(f"recommendations={len(document['recommendations'])}")
