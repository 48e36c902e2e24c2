"""Search benchmark: 300,000 recommendations generated from real rows, on SQLite and PostgreSQL.

For each database, in a fresh SQLite file and a fresh PostgreSQL database (a child process per
database, so each has its own Django settings):

1. migrate, load the reference data, generate the rows (``bench/search_data.py``);
2. the 20 queries of ``QUERIES`` (Arabic, French, English, very common terms included), each
   run through ``recommendations.selectors.recommendation_search`` — text match, total, every
   facet and one page of 20 rows, exactly what the list page computes — ``ROUNDS`` times,
   round-robin; p50 and p95 over all runs, and per query;
3. the same through the whole list page (test client: middleware, session, templates);
4. the number of SQL queries of the list page with 20 and with 100 rows per page.

``python -m bench.run search`` runs it (about 5 minutes on a 2-core machine, most of it
generating and indexing the rows: ~100 s on SQLite, ~165 s on PostgreSQL).
``BENCH_SEARCH_ROWS`` changes the size, ``BENCH_SEARCH_ENGINES=sqlite`` runs one engine,
``BENCH_PG_DATABASE`` names the PostgreSQL database.

``BENCH_SEARCH_REUSE=1`` (opt-in, for iterating on the search code) keeps the SQLite file and the
PostgreSQL database of the previous run when they already hold ``BENCH_SEARCH_ROWS``
recommendations: step 1 then only migrates (new migrations apply to the existing rows) and
generates nothing. The timed steps are the same; only a fresh run measures generation.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ROWS = int(os.environ.get("BENCH_SEARCH_ROWS", "300000"))
ROUNDS = int(os.environ.get("BENCH_SEARCH_ROUNDS", "5"))
REUSE = os.environ.get("BENCH_SEARCH_REUSE", "") == "1"
SQLITE_PATH = ROOT / "var" / "bench" / "search.sqlite3"
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = os.environ.get("BENCH_PG_DATABASE", "tatabbu_search_bench")

QUERIES = [
    ("en", "rights"),
    ("en", "human rights"),
    ("en", "women"),
    ("en", "torture"),
    ("en", "ratify the convention"),
    ("en", "death penalty"),
    ("en", "freedom of expression"),
    ("en", "enforced disappearance"),
    ("fr", "droits"),
    ("fr", "droits de l'homme"),
    ("fr", "femmes"),
    ("fr", "traite des êtres humains"),
    ("fr", "éducation"),
    ("fr", "Protocole facultatif"),
    ("ar", "حقوق الإنسان"),
    ("ar", "المرأة"),
    ("ar", "التعذيب"),
    ("ar", "الأطفال"),
    ("ar", "مُكافحة الفَساد"),
    ("ar", "الاتجار بالبشر"),
]


def run() -> dict[str, Any]:
    engines = os.environ.get("BENCH_SEARCH_ENGINES", "sqlite,postgresql").split(",")
    figures: dict[str, Any] = {"rows": ROWS, "queries": len(QUERIES), "rounds": ROUNDS}
    for engine in engines:
        started = time.perf_counter()
        print(f"-- {engine}: {ROWS} rows", flush=True)
        result = _child(engine)
        result["engine_seconds"] = round(time.perf_counter() - started, 1)
        figures[engine] = result
    return figures


def _child(engine: str) -> dict[str, Any]:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "DJANGO_DEBUG": "false"}
    if engine == "sqlite":
        SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        if not REUSE:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
        env["DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    else:
        _recreate_postgres_database(keep=REUSE)
        env["DATABASE_URL"] = f"{PG_SERVER}/{PG_DATABASE}"
    process = subprocess.run(
        [sys.executable, "-m", "bench.bench_search", "--child"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    sys.stdout.write(process.stderr[-4000:])
    if process.returncode != 0:
        raise RuntimeError(f"{engine} benchmark failed:\n{process.stdout}\n{process.stderr}")
    return json.loads(process.stdout.strip().splitlines()[-1])


def _recreate_postgres_database(*, keep: bool = False) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [PG_DATABASE]
        ).fetchone()
        if keep and exists:
            return
        connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
            [PG_DATABASE],
        )
        connection.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}"')
        connection.execute(f'CREATE DATABASE "{PG_DATABASE}"')


# --- In the child process -------------------------------------------------------------------


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _child_main() -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.search_data import generate

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    setup_seconds = time.perf_counter() - started
    generated = _reused() if REUSE else None
    generated = generated or generate(ROWS)
    _log(f"   {connection.vendor}: generated {generated}")
    user = _bench_user()
    timings = _time_selector(user)
    page = _time_page(user)
    counts = _query_counts(user)
    figures = {
        "database": connection.vendor,
        "setup_seconds": round(setup_seconds, 1),
        **generated,
        "search_ms": timings,
        "list_page_ms": page,
        "list_page_queries": counts,
    }
    print(json.dumps(figures, ensure_ascii=False))


def _reused() -> dict[str, Any] | None:
    """The figures of the rows a previous run generated, if they are all there."""
    from tatabbu.recommendations.models import Recommendation

    if Recommendation.objects.count() != ROWS:
        if Recommendation.objects.exists():
            raise RuntimeError("BENCH_SEARCH_REUSE: the database holds another number of rows")
        return None
    return {"recommendations": ROWS, "reused": True}


def _bench_user() -> Any:
    from tatabbu.accounts.models import User

    user, _ = User.objects.get_or_create(
        username="bench.coordinator", defaults={"role": "coordinator"}
    )
    return user


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        "p50": round(statistics.median(ordered), 1),
        "p95": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 1),
        "max": round(ordered[-1], 1),
    }


def _time_selector(user: Any) -> dict[str, Any]:
    from tatabbu.recommendations.selectors import recommendation_search

    for _language, text in QUERIES:  # warm the caches once
        recommendation_search(user=user, filters={"q": text})
    samples: list[float] = []
    per_query: dict[str, list[float]] = {text: [] for _, text in QUERIES}
    totals: dict[str, str] = {}
    for _round in range(ROUNDS):
        for _language, text in QUERIES:
            started = time.perf_counter()
            result = recommendation_search(user=user, filters={"q": text})
            elapsed = (time.perf_counter() - started) * 1000
            samples.append(elapsed)
            per_query[text].append(elapsed)
            prefix = "" if result.page.total_is_exact else "~"
            totals[text] = f"{prefix}{result.page.total}"
    browse = []
    for _round in range(ROUNDS):
        started = time.perf_counter()
        recommendation_search(user=user, filters={})
        browse.append((time.perf_counter() - started) * 1000)
    return {
        **_percentiles(samples),
        "browse_without_query": _percentiles(browse),
        "per_query": {
            text: {"median": round(statistics.median(values), 1), "matches": totals[text]}
            for text, values in per_query.items()
        },
    }


def _client(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def _time_page(user: Any) -> dict[str, float]:
    from django.test.utils import setup_test_environment

    setup_test_environment()
    client = _client(user)
    url = "/fr/app/recommendations/"
    samples = []
    for _round in range(2):
        for _language, text in QUERIES:
            started = time.perf_counter()
            response = client.get(url, {"q": text})
            samples.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"list page answered {response.status_code}")
    return _percentiles(samples)


def _query_counts(user: Any) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(user)
    url = "/fr/app/recommendations/"
    counts = {}
    for size in (20, 100):
        for label, params in (("search", {"q": "droits"}), ("browse", {})):
            with CaptureQueriesContext(connection) as captured:
                response = client.get(url, {**params, "page_size": size})
            if response.status_code != 200:
                raise RuntimeError(f"list page answered {response.status_code}")
            counts[f"{label}_{size}_rows"] = len(captured.captured_queries)
    return counts


if __name__ == "__main__" and "--child" in sys.argv:
    sys.path.insert(0, str(ROOT))
    _child_main()
