"""CRASH-1: a worker killed with SIGKILL while an import runs leaves nothing half-written.

A real process imports into a real SQLite file; it is killed while it reads and validates, then
again in the middle of its write transaction. Each time the database is intact and holds no trace
of the import; a last run imports everything.
"""

from __future__ import annotations

import itertools
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from .conftest import UPR_INFO

pytestmark = pytest.mark.slow
ROOT = Path(settings.BASE_DIR)
ROWS = 8000


def _env(var_dir: Path) -> dict[str, str]:
    """The child process runs on a SQLite file in ``var_dir``, whatever the suite runs on."""
    inherited = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    return {
        **inherited,
        "TATABBU_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "TATABBU_LOG_LEVEL": "WARNING",
        # A small page cache: the import's write transaction spills its pages to the WAL as it
        # goes, so "the WAL grew by 2 MB" happens well before the commit. With the default
        # 64 MiB cache the whole transaction could stay in memory until the commit itself, and
        # the kill raced the commit (flaky on a fast machine).
        "TATABBU_SQLITE_CACHE_KIB": "1024",
    }


def _manage(var_dir: Path, *args: str, **kwargs: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_env(var_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **kwargs,  # type: ignore[call-overload]
    )


def _state(database: Path) -> dict[str, object]:
    connection = sqlite3.connect(database)
    try:
        return {
            "integrity": connection.execute("PRAGMA integrity_check").fetchone()[0],
            "foreign_keys": connection.execute("PRAGMA foreign_key_check").fetchall(),
            "recommendations": connection.execute(
                "SELECT count(*) FROM recommendations_recommendation"
            ).fetchone()[0],
            "batches": connection.execute(
                "SELECT count(*) FROM recommendations_importbatch"
            ).fetchone()[0],
            "events": connection.execute("SELECT count(*) FROM audit_event").fetchone()[0],
            "search": connection.execute("SELECT count(*) FROM recommendations_search").fetchone()[
                0
            ],
        }
    finally:
        connection.close()


def _kill_when(process: subprocess.Popen[bytes], ready: object, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not ready():  # type: ignore[operator]
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the import never reached the point to kill it"
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()


def test_sigkill_during_reading_and_during_the_write_leaves_nothing(tmp_path: Path) -> None:
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    for command in (("migrate", "--noinput", "-v0"), ("load_reference",)):
        process = _manage(var_dir, *command)
        assert process.wait(timeout=300) == 0, process.communicate()
    database = var_dir / "tatabbu.sqlite3"
    wal = var_dir / "tatabbu.sqlite3-wal"
    sample = tmp_path / "upr-info.csv"
    with UPR_INFO.open(encoding="utf-8") as source:
        sample.write_text("".join(itertools.islice(source, ROWS + 1)), encoding="utf-8")
    before = _state(database)
    assert before["integrity"] == "ok" and before["recommendations"] == 0
    command = ("import_recommendations", str(sample), "--format", "upr-info")

    started = time.monotonic()
    reading = _manage(var_dir, *command)
    _kill_when(reading, lambda: time.monotonic() - started > 1.5)
    assert _state(database) == before

    wal_size = wal.stat().st_size if wal.exists() else 0
    writing = _manage(var_dir, *command)
    _kill_when(writing, lambda: wal.exists() and wal.stat().st_size > wal_size + 2_000_000)
    assert _state(database) == before

    final = _manage(var_dir, *command)
    stdout, stderr = final.communicate(timeout=600)
    assert final.returncode == 0, stderr
    assert stdout.decode().strip() == f"created={ROWS} updated=0 unchanged=0 rejected=0"
    after = _state(database)
    assert (after["integrity"], after["foreign_keys"]) == ("ok", [])
    assert (after["recommendations"], after["batches"]) == (ROWS, 1)
    verify = _manage(var_dir, "verify_audit")
    assert verify.wait(timeout=300) == 0, verify.communicate()
