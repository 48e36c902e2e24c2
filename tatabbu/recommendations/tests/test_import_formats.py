"""Each importer on the real shared data files: counts, positions, States, languages, labels."""

from __future__ import annotations

import csv
import itertools
import json
from collections import Counter
from pathlib import Path

import pytest

from tatabbu.institutions.models import Institution
from tatabbu.recommendations.models import ImportBatch, Recommendation, SourceDocument

from .conftest import DIDH, REPORT_2008, REPORT_2012, SLOVENIA, UPR_INFO, run_import

pytestmark = pytest.mark.django_db


def _codes(recommendation: Recommendation) -> list[str]:
    return sorted(recommendation.recommending_states.values_list("code", flat=True))


def test_upr_report_2008_yields_eleven_supported_recommendations() -> None:
    run = run_import(REPORT_2008, "upr-report")
    assert (run.code, run.lines) == (0, ["created=11 updated=0 unchanged=0 rejected=0"])
    document = SourceDocument.objects.get(symbol="A/HRC/8/22")
    assert (document.state.code, document.cycle, document.session) == ("MAR", 1, "1")
    assert str(document.date) == "2008-05-22"
    recommendations = Recommendation.objects.filter(document=document)
    assert sorted(recommendations.values_list("paragraph", flat=True)) == sorted(
        f"75.{number}" for number in range(1, 12)
    )
    assert set(recommendations.values_list("position", flat=True)) == {"supported"}
    first = recommendations.get(paragraph="75.1")
    assert first.text_en == (
        "To ratify the Convention of the Rights of Persons with Disabilities (Mexico)"
    )
    assert _codes(first) == ["MEX"]
    assert _codes(recommendations.get(paragraph="75.10")) == ["BGD", "FRA", "GHA", "SEN"]
    # The nested parentheses of 75.3 are part of the text, not States.
    assert _codes(recommendations.get(paragraph="75.3")) == ["SVN"]
    last = recommendations.get(paragraph="75.11")
    assert last.text_en.endswith("contained in paragraph 152 of the national report (Switzerland)")
    assert first.languages == ["en"]
    assert (first.year, first.cycle, first.state.code, first.mechanism.code) == (
        2008,
        1,
        "MAR",
        "UPR",
    )


def test_upr_report_2012_reads_every_recommendation_of_paragraphs_129_to_132() -> None:
    run = run_import(REPORT_2012, "upr-report")
    assert run.lines == ["created=148 updated=0 unchanged=0 rejected=0"]
    recommendations = Recommendation.objects.filter(document__symbol="A/HRC/21/3")
    positions = {r.paragraph: (r.position, r.position_note) for r in recommendations}
    expected = {
        **{f"129.{n}": "supported" for n in range(1, 129)},
        **{f"130.{n}": "supported" for n in range(1, 13)},
        **{f"131.{n}": "noted" for n in range(1, 8)},
        "132.1": "outside_mandate",
    }
    assert {key: value[0] for key, value in positions.items()} == expected
    assert {note for key, (_, note) in positions.items() if key.startswith("130.")} == {
        "The following recommendations enjoy the support of Morocco which considers that they "
        "are already implemented or in the process of implementation"
    }
    assert {note for key, (_, note) in positions.items() if not key.startswith("130.")} == {""}
    # 129.51 follows 129.50 on the same line, without a trailing dot.
    assert recommendations.get(paragraph="129.50").text_en.endswith(
        "(Austria, Holy See, Hungary, Spain)"
    )
    assert _codes(recommendations.get(paragraph="129.50")) == ["AUT", "ESP", "HUN", "VAT"]
    assert recommendations.get(paragraph="129.51").text_en.startswith(
        "Adopt a specific law on domestic"
    )
    # 129.80 is broken over two lines.
    assert recommendations.get(paragraph="129.80").text_en.endswith(
        "including press freedom, freedom of expression, assembly and association (Sweden)"
    )
    assert _codes(recommendations.get(paragraph="132.1")) == ["URY"]
    document = SourceDocument.objects.get(symbol="A/HRC/21/3")
    assert (document.state.code, document.cycle, document.session, str(document.date)) == (
        "MAR",
        2,
        "13",
        "2012-07-06",
    )


def test_upr_report_handles_page_headers_tabs_and_page_numbers(tmp_path: Path) -> None:
    text = REPORT_2012.read_text(encoding="utf-8")
    start = text.index(" 129.40.")
    noisy = (
        text[:start]
        + "\nA/HRC/21/3\n\n17\n\nGE.12-14789\n\t"
        + text[start:].replace(" 129.41.", "\n\t129.41.\t", 1)
    )
    path = tmp_path / "report.txt"
    path.write_text(noisy, encoding="utf-8")
    assert run_import(path, "upr-report").lines == ["created=148 updated=0 unchanged=0 rejected=0"]
    item = Recommendation.objects.get(natural_key="A/HRC/21/3#129.39")
    assert "A/HRC/21/3" not in item.text_en and "GE.12" not in item.text_en


def test_upr_report_symbol_and_state_options_supply_what_the_text_lacks(tmp_path: Path) -> None:
    text = REPORT_2008.read_text(encoding="utf-8")
    header_end = text.index("CONTENTS")
    stripped = (
        text[:header_end].replace("A/HRC/8/22", "").replace("Morocco", "") + text[header_end:]
    )
    path = tmp_path / "report.txt"
    path.write_text(stripped, encoding="utf-8")
    refused = run_import(path, "upr-report")
    assert refused.code == 2
    assert "--symbol" in refused.stderr
    run = run_import(path, "upr-report", "--symbol", "A/HRC/8/22", "--state", "Morocco")
    assert run.lines == ["created=11 updated=0 unchanged=0 rejected=0"]
    assert SourceDocument.objects.get(symbol="A/HRC/8/22").state.code == "MAR"


def test_didh_tracker_imports_942_recommendations_in_french_and_arabic() -> None:
    run = run_import(DIDH, "didh")
    assert run.lines == ["created=942 updated=0 unchanged=0 rejected=0"]
    recommendations = Recommendation.objects.filter(natural_key__startswith="didh:")
    assert recommendations.count() == 942
    kinds = Counter(recommendations.values_list("mechanism__kind", flat=True))
    assert kinds == {"upr": 227, "treaty_body": 374, "special_procedure": 341}
    assert recommendations.exclude(text_fr="").count() == 942
    assert recommendations.exclude(text_ar="").count() == 695
    assert recommendations.filter(text_en="").count() == 942
    assert set(recommendations.values_list("state__code", flat=True)) == {"MAR"}
    assert set(recommendations.values_list("implementation_status", flat=True)) == {"not_started"}
    # Every special-procedure mandate of the tracker maps to one of our mechanisms.
    mandates = Counter(
        recommendations.filter(mechanism__kind="special_procedure").values_list(
            "mechanism__code", flat=True
        )
    )
    assert mandates["SR-TORTURE"] == 54
    assert mandates["SR-SALE-OF-CHILDREN"] == 15
    assert mandates["WG-DISCRIMINATION-WOMEN-GIRLS"] == 27
    assert len(mandates) == 12
    first = recommendations.get(natural_key="didh:1")
    assert (first.document.symbol, first.paragraph, first.cycle) == ("A/HRC/36/6", "144.44", 3)
    assert _codes(first) == ["VNM"]
    assert first.source_labels["didh_code"] == "R144.44P1"
    assert first.source_labels["didh_status"] == "Recommendation continue"
    assert first.source_labels["didh_responsible_institutions"] == ["ministry-of-justice"]
    assert [axis["id"] for axis in first.source_labels["didh_axes"]] == [1, 5]
    assert first.source_labels["didh_axes"][0]["ar"] == "البناء الديموقراطي و سيادة القانون"
    assert {"fr", "ar"} <= set(first.source_labels["didh_sub_axes"][0])
    # Every responsible institution resolved to one of ours.
    slugs = {
        slug
        for labels in recommendations.values_list("source_labels", flat=True)
        for slug in labels["didh_responsible_institutions"]
    }
    assert slugs <= set(Institution.objects.values_list("slug", flat=True))
    assert not any(
        "didh_responsible_institutions_unmatched" in labels
        for labels in recommendations.values_list("source_labels", flat=True)
    )
    upr = recommendations.filter(mechanism__code="UPR")
    assert upr.filter(recommending_states__isnull=True).count() == 2
    cerd = recommendations.get(natural_key="didh:600")
    assert (cerd.mechanism.code, cerd.paragraph, cerd.document.natural_key) == (
        "CERD",
        "21",
        "didh:CERD",
    )


def test_uhri_thematic_list_keeps_themes_groups_and_sdgs() -> None:
    run = run_import(SLOVENIA, "uhri")
    assert run.code == 0
    assert run.lines == ["created=632 updated=0 unchanged=0 rejected=0"]
    recommendations = Recommendation.objects.filter(state__code="SVN")
    assert recommendations.count() == 632
    by_cycle = Counter(recommendations.values_list("cycle", flat=True))
    assert by_cycle == {2: 163, 3: 215, 4: 254}
    assert Counter(recommendations.values_list("position", flat=True)) == {
        "supported": 541,
        "noted": 91,
    }
    last = recommendations.get(natural_key="A/HRC/59/15#140.253")
    # "Refugees & asylum seekers" is a group of persons in our vocabulary, not a theme.
    assert list(last.themes.values_list("label_en", flat=True)) == [
        "Rights related to name, identity & nationality"
    ]
    assert last.source_labels["uhri_themes"] == [
        "Refugees & asylum seekers",
        "Rights related to name, identity & nationality",
    ]
    assert sorted(last.groups.values_list("label_en", flat=True)) == [
        "Public officials",
        "Stateless persons",
    ]
    assert sorted(last.sdg_goals.values_list("number", flat=True)) == [10, 16]
    assert _codes(last) == ["CRI"]
    # A 2014 label that is not in our vocabulary: reported on its row, kept in the source labels.
    first = recommendations.get(natural_key="A/HRC/28/15#115.1")
    assert first.themes.count() == 0
    assert first.source_labels["uhri_themes"] == ["Acceptance of international norms"]
    assert first.source_labels["uhri_theme_codes_2014"] == ["A12"]
    assert "row 2: themes: unknown theme “Acceptance of international norms”." in run.stderr
    # The list's State column took "ICRMW" for a State; the real one is kept.
    assert _codes(recommendations.get(natural_key="A/HRC/28/15#115.6")) == ["IRN"]
    assert "row 146: recommending_states: “ICRMW” is not a State: ignored." in run.stderr
    # Languages: English only.
    assert recommendations.exclude(text_ar="").count() == 0


def test_uhri_export_json_and_search_page_csv(tmp_path: Path) -> None:
    record = {
        "AffectedPersons": ["Children", "Women & girls", "Youth & juveniles"],
        "AnnotationId": "a9ceae8c-fe1c-40f9-a326-1529e0ab678f",
        "AnnotationType": "- Recommendations",
        "Body": "- CRC",
        "Countries": ["Peru"],
        "DocumentId": "41a0b08f",
        "PublicationDate": "2025-02-12T00:00:00",
        "PublicationDateOnUhri": "2025-03-03T10:53:45.827",
        "Regions": ["Latin America and the Caribbean"],
        "Sdgs": ["16.2 - Protect children from abuse", "5 - Gender equality"],
        "Symbol": "CRC/C/PER/CO/6-7",
        "Text": "45. The Committee recommends that the State party ensure child justice.",
        "Themes": ["Children: juvenile justice", "Administration of justice & fair trial"],
        "UprCycle": None,
        "UprPositions": [],
        "UprRecommendingCountry": [],
        "UprRecommendingRegions": [],
        "UprSession": [],
    }
    concern = {**record, "AnnotationId": "b1", "AnnotationType": "- Concerns/Observations"}
    upr = {
        **record,
        "AnnotationId": "c2",
        "Body": "- UPR",
        "Symbol": "A/HRC/59/15",
        "Countries": ["Slovenia"],
        "Text": "140.3 Ratify the Convention (Costa Rica);",
        "UprCycle": "4th Cycle",
        "UprSession": ["48th session"],
        "UprPositions": ["Supported"],
        "UprRecommendingCountry": ["Costa Rica"],
    }
    path = tmp_path / "export.json"
    path.write_text(json.dumps([record, concern, upr]), encoding="utf-8")
    run = run_import(path, "uhri")
    assert run.lines == ["created=2 updated=0 unchanged=0 rejected=0"]
    assert (
        "row 2: AnnotationType: “Concerns/Observations” is not a recommendation: skipped."
        in run.stderr
    )
    crc = Recommendation.objects.get(natural_key="uhri:a9ceae8c-fe1c-40f9-a326-1529e0ab678f")
    assert (crc.mechanism.code, crc.state.code, crc.paragraph, crc.year) == (
        "CRC",
        "PER",
        "45",
        2025,
    )
    assert crc.document.document_type == "concluding_observations"
    assert sorted(crc.groups.values_list("label_en", flat=True)) == [
        "Children",
        "Women & girls",
        "Youth & juveniles",
    ]
    assert sorted(crc.sdg_targets.values_list("code", flat=True)) == ["16.2"]
    assert sorted(crc.sdg_goals.values_list("number", flat=True)) == [5, 16]
    assert crc.themes.count() == 2
    slovenia = Recommendation.objects.get(natural_key="uhri:c2")
    assert (slovenia.position, slovenia.cycle, slovenia.session, slovenia.paragraph) == (
        "supported",
        4,
        "48",
        "140.3",
    )
    assert _codes(slovenia) == ["CRI"]
    # The search-page export: other column names, one value per line with "- ".
    csv_path = tmp_path / "export.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "Text",
                "Countries Concerned",
                "Reccomending Body",
                "Document Symbol",
                "Themes",
                "Affected Persons",
                "Sdgs",
                "Document Publication Date",
                "UPR Reccomending States",
                "UPR Position",
                "Type",
                "OHCHR Annotation Id",
                "UPR Session",
            ]
        )
        writer.writerow(
            [
                "49. Ensure rural women's access to land.",
                "- Iraq",
                "- CEDAW",
                "CEDAW/C/IRQ/CO/8",
                "- Equality & non-discrimination\n- Land & property rights",
                "- Persons living in rural areas\n- Women & girls",
                "- 1.4 - Equal rights",
                "46078",
                "",
                "",
                "- Recommendations",
                "b4288060",
                "",
            ]
        )
    assert run_import(csv_path, "uhri").lines == ["created=1 updated=0 unchanged=0 rejected=0"]
    iraq = Recommendation.objects.get(natural_key="uhri:b4288060")
    assert (iraq.state.code, iraq.mechanism.code, str(iraq.document.date)) == (
        "IRQ",
        "CEDAW",
        "2026-02-25",
    )
    assert iraq.groups.count() == 2


@pytest.mark.slow
def test_upr_info_sample_imports_with_positions_and_action_categories(tmp_path: Path) -> None:
    """The first 3,000 rows (the whole 30k file is measured by ``make bench``) and Morocco's."""
    sample = tmp_path / "upr-info-sample.csv"
    with UPR_INFO.open(encoding="utf-8") as source:
        lines = list(itertools.islice(source, 3001))
        morocco = [line for line in source if ",Morocco," in line and "UPRINFO-036" in line]
    sample.write_text("".join(lines + morocco), encoding="utf-8")
    rows = len(lines) - 1 + len(morocco)
    run = run_import(sample, "upr-info")
    assert run.lines == [f"created={rows} updated=0 unchanged=0 rejected=0"]
    imported = Recommendation.objects.filter(natural_key__startswith="upr-info:")
    first = imported.get(natural_key="upr-info:UPRINFO-00001")
    assert (first.state.code, first.session, first.cycle, first.year) == ("AFG", "5", 1, 2009)
    assert (first.position, first.action_category) == ("supported", 5)
    assert _codes(first) == ["AUT"]
    assert first.source_labels["upr_info_issues"] == ["Rights of the Child", "Women's rights"]
    assert set(imported.values_list("position", flat=True)) == {"supported", "noted"}
    assert imported.filter(recommending_states__isnull=True).count() == 9  # "(Unknown)"
    assert "the source does not know the recommending State" in run.stderr
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.created_count, batch.format) == ("succeeded", rows, "upr-info")
