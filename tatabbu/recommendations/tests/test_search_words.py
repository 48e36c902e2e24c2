"""PostgreSQL: the last word of a query, a prefix, is matched as the indexed words it begins
(search_index.py's word table), which must hold every word of every row on every write path."""

from __future__ import annotations

import pytest
from django.db import connection

from tatabbu.recommendations import search
from tatabbu.recommendations.models import Recommendation
from tatabbu.recommendations.search_index import WORDS_TABLE

from .conftest import REPORT_2012, run_import
from .factories import RecommendationFactory

MISSING_WORDS = f"""
    SELECT DISTINCT w.word FROM recommendations_recommendation r,
        unnest(tsvector_to_array(r.search_vector)) AS w(word)
    WHERE left(w.word, 1) NOT IN ('#', '@')
        AND NOT EXISTS (SELECT 1 FROM {WORDS_TABLE} t WHERE t.word = w.word)
"""  # noqa: S608 (constant)


@pytest.fixture
def postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the word table exists on PostgreSQL only (SQLite matches prefixes in FTS5)")


def _missing_words() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(MISSING_WORDS)
        return [row[0] for row in cursor.fetchall()]


def test_prefix_words_make_an_or_of_words_and_none_match_nothing():
    query = search.ParsedQuery(("human", "righ"), prefix_last=True)
    assert query.tsquery() == "'human' & 'righ':*"
    expanded = search.ParsedQuery(("human", "righ"), True, ("right", "rights"))
    assert expanded.tsquery() == "'human' & ( 'right' | 'rights' )"
    assert search.ParsedQuery(("righ",), True, ()).tsquery() == "'righ'"


@pytest.mark.django_db
def test_expanded_prefix_finds_the_rows_the_prefix_finds(postgresql_only, coordinator):
    rows = [
        RecommendationFactory(text_en="Protect the rights of women"),
        RecommendationFactory(text_en="Involve rightsholders"),
        RecommendationFactory(text_en="The right to education"),
        RecommendationFactory(text_en="Rigorous review of detention"),
    ]
    prefix = search.parse_query("human righ")
    expanded = search.expand_prefix(search.parse_query("righ"))
    assert set(expanded.prefix_words or ()) >= {"right", "rights", "rightsholders"}
    assert "rigorous" not in expanded.prefix_words
    base = Recommendation.objects.all()
    by_prefix = set(search.match(base, search.parse_query("righ")).values_list("pk", flat=True))
    by_words = set(search.match(base, expanded).values_list("pk", flat=True))
    assert by_words == by_prefix == {row.pk for row in rows[:3]}
    assert prefix.prefix_words is None
    assert search.expand_prefix(search.parse_query("zzyzx")).prefix_words == ()
    assert not search.match(base, search.expand_prefix(search.parse_query("zzyzx"))).exists()
    assert {row.pk for row in search.match(base, search.parse_query("rigorous")).all()} == {
        rows[3].pk
    }


@pytest.mark.django_db
def test_list_uses_the_prefix_words_and_finds_the_same_rows(postgresql_only, coordinator):
    from tatabbu.recommendations.selectors import recommendation_filterset, recommendation_list

    torture = RecommendationFactory(text_en="Prevent torture in prisons")
    RecommendationFactory(text_en="Protect journalists")
    filterset = recommendation_filterset(user=coordinator, filters={"q": "tortu"})
    assert filterset.query.prefix_words == ("torture",)
    found = recommendation_list(user=coordinator, filters={"q": "tortu"})
    assert list(found.values_list("pk", flat=True)) == [torture.pk]


@pytest.mark.django_db
def test_a_prefix_of_too_many_words_keeps_the_prefix_match(postgresql_only, monkeypatch):
    monkeypatch.setattr(search, "MAX_PREFIX_WORDS", 2)
    RecommendationFactory(text_en="rights rightly righteous")
    assert search.expand_prefix(search.parse_query("righ")).prefix_words is None
    assert search.expand_prefix(search.parse_query("righte")).prefix_words == ("righteous",)


@pytest.mark.django_db
def test_words_of_created_and_edited_rows_are_in_the_table(postgresql_only):
    row = RecommendationFactory(text_en="Abolish the death penalty")
    assert _missing_words() == []
    Recommendation.objects.filter(pk=row.pk).update(search_text="quintessentially new words")
    Recommendation.objects.bulk_create(
        [RecommendationFactory.build(document=row.document, text_en="Bulk created zyzzyva")]
    )
    assert _missing_words() == []
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {WORDS_TABLE} WHERE word = %s", ["zyzzyva"])  # noqa: S608
        assert cursor.fetchone()[0] == 1
    assert search.expand_prefix(search.parse_query("quintess")).prefix_words == (
        "quintessentially",
    )


@pytest.mark.django_db
def test_words_of_imported_rows_are_in_the_table(postgresql_only):
    run = run_import(REPORT_2012, "upr-report")
    assert run.code == 0, run.stderr
    assert Recommendation.objects.count() > 100
    assert _missing_words() == []
