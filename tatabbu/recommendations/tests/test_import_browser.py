"""The upload and status pages in Chromium, in Arabic (right to left)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BAD_FILE = (
    "mechanism,state_under_review,document_symbol,paragraph,text_ar,text_fr,themes\n"
    "CAT,MAR,CAT/C/MAR/CO/4,12,توصي اللجنة الدولة الطرف بأن تكفل…,Le Comité recommande…,Nope\n"
    "CAT,Atlantide,CAT/C/MAR/CO/4,13,,Le Comité recommande…,Death penalty\n"
)


def _shots(tmp_path: Path) -> Path:
    directory = Path(os.environ.get("TATABBU_SCREENSHOT_DIR", tmp_path))
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def test_upload_and_report_in_arabic(
    live_server: Any, page: Any, reference_data: Any, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    shots = _shots(tmp_path)
    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{live_server.url}/ar/app/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", settings.SEED_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/ar/app/")
    page.goto(f"{live_server.url}/ar/app/recommendations/imports/new/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    assert page.locator("h1").inner_text() == "استيراد التوصيات"
    page.screenshot(path=str(shots / "import-upload-ar.png"), full_page=True)
    upload = tmp_path / "recommandations.csv"
    upload.write_text(BAD_FILE, encoding="utf-8")
    page.select_option("#id_format", "csv")
    page.set_input_files("#id_file", str(upload))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/imports/*/")
    assert page.evaluate("document.documentElement.dir") == "rtl"
    rows = page.locator("main table tbody tr")
    assert rows.count() == 2
    assert "Atlantide" in rows.nth(1).inner_text()
    assert "لم يُستورد أي شيء" in page.locator("main").inner_text()
    page.screenshot(path=str(shots / "import-status-ar.png"), full_page=True)
    page.goto(f"{live_server.url}/ar/app/recommendations/imports/")
    assert page.locator("main table tbody tr").count() == 1
    page.screenshot(path=str(shots / "import-list-ar.png"), full_page=True)
