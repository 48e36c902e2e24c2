"""Create-or-update with its audit event: the shared step of reference loaders and importers."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from django.db import models

from .trail import changed_fields, record, snapshot

M = TypeVar("M", bound=models.Model)


class UpsertOutcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


def audited_upsert(
    *,
    actor: Any,
    model: type[M],
    lookup: dict[str, Any],
    values: dict[str, Any],
    action_created: str,
    action_updated: str,
    institution: Any = None,
) -> tuple[M, UpsertOutcome]:
    """Create the row matching ``lookup`` or bring it to ``values``; audit only real changes.

    Must run inside a service (it writes). Returns the row and what happened to it.
    """
    instance = model._default_manager.filter(**lookup).first()
    fields = list(values)
    if instance is None:
        instance = model(**lookup, **values)
        instance.full_clean()
        instance.save()
        record(
            actor=actor,
            action=action_created,
            target=instance,
            institution=institution,
            after=snapshot(instance, fields),
        )
        return instance, UpsertOutcome.CREATED
    before = snapshot(instance, fields)
    for name, value in values.items():
        setattr(instance, name, value)
    after = snapshot(instance, fields)
    changed = changed_fields(before, after)
    if not changed:
        return instance, UpsertOutcome.UNCHANGED
    instance.full_clean()
    instance.save(update_fields=[*changed, *_auto_now_fields(instance)])
    record(
        actor=actor,
        action=action_updated,
        target=instance,
        institution=institution,
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
    )
    return instance, UpsertOutcome.UPDATED


def _auto_now_fields(instance: models.Model) -> list[str]:
    return [
        field.name for field in instance._meta.concrete_fields if getattr(field, "auto_now", False)
    ]
