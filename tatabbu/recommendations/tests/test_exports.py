"""Exports: formula neutralisation (CSV, XLSX), exact round-trip (CSV, JSON), filters and scope,
the management command."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tatabbu.recommendations import exports

from .factories import RecommendationFactory

DANGEROUS = [
    '=HYPERLINK("http://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\tindented",
    "\rcarriage",
    "'quoted already",
]


def export_url(format: str) -> str:
    with translation.override("fr"):
        return reverse("recommendations:recommendation_export", kwargs={"format": format})


def body(response) -> bytes:
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def dangerous_rows(db):
    return [
        RecommendationFactory(text_fr=value, text_en=f"plain {index}", paragraph=f"1.{index}")
        for index, value in enumerate(DANGEROUS)
    ]


@pytest.mark.django_db
def test_csv_neutralises_formulas_and_round_trips(client_for, coordinator, dangerous_rows):
    response = client_for(coordinator).get(export_url("csv"), {"q": "plain", "sort": "oldest"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = body(response).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(DANGEROUS)
    for row in rows:
        cell = row["text_fr"]
        assert not cell.startswith(exports.DANGEROUS_PREFIXES), cell
    assert sorted(exports.csv_unescape(row["text_fr"]) for row in rows) == sorted(DANGEROUS)
    by_uuid = {str(item.uuid): item for item in dangerous_rows}
    for row in rows:
        assert exports.csv_unescape(row["text_fr"]) == by_uuid[row["uuid"]].text_fr


@pytest.mark.django_db
def test_xlsx_writes_every_text_as_a_string_cell(client_for, coordinator, dangerous_rows):
    response = client_for(coordinator).get(export_url("xlsx"), {"q": "plain"})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(body(response)))
    sheet = workbook.active
    header = [cell.value for cell in sheet[1]]
    column = header.index("text_fr")
    values = []
    for row in sheet.iter_rows(min_row=2):
        cell = row[column]
        assert cell.data_type == "s", cell.value
        values.append(cell.value)
    assert sorted(values) == sorted(DANGEROUS)
    formulas = [cell.value for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert formulas == []


@pytest.mark.django_db
def test_json_round_trips_every_value(client_for, coordinator, dangerous_rows):
    arabic = RecommendationFactory(
        text_ar="مُكَافَحَةُ التَّعْذِيبِ \u200f", text_fr="plain – œuvre", text_en="plain"
    )
    response = client_for(coordinator).get(export_url("json"), {"q": "plain"})
    assert response["Content-Type"] == "application/json"
    data = json.loads(body(response))
    assert len(data) == len(DANGEROUS) + 1
    by_uuid = {row["uuid"]: row for row in data}
    for item in [*dangerous_rows, arabic]:
        row = by_uuid[str(item.uuid)]
        assert (row["text_ar"], row["text_fr"], row["text_en"]) == (
            item.text_ar,
            item.text_fr,
            item.text_en,
        )
        assert row["paragraph"] == item.paragraph
        assert list(row) == exports.COLUMNS


@pytest.mark.django_db
def test_export_holds_every_match_not_only_the_ranked_ones(client_for, coordinator, settings):
    settings.TATABBU_SEARCH_RANK_CANDIDATES = 3
    RecommendationFactory.create_batch(8, text_fr="Droits des femmes")
    response = client_for(coordinator).get(export_url("json"), {"q": "femmes"})
    assert len(json.loads(body(response))) == 8


@pytest.mark.django_db
def test_export_applies_the_filters(client_for, coordinator):
    RecommendationFactory(text_fr="Torture", position="supported")
    RecommendationFactory(text_fr="Torture", position="noted")
    data = json.loads(
        body(client_for(coordinator).get(export_url("json"), {"q": "torture", "position": "noted"}))
    )
    assert [row["position"] for row in data] == ["noted"]


@pytest.mark.django_db
def test_unknown_export_format_is_404(client_for, coordinator):
    with translation.override("fr"):
        url = reverse("recommendations:recommendation_export", kwargs={"format": "pdf"})
    assert client_for(coordinator).get(url).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("format", ["csv", "xlsx", "json"])
def test_export_command_writes_the_filtered_list(tmp_path, format, capsys):
    RecommendationFactory(text_fr="=Torture", position="supported")
    RecommendationFactory(text_fr="Torture", position="noted")
    RecommendationFactory(text_fr="Autre")
    output = tmp_path / f"out.{format}"
    call_command(
        "export_recommendations",
        "--format",
        format,
        "-o",
        str(output),
        "--filter",
        "q=torture",
        "--filter",
        "position=supported",
    )
    assert "exported=1" in capsys.readouterr().out
    if format == "json":
        data = json.loads(output.read_text(encoding="utf-8"))
        assert [row["text_fr"] for row in data] == ["=Torture"]
    elif format == "csv":
        rows = list(csv.DictReader(io.StringIO(output.read_text(encoding="utf-8-sig"))))
        assert [row["text_fr"] for row in rows] == ["'=Torture"]
    else:
        sheet = load_workbook(output).active
        header = [cell.value for cell in sheet[1]]
        cell = sheet.cell(row=2, column=header.index("text_fr") + 1)
        assert (cell.value, cell.data_type) == ("=Torture", "s")


@pytest.mark.django_db
def test_export_command_refuses_malformed_filters(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command(
            "export_recommendations", "--format", "csv", "-o", str(tmp_path / "x"), "--filter", "q"
        )
    with pytest.raises(CommandError):
        call_command(
            "export_recommendations",
            "--format",
            "csv",
            "-o",
            str(tmp_path / "x"),
            "--filter",
            "year_from=abc",
        )


@pytest.mark.django_db
def test_export_command_as_a_user_keeps_their_scope(tmp_path, association):
    RecommendationFactory(text_fr="Torture")
    output = tmp_path / "out.json"
    call_command(
        "export_recommendations", "--format", "json", "-o", str(output), "--user", "association"
    )
    assert json.loads(output.read_text(encoding="utf-8")) == []
