"""The home page in a real browser: right-to-left Arabic, left-to-right French, the switcher."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_is_rtl_in_arabic_and_ltr_in_french(live_server, page, reference_data) -> None:
    page.goto(f"{live_server.url}/ar/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    page.goto(f"{live_server.url}/fr/")
    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert page.evaluate("document.documentElement.lang") == "fr"


def test_language_switcher_changes_language_and_direction(
    live_server, page, reference_data
) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/fr/")
    page.locator('[data-language="ar"]').click()
    page.wait_for_url(f"{live_server.url}/ar/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    heading = page.locator("h1").inner_text()
    assert any("\u0600" <= char <= "\u06ff" for char in heading)
    page.locator('[data-language="en"]').click()
    page.wait_for_url(f"{live_server.url}/en/")
    assert page.evaluate("document.documentElement.dir") == "ltr"


def test_signed_in_page_in_arabic_after_login(live_server, page, reference_data) -> None:
    from django.conf import settings

    page.goto(f"{live_server.url}/ar/app/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", settings.SEED_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ar/app/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    page.goto(f"{live_server.url}/ar/app/reference/")
    assert page.locator(".stat-value").count() == 7
