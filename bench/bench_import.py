"""Import throughput: the pipeline against a naive per-row ORM loop and raw ``sqlite3``.

Every measurement runs in its own process on a fresh copy of one SQLite database file (migrated,
reference data loaded) in a temporary directory, so that the runs do not share caches and each
process's peak RSS (``resource.getrusage``) is its own:

* ``pipeline_30k``: ``import_recommendations``'s pipeline (plan, then one write transaction) on
  the 30,261-row UPR Info file, with its peak RSS;
* ``pipeline_300k``: the same on a 302,610-row file generated from the real rows (each row ten
  times, with new ids);
* ``naive_orm``: one ``save()`` per recommendation, ``.add()`` for its recommending State and one
  ``record()`` audit event, each row in its own service transaction — on the first 5,000 rows,
  rows/s extrapolated (the whole file would take many minutes);
* ``raw_sqlite3``: ``sqlite3.executemany`` of the same rows (the column values the pipeline
  stores, search text and labels included, computed before the clock starts) into the same
  recommendation table (full-text trigger included) and its State links, with lookups done
  beforehand and no validation, audit or normalisation timed: the floor the pipeline is compared
  with;
* ``raw_sqlite3_multirow``: the same, with 500 rows per ``INSERT … VALUES`` statement as the
  pipeline writes them (``core.bulk``): ``executemany`` is one statement per row, and FTS5
  flushes its pending terms after every statement, so this lower floor is reported beside the
  one the issue names.

Every worker runs with ``DEBUG`` off, as in production (the dev settings' ``DEBUG`` logs every
statement, which costs the pipeline's large statements more than the naive loop's small ones).

Goals (issue 3): the pipeline ≥ 20× the naive loop, and within 5× of raw sqlite3.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
NAIVE_SAMPLE = 5000
COPIES_300K = 10


def _data_file() -> Path:
    from django.conf import settings

    return (
        Path(settings.TATABBU_DATA_DIR)
        / "upr-info-2008-2014"
        / "upr_info_recommendations_sessions01-16.csv"
    )


def _sqlite_environment() -> dict[str, str]:
    """The environment of a child process, on SQLite whatever ``DATABASE_URL`` says."""
    return {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}


def _manage(var_dir: Path, *args: str) -> None:
    env = {
        **_sqlite_environment(),
        "TATABBU_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
    }
    subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True
    )


def _worker(var_dir: Path, mode: str, path: Path, **extra_env: str) -> dict[str, Any]:
    env = {
        **_sqlite_environment(),
        "TATABBU_VAR_DIR": str(var_dir),
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DJANGO_DEBUG": "0",
        "TATABBU_LOG_LEVEL": "WARNING",
        **extra_env,
    }
    result = subprocess.run(  # noqa: S603 (this module)
        [sys.executable, "-m", "bench.bench_import", mode, str(path)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def _fresh(base: Path, work: Path, name: str) -> Path:
    target = work / name
    target.mkdir()
    shutil.copy(base / "tatabbu.sqlite3", target / "tatabbu.sqlite3")
    return target


def _generate_300k(source: Path, target: Path) -> int:
    rows = 0
    with (
        source.open(encoding="utf-8", newline="") as handle,
        target.open("w", encoding="utf-8", newline="") as output,
    ):
        reader = csv.reader(handle)
        writer = csv.writer(output)
        header = next(reader)
        writer.writerow(header)
        original = list(reader)
        for copy in range(COPIES_300K):
            for row in original:
                row = list(row)
                row[0] = f"{row[0]}-{copy}"
                writer.writerow(row)
                rows += 1
    return rows


def run() -> dict[str, Any]:
    source = _data_file()
    with tempfile.TemporaryDirectory(prefix="tatabbu-bench-import-") as directory:
        work = Path(directory)
        base = work / "base"
        base.mkdir()
        print("preparing a fresh SQLite database (migrate, load_reference)…", flush=True)
        _manage(base, "migrate", "--noinput", "-v0")
        _manage(base, "load_reference")
        print("pipeline, 30k rows…", flush=True)
        pipeline = _worker(_fresh(base, work, "pipeline"), "pipeline", source)
        print("naive per-row ORM loop, 5k rows…", flush=True)
        naive = _worker(_fresh(base, work, "naive"), "naive", source)
        print("raw sqlite3.executemany, 30k rows…", flush=True)
        raw = _worker(_fresh(base, work, "raw"), "raw", source)
        print("raw sqlite3, 500 rows per statement, 30k rows…", flush=True)
        raw_multirow = _worker(_fresh(base, work, "raw-multirow"), "raw-multirow", source)
        big = work / "upr-info-300k.csv"
        generated = _generate_300k(source, big)
        print(f"pipeline, {generated} rows…", flush=True)
        pipeline_big = _worker(
            _fresh(base, work, "pipeline300k"),
            "pipeline",
            big,
            TATABBU_IMPORT_MAX_BYTES=str(big.stat().st_size + 1),
        )
    return {
        "pipeline_30k_rows": pipeline["rows"],
        "pipeline_30k_seconds": pipeline["seconds"],
        "pipeline_30k_plan_seconds": pipeline["plan_seconds"],
        "pipeline_30k_write_seconds": pipeline["write_seconds"],
        "pipeline_30k_rows_per_second": pipeline["rows_per_second"],
        "pipeline_30k_peak_rss_mb": pipeline["peak_rss_mb"],
        "pipeline_300k_rows": pipeline_big["rows"],
        "pipeline_300k_seconds": pipeline_big["seconds"],
        "pipeline_300k_write_seconds": pipeline_big["write_seconds"],
        "pipeline_300k_rows_per_second": pipeline_big["rows_per_second"],
        "pipeline_300k_cpu_rows_per_second": pipeline_big["cpu_rows_per_second"],
        "pipeline_300k_peak_rss_mb": pipeline_big["peak_rss_mb"],
        "naive_orm_sample_rows": naive["rows"],
        "naive_orm_rows_per_second": naive["rows_per_second"],
        "raw_sqlite3_rows": raw["rows"],
        "raw_sqlite3_rows_per_second": raw["rows_per_second"],
        "raw_sqlite3_multirow_rows_per_second": raw_multirow["rows_per_second"],
        "ratio_raw_multirow_to_pipeline": round(
            raw_multirow["rows_per_second"] / pipeline["rows_per_second"], 1
        ),
        "ratio_pipeline_to_naive": round(pipeline["rows_per_second"] / naive["rows_per_second"], 1),
        "ratio_raw_to_pipeline": round(raw["rows_per_second"] / pipeline["rows_per_second"], 1),
        "pipeline_30k_cpu_rows_per_second": pipeline["cpu_rows_per_second"],
        "naive_orm_cpu_rows_per_second": naive["cpu_rows_per_second"],
        "raw_sqlite3_cpu_rows_per_second": raw["cpu_rows_per_second"],
        "cpu_ratio_pipeline_to_naive": round(
            pipeline["cpu_rows_per_second"] / naive["cpu_rows_per_second"], 1
        ),
        "cpu_ratio_raw_to_pipeline": round(
            raw["cpu_rows_per_second"] / pipeline["cpu_rows_per_second"], 1
        ),
        "goal_20x_naive_met": pipeline["rows_per_second"] >= 20 * naive["rows_per_second"],
        "goal_within_5x_raw_met": raw["rows_per_second"] <= 5 * pipeline["rows_per_second"],
        "note": "SQLite, fresh database file per run, DEBUG off; naive loop measured on the first "
        f"{NAIVE_SAMPLE} rows and extrapolated as rows/s; raw sqlite3 inserts the same rows "
        "(full-text trigger on; the stored search text and labels computed before timing) without "
        "validation, normalisation or audit. Wall-clock rates "
        "depend on the machine's other load; the cpu_ rates (process CPU time, all SQLite work "
        "is in-process) are steadier on a shared machine. Goals are judged on wall-clock.",
    }


# --- Worker processes --------------------------------------------------------------------------


def _peak_rss_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _pipeline(path: Path) -> dict[str, Any]:
    from tatabbu.recommendations.importers import plan_import
    from tatabbu.recommendations.services.imports import import_apply

    started, cpu_started = time.perf_counter(), time.process_time()
    plan = plan_import(path, format="upr-info")
    planned = time.perf_counter()
    if not plan.is_valid:
        raise SystemExit(f"the file was refused: {plan.errors[:3]} {plan.file_error}")
    import_apply(actor=None, plan=plan)
    finished, cpu = time.perf_counter(), time.process_time() - cpu_started
    rows = plan.created
    return {
        "rows": rows,
        "seconds": round(finished - started, 2),
        "cpu_seconds": round(cpu, 2),
        "cpu_rows_per_second": round(rows / cpu),
        "plan_seconds": round(planned - started, 2),
        "write_seconds": round(finished - planned, 2),
        "rows_per_second": round(rows / (finished - started)),
        "peak_rss_mb": _peak_rss_mb(),
    }


def _naive(path: Path) -> dict[str, Any]:
    """What a first version would do: per row, look things up and save, in its own service."""
    from tatabbu.audit.trail import record, service
    from tatabbu.mechanisms.models import Mechanism
    from tatabbu.recommendations.models import Recommendation, SourceDocument
    from tatabbu.recommendations.search_index import build_search_text
    from tatabbu.taxonomy.selectors import country_lookup_table

    countries = country_lookup_table()
    upr = Mechanism.objects.get(code="UPR")

    @service
    def create(row: dict[str, str]) -> None:
        state = countries[row["state_under_review"]]
        document, _ = SourceDocument.objects.get_or_create(
            natural_key=f"upr-info:{state.code}:session-{row['session']}",
            defaults={"mechanism": upr, "state": state, "document_type": "upr_report"},
        )
        recommendation = Recommendation(
            natural_key=f"upr-info:{row['id']}",
            document=document,
            mechanism=upr,
            state=state,
            cycle=int(row["cycle"]),
            session=row["session"],
            text_en=row["recommendation"],
            position="supported" if row["response"] == "Accepted" else "noted",
            action_category=int(row["action_category"]),
            search_text=build_search_text(texts=[row["recommendation"]]),
        )
        recommendation.save()
        recommending = countries.get(row["recommending_state"])
        if recommending is not None:
            recommendation.recommending_states.add(recommending)
        record(actor=None, action="recommendation.import_create", target=recommendation)

    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for _, row in zip(range(NAIVE_SAMPLE), csv.DictReader(handle), strict=False)]
    started, cpu_started = time.perf_counter(), time.process_time()
    for row in rows:
        create(row)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return _rates(len(rows), elapsed, cpu)


def _raw_multirow(path: Path) -> dict[str, Any]:
    return _raw(path, rows_per_statement=500)


def _raw(path: Path, rows_per_statement: int = 1) -> dict[str, Any]:
    """The same rows into the same tables with ``sqlite3.executemany`` (or ``rows_per_statement``
    rows per ``INSERT`` statement) and nothing else.

    "The same rows": the column values the pipeline stores (its folded search text, with the
    recommending State's names, which the full-text trigger indexes; the source labels; the
    year), computed before the clock starts like the lookups, so that the database does the same
    work as in the pipeline's write.
    """
    import sqlite3
    import uuid

    from django.conf import settings
    from django.utils import timezone

    from tatabbu.mechanisms.models import Mechanism
    from tatabbu.recommendations.importers.upr_info import SESSION_YEARS
    from tatabbu.taxonomy.selectors import country_lookup_table

    lookup = country_lookup_table()
    countries = {name: country.pk for name, country in lookup.items()}
    upr = Mechanism.objects.get(code="UPR").pk
    database = sqlite3.connect(settings.DATABASES["default"]["NAME"], isolation_level=None)
    database.execute("PRAGMA journal_mode=WAL")
    database.execute("PRAGMA synchronous=NORMAL")
    now = timezone.now().isoformat()
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    prepared = [_raw_values(row, lookup) for row in rows]
    started, cpu_started = time.perf_counter(), time.process_time()
    database.execute("BEGIN IMMEDIATE")
    documents: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row["state_under_review"], row["session"])
        if key not in documents:
            cursor = database.execute(
                "INSERT INTO recommendations_sourcedocument (uuid, natural_key, symbol, "
                "legacy_symbol, mechanism_id, document_type, state_id, session, title_ar, "
                "title_fr, title_en, created_at, updated_at) "
                "VALUES (?, ?, '', '', ?, 'upr_report', ?, ?, '', '', '', ?, ?)",
                (uuid.uuid4().hex, f"raw:{key}", upr, countries[key[0]], key[1], now, now),
            )
            documents[key] = cursor.lastrowid
    values = [
        (
            uuid.uuid4().hex,
            f"raw:{row['id']}",
            documents[(row["state_under_review"], row["session"])],
            upr,
            countries[row["state_under_review"]],
            int(row["cycle"]),
            row["session"],
            SESSION_YEARS.get(int(row["session"])),
            row["recommendation"],
            "supported" if row["response"] == "Accepted" else "noted",
            int(row["action_category"]),
            labels,
            search_text,
            now,
            now,
        )
        for row, (labels, search_text) in zip(rows, prepared, strict=True)
    ]
    head = (
        "INSERT INTO recommendations_recommendation (uuid, natural_key, document_id, "
        "mechanism_id, state_id, cycle, session, year, paragraph, text_ar, text_fr, text_en, "
        "position, position_note, action_category, source_labels, implementation_status, "
        "source_file, search_text, version, created_at, updated_at) VALUES "
    )
    one = "(?, ?, ?, ?, ?, ?, ?, ?, '', '', '', ?, ?, '', ?, ?, 'not_started', '', ?, 1, ?, ?)"
    if rows_per_statement == 1:
        database.executemany(head + one, values)
    else:
        for start in range(0, len(values), rows_per_statement):
            part = values[start : start + rows_per_statement]
            database.execute(
                head + ", ".join([one] * len(part)), [value for row in part for value in row]
            )
    ids = dict(
        database.execute(
            "SELECT natural_key, id FROM recommendations_recommendation "
            "WHERE natural_key LIKE 'raw:%'"
        )
    )
    database.executemany(
        "INSERT INTO recommendations_recommendation_recommending_states "
        "(recommendation_id, country_id) VALUES (?, ?)",
        [
            (ids[f"raw:{row['id']}"], countries[row["recommending_state"]])
            for row in rows
            if row["recommending_state"] in countries
        ],
    )
    database.execute("COMMIT")
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return _rates(len(rows), elapsed, cpu)


def _raw_values(row: dict[str, str], lookup: dict[str, Any]) -> tuple[str, str]:
    """The source labels (JSON) and the search text the pipeline stores for ``row``."""
    from tatabbu.recommendations.search_index import build_search_text

    country = lookup.get(row["recommending_state"])
    names = [country.name_en, country.name_fr, country.name_ar] if country else []
    labels = {
        "upr_info_id": row["id"],
        "upr_info_issues": [label for label in row["issues"].split(",") if label.strip()],
    }
    search_text = build_search_text(texts=[row["recommendation"].strip()], names=names)
    return json.dumps(labels, ensure_ascii=False), search_text


def _rates(rows: int, elapsed: float, cpu: float) -> dict[str, Any]:
    return {
        "rows": rows,
        "seconds": round(elapsed, 2),
        "rows_per_second": round(rows / elapsed),
        "cpu_seconds": round(cpu, 2),
        "cpu_rows_per_second": round(rows / cpu),
    }


if __name__ == "__main__":
    import django

    django.setup()
    mode, file_path = sys.argv[1], Path(sys.argv[2])
    workers = {
        "pipeline": _pipeline,
        "naive": _naive,
        "raw": _raw,
        "raw-multirow": _raw_multirow,
    }
    print(json.dumps(workers[mode](file_path)))
