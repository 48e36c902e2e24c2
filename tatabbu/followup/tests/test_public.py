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


def test_portal_shows_published_updates_and_their_status_only(scenario: Any) -> None:
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
