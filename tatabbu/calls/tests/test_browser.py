"""An association applies in Arabic in a real browser: right-to-left pages, a draft, a budget,
an attachment, the submission."""

from __future__ import annotations

import pytest

from tatabbu.documents.tests import samples

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_association_submits_an_application_in_arabic(
    live_server, page, reference_data, settings, tmp_path
) -> None:
    from tatabbu.accounts.models import User
    from tatabbu.calls.choices import ApplicationStatus
    from tatabbu.calls.models import Application

    from .factories import make_call, persona_association

    settings.MEDIA_ROOT = tmp_path / "media"
    call = make_call(User.objects.get(username="coordinator"))
    persona_association(User.objects.get(username="association"))

    page.goto(f"{live_server.url}/ar/app/login/")
    page.fill("#id_username", "association")
    page.fill("#id_password", settings.SEED_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ar/app/")
    assert page.evaluate("document.documentElement.dir") == "rtl"

    page.goto(f"{live_server.url}/ar/app/calls/{call.uuid}/")
    page.locator(f"a[href$='/calls/{call.uuid}/apply/']").click()
    page.fill("#id_project_title", "مشروع التوعية بحقوق الطفل")
    page.fill("#id_summary", "ورشات في المدارس القروية")
    page.select_option("#id_language", "ar")
    page.locator("main form button[type=submit]").click()

    page.wait_for_url("**/edit/")
    page.fill("#id_lines-0-label", "تكوين المنشطين")
    page.fill("#id_lines-0-amount", "25000")
    page.locator("main form button[type=submit]").click()

    page.wait_for_selector("#attachments")
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "النظام الأساسي.pdf",
                "mimeType": "application/pdf",
                "buffer": samples.pdf_bytes(),
            }
        ],
    )
    page.select_option("#id_required_document", index=1)
    page.locator("form[action$='/attach/'] button[type=submit]").click()
    page.wait_for_selector("#attachments a:has-text('النظام الأساسي.pdf')")
    assert page.evaluate("document.documentElement.dir") == "rtl"

    page.locator("#submit-application").click()
    page.wait_for_selector("[data-status='submitted']")
    application = Application.objects.get(association__user__username="association")
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.project_title == "مشروع التوعية بحقوق الطفل"
    assert [line.label for line in application.budget_lines.all()] == ["تكوين المنشطين"]
    assert application.attachments.get().document.original_name == "النظام الأساسي.pdf"
