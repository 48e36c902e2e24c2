"""Writes to institutions (reference data)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from tatabbu.audit.registry import register_actions
from tatabbu.audit.trail import service
from tatabbu.audit.upsert import audited_upsert

from .models import Institution

DATA_FILE = Path(__file__).resolve().parent / "data" / "institutions.csv"

register_actions(
    {
        "institution.create": _("Institution created"),
        "institution.update": _("Institution changed"),
    }
)


@service
def institutions_load_reference(*, actor: Any = None, path: Path = DATA_FILE) -> Counter[str]:
    """Create or update the institutions of the reference file (idempotent); returns outcomes."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = _parents_first(list(csv.DictReader(handle)))
    outcomes: Counter[str] = Counter()
    by_slug: dict[str, Institution] = {}
    for row in rows:
        institution, outcome = audited_upsert(
            actor=actor,
            model=Institution,
            lookup={"slug": row["slug"]},
            values={
                "abbreviation": row["abbreviation"].strip(),
                "kind": row["kind"].strip(),
                "parent": by_slug[row["parent"]] if row["parent"] else None,
                "name_ar": row["name_ar"].strip(),
                "name_fr": row["name_fr"].strip(),
                "name_en": row["name_en"].strip(),
                "aliases": "\n".join(a.strip() for a in row["aliases"].split("|") if a.strip()),
                "source": row["source"].strip(),
            },
            action_created="institution.create",
            action_updated="institution.update",
        )
        by_slug[institution.slug] = institution
        outcomes[f"institution_{outcome}"] += 1
    return outcomes


def _parents_first(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Order rows so that each parent comes before its children (the file need not be ordered)."""
    pending = {row["slug"]: row for row in rows}
    ordered: list[dict[str, str]] = []
    placed: set[str] = set()
    while pending:
        ready = [
            slug for slug, row in pending.items() if not row["parent"] or row["parent"] in placed
        ]
        if not ready:
            raise ValueError(f"Unknown or circular parents: {sorted(pending)}")
        for slug in ready:
            ordered.append(pending.pop(slug))
            placed.add(slug)
    return ordered
