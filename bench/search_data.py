"""Generate a large recommendations table from real rows, for the search benchmark.

Real texts: the UPR Info export (English, 30k rows) and the DIDH tracker (French and Arabic,
942 rows), both read from ``TATABBU_DATA_DIR``. Each generated row takes a real row and varies it
(a clause of another real row appended, another recommending State, another year), so that word
frequencies stay those of real recommendations. Rows are written with ``executemany`` (SQLite)
or ``COPY`` (PostgreSQL) straight into the tables, then the full-text index is rebuilt.
"""

from __future__ import annotations

import csv
import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from tatabbu.recommendations.search_index import build_search_text

POSITIONS = ["supported", "supported", "supported", "noted", "pending", "outside_mandate"]
STATUSES = ["not_started", "in_progress", "in_progress", "partially_implemented", "implemented"]


@dataclass
class RealRow:
    text_en: str = ""
    text_fr: str = ""
    text_ar: str = ""
    state: str = ""  # State under review, English name
    recommending: str = ""  # recommending State, English or French name
    session: int = 0
    cycle: int | None = None
    position: str = ""
    action_category: int | None = None
    issues: tuple[str, ...] = ()
    mechanism: str = "UPR"


def read_real_rows(data_dir: Path | None = None) -> list[RealRow]:
    data_dir = Path(data_dir or settings.TATABBU_DATA_DIR)
    rows: list[RealRow] = []
    upr_info = data_dir / "upr-info-2008-2014" / "upr_info_recommendations_sessions01-16.csv"
    with upr_info.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            rows.append(
                RealRow(
                    text_en=record["recommendation"].strip(),
                    state=record["state_under_review"],
                    recommending=record["recommending_state"],
                    session=int(record["session"]),
                    cycle=int(record["cycle"]),
                    position="supported" if record["response"] == "Accepted" else "noted",
                    action_category=int(record["action_category"] or 0) or None,
                    issues=tuple(i.strip() for i in record["issues"].split(",") if i.strip()),
                )
            )
    didh = data_dir / "morocco-didh-tracker" / "recommendations_v2.csv"
    with didh.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            rows.append(
                RealRow(
                    text_fr=record["text_fr"].strip(),
                    text_ar=record["text_ar"].strip(),
                    state="Morocco",
                    recommending=record["recommending_state_fr"],
                    session=27,
                    cycle=3 if record["mechanism"] == "UPR" else None,
                    position="supported",
                    mechanism=record["treaty_body"] or record["mechanism"],
                )
            )
    return [row for row in rows if row.text_en or row.text_fr or row.text_ar]


def _clause(text: str) -> str:
    for separator in (",", "،", ";", "."):
        if separator in text[20:]:
            return text[: text.index(separator, 20)]
    return text[:120]


@dataclass
class Vocabulary:
    """Ids of the reference rows the generated rows point at."""

    mechanisms: dict[str, int]
    special_procedures: list[int]
    countries: dict[str, int]
    country_ids: list[int]
    themes: list[int]
    groups: list[int]
    sdgs: list[int]


def vocabulary() -> Vocabulary:
    from tatabbu.mechanisms.models import Mechanism
    from tatabbu.taxonomy.models import Country, PersonGroup, SdgGoal, Theme

    mechanisms = dict(Mechanism.objects.values_list("code", "id"))
    special = list(Mechanism.objects.filter(kind="special_procedure").values_list("id", flat=True))
    countries: dict[str, int] = {}
    for country in Country.objects.all():
        for name in (country.name_en, country.name_fr, *country.alias_list):
            countries[name.strip().lower()] = country.id
    return Vocabulary(
        mechanisms=mechanisms,
        special_procedures=special,
        countries=countries,
        country_ids=sorted(set(countries.values())),
        themes=list(Theme.objects.values_list("id", flat=True)),
        groups=list(PersonGroup.objects.values_list("id", flat=True)),
        sdgs=list(SdgGoal.objects.values_list("id", flat=True)),
    )


def generate(
    total: int, *, seed: int = 20260101, real_rows: list[RealRow] | None = None
) -> dict[str, int]:
    """Write ``total`` recommendations (and their documents, links) into the default database."""
    started = time.perf_counter()
    rng = random.Random(seed)  # noqa: S311 (benchmark data, not security)
    real = real_rows or read_real_rows()
    english = [row for row in real if row.text_en]
    french = [row for row in real if row.text_fr]
    arabic = [row for row in real if row.text_ar]
    vocab = vocabulary()
    morocco = vocab.countries["morocco"]
    now = timezone.now()

    # One document per (State, mechanism, session, repetition).
    documents: dict[tuple[int, int, int, int], int] = {}
    document_rows: list[tuple[Any, ...]] = []

    def document_for(state_id: int, mechanism_id: int, session: int, round_: int, cycle: Any):
        key = (state_id, mechanism_id, session, round_)
        if key not in documents:
            documents[key] = len(documents) + 1
            year = 2008 + (session - 1) // 3 + 4 * round_
            document_rows.append(
                (
                    documents[key],
                    now,
                    now,
                    uuid.uuid4().hex,
                    f"bench:{state_id}:{mechanism_id}:{session}:{round_}",
                    "",
                    f"BENCH/{session}/{round_}/{state_id}/{mechanism_id}",
                    mechanism_id,
                    "upr_report",
                    state_id,
                    cycle,
                    str(session),
                    f"{year}-06-01",
                    "",
                    "",
                    f"Bench document {len(documents)}",
                )
            )
        return documents[key]

    recommendation_rows: list[tuple[Any, ...]] = []
    m2m: dict[str, list[tuple[int, int]]] = {
        "recommending_states": [],
        "themes": [],
        "groups": [],
        "sdg_goals": [],
    }
    clusters = 60
    for number in range(1, total + 1):
        round_ = (number - 1) * 8 // total
        roll = rng.random()
        if roll < 0.78:
            base = rng.choice(english)
            other = rng.choice(english)
            text_en = base.text_en
            if rng.random() < 0.5:
                text_en = f"{text_en.rstrip('.')}, {_clause(other.text_en).lower()}."
            text_fr = text_ar = ""
            state_id = vocab.countries.get(base.state.lower()) or rng.choice(vocab.country_ids)
            mechanism_id = vocab.mechanisms["UPR"]
            session, cycle = base.session, base.cycle
        else:
            base = rng.choice(french)
            text_en = ""
            text_fr = base.text_fr
            text_ar = base.text_ar
            if rng.random() < 0.5:
                text_fr = f"{text_fr.rstrip('.')}, {_clause(rng.choice(french).text_fr).lower()}"
                if text_ar:
                    text_ar = f"{text_ar} و{_clause(rng.choice(arabic).text_ar)}"
            if rng.random() < 0.3 and not text_ar:
                text_ar = rng.choice(arabic).text_ar
            state_id = morocco if rng.random() < 0.5 else rng.choice(vocab.country_ids)
            mechanism_id = vocab.mechanisms.get(base.mechanism) or rng.choice(
                vocab.special_procedures
            )
            session, cycle = base.session, base.cycle
        document_id = document_for(state_id, mechanism_id, session, round_, cycle)
        year = 2008 + (session - 1) // 3 + 4 * round_
        recommending_id = vocab.countries.get(base.recommending.strip().lower()) or rng.choice(
            vocab.country_ids
        )
        paragraph = f"{100 + session}.{rng.randint(1, 200)}"
        search_text = build_search_text(texts=[text_ar, text_fr, text_en], paragraph=paragraph)
        recommendation_rows.append(
            (
                number,
                now,
                now,
                uuid.uuid4().hex,
                f"bench:{number}",
                document_id,
                mechanism_id,
                state_id,
                cycle,
                str(session),
                year,
                paragraph,
                text_ar,
                text_fr,
                text_en,
                rng.choice(POSITIONS) if not base.position else base.position,
                "",
                base.action_category,
                "{}",
                (number % clusters) + 1 if rng.random() < 0.02 else None,
                rng.choice(STATUSES),
                None,
                "bench",
                number,
                search_text,
                1,
            )
        )
        m2m["recommending_states"].append((number, recommending_id))
        for theme in rng.sample(vocab.themes, rng.choice((1, 1, 2, 3))):
            m2m["themes"].append((number, theme))
        for group in rng.sample(vocab.groups, rng.choice((0, 1, 1, 2))):
            m2m["groups"].append((number, group))
        for goal in rng.sample(vocab.sdgs, rng.choice((0, 0, 1, 2))):
            m2m["sdg_goals"].append((number, goal))

    links: list[tuple[Any, ...]] = []
    for number in range(1, total + 1):
        if rng.random() < 0.05 and number > 1000:
            earlier = rng.randint(1, number - 500)
            links.append((now, now, number, earlier, round(rng.uniform(0.5, 1.0), 3), "bench"))

    _write(
        documents=document_rows,
        recommendations=recommendation_rows,
        m2m=m2m,
        clusters=clusters,
        links=links,
        now=now,
    )
    return {
        "recommendations": total,
        "documents": len(document_rows),
        "recurrence_links": len(links),
        "generate_seconds": round(time.perf_counter() - started, 1),
    }


DOCUMENT_COLUMNS = (
    "id, created_at, updated_at, uuid, natural_key, symbol, legacy_symbol, mechanism_id, "
    "document_type, state_id, cycle, session, date, title_ar, title_fr, title_en"
)
RECOMMENDATION_COLUMNS = (
    "id, created_at, updated_at, uuid, natural_key, document_id, mechanism_id, state_id, cycle, "
    "session, year, paragraph, text_ar, text_fr, text_en, position, position_note, "
    "action_category, source_labels, cluster_id, implementation_status, import_batch_id, "
    "source_file, source_row, search_text, version"
)


def _chunks(rows: list[Any], size: int = 5000) -> Iterator[list[Any]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def _write(
    *,
    documents: list[tuple[Any, ...]],
    recommendations: list[tuple[Any, ...]],
    m2m: dict[str, list[tuple[int, int]]],
    clusters: int,
    links: list[tuple[Any, ...]],
    now: Any,
) -> None:
    from tatabbu.recommendations import facet_values, search_index

    cluster_rows = [
        (number, now, now, uuid.uuid4().hex, f"مجموعة {number}", f"Groupe {number}", "", "", 1)
        for number in range(1, clusters + 1)
    ]
    m2m_columns = {
        "recommending_states": "country_id",
        "themes": "theme_id",
        "groups": "persongroup_id",
        "sdg_goals": "sdggoal_id",
    }
    tables: list[tuple[str, str, list[tuple[Any, ...]]]] = [
        ("recommendations_sourcedocument", DOCUMENT_COLUMNS, documents),
        (
            "recommendations_cluster",
            "id, created_at, updated_at, uuid, name_ar, name_fr, name_en, description, version",
            cluster_rows,
        ),
        ("recommendations_recommendation", RECOMMENDATION_COLUMNS, recommendations),
    ]
    for name, column in m2m_columns.items():
        tables.append(
            (f"recommendations_recommendation_{name}", f"recommendation_id, {column}", m2m[name])
        )
    tables.append(
        (
            "recommendations_recurrencelink",
            "created_at, updated_at, recommendation_id, earlier_id, score, method",
            links,
        )
    )
    if connection.vendor == "sqlite":
        search_index.remove(connection)  # bulk load without triggers, then one rebuild
        with transaction.atomic(), connection.cursor() as cursor:
            for table, columns, rows in tables:
                placeholders = ", ".join(["%s"] * len(columns.split(",")))
                sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
                for chunk in _chunks(rows):
                    cursor.executemany(sql, chunk)
        search_index.install(connection)
        search_index.rebuild(connection)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        search_index.remove_words(connection)  # its triggers read the vector, dropped below
        facet_values.remove(connection)  # its triggers would run per COPY; filled once below
        search_index.remove(connection)  # bulk load without the GIN index, then build it once
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX IF EXISTS recommendations_sample_idx")
        raw = connection.connection
        with raw.cursor() as cursor:
            for table, columns, rows in tables:
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            for table, columns, rows in tables:
                if rows and columns.startswith("id,"):
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                        f"(SELECT max(id) FROM {table}))"
                    )
        search_index.install(connection)
        search_index.install_words(connection)
        facet_values.install(connection)
        with raw.cursor() as cursor:
            cursor.execute(
                "CREATE INDEX recommendations_sample_idx "
                "ON recommendations_recommendation ((id % 256))"
            )
            cursor.execute("VACUUM ANALYZE")
