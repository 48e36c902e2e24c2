"""Test set-up shared by the whole suite: reference data, personas, browser launch options."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# pytest-django's live server runs in a thread next to Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("TATABBU_CHROMIUM", "/usr/bin/chromium"))
IN_CI = os.environ.get("CI", "").lower() == "true"
PERSONA_NAMES = (
    "administrator",
    "coordinator",
    "management",
    "focal.a",
    "validator.a",
    "focal.b",
    "validator.b",
    "association",
    "reviewer",
)


def pytest_configure(config: pytest.Config) -> None:
    if IN_CI and not CHROMIUM.exists():
        raise pytest.UsageError(f"CI=true but no browser at {CHROMIUM}: install chromium.")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"browser tests need Chromium at {CHROMIUM} (apt install chromium)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, object]:
    return {
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


def load_reference_and_personas() -> None:
    from django.core.management import call_command

    from tatabbu.accounts.services import personas_seed
    from tatabbu.institutions.models import Institution

    if not Institution.objects.exists():
        call_command("load_reference", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    personas_seed(actor=None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Reference data and personas, loaded once per test database."""
    with django_db_blocker.unblock():
        load_reference_and_personas()


@pytest.fixture
def reference_data(transactional_db):  # type: ignore[no-untyped-def]
    """For transactional tests (live server, real processes): the flush between them empties the
    database, so reference data and personas are loaded again."""
    load_reference_and_personas()


@pytest.fixture(autouse=True)
def _clear_cache():  # type: ignore[no-untyped-def]
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def personas(db):  # type: ignore[no-untyped-def]
    from tatabbu.accounts.models import User

    return {user.username: user for user in User.objects.filter(username__in=PERSONA_NAMES)}


def _persona_fixture(username: str):  # type: ignore[no-untyped-def]
    @pytest.fixture
    def fixture(db):  # type: ignore[no-untyped-def]
        from tatabbu.accounts.models import User

        return User.objects.get(username=username)

    return fixture


administrator = _persona_fixture("administrator")
coordinator = _persona_fixture("coordinator")
management = _persona_fixture("management")
focal_a = _persona_fixture("focal.a")
validator_a = _persona_fixture("validator.a")
focal_b = _persona_fixture("focal.b")
validator_b = _persona_fixture("validator.b")
association = _persona_fixture("association")
reviewer = _persona_fixture("reviewer")


@pytest.fixture
def client_for(db):  # type: ignore[no-untyped-def]
    """``client_for(user)``: a test client signed in as ``user`` (``None``: anonymous)."""
    from django.test import Client

    def make(user):  # type: ignore[no-untyped-def]
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def api_client_for(db):  # type: ignore[no-untyped-def]
    """``api_client_for(user)``: a DRF client authenticated with the user's API token."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    def make(user):  # type: ignore[no-untyped-def]
        client = APIClient()
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return make


def has_browser() -> bool:
    return CHROMIUM.exists() or shutil.which("chromium") is not None
