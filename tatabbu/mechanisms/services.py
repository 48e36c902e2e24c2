"""Writes to mechanisms and treaties (reference data)."""

from __future__ import annotations

import csv
import datetime
from collections import Counter
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from tatabbu.audit.registry import register_actions
from tatabbu.audit.trail import service
from tatabbu.audit.upsert import audited_upsert

from .choices import DatePrecision
from .models import Mechanism, Treaty

DATA_DIR = Path(__file__).resolve().parent / "data"

register_actions(
    {
        "mechanism.create": _("Mechanism created"),
        "mechanism.update": _("Mechanism changed"),
        "treaty.create": _("Treaty created"),
        "treaty.update": _("Treaty changed"),
    }
)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


@service
def mechanisms_load_reference(*, actor: Any = None, data_dir: Path = DATA_DIR) -> Counter[str]:
    """Create or update mechanisms, then treaties, from the reference files (idempotent)."""
    outcomes: Counter[str] = Counter()
    for row in _read(data_dir / "mechanisms.csv"):
        _, outcome = audited_upsert(
            actor=actor,
            model=Mechanism,
            lookup={"code": row["code"]},
            values={
                "kind": row["kind"],
                "name_ar": row["name_ar"],
                "name_fr": row["name_fr"],
                "name_en": row["name_en"],
                "uhri_label": row["uhri_label"],
                "source": row["source"],
            },
            action_created="mechanism.create",
            action_updated="mechanism.update",
        )
        outcomes[f"mechanism_{outcome}"] += 1
    bodies = {mechanism.code: mechanism for mechanism in Mechanism.objects.all()}
    rows = _read(data_dir / "treaties.csv")
    for parents_pass in (False, True):
        treaties = {treaty.code: treaty for treaty in Treaty.objects.all()}
        for row in rows:
            if bool(row["parent"]) != parents_pass:
                continue
            _, outcome = audited_upsert(
                actor=actor,
                model=Treaty,
                lookup={"code": row["code"]},
                values=_treaty_values(row, bodies, treaties),
                action_created="treaty.create",
                action_updated="treaty.update",
            )
            outcomes[f"treaty_{outcome}"] += 1
    return outcomes


def _treaty_values(
    row: dict[str, str], bodies: dict[str, Mechanism], treaties: dict[str, Treaty]
) -> dict[str, Any]:
    date, precision = _parse_partial_date(row["morocco_date"])
    return {
        "kind": row["kind"],
        "parent": treaties.get(row["parent"]) if row["parent"] else None,
        "body": bodies.get(row["body"]) if row["body"] else None,
        "name_ar": row["name_ar"],
        "name_fr": row["name_fr"],
        "name_en": row["name_en"],
        "adopted_year": int(row["adopted_year"]) if row["adopted_year"] else None,
        "state_status": row["morocco_status"],
        "state_date": date,
        "state_date_precision": row["morocco_date_precision"] or precision,
        "initial_report_years": _int_or_none(row["initial_report_years"]),
        "periodic_report_years": _int_or_none(row["periodic_report_years"]),
        "notes": row["notes"],
        "source": row["source"],
    }


def _parse_partial_date(value: str) -> tuple[datetime.date | None, str]:
    if not value:
        return None, DatePrecision.DAY
    parts = [int(part) for part in value.split("-")]
    if len(parts) == 2:
        return datetime.date(parts[0], parts[1], 1), DatePrecision.MONTH
    return datetime.date(*parts), DatePrecision.DAY


def _int_or_none(value: str) -> int | None:
    return int(value) if value else None
