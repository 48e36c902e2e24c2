"""Writes to the vocabularies (reference data)."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from typing import Any

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from tatabbu.audit.registry import register_actions
from tatabbu.audit.trail import service
from tatabbu.audit.upsert import audited_upsert

from .models import Country, PersonGroup, SdgGoal, SdgTarget, Theme

DATA_DIR = Path(__file__).resolve().parent / "data"
SDG_SOURCE = (
    "open-sdg/sdg-translations@0cda585 (MIT), texts of A/RES/70/1 and A/RES/71/313; "
    "see taxonomy/data/README.md"
)

register_actions(
    {
        "theme.create": _("Theme created"),
        "theme.update": _("Theme changed"),
        "person_group.create": _("Group of persons created"),
        "person_group.update": _("Group of persons changed"),
        "sdg_goal.create": _("SDG goal created"),
        "sdg_goal.update": _("SDG goal changed"),
        "sdg_target.create": _("SDG target created"),
        "sdg_target.update": _("SDG target changed"),
        "country.create": _("State created"),
        "country.update": _("State changed"),
    }
)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            {key: " ".join((value or "").split()) for key, value in row.items()}
            for row in csv.DictReader(handle)
        ]


def _label_slug(label_en: str) -> str:
    return slugify(label_en)[:160]


@service
def taxonomy_load_reference(*, actor: Any = None, data_dir: Path = DATA_DIR) -> Counter[str]:
    """Create or update UHRI themes and groups, SDG goals and targets, States (idempotent)."""
    outcomes: Counter[str] = Counter()
    for row in _read(data_dir / "uhri_labels.csv"):
        model, prefix = (
            (Theme, "theme") if row["kind"] == "theme" else (PersonGroup, "person_group")
        )
        _, outcome = audited_upsert(
            actor=actor,
            model=model,
            lookup={"slug": _label_slug(row["label_en"])},
            values={
                "label_ar": row["label_ar"],
                "label_fr": row["label_fr"],
                "label_en": row["label_en"],
                "source": row["source"],
            },
            action_created=f"{prefix}.create",
            action_updated=f"{prefix}.update",
        )
        outcomes[f"{prefix}_{outcome}"] += 1
    goals: dict[str, SdgGoal] = {}
    for row in _read(data_dir / "sdg_goals.csv"):
        goal, outcome = audited_upsert(
            actor=actor,
            model=SdgGoal,
            lookup={"number": int(row["goal"])},
            values={
                f"{part}_{lang}": row[f"{part}_{lang}"]
                for part in ("short", "title")
                for lang in ("ar", "fr", "en")
            },
            action_created="sdg_goal.create",
            action_updated="sdg_goal.update",
        )
        goals[row["goal"]] = goal
        outcomes[f"sdg_goal_{outcome}"] += 1
    positions: Counter[str] = Counter()
    for row in _read(data_dir / "sdg_targets.csv"):
        positions[row["goal"]] += 1
        _, outcome = audited_upsert(
            actor=actor,
            model=SdgTarget,
            lookup={"code": row["target"]},
            values={
                "goal": goals[row["goal"]],
                "position": positions[row["goal"]],
                "title_ar": row["title_ar"],
                "title_fr": row["title_fr"],
                "title_en": row["title_en"],
            },
            action_created="sdg_target.create",
            action_updated="sdg_target.update",
        )
        outcomes[f"sdg_target_{outcome}"] += 1
    for row in _read(data_dir / "countries.csv"):
        _, outcome = audited_upsert(
            actor=actor,
            model=Country,
            lookup={"code": row["code"]},
            values={
                "kind": row["kind"],
                "name_ar": row["name_ar"],
                "name_fr": row["name_fr"],
                "name_en": row["name_en"],
                "aliases": "\n".join(a.strip() for a in row["aliases"].split("|") if a.strip()),
            },
            action_created="country.create",
            action_updated="country.update",
        )
        outcomes[f"country_{outcome}"] += 1
    return outcomes
