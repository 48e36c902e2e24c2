"""/api/v1/calls/ and /api/v1/applications/: scoped exactly like the screens."""

from __future__ import annotations

import pytest

from tatabbu.calls import selectors

from .scenario import build_calls_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def scenario(personas):  # type: ignore[no-untyped-def]
    return build_calls_scenario(personas)


def uuids(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return sorted(row["uuid"] for row in response.json()["results"])


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("association", ["application_a"]),
        ("coordinator", ["application_b"]),
        ("administrator", ["application_b"]),
        ("reviewer", ["application_b"]),
        ("focal.a", []),
        ("validator.a", []),
    ],
)
def test_application_list_is_scoped(scenario, personas, api_client_for, persona, expected) -> None:
    response = api_client_for(personas[persona]).get("/api/v1/applications/")
    assert uuids(response) == sorted(str(getattr(scenario, name).uuid) for name in expected)


def test_published_calls_for_everyone_signed_in_drafts_for_the_didh(
    scenario, personas, api_client_for
) -> None:
    published = str(scenario.call.uuid)
    draft = str(scenario.draft_call.uuid)
    assert uuids(api_client_for(personas["focal.a"]).get("/api/v1/calls/")) == [published]
    assert uuids(api_client_for(personas["association"]).get("/api/v1/calls/")) == [published]
    assert uuids(api_client_for(personas["coordinator"]).get("/api/v1/calls/")) == sorted(
        [published, draft]
    )
    assert api_client_for(None).get("/api/v1/calls/").status_code == 401
    assert list(selectors.call_published_only()) == [scenario.call]


def test_call_detail_carries_the_rubric(scenario, personas, api_client_for) -> None:
    body = (
        api_client_for(personas["association"]).get(f"/api/v1/calls/{scenario.call.uuid}/").json()
    )
    assert [(row["label_fr"], row["weight"], row["max_score"]) for row in body["criteria"]] == [
        ("Pertinence", "40.00", 10),
        ("Capacité", "60.00", 5),
    ]
    assert body["required_documents"] == [
        {"label_ar": "النظام الأساسي", "label_fr": "Statuts", "label_en": "Statutes"}
    ]


def test_application_detail_of_another_association_is_404(scenario, api_client_for) -> None:
    other = api_client_for(scenario.association_b)
    response = other.get(f"/api/v1/applications/{scenario.application_a.uuid}/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_api_is_read_only(scenario, personas, api_client_for) -> None:
    client = api_client_for(personas["association"])
    response = client.patch(
        f"/api/v1/applications/{scenario.application_a.uuid}/",
        {"project_title": "x"},
        format="json",
    )
    assert response.status_code == 405
    scenario.application_a.refresh_from_db()
    assert scenario.application_a.project_title != "x"


def test_list_query_budget(
    scenario, personas, api_client_for, django_assert_max_num_queries
) -> None:
    client = api_client_for(personas["coordinator"])
    with django_assert_max_num_queries(12):
        client.get("/api/v1/applications/")
    with django_assert_max_num_queries(12):
        client.get("/api/v1/calls/")
