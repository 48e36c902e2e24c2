"""The list and detail pages: full page or htmx fragment, filters in the URL, query budgets."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from tatabbu.recommendations.models import RecurrenceLink
from tatabbu.taxonomy.models import Country, Theme

from .factories import ClusterFactory, RecommendationFactory, SourceDocumentFactory

LIST_BUDGET = 10


def list_url(language: str = "fr") -> str:
    with translation.override(language):
        return reverse("recommendations:recommendation_list")


def total_of(html: str) -> int:
    return int(re.search(r'data-total="(\d+)"', html).group(1))


@pytest.fixture
def page_rows(db):
    countries = list(Country.objects.order_by("pk")[:3])
    themes = list(Theme.objects.order_by("pk")[:2])
    cluster = ClusterFactory()
    return [
        RecommendationFactory(
            text_fr=f"Garantir l’accès à l’éducation {number}",
            text_ar=f"ضمان الحق في التعليم {number}",
            recommending_states=countries[: 1 + number % 3],
            themes=themes,
            cluster=cluster if number % 2 else None,
        )
        for number in range(120)
    ]


@pytest.mark.django_db
def test_list_page_renders_results_facets_and_search_form(client_for, coordinator, page_rows):
    response = client_for(coordinator).get(list_url(), {"q": "education"})
    html = response.content.decode()
    assert response.status_code == 200
    assert '<form id="search-form"' in html
    assert total_of(html) == 120
    assert 'data-facet="theme"' in html
    assert "<mark>éducation</mark>" in html


@pytest.mark.django_db
def test_htmx_request_gets_only_the_results_fragment(client_for, coordinator, page_rows):
    response = client_for(coordinator).get(
        list_url(), {"q": "education", "page": "2"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert '<form id="search-form"' not in html
    assert 'data-facet="theme"' in html
    assert total_of(html) == 120


@pytest.mark.django_db
def test_a_link_reproduces_the_view(client_for, coordinator, page_rows):
    theme = page_rows[0].themes.first()
    query = f"q=education&theme={theme.slug}&sort=oldest&page=2&page_size=50"
    client = client_for(coordinator)
    fragment = client.get(f"{list_url()}?{query}", HTTP_HX_REQUEST="true").content
    assert fragment == client.get(f"{list_url()}?{query}", HTTP_HX_REQUEST="true").content
    first = client.get(f"{list_url()}?{query}").content.decode()
    assert fragment.decode() in first
    assert 'value="oldest" selected' in first
    assert f'value="{theme.slug}" id=' in first
    assert "checked" in first.split(f'value="{theme.slug}"')[1][:80]
    pagination = re.findall(r'href="\?([^"]+)" hx-get', first)
    assert any(
        "page=3" in link and "theme=" in link and "q=education" in link for link in pagination
    )


@pytest.mark.django_db
def test_pages_show_arabic_text_right_to_left_with_lang_attributes(
    client_for, coordinator, page_rows
):
    html = client_for(coordinator).get(list_url("ar"), {"q": "التعليم"}).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert 'class="result-text mb-2" lang="ar" dir="rtl"' in html
    french = client_for(coordinator).get(list_url("fr"), {"q": "التعليم"}).content.decode()
    assert 'class="result-text mb-2" lang="fr" dir="ltr"' in french


@pytest.mark.django_db
@pytest.mark.parametrize("page_size", [20, 100])
@pytest.mark.parametrize("query", [{"q": "education"}, {}, {"q": "education", "theme": "x"}])
def test_list_page_query_count_stays_within_budget_whatever_the_page_size(
    client_for, coordinator, page_rows, django_assert_max_num_queries, page_size, query
):
    client = client_for(coordinator)
    with django_assert_max_num_queries(LIST_BUDGET):
        response = client.get(list_url(), {**query, "page_size": page_size})
    assert response.status_code == 200


@pytest.mark.django_db
def test_list_page_query_count_does_not_grow_with_page_size(client_for, coordinator, page_rows):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    client = client_for(coordinator)
    for size in (20, 100):
        with CaptureQueriesContext(connection) as captured:
            client.get(list_url(), {"q": "education", "page_size": size})
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


@pytest.mark.django_db
def test_invalid_filters_are_reported_and_ignored(client_for, coordinator, page_rows):
    response = client_for(coordinator).get(list_url(), {"year_from": "abc", "q": "education"})
    assert response.status_code == 200
    assert "alert-warning" in response.content.decode()


@pytest.mark.django_db
def test_detail_page_shows_every_language_provenance_history_and_similar_both_ways(
    client_for, coordinator, django_assert_max_num_queries
):
    document = SourceDocumentFactory(symbol="A/HRC/36/6", legacy_symbol="")
    recommendation = RecommendationFactory(
        document=document,
        paragraph="144.44",
        text_ar="مواصلة الإصلاحات",
        text_fr="Poursuivre les réformes",
        text_en="Continue the reforms",
        source_file="recommendations_v2.csv",
        source_row=7,
        themes=list(Theme.objects.order_by("pk")[:2]),
    )
    earlier = RecommendationFactory(text_en="Continue reforms (2012)")
    later = RecommendationFactory(text_en="Continue reforms (2022)")
    RecurrenceLink.objects.create(
        recommendation=recommendation, earlier=earlier, score=0.81, method="tfidf-char"
    )
    RecurrenceLink.objects.create(
        recommendation=later, earlier=recommendation, score=0.64, method="tfidf-char"
    )
    with translation.override("fr"):
        url = recommendation.get_absolute_url()
    client = client_for(coordinator)
    with django_assert_max_num_queries(16):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<p class="recommendation-text mb-0" lang="ar" dir="rtl">مواصلة الإصلاحات</p>' in html
    assert 'lang="fr" dir="ltr">Poursuivre les réformes</p>' in html
    assert 'lang="en" dir="ltr">Continue the reforms</p>' in html
    assert "A/HRC/36/6 §144.44" in html
    assert "recommendations_v2.csv" in html
    assert f"/history/recommendations.recommendation/{recommendation.pk}/" in html
    assert str(earlier.get_absolute_url()).split("/app/")[1] in html
    assert str(later.get_absolute_url()).split("/app/")[1] in html
    assert 'value="0.810"' in html and 'value="0.640"' in html


@pytest.mark.django_db
def test_history_page_of_a_recommendation_is_visible_to_staff(client_for, coordinator):
    recommendation = RecommendationFactory()
    with translation.override("fr"):
        url = reverse(
            "audit:history",
            kwargs={"model": "recommendations.recommendation", "pk": recommendation.pk},
        )
    assert client_for(coordinator).get(url).status_code == 200


@pytest.mark.django_db
def test_unknown_recommendation_is_404(client_for, coordinator):
    with translation.override("fr"):
        url = reverse(
            "recommendations:recommendation_detail",
            kwargs={"uuid": "00000000-0000-0000-0000-000000000000"},
        )
    assert client_for(coordinator).get(url).status_code == 404
