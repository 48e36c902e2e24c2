"""Full-text search over recommendations: one interface, SQLite FTS5 or PostgreSQL underneath.

The indexed text is ``Recommendation.search_text``: every language version and the references,
folded by ``core.text.normalize_text`` and cut into word tokens (:func:`search_tokens`). A query
goes through the same two functions, so a query without vowel marks finds vocalised text and the
reverse, and the alef, ya and ta-marbuta forms and Latin accents fold alike on both engines.

User input never reaches SQL text: terms are word tokens (letters and digits only), quoted for
the MATCH / ``to_tsquery`` syntax and passed as parameters.

Work is bounded so that a very common term (``rights`` in a third of 300,000 rows) costs about
what a rare one does (docs/architecture.md, "Search"):

- *Ranking* (sort by relevance) ranks the ``TATABBU_SEARCH_RANK_CANDIDATES`` most recent matches
  (all of them when there are fewer), not every match.
- *Counting and facets* are exact up to ``TATABBU_SEARCH_EXACT_LIMIT`` matches. Above it they are
  estimated from a uniform sample: the rows whose ``id % 256`` falls in the first *k* buckets,
  with *k* chosen for about ``TATABBU_SEARCH_SAMPLE_TARGET`` rows, scaled by ``256 / k``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import BooleanField, Expression, F, FloatField, QuerySet
from django.db.models.sql.compiler import SQLCompiler

from tatabbu.core.text import normalize_text

from .search_index import (
    BUCKET_LEVELS,
    FTS_TABLE,
    ID_LEVELS,
    ID_LIMIT,
    PG_COLUMN,
    WORDS_TABLE,
    bucket_lexeme,
    id_lexeme,
)

BUCKETS = 256
MAX_TERMS = 12
PREFIX_MIN_LENGTH = 3
_TOKEN = re.compile(r"[^\W_]+")


def search_tokens(text: str) -> list[str]:
    """Word tokens (letters and digits) of already normalised text, as both engines index them."""
    return _TOKEN.findall(text)


# Bounds of the work one search does; settings ``TATABBU_SEARCH_<NAME>`` override them.
DEFAULTS = {"EXACT_LIMIT": 2000, "SAMPLE_TARGET": 1000, "RANK_CANDIDATES": 1000}


def setting(name: str) -> int:
    return int(getattr(settings, f"TATABBU_SEARCH_{name}", DEFAULTS[name]))


@dataclass(frozen=True)
class ParsedQuery:
    """A user's query as folded terms, all required; the last one may be a prefix."""

    terms: tuple[str, ...]
    prefix_last: bool = False
    # PostgreSQL: the indexed words the prefix begins (:func:`expand_prefix`), None when unknown
    prefix_words: tuple[str, ...] | None = None

    def __bool__(self) -> bool:
        return bool(self.terms)

    def fts5(self) -> str:
        """The FTS5 MATCH expression: each term a quoted string, implicitly AND-ed."""
        parts = ['"' + term.replace('"', '""') + '"' for term in self.terms]
        if self.prefix_last:
            parts[-1] += "*"
        return " ".join(parts)

    def tsquery(self) -> str:
        """The PostgreSQL ``to_tsquery`` text: each term a quoted lexeme, AND-ed."""
        parts = [_lexeme(term) for term in self.terms]
        if self.prefix_last and self.prefix_words:
            parts[-1] = "( " + " | ".join(_lexeme(word) for word in self.prefix_words) + " )"
        elif self.prefix_last and self.prefix_words is None:
            parts[-1] += ":*"
        # prefix_words == (): no indexed word begins with the prefix; the term itself matches
        # nothing either (it would be one of them)
        return " & ".join(parts)


def _lexeme(term: str) -> str:
    return "'" + term.replace("'", "''") + "'"


def parse_query(text: str | None) -> ParsedQuery:
    """Fold ``text`` like the index and keep its first terms; the last one matches as a prefix
    (search as you type) unless the query ends with a space or is too short."""
    raw = text or ""
    terms = tuple(search_tokens(normalize_text(raw)))[:MAX_TERMS]
    if not terms:
        return ParsedQuery(())
    prefix = not raw[-1:].isspace() and len(terms[-1]) >= PREFIX_MIN_LENGTH
    return ParsedQuery(terms, prefix_last=prefix)


# A prefix beginning more words than this keeps the ``:*`` match (one entry scan per word, too).
MAX_PREFIX_WORDS = 64


def expand_prefix(query: ParsedQuery) -> ParsedQuery:
    """PostgreSQL: ``query`` with the indexed words its prefix begins, read from the word table
    (search_index.py), so that the match is an OR of words instead of a prefix; the same rows
    match. Unchanged elsewhere, without a prefix, or for a prefix of too many words."""
    if connection.vendor != "postgresql" or not query.prefix_last:
        return query
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT word FROM {WORDS_TABLE} WHERE word LIKE %s ORDER BY word LIMIT %s",  # noqa: S608
            [query.terms[-1] + "%", MAX_PREFIX_WORDS + 1],
        )
        words = tuple(row[0] for row in cursor.fetchall())
    if len(words) > MAX_PREFIX_WORDS:
        return query
    return replace(query, prefix_words=words)


# --- Expressions --------------------------------------------------------------------------------


class TextMatch(Expression):
    """``WHERE``-able: the recommendation matches ``query``.

    ``buckets`` keeps only rows with ``id % 256 < buckets`` (a sample); ``min_id`` only rows with
    ``id >= min_id``. On SQLite both are applied inside the FTS5 scan, before any table lookup,
    and ``walk_order`` asks SQLite to walk the ORDER BY index and test each row against the
    matches, rather than sort every match (for large match sets).
    """

    output_field = BooleanField()
    conditional = True

    def __init__(
        self,
        query: ParsedQuery,
        *,
        buckets: int | None = None,
        min_id: int | None = None,
        walk_order: bool = False,
    ) -> None:
        super().__init__(output_field=BooleanField())
        self.query = query
        self.buckets = buckets
        self.min_id = min_id
        self.walk_order = walk_order
        self.pk = F("pk")

    def get_source_expressions(self) -> list[Any]:
        return [self.pk]

    def set_source_expressions(self, expressions: Sequence[Any]) -> None:
        (self.pk,) = expressions

    def as_sql(self, compiler: SQLCompiler, connection: Any) -> tuple[str, list[Any]]:
        raise NotImplementedError(f"Full-text search is not available on {connection.vendor}.")

    def as_sqlite(self, compiler: SQLCompiler, connection: Any) -> tuple[str, list[Any]]:
        pk_sql, pk_params = compiler.compile(self.pk)
        inner = [f"{FTS_TABLE} MATCH %s"]
        params: list[Any] = [self.query.fts5()]
        if self.buckets is not None and self.buckets < BUCKETS:
            inner.append(f"(rowid %% {BUCKETS}) < %s")
            params.append(self.buckets)
        if self.min_id is not None:
            inner.append("rowid >= %s")
            params.append(self.min_id)
        where = " AND ".join(inner)
        # A unary + keeps SQLite from driving the query by rowid lookups of every match.
        if self.walk_order:
            pk_sql = f"+{pk_sql}"
        sql = f"{pk_sql} IN (SELECT rowid FROM {FTS_TABLE} WHERE {where})"  # noqa: S608
        return sql, [*pk_params, *params]

    def as_postgresql(self, compiler: SQLCompiler, connection: Any) -> tuple[str, list[Any]]:
        pk_sql, pk_params = compiler.compile(self.pk)
        tsquery = "to_tsquery('simple', %s)"
        params: list[Any] = [self.query.tsquery()]
        if self.buckets is not None and self.buckets < BUCKETS:
            # The bucket lexemes of the vector (search_index.py): sampled inside the GIN index.
            tsquery = f"({tsquery} && CAST(%s AS tsquery))"
            params.append(bucket_tsquery(self.buckets))
        if self.min_id is not None and (blocks := id_tsquery(self.min_id)):
            tsquery = f"({tsquery} && CAST(%s AS tsquery))"  # inside the GIN index too
            params.append(blocks)
        parts = [f"{_vector_column(pk_sql)} @@ {tsquery}"]
        if self.min_id is not None:
            parts.append(f"{pk_sql} >= %s")
            params += [*pk_params, self.min_id]
        return "(" + " AND ".join(parts) + ")", params


def bucket_tsquery(buckets: int) -> str:
    """PostgreSQL: the tsquery of the rows whose ``id % 256 < buckets``, as an OR of the
    aligned blocks of buckets (search_index.py) that make up ``[0, buckets)``."""
    blocks = []
    start = 0
    for level in reversed(range(BUCKET_LEVELS)):
        if buckets & (1 << level):
            blocks.append(f"'{bucket_lexeme(level, start >> level)}'")
            start += 1 << level
    return " | ".join(blocks)


def id_tsquery(min_id: int) -> str:
    """PostgreSQL: a tsquery of (about) the rows whose ``id >= min_id``, as an OR of aligned
    blocks of ids (search_index.py) from ``min_id`` rounded down to a block of the smallest
    size; "" when ``min_id`` is beyond the blocks. The exact bound is tested beside it."""
    smallest = ID_LEVELS[0]
    start = (max(min_id, 0) >> smallest) << smallest
    if start >= ID_LIMIT:
        return ""
    blocks = []
    while start < ID_LIMIT:
        level = next(
            level
            for level in reversed(ID_LEVELS)
            if start % (1 << level) == 0 and start + (1 << level) <= ID_LIMIT
        )
        blocks.append(f"'{id_lexeme(level, start >> level)}'")
        start += 1 << level
    return " | ".join(blocks)


class InSample(Expression):
    """``WHERE``-able: ``id % 64 < buckets`` (PostgreSQL has an index on ``id % 256``)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, buckets: int) -> None:
        super().__init__(output_field=BooleanField())
        self.buckets = buckets
        self.pk = F("pk")

    def get_source_expressions(self) -> list[Any]:
        return [self.pk]

    def set_source_expressions(self, expressions: Sequence[Any]) -> None:
        (self.pk,) = expressions

    def as_sql(self, compiler: SQLCompiler, connection: Any) -> tuple[str, list[Any]]:
        pk_sql, pk_params = compiler.compile(self.pk)
        return f"({pk_sql} %% {BUCKETS}) < %s", [*pk_params, self.buckets]


class InIds(Expression):
    """``WHERE``-able: ``field`` is one of ``ids``, sent as ONE parameter whatever their number
    (SQLite: a JSON array read by ``json_each``; PostgreSQL: an array)."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, field: str, ids: Iterable[int]) -> None:
        super().__init__(output_field=BooleanField())
        self.ids = [int(value) for value in ids]
        self.column = F(field)

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, expressions: Sequence[Any]) -> None:
        (self.column,) = expressions

    def as_sql(self, compiler: SQLCompiler, connection: Any) -> tuple[str, list[Any]]:
        field_sql, field_params = compiler.compile(self.column)
        if connection.vendor == "postgresql":
            return f"{field_sql} = ANY(CAST(%s AS bigint[]))", [*field_params, id_array(self.ids)]
        return (
            f"{field_sql} IN (SELECT value FROM json_each(%s))",  # noqa: S608 (compiled column)
            [*field_params, json.dumps(self.ids)],
        )


def id_array(ids: Iterable[int]) -> str:
    """PostgreSQL: ``ids`` as the text of an array (``{1,2,3}``), to be cast to ``bigint[]``:
    written here in one join, where the driver's adapter of a list of 1,000 ids costs 2 ms."""
    return "{" + ",".join(str(int(value)) for value in ids) + "}"


def _vector_column(pk_sql: str) -> str:
    """``"table"."search_vector"`` from ``"table"."id"``: the stored vector of the same row
    (a PostgreSQL-only column, not a model field; search_index.py)."""
    return pk_sql.rsplit(".", 1)[0] + f'."{PG_COLUMN}"'


class PostgresRank(Expression):
    """Relevance on PostgreSQL, negated so that ascending order puts the best first."""

    output_field = FloatField()

    def __init__(self, query: ParsedQuery) -> None:
        super().__init__(output_field=FloatField())
        self.query = query
        self.pk = F("pk")

    def get_source_expressions(self) -> list[Any]:
        return [self.pk]

    def set_source_expressions(self, expressions: Sequence[Any]) -> None:
        (self.pk,) = expressions

    def as_sql(self, compiler: SQLCompiler, connection: Any) -> tuple[str, list[Any]]:
        pk_sql, pk_params = compiler.compile(self.pk)
        sql = f"-ts_rank({_vector_column(pk_sql)}, to_tsquery('simple', %s))"
        return sql, [*pk_params, self.query.tsquery()]


# --- Bounded operations -------------------------------------------------------------------------


def has_predicates(queryset: QuerySet) -> bool:
    """Whether ``queryset`` filters anything besides the text match."""
    return bool(queryset.query.where.children)


def match(queryset: QuerySet, query: ParsedQuery, **options: Any) -> QuerySet:
    return queryset.filter(TextMatch(query, **options)) if query else queryset


def fts_count(query: ParsedQuery, *, buckets: int | None = None) -> int:
    """SQLite: the number of index entries matching ``query`` (no table lookups)."""
    sql = f"SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
    params: list[Any] = [query.fts5()]
    if buckets is not None and buckets < BUCKETS:
        sql += f" AND (rowid %% {BUCKETS}) < %s"
        params.append(buckets)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0])


# Buckets whose ids the count of the words also returns (1/8 of the matches): the sample of a
# common word (more than SAMPLE_TARGET * 256 / 32 = 8,000 matches) then needs no second scan.
PRESAMPLE_BUCKETS = 32


def fts_count_and_presample(query: ParsedQuery) -> tuple[int, list[int]]:
    """SQLite: the number of index entries matching ``query`` and the ids among them in the
    first ``PRESAMPLE_BUCKETS`` buckets, in one scan of the index."""
    sql = (
        f"SELECT count(*), json_group_array(rowid) FILTER (WHERE (rowid %% {BUCKETS}) < %s) "  # noqa: S608
        f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [PRESAMPLE_BUCKETS, query.fts5()])
        count, ids = cursor.fetchone()
    return int(count), json.loads(ids)


def fts_ids(
    query: ParsedQuery,
    *,
    buckets: int | None = None,
    min_id: int | None = None,
    limit: int | None = None,
) -> list[int]:
    """SQLite: the ids matching ``query`` read from the FTS5 index alone (no table lookups);
    newest first when ``limit`` is given. For lists that filter on nothing but the words."""
    sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
    params: list[Any] = [query.fts5()]
    if buckets is not None and buckets < BUCKETS:
        sql += f" AND (rowid %% {BUCKETS}) < %s"
        params.append(buckets)
    if min_id is not None:
        sql += " AND rowid >= %s"
        params.append(min_id)
    if limit is not None:
        sql += " ORDER BY rowid DESC LIMIT %s"
        params.append(limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _index_only(filtered: QuerySet, query: ParsedQuery) -> bool:
    return connection.vendor == "sqlite" and bool(query) and not has_predicates(filtered)


def newest_match_ids(filtered: QuerySet, query: ParsedQuery, matches: MatchSet) -> list[int]:
    """The ids of (about) the ``RANK_CANDIDATES`` most recent rows of ``filtered`` matching
    ``query``, newest first: the candidates relevance ranks.

    From ``matches`` when it holds every match. From a sample, the id above which about that
    many matches lie is read off the sample (it is uniform), and only that id range is asked
    for — so the cost does not depend on how common the words are."""
    limit = setting("RANK_CANDIDATES")
    if not matches.is_sample:
        return sorted(matches.ids, reverse=True)[:limit]
    threshold = _newest_threshold(matches, limit)
    if _index_only(filtered, query):
        return fts_ids(query, min_id=threshold, limit=limit)
    window = (
        match(filtered, query, min_id=threshold) if query else filtered.filter(pk__gte=threshold)
    )
    return list(window.order_by("-pk").values_list("pk", flat=True)[:limit])


def ranked_ids(filtered: QuerySet, query: ParsedQuery, matches: MatchSet) -> list[int]:
    """The relevance order: :func:`newest_match_ids` ranked by :func:`rank_ids`.

    When the matches are a sample, one query both finds the candidates and ranks them (the same
    ids in the same order as the two steps): on SQLite, when only the words filter, one FTS5
    scan of the id range; on PostgreSQL the newest-candidates query also returns their rank,
    read from the rows it has just fetched (not fetched again by id)."""
    limit = setting("RANK_CANDIDATES")
    if query and matches.is_sample and connection.vendor == "postgresql":
        return _newest_ranked_postgresql(filtered, query, matches, limit)
    if not (query and matches.is_sample and _index_only(filtered, query)):
        return rank_ids(newest_match_ids(filtered, query, matches), query)
    threshold = _newest_threshold(matches, limit)
    with connection.cursor() as cursor:
        cursor.execute(_RANK_SQL, [query.fts5(), threshold])
        ranked = [row[0] for row in cursor.fetchall()]
    if len(ranked) <= limit:
        return ranked
    newest = set(sorted(ranked, reverse=True)[:limit])
    return [pk for pk in ranked if pk in newest]


def _newest_ranked_postgresql(
    filtered: QuerySet, query: ParsedQuery, matches: MatchSet, limit: int
) -> list[int]:
    window = match(filtered, query, min_id=_newest_threshold(matches, limit))
    rows = list(
        window.annotate(score=PostgresRank(query))
        .order_by("-pk")
        .values_list("pk", "score")[:limit]
    )
    rows.sort(key=lambda row: (row[1], -row[0]))  # best first (negated rank), then newest
    return [pk for pk, _score in rows]


def ranked_queryset(filtered: QuerySet, query: ParsedQuery, matches: MatchSet) -> QuerySet:
    """PostgreSQL: the rows of :func:`ranked_ids`, in its order, as a queryset that ranks them
    itself: a paginated list (API, exports) then counts and reads them without a statement
    that only fetches the ranked ids first."""
    from .models import Recommendation

    limit = setting("RANK_CANDIDATES")
    if matches.is_sample:
        window = match(filtered, query, min_id=_newest_threshold(matches, limit))
        newest = window.order_by("-pk").values("pk")[:limit]
        candidates = Recommendation.objects.filter(pk__in=newest)
    else:
        candidates = Recommendation.objects.filter(
            InIds("pk", sorted(matches.ids, reverse=True)[:limit])
        )
    return candidates.annotate(score=PostgresRank(query)).order_by("score", "-pk")


_RANK_SQL = (
    f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "  # noqa: S608
    "AND rowid >= %s ORDER BY rank, rowid DESC"
)


def _newest_threshold(matches: MatchSet, limit: int) -> int:
    """The id above which about ``limit`` matches lie, read off the (uniform) sample."""
    sampled = sorted(matches.ids, reverse=True)
    return sampled[min(len(sampled) - 1, int(limit / matches.scale))]


def rank_ids(candidate_ids: list[int], query: ParsedQuery) -> list[int]:
    """``candidate_ids`` (all matching ``query``) ordered best first, ties newest first."""
    if not candidate_ids or not query:
        return sorted(candidate_ids, reverse=True)
    if connection.vendor == "sqlite":
        # One FTS5 scan of the id range of the candidates, ranked by bm25 (FTS5's ``rank``);
        # the range may hold other matches, which are dropped here.
        wanted = set(candidate_ids)
        with connection.cursor() as cursor:
            cursor.execute(_RANK_SQL, [query.fts5(), min(candidate_ids)])
            return [row[0] for row in cursor.fetchall() if row[0] in wanted]
    from .models import Recommendation

    ranked = (
        Recommendation.objects.filter(InIds("pk", candidate_ids))
        .annotate(score=PostgresRank(query))
        .order_by("score", "-pk")
        .values_list("pk", flat=True)
    )
    return list(ranked)


@dataclass(frozen=True)
class MatchSet:
    """The ids facets are counted over: every filtered row, or a sample holding ``buckets`` of
    the 256 buckets; and the number of filtered rows, exact or estimated."""

    ids: list[int]
    total: int
    buckets: int = BUCKETS
    total_is_exact: bool = True

    @property
    def is_sample(self) -> bool:
        return self.buckets < BUCKETS

    @property
    def scale(self) -> float:
        return BUCKETS / self.buckets


def match_set(filtered: QuerySet, query: ParsedQuery) -> MatchSet:
    """The ids of ``filtered`` rows matching ``query``, with bounded work: all of them when
    there are at most ``EXACT_LIMIT``, else a uniform sample of about ``SAMPLE_TARGET``.

    It starts from an upper bound of the number of matches that costs no scan of them: FTS5's
    own count of the words on SQLite (exact when nothing else filters), on PostgreSQL the
    planner's estimate for the rarest word (the planner multiplies the words' frequencies, which
    underestimates words that come together, "death penalty"), a 1/256 sample without words;
    then reads either every match or a sample, widening the sample if the bound was loose."""
    exact_limit = setting("EXACT_LIMIT")
    target = setting("SAMPLE_TARGET")
    exact_total = None
    presample: list[int] | None = None
    if _index_only(filtered, query):
        estimate, presample = fts_count_and_presample(query)
        exact_total = estimate
    elif connection.vendor == "sqlite" and query:
        estimate = fts_count(query)
    elif connection.vendor == "postgresql" and query:
        estimate = smallest_planner_estimate(
            [match(filtered, ParsedQuery((term,))) for term in query.terms[:-1]]
            + [match(filtered, replace(query, terms=query.terms[-1:]))]
        )
    else:
        estimate = len(_sample(filtered, query, 1)) * BUCKETS
    if estimate <= exact_limit:
        if _index_only(filtered, query):
            capped = fts_ids(query)
        else:
            capped = list(
                match(filtered, query).order_by().values_list("pk", flat=True)[: exact_limit + 1]
            )
        if len(capped) <= exact_limit:
            return MatchSet(ids=capped, total=len(capped))
        estimate = max(estimate, len(capped))
    buckets = _buckets_for(target, estimate)
    while True:
        if presample is not None and buckets <= PRESAMPLE_BUCKETS:
            ids = [pk for pk in presample if pk % BUCKETS < buckets]
        else:
            ids = _sample(filtered, query, buckets)
        if buckets >= BUCKETS:
            return MatchSet(ids=ids, total=len(ids))
        if len(ids) >= target // 2:
            if exact_total is not None:
                return MatchSet(ids=ids, total=exact_total, buckets=buckets)
            total = len(ids) * BUCKETS // buckets
            if total <= exact_limit:
                return _everything(filtered, query)
            return MatchSet(ids=ids, total=total, buckets=buckets, total_is_exact=False)
        buckets = min(
            BUCKETS, max(buckets * 4, _buckets_for(target, len(ids) * BUCKETS // buckets))
        )


def smallest_planner_estimate(querysets: list[QuerySet]) -> int:
    """The smallest of PostgreSQL's estimates of the rows of ``querysets``, from ONE EXPLAIN of
    their UNION ALL (the estimate of each branch of the Append), not one EXPLAIN each."""
    parts = [queryset.order_by().values("pk") for queryset in querysets]
    if len(parts) == 1:
        return planner_estimate(parts[0])
    plan = json.loads(parts[0].union(*parts[1:], all=True).explain(format="json"))[0]["Plan"]
    if plan["Node Type"] != "Append" or len(plan["Plans"]) != len(parts):
        return min(planner_estimate(part) for part in parts)
    return min(int(branch["Plan Rows"]) for branch in plan["Plans"])


def planner_estimate(queryset: QuerySet) -> int:
    """PostgreSQL's estimate of the number of rows of ``queryset`` (EXPLAIN, nothing read)."""
    plan = json.loads(queryset.order_by().values("pk").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def _everything(filtered: QuerySet, query: ParsedQuery) -> MatchSet:
    if _index_only(filtered, query):
        ids = fts_ids(query)
    else:
        ids = list(match(filtered, query).order_by().values_list("pk", flat=True))
    return MatchSet(ids=ids, total=len(ids))


def _sample(filtered: QuerySet, query: ParsedQuery, buckets: int) -> list[int]:
    if _index_only(filtered, query):
        return fts_ids(query, buckets=buckets)
    if buckets >= BUCKETS:
        queryset = match(filtered, query)
    elif query:
        queryset = match(filtered, query, buckets=buckets)
    else:
        queryset = filtered.filter(InSample(buckets))
    return list(queryset.order_by().values_list("pk", flat=True))


def _buckets_for(target: int, total: int) -> int:
    """How many of the 256 buckets hold about ``target`` of ``total`` rows (at least 1)."""
    if total <= 0:
        return BUCKETS
    return max(1, min(BUCKETS, -(-target * BUCKETS // total)))
