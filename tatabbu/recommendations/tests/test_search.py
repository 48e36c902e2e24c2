"""Full-text search: normalisation on both sides, query syntax safety, ranking, bounded work.

Run on whichever database the suite runs on (SQLite FTS5 or PostgreSQL full text)."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test import override_settings

from tatabbu.recommendations import search
from tatabbu.recommendations.highlight import highlight
from tatabbu.recommendations.models import Recommendation
from tatabbu.recommendations.search_index import build_search_text
from tatabbu.recommendations.selectors import recommendation_list, recommendation_search

from .factories import RecommendationFactory


def found(user, query: str, **filters: str) -> set[int]:
    return set(
        recommendation_list(user=user, filters={"q": query, **filters}).values_list("pk", flat=True)
    )


ARABIC_CASES = [
    # (indexed text, query): each must find the other's recommendation
    ("مُكَافَحَةُ التَّعْذِيبِ فِي أَمَاكِنِ الاحْتِجَازِ", "مكافحة التعذيب"),
    ("مكافحة التعذيب في أماكن الاحتجاز", "مُكافَحة التَّعذيب"),
    ("حماية حقوق الإنسان", "حقوق الانسان"),
    ("حماية حقوق الانسان", "حقوق الإنسان"),
    ("إنشاء آلية وطنية", "انشاء اليه"),
    ("تعزيز دور المرأة", "المراة"),
    ("مستشفى جديد", "مستشفي"),
    ("الأطفال في وضعية إعاقة", "الاطفال وضعيه"),
    ("المسؤولية الجنائية", "المسوولية"),
    ("مكافحـــة الفساد", "مكافحة"),  # tatweel
    ("المادة ١٤٤ من الدستور", "144"),  # Arabic-Indic digits
]

FRENCH_CASES = [
    ("Garantir l’accès à l’éducation des filles", "acces education"),
    ("Garantir l'acces a l'education", "accès éducation"),
    ("Protéger les sœurs et les frères", "soeurs"),
    ("Protéger les soeurs", "sœurs"),
    ("RATIFIER LE PROTOCOLE FACULTATIF", "protocole facultatif"),
    ("Égalité entre les femmes et les hommes", "egalite"),
    ("la traite des êtres humains", "ETRES humains"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "query"), ARABIC_CASES)
def test_arabic_query_finds_text_whatever_the_marks_and_letter_forms(coordinator, text, query):
    expected = RecommendationFactory(text_ar=text, text_fr="")
    RecommendationFactory(text_ar="نص آخر لا علاقة له", text_fr="")
    assert found(coordinator, query) == {expected.pk}


@pytest.mark.django_db
@pytest.mark.parametrize(("text", "query"), FRENCH_CASES)
def test_french_query_finds_text_whatever_the_accents_case_and_ligatures(coordinator, text, query):
    expected = RecommendationFactory(text_fr=text)
    RecommendationFactory(text_fr="Autre chose sans rapport")
    assert found(coordinator, query) == {expected.pk}


@pytest.mark.django_db
def test_english_text_and_every_language_version_are_searched(coordinator):
    both = RecommendationFactory(
        text_en="Combat trafficking in persons", text_fr="Lutter contre la traite"
    )
    assert found(coordinator, "trafficking") == {both.pk}
    assert found(coordinator, "traite") == {both.pk}


@pytest.mark.django_db
def test_every_word_is_required(coordinator):
    both = RecommendationFactory(text_en="Ratify the convention against torture")
    RecommendationFactory(text_en="Ratify the optional protocol")
    assert found(coordinator, "ratify torture") == {both.pk}


@pytest.mark.django_db
def test_last_word_matches_as_a_prefix_unless_followed_by_a_space(coordinator):
    torture = RecommendationFactory(text_en="Prevent torture in prisons")
    assert found(coordinator, "tortu") == {torture.pk}
    assert found(coordinator, "tortu ") == set()
    assert found(coordinator, "to") == set()  # too short to be a prefix


@pytest.mark.django_db
def test_paragraph_number_is_searchable(coordinator):
    target = RecommendationFactory(paragraph="144.44", text_fr="Poursuivre les réformes")
    assert target.pk in found(coordinator, "144.44")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"torture',
        "torture*",
        "torture OR prisons",
        "NEAR(torture prisons)",
        "torture AND NOT prisons",
        "-torture",
        "torture:*",
        "a & b | !c",
        "search_text:torture",
        "'; DROP TABLE recommendations_recommendation; --",
        "(((",
        "^torture",
        "\\",
        "\u200f torture \u202e",
    ],
)
def test_query_syntax_characters_are_words_not_operators(coordinator, query):
    torture = RecommendationFactory(text_en="Prevent torture in prisons and NEAR places")
    result = found(coordinator, query)
    assert result <= {torture.pk}
    assert Recommendation.objects.filter(pk=torture.pk).exists()


@pytest.mark.django_db
def test_query_of_punctuation_only_is_no_query(coordinator):
    RecommendationFactory.create_batch(2)
    assert len(found(coordinator, "!!! ... ???")) == Recommendation.objects.count()


def test_parse_query_folds_and_quotes_terms():
    query = search.parse_query("  Ḥuqūq  الإِنسان  éducation")
    assert query.terms == ("huquq", "الانسان", "education")
    assert query.prefix_last is True
    assert query.fts5() == '"huquq" "الانسان" "education"*'
    assert query.tsquery() == "'huquq' & 'الانسان' & 'education':*"


def test_parse_query_keeps_at_most_twelve_terms():
    assert len(search.parse_query(" ".join(f"w{i}" for i in range(30))).terms) == 12


def test_index_and_query_cut_text_into_the_same_tokens():
    indexed = build_search_text(texts=["A/HRC/21/3 §129.1 : l’État"], paragraph="129.1")
    assert indexed == "a hrc 21 3 129 1 l etat 129 1"
    assert search.parse_query("A/HRC/21/3").terms == ("a", "hrc", "21", "3")


@pytest.mark.django_db
def test_relevance_puts_the_best_match_first(coordinator):
    weak = RecommendationFactory(
        text_en="Consider, among many other measures concerning the administration of justice, "
        "the education system, health services, housing and employment, detention conditions"
    )
    strong = RecommendationFactory(text_en="Improve detention conditions in detention centres")
    rows = list(recommendation_list(user=coordinator, filters={"q": "detention"}))
    assert [row.pk for row in rows] == [strong.pk, weak.pk]


@pytest.mark.django_db
def test_sorts_by_date_and_by_paragraph_in_natural_order(coordinator):
    from .factories import SourceDocumentFactory

    document = SourceDocumentFactory()
    for paragraph in ("129.10", "130.1", "129.9", "129.100"):
        RecommendationFactory(document=document, paragraph=paragraph, text_fr="Torture")
    rows = recommendation_list(
        user=coordinator, filters={"document": str(document.uuid), "sort": "paragraph"}
    )
    assert [row.paragraph for row in rows] == ["129.9", "129.10", "129.100", "130.1"]
    newest = recommendation_list(user=coordinator, filters={"q": "torture", "sort": "newest"})
    assert [row.pk for row in newest] == sorted((row.pk for row in rows), reverse=True)


SPREAD_BASE = 10_000_000  # above any id a test database's sequence reaches, below ID_LIMIT


def spread_batch(count: int, **fields) -> list[Recommendation]:
    """``count`` recommendations whose ids cover the 256 sample buckets evenly (7 is prime to
    256), as a real table's ids do. Sequential ids would not: on PostgreSQL the sequence is not
    rolled back between tests, so 150 consecutive ids can miss the first 68 buckets entirely and
    make a sampling test depend on the tests that ran before it."""
    return [RecommendationFactory(id=SPREAD_BASE + 7 * number, **fields) for number in range(count)]


@pytest.mark.django_db
def test_search_is_exact_below_the_limit(coordinator):
    RecommendationFactory.create_batch(5, text_fr="Droits des femmes")
    result = recommendation_search(user=coordinator, filters={"q": "femmes"})
    assert result.page.total == 5
    assert result.page.total_is_exact
    assert not result.estimated


@pytest.mark.django_db
@override_settings(TATABBU_SEARCH_EXACT_LIMIT=20, TATABBU_SEARCH_SAMPLE_TARGET=10)
def test_large_result_sets_are_sampled_by_id_buckets_and_flagged(coordinator):
    rows = spread_batch(150, text_fr="Droits des femmes")
    RecommendationFactory.create_batch(5, text_fr="Autre sujet")
    base = Recommendation.objects.all()
    query = search.expand_prefix(search.parse_query("femmes"))  # as the FilterSet passes it
    matches = search.match_set(base, query)
    assert matches.is_sample
    assert 1 <= matches.buckets < search.BUCKETS
    member_ids = {row.pk for row in rows}
    assert set(matches.ids) <= member_ids
    assert set(matches.ids) == {pk for pk in member_ids if pk % 256 < matches.buckets}
    result = recommendation_search(user=coordinator, filters={"q": "femmes"})
    assert result.estimated
    body = next(facet for facet in result.facets if facet.name == "body")
    assert body.estimated
    assert body.values[0].count == round(len(matches.ids) * 256 / matches.buckets)


@pytest.mark.django_db
@override_settings(TATABBU_SEARCH_EXACT_LIMIT=20, TATABBU_SEARCH_SAMPLE_TARGET=10)
def test_sampling_without_a_query_estimates_the_total(coordinator):
    spread_batch(200, text_fr="Texte")
    matches = search.match_set(Recommendation.objects.all(), search.parse_query(""))
    assert matches.is_sample
    assert not matches.total_is_exact
    assert all(pk % 256 < matches.buckets for pk in matches.ids)
    assert matches.total == len(matches.ids) * 256 // matches.buckets


@pytest.mark.django_db
@override_settings(TATABBU_SEARCH_EXACT_LIMIT=20, TATABBU_SEARCH_SAMPLE_TARGET=10)
def test_relevance_ranks_the_most_recent_matches_when_they_are_many(coordinator):
    spread_batch(150, text_fr="Droits des femmes")
    with override_settings(TATABBU_SEARCH_RANK_CANDIDATES=30):
        result = recommendation_search(user=coordinator, filters={"q": "femmes"})
    assert result.page.ranked_only
    assert 0 < result.page.count < 150


def test_highlight_marks_vocalised_words_for_an_unvocalised_query_and_escapes_html():
    query = search.parse_query("التعذيب <b>")
    html = highlight("مُكافحة التَّعْذِيب <script>alert(1)</script>", query)
    assert "<mark>التَّعْذِيب</mark>" in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_highlight_marks_accented_words_and_the_prefix():
    html = highlight("L’Éducation et l’égalité", search.parse_query("education egal"))
    assert html == "L’<mark>Éducation</mark> et l’<mark>égalité</mark>"


@pytest.mark.django_db
@override_settings(
    TATABBU_SEARCH_EXACT_LIMIT=20,
    TATABBU_SEARCH_SAMPLE_TARGET=10,
    TATABBU_SEARCH_RANK_CANDIDATES=30,
)
def test_relevance_order_of_a_sample_is_that_of_the_newest_candidates_ranked():
    for number in range(150):
        repeated = " ".join(["femmes"] * (1 + number % 4))  # relevance differs from date order
        RecommendationFactory(
            id=SPREAD_BASE + 7 * number,
            text_fr=f"Droits des {repeated}",
            year=2000 + number % 3,
        )
    query = search.parse_query("femmes")
    for base in (Recommendation.objects.all(), Recommendation.objects.filter(year__gte=2001)):
        matches = search.match_set(base, query)
        assert matches.is_sample
        newest = search.newest_match_ids(base, query, matches)
        every_match = sorted(search.match(base, query).values_list("pk", flat=True), reverse=True)
        assert newest == every_match[: len(newest)]  # the id range is read through the index
        expected = search.rank_ids(newest, query)
        ranked = search.ranked_ids(base, query, matches)
        assert ranked == expected
        assert 0 < len(ranked) <= 30
        assert ranked != sorted(ranked, reverse=True)  # ranked, not merely newest first
        if connection.vendor == "postgresql":  # the API's and exports' queryset, same order
            queryset = search.ranked_queryset(base, query, matches)
            assert list(queryset.values_list("pk", flat=True)) == ranked


def test_bucket_tsquery_covers_exactly_the_first_buckets_with_at_most_eight_lexemes():
    for buckets in range(1, search.BUCKETS):
        lexemes = [term.strip("'") for term in search.bucket_tsquery(buckets).split(" | ")]
        assert len(lexemes) <= 8
        covered = []
        for lexeme in lexemes:
            level, block = (int(part) for part in lexeme.lstrip("#").split("_"))
            covered += range(block << level, (block + 1) << level)
        assert sorted(covered) == list(range(buckets))


@pytest.mark.parametrize("min_id", [0, 1, 1023, 1024, 272_649, 299_999, 5_000_000])
def test_id_tsquery_covers_every_id_from_the_block_of_min_id(min_id):
    from tatabbu.recommendations.search_index import ID_LIMIT

    ranges = []
    for term in search.id_tsquery(min_id).split(" | "):
        level, block = (int(part) for part in term.strip("'").lstrip("@").split("_"))
        ranges.append((block << level, (block + 1) << level))
    ranges.sort()
    assert ranges[0][0] == min_id - min_id % 1024
    assert ranges[-1][1] == ID_LIMIT
    assert all(end == start for (_, end), (start, _) in itertools.pairwise(ranges))
    assert len(ranges) <= 14
    assert search.id_tsquery(ID_LIMIT) == ""


@pytest.mark.django_db
def test_id_range_and_sample_of_large_ids_are_exact():
    ids = [5_000, 272_649, 272_650, 299_999, 300_000, 1_048_577]
    for pk in ids:
        RecommendationFactory(id=pk, text_fr="Droits des femmes")
    query = search.parse_query("femmes")
    base = Recommendation.objects.all()
    for min_id in (1, 5_001, 272_650, 300_000, 1_048_576):
        found_ids = set(search.match(base, query, min_id=min_id).values_list("pk", flat=True))
        assert found_ids == {pk for pk in ids if pk >= min_id}
    for buckets in (1, 3, 100, 200):
        sampled = set(search.match(base, query, buckets=buckets).values_list("pk", flat=True))
        assert sampled == {pk for pk in ids if pk % 256 < buckets}


@pytest.mark.django_db
def test_one_explain_gives_the_smallest_estimate_of_the_words():
    if connection.vendor != "postgresql":
        pytest.skip("planner estimates are read on PostgreSQL only")
    RecommendationFactory.create_batch(30, text_fr="Droits des femmes")
    RecommendationFactory.create_batch(5, text_fr="Droits de l'enfant")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE recommendations_recommendation")
    base = Recommendation.objects.all()
    words = [search.match(base, search.parse_query(word + " ")) for word in ("droits", "enfant")]
    separately = [search.planner_estimate(queryset) for queryset in words]
    assert separately[0] > separately[1]
    assert search.smallest_planner_estimate(words) == separately[1]
    assert search.smallest_planner_estimate(words[::-1]) == separately[1]
