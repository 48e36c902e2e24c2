"""PostgreSQL: the full-text index becomes a stored ``search_vector`` column with a GIN index,
replacing migration 0002's expression index, so that ranking reads the vector instead of parsing
every candidate's text again (about 30 µs a row). SQLite (FTS5) is unchanged."""

from django.db import migrations

OLD_INDEX = """CREATE INDEX IF NOT EXISTS recommendations_search_gin ON
    recommendations_recommendation USING gin (to_tsvector('simple'::regconfig, search_text))"""


def forward(apps, schema_editor):
    from tatabbu.recommendations import search_index

    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS recommendations_search_gin")
    for statement in search_index.POSTGRES_CREATE:
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    from tatabbu.recommendations import search_index

    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in search_index.POSTGRES_DROP:
        schema_editor.execute(statement)
    schema_editor.execute(OLD_INDEX)


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0003_recommendation_search_indexes")]

    operations = [migrations.RunPython(forward, backward)]
