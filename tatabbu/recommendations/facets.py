"""Facet counts of a filtered recommendation list, by SQL aggregation.

One query whatever the number of facets: a UNION ALL of one GROUP BY per facet, over the rows
whose ids are those of a :class:`~.search.MatchSet` — every filtered row, or a uniform sample
whose counts are scaled and flagged as estimates. It is written in SQL rather than built with
the ORM because it runs on every search and compiling the equivalent 13-branch ORM union cost
more than running it; it is constant text with the ids as its only parameter.

Counts are conjunctive: a value's count is the number of rows the list would show if that value
were added to the current filters.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.utils import numberformat
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from tatabbu.core.models import language_order
from tatabbu.mechanisms.choices import MechanismKind

from . import facet_values
from .choices import ImplementationStatus, Position
from .search import MatchSet, id_array

SHOWN_VALUES = 8
LISTED_VALUES = 30  # values beyond these are reached by searching or from the detail pages


@dataclass
class FacetValue:
    key: str
    label: str
    count: int
    selected: bool = False
    count_text: str = ""  # the count as shown (grouped digits, "≈" when estimated)
    input_id: str = ""


@dataclass
class Facet:
    name: str
    label: str
    values: list[FacetValue] = field(default_factory=list)
    estimated: bool = False

    @property
    def shown(self) -> list[FacetValue]:
        return self.values[:SHOWN_VALUES]

    @property
    def more(self) -> list[FacetValue]:
        hidden = self.values[SHOWN_VALUES:LISTED_VALUES]
        return hidden + [value for value in self.values[LISTED_VALUES:] if value.selected]

    @property
    def selected_values(self) -> list[FacetValue]:
        return [value for value in self.values if value.selected]


FACET_LABELS: dict[str, Any] = {
    "kind": _("Mechanism"),
    "body": _("Body or mandate"),
    "state": _("State under review"),
    "cycle": pgettext_lazy("facet", "UPR cycle"),
    "session": _("Session"),
    "position": _("Position of the State"),
    "theme": _("Theme"),
    "group": _("Group of persons"),
    "sdg": _("Sustainable Development Goal"),
    "recommending_state": _("Recommending State"),
    "cluster": _("Cluster"),
    "institution": _("Institution"),
    "status": _("Implementation status"),
    "recurring": _("Recurrence"),
}

# Extra facets another app provides (the assignments issue: "institution"), as SQL branches of
# the one facet statement: a SELECT over the ``ids`` rows (the sampled or complete id list,
# column ``id``) returning rows ('<name>', key, label_ar, label_fr, label_en, count), in SQL
# both engines run. Constant text: no value is formatted into it.
EXTRA_FACETS: dict[str, str] = {}

# The ids, one parameter: a JSON array on SQLite, an array on PostgreSQL. ``rec.id`` is tested
# against the parameter itself (not joined to the ``ids`` rows) so that PostgreSQL reads the
# rows through the primary key instead of hashing the whole table.
_IDS = {
    "sqlite": "SELECT value FROM json_each(%s)",
    "postgresql": "SELECT unnest(CAST(%s AS bigint[]))",
}
_IS_ONE_OF_IDS = {
    "sqlite": "rec.id IN (SELECT id FROM ids)",
    "postgresql": "rec.id = ANY(CAST(%s AS bigint[]))",
}
# The many-to-many facets: (facet, link table, its value column, the array column of
# ``facet_values.TABLE`` that PostgreSQL reads instead, related table, key, label column).
_MANY_TO_MANY = [
    (facet, table, column, array, related, key, label)
    for (facet, related, key, label), (array, table, column) in zip(
        [
            ("theme", "taxonomy_theme", "t.slug", "label"),
            ("group", "taxonomy_persongroup", "t.slug", "label"),
            ("sdg", "taxonomy_sdggoal", "CAST(t.number AS varchar(10))", "short"),
            ("recommending_state", "taxonomy_country", "t.code", "name"),
        ],
        facet_values.LINKS,
        strict=True,
    )
]
# PostgreSQL: the same counts from the arrays of ``facet_values.TABLE`` (one row per id, read
# once as ``f``), where the link tables cost four index probes per id.
_ARRAY_BRANCHES = [
    f"SELECT '{facet}', {key}, t.{label}_ar, t.{label}_fr, t.{label}_en, g.n FROM "  # noqa: S608
    f"(SELECT k, count(*) AS n FROM f, unnest(f.{array}) AS k GROUP BY k) g "
    f"JOIN {related} t ON t.id = g.k"
    for facet, _table, _column, array, related, key, label in _MANY_TO_MANY
]
_ROWS = (
    "SELECT rec.id, rec.mechanism_id, rec.state_id, rec.cycle, rec.session, rec.position, "
    "rec.implementation_status, rec.cluster_id FROM recommendations_recommendation rec"
)
# One branch per facet: (facet, key, label_ar, label_fr, label_en, count). Single-valued facets
# are counted over ``r`` (the rows, read once), many-to-many ones over the link tables (SQLite,
# ``_LINK_BRANCHES``) or their arrays (PostgreSQL, ``_ARRAY_BRANCHES``); labels are joined after
# counting, once per value.
_BRANCHES = [
    "SELECT 'body', m.code, m.name_ar, m.name_fr, m.name_en, g.n FROM "
    "(SELECT mechanism_id AS k, count(*) AS n FROM r GROUP BY mechanism_id) g "
    "JOIN mechanisms_mechanism m ON m.id = g.k",
    "SELECT 'kind', m.kind, '', '', '', sum(g.n) FROM "
    "(SELECT mechanism_id AS k, count(*) AS n FROM r GROUP BY mechanism_id) g "
    "JOIN mechanisms_mechanism m ON m.id = g.k GROUP BY m.kind",
    "SELECT 'state', c.code, c.name_ar, c.name_fr, c.name_en, g.n FROM "
    "(SELECT state_id AS k, count(*) AS n FROM r GROUP BY state_id) g "
    "JOIN taxonomy_country c ON c.id = g.k",
    "SELECT 'cycle', CAST(cycle AS varchar(10)), '', '', '', count(*) FROM r "
    "WHERE cycle IS NOT NULL GROUP BY cycle",
    "SELECT 'session', session, '', '', '', count(*) FROM r WHERE session <> '' GROUP BY session",
    "SELECT 'position', position, '', '', '', count(*) FROM r "
    "WHERE position <> '' GROUP BY position",
    "SELECT 'status', implementation_status, '', '', '', count(*) FROM r "
    "GROUP BY implementation_status",
    "SELECT 'cluster', CAST(c.uuid AS varchar(36)), c.name_ar, c.name_fr, c.name_en, g.n FROM "
    "(SELECT cluster_id AS k, count(*) AS n FROM r WHERE cluster_id IS NOT NULL "
    "GROUP BY cluster_id) g JOIN recommendations_cluster c ON c.id = g.k",
    "SELECT 'recurring', 'true', '', '', '', count(*) FROM ids WHERE EXISTS "
    "(SELECT 1 FROM recommendations_recurrencelink l WHERE l.recommendation_id = ids.id) "
    "HAVING count(*) > 0",
]
# SQLite: the many-to-many facets from each link table, joined to the ids.
_LINK_BRANCHES = [
    f"SELECT '{facet}', {key}, t.{label}_ar, t.{label}_fr, t.{label}_en, g.n FROM "  # noqa: S608
    f"(SELECT x.{column} AS k, count(*) AS n FROM {table} x "
    f"JOIN ids ON x.recommendation_id = ids.id GROUP BY x.{column}) g "
    f"JOIN {related} t ON t.id = g.k"
    for facet, table, column, _array, related, key, label in _MANY_TO_MANY
]


def _facet_sql(vendor: str) -> str:
    """The facet query: constant SQL (no value is formatted into it; the ids are its one
    parameter, given once per use on PostgreSQL)."""
    if vendor == "postgresql":
        arrays = ", ".join(array for _f, _t, _c, array, _r, _k, _l in _MANY_TO_MANY)
        return (
            f"WITH ids(id) AS MATERIALIZED ({_IDS[vendor]}), "  # noqa: S608 (constants only)
            f"r AS MATERIALIZED ({_ROWS} WHERE {_IS_ONE_OF_IDS[vendor]}), "
            f"f AS MATERIALIZED (SELECT {arrays} FROM {facet_values.TABLE} "
            "WHERE recommendation_id = ANY(CAST(%s AS bigint[]))) "
            + " UNION ALL ".join([*_BRANCHES, *_ARRAY_BRANCHES, *EXTRA_FACETS.values()])
        )
    return (
        f"WITH ids(id) AS MATERIALIZED ({_IDS[vendor]}), "
        f"r AS MATERIALIZED ({_ROWS} WHERE {_IS_ONE_OF_IDS[vendor]}) "
        + " UNION ALL ".join([*_BRANCHES, *_LINK_BRANCHES, *EXTRA_FACETS.values()])
    )


def _rows(ids: list[int]) -> list[tuple[str, str, str, str, str, int]]:
    """(facet, key, label_ar, label_fr, label_en, count) of every facet over the rows ``ids``."""
    if connection.vendor == "postgresql":
        array = id_array(ids)
        parameters: list[Any] = [array, array, array]
    else:
        parameters = [json.dumps(ids)]
    with connection.cursor() as cursor:
        cursor.execute(_facet_sql(connection.vendor), parameters)
        return cursor.fetchall()


LABEL_LANGUAGES = ("ar", "fr", "en")  # the order of the label columns of the facet rows


class _Labels:
    """Three-language labels read from a row (``LABEL_LANGUAGES`` order), shown in the first
    language of ``positions`` (indexes into the row) that has one."""

    def __init__(self, values: Sequence[str], positions: Sequence[int]) -> None:
        self.text = ""
        for position in positions:
            if values[position]:
                self.text = values[position]
                break


def facet_counts(matches: MatchSet, selected: dict[str, list[str]]) -> list[Facet]:
    """Every facet of the rows in ``matches``, values by decreasing count (choices and cycles in
    their natural order), the ``selected`` ones marked."""
    counters: dict[str, dict[str, list[Any]]] = defaultdict(dict)

    def add(facet: str, key: Any, label: Any, count: int) -> None:
        if key in (None, ""):
            return
        key = str(key)
        entry = counters[facet].setdefault(key, [label, 0])
        entry[1] += count

    if matches.ids:
        positions = [LABEL_LANGUAGES.index(code) for code in language_order()]
        choice_labels = {
            "kind": dict(MechanismKind.choices),
            "position": dict(Position.choices),
            "status": dict(ImplementationStatus.choices),
            "recurring": {"true": pgettext_lazy("facet", "Recurring")},
        }
        for facet, key, label_ar, label_fr, label_en, count in _rows(matches.ids):
            if facet in choice_labels:
                label: Any = choice_labels[facet].get(key)
            else:
                label = _Labels((label_ar, label_fr, label_en), positions)
            add(facet, key, label, int(count))

    facets = []
    format_count = _count_formatter()
    for name, label in FACET_LABELS.items():
        values = [
            FacetValue(
                key=key,
                label=_label_text(entry[0], key, name),
                count=round(entry[1] * matches.scale),
                selected=key in selected.get(name, []),
            )
            for key, entry in counters.get(name, {}).items()
        ]
        for key in selected.get(name, []):
            if key not in counters.get(name, {}):
                values.append(FacetValue(key=key, label=key, count=0, selected=True))
        values.sort(key=_sort_key(name))
        prefix = "≈" if matches.is_sample else ""
        for number, value in enumerate(values):
            value.input_id = f"facet-{name}-{number}"
            if number < LISTED_VALUES or value.selected:  # the others are never shown
                value.count_text = prefix + format_count(value.count)
        facets.append(Facet(name=name, label=label, values=values, estimated=matches.is_sample))
    return facets


def _count_formatter() -> Callable[[int], str]:
    """``number_format(count, force_grouping=True)`` with the active language's format read
    once (not three look-ups per value: a search shows several hundred values)."""
    separator = get_format("THOUSAND_SEPARATOR")
    grouping = get_format("NUMBER_GROUPING")
    decimal = get_format("DECIMAL_SEPARATOR")
    return lambda count: numberformat.format(
        count,
        decimal,
        grouping=grouping,
        thousand_sep=separator,
        force_grouping=True,
        use_l10n=True,
    )


def _label_text(label: Any, key: str, name: str) -> str:
    if name == "cycle":
        return str(_("Cycle %(number)s") % {"number": key})
    if isinstance(label, _Labels):
        if name == "sdg":
            return f"{key}. {label.text}"
        return label.text or key
    return str(label) if label not in (None, "") else key


def _sort_key(name: str) -> Callable[[FacetValue], Any]:
    if name in {"cycle", "session"}:
        return lambda value: (_natural(value.key), value.key)
    orders = {
        "kind": [kind.value for kind in MechanismKind],
        "position": [position.value for position in Position],
        "status": [status.value for status in ImplementationStatus],
    }
    if name in orders:
        order = orders[name]
        return lambda value: order.index(value.key) if value.key in order else len(order)
    return lambda value: (-value.count, value.label)


def _natural(key: str) -> int:
    return int(key) if key.isdigit() else 10**9
