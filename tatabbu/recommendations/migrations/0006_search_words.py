"""PostgreSQL: the table of the words of the search vectors (search_index.py), filled from the
existing rows and kept up to date by row triggers, so that a query's last word, a prefix,
is matched as the words it begins. SQLite (FTS5) is unchanged."""

from django.db import migrations

# The statements as they are today, not as search_index.py may write them later.
CREATE = [
    'CREATE TABLE IF NOT EXISTS recommendations_search_word (word text COLLATE "C" PRIMARY KEY)',
    """CREATE OR REPLACE FUNCTION recommendations_search_words_add() RETURNS trigger
        LANGUAGE plpgsql AS $$ BEGIN
        INSERT INTO recommendations_search_word (word) SELECT w.word
        FROM unnest(tsvector_to_array(NEW.search_vector)) AS w(word)
        WHERE left(w.word, 1) NOT IN ('#', '@')
            AND NOT EXISTS (SELECT 1 FROM recommendations_search_word t WHERE t.word = w.word)
        ON CONFLICT DO NOTHING;
        RETURN NULL; END $$""",
    """CREATE OR REPLACE TRIGGER recommendations_search_words_after_insert
        AFTER INSERT ON recommendations_recommendation
        FOR EACH ROW EXECUTE FUNCTION recommendations_search_words_add()""",
    """CREATE OR REPLACE TRIGGER recommendations_search_words_after_update
        AFTER UPDATE OF search_text ON recommendations_recommendation FOR EACH ROW
        WHEN (OLD.search_text IS DISTINCT FROM NEW.search_text)
        EXECUTE FUNCTION recommendations_search_words_add()""",
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
    "DROP FUNCTION IF EXISTS recommendations_search_words_add()",
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
