"""``core.bulk.insert_rows``: multi-row inserts split by the engine's parameter limit."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tatabbu.core import bulk

pytestmark = pytest.mark.django_db


@pytest.fixture
def probe_table():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bulk_probe (n integer NOT NULL, label text NOT NULL)")
    yield "bulk_probe"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bulk_probe")


def _stored() -> list[tuple[int, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT n, label FROM bulk_probe ORDER BY n")
        return [tuple(row) for row in cursor.fetchall()]


def test_every_row_is_inserted_with_one_statement_per_full_batch(probe_table, monkeypatch):
    monkeypatch.setattr(bulk, "MAX_ROWS", 7)
    rows = [(n, f"توصية {n} « é » ' ; --") for n in range(30)]
    with CaptureQueriesContext(connection) as queries:
        bulk.insert_rows(connection, probe_table, ["n", "label"], rows)
    assert _stored() == rows
    inserts = [query for query in queries.captured_queries if "INSERT" in query["sql"]]
    assert len(inserts) == 5  # 7 + 7 + 7 + 7 + 2


def test_the_parameter_limit_bounds_the_rows_per_statement(probe_table, monkeypatch):
    monkeypatch.setattr(bulk, "max_params", lambda connection: 5)  # two rows of two columns
    rows = [(n, str(n)) for n in range(5)]
    with CaptureQueriesContext(connection) as queries:
        bulk.insert_rows(connection, probe_table, ["n", "label"], rows)
    assert _stored() == rows
    assert len([query for query in queries.captured_queries if "INSERT" in query["sql"]]) == 3


def test_the_engine_limit_is_read_from_the_connection():
    limit = bulk.max_params(connection)
    if connection.vendor == "sqlite":
        # Django says 999 (older SQLite); the library linked here allows more.
        import sqlite3

        assert limit == connection.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    else:
        assert limit == bulk.POSTGRESQL_MAX_PARAMS


def test_nothing_to_insert_runs_no_statement(probe_table):
    with CaptureQueriesContext(connection) as queries:
        bulk.insert_rows(connection, probe_table, ["n", "label"], [])
    assert queries.captured_queries == []


def test_one_placeholder_per_column_is_required(probe_table):
    with pytest.raises(ValueError, match="one placeholder per column"):
        bulk.insert_rows(connection, probe_table, ["n", "label"], [(1, "a")], placeholders=["%s"])
