"""Optimistic concurrency: editable rows carry a ``version`` that every edit must quote.

``select_for_update()`` is a no-op on SQLite and an edit spans two requests anyway (the form is
loaded, then submitted), so a stale version is refused instead (RELIABILITY.md CONC-1).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F

from .exceptions import ConflictError


def bump_version(instance: models.Model, *, expected_version: int, fields: list[str]) -> None:
    """Save ``fields`` of ``instance`` only if its stored version is still ``expected_version``.

    One conditional UPDATE: of two concurrent editors quoting the same version exactly one wins;
    the other gets :class:`ConflictError` with the current version.
    """
    model = type(instance)
    values: dict[str, Any] = {}
    for name in fields:
        attname = instance._meta.get_field(name).attname
        values[attname] = getattr(instance, attname)
    for field in instance._meta.concrete_fields:
        if getattr(field, "auto_now", False):
            field.pre_save(instance, add=False)
            values[field.attname] = getattr(instance, field.attname)
    updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
        **values,
        version=F("version") + 1,
    )
    if updated != 1:
        current = model._default_manager.filter(pk=instance.pk).values_list("version", flat=True)
        raise ConflictError(current_version=current.first())
    instance.version = expected_version + 1
