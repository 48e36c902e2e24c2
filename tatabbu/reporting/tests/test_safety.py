"""REP-1: report generation fetches nothing but its fonts, reads no local file, evaluates no
template syntax found in the data; EXP-1: no formula in XLSX cells."""

from __future__ import annotations

import http.server
import io
import shutil
import subprocess
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tatabbu.actionplan.models import Project
from tatabbu.actionplan.tests.factories import AxisFactory, PlanFactory, ProjectFactory
from tatabbu.reporting import registry
from tatabbu.reporting.generation import produce
from tatabbu.reporting.renderers.fonts import FontOnlyFetcher, RefusedResource, available_faces

pytestmark = pytest.mark.django_db


class _Canary(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self) -> None:
        _Canary.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red; }")

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def canary() -> Iterator[str]:
    """An HTTP server on 127.0.0.1 that records every request it receives."""
    _Canary.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Canary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _hostile_plan(canary: str) -> None:
    plan = PlanFactory(
        slug="hostile",
        title_ar=f'<link rel="stylesheet" href="{canary}/plan.css"> {{{{7*7}}}}',
        title_en=f'<link rel="stylesheet" href="{canary}/plan.css"> {{{{7*7}}}}',
    )
    axis = AxisFactory(
        plan=plan,
        code="1",
        title_ar=f"@import url({canary}/import.css); محور",
        title_en=f"@import url({canary}/import.css); axis",
    )
    hostile_title = (
        f'<img src="file:///etc/passwd"><img src="{canary}/img.png"> Project {{{{7*7}}}}'
    )
    hostile_description = (
        '{% load static %}{% include "base.html" %} <iframe src="file:///etc/hostname">'
    )
    ProjectFactory(
        axis=axis,
        number=1,
        title_ar=hostile_title,
        title_en=hostile_title,
        description_ar=hostile_description,
        description_en=hostile_description,
        title_fr='=HYPERLINK("http://127.0.0.1/x","click")',
    )


def _produce(file_format: str, language: str = "ar") -> bytes:
    kind = registry.get("action-plan")
    return produce(
        kind="action-plan",
        file_format=file_format,
        language=language,
        options=kind.clean_options({"plan": "hostile"}),
        user=None,
    )[1]


@pytest.mark.parametrize("file_format", ["pdf", "docx", "xlsx"])
@pytest.mark.parametrize("language", ["ar", "en"])
def test_report_content_fetches_nothing_and_evaluates_nothing(
    canary, file_format, language, tmp_path
) -> None:
    _hostile_plan(canary)
    content = _produce(file_format, language)
    assert _Canary.hits == []
    if file_format == "pdf" and language == "en":
        if shutil.which("pdftotext") is None:
            pytest.skip("pdftotext is not installed")
        path = tmp_path / "r.pdf"
        path.write_bytes(content)
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "{{7*7}}" in text
        assert "{% load static %}" in text
        assert "<img" in text
        assert "root:" not in text
        # {{7*7}} printed literally, never evaluated (the report's own time may contain "49").
        assert "Project 49" not in text
    elif file_format == "pdf":
        assert content.startswith(b"%PDF")
    elif file_format == "docx":
        xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode("utf-8")
        assert "{{7*7}}" in xml
        assert '&lt;img src="file:///etc/passwd"&gt;' in xml
        assert "root:" not in xml
    else:
        assert b"root:" not in content


def test_pdf_renderer_never_reads_local_files(canary, tmp_path) -> None:
    _hostile_plan(canary)
    passwd = Path("/etc/passwd").read_text(encoding="utf-8", errors="ignore").splitlines()[0]
    content = _produce("pdf")
    if shutil.which("pdftotext"):
        path = tmp_path / "r.pdf"
        path.write_bytes(content)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
        assert passwd not in text


def test_the_fetcher_serves_the_fonts_and_refuses_everything_else(canary) -> None:
    fetcher = FontOnlyFetcher()
    faces = available_faces()
    assert faces, "fonts-noto-core / fonts-hosny-amiri are not installed"
    response = fetcher(faces[0].url)
    assert response.read(4) in {b"\x00\x01\x00\x00", b"true", b"OTTO"}
    for url in (
        "file:///etc/passwd",
        f"{canary}/x.css",
        "https://example.org/font.ttf",
        "data:text/css,body{}",
        faces[0].url + "/../../../../etc/passwd",
        "file:///usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ):
        with pytest.raises(RefusedResource):
            fetcher(url)
    assert len(fetcher.refused) == 6
    assert _Canary.hits == []


def test_xlsx_text_that_looks_like_a_formula_stays_text(canary) -> None:
    _hostile_plan(canary)
    content = _produce("xlsx", "fr")
    workbook = load_workbook(io.BytesIO(content))
    values = [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value.startswith("=HYPERLINK")
    ]
    assert values
    assert all(cell.data_type == "s" for cell in values)
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert not any(
        b"<f>" in archive.read(name) for name in archive.namelist() if name.endswith(".xml")
    )


def test_a_report_too_large_is_refused(settings, canary) -> None:
    from tatabbu.reporting.generation import ReportTooLarge

    _hostile_plan(canary)
    settings.TATABBU_REPORT_MAX_SIZE = 5
    with pytest.raises(ReportTooLarge):
        _produce("pdf")


def test_control_and_bidi_override_characters_are_removed(canary) -> None:
    _hostile_plan(canary)
    Project.objects.filter(number=1, plan__slug="hostile").update(
        title_en="Bell\x07 and \u202eoverride\u202c and tab end"
    )
    content = _produce("docx", "en")
    xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode("utf-8")
    assert "Bell and override and tab end" in xml
    assert "\u202e" not in xml and "\x07" not in xml
