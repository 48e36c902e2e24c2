"""PostgreSQL: the table of the words of the search vectors (search_index.py), filled from the
existing rows and kept up to date by statement triggers, so that a query's last word, a prefix,
is matched as the words it begins. SQLite (FTS5) is unchanged."""

from django.db import migrations

# The statements as they are today, not as search_index.py may write them later.
CREATE = [
    'CREATE TABLE IF NOT EXISTS recommendations_search_word (word text COLLATE "C" PRIMARY KEY)',
    """CREATE OR REPLACE FUNCTION recommendations_search_words_insert() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN
        INSERT INTO recommendations_search_word (word) SELECT DISTINCT w.word
        FROM new_rows, unnest(tsvector_to_array(new_rows.search_vector)) AS w(word)
        WHERE left(w.word, 1) NOT IN ('#', '@') ON CONFLICT DO NOTHING;
        RETURN NULL; END $$""",
    """CREATE OR REPLACE FUNCTION recommendations_search_words_update() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN
        INSERT INTO recommendations_search_word (word) SELECT DISTINCT w.word
        FROM new_rows JOIN old_rows ON old_rows.id = new_rows.id
            AND old_rows.search_text IS DISTINCT FROM new_rows.search_text,
            unnest(tsvector_to_array(new_rows.search_vector)) AS w(word)
        WHERE left(w.word, 1) NOT IN ('#', '@') ON CONFLICT DO NOTHING;
        RETURN NULL; END $$""",
    """CREATE OR REPLACE TRIGGER recommendations_search_words_after_insert
        AFTER INSERT ON recommendations_recommendation REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION recommendations_search_words_insert()""",
    """CREATE OR REPLACE TRIGGER recommendations_search_words_after_update
        AFTER UPDATE ON recommendations_recommendation
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION recommendations_search_words_update()""",
    """INSERT INTO recommendations_search_word (word) SELECT DISTINCT w.word
        FROM recommendations_recommendation r,
            unnest(tsvector_to_array(r.search_vector)) AS w(word)
        WHERE left(w.word, 1) NOT IN ('#', '@') ON CONFLICT DO NOTHING""",
]
DROP = [
    "DROP TRIGGER IF EXISTS recommendations_search_words_after_insert "
    "ON recommendations_recommendation",
    "DROP TRIGGER IF EXISTS recommendations_search_words_after_update "
    "ON recommendations_recommendation",
    "DROP FUNCTION IF EXISTS recommendations_search_words_insert()",
    "DROP FUNCTION IF EXISTS recommendations_search_words_update()",
    "DROP TABLE IF EXISTS recommendations_search_word",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("recommendations", "0005_search_vector_sample_bucket")]

    operations = [migrations.RunPython(forward, backward)]
