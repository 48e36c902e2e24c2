"""Operational contract: health check, deployment check, settings, the API's error shape."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_healthz_reports_the_database(client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_check_deploy_passes_with_production_settings() -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": "x" * 20 + "-production-like-secret-key-" + "y" * 20,
        "DJANGO_ALLOWED_HOSTS": "tatabbu.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_settings_refuse_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.prod"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is required" in result.stderr


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_immediate_transactions() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("SQLite-specific settings; this run uses PostgreSQL")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5


def test_env_example_lists_every_variable_the_settings_read() -> None:
    import re

    names = set()
    for path in (ROOT / "config" / "settings").glob("*.py"):
        names.update(re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"', path.read_text()))
    example = (ROOT / ".env.example").read_text()
    missing = sorted(name for name in names if f"\n{name}=" not in example)
    assert missing == []


def test_dev_seed_password_matches_env_example() -> None:
    example = (ROOT / ".env.example").read_text()
    assert f"\nSEED_PASSWORD={settings.SEED_PASSWORD}\n" in example


@pytest.mark.django_db
def test_api_errors_have_one_shape(client) -> None:
    response = client.get("/api/v1/treaties/NO-SUCH-TREATY/")
    assert response.status_code == 404
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert body["code"] == "not_found"


@pytest.mark.django_db
def test_openapi_schema_lists_the_reference_endpoints(client) -> None:
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    text = response.content.decode()
    for path in ("/api/v1/treaties/", "/api/v1/institutions/", "/api/v1/sdg-targets/"):
        assert path in text


@pytest.mark.django_db
def test_security_headers_on_html_pages(client) -> None:
    response = client.get("/ar/")
    csp = response["Content-Security-Policy"]
    for directive in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert directive in csp
    assert "'nonce'" not in csp  # django-csp 4 wants csp.constants.NONCE, not a literal
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_signed_in_pages_are_not_stored_by_shared_caches(client_for, coordinator) -> None:
    response = client_for(coordinator).get("/ar/app/")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.django_db
def test_responses_carry_a_request_id(client) -> None:
    response = client.get("/ar/", HTTP_X_REQUEST_ID="spoofed-by-client-123")
    assert len(response["X-Request-ID"]) == 32
    assert response["X-Request-ID"] != "spoofed-by-client-123"
