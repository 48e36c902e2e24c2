"""The plan timeline and charts in a real browser, in Arabic: right to left, bars in place."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, username: str = "coordinator") -> None:  # type: ignore[no-untyped-def]
    from django.conf import settings

    page.goto(f"{live_server.url}/ar/app/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", settings.SEED_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ar/app/")


def test_plan_timeline_in_arabic_runs_right_to_left(live_server, page, reference_data) -> None:
    from tatabbu.actionplan.services import plan_2026_load

    plan_2026_load(actor=None)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_viewport_size({"width": 1366, "height": 900})
    _sign_in(page, live_server)
    page.goto(f"{live_server.url}/ar/app/plans/didh-2026/timeline/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("#plan-timeline li.tl-row .tl-bar").count() == 27
    headings = page.locator("#plan-timeline .tl-heading")
    assert headings.count() == 12
    january, february = headings.nth(0).bounding_box(), headings.nth(1).bounding_box()
    assert january["x"] > february["x"], "in Arabic, January is right of February"
    forum = page.locator('li[data-project="5"] .tl-bar').bounding_box()  # February–March
    seminar = page.locator('li[data-project="6"] .tl-bar').bounding_box()  # June
    assert forum["x"] > seminar["x"]
    assert forum["width"] > 0 and seminar["width"] > 0
    label = page.locator('li[data-project="5"] .tl-label').bounding_box()
    assert label["x"] > forum["x"], "project names sit on the right, where time starts"
    assert page.locator('li[data-project="7"] .tl-mark').count() == 3
    assert errors == []


def test_plan_charts_are_drawn_from_the_json_data(live_server, page, reference_data) -> None:
    from tatabbu.actionplan.services import plan_2026_load

    plan_2026_load(actor=None)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _sign_in(page, live_server)
    page.goto(f"{live_server.url}/ar/app/plans/didh-2026/")
    page.wait_for_function("window.Chart && Chart.getChart(document.querySelector('canvas'))")
    labels = page.evaluate("Chart.getChart(document.querySelector('canvas')).data.labels.length")
    assert labels == 4
    assert page.locator("#axis-table tbody tr").count() == 4
    assert errors == []
