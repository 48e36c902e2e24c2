"""Verify the audit hash chain; optionally against a chain head exported earlier."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tatabbu.audit.models import Event
from tatabbu.audit.trail import verify_chain


class Command(BaseCommand):
    help = (
        "Check that no audit event was edited, deleted or reordered. Exits 0 when the chain is "
        "intact, 1 naming the first bad event otherwise. With --head FILE (written by "
        "export_audit_head) also checks that the exported head is still in the chain, which "
        "detects a truncated or wholly recomputed chain."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--head", type=Path, help="chain head exported by export_audit_head")

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.intact:
            raise CommandError(
                f"audit chain broken at event seq={report.bad_seq} (id={report.bad_id}): "
                f"{report.reason}; {report.count} events verified before it",
                returncode=1,
            )
        if options["head"]:
            self._check_head(options["head"])
        self.stdout.write(
            f"audit chain intact: {report.count} events, head seq={report.head_seq} "
            f"hash={report.head_hash}"
        )

    def _check_head(self, path: Path) -> None:
        try:
            head = json.loads(path.read_text(encoding="utf-8"))
            seq, expected = int(head["seq"]), str(head["hash"])
        except (OSError, ValueError, KeyError) as error:
            raise CommandError(f"cannot read the exported head {path}: {error}") from error
        if seq == 0:
            return
        stored = Event.objects.filter(seq=seq).values_list("hash", flat=True).first()
        if stored is None:
            raise CommandError(
                f"audit chain truncated: exported head seq={seq} is no longer present",
                returncode=1,
            )
        if stored != expected:
            raise CommandError(
                f"audit chain rewritten: event seq={seq} no longer has the exported hash",
                returncode=1,
            )
