"""/api/v1/recommendations/, /documents/, /clusters/: the list page's filters, full text,
pagination, uuid addresses, scope, query budget, OpenAPI schema."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tatabbu.recommendations.models import RecurrenceLink
from tatabbu.taxonomy.models import Theme

from .factories import ClusterFactory, RecommendationFactory, SourceDocumentFactory

API_LIST_BUDGET = 10


def api(name: str, **kwargs) -> str:
    return reverse(f"api:{name}", kwargs=kwargs)


@pytest.mark.django_db
def test_list_searches_and_filters_like_the_html_list(api_client_for, coordinator):
    theme = Theme.objects.order_by("pk").first()
    wanted = RecommendationFactory(
        text_ar="مُكافحة التَّعْذيب", text_fr="Lutte contre la torture", themes=[theme]
    )
    RecommendationFactory(text_fr="Lutte contre la torture", position="noted")
    RecommendationFactory(text_fr="Éducation")
    client = api_client_for(coordinator)
    response = client.get(api("recommendation-list"), {"q": "التعذيب"})
    assert response.status_code == 200
    assert [row["uuid"] for row in response.json()["results"]] == [str(wanted.uuid)]
    both = client.get(api("recommendation-list"), {"q": "torture", "sort": "newest"}).json()
    assert both["count"] == 2
    filtered = client.get(
        api("recommendation-list"), {"q": "torture", "theme": theme.slug, "position": "supported"}
    ).json()
    assert [row["uuid"] for row in filtered["results"]] == [str(wanted.uuid)]
    row = filtered["results"][0]
    assert row["themes"] == [theme.slug]
    assert row["text_ar"] == "مُكافحة التَّعْذيب"
    assert row["mechanism"] == "UPR"


@pytest.mark.django_db
def test_list_paginates(api_client_for, coordinator):
    RecommendationFactory.create_batch(7, text_fr="Torture")
    client = api_client_for(coordinator)
    first = client.get(api("recommendation-list"), {"page_size": 3, "sort": "oldest"}).json()
    assert first["count"] == 7
    assert len(first["results"]) == 3
    assert first["next"] and "page=2" in first["next"]


@pytest.mark.django_db
def test_invalid_filter_answers_400_with_the_error_shape(api_client_for, coordinator):
    response = api_client_for(coordinator).get(api("recommendation-list"), {"year_from": "x"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "year_from" in body["fields"]


@pytest.mark.django_db
def test_list_query_count_does_not_grow_with_page_size(
    api_client_for, coordinator, django_assert_max_num_queries
):
    RecommendationFactory.create_batch(60, text_fr="Torture", themes=[Theme.objects.first()])
    client = api_client_for(coordinator)
    client.get(api("recommendation-list"))
    for size in (5, 50):
        with django_assert_max_num_queries(API_LIST_BUDGET):
            response = client.get(api("recommendation-list"), {"page_size": size, "q": "torture"})
        assert len(response.json()["results"]) == size


@pytest.mark.django_db
def test_detail_is_addressed_by_uuid_with_recurrence_and_provenance(
    api_client_for, coordinator, django_assert_max_num_queries
):
    row = RecommendationFactory(source_file="file.csv", source_row=12)
    earlier = RecommendationFactory()
    RecurrenceLink.objects.create(recommendation=row, earlier=earlier, score=0.7, method="m")
    client = api_client_for(coordinator)
    client.get(api("recommendation-detail", uuid=row.uuid))
    with django_assert_max_num_queries(9):
        response = client.get(api("recommendation-detail", uuid=row.uuid))
    body = response.json()
    assert response.status_code == 200
    assert body["provenance"] == {"import": None, "file": "file.csv", "row": 12}
    assert body["recurrence"] == [
        {
            "uuid": str(earlier.uuid),
            "reference": str(earlier),
            "score": 0.7,
            "method": "m",
            "direction": "earlier",
        }
    ]
    unknown = "00000000-0000-0000-0000-000000000000"
    assert client.get(api("recommendation-detail", uuid=unknown)).status_code == 404
    assert client.get(f"/api/v1/recommendations/{row.pk}/").status_code == 404


@pytest.mark.django_db
def test_documents_and_clusters(api_client_for, coordinator):
    document = SourceDocumentFactory(symbol="A/HRC/36/6", legacy_symbol="")
    RecommendationFactory.create_batch(2, document=document)
    cluster = ClusterFactory(name_fr="Justice")
    client = api_client_for(coordinator)
    documents = client.get(api("document-list")).json()["results"]
    assert [(d["reference"], d["recommendation_count"]) for d in documents] == [("A/HRC/36/6", 2)]
    detail = client.get(api("document-detail", uuid=document.uuid)).json()
    assert detail["mechanism"] == "UPR"
    clusters = client.get(api("cluster-list")).json()["results"]
    assert [(c["uuid"], c["name_fr"], c["version"]) for c in clusters] == [
        (str(cluster.uuid), "Justice", 1)
    ]
    assert client.get(api("cluster-detail", uuid=cluster.uuid)).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["recommendation-list", "document-list", "cluster-list"])
def test_anonymous_gets_401_and_associations_403(api_client_for, association, name):
    RecommendationFactory()
    assert api_client_for(None).get(api(name)).status_code == 401
    response = api_client_for(association).get(api(name))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


@pytest.mark.django_db
def test_endpoints_are_read_only(api_client_for, coordinator):
    row = RecommendationFactory()
    client = api_client_for(coordinator)
    assert client.post(api("recommendation-list"), {}, format="json").status_code == 405
    assert client.delete(api("recommendation-detail", uuid=row.uuid)).status_code == 405


@pytest.mark.django_db
def test_schema_documents_the_shared_filters(client):
    response = client.get(reverse("api:schema"), {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    operation = schema["paths"]["/api/v1/recommendations/"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"q", "body", "theme", "recommending_state", "cluster", "recurring", "sort"} <= names
    body = next(p for p in operation["parameters"] if p["name"] == "body")
    assert body["schema"] == {
        "type": "array",
        "items": {"type": "string", "pattern": r"^[\w.:-]{1,80}$"},
    }
    assert "/api/v1/recommendations/{uuid}/" in schema["paths"]
    assert "/api/v1/documents/{uuid}/" in schema["paths"]
    assert "/api/v1/clusters/{uuid}/" in schema["paths"]
