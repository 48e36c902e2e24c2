"""Consolidating a report section in a real browser, in French."""

from __future__ import annotations

import datetime

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coordinator_consolidates_a_section_in_french(live_server, page, reference_data) -> None:
    from django.conf import settings

    from tatabbu.accounts.models import User
    from tatabbu.engagement import services
    from tatabbu.engagement.models import ReportSection

    from .factories import MINISTRY_A, institution, state_report

    report = state_report()
    section = report.sections.get()
    coordinator = User.objects.get(username="coordinator")
    (request,) = services.contribution_request_create(
        actor=coordinator,
        section=section,
        institutions=[institution(MINISTRY_A)],
        deadline=datetime.date(2026, 12, 15),
    )
    contribution = "La loi 43-13 relative au mécanisme national de prévention a été adoptée."
    services.contribution_update(
        actor=User.objects.get(username="focal.a"),
        contribution=request,
        version=1,
        text=contribution,
    )
    services.contribution_transition(
        actor=User.objects.get(username="focal.a"), contribution=request, step="submit"
    )
    services.contribution_transition(
        actor=User.objects.get(username="validator.a"), contribution=request, step="validate"
    )

    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{live_server.url}/fr/app/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", settings.SEED_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/fr/app/")

    page.goto(f"{live_server.url}/fr/app/engagement/sections/{section.pk}/")
    page.get_by_role("link", name="Consolider").click()
    page.wait_for_url(f"**/fr/app/engagement/sections/{section.pk}/edit/")
    assert page.evaluate("document.documentElement.lang") == "fr"
    assert page.evaluate("document.documentElement.dir") == "ltr"
    assert page.get_by_role("heading", name="Contributions validées").is_visible()
    assert page.locator(".contribution-text").inner_text() == contribution
    consolidated = f"Le Royaume rappelle que {contribution[0].lower()}{contribution[1:]}"
    page.fill("#id_text", consolidated)
    page.fill("#id_note", "Contribution du ministère de la Justice")
    page.get_by_role("button", name="Enregistrer comme nouvelle version").click()
    page.wait_for_url(f"**/fr/app/engagement/sections/{section.pk}/")
    assert page.locator("#section-text").inner_text() == consolidated
    assert page.get_by_text("La section a été enregistrée comme nouvelle version.").is_visible()
    section = ReportSection.objects.get(pk=section.pk)
    assert section.text == consolidated
    assert section.versions.get().note == "Contribution du ministère de la Justice"
    assert errors == []
