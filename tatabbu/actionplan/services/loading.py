"""Bringing a plan's source into the database: create what is missing, change what differs,
leave the rest; every created or changed row gets its audit event. Loading the same source twice
changes nothing. Rows missing from the source are kept (a plan's history is never deleted by a
reload), and what people reported (figures, done dates, updates) is never touched."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tatabbu.audit.registry import register_actions
from tatabbu.audit.trail import PendingEvent, record_many, service, snapshot
from tatabbu.audit.upsert import audited_upsert
from tatabbu.institutions.models import Institution
from tatabbu.institutions.selectors import institution_lookup_table
from tatabbu.taxonomy.models import Country

from ..models import (
    ActionPlan,
    Activity,
    Indicator,
    Milestone,
    Partner,
    Project,
    StrategicAxis,
)
from ..sources import institution_matcher, read_panddh, read_plan_2026

register_actions(
    {
        "action_plan.create": _("Action plan created"),
        "action_plan.update": _("Action plan changed"),
        "plan_axis.create": _("Strategic axis created"),
        "plan_axis.update": _("Strategic axis changed"),
        "plan_partner.create": _("Partner created"),
        "plan_partner.update": _("Partner changed"),
        "plan_project.create": _("Plan project created"),
        "plan_project.update": _("Plan project changed"),
        "plan_activity.create": _("Plan activity created"),
        "plan_activity.update": _("Plan activity changed"),
        "plan_indicator.create": _("Plan indicator created"),
        "plan_indicator.update": _("Plan indicator changed"),
        "plan_milestone.create": _("Milestone created"),
        "plan_milestone.update": _("Milestone changed"),
    }
)

_LANGUAGES = ("ar", "fr", "en")
_PLAN_FIELDS = ("start_date", "end_date", "currency", "source")
_PROJECT_TEXT_FIELDS = ("section", "title", "description", "expected_results")


@service
def plan_2026_load(*, actor: Any = None) -> Counter[str]:
    """The DIDH 2026 action plan from this repository's data file."""
    return plan_load(actor=actor, data=read_plan_2026())


@service
def panddh_load(*, actor: Any = None, data_dir: Path) -> Counter[str]:
    """PANDDH 2018–2021 read from the shared data set in ``data_dir``."""
    institutions = Institution.objects.only("slug", "kind")
    data = read_panddh(
        data_dir,
        match_institution=institution_matcher(
            {label: institution.slug for label, institution in institution_lookup_table().items()}
        ),
        institution_kinds={institution.slug: institution.kind for institution in institutions},
    )
    return plan_load(actor=actor, data=data)


@service
def plan_load(*, actor: Any = None, data: dict[str, Any]) -> Counter[str]:
    """Create or update a plan from the structure described in ``sources.py``; returns
    ``{<entity>_<created|updated|unchanged>: n}``."""
    outcomes: Counter[str] = Counter()
    institutions = _institutions_by_slug(_institution_slugs(data))
    plan_row = data["plan"]
    plan, outcome = audited_upsert(
        actor=actor,
        model=ActionPlan,
        lookup={"slug": plan_row["slug"]},
        values={
            **_texts(plan_row, ("title", "description")),
            "owner": institutions[plan_row["owner"]],
            **{name: _value(name, plan_row.get(name, "")) for name in _PLAN_FIELDS},
        },
        action_created="action_plan.create",
        action_updated="action_plan.update",
        institution=institutions[plan_row["owner"]],
    )
    outcomes[f"plan_{outcome}"] += 1
    axes = _load_axes(actor, plan, data.get("axes", []), outcomes)
    partners = _load_partners(actor, data.get("partners", []), institutions, outcomes)
    projects = _load_projects(actor, plan, data, axes, partners, institutions, outcomes)
    _load_milestones(actor, data.get("projects", []), projects, outcomes)
    for model, rows, prefix in (
        (Activity, data.get("activities", []), "activity"),
        (Indicator, data.get("indicators", []), "indicator"),
    ):
        synced = _sync_rows(
            actor=actor,
            model=model,
            scope={"plan": plan},
            key=("code",),
            rows=[
                {
                    "code": row["code"],
                    **_texts(row, ("title",)),
                    **_optional(row, model),
                }
                for row in rows
            ],
            many={
                "projects": {
                    (row["code"],): {projects[number].pk for number in row.get("projects", [])}
                    for row in rows
                }
            },
            action_prefix=f"plan_{prefix}",
        )
        outcomes.update({f"{prefix}_{name}": count for name, count in synced.outcomes.items()})
    return +outcomes


# --- Steps -------------------------------------------------------------------------------------


def _load_axes(
    actor: Any, plan: ActionPlan, rows: list[dict[str, Any]], outcomes: Counter[str]
) -> dict[str, StrategicAxis]:
    axes: dict[str, StrategicAxis] = {}
    top = [row for row in rows if not row.get("parent")]
    children = [row for row in rows if row.get("parent")]
    for level in (top, children):
        synced = _sync_rows(
            actor=actor,
            model=StrategicAxis,
            scope={"plan": plan},
            key=("code",),
            rows=[
                {
                    "code": row["code"],
                    "parent": axes[row["parent"]] if row.get("parent") else None,
                    "position": row.get("position", 0),
                    **_texts(row, ("title", "description")),
                }
                for row in level
            ],
            action_prefix="plan_axis",
        )
        axes.update({key[0]: axis for key, axis in synced.objects.items()})
        outcomes.update({f"axis_{name}": count for name, count in synced.outcomes.items()})
    return axes


def _load_partners(
    actor: Any,
    rows: list[dict[str, Any]],
    institutions: dict[str, Institution],
    outcomes: Counter[str],
) -> dict[str, Partner]:
    countries = {
        country.code: country
        for country in Country.objects.filter(
            code__in=[r["country"] for r in rows if r.get("country")]
        )
    }
    prepared = []
    for row in rows:
        institution = institutions.get(row.get("institution") or "")
        country = countries.get(row.get("country") or "")
        named = institution or country
        prepared.append(
            {
                "slug": row["slug"],
                "kind": row["kind"],
                "abbreviation": row.get("abbreviation") or getattr(institution, "abbreviation", ""),
                **{
                    f"name_{code}": row.get(f"name_{code}") or getattr(named, f"name_{code}", "")
                    for code in _LANGUAGES
                },
                "institution": institution,
                "country": country,
                "source": row.get("source", ""),
            }
        )
    synced = _sync_rows(
        actor=actor,
        model=Partner,
        scope={},
        key=("slug",),
        rows=prepared,
        action_prefix="plan_partner",
    )
    outcomes.update({f"partner_{name}": count for name, count in synced.outcomes.items()})
    return {key[0]: partner for key, partner in synced.objects.items()}


def _load_projects(
    actor: Any,
    plan: ActionPlan,
    data: dict[str, Any],
    axes: dict[str, StrategicAxis],
    partners: dict[str, Partner],
    institutions: dict[str, Institution],
    outcomes: Counter[str],
) -> dict[int, Project]:
    rows = data.get("projects", [])
    prepared = [
        {
            "number": row["number"],
            "axis": axes[row["axis"]],
            "source_reference": row.get("source_reference", ""),
            **_texts(row, _PROJECT_TEXT_FIELDS),
            "nature": row.get("nature", ""),
            "responsible_unit": institutions.get(row.get("responsible_unit") or ""),
            "responsible_label": row.get("responsible_label", ""),
            "planned_start": _date(row.get("planned_start")),
            "planned_end": _date(row.get("planned_end")),
            "currency": row.get("currency") or plan.currency,
            "source_data": row.get("source_data", {}),
        }
        for row in rows
    ]
    synced = _sync_rows(
        actor=actor,
        model=Project,
        scope={"plan": plan},
        key=("number",),
        rows=prepared,
        many={
            "partners": {
                (row["number"],): {partners[slug].pk for slug in row.get("partners", [])}
                for row in rows
            },
            "other_responsible": {
                (row["number"],): {
                    institutions[slug].pk for slug in row.get("other_responsible", [])
                }
                for row in rows
            },
        },
        action_prefix="plan_project",
    )
    outcomes.update({f"project_{name}": count for name, count in synced.outcomes.items()})
    return {key[0]: project for key, project in synced.objects.items()}


def _load_milestones(
    actor: Any, rows: list[dict[str, Any]], projects: dict[int, Project], outcomes: Counter[str]
) -> None:
    prepared = [
        {
            "project_id": projects[row["number"]].pk,
            "position": milestone["position"],
            **_texts(milestone, ("title",)),
            "due_date": _date(milestone["due_date"]),
            "source": milestone.get("source", ""),
        }
        for row in rows
        for milestone in row.get("milestones", [])
    ]
    if not prepared:
        return
    synced = _sync_rows(
        actor=actor,
        model=Milestone,
        scope={"project__in": list(projects.values())},
        key=("project_id", "position"),
        rows=prepared,
        action_prefix="plan_milestone",
    )
    outcomes.update({f"milestone_{name}": count for name, count in synced.outcomes.items()})


# --- Bulk create-or-update with audit ----------------------------------------------------------


class _Synced:
    def __init__(self) -> None:
        self.objects: dict[tuple[Any, ...], models.Model] = {}
        self.outcomes: Counter[str] = Counter()


def _sync_rows(
    *,
    actor: Any,
    model: type[models.Model],
    scope: dict[str, Any],
    key: tuple[str, ...],
    rows: list[dict[str, Any]],
    action_prefix: str,
    many: dict[str, dict[tuple[Any, ...], set[int]]] | None = None,
) -> _Synced:
    """Bring the rows of ``model`` within ``scope`` identified by ``key`` to ``rows`` (and their
    many-to-many fields to ``many``) in a few statements, with one audit event per created or
    changed row."""
    result = _Synced()
    existing = {
        tuple(getattr(obj, name) for name in key): obj
        for obj in model._default_manager.filter(**scope)
    }
    plain_scope = {name: value for name, value in scope.items() if "__" not in name}
    created: list[models.Model] = []
    changes: dict[tuple[Any, ...], dict[str, tuple[Any, Any]]] = defaultdict(dict)
    to_update: dict[tuple[Any, ...], models.Model] = {}
    for row in rows:
        row_key = tuple(row[name] for name in key)
        values = {name: value for name, value in row.items() if name not in key}
        obj = existing.get(row_key)
        if obj is None:
            obj = model(**plain_scope, **row)
            _validate(obj)
            created.append(obj)
        else:
            before = snapshot(obj, values)
            for name, value in values.items():
                setattr(obj, name, value)
            after = snapshot(obj, values)
            for name in values:
                if before[name] != after[name]:
                    changes[row_key][name] = (before[name], after[name])
            if changes[row_key]:
                _validate(obj)
                to_update[row_key] = obj
        result.objects[row_key] = obj
    model._default_manager.bulk_create(created, batch_size=500)
    created_keys = {tuple(getattr(obj, name) for name in key) for obj in created}
    _save_changes(model, to_update.values(), changes)
    for field_name, wanted in (many or {}).items():
        _sync_many(model, field_name, result.objects, wanted, changes)
    events = []
    fields = [name for name in (rows[0] if rows else {}) if name not in key]
    for row_key, obj in result.objects.items():
        if row_key in created_keys:
            after = {
                **snapshot(obj, fields),
                **{f: sorted(w.get(row_key, ())) for f, w in (many or {}).items()},
            }
            events.append(PendingEvent(action=f"{action_prefix}.create", target=obj, after=after))
            result.outcomes["created"] += 1
        elif changes.get(row_key):
            diff = changes[row_key]
            events.append(
                PendingEvent(
                    action=f"{action_prefix}.update",
                    target=obj,
                    before={name: old for name, (old, _new) in diff.items()},
                    after={name: new for name, (_old, new) in diff.items()},
                )
            )
            result.outcomes["updated"] += 1
        else:
            result.outcomes["unchanged"] += 1
    record_many(actor=actor, events=events)
    return result


def _validate(obj: models.Model) -> None:
    """Field validation without a query per row: relations come from the database already and
    uniqueness and constraints are the database's job."""
    relations = [field.name for field in obj._meta.concrete_fields if field.is_relation]
    obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)


def _save_changes(
    model: type[models.Model],
    objects: Iterable[models.Model],
    changes: dict[tuple[Any, ...], dict[str, tuple[Any, Any]]],
) -> None:
    objects = list(objects)
    if not objects:
        return
    fields = sorted({name for diff in changes.values() for name in diff})
    concrete = [name for name in fields if not model._meta.get_field(name).many_to_many]
    now = timezone.now()
    for obj in objects:
        obj.updated_at = now
    model._default_manager.bulk_update(objects, [*concrete, "updated_at"], batch_size=500)


def _sync_many(
    model: type[models.Model],
    field_name: str,
    objects: dict[tuple[Any, ...], models.Model],
    wanted: dict[tuple[Any, ...], set[int]],
    changes: dict[tuple[Any, ...], dict[str, tuple[Any, Any]]],
) -> None:
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    owner_ids = [obj.pk for key, obj in objects.items() if key in wanted]
    current: dict[int, set[int]] = defaultdict(set)
    for owner_id, target_id in through.objects.filter(
        **{f"{source}_id__in": owner_ids}
    ).values_list(f"{source}_id", f"{target}_id"):
        current[owner_id].add(target_id)
    additions = []
    for key, target_ids in wanted.items():
        obj = objects[key]
        have = current.get(obj.pk, set())
        if have == target_ids:
            continue
        changes[key][field_name] = (sorted(have), sorted(target_ids))
        additions += [
            through(**{f"{source}_id": obj.pk, f"{target}_id": target_id})
            for target_id in target_ids - have
        ]
        removed = have - target_ids
        if removed:
            through.objects.filter(**{f"{source}_id": obj.pk, f"{target}_id__in": removed}).delete()
    through.objects.bulk_create(additions, batch_size=1000)


# --- Values ------------------------------------------------------------------------------------


def _institution_slugs(data: dict[str, Any]) -> set[str]:
    slugs = {data["plan"]["owner"]}
    for partner in data.get("partners", []):
        if partner.get("institution"):
            slugs.add(partner["institution"])
    for project in data.get("projects", []):
        if project.get("responsible_unit"):
            slugs.add(project["responsible_unit"])
        slugs.update(project.get("other_responsible", []))
    return slugs


def _institutions_by_slug(slugs: set[str]) -> dict[str, Institution]:
    found = {
        institution.slug: institution for institution in Institution.objects.filter(slug__in=slugs)
    }
    missing = sorted(slugs - set(found))
    if missing:
        raise ValueError(f"Unknown institutions (run load_reference first?): {missing}")
    return found


def _texts(row: dict[str, Any], names: Iterable[str]) -> dict[str, str]:
    return {
        f"{name}_{code}": (row.get(f"{name}_{code}") or "").strip()
        for name in names
        for code in _LANGUAGES
    }


def _optional(row: dict[str, Any], model: type[models.Model]) -> dict[str, Any]:
    """Fields a reader may give beyond the texts: dates, positions, source data."""
    values: dict[str, Any] = {"source_data": row.get("source_data", {})}
    if model is Activity:
        values.update(
            {
                "position": row.get("position", 0),
                "planned_start": _date(row.get("planned_start")),
                "planned_end": _date(row.get("planned_end")),
            }
        )
    return values


def _value(name: str, value: Any) -> Any:
    return _date(value) if name.endswith("_date") else value


def _date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))
