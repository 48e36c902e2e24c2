"""The portal in a real browser (Debian's Chromium): accessibility checked with axe-core (WCAG
2.1 A/AA rules, 0 serious or critical violations) on the main pages in Arabic and French,
search, language switching, and the layout at 360 px."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[3] / "tests" / "vendor" / "axe.min.js"
PAGES = [
    "",
    "recommendations/",
    "recommendations/?q=torture",
    "explore/body/",
    "explore/body/CAT/",
    "action-plans/",
    "action-plans/public-plan/",
    "calls-for-projects/",
    "news/",
    "news/journee/",
    "publications/",
    "open-data/",
    "contact/",
    "no-such-page/",
]


def _seed() -> dict[str, Any]:
    from tatabbu.actionplan.tests.factories import PlanFactory, ProjectFactory
    from tatabbu.portal.tests.factories import PublishedArticleFactory
    from tatabbu.recommendations.tests.factories import (
        RecommendationFactory,
        SourceDocumentFactory,
        mechanism,
    )

    cat = SourceDocumentFactory(mechanism=mechanism("CAT"), legacy_symbol="CAT/C/MAR/CO/4")
    for number in range(3):
        RecommendationFactory(
            document=cat,
            mechanism=mechanism("CAT"),
            text_ar=f"مكافحة التعذيب في أماكن الاحتجاز {number}",
            text_fr=f"Prévenir la torture dans les lieux de détention {number}",
        )
    RecommendationFactory(text_ar="ضمان الحق في التعليم", text_fr="Garantir l’éducation")
    PublishedArticleFactory(
        slug="journee",
        title_ar="يوم دراسي حول التوصيات",
        title_fr="Journée d’étude sur les recommandations",
        body_fr="Le texte.",
        body_ar="النص.",
    )
    plan = PlanFactory(slug="public-plan", is_public=True)
    ProjectFactory(axis__plan=plan)
    return {"plan": plan}


def _axe(page: Any) -> list[dict[str, Any]]:
    """Serious and critical violations of the WCAG 2.0/2.1 A and AA rules on the page."""
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async () => {
            const result = await axe.run(document, {
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
            });
            return result.violations.map(v => ({
                id: v.id, impact: v.impact,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ")),
            }));
        }"""
    )
    return [item for item in result if item["impact"] in {"serious", "critical"}]


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_main_pages_have_no_serious_accessibility_violation(
    live_server, page, reference_data, language: str
) -> None:
    _seed()
    page.set_viewport_size({"width": 1280, "height": 900})
    problems = {}
    for path in PAGES:
        page.goto(f"{live_server.url}/{language}/{path}")
        assert page.evaluate("document.documentElement.lang") == language
        violations = _axe(page)
        if violations:
            problems[path] = violations
    assert problems == {}


def test_search_updates_results_and_keeps_the_url(live_server, page, reference_data) -> None:
    _seed()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/ar/recommendations/")
    assert page.locator("#results-title").get_attribute("data-total") == "4"
    page.evaluate("window.notReloaded = true")
    page.fill("#id_q", "التعذيب")
    page.wait_for_selector('#results-title[data-total="3"]')
    assert page.evaluate("window.notReloaded") is True
    assert "q=" in page.url
    assert page.locator(".result-text").first.get_attribute("dir") == "rtl"
    page.locator('fieldset[data-facet="position"] input').first.check()
    page.wait_for_url(re.compile(r"[?&]position="))
    page.wait_for_selector('#results-title[data-total="3"]')
    # No internal facet in public.
    assert page.locator('fieldset[data-facet="cluster"]').count() == 0
    page.reload()
    assert page.locator("#results-title").get_attribute("data-total") == "3"


def test_language_switcher_keeps_the_page(live_server, page, reference_data) -> None:
    _seed()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/fr/news/journee/")
    assert page.locator("h1").inner_text() == "Journée d’étude sur les recommandations"
    page.locator('[data-language="ar"]').click()
    page.wait_for_url(f"{live_server.url}/ar/news/journee/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("h1").inner_text() == "يوم دراسي حول التوصيات"
    assert page.locator("h1").get_attribute("lang") == "ar"
    hreflang = page.locator('link[rel="alternate"][hreflang="fr"]').get_attribute("href")
    assert hreflang.endswith("/fr/news/journee/")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_pages_fit_a_360_pixel_screen(live_server, page, reference_data, language: str) -> None:
    _seed()
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("", "recommendations/", "explore/body/", "action-plans/public-plan/"):
        page.goto(f"{live_server.url}/{language}/{path}")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"/{language}/{path} scrolls sideways by {overflow}px"
        # The menu collapses behind its button, which opens it.
        toggler = page.locator(".navbar-toggler")
        assert toggler.is_visible()


def test_skip_link_moves_focus_to_the_main_content(live_server, page, reference_data) -> None:
    _seed()
    page.goto(f"{live_server.url}/fr/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "skip-link" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
