"""Indexes the bounded search of search.py reads through (same SQL on SQLite and PostgreSQL):

- ``id % 256``: the buckets large result sets are sampled by (counts and facets estimated from
  a uniform sample, without reading every match);
- ``(year, id)``: the "newest first" order, read from the index instead of sorting every row.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0002_search_index")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS recommendations_sample_idx "
            "ON recommendations_recommendation ((id % 256))",
            "DROP INDEX IF EXISTS recommendations_sample_idx",
        ),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS recommendations_year_id_idx "
            "ON recommendations_recommendation (year, id)",
            "DROP INDEX IF EXISTS recommendations_year_id_idx",
        ),
    ]
