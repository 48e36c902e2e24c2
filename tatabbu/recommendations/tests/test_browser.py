"""Searching in Arabic in a real browser: results and facets update in place (htmx), right to
left, and the URL follows so that a link reproduces the view."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, live_server, username: str = "coordinator") -> None:
    from django.conf import settings

    page.goto(f"{live_server.url}/ar/app/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", settings.SEED_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ar/app/")


def test_arabic_search_updates_results_and_facets_in_place(live_server, page, reference_data):
    from .factories import RecommendationFactory, SourceDocumentFactory, mechanism

    cat = SourceDocumentFactory(mechanism=mechanism("CAT"))
    for number in range(3):
        RecommendationFactory(
            document=cat, text_ar=f"مُكافحة التَّعْذِيب في السجون {number}", text_fr="Torture"
        )
    RecommendationFactory(text_ar="ضمان الحق في التعليم", text_fr="Éducation")
    RecommendationFactory(text_ar="منع التعذيب وسوء المعاملة", text_fr="Torture")

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server)
    page.goto(f"{live_server.url}/ar/app/recommendations/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("#results-title").get_attribute("data-total") == "5"
    page.evaluate("window.notReloaded = true")

    page.fill("#id_q", "التعذيب")  # unvocalised query, vocalised texts
    page.wait_for_selector('#results-title[data-total="4"]')
    assert "التَّعْذِيب" in page.locator(".result-text mark").all_inner_texts()
    assert "sort=" not in page.url or "sort=relevance" in page.url
    body_facet = page.locator('fieldset[data-facet="body"]')
    assert body_facet.locator(".facet-count").all_inner_texts() == ["3", "1"]
    assert page.evaluate("window.notReloaded") is True
    assert "q=" in page.url

    body_facet.locator("input[value=CAT]").check()
    page.wait_for_selector('#results-title[data-total="3"]')
    assert "body=CAT" in page.url
    assert page.evaluate("window.notReloaded") is True
    assert page.locator(".result-text").first.get_attribute("dir") == "rtl"

    page.reload()  # the URL alone reproduces the view
    assert page.locator("#results-title").get_attribute("data-total") == "3"
    assert page.locator('fieldset[data-facet="body"] input[value=CAT]').is_checked()
