"""Clusters: audited services, stale edits refused (409), membership one by one and in bulk
from a filtered list with a count confirmation."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from tatabbu.audit.models import Event
from tatabbu.core.exceptions import ConflictError, ServiceError
from tatabbu.recommendations.models import Cluster, Recommendation
from tatabbu.recommendations.services import clusters as services

from .factories import ClusterFactory, RecommendationFactory


def url(name: str, **kwargs) -> str:
    with translation.override("fr"):
        return reverse(f"recommendations:{name}", kwargs=kwargs)


def events(action: str) -> list[Event]:
    return list(Event.objects.filter(action=action).order_by("seq"))


@pytest.mark.django_db
def test_create_records_an_audit_event(coordinator):
    cluster = services.cluster_create(
        actor=coordinator, name_fr=" Justice ", name_ar="العدالة", description="Réforme"
    )
    assert (cluster.name_fr, cluster.name_ar, cluster.version) == ("Justice", "العدالة", 1)
    [event] = events("cluster.create")
    assert event.actor == coordinator
    assert event.target_id == str(cluster.pk)
    assert event.after == {
        "name_ar": "العدالة",
        "name_fr": "Justice",
        "name_en": "",
        "description": "Réforme",
    }


@pytest.mark.django_db
def test_create_needs_a_name(coordinator):
    with pytest.raises(ValidationError):
        services.cluster_create(actor=coordinator, description="sans nom")
    assert Cluster.objects.count() == 0
    assert events("cluster.create") == []


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["focal_a", "validator_a", "management", "association"])
def test_only_coordinators_and_administrators_manage_clusters(request, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.cluster_create(actor=actor, name_fr="Justice")
    assert Cluster.objects.count() == 0


@pytest.mark.django_db
def test_update_bumps_the_version_and_audits_the_change(coordinator):
    cluster = ClusterFactory(name_fr="Justice")
    services.cluster_update(actor=coordinator, cluster=cluster, version=1, name_fr="Justice pénale")
    cluster.refresh_from_db()
    assert (cluster.name_fr, cluster.version) == ("Justice pénale", 2)
    [event] = events("cluster.update")
    assert event.before == {"name_fr": "Justice"}
    assert event.after == {"name_fr": "Justice pénale"}


@pytest.mark.django_db
def test_stale_update_is_refused_and_changes_nothing(coordinator):
    cluster = ClusterFactory(name_fr="Justice")
    services.cluster_update(actor=coordinator, cluster=cluster, version=1, name_fr="Un")
    stale = Cluster.objects.get(pk=cluster.pk)
    stale.version = 1
    with pytest.raises(ConflictError) as raised:
        services.cluster_update(actor=coordinator, cluster=stale, version=1, name_fr="Deux")
    assert raised.value.current_version == 2
    cluster.refresh_from_db()
    assert (cluster.name_fr, cluster.version) == ("Un", 2)
    assert len(events("cluster.update")) == 1


@pytest.mark.django_db
def test_add_and_remove_recommendations_audit_each_one(coordinator):
    cluster = ClusterFactory()
    other = ClusterFactory()
    rows = RecommendationFactory.create_batch(3)
    rows[2].cluster = other
    rows[2].save(update_fields=["cluster"])
    added = services.cluster_add_recommendations(
        actor=coordinator, cluster=cluster, recommendation_ids=[row.pk for row in rows]
    )
    assert added == 3
    assert set(cluster.recommendations.values_list("pk", flat=True)) == {row.pk for row in rows}
    moves = events("recommendation.cluster_set")
    assert len(moves) == 3
    moved = next(event for event in moves if event.target_id == str(rows[2].pk))
    assert moved.before == {"cluster": str(other.uuid)}
    assert moved.after == {"cluster": str(cluster.uuid)}
    assert events("cluster.add_recommendations")[0].extra == {"count": 3}
    again = services.cluster_add_recommendations(
        actor=coordinator, cluster=cluster, recommendation_ids=[rows[0].pk]
    )
    assert again == 0
    removed = services.cluster_remove_recommendations(
        actor=coordinator, cluster=cluster, recommendation_ids=[rows[0].pk, rows[1].pk]
    )
    assert removed == 2
    assert list(cluster.recommendations.values_list("pk", flat=True)) == [rows[2].pk]
    assert len(events("recommendation.cluster_unset")) == 2


@pytest.mark.django_db
def test_bulk_add_is_capped(coordinator, settings):
    settings.TATABBU_CLUSTER_BULK_LIMIT = 2
    cluster = ClusterFactory()
    rows = RecommendationFactory.create_batch(3)
    with pytest.raises(ServiceError):
        services.cluster_add_recommendations(
            actor=coordinator, cluster=cluster, recommendation_ids=[row.pk for row in rows]
        )
    assert not Recommendation.objects.filter(cluster=cluster).exists()


@pytest.mark.django_db
def test_delete_takes_the_recommendations_out_first(coordinator):
    cluster = ClusterFactory()
    row = RecommendationFactory(cluster=cluster)
    services.cluster_delete(actor=coordinator, cluster=cluster, version=1)
    row.refresh_from_db()
    assert row.cluster is None
    assert not Cluster.objects.filter(pk=cluster.pk).exists()
    assert len(events("cluster.delete")) == 1


# --- Pages --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_coordinator_creates_a_cluster_from_the_form(client_for, coordinator):
    response = client_for(coordinator).post(
        url("cluster_create"), {"name_fr": "Justice", "name_ar": "العدالة", "description": ""}
    )
    cluster = Cluster.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"/clusters/{cluster.uuid}/")


@pytest.mark.django_db
def test_stale_edit_answers_409_and_shows_the_current_version(client_for, coordinator):
    cluster = ClusterFactory(name_fr="Justice")
    services.cluster_update(actor=coordinator, cluster=cluster, version=1, name_fr="Justice 2")
    response = client_for(coordinator).post(
        url("cluster_edit", uuid=cluster.uuid), {"name_fr": "Mon nom", "version": "1"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Justice 2" in html
    assert 'name="version" value="2"' in html
    cluster.refresh_from_db()
    assert (cluster.name_fr, cluster.version) == ("Justice 2", 2)


@pytest.mark.django_db
def test_edit_with_the_current_version_saves(client_for, coordinator):
    cluster = ClusterFactory(name_fr="Justice")
    response = client_for(coordinator).post(
        url("cluster_edit", uuid=cluster.uuid), {"name_fr": "Justice pénale", "version": "1"}
    )
    assert response.status_code == 302
    cluster.refresh_from_db()
    assert (cluster.name_fr, cluster.version) == ("Justice pénale", 2)


@pytest.mark.django_db
def test_detail_page_puts_one_recommendation_in_a_cluster_and_takes_it_out(client_for, coordinator):
    cluster = ClusterFactory()
    row = RecommendationFactory()
    client = client_for(coordinator)
    client.post(url("recommendation_cluster", uuid=row.uuid), {"cluster": str(cluster.uuid)})
    row.refresh_from_db()
    assert row.cluster == cluster
    client.post(url("recommendation_cluster", uuid=row.uuid), {"cluster": ""})
    row.refresh_from_db()
    assert row.cluster is None


@pytest.mark.django_db
def test_bulk_add_confirms_the_count_of_the_filtered_list(client_for, coordinator):
    cluster = ClusterFactory()
    targets = RecommendationFactory.create_batch(4, text_fr="Torture", position="noted")
    RecommendationFactory(text_fr="Torture", position="supported")
    RecommendationFactory(text_fr="Autre", position="noted")
    client = client_for(coordinator)
    query = "q=torture&position=noted&sort=relevance&page=3"
    page = client.get(f"{url('cluster_bulk')}?{query}")
    assert page.status_code == 200
    assert 'data-count="4"' in page.content.decode()
    response = client.post(
        f"{url('cluster_bulk')}?{query}",
        {"cluster": str(cluster.uuid), "action": "add", "expected_count": "4"},
    )
    assert response.status_code == 302
    assert set(cluster.recommendations.values_list("pk", flat=True)) == {t.pk for t in targets}


@pytest.mark.django_db
def test_bulk_add_with_a_changed_count_asks_again_and_changes_nothing(client_for, coordinator):
    cluster = ClusterFactory()
    RecommendationFactory.create_batch(3, text_fr="Torture")
    response = client_for(coordinator).post(
        f"{url('cluster_bulk')}?q=torture",
        {"cluster": str(cluster.uuid), "action": "add", "expected_count": "2"},
    )
    assert response.status_code == 409
    assert 'data-count="3"' in response.content.decode()
    assert not cluster.recommendations.exists()


@pytest.mark.django_db
def test_bulk_remove_takes_the_filtered_recommendations_out(client_for, coordinator):
    cluster = ClusterFactory()
    kept = RecommendationFactory(text_fr="Autre", cluster=cluster)
    RecommendationFactory.create_batch(2, text_fr="Torture", cluster=cluster)
    response = client_for(coordinator).post(
        f"{url('cluster_bulk')}?q=torture",
        {"cluster": str(cluster.uuid), "action": "remove", "expected_count": "2"},
    )
    assert response.status_code == 302
    assert list(cluster.recommendations.values_list("pk", flat=True)) == [kept.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["focal_a", "validator_a", "management"])
def test_other_roles_cannot_post_to_cluster_pages(request, client_for, persona):
    actor = request.getfixturevalue(persona)
    cluster = ClusterFactory(name_fr="Justice")
    row = RecommendationFactory()
    client = client_for(actor)
    responses = [
        client.post(url("cluster_create"), {"name_fr": "X"}),
        client.post(url("cluster_edit", uuid=cluster.uuid), {"name_fr": "X", "version": "1"}),
        client.post(url("cluster_delete", uuid=cluster.uuid), {"version": "1"}),
        client.post(url("recommendation_cluster", uuid=row.uuid), {"cluster": str(cluster.uuid)}),
        client.post(
            f"{url('cluster_bulk')}",
            {"cluster": str(cluster.uuid), "action": "add", "expected_count": "1"},
        ),
    ]
    assert [response.status_code for response in responses] == [403] * 5
    cluster.refresh_from_db()
    row.refresh_from_db()
    assert (cluster.name_fr, cluster.version, row.cluster_id) == ("Justice", 1, None)
    assert Cluster.objects.count() == 1
