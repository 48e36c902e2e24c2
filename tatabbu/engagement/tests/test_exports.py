"""The ``treaty`` and ``upr-status`` report kinds: content in each language, right-to-left
DOCX for Arabic, Arabic text found by pdftotext in the PDF, the command line."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from tatabbu.engagement import services
from tatabbu.reporting import registry
from tatabbu.reporting.generation import produce

from .factories import state_report

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 29)
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)
ARABIC_RECOMMENDATION = "مواصلة الجهود الرامية إلى تعزيز استقلال السلطة القضائية"


@pytest.fixture
def upr_cycle_3() -> list[Any]:
    from tatabbu.recommendations.tests.factories import (
        RecommendationFactory,
        SourceDocumentFactory,
    )

    document = SourceDocumentFactory(symbol="A/HRC/36/6", cycle=3)
    return [
        RecommendationFactory(
            document=document,
            paragraph="144.10",
            text_ar=ARABIC_RECOMMENDATION,
            text_fr="Poursuivre les efforts visant à renforcer l'indépendance de la justice",
            position="supported",
        ),
        RecommendationFactory(
            document=document,
            paragraph="144.2",
            text_ar="",
            text_fr="Ratifier le deuxième Protocole facultatif se rapportant au Pacte",
            position="noted",
        ),
    ]


def _produce(kind: str, file_format: str, language: str, **options: Any) -> tuple[Any, bytes]:
    return produce(
        kind=kind,
        file_format=file_format,
        language=language,
        options=registry.get(kind).clean_options(options),
        user=None,
        today=TODAY,
    )


def _docx_xml(content: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode("utf-8")


def _pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_paragraphs_are_in_natural_order() -> None:
    from tatabbu.engagement.report_kinds import _paragraph_key

    paragraphs = ["144.10", "131.a", "144.2", "131.9", "7", "131.b"]
    assert sorted(paragraphs, key=_paragraph_key) == [
        "7",
        "131.9",
        "131.a",
        "131.b",
        "144.2",
        "144.10",
    ]


def test_both_kinds_are_registered() -> None:
    assert {"treaty", "upr-status", "action-plan"} <= {kind.code for kind in registry.kinds()}


def test_upr_status_lists_every_recommendation_of_the_cycle(upr_cycle_3: list[Any]) -> None:
    document, content = _produce("upr-status", "docx", "fr", cycle="3")
    assert document.symbol == "A/HRC/36/6"
    table = [block for block in document.blocks if hasattr(block, "rows")][-1]
    assert [row[0] for row in table.rows] == ["144.2", "144.10"]  # paragraph order
    from django.utils import translation

    with translation.override("fr"):
        positions = [str(r.get_position_display()) for r in reversed(upr_cycle_3)]
    assert [row[3] for row in table.rows] == positions
    word = Document(io.BytesIO(content))
    cells = {cell.text for t in word.tables for row in t.rows for cell in row.cells}
    assert "Ratifier le deuxième Protocole facultatif se rapportant au Pacte" in cells
    xml = _docx_xml(content)
    assert "<w:bidiVisual/>" not in xml  # French: left to right


def test_upr_status_docx_in_arabic_is_right_to_left(upr_cycle_3: list[Any]) -> None:
    document, content = _produce("upr-status", "docx", "ar", cycle="3")
    xml = _docx_xml(content)
    assert xml.count("<w:bidi/>") > 10
    assert xml.count("<w:rtl/>") > 10
    assert "<w:bidiVisual/>" in xml
    assert ARABIC_RECOMMENDATION in xml
    assert document.title == "تقرير حالة تنفيذ توصيات الاستعراض الدوري الشامل — الدورة 3"


@needs_pdftotext
def test_upr_status_pdf_in_arabic_has_the_arabic_text(upr_cycle_3: list[Any], tmp_path) -> None:
    _document, content = _produce("upr-status", "pdf", "ar", cycle="3")
    assert content[:5] == b"%PDF-"
    text = _pdf_text(content, tmp_path)
    for word in ARABIC_RECOMMENDATION.split():
        assert word in text
    assert "A/HRC/36/6" in text
    for word in ("الاستعراض", "الدوري", "الشامل"):
        assert word in text


def test_upr_status_refuses_a_cycle_without_recommendations() -> None:
    with pytest.raises(registry.ReportOptionError):
        _produce("upr-status", "xlsx", "fr", cycle="2")
    with pytest.raises(registry.ReportOptionError):
        registry.get("upr-status").clean_options({"cycle": "x"})


def _drafted_report() -> Any:
    from tatabbu.accounts.models import User

    report = state_report()
    section = report.sections.get()
    services.section_save_text(
        actor=User.objects.get(username="coordinator"),
        section=section,
        version=1,
        text="Le mécanisme national de prévention a été créé en 2018.\n\nIl a effectué 60 visites.",
    )
    return report


def test_treaty_report_holds_the_drafted_sections(tmp_path) -> None:
    _drafted_report()
    document, content = _produce("treaty", "docx", "fr", cycle="ccpr-7")
    assert document.symbol == "CCPR/C/MAR/7"
    word = Document(io.BytesIO(content))
    paragraphs = [paragraph.text for paragraph in word.paragraphs]
    assert "Le mécanisme national de prévention a été créé en 2018." in paragraphs
    assert "Il a effectué 60 visites." in paragraphs
    assert any("Article 7 — Interdiction de la torture (1)" in text for text in paragraphs)
    assert "<w:bidi/>" not in _docx_xml(content)


def test_treaty_report_in_arabic_marks_the_french_text(tmp_path) -> None:
    _drafted_report()
    _document, content = _produce("treaty", "docx", "ar", cycle="ccpr-7")
    xml = _docx_xml(content)
    assert "<w:bidi/>" in xml and "<w:rtl/>" in xml
    assert "Il a effectué 60 visites." in xml
    assert "فقرات الملاحظات الختامية" in xml  # the labels are in Arabic


@needs_pdftotext
def test_treaty_calendar_pdf_in_arabic(tmp_path) -> None:
    _document, content = _produce("treaty", "pdf", "ar")
    text = _pdf_text(content, tmp_path)
    assert "CCPR/C/MAR/CO/6" in text
    for word in ("الجدول", "الزمني"):
        assert word in text


def test_treaty_calendar_xlsx_lists_the_cycles() -> None:
    _document, content = _produce("treaty", "xlsx", "en")
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["Reporting cycles"]
    values = list(sheet.iter_rows(values_only=True))
    bodies = {row[0] for row in values[1:] if row and row[0]}
    assert {"CCPR", "CESCR", "CRC", "CAT", "CEDAW", "CERD", "CRPD", "CED", "CMW"} <= bodies


def test_make_report_command_for_both_kinds(upr_cycle_3: list[Any], tmp_path) -> None:
    for arguments in (
        ["--kind", "upr-status", "--cycle", "3", "--format", "xlsx", "--lang", "fr"],
        ["--kind", "treaty", "--cycle", "ccpr-7", "--format", "docx", "--lang", "ar"],
    ):
        output = tmp_path / f"{arguments[1]}.out"
        call_command("make_report", *arguments, "-o", str(output), stdout=io.StringIO())
        assert output.read_bytes()[:2] == b"PK"


def test_report_page_offers_both_kinds(personas: dict[str, Any], client_for: Any) -> None:
    from django.urls import reverse

    client = client_for(personas["coordinator"])
    for kind in ("treaty", "upr-status"):
        response = client.get(reverse("reporting:report_create"), {"kind": kind})
        assert response.status_code == 200, kind
    refused = client_for(personas["association"]).get(
        reverse("reporting:report_create"), {"kind": "treaty"}
    )
    assert refused.status_code == 403


def test_upr_status_shows_institutions_status_and_latest_validated_update(
    upr_cycle_3: list[Any], personas: dict[str, Any]
) -> None:
    from tatabbu.followup import services as followup

    recommendation = upr_cycle_3[0]
    focal_a, validator_a = personas["focal.a"], personas["validator.a"]
    focal_b = personas["focal.b"]
    followup.assignment_set(
        actor=personas["coordinator"],
        recommendation=recommendation,
        lead_institution=focal_a.institution,
        contributing_institutions=[focal_b.institution],
    )
    draft = followup.progress_update_create(
        actor=focal_a,
        recommendation=recommendation,
        values={"text": "Brouillon non validé", "assessed_status": "in_progress"},
    )
    validated = followup.progress_update_create(
        actor=focal_a,
        recommendation=recommendation,
        values={"text": "Loi organique adoptée", "assessed_status": "partially_implemented"},
    )
    followup.progress_update_submit(actor=focal_a, update=validated, version=1)
    validated.refresh_from_db()
    followup.progress_update_validate(
        actor=validator_a, update=validated, version=validated.version
    )
    document, _content = _produce("upr-status", "docx", "fr", cycle="3")
    table = [block for block in document.blocks if hasattr(block, "rows")][-1]
    row = next(row for row in table.rows if row[0] == "144.10")
    assert row[6] == "Loi organique adoptée"
    assert draft.text not in row
    recommendation.refresh_from_db()
    from django.utils import translation

    with translation.override("fr"):
        assert row[4] == f"{focal_a.institution}, {focal_b.institution}"
        assert row[5] == str(recommendation.get_implementation_status_display())
    assert row[4].startswith("Ministère de la Justice") and row[5]
