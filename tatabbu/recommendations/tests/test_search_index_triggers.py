"""The SQLite triggers of the search index and of the audit table survive table rebuilds."""

from __future__ import annotations

import pytest
from django.db import connection

from tatabbu.audit import triggers
from tatabbu.recommendations import search_index

pytestmark = pytest.mark.django_db


def _triggers(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def sqlite_only() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the triggers checked here exist on SQLite only (PostgreSQL uses a column)")


def test_search_triggers_are_reinstalled_after_a_table_rebuild(sqlite_only) -> None:
    assert set(search_index.SQLITE_TRIGGERS) <= _triggers("recommendations_recommendation")
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER recommendations_search_after_insert")
    assert search_index.ensure(connection) is True
    assert set(search_index.SQLITE_TRIGGERS) <= _triggers("recommendations_recommendation")
    assert search_index.ensure(connection) is False


def test_audit_triggers_are_reinstalled_after_a_table_rebuild(sqlite_only) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER audit_event_no_update")
    assert triggers.ensure(connection) is True
    assert {"audit_event_no_update", "audit_event_no_delete"} <= _triggers("audit_event")
