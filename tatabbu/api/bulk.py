"""Bulk downloads of all published data (CSV and JSON), regenerated after each publication.

Files live in ``MEDIA_ROOT/open-data/`` and are served by ``bulk_download``
(``/api/v1/public/bulk/<name>``); ``manifest.json`` lists them with their size, SHA-256, row
count and generation time. They are built from the public API's serializers over
``portal.selectors`` (published data only), written to a temporary file and moved into place, so
a reader never sees half a file.

They are rebuilt by the ``open_data_build`` task, enqueued after a publication on the portal
(``portal.services.PUBLICATION_HOOKS``) and when a download finds them older than the newest
published change (so imports of recommendations, or updates published by another app, are
picked up without a hook of their own); ``manage.py build_open_data`` rebuilds them at once.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

CHUNK_SIZE = 1000


@dataclass(frozen=True)
class Dataset:
    name: str
    queryset: Callable[[], Any]
    serializer: Callable[[], Any]


def _datasets() -> list[Dataset]:
    from tatabbu.actionplan.api.serializers import PlanSerializer, ProjectSerializer
    from tatabbu.calls.api.serializers import CallSerializer
    from tatabbu.portal import selectors
    from tatabbu.portal.api.serializers import (
        PublicArticleSerializer,
        PublicPublicationSerializer,
        PublicRecommendationSerializer,
        PublicSourceDocumentSerializer,
    )
    from tatabbu.portal.choices import ArticleKind

    return [
        Dataset(
            "recommendations",
            lambda: selectors.recommendation_public_list().order_by("pk"),
            lambda: PublicRecommendationSerializer,
        ),
        Dataset(
            "documents",
            lambda: selectors.document_public_list().order_by("pk"),
            lambda: PublicSourceDocumentSerializer,
        ),
        Dataset(
            "news",
            lambda: selectors.article_public_list(kind=ArticleKind.NEWS).order_by("pk"),
            lambda: PublicArticleSerializer,
        ),
        Dataset(
            "pages",
            lambda: selectors.article_public_list(kind=ArticleKind.PAGE).order_by("pk"),
            lambda: PublicArticleSerializer,
        ),
        Dataset(
            "publications",
            lambda: selectors.publication_public_list().order_by("pk"),
            lambda: PublicPublicationSerializer,
        ),
        Dataset(
            "calls",
            lambda: (
                selectors.call_public_list()
                .prefetch_related("criteria", "required_documents")
                .order_by("pk")
            ),
            lambda: CallSerializer,
        ),
        Dataset(
            "action-plans",
            lambda: selectors.plan_public_list().order_by("pk"),
            lambda: PlanSerializer,
        ),
        Dataset(
            "action-plan-projects",
            lambda: _public_projects(),
            lambda: ProjectSerializer,
        ),
    ]


def _public_projects() -> Any:
    from tatabbu.actionplan import selectors as plan_selectors

    return plan_selectors.project_list(user=None, published_only=True).order_by("pk")


def directory() -> Path:
    return Path(settings.MEDIA_ROOT) / "open-data"


FILE_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".json": "application/json",
}


def file_names() -> list[str]:
    names = []
    for dataset in _datasets():
        names += [f"{dataset.name}.csv", f"{dataset.name}.json"]
    return [*names, "recommendations.exchange.json"]


def _rows(dataset: Dataset) -> Iterator[dict[str, Any]]:
    from tatabbu.portal import selectors

    serializer = dataset.serializer()
    queryset = dataset.queryset()
    batch: list[Any] = []

    def flush() -> Iterator[dict[str, Any]]:
        if dataset.name == "recommendations":
            selectors.attach_statuses(batch)
        yield from serializer(batch, many=True, context={"request": None}).data

    for item in queryset.iterator(chunk_size=CHUNK_SIZE):
        batch.append(item)
        if len(batch) == CHUNK_SIZE:
            yield from flush()
            batch = []
    if batch:
        yield from flush()


def _csv_value(value: Any) -> str:
    from tatabbu.recommendations.exports import csv_escape

    if value is None:
        return ""
    if isinstance(value, list):
        return csv_escape(" | ".join(_csv_value(item) for item in value))
    if isinstance(value, dict):
        return csv_escape(json.dumps(value, ensure_ascii=False, sort_keys=True))
    return csv_escape(str(value))


@dataclass
class BuiltFile:
    name: str
    rows: int
    size: int
    sha256: str


def _write_atomically(target: Path, write: Callable[[Any], int]) -> BuiltFile:
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with open(descriptor, "w", encoding="utf-8", newline="") as handle:
            rows = write(handle)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    return BuiltFile(target.name, rows, target.stat().st_size, digest)


def _write_json(rows: Iterator[dict[str, Any]]) -> Callable[[Any], int]:
    def write(handle: Any) -> int:
        count = 0
        handle.write("[")
        for row in rows:
            handle.write(("," if count else "") + "\n" + json.dumps(row, ensure_ascii=False))
            count += 1
        handle.write("\n]\n")
        return count

    return write


def _write_csv(rows: Iterator[dict[str, Any]], columns: list[str]) -> Callable[[Any], int]:
    def write(handle: Any) -> int:
        writer = csv.writer(handle)
        writer.writerow(columns)
        count = 0
        for row in rows:
            writer.writerow([_csv_value(row.get(column)) for column in columns])
            count += 1
        return count

    return write


def build(now: datetime.datetime | None = None) -> list[BuiltFile]:
    """Write every bulk file and the manifest; returns what was written."""
    from . import exchange

    now = now or timezone.now()
    folder = directory()
    built: list[BuiltFile] = []
    for dataset in _datasets():
        columns = list(dataset.serializer()().fields)
        built.append(
            _write_atomically(folder / f"{dataset.name}.json", _write_json(_rows(dataset)))
        )
        built.append(
            _write_atomically(folder / f"{dataset.name}.csv", _write_csv(_rows(dataset), columns))
        )

    def write_exchange(handle: Any) -> int:
        from tatabbu.portal import selectors

        queryset = selectors.recommendation_public_list().order_by("pk")
        for chunk in exchange.iter_document(queryset):
            handle.write(chunk)
        return queryset.count()

    built.append(_write_atomically(folder / "recommendations.exchange.json", write_exchange))
    manifest = {
        "generated_at": now.isoformat(timespec="microseconds"),
        "files": [
            {"name": item.name, "rows": item.rows, "size": item.size, "sha256": item.sha256}
            for item in built
        ],
    }
    _write_atomically(
        folder / "manifest.json",
        lambda handle: handle.write(json.dumps(manifest, indent=2, ensure_ascii=False)) and 0,
    )
    return built


def manifest() -> dict[str, Any] | None:
    try:
        return json.loads((directory() / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def latest_public_change() -> datetime.datetime | None:
    """When published data last changed (the newest ``updated_at`` of what the files hold)."""
    from tatabbu.actionplan.models import ProjectUpdate
    from tatabbu.calls.models import Call
    from tatabbu.portal.models import Article, Publication
    from tatabbu.recommendations.models import Recommendation

    times = [
        model.objects.aggregate(latest=Max("updated_at"))["latest"]
        for model in (Recommendation, Article, Publication, Call, ProjectUpdate)
    ]
    times = [value for value in times if value is not None]
    return max(times) if times else None


def is_stale() -> bool:
    current = manifest()
    if current is None:
        return True
    latest = latest_public_change()
    if latest is None:
        return False
    return datetime.datetime.fromisoformat(current["generated_at"]) < latest
