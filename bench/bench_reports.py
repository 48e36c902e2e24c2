"""Report generation: time and peak memory of the action-plan progress report in Arabic, as PDF
and DOCX, for the DIDH 2026 plan (27 projects) and the PANDDH 2018–2021 (435 measures).

Each report is produced in a fresh process (so its peak RSS is its own) against a throw-away
SQLite database loaded with the reference data and both plans; nothing touches var/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CASES = [
    ("didh-2026", "pdf"),
    ("didh-2026", "docx"),
    ("panddh-2018-2021", "pdf"),
    ("panddh-2018-2021", "docx"),
]
CHILD = """
import json, resource, sys, time
import django
django.setup()
from tatabbu.reporting import registry
from tatabbu.reporting.generation import produce
plan, file_format = sys.argv[1], sys.argv[2]
kind = registry.get("action-plan")
started = time.perf_counter()
document, content = produce(kind="action-plan", file_format=file_format, language="ar",
                            options=kind.clean_options({"plan": plan}), user=None)
seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "bytes": len(content), "size": document.size(),
                  "peak_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
if file_format == "pdf":
    open(sys.argv[3], "wb").write(content)
"""


def _env(var_dir: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "TATABBU_VAR_DIR": var_dir,
    }
    env.pop("DATABASE_URL", None)
    return env


def _manage(env: dict[str, str], *args: str) -> None:
    # Our own interpreter and manage.py with fixed arguments: no untrusted input.
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def _pages(path: Path) -> int | None:
    pdfinfo = shutil.which("pdfinfo")
    if pdfinfo is None:
        return None
    try:
        info = subprocess.run(  # noqa: S603 (a file this benchmark wrote)
            [pdfinfo, str(path)], capture_output=True, text=True, check=True
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    for line in info.stdout.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    return None


def run() -> dict[str, object]:
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="tatabbu-bench-") as var_dir:
        env = _env(var_dir)
        started = time.perf_counter()
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "load_reference")
        _manage(env, "load_demo")
        figures["setup_seconds"] = round(time.perf_counter() - started, 1)
        for plan, file_format in CASES:
            pdf_path = Path(var_dir) / f"{plan}.pdf"
            result = subprocess.run(  # noqa: S603 (our interpreter, our code, fixed cases)
                [sys.executable, "-c", CHILD, plan, file_format, str(pdf_path)],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            measured = json.loads(result.stdout.strip().splitlines()[-1])
            key = f"{plan}_ar_{file_format}"
            figures[f"{key}_seconds"] = round(measured["seconds"], 2)
            figures[f"{key}_peak_rss_mib"] = round(measured["peak_rss_kib"] / 1024, 1)
            figures[f"{key}_bytes"] = measured["bytes"]
            if file_format == "pdf":
                figures[f"{key}_pages"] = _pages(pdf_path)
            print(key, measured, flush=True)
    return figures
