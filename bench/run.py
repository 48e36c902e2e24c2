"""`make bench`: run every benchmark module, print its figures, write bench/results.json.

Each module ``bench/bench_<topic>.py`` defines ``run() -> dict`` returning its figures (numbers,
units in the key names, e.g. ``rows_per_second``) and may print progress. Run one topic with
``python -m bench.run <topic>``. Figures are measured on this machine in this run; nothing is
copied from elsewhere.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"


def _setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()


def main(argv: list[str]) -> int:
    _setup_django()
    topics = sorted(
        info.name.removeprefix("bench_")
        for info in pkgutil.iter_modules([str(HERE)])
        if info.name.startswith("bench_")
    )
    selected = [topic for topic in topics if not argv or topic in argv]
    results: dict[str, object] = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
        },
        "started_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    if RESULTS.exists() and argv:
        previous = json.loads(RESULTS.read_text(encoding="utf-8"))
        results = {**previous, **{k: v for k, v in results.items() if k != "started_at"}}
    for topic in selected:
        print(f"== bench {topic}", flush=True)
        module = importlib.import_module(f"bench.bench_{topic}")
        started = time.perf_counter()
        figures = module.run()
        figures["bench_seconds"] = round(time.perf_counter() - started, 1)
        results[topic] = figures
        print(json.dumps({topic: figures}, indent=2, ensure_ascii=False), flush=True)
        RESULTS.write_text(
            json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    if not selected:
        print("no benchmarks defined yet")
    print(f"results written to {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
