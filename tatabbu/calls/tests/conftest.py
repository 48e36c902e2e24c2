from __future__ import annotations

import pytest
from django.test import override_settings


@pytest.fixture(autouse=True)
def _media(tmp_path):  # type: ignore[no-untyped-def]
    with override_settings(MEDIA_ROOT=tmp_path / "media"):
        yield


@pytest.fixture
def call(coordinator):  # type: ignore[no-untyped-def]
    from .factories import make_call

    return make_call(coordinator)


@pytest.fixture
def association_a(association):  # type: ignore[no-untyped-def]
    """The ``association`` persona with its organisation (association A)."""
    from .factories import persona_association

    persona_association(association)
    association.refresh_from_db()
    return association


@pytest.fixture
def association_b(db):  # type: ignore[no-untyped-def]
    from .factories import make_association

    return make_association("Association B", "RB-2026-002", "contact@association-b.example").user
