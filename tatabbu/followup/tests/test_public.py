"""What the portal shows of the follow-up: published updates only, and their status."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tatabbu.followup import services
from tatabbu.followup.public import published_statuses, text_language
from tatabbu.portal import selectors as portal_selectors

pytestmark = pytest.mark.django_db


def test_text_language() -> None:
    assert text_language("تم اعتماد القانون المتعلق بالمساعدة القضائية") == "ar"
    assert text_language("Le projet de loi a été adopté par le Parlement") == "fr"
    assert text_language("The bill was adopted by the Parliament in May") == "en"


def test_portal_shows_published_updates_and_their_status_only(
    scenario: Any, django_capture_on_commit_callbacks: Any
) -> None:
    users = scenario.users
    validated = services.progress_update_create(
        actor=users["focal.a"],
        recommendation=scenario.rec_a,
        values={"text": "MARQUEUR-VALIDE-NON-PUBLIE", "assessed_status": "implemented"},
    )
    services.progress_update_submit(actor=users["focal.a"], update=validated, version=1)
    validated.refresh_from_db()
    services.progress_update_validate(
        actor=users["validator.a"], update=validated, version=validated.version
    )
    page = Client().get(f"/fr/recommendations/{scenario.rec_a.uuid}/").content.decode()
    assert "MARQUEUR-VALIDE-NON-PUBLIE" not in page
    assert "Brouillon A" not in page and "Soumis A" not in page
    assert published_statuses([scenario.rec_a.pk]) == {}
    assert portal_selectors.public_statuses([scenario.rec_a.pk]) == {}

    validated.refresh_from_db()
    # Publishing announces it (on commit): the portal's cached copy of the page is dropped.
    with django_capture_on_commit_callbacks(execute=True):
        services.progress_update_publish(
            actor=users["coordinator"], update=validated, version=validated.version
        )
    assert portal_selectors.public_statuses([scenario.rec_a.pk]) == {
        scenario.rec_a.pk: "implemented"
    }
    page = Client().get(f"/fr/recommendations/{scenario.rec_a.uuid}/").content.decode()
    assert "MARQUEUR-VALIDE-NON-PUBLIE" in page
    assert 'data-public-status="implemented"' in page
    assert "Brouillon A" not in page and "Soumis A" not in page


def test_exchange_round_trip_carries_published_implementation(scenario: Any, tmp_path: Any) -> None:
    """Export with this instance's published update, import into an instance without these
    recommendations (deleted here), export again: the same document, implementation included;
    the receiving side stores it apart from its own workflow."""
    import json
    from io import StringIO

    from django.core.management import call_command

    from tatabbu.followup.models import ImportedImplementation, ProgressUpdate
    from tatabbu.recommendations.models import Recommendation, SourceDocument

    users = scenario.users
    update = services.progress_update_create(
        actor=users["focal.a"],
        recommendation=scenario.rec_a,
        values={"text": "La loi a été adoptée par le Parlement", "assessed_status": "implemented"},
    )
    services.progress_update_submit(actor=users["focal.a"], update=update, version=1)
    update.refresh_from_db()
    services.progress_update_validate(
        actor=users["validator.a"], update=update, version=update.version
    )
    update.refresh_from_db()
    services.progress_update_publish(
        actor=users["coordinator"], update=update, version=update.version
    )

    def export(name: str) -> list[dict[str, Any]]:
        call_command("export_exchange", "-o", str(tmp_path / name), stdout=StringIO())
        document = json.loads((tmp_path / name).read_text(encoding="utf-8"))
        return sorted(document["recommendations"], key=lambda record: record["key"])

    before = export("first.json")
    sent = next(r for r in before if r["key"] == scenario.rec_a.natural_key)
    assert sent["implementation"]["status"] == "implemented"
    assert sent["implementation"]["updates"][0]["text"] == {
        "fr": "La loi a été adoptée par le Parlement"
    }
    # Another instance: the same reference data, none of these recommendations nor their
    # follow-up (protected from deletion: removed first).
    from tatabbu.followup.models import Action, Assignment

    ProgressUpdate.objects.all().delete()
    Action.objects.all().delete()
    Assignment.objects.all().delete()
    Recommendation.objects.all().delete()
    SourceDocument.objects.all().delete()
    out = StringIO()
    call_command("import_exchange", str(tmp_path / "first.json"), stdout=out)
    assert ImportedImplementation.objects.count() == 1
    assert not ProgressUpdate.objects.exists()  # not mixed into the workflow
    assert export("second.json") == before
    # Importing the same document again changes nothing.
    call_command("import_exchange", str(tmp_path / "second.json"), stdout=StringIO())
    assert export("third.json") == before


def test_portal_status_facet_and_filter_read_published_updates_only(scenario: Any) -> None:
    """The public status facet counts, and its filter keeps, what published updates say; the
    internal status (validated updates, overrides) does not show through counts."""
    users = scenario.users
    for recommendation, status, publish in (
        (scenario.rec_a, "implemented", True),
        (scenario.rec_shared, "partially_implemented", False),
    ):
        author = users["focal.a"] if recommendation == scenario.rec_a else users["focal.b"]
        validator = users["validator.a"] if author == users["focal.a"] else users["validator.b"]
        update = services.progress_update_create(
            actor=author,
            recommendation=recommendation,
            values={"text": "Avancement", "assessed_status": status},
        )
        services.progress_update_submit(actor=author, update=update, version=1)
        update.refresh_from_db()
        services.progress_update_validate(actor=validator, update=update, version=update.version)
        if publish:
            update.refresh_from_db()
            services.progress_update_publish(
                actor=users["coordinator"], update=update, version=update.version
            )
    result = portal_selectors.recommendation_public_search(filters={})
    status = next(facet for facet in result.facets if facet.name == "status")
    assert {value.key: value.count for value in status.values} == {"implemented": 1}
    filtered = portal_selectors.recommendation_public_search(filters={"status": ["implemented"]})
    assert [row.pk for row in filtered.page.rows] == [scenario.rec_a.pk]
    hidden = portal_selectors.recommendation_public_search(
        filters={"status": ["partially_implemented"]}
    )
    assert hidden.page.count == 0
    page = Client().get("/fr/recommendations/?status=implemented").content.decode()
    assert str(scenario.rec_a.uuid) in page and str(scenario.rec_b.uuid) not in page


def test_exchange_export_queries_do_not_grow_with_the_recommendations(scenario: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tatabbu.api import exchange
    from tatabbu.recommendations.models import Recommendation
    from tatabbu.recommendations.tests.factories import RecommendationFactory

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            records = list(exchange.export_records(Recommendation.objects.order_by("pk")))
        assert len(records) == Recommendation.objects.count()
        return len(captured)

    few = queries()
    for _ in range(6):
        RecommendationFactory()
    assert queries() == few
