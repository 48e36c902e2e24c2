"""Readers that turn a plan's source files into one plain structure, which
:func:`tatabbu.actionplan.services.plan_load` brings into the database.

The structure (every key optional unless said)::

    {"plan": {slug*, title_ar/fr/en, description_ar/fr/en, owner* (institution slug),
              start_date*, end_date*, currency, source},
     "axes": [{code*, parent (code), position, title_ar/fr/en}],
     "partners": [{slug*, kind*, abbreviation, name_ar/fr/en, institution (slug),
                   country (ISO code), source}],
     "projects": [{number*, axis* (code), source_reference, section_ar/fr/en, title_ar/fr/en,
                   description_ar/fr/en, expected_results_ar/fr/en, nature,
                   responsible_unit (slug), other_responsible [slugs], responsible_label,
                   partners [slugs], planned_start, planned_end, source_data,
                   milestones [{position*, title_ar/fr/en, due_date*, source}]}],
     "activities": [{code*, position, projects [numbers], title_ar/fr/en,
                     planned_start, planned_end, source_data}],
     "indicators": [{code*, projects [numbers], title_ar/fr/en, source_data}]}

Dates are ISO strings. Readers do not touch the database; institution names are resolved by the
``match_institution`` function they are given.
"""

from __future__ import annotations

import csv
import datetime
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from tatabbu.core.text import normalize_text

DATA_DIR = Path(__file__).resolve().parent / "data"
PLAN_2026_FILE = DATA_DIR / "plan2026.json"
PANDDH_LABELS_FILE = DATA_DIR / "panddh.json"
PANDDH_DIR_NAME = "morocco-panddh-2018-2021"

InstitutionMatcher = Callable[[str], str | None]


# --- The DIDH 2026 plan (a file of this repository) --------------------------------------------


def read_plan_2026(path: Path = PLAN_2026_FILE) -> dict[str, Any]:
    """The 2026 plan: sections are spelled out on each project, activities get codes
    ``<project>.<n>`` and milestones positions."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    sections = raw["sections"]
    projects, activities = [], []
    for project in raw["projects"]:
        section = sections[project.pop("section")]
        nested_activities = project.pop("activities", [])
        milestones = project.pop("milestones", [])
        project.update({f"section_{code}": section[code] for code in ("ar", "fr", "en")})
        project["milestones"] = [
            {**milestone, "position": index} for index, milestone in enumerate(milestones, 1)
        ]
        projects.append(project)
        for index, activity in enumerate(nested_activities, 1):
            activities.append(
                {
                    **activity,
                    "code": f"{project['number']}.{index}",
                    "position": project["number"] * 100 + index,
                    "projects": [project["number"]],
                }
            )
    axes = [{**axis, "position": index} for index, axis in enumerate(raw["axes"], 1)]
    return {
        "plan": raw["plan"],
        "axes": axes,
        "partners": raw["partners"],
        "projects": projects,
        "activities": activities,
        "indicators": [],
    }


# --- PANDDH 2018–2021 (read from the shared data set at load time) -----------------------------

_YEAR = re.compile(r"(?:19|20)\d{2}")
_TRAILING_PUNCTUATION = re.compile(r"[\s.،؛;:]+$")
_PARTNER_KIND_BY_CATEGORY = {
    "السلطة التنفيذية": "government",
    "السلطة القضائية": "national_institution",
    "مؤسسات دستورية و عمومية": "national_institution",
    "الهيئات الشريكة و الموازية": "civil_society",
    "الجامعات": "academia",
    "الجهات": "local_authority",
    "أخرى": "other",
}
_PARTNER_KIND_BY_INSTITUTION_KIND = {
    "head_of_government": "government",
    "ministry": "government",
    "delegate_ministry": "government",
    "general_secretariat": "government",
    "directorate": "government",
    "interministerial": "government",
    "national_institution": "national_institution",
    "judicial": "national_institution",
    "parliament": "national_institution",
}


def read_panddh(
    data_dir: Path,
    *,
    match_institution: InstitutionMatcher,
    institution_kinds: dict[str, str],
    labels_path: Path = PANDDH_LABELS_FILE,
) -> dict[str, Any]:
    """PANDDH 2018–2021 from ``<data_dir>/morocco-panddh-2018-2021/``: 4 axes, 26 sub-axes, 435
    measures (projects), 1,269 activities, 296 indicators. Bodies are matched to institutions
    where possible (lead: the first matched responsible body); unmatched names are kept as text
    and, as partners, become partner records of their own."""
    folder = data_dir / PANDDH_DIR_NAME
    labels = json.loads(labels_path.read_text(encoding="utf-8"))
    axes_rows = _read_csv(folder / "lookup_axes.csv")
    sub_axis_rows = _read_csv(folder / "lookup_sub_axes.csv")
    entities = {row["id"]: row for row in _read_csv(folder / "lookup_entities.csv")}
    measures = _read_csv(folder / "measures.csv")
    activity_rows = _read_csv(folder / "activities.csv")
    indicator_rows = _read_csv(folder / "indicators.csv")

    axes = _panddh_axes(axes_rows, sub_axis_rows, labels)
    sub_axis_code = {axis["source_id"]: axis["code"] for axis in axes if axis.get("parent")}
    partners: dict[str, dict[str, Any]] = {}
    activity_periods: dict[str, tuple[int, int] | None] = {}
    activities = []
    for row in activity_rows:
        years = sorted({int(year) for year in _YEAR.findall(row["duration"])})
        period = (years[0], years[-1]) if years else None
        activity_periods[row["id"]] = period
        activities.append(
            {
                "code": row["id"],
                "position": int(row["id"]),
                "projects": sorted(int(number) for number in _ids(row["measure_ids"])),
                "title_ar": row["activity_ar"].strip(),
                "planned_start": _year_start(period[0]) if period else None,
                "planned_end": _year_end(period[1]) if period else None,
                "source_data": {"duration": row["duration"]},
            }
        )
    indicator_projects: dict[str, list[int]] = {row["id"]: [] for row in indicator_rows}
    projects = []
    for row in measures:
        number = int(row["code"])
        responsible = _resolve_bodies(
            _ids(row["responsible_entity_ids"]), entities, match_institution
        )
        lead = responsible["matched"][0] if responsible["matched"] else None
        partner_slugs = []
        for entity_id in _ids(row["partner_entity_ids"]):
            partner = _panddh_partner(entities[entity_id], match_institution, institution_kinds)
            partners.setdefault(partner["slug"], partner)
            if partner["slug"] not in partner_slugs:
                partner_slugs.append(partner["slug"])
        periods = [activity_periods[i] for i in _ids(row["activity_ids"]) if activity_periods[i]]
        for indicator_id in _ids(row["indicator_ids"]):
            indicator_projects[indicator_id].append(number)
        projects.append(
            {
                "number": number,
                "source_reference": row["code"],
                "axis": sub_axis_code[row["sub_axis_id"]],
                "title_ar": row["measure_ar"].strip(),
                "expected_results_ar": row["expected_results_ar"].strip(),
                "nature": labels["natures"].get(row["nature_id"], ""),
                "responsible_unit": lead,
                "other_responsible": [slug for slug in responsible["matched"] if slug != lead],
                "responsible_label": "، ".join(responsible["unmatched"]),
                "partners": partner_slugs,
                "planned_start": _year_start(min(p[0] for p in periods)) if periods else None,
                "planned_end": _year_end(max(p[1] for p in periods)) if periods else None,
                "source_data": {
                    "panddh_id": int(row["id"]),
                    "type_id": row["type_id"],
                    "responsible_entities_ar": row["responsible_entities_ar"],
                    "partner_entities_ar": row["partner_entities_ar"],
                },
            }
        )
    indicators = [
        {
            "code": row["id"],
            "projects": sorted(set(indicator_projects[row["id"]])),
            "title_ar": row["indicator_ar"].strip(),
            "source_data": {"source_ar": row["source_ar"]},
        }
        for row in indicator_rows
    ]
    plan = {
        **labels["plan"],
        "source": (
            "PANDDH 2018–2021 measures, activities and indicators read at load time from "
            f"TATABBU_DATA_DIR/{PANDDH_DIR_NAME} (see its README: extracted from a public "
            "follow-up application, commit ad0dc9a6, no licence stated; not copied into "
            "Tatabbu). French and English labels of axes and sub-axes: Tatabbu's translation."
        ),
    }
    return {
        "plan": plan,
        "axes": axes,
        "partners": sorted(partners.values(), key=lambda partner: partner["slug"]),
        "projects": projects,
        "activities": activities,
        "indicators": indicators,
    }


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _ids(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def _year_start(year: int) -> str:
    return datetime.date(year, 1, 1).isoformat()


def _year_end(year: int) -> str:
    return datetime.date(year, 12, 31).isoformat()


def _panddh_axes(
    axes_rows: list[dict[str, str]], sub_axis_rows: list[dict[str, str]], labels: dict[str, Any]
) -> list[dict[str, Any]]:
    axes: list[dict[str, Any]] = []
    position = 0
    for axis in axes_rows:
        position += 1
        translated = labels["axes"].get(axis["id"], {})
        axes.append(
            {
                "code": axis["id"],
                "source_id": axis["id"],
                "position": position,
                "title_ar": axis["label_ar"].strip(),
                "title_fr": translated.get("fr", ""),
                "title_en": translated.get("en", ""),
            }
        )
        children = [row for row in sub_axis_rows if row["axis_id"] == axis["id"]]
        for index, sub_axis in enumerate(children, 1):
            position += 1
            translated = labels["sub_axes"].get(sub_axis["id"], {})
            axes.append(
                {
                    "code": f"{axis['id']}.{index}",
                    "parent": axis["id"],
                    "source_id": sub_axis["id"],
                    "position": position,
                    "title_ar": sub_axis["label_ar"].strip(),
                    "title_fr": translated.get("fr", ""),
                    "title_en": translated.get("en", ""),
                }
            )
    return axes


def _resolve_bodies(
    entity_ids: Iterable[str],
    entities: dict[str, dict[str, str]],
    match_institution: InstitutionMatcher,
) -> dict[str, list[str]]:
    matched: list[str] = []
    unmatched: list[str] = []
    for entity_id in entity_ids:
        label = entities[entity_id]["label_ar"].strip()
        slug = match_institution(label)
        if slug and slug not in matched:
            matched.append(slug)
        elif not slug and label not in unmatched:
            unmatched.append(label)
    return {"matched": matched, "unmatched": unmatched}


def _panddh_partner(
    entity: dict[str, str],
    match_institution: InstitutionMatcher,
    institution_kinds: dict[str, str],
) -> dict[str, Any]:
    label = entity["label_ar"].strip()
    slug = match_institution(label)
    if slug:
        return {
            "slug": slug,
            "kind": _PARTNER_KIND_BY_INSTITUTION_KIND.get(institution_kinds.get(slug, ""), "other"),
            "institution": slug,
        }
    kind = "local_authority" if entity.get("kind") == "2" else None
    return {
        "slug": f"panddh-entity-{entity['id']}",
        "kind": kind or _PARTNER_KIND_BY_CATEGORY.get(entity["category_ar"].strip(), "other"),
        "name_ar": label,
        "source": f"PANDDH 2018–2021 body #{entity['id']} ({entity['category_ar'].strip()})",
    }


# --- Matching institution names ----------------------------------------------------------------


def institution_matcher(labels: dict[str, str]) -> InstitutionMatcher:
    """A matcher over ``{label: slug}`` (names, abbreviations, aliases): exact first, then on the
    normalised text without trailing punctuation, then ignoring spaces (the PANDDH has names with
    missing spaces), then a "<ministry> قطاع <sector>" name by its ministry."""
    normalised: dict[str, str] = {}
    compact: dict[str, str] = {}
    for label, slug in labels.items():
        key = _normalise(label)
        normalised.setdefault(key, slug)
        compact.setdefault(key.replace(" ", ""), slug)

    def match(label: str) -> str | None:
        label = label.strip()
        if not label:
            return None
        if label in labels:
            return labels[label]
        key = _normalise(label)
        found = normalised.get(key) or compact.get(key.replace(" ", ""))
        if found:
            return found
        if " قطاع " in label:
            return match(label.split(" قطاع ", 1)[0])
        return None

    return match


def _normalise(label: str) -> str:
    return _TRAILING_PUNCTUATION.sub("", normalize_text(label))
