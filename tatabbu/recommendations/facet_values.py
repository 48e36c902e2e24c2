"""PostgreSQL: each recommendation's many-to-many facet values as arrays on one narrow row.

The facet statement (``facets.py``) counts themes, groups of persons, SDG goals and recommending
States over the rows of a result or of its sample (about 1,000 rows). Read from the four link
tables that is four index probes per row (about 14,000 buffer reads for a 1,171-row sample,
two thirds of the statement's); read from this table it is one (``make bench``: the statement
went from ~20 to ~15 ms on the 300k-row bench database). SQLite keeps reading the link tables
(FTS5 and its page cache make them cheap there).

The table holds what the link tables hold, exactly: statement triggers on the four link tables
(one per INSERT, DELETE or UPDATE statement, with its transition table) recompute the arrays of
the recommendations the statement touched, whatever wrote them (the ORM's ``add`` / ``remove``
/ ``set`` / ``clear``, the importer's multi-row inserts, a deletion's cascade). A recommendation
with no link has no row, or a row of empty arrays; its own deletion removes its row (a trigger:
no foreign key, so that Django's TRUNCATE of the test flush is not refused; a TRUNCATE of the
recommendations or of a link table empties what it held, by TRUNCATE triggers). ``install`` also
fills the table from the link tables (migration 0007, and the search bench after its bulk load).
"""

# ruff: noqa: S608 (every statement here is built from the constants of this module)

from __future__ import annotations

from typing import Any

TABLE = "recommendations_facet_values"
_R = "recommendations_recommendation"

# (array column, link table, value column) — the facet statement reads the array columns.
LINKS = (
    ("theme_ids", f"{_R}_themes", "theme_id"),
    ("group_ids", f"{_R}_groups", "persongroup_id"),
    ("sdg_ids", f"{_R}_sdg_goals", "sdggoal_id"),
    ("state_ids", f"{_R}_recommending_states", "country_id"),
)


def _values(table: str, column: str, recommendation: str) -> str:
    return (
        f"coalesce((SELECT array_agg(x.{column} ORDER BY x.{column}) FROM {table} x "
        f"WHERE x.recommendation_id = {recommendation}), '{{}}')"
    )


def _refresh(array: str, table: str, column: str, ids: str) -> str:
    """Set ``array`` of the recommendations ``ids`` (a SELECT of ids) from the link table."""
    return (
        f"INSERT INTO {TABLE} (recommendation_id, {array}) "
        f"SELECT r.id, {_values(table, column, 'r.id')} FROM (SELECT DISTINCT id FROM ({ids}) i) r "
        f"WHERE EXISTS (SELECT 1 FROM {_R} rec WHERE rec.id = r.id) "
        f"ON CONFLICT (recommendation_id) DO UPDATE SET {array} = EXCLUDED.{array}"
    )


def _function(array: str, table: str, column: str) -> str:
    new = "SELECT recommendation_id AS id FROM new_rows"
    old = "SELECT recommendation_id AS id FROM old_rows"
    return (
        f"CREATE OR REPLACE FUNCTION {TABLE}_{array}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN "
        f"IF TG_OP = 'INSERT' THEN {_refresh(array, table, column, new)}; "
        f"ELSIF TG_OP = 'DELETE' THEN {_refresh(array, table, column, old)}; "
        f"ELSE {_refresh(array, table, column, f'{new} UNION {old}')}; "
        "END IF; RETURN NULL; END $$"
    )


def _triggers(array: str, table: str) -> list[str]:
    referencing = {
        "INSERT": "NEW TABLE AS new_rows",
        "DELETE": "OLD TABLE AS old_rows",
        "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    }
    return [
        f"CREATE OR REPLACE TRIGGER {TABLE}_{array}_{event.lower()} AFTER {event} ON {table} "
        f"REFERENCING {transition} FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_{array}()"
        for event, transition in referencing.items()
    ]


_GONE = (
    # A recommendation deleted, or the recommendations or a link table truncated.
    f"CREATE OR REPLACE FUNCTION {TABLE}_gone() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    f"IF TG_OP = 'DELETE' THEN DELETE FROM {TABLE} "
    "WHERE recommendation_id IN (SELECT id FROM old_rows); "
    f"ELSIF TG_TABLE_NAME = '{_R}' THEN DELETE FROM {TABLE}; "
    + " ".join(
        f"ELSIF TG_TABLE_NAME = '{table}' THEN UPDATE {TABLE} SET {array} = '{{}}'; "
        for array, table, _column in LINKS
    )
    + "END IF; RETURN NULL; END $$"
)

POSTGRES_CREATE = [
    f"CREATE TABLE IF NOT EXISTS {TABLE} (recommendation_id bigint PRIMARY KEY, "
    + ", ".join(f"{array} bigint[] NOT NULL DEFAULT '{{}}'" for array, _table, _column in LINKS)
    + ")",
    *[_function(array, table, column) for array, table, column in LINKS],
    *[statement for array, table, _column in LINKS for statement in _triggers(array, table)],
    _GONE,
    f"CREATE OR REPLACE TRIGGER {TABLE}_gone_delete AFTER DELETE ON {_R} "
    f"REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_gone()",
    *[
        f"CREATE OR REPLACE TRIGGER {TABLE}_gone_truncate AFTER TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_gone()"
        for table in (_R, *[table for _array, table, _column in LINKS])
    ],
    # The existing rows: every recommendation with at least one link.
    f"INSERT INTO {TABLE} (recommendation_id, "
    + ", ".join(array for array, _table, _column in LINKS)
    + ") SELECT r.id, "
    + ", ".join(_values(table, column, "r.id") for _array, table, column in LINKS)
    + f" FROM (SELECT recommendation_id AS id FROM {LINKS[0][1]} "
    + " ".join(f"UNION SELECT recommendation_id FROM {table}" for _a, table, _c in LINKS[1:])
    + ") r ON CONFLICT (recommendation_id) DO NOTHING",
]
POSTGRES_DROP = [
    *[
        f"DROP TRIGGER IF EXISTS {TABLE}_gone_{event} ON {table}"
        for table in (_R, *[table for _array, table, _column in LINKS])
        for event in ("delete", "truncate")
    ],
    f"DROP FUNCTION IF EXISTS {TABLE}_gone()",
    *[
        f"DROP TRIGGER IF EXISTS {TABLE}_{array}_{event} ON {table}"
        for array, table, _column in LINKS
        for event in ("insert", "delete", "update")
    ],
    *[f"DROP FUNCTION IF EXISTS {TABLE}_{array}()" for array, _table, _column in LINKS],
    f"DROP TABLE IF EXISTS {TABLE}",
]


def install(connection: Any) -> None:
    """PostgreSQL: create the table and its triggers, and fill it from the link tables."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in POSTGRES_CREATE:
                cursor.execute(statement)


def remove(connection: Any) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in POSTGRES_DROP:
                cursor.execute(statement)
