"""PostgreSQL: the stored ``search_vector`` also holds the row's sample bucket as a lexeme
(``#<id % 256>``, search_index.py), so that sampling a large match set happens inside the GIN
index instead of reading every matching row from the table. SQLite (FTS5) is unchanged."""

from django.db import migrations

PREVIOUS_COLUMN = """ALTER TABLE recommendations_recommendation ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED"""
INDEX = """CREATE INDEX IF NOT EXISTS recommendations_search_vector_gin
    ON recommendations_recommendation USING gin (search_vector)"""


def _drop(schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS recommendations_search_vector_gin")
    schema_editor.execute(
        "ALTER TABLE recommendations_recommendation DROP COLUMN IF EXISTS search_vector"
    )


def forward(apps, schema_editor):
    from tatabbu.recommendations import search_index

    if schema_editor.connection.vendor != "postgresql":
        return
    _drop(schema_editor)
    for statement in search_index.POSTGRES_CREATE:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    _drop(schema_editor)
    schema_editor.execute(PREVIOUS_COLUMN)
    schema_editor.execute(INDEX)


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0004_search_vector_column")]

    operations = [migrations.RunPython(forward, backward)]
