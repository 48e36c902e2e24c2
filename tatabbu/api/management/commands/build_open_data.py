"""Rebuild the bulk files of published data (CSV and JSON) now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from tatabbu.api import bulk


class Command(BaseCommand):
    help = (
        "Write every bulk file of published data (MEDIA_ROOT/open-data/: CSV and JSON per "
        "dataset, the exchange document, manifest.json); prints one line per file."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        for item in bulk.build():
            self.stdout.write(f"{item.name} rows={item.rows} size={item.size}")
