"""Labelled examples for each task, read from the real data files (``../shared/data``) or
built from the database (``intelligence.training``).

An ``Example`` is one text in one language with its labels, an ``order`` (UPR session, UHRI
cycle: what "later in time" means) and a ``group`` (the recommendation: its French and Arabic
texts stay in the same fold)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from tatabbu.core.text import normalize_text

UPR_ISSUES = "upr-issues"
UPR_ACTION = "upr-action"
UHRI_THEMES = "uhri-themes"
UHRI_PERSONS = "uhri-persons"
UHRI_SDG = "uhri-sdg"
INSTITUTION = "institution"

TASKS = (UPR_ISSUES, UPR_ACTION, UHRI_THEMES, UHRI_PERSONS, UHRI_SDG, INSTITUTION)
SINGLE_LABEL = {UPR_ACTION}
FORMAT_TASKS = {
    "upr-info": (UPR_ISSUES, UPR_ACTION),
    "uhri": (UHRI_THEMES, UHRI_PERSONS, UHRI_SDG),
    "didh": (INSTITUTION,),
}
DEFAULT_FILES = {
    "upr-info": "upr-info-2008-2014/upr_info_recommendations_sessions01-16.csv",
    "uhri": "uhri-thematic-lists-slovenia/slovenia_upr_thematic_lists_cycles2-4.csv",
    "didh": "morocco-didh-tracker/recommendations_v2.csv",
}
SDG_GOALS_FILE = "reference/sdg/sdg_goals.csv"
SDG_TARGETS_FILE = "reference/sdg/sdg_targets.csv"
VOCABULARY_FILE = "uhri-label-vocabulary/uhri_label_vocabulary_counts.csv"
PANDDH_FILE = "morocco-panddh-2018-2021/measures.csv"
# PANDDH body → tracker institution(s), by name (committed; see the file's ``how`` column).
PANDDH_ENTITY_MAP = Path(__file__).resolve().parent.parent / "data" / "panddh_entity_map.csv"

_TRAILING_STATES = re.compile(r"\s*\([^()]*\)\s*[;.]?\s*$")


@dataclass
class Example:
    text: str
    labels: list[str]
    order: float = 0.0
    group: str = ""
    language: str = "en"
    weak: bool = False  # weak supervision (label descriptions): training only, never evaluated
    context: list[str] = field(default_factory=list)  # institutions: mechanism, body, axes


@dataclass
class TaskData:
    task: str
    examples: list[Example] = field(default_factory=list)

    @property
    def texts(self) -> list[str]:
        return [example.text for example in self.examples]


def _read(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _split(value: str, separator: str) -> list[str]:
    return [part.strip() for part in (value or "").split(separator) if part.strip()]


def load_upr_info(path: Path) -> dict[str, TaskData]:
    """UPR Info export: issues (comma-separated) and action category, ordered by session."""
    issues, action = TaskData(UPR_ISSUES), TaskData(UPR_ACTION)
    for row in _read(path):
        text, session = row["recommendation"].strip(), float(row["session"])
        if not text:
            continue
        labels = _split(row.get("issues", ""), ",")
        if labels:
            issues.examples.append(Example(text, labels, session, row["id"]))
        if (row.get("action_category") or "").strip() in {"1", "2", "3", "4", "5"}:
            action.examples.append(
                Example(text, [row["action_category"].strip()], session, row["id"])
            )
    return {UPR_ISSUES: issues, UPR_ACTION: action}


def _vocabulary(data_dir: Path | None, facet: str) -> dict[str, str]:
    """Folded label → the UHRI spelling, so that ``women`` and ``Women`` are one label."""
    if data_dir is None or not (data_dir / VOCABULARY_FILE).exists():
        return {}
    return {
        row["value"].casefold(): row["value"]
        for row in _read(data_dir / VOCABULARY_FILE)
        if row["facet"] == facet
    }


def sdg_descriptions(data_dir: Path) -> list[Example]:
    """SDG goal and target titles in ar/fr/en: weak supervision for the SDG task."""
    examples = []
    for row in _read(data_dir / SDG_GOALS_FILE):
        for language in ("en", "fr", "ar"):
            text = f"{row[f'short_{language}']}. {row[f'title_{language}']}"
            examples.append(Example(text, [row["goal"]], -1, f"sdg-{row['goal']}", language, True))
    for row in _read(data_dir / SDG_TARGETS_FILE):
        for language in ("en", "fr", "ar"):
            examples.append(
                Example(
                    row[f"title_{language}"],
                    [row["goal"]],
                    -1,
                    f"sdg-{row['target']}",
                    language,
                    True,
                )
            )
    return examples


def load_uhri(path: Path, data_dir: Path | None = None) -> dict[str, TaskData]:
    """OHCHR thematic list: themes, affected persons, SDG goals, ordered by UPR cycle."""
    tasks = {name: TaskData(name) for name in (UHRI_THEMES, UHRI_PERSONS, UHRI_SDG)}
    persons = _vocabulary(data_dir, "affected_persons")
    for row in _read(path):
        text = _TRAILING_STATES.sub("", row["recommendation"]).strip()
        order, group = float(row.get("cycle") or 0), row["id"]
        for task, column, separator in (
            (UHRI_THEMES, "themes", "|"),
            (UHRI_PERSONS, "affected_persons", "|"),
            (UHRI_SDG, "sdg_goals", ";"),
        ):
            labels = _split(row.get(column, ""), separator)
            if task == UHRI_PERSONS:
                labels = sorted({persons.get(label.casefold(), label) for label in labels})
            if labels:
                tasks[task].examples.append(Example(text, labels, order, group))
    if data_dir is not None and (data_dir / SDG_GOALS_FILE).exists():
        tasks[UHRI_SDG].examples.extend(sdg_descriptions(data_dir))
    return tasks


def didh_context(row: dict[str, str]) -> list[str]:
    """The context of a tracker row (``institutions.context_tokens``): mechanism kind, treaty
    body or mandate, axes and sub-axes — what the importer stores with the recommendation."""
    from .institutions import context_tokens

    kind = (row.get("mechanism") or "").upper()
    body = row.get("treaty_body", "") if kind == "TB" else ""
    if kind == "SP":
        body = row.get("special_procedure_fr", "")
    return context_tokens(
        kind,
        body,
        _split(row.get("axis_ids", ""), ";"),
        _split(row.get("sub_axis_ids", ""), ";"),
    )


def panddh_entity_map(path: Path = PANDDH_ENTITY_MAP) -> dict[str, list[str]]:
    """PANDDH entity id → the tracker institutions (French labels) that are the same body."""
    return {row["panddh_entity_id"]: _split(row["tracker_labels_fr"], "|") for row in _read(path)}


def panddh_measures(data_dir: Path) -> list[Example]:
    """The measures of the 2018–2021 national action plan (Arabic) with their responsible and
    partner bodies mapped to tracker institutions: weak supervision for the institution task
    (training only, never evaluated). Measures with no mapped body are left out."""
    mapping = panddh_entity_map()
    examples = []
    for row in _read(data_dir / PANDDH_FILE):
        ids = _split(row.get("responsible_entity_ids", ""), ";")
        ids += _split(row.get("partner_entity_ids", ""), ";")
        labels = sorted({label for i in ids for label in mapping.get(i, [])})
        text = (row.get("measure_ar") or "").strip()
        if labels and text:
            examples.append(Example(text, labels, -1, f"panddh-{row['id']}", "ar", True))
    return examples


def load_didh(path: Path, data_dir: Path | None = None) -> dict[str, TaskData]:
    """Moroccan tracker: institutions in charge, one example per language (French, Arabic),
    with the row's context (mechanism, body, axes); plus, when ``data_dir`` holds it, the
    PANDDH measures as weak examples (``panddh_measures``)."""
    task = TaskData(INSTITUTION)
    for row in _read(path):
        labels = _split(row.get("responsible_entities_fr", ""), "|")
        if not labels:
            continue
        group = normalize_text(row["text_fr"])[:300] or row["id"]
        context = didh_context(row)
        for language in ("fr", "ar"):
            text = (row.get(f"text_{language}") or "").strip()
            if text:
                year = float(row["year"]) if (row.get("year") or "").isdigit() else 0.0
                task.examples.append(Example(text, labels, year, group, language, context=context))
    if data_dir is not None and (data_dir / PANDDH_FILE).exists():
        task.examples.extend(panddh_measures(data_dir))
    return {INSTITUTION: task}


def load(format: str, path: Path | None, data_dir: Path) -> dict[str, TaskData]:
    """The tasks of a file of ``format`` (``upr-info``, ``uhri``, ``didh``)."""
    path = path or data_dir / DEFAULT_FILES[format]
    if format == "upr-info":
        return load_upr_info(path)
    if format == "uhri":
        return load_uhri(path, data_dir)
    if format == "didh":
        return load_didh(path, data_dir)
    raise ValueError(f"unknown format {format!r}")
