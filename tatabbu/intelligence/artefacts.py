"""Model files: written under ``TATABBU_MODEL_DIR`` (outside git and the media tree), named by
task and version, and loaded only after their SHA-256 matches the one recorded at training
(a file swapped on disk is refused, not unpickled)."""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

import joblib
from django.conf import settings


class ArtefactError(Exception):
    """The model file is missing, outside the model directory, or not the one trained."""


def model_dir() -> Path:
    return Path(settings.TATABBU_MODEL_DIR)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write(model: Any, *, task: str, version: int) -> tuple[str, str]:
    """Store ``model``; returns (path relative to the model directory, SHA-256)."""
    directory = model_dir() / task
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{task}-v{version}.joblib"
    handle, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    os.close(handle)
    joblib.dump(model, temporary)
    os.replace(temporary, directory / name)
    return f"{task}/{name}", file_sha256(directory / name)


def _resolve(relative: str) -> Path:
    root = model_dir().resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise ArtefactError(f"{relative!r} is outside the model directory")
    if not path.is_file():
        raise ArtefactError(f"{relative!r} does not exist")
    return path


@functools.lru_cache(maxsize=8)
def _load(relative: str, sha256: str) -> Any:
    path = _resolve(relative)
    if file_sha256(path) != sha256:
        raise ArtefactError(f"{relative!r} is not the file that was trained (SHA-256 differs)")
    return joblib.load(path)


def load(artefact: Any) -> Any:
    """The model of a ``ModelArtefact`` row (cached per file and checksum)."""
    return _load(artefact.file_path, artefact.file_sha256)


def clear_cache() -> None:
    _load.cache_clear()
