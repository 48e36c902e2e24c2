"""Bulk files of published data: contents, formats, regeneration on publication."""

from __future__ import annotations

import csv
import io
import json
from io import StringIO

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from tatabbu.api import bulk
from tatabbu.portal import services as portal_services
from tatabbu.portal.tests.factories import ArticleFactory
from tatabbu.recommendations.tests.factories import RecommendationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _download(name: str) -> bytes:
    response = APIClient().get(f"/api/v1/public/bulk/{name}")
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def test_command_writes_csv_and_json_of_every_dataset() -> None:
    RecommendationFactory(text_fr="=cmd|' /C calc'!A0 Garantir les droits")
    out = StringIO()
    call_command("build_open_data", stdout=out)
    lines = out.getvalue().splitlines()
    assert "recommendations.csv rows=1" in " ".join(lines)
    names = {line.split()[0] for line in lines}
    assert names == set(bulk.file_names())
    rows = list(csv.DictReader(io.StringIO(_download("recommendations.csv").decode())))
    assert len(rows) == 1
    # Spreadsheet formulas are neutralised in CSV cells.
    assert rows[0]["text_fr"].startswith("'=cmd")
    data = json.loads(_download("recommendations.json"))
    assert data[0]["text_fr"].startswith("=cmd")
    assert "cluster" not in data[0]
    exchange = json.loads(_download("recommendations.exchange.json"))
    assert len(exchange["recommendations"]) == 1
    manifest = APIClient().get("/api/v1/public/bulk/").json()
    entry = next(item for item in manifest["files"] if item["name"] == "recommendations.csv")
    assert entry["rows"] == 1 and len(entry["sha256"]) == 64
    assert entry["url"].endswith("/api/v1/public/bulk/recommendations.csv")


def test_files_are_rebuilt_when_something_is_published(
    coordinator, django_capture_on_commit_callbacks, monkeypatch
) -> None:
    bulk.build()
    assert json.loads(_download("news.json")) == []
    article = ArticleFactory(slug="annonce")
    bulk.build()  # the draft is older than the files: only the publication can rebuild them
    monkeypatch.setattr(bulk, "is_stale", lambda: False)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        portal_services.article_publish(actor=coordinator, article=article, version=article.version)
    # One listener (core.publication) runs both: forget cached pages, rebuild the files.
    assert len(callbacks) == 1
    # The rebuild is enqueued on commit; the test backend runs it at once.
    assert [row["slug"] for row in json.loads(_download("news.json"))] == ["annonce"]


def test_stale_files_are_rebuilt_at_the_next_download() -> None:
    bulk.build()
    assert json.loads(_download("recommendations.json")) == []
    RecommendationFactory()  # e.g. an import: no publication hook
    assert bulk.is_stale()
    assert len(json.loads(_download("recommendations.json"))) == 1


def test_unknown_names_are_404() -> None:
    bulk.build()
    for name in ("manifest.json", "../manifest.json", "secret.csv"):
        assert APIClient().get(f"/api/v1/public/bulk/{name}").status_code == 404
