"""The full-text index: FTS5 table and triggers on SQLite, GIN index on PostgreSQL."""

from django.db import migrations


def install(apps, schema_editor):
    from tatabbu.recommendations import search_index

    search_index.install(schema_editor.connection)


def remove(apps, schema_editor):
    from tatabbu.recommendations import search_index

    search_index.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0001_initial")]

    operations = [migrations.RunPython(install, remove)]
