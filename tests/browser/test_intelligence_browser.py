"""A coordinator accepts a suggested label on the recommendation page (htmx, in French)."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, username: str = "coordinator") -> None:  # type: ignore[no-untyped-def]
    from django.conf import settings

    page.goto(f"{live_server.url}/fr/app/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", settings.SEED_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/fr/app/")


def test_coordinator_accepts_a_suggestion(  # type: ignore[no-untyped-def]
    live_server, page, reference_data, settings, tmp_path
) -> None:
    from tatabbu.intelligence import artefacts, services
    from tatabbu.intelligence.ml import datasets
    from tatabbu.intelligence.models import Suggestion
    from tatabbu.intelligence.tests.conftest import sample_upr_info
    from tatabbu.recommendations.permissions import SYSTEM
    from tatabbu.recommendations.tests.realdata import insert_upr_info

    settings.TATABBU_MODEL_DIR = tmp_path / "models"
    artefacts.clear_cache()
    sample = sample_upr_info(tmp_path / "train.csv")
    action = datasets.load_upr_info(sample)[datasets.UPR_ACTION]
    services.model_train(actor=SYSTEM, data=action, data_source=str(sample))
    rows = [
        row
        for row in datasets._read(
            sample_upr_info(tmp_path / "s13.csv", sessions=(13,), per_session=3000)
        )
        if row["state_under_review"] == "Morocco"
    ][:1]
    (recommendation,) = insert_upr_info(rows)
    services.suggestions_add(actor=SYSTEM, recommendation_ids=[recommendation.pk])
    suggestion = Suggestion.objects.get(recommendation=recommendation)
    assert recommendation.action_category is None

    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _sign_in(page, live_server)
    page.goto(f"{live_server.url}/fr/app/recommendations/{recommendation.uuid}/")
    panel = page.locator("#suggestions")
    assert panel.locator("tr.suggestion").count() == 1
    assert "Étiquettes suggérées" in panel.locator("h2").inner_text()
    panel.locator(f'button[name="accept"][value="{suggestion.pk}"]').click()
    page.locator("#suggestions .decided-suggestions").wait_for()
    assert page.locator("#suggestions tr.suggestion").count() == 0
    assert "Acceptée" in page.locator("#suggestions .decided-suggestions").inner_text()
    recommendation.refresh_from_db()
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted"
    assert recommendation.action_category == int(suggestion.label)
    assert errors == []
    artefacts.clear_cache()
