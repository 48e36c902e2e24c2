"""Write the current audit chain head (seq and hash) to a file kept outside the database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from tatabbu.audit.models import Event


class Command(BaseCommand):
    help = (
        "Export the audit chain head as JSON (seq, hash, time). Keep the file away from the "
        "database (e-mail it, print it in the periodic report); verify_audit --head FILE checks it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        head = Event.objects.order_by("-seq").values("seq", "hash").first() or {
            "seq": 0,
            "hash": "0" * 64,
        }
        payload = {**head, "exported_at": timezone.now().isoformat()}
        options["output"].write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
        self.stdout.write(f"exported audit head seq={head['seq']} to {options['output']}")
