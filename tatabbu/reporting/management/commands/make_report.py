"""Write a report to a file: ``make_report --kind action-plan --format pdf --lang ar -o FILE``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tatabbu.reporting import registry, services
from tatabbu.reporting.generation import ReportTimeout, ReportTooLarge, produce


class Command(BaseCommand):
    help = (
        "Generate a report (DOCX, PDF or XLSX, in Arabic, French or English) and write it to a "
        "file. Each kind adds its own options (e.g. --plan and --year for action-plan)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = registry.kinds()
        parser.add_argument("--kind", required=True, choices=[kind.code for kind in kinds])
        parser.add_argument("--format", required=True, choices=registry.FORMATS, dest="file_format")
        parser.add_argument(
            "--lang", required=True, choices=[code for code, _ in settings.LANGUAGES]
        )
        parser.add_argument("-o", "--output", required=True, type=Path)
        seen: set[str] = set()
        for kind in kinds:
            for option in kind.options:
                if option.name in seen:
                    continue
                seen.add(option.name)
                parser.add_argument(f"--{option.name}", help=f"[{kind.code}] {option.help}")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = registry.get(options["kind"])
        try:
            cleaned = kind.clean_options({o.name: options.get(o.name) for o in kind.options})
            document, content = produce(
                kind=kind.code,
                file_format=options["file_format"],
                language=options["lang"],
                options=cleaned,
                user=None,
            )
        except registry.ReportOptionError as error:
            raise CommandError(str(error)) from error
        except ReportTimeout as error:
            raise CommandError("the report took too long") from error
        except ReportTooLarge as error:
            raise CommandError(f"the report is too large ({error} blocks and rows)") from error
        output: Path = options["output"]
        output.write_bytes(content)
        services.report_file_record(
            actor=None,
            kind=kind.code,
            file_format=options["file_format"],
            language=options["lang"],
            options=cleaned,
            content=content,
        )
        self.stdout.write(f"{output}: {len(content)} bytes ({document.title})")
