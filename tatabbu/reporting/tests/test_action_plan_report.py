"""The action-plan progress report: Arabic PDF (pdftotext), DOCX with right-to-left markup, XLSX,
the command, and what a report may and may not contain."""

from __future__ import annotations

import datetime
import io
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook

from tatabbu.actionplan.models import ActionPlan
from tatabbu.actionplan.services import plan_2026_load
from tatabbu.actionplan.tests.factories import IndicatorFactory, UpdateFactory
from tatabbu.audit.models import Event
from tatabbu.core.workflow import ReviewStatus
from tatabbu.reporting import registry
from tatabbu.reporting.generation import produce

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 29)
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


@pytest.fixture
def plan() -> ActionPlan:
    plan_2026_load(actor=None)
    plan = ActionPlan.objects.get(slug="didh-2026")
    project = plan.projects.get(number=11)
    indicator = IndicatorFactory(
        plan=plan, code="R11", title_ar="عدد المساهمات القطاعية المتوصل بها", target=Decimal(20)
    )
    indicator.projects.add(project)
    update = UpdateFactory(
        project=project,
        status=ReviewStatus.VALIDATED,
        as_of=datetime.date(2026, 9, 30),
        progress_percent=Decimal("55.0"),
        narrative_ar="تم تجميع مساهمات القطاعات الحكومية في التقرير الدوري السابع.",
        narrative_fr="Les contributions des départements ont été rassemblées.",
        narrative_en="Contributions of the ministries were gathered.",
    )
    update.indicator_values.create(indicator=indicator, value=Decimal(14))
    UpdateFactory(
        project=project,
        status=ReviewStatus.DRAFT,
        as_of=datetime.date(2026, 10, 31),
        narrative_ar="مسودة سرية لم يتم التحقق منها",
        narrative_en="Unvalidated secret draft",
    )
    project.progress_percent = Decimal("55.0")
    project.status = "in_progress"
    project.save()
    return plan


def _produce(file_format: str, language: str, **options: object) -> tuple[object, bytes]:
    kind = registry.get("action-plan")
    return produce(
        kind="action-plan",
        file_format=file_format,
        language=language,
        options=kind.clean_options({"plan": "didh-2026", **options}),
        user=None,
        today=TODAY,
    )


def pdf_text(content: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@needs_pdftotext
def test_arabic_pdf_contains_the_arabic_text(plan, tmp_path) -> None:
    document, content = _produce("pdf", "ar")
    assert content.startswith(b"%PDF")
    assert document.title == "تقرير التقدم لسنة 2026"
    text = pdf_text(content, tmp_path)
    # pdftotext gives Arabic in logical order; words are checked one by one.
    for words in (
        "المندوبية الوزارية المكلفة بحقوق الإنسان",
        "تعزيز الحكامة المؤسسية والكفاءة الاستراتيجية للمندوبية",
        "إعداد التقرير الدوري السابع",
        "تم تجميع مساهمات القطاعات الحكومية",
        "عدد المساهمات القطاعية المتوصل بها",
    ):
        for word in words.split():
            assert word in text, word
    assert "سرية" not in text
    pages = subprocess.run(
        ["pdfinfo", str(tmp_path / "report.pdf")], capture_output=True, text=True, check=True
    ).stdout
    assert (
        int(next(line for line in pages.splitlines() if line.startswith("Pages:")).split()[1]) > 5
    )


def test_pdf_embeds_the_arabic_fonts(plan, tmp_path) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts is not installed")
    _document, content = _produce("pdf", "ar")
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    assert "Tatabbu-Naskh" in fonts.stdout
    assert all(line.split()[-5] == "yes" for line in fonts.stdout.splitlines()[2:] if line.strip())


def test_arabic_docx_has_right_to_left_markup_and_the_arabic_text(plan) -> None:
    _document, content = _produce("docx", "ar")
    xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode("utf-8")
    assert xml.count("<w:bidi/>") > 50
    assert xml.count("<w:rtl/>") > 50
    assert "<w:bidiVisual/>" in xml
    assert 'w:jc w:val="right"' not in xml
    assert "TOC \\o" in xml
    assert "PAGE" in _footers(content) and "NUMPAGES" in _footers(content)
    word = Document(io.BytesIO(content))
    text = "\n".join(paragraph.text for paragraph in word.paragraphs)
    assert "تم تجميع مساهمات القطاعات الحكومية في التقرير الدوري السابع." in text
    assert (
        "إعداد التقرير الدوري السابع المتعلق بتنفيذ العهد الدولي الخاص بالحقوق المدنية والسياسية."
        in text
    )
    assert "مسودة سرية" not in xml
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    assert "عدد المساهمات القطاعية المتوصل بها" in cells


def _footers(content: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return "".join(
        archive.read(name).decode("utf-8") for name in archive.namelist() if "footer" in name
    )


def test_french_docx_is_left_to_right(plan) -> None:
    _document, content = _produce("docx", "fr")
    xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode("utf-8")
    assert "<w:bidiVisual/>" not in xml
    word = Document(io.BytesIO(content))
    text = "\n".join(paragraph.text for paragraph in word.paragraphs)
    assert "Les contributions des départements ont été rassemblées." in text
    assert "Élaboration du septième rapport périodique" in text


def test_xlsx_opens_with_typed_cells_and_arabic_sheets_right_to_left(plan) -> None:
    _document, content = _produce("xlsx", "ar")
    workbook = load_workbook(io.BytesIO(content))
    assert len(workbook.sheetnames) >= 4
    projects = next(sheet for sheet in workbook.worksheets if sheet.max_row == 28)
    assert projects.sheet_view.rightToLeft is True
    rows = list(projects.iter_rows(values_only=True))
    numbers = [row[0] for row in rows[1:]]
    assert numbers == list(range(1, 28))
    eleven = rows[11]
    assert eleven[2].startswith("إعداد التقرير الدوري السابع")
    assert Decimal(str(eleven[8])) == Decimal("55.0")
    updates = [
        sheet
        for sheet in workbook.worksheets
        if any(
            isinstance(cell, str) and "تم تجميع مساهمات" in cell
            for row in sheet.iter_rows(values_only=True)
            for cell in row
        )
    ]
    assert len(updates) == 1


def test_english_report_uses_english_texts(plan) -> None:
    document, content = _produce("docx", "en")
    assert document.title == "Progress report 2026"
    word = Document(io.BytesIO(content))
    text = "\n".join(paragraph.text for paragraph in word.paragraphs)
    assert (
        "Prepare the 7th periodic report on the implementation of the International Covenant"
        in text
    )


def test_the_year_option_limits_updates(plan) -> None:
    document, _content = _produce("xlsx", "en", year="2026")
    assert document.file_stem == "didh-2026-progress-2026-en"
    with pytest.raises(registry.ReportOptionError):
        registry.get("action-plan").clean_options({"year": "20x6"})


def test_make_report_command_writes_the_file_and_audits(plan, tmp_path) -> None:
    output = tmp_path / "plan.docx"
    events = Event.objects.filter(action="report.generate").count()
    call_command(
        "make_report",
        "--kind",
        "action-plan",
        "--format",
        "docx",
        "--lang",
        "ar",
        "-o",
        str(output),
        "--plan",
        "didh-2026",
        "--year",
        "2026",
        stdout=io.StringIO(),
    )
    assert output.read_bytes()[:2] == b"PK"
    assert Event.objects.filter(action="report.generate").count() == events + 1
    event = Event.objects.filter(action="report.generate").latest("seq")
    assert event.extra["options"] == {"plan": "didh-2026", "year": 2026}
    with pytest.raises(CommandError):
        call_command(
            "make_report",
            "--kind",
            "action-plan",
            "--format",
            "pdf",
            "--lang",
            "fr",
            "-o",
            str(tmp_path / "x.pdf"),
            "--plan",
            "no-such-plan",
            stdout=io.StringIO(),
        )
    assert not (tmp_path / "x.pdf").exists()
