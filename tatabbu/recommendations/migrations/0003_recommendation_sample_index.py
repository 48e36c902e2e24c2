"""An index on ``id % 64``: the buckets search.py samples large result sets by (counts and
facets estimated from a uniform sample, without reading every match). Same SQL on SQLite and
PostgreSQL."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0002_search_index")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS recommendations_sample_idx "
            "ON recommendations_recommendation ((id % 64))",
            "DROP INDEX IF EXISTS recommendations_sample_idx",
        )
    ]
