"""The permission sweep: every URL pattern × every persona against the policy table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from tatabbu.institutions.models import Institution

from .url_policy import (
    ADMIN_EXPECT,
    ADMIN_NAMESPACE,
    LOGIN,
    PERSONAS,
    POLICY,
    REDIRECT,
)


def iter_named_patterns(
    resolver: URLResolver | None = None, namespace: str = ""
) -> list[tuple[str, URLPattern]]:
    """Every named URL pattern as ``namespace:name``."""
    resolver = resolver or get_resolver()
    found: list[tuple[str, URLPattern]] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            found.extend(iter_named_patterns(entry, inner))
        elif entry.name:
            found.append((f"{namespace}:{entry.name}" if namespace else entry.name, entry))
    return found


def test_every_url_pattern_has_a_policy() -> None:
    missing = sorted(
        name
        for name, _ in iter_named_patterns()
        if name not in POLICY and not name.startswith(f"{ADMIN_NAMESPACE}:")
    )
    assert missing == [], f"URL patterns without an entry in tests/url_policy.py: {missing}"


def test_policy_has_no_stale_entries() -> None:
    names = {name for name, _ in iter_named_patterns()}
    assert sorted(set(POLICY) - names) == []


@dataclass
class Context:
    users: dict[str, Any]
    institution_a: Institution
    calls: Any = None
    import_batch: Any = None


@pytest.fixture
def url_context(personas: dict[str, Any], settings: Any, tmp_path: Any) -> Context:
    from tatabbu.calls.tests.scenario import build_calls_scenario
    from tatabbu.recommendations.services import import_batch_create

    settings.MEDIA_ROOT = tmp_path / "media"
    batch = import_batch_create(
        actor=personas["coordinator"], format="csv", file_name="x.csv", stored_file="", file_size=0
    )
    return Context(
        users=personas,
        institution_a=personas["focal.a"].institution,
        calls=build_calls_scenario(personas),
        import_batch=batch,
    )


def _check(response: Any, expected: int | str, label: str) -> None:
    if expected == LOGIN:
        assert response.status_code == 302, label
        assert "/login/" in response["Location"], f"{label}: {response['Location']}"
    elif expected == REDIRECT:
        assert response.status_code == 302, label
    else:
        assert response.status_code == expected, f"{label}: got {response.status_code}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_url_policy_sweep(persona: str, url_context: Context, client_for: Any) -> None:
    client = client_for(None if persona == "anonymous" else url_context.users[persona])
    checked = 0
    with translation.override("ar"):
        for name, cases in POLICY.items():
            for case in cases:
                url = reverse(name, kwargs=case.kwargs(url_context))
                response = client.get(url + (f"?{case.query}" if case.query else ""))
                _check(response, case.expect[persona], f"{persona} GET {url} ({name})")
                checked += 1
    assert checked >= len(POLICY)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_site_is_for_administrators_only(
    persona: str, url_context: Context, client_for: Any
) -> None:
    client = client_for(None if persona == "anonymous" else url_context.users[persona])
    patterns = [
        name
        for name, pattern in iter_named_patterns()
        if name.startswith(f"{ADMIN_NAMESPACE}:")
        and not pattern.pattern.regex.groupindex
        and name not in {"admin:logout", "admin:login", "admin:autocomplete"}
    ]
    assert patterns
    for name in patterns:
        response = client.get(reverse(name))
        expected = ADMIN_EXPECT[persona]
        if name == "admin:index" or expected != 200:
            _check(response, expected, f"{persona} GET {name}")
        else:
            assert response.status_code in {200, 302, 403}, f"{persona} GET {name}"
