"""In a real browser, in Arabic: a focal point drafts an update with evidence and submits it, the
validator validates it; the dashboard's chart runs right to left with the table's numbers."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, username: str) -> None:  # type: ignore[no-untyped-def]
    from django.conf import settings

    page.context.clear_cookies()
    page.goto(f"{live_server.url}/ar/app/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", settings.SEED_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ar/app/")


def test_focal_point_drafts_and_submits_and_validator_validates_in_arabic(
    live_server, page, reference_data, tmp_path, settings
) -> None:
    from tatabbu.accounts.models import User
    from tatabbu.documents.tests import samples
    from tatabbu.followup import services
    from tatabbu.followup.models import ProgressUpdate
    from tatabbu.recommendations.tests.factories import RecommendationFactory

    settings.MEDIA_ROOT = tmp_path / "media"
    focal = User.objects.get(username="focal.a")
    recommendation = RecommendationFactory(
        text_ar="تعزيز الولوج إلى العدالة وتيسير المساعدة القضائية", text_fr=""
    )
    services.assignment_set(
        actor=User.objects.get(username="coordinator"),
        recommendation=recommendation,
        lead_institution=focal.institution,
    )
    evidence = tmp_path / "مرسوم.pdf"
    evidence.write_bytes(samples.pdf_bytes("Decret"))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    _sign_in(page, live_server, "focal.a")
    page.goto(f"{live_server.url}/ar/app/followup/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.locator(f'tr[data-recommendation="{recommendation.uuid}"] a').first.click()
    page.locator("#new-update").click()
    page.fill("#id_text", "صدر المرسوم المتعلق بالمساعدة القضائية في الجريدة الرسمية.")
    page.select_option("#id_assessed_status", "partially_implemented")
    page.set_input_files("#id_evidence", str(evidence))
    page.locator("#update-form button[type=submit]").click()
    page.wait_for_selector('#review-status [data-review-status="draft"]')
    assert page.locator("text=مرسوم.pdf").count() == 1
    page.locator('button[data-step="submit"]').click()
    page.wait_for_selector('#review-status [data-review-status="submitted"]')
    update = ProgressUpdate.objects.get(recommendation=recommendation)
    assert update.status == "submitted"

    _sign_in(page, live_server, "validator.a")
    page.goto(f"{live_server.url}/ar/app/followup/queue/")
    page.locator(f'#submitted-queue a[href*="{update.uuid}"]').click()
    page.locator('button[data-step="validate"]').click()
    page.wait_for_selector('#review-status [data-review-status="validated"]')
    update.refresh_from_db()
    recommendation.refresh_from_db()
    assert update.status == "validated"
    assert recommendation.implementation_status == "partially_implemented"
    assert errors == []


def test_dashboard_chart_in_arabic_runs_right_to_left(live_server, page, reference_data) -> None:
    from tatabbu.accounts.models import User
    from tatabbu.followup import services
    from tatabbu.recommendations.tests.factories import RecommendationFactory

    coordinator = User.objects.get(username="coordinator")
    focal = User.objects.get(username="focal.a")
    services.assignments_set_many(
        actor=coordinator,
        recommendation_ids=[rec.pk for rec in RecommendationFactory.create_batch(3)],
        lead_institution=focal.institution,
        quiet=True,
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _sign_in(page, live_server, "coordinator")
    page.goto(f"{live_server.url}/ar/app/followup/dashboard/?by=institution")
    page.wait_for_function("window.Chart && Chart.getChart(document.querySelector('canvas'))")
    chart = page.evaluate(
        "(() => { const c = Chart.getChart(document.querySelector('canvas'));"
        " return {labels: c.data.labels.length, reverse: c.options.scales.x.reverse,"
        " notStarted: c.data.datasets[0].data[0]}; })()"
    )
    assert chart == {"labels": 1, "reverse": True, "notStarted": 3}
    assert page.locator("#status-table tbody tr").count() == 1
    assert errors == []
