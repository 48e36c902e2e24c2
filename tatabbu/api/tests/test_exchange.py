"""The exchange format: schema, export, import through the import pipeline, lossless round
trip."""

from __future__ import annotations

import datetime
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from tatabbu.api import exchange
from tatabbu.portal import selectors
from tatabbu.recommendations.choices import ImplementationStatus, Position
from tatabbu.recommendations.models import Recommendation, SourceDocument
from tatabbu.recommendations.tests.factories import (
    RecommendationFactory,
    SourceDocumentFactory,
    country,
    mechanism,
)
from tatabbu.taxonomy.models import PersonGroup, SdgGoal, SdgTarget, Theme

pytestmark = pytest.mark.django_db


def _seed() -> None:
    upr = SourceDocumentFactory(
        symbol="A/HRC/36/6",
        legacy_symbol="",
        cycle=3,
        session="27",
        date=datetime.date(2017, 7, 13),
    )
    cat = SourceDocumentFactory(
        symbol="CAT/C/MAR/CO/4",
        legacy_symbol="",
        mechanism=mechanism("CAT"),
        document_type="concluding_observations",
        date=datetime.date(2011, 12, 21),
    )
    first = RecommendationFactory(
        document=upr,
        natural_key="A/HRC/36/6#144.1",
        paragraph="144.1",
        cycle=3,
        session="27",
        year=2017,
        text_ar="التصديق على البروتوكول الاختياري",
        text_fr="Ratifier le Protocole facultatif",
        text_en="Ratify the Optional Protocol",
        position=Position.SUPPORTED,
        action_category=5,
    )
    first.recommending_states.set([country("FRA"), country("TUN")])
    first.themes.set(Theme.objects.order_by("slug")[:2])
    first.groups.set(PersonGroup.objects.order_by("slug")[:1])
    first.sdg_goals.set(SdgGoal.objects.filter(number__in=[5, 16]))
    # A target implies its goal (the importer adds it): keep the seed consistent.
    first.sdg_targets.set(SdgTarget.objects.filter(goal__number=5).order_by("code")[:1])
    RecommendationFactory(
        document=cat,
        mechanism=mechanism("CAT"),
        natural_key="CAT/C/MAR/CO/4#10",
        paragraph="10",
        year=2011,
        text_fr="Garantir l’accès à un avocat dès la garde à vue",
        text_ar="",
        text_en="",
        position="",
    )


def _export(tmp_path: Any, name: str) -> dict[str, Any]:
    path = tmp_path / name
    out = StringIO()
    call_command("export_exchange", "-o", str(path), stdout=out)
    assert out.getvalue().strip() == f"recommendations={Recommendation.objects.count()}"
    return json.loads(path.read_text(encoding="utf-8"))


def _content(document: dict[str, Any]) -> list[dict[str, Any]]:
    return sorted(document["recommendations"], key=lambda record: record["key"])


def test_export_is_valid_against_the_schema_and_holds_every_field(tmp_path) -> None:
    _seed()
    document = _export(tmp_path, "export.json")
    exchange.validate(document)
    assert document["format"] == "tatabbu-exchange" and document["version"] == "1.0"
    record = next(r for r in document["recommendations"] if r["key"] == "A/HRC/36/6#144.1")
    assert record["text"]["ar"] == "التصديق على البروتوكول الاختياري"
    assert record["recommending_states"] == ["FRA", "TUN"]
    assert record["sdg_goals"] == [5, 16]
    assert record["document"] == {
        "symbol": "A/HRC/36/6",
        "reference": "A/HRC/36/6",
        "type": "upr_report",
        "date": "2017-07-13",
    }
    assert record["implementation"] == {"status": None, "updates": []}


def test_round_trip_is_lossless(tmp_path) -> None:
    _seed()
    before = _export(tmp_path, "first.json")
    # Another instance: the same reference data, none of these recommendations.
    Recommendation.objects.all().delete()
    SourceDocument.objects.all().delete()
    out = StringIO()
    call_command("import_exchange", str(tmp_path / "first.json"), stdout=out)
    assert out.getvalue().splitlines()[0] == "created=2 updated=0 unchanged=0 rejected=0"
    after = _export(tmp_path, "second.json")
    assert _content(after) == _content(before)
    # Importing again changes nothing.
    out = StringIO()
    call_command("import_exchange", str(tmp_path / "second.json"), stdout=out)
    assert out.getvalue().splitlines()[0] == "created=0 updated=0 unchanged=2 rejected=0"


def test_invalid_document_is_refused_whole_with_paths(tmp_path) -> None:
    _seed()
    document = _export(tmp_path, "export.json")
    document["recommendations"][0]["state"] = "morocco"
    document["recommendations"][1]["implementation"]["status"] = "done"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    Recommendation.objects.all().delete()
    out = StringIO()
    with pytest.raises(SystemExit) as stop:
        call_command("import_exchange", str(path), stdout=out)
    assert stop.value.code == 2
    lines = out.getvalue().splitlines()
    assert any(line.startswith("recommendations/0/state:") for line in lines)
    assert any(line.startswith("recommendations/1/implementation/status:") for line in lines)
    assert Recommendation.objects.count() == 0


def test_unknown_vocabulary_is_refused_by_the_pipeline(tmp_path) -> None:
    _seed()
    document = _export(tmp_path, "export.json")
    document["recommendations"][0]["themes"] = ["no-such-theme"]
    result_error = None
    Recommendation.objects.all().delete()
    result = exchange.import_document(document)
    result_error = result.errors
    assert result.exit_code == 2
    assert any("themes" in line for line in result_error)
    assert Recommendation.objects.count() == 0


def test_implementation_status_from_the_follow_up_is_exported_and_handed_over(tmp_path) -> None:
    _seed()
    key = "A/HRC/36/6#144.1"
    target = Recommendation.objects.get(natural_key=key)
    selectors.register_public_follow_up(
        selectors.PublicFollowUp(
            statuses=lambda ids: {target.pk: ImplementationStatus.IN_PROGRESS.value},
            updates=lambda item: (
                [
                    selectors.PublishedUpdate(
                        date=datetime.date(2026, 3, 1),
                        text_fr="Projet de loi déposé",
                        status="in_progress",
                        institution="Ministère de la Justice",
                    )
                ]
                if item.pk == target.pk
                else []
            ),
        )
    )
    stored: list[Any] = []
    registered = list(exchange._IMPLEMENTATION_IMPORTERS)
    exchange.register_implementation_importer(
        lambda records, actor: stored.extend(records) or len(records)
    )
    try:
        document = _export(tmp_path, "export.json")
        record = next(r for r in document["recommendations"] if r["key"] == key)
        assert record["implementation"] == {
            "status": "in_progress",
            "updates": [
                {
                    "date": "2026-03-01",
                    "text": {"fr": "Projet de loi déposé"},
                    "status": "in_progress",
                    "institution": "Ministère de la Justice",
                }
            ],
        }
        result = exchange.import_document(document)
        assert result.implementation_stored == 1
        assert [item["key"] for item in stored] == [key]
    finally:
        selectors.unregister_public_follow_up()
        exchange._IMPLEMENTATION_IMPORTERS[:] = registered


def test_schema_enums_follow_the_choices() -> None:
    properties = exchange.schema()["$defs"]["recommendation"]["properties"]
    assert set(properties["position"]["enum"]) == {"", *Position.values}
    status = properties["implementation"]["properties"]["status"]["enum"]
    assert set(status) == {None, *ImplementationStatus.values}
