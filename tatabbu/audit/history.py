"""Which objects have a history page, and who may read it.

Each app registers its models with a function ``get_object(user, pk)`` that returns the object the
user may see or raises ``Http404`` (the app's selector does the scoping). An object's history is
visible exactly to those who may see the object.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models

ObjectGetter = Callable[[Any, str], models.Model]
_GETTERS: dict[str, ObjectGetter] = {}


def register_history(model: type[models.Model], get_object: ObjectGetter) -> None:
    _GETTERS[model._meta.label_lower] = get_object


def history_getter(label: str) -> ObjectGetter | None:
    return _GETTERS.get(label.lower())


def history_url(instance: models.Model) -> str:
    from django.urls import reverse

    return reverse(
        "audit:history", kwargs={"model": instance._meta.label_lower, "pk": str(instance.pk)}
    )
