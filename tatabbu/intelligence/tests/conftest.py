from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from tatabbu.intelligence import artefacts

UPR_FILE = ("upr-info-2008-2014", "upr_info_recommendations_sessions01-16.csv")
DIDH_FILE = ("morocco-didh-tracker", "recommendations_v2.csv")


def data_path(*parts: str) -> Path:
    path = Path(settings.TATABBU_DATA_DIR).joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data set not found: {path}")
    return path


def sample_upr_info(target: Path, *, sessions=(1, 2, 3, 4), per_session: int = 120) -> Path:
    """The first ``per_session`` real rows of each of ``sessions``, as a UPR Info file."""
    with data_path(*UPR_FILE).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames
        kept: dict[int, list[dict[str, str]]] = {session: [] for session in sessions}
        for row in reader:
            session = int(row["session"])
            if session in kept and len(kept[session]) < per_session:
                kept[session].append(row)
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        for rows in kept.values():
            writer.writerows(rows)
    return target


def sample_didh(target: Path, rows: int = 200) -> Path:
    with data_path(*DIDH_FILE).open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields = reader.fieldnames
        kept = [row for _, row in zip(range(rows), reader, strict=False)]
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(kept)
    return target


@pytest.fixture
def model_dir(settings, tmp_path):
    """Model files in a fresh directory per test (and no cached model across tests)."""
    settings.TATABBU_MODEL_DIR = tmp_path / "models"
    artefacts.clear_cache()
    yield settings.TATABBU_MODEL_DIR
    artefacts.clear_cache()
    shutil.rmtree(tmp_path / "models", ignore_errors=True)


@pytest.fixture
def upr_sample(tmp_path) -> Path:
    return sample_upr_info(tmp_path / "upr-sample.csv")


@pytest.fixture
def didh_sample(tmp_path) -> Path:
    return sample_didh(tmp_path / "didh-sample.csv")
