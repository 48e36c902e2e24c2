"""Helpers for the import tests: running the command, snapshotting the tables it may write."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from tatabbu.audit.models import Event
from tatabbu.recommendations.importers.pipeline import relation_tables
from tatabbu.recommendations.models import ImportBatch, Recommendation, SourceDocument

DATA = Path(settings.TATABBU_DATA_DIR)
UPR_INFO = DATA / "upr-info-2008-2014" / "upr_info_recommendations_sessions01-16.csv"
SLOVENIA = DATA / "uhri-thematic-lists-slovenia" / "slovenia_upr_thematic_lists_cycles2-4.csv"
DIDH = DATA / "morocco-didh-tracker" / "recommendations_v2.csv"
REPORT_2008 = DATA / "un-docs-morocco-upr" / "A_HRC_8_22_Morocco_UPR_WG_report_2008_en.txt"
REPORT_2012 = DATA / "un-docs-morocco-upr" / "A_HRC_21_3_Morocco_UPR_WG_report_2012_en.txt"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()


def run_import(path: Path, format: str, *args: str) -> Run:
    """``manage.py import_recommendations path --format format *args`` → exit code and output."""
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        call_command(
            "import_recommendations",
            str(path),
            "--format",
            format,
            *args,
            stdout=stdout,
            stderr=stderr,
        )
    except CommandError as error:
        stderr.write(str(error))
        return Run(error.returncode, stdout.getvalue(), stderr.getvalue())
    return Run(0, stdout.getvalue(), stderr.getvalue())


def snapshot() -> dict[str, Any]:
    """Row counts and content fingerprints of every table an import writes."""
    state: dict[str, Any] = {
        "recommendations": sorted(
            Recommendation.objects.values_list("natural_key", "text_en", "text_fr", "version")
        ),
        "documents": SourceDocument.objects.count(),
        "batches": ImportBatch.objects.count(),
        "events": Event.objects.count(),
    }
    for name, (through, _column) in relation_tables().items():
        state[name] = through.objects.count()
    return state
