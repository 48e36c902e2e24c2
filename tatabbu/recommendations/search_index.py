"""The full-text index over ``Recommendation.search_text``, one per database engine.

SQLite: an FTS5 external-content table kept in sync by triggers (``unicode61 remove_diacritics
2`` over text already folded by ``core.text.normalize_text``). PostgreSQL: a stored generated
column ``search_vector = to_tsvector('simple', search_text)`` with a GIN index — 'simple'
because the text is already folded the same way for all three languages; stored so that ranking
reads the vector instead of parsing the text again (migration 0004 replaced the expression index
of migration 0002). The column is not a model field: Django never selects or writes it.

The vector also holds the row's sample bucket ``b = id % 256`` (migration 0005), so that a sample
of the matches (``search.match_set``: the buckets ``0 <= b < k``) is taken inside the GIN index
and the ``@@`` reads only the sampled rows from the table, not every match. The bucket is
written as 8 lexemes ``#<level>_<b >> level>``, one per aligned block of 1, 2, 4 … 128 buckets
that holds ``b``: any range ``[0, k)`` is then at most 8 blocks (the binary digits of ``k``),
an OR of at most 8 lexemes (an OR of one lexeme per bucket cost more than it saved above a few
dozen buckets). Likewise the row's id as 14 lexemes ``@<level>_<id >> level>`` (blocks of 2**10 …
2**23 ids), so that "the matches with ``id >= n``" (the newest, which relevance ranks) reads
only those rows from the table: ``[n, 2**24)`` is at most 14 blocks. No query term can match
these lexemes: query terms are words (letters and digits), and ``#`` and ``@`` are neither.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tatabbu.core.text import normalize_text

FTS_TABLE = "recommendations_search"
PG_INDEX = "recommendations_search_gin"
PG_COLUMN = "search_vector"
BUCKET_LEVELS = 8  # blocks of 2**0 … 2**7 of the 256 sample buckets


def bucket_lexeme(level: int, block: int) -> str:
    """The lexeme of the block ``block`` of ``2**level`` sample buckets."""
    return f"#{level}_{block}"


# Blocks of ids: 2**10 … 2**23 consecutive ids, for "id >= n" inside the GIN index.
ID_LEVELS = range(10, 24)
ID_LIMIT = 1 << ID_LEVELS[-1] + 1  # ids from here on are not in any block


def id_lexeme(level: int, block: int) -> str:
    """The lexeme of the block ``block`` of ``2**level`` consecutive ids."""
    return f"@{level}_{block}"


_BUCKET_LEXEMES_SQL = " || ' ' || ".join(
    [
        *(
            f"'#{level}_' || CAST(mod(id, 256) / {2**level} AS text)"
            for level in range(BUCKET_LEVELS)
        ),
        *(f"'@{level}_' || CAST(id / {2**level} AS text)" for level in ID_LEVELS),
    ]
)

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS recommendations_search USING fts5(
        search_text,
        content='recommendations_recommendation',
        content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
    )""",
    """CREATE TRIGGER IF NOT EXISTS recommendations_search_after_insert
        AFTER INSERT ON recommendations_recommendation BEGIN
        INSERT INTO recommendations_search(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS recommendations_search_after_delete
        AFTER DELETE ON recommendations_recommendation BEGIN
        INSERT INTO recommendations_search(recommendations_search, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS recommendations_search_after_update
        AFTER UPDATE OF search_text ON recommendations_recommendation BEGIN
        INSERT INTO recommendations_search(recommendations_search, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO recommendations_search(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS recommendations_search_after_insert",
    "DROP TRIGGER IF EXISTS recommendations_search_after_delete",
    "DROP TRIGGER IF EXISTS recommendations_search_after_update",
    "DROP TABLE IF EXISTS recommendations_search",
]
POSTGRES_CREATE = [
    """ALTER TABLE recommendations_recommendation ADD COLUMN IF NOT EXISTS search_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)
            || CAST("""
    + _BUCKET_LEXEMES_SQL
    + """ AS tsvector)) STORED""",
    """CREATE INDEX IF NOT EXISTS recommendations_search_vector_gin
        ON recommendations_recommendation USING gin (search_vector)""",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS recommendations_search_gin",  # the expression index before 0004
    "DROP INDEX IF EXISTS recommendations_search_vector_gin",
    "ALTER TABLE recommendations_recommendation DROP COLUMN IF EXISTS search_vector",
]


# PostgreSQL: every word of every vector, so that a prefix ("righ" of search as you type) is
# turned into the words it begins (``search.expand_prefix``) and matched as an OR of exact
# lexemes: GIN then skips through their entries alongside the other terms', where a prefix
# (``'righ':*``) makes it read every entry of every word it begins first (23 ms for "rights",
# 90,000 rows, against 1.6 ms for the word; docs/architecture.md, "Search"). The table only
# grows: a word no row holds any more makes the OR one term longer, never a result wrong.
# Statement triggers (one per INSERT, COPY or UPDATE, not per row) add the words of new texts.
WORDS_TABLE = "recommendations_search_word"
_NEW_WORDS = (
    f"INSERT INTO {WORDS_TABLE} (word) SELECT DISTINCT w.word "  # noqa: S608 (constants)
    "FROM {rows}, unnest(tsvector_to_array(new_rows.search_vector)) AS w(word) "
    "WHERE left(w.word, 1) NOT IN ('#', '@') ON CONFLICT DO NOTHING"
)
POSTGRES_WORDS_CREATE = [
    f'CREATE TABLE IF NOT EXISTS {WORDS_TABLE} (word text COLLATE "C" PRIMARY KEY)',
    """CREATE OR REPLACE FUNCTION recommendations_search_words_insert() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN """
    + _NEW_WORDS.format(rows="new_rows")
    + """; RETURN NULL; END $$""",
    """CREATE OR REPLACE FUNCTION recommendations_search_words_update() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN """
    + _NEW_WORDS.format(
        rows="new_rows JOIN old_rows ON old_rows.id = new_rows.id "
        "AND old_rows.search_text IS DISTINCT FROM new_rows.search_text"
    )
    + """; RETURN NULL; END $$""",
    """CREATE OR REPLACE TRIGGER recommendations_search_words_after_insert
        AFTER INSERT ON recommendations_recommendation REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION recommendations_search_words_insert()""",
    """CREATE OR REPLACE TRIGGER recommendations_search_words_after_update
        AFTER UPDATE ON recommendations_recommendation
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION recommendations_search_words_update()""",
    _NEW_WORDS.format(rows="recommendations_recommendation AS new_rows"),  # the existing rows
]
POSTGRES_WORDS_DROP = [
    "DROP TRIGGER IF EXISTS recommendations_search_words_after_insert "
    "ON recommendations_recommendation",
    "DROP TRIGGER IF EXISTS recommendations_search_words_after_update "
    "ON recommendations_recommendation",
    "DROP FUNCTION IF EXISTS recommendations_search_words_insert()",
    "DROP FUNCTION IF EXISTS recommendations_search_words_update()",
    f"DROP TABLE IF EXISTS {WORDS_TABLE}",
]


def install_words(connection: Any) -> None:
    """PostgreSQL: create the word table and its triggers, and fill it from the rows."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in POSTGRES_WORDS_CREATE:
                cursor.execute(statement)


def remove_words(connection: Any) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in POSTGRES_WORDS_DROP:
                cursor.execute(statement)


def install(connection: Any) -> None:
    statements = {"sqlite": SQLITE_CREATE, "postgresql": POSTGRES_CREATE}[connection.vendor]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def remove(connection: Any) -> None:
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}[connection.vendor]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def rebuild(connection: Any) -> None:
    """Rebuild the SQLite index from the table (after a bulk load that bypassed triggers)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO recommendations_search(recommendations_search) VALUES ('rebuild')"
            )


def build_search_text(
    *,
    texts: list[str],
    paragraph: str = "",
    references: list[str] | None = None,
    names: list[str] | None = None,
) -> str:
    """The normalised text indexed for one recommendation: its texts in every language, its
    paragraph, its document references and the names of its recommending States, as word tokens
    separated by spaces (so that SQLite's and PostgreSQL's tokenizers cut it the same way as
    ``search.parse_query`` cuts a query: "A/HRC/21/3" is "a hrc 21 3" on both)."""
    return search_words([*texts, paragraph, *(references or []), *(names or [])])


def search_words(parts: Iterable[str]) -> str:
    """The folded word tokens of ``parts``, separated by spaces.

    Folding and tokenizing never cross the space put between two parts, so the words of several
    parts are the words of each part, joined: a caller may fold a recurring part once and join it
    to the rest (the importer folds each recommending State's names once per import).
    """
    from .search import search_tokens

    text = " ".join(part for part in parts if part)
    # ASCII text: lower case is all ``normalize_text`` changes that tokens can see (its other
    # step folds whitespace, which separates tokens either way); skipping it is 4 % of an
    # import's plan.
    return " ".join(search_tokens(text.lower() if text.isascii() else normalize_text(text)))


SQLITE_TRIGGERS = (
    "recommendations_search_after_insert",
    "recommendations_search_after_delete",
    "recommendations_search_after_update",
)


def ensure(connection: Any) -> bool:
    """Reinstall the SQLite triggers if a table rebuild dropped them (Django recreates a table
    on SQLite for many ALTERs, and the triggers go with the old table), then rebuild the index
    from the table. Returns whether anything was missing. Run after every migrate."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            ["recommendations_recommendation"],
        )
        present = {row[0] for row in cursor.fetchall()}
    if present >= set(SQLITE_TRIGGERS):
        return False
    install(connection)
    rebuild(connection)
    return True
