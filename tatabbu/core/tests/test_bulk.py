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


def _writes(queries: CaptureQueriesContext) -> list[str]:
    return [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"] and query["sql"].lstrip().upper().startswith(("INSERT", "COPY"))
    ]


def test_every_row_is_inserted_with_one_statement_per_full_batch(probe_table, monkeypatch):
    monkeypatch.setattr(bulk, "MAX_ROWS", 7)
    rows = [(n, f"توصية {n} « é » ' ; --\t\\N \n") for n in range(30)]
    with CaptureQueriesContext(connection) as queries:
        bulk.insert_rows(connection, probe_table, ["n", "label"], rows)
    assert _stored() == rows
    if connection.vendor == "postgresql":
        assert [sql.split()[0] for sql in _writes(queries)] == ["COPY"]  # one stream, any size
    else:
        assert len(_writes(queries)) == 5  # 7 + 7 + 7 + 7 + 2


def test_the_parameter_limit_bounds_the_rows_per_statement(probe_table, monkeypatch):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL inserts by COPY, which binds no parameters")
    monkeypatch.setattr(bulk, "max_params", lambda connection: 5)  # two rows of two columns
    rows = [(n, str(n)) for n in range(5)]
    with CaptureQueriesContext(connection) as queries:
        bulk.insert_rows(connection, probe_table, ["n", "label"], rows)
    assert _stored() == rows
    assert len(_writes(queries)) == 3


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


# --- pipelined ----------------------------------------------------------------------------------


def test_pipelined_inserts_land_in_order_and_a_read_waits_for_them(probe_table, monkeypatch):
    from django.db import transaction

    monkeypatch.setattr(bulk, "MAX_ROWS", 3)
    rows = [(n, f"row {n}") for n in range(20)]
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        with bulk.pipelined(connection):
            bulk.insert_rows(connection, probe_table, ["n", "label"], rows[:10])
            assert _stored() == rows[:10]  # a read on the connection waits for the queue
            bulk.insert_rows(connection, probe_table, ["n", "label"], rows[10:])
        assert _stored() == rows
    # Each statement went through Django's cursor (execute wrappers, query log) as before.
    expected = 2 if connection.vendor == "postgresql" else 8  # one COPY each; 3 + 3 + 3 + 1, twice
    assert len(_writes(queries)) == expected


def test_an_error_in_the_background_is_raised_in_the_caller(probe_table):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic(), bulk.pipelined(connection):
        bulk.insert_rows(connection, probe_table, ["n", "label"], [(1, "a")])
        bulk.insert_rows(connection, probe_table, ["n", "label"], [(2, None)])  # NOT NULL
        bulk.insert_rows(connection, probe_table, ["n", "label"], [(3, "c")])
    assert _stored() == []  # the transaction was rolled back


def test_an_error_in_the_caller_cancels_the_queue(probe_table):
    from django.db import transaction

    with pytest.raises(RuntimeError, match="caller"), transaction.atomic():  # noqa: SIM117
        with bulk.pipelined(connection):  # inside the transaction, as the importer uses it
            bulk.insert_rows(connection, probe_table, ["n", "label"], [(1, "a")])
            raise RuntimeError("caller")
    assert _stored() == []


def test_the_write_observer_of_services_sees_pipelined_inserts(probe_table):
    from tatabbu.audit.trail import AuditMissingError, service

    @service
    def write_without_audit() -> None:
        with bulk.pipelined(connection):
            bulk.insert_rows(connection, probe_table, ["n", "label"], [(1, "a")])

    with pytest.raises(AuditMissingError, match=probe_table):
        write_without_audit()


# --- reserve_ids --------------------------------------------------------------------------------


@pytest.fixture
def id_table():
    column = {
        "sqlite": "id integer PRIMARY KEY AUTOINCREMENT",
        "postgresql": "id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
    }[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bulk_ids ({column}, label text NOT NULL)")
    yield "bulk_ids"
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bulk_ids")


def test_reserved_ids_are_free_and_follow_the_highest_ever_given(id_table):
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        for label in ("a", "b", "c"):
            cursor.execute("INSERT INTO bulk_ids (label) VALUES (%s)", [label])
        cursor.execute("SELECT max(id) FROM bulk_ids")
        highest = cursor.fetchone()[0]
        cursor.execute("DELETE FROM bulk_ids WHERE id = %s", [highest])  # not given again
        ids = bulk.reserve_ids(connection, id_table, 4)
        assert len(set(ids)) == 4 and min(ids) > highest
        bulk.insert_rows(connection, id_table, ["id", "label"], [(pk, "new") for pk in ids])
        cursor.execute("INSERT INTO bulk_ids (label) VALUES ('after')")  # the engine's own id
        cursor.execute("SELECT id FROM bulk_ids WHERE label = 'after'")
        assert cursor.fetchone()[0] > max(ids)
        assert bulk.reserve_ids(connection, id_table, 0) == []


def test_fewer_collections_raises_the_threshold_and_restores_it():
    import gc

    before = gc.get_threshold()
    with pytest.raises(RuntimeError), bulk.fewer_collections():
        assert gc.get_threshold()[0] == max(before[0], bulk.BULK_GC_THRESHOLD)
        assert gc.get_threshold()[1:] == before[1:]
        assert gc.isenabled()  # cycles are still collected, less often
        raise RuntimeError
    assert gc.get_threshold() == before
