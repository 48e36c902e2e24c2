"""PostgreSQL: the facet statement reads the many-to-many values from ``facet_values.TABLE``,
which must hold exactly what the link tables hold, on every write path."""

from __future__ import annotations

import pytest
from django.db import connection

from tatabbu.recommendations import facet_values, facets
from tatabbu.recommendations.models import Recommendation
from tatabbu.taxonomy.models import Country, PersonGroup, SdgGoal, Theme

from .conftest import DIDH, REPORT_2012, run_import
from .factories import RecommendationFactory

pytestmark = pytest.mark.django_db

ARRAYS = [array for array, _table, _column in facet_values.LINKS]


@pytest.fixture(autouse=True)
def postgresql_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the facet-value table exists on PostgreSQL only (SQLite reads link tables)")


def _from_links() -> dict[int, tuple[tuple[int, ...], ...]]:
    """Each recommendation's values read from the link tables (none: no entry)."""
    values: dict[int, list[list[int]]] = {}
    with connection.cursor() as cursor:
        for position, (_array, table, column) in enumerate(facet_values.LINKS):
            cursor.execute(f"SELECT recommendation_id, {column} FROM {table}")  # noqa: S608
            for recommendation, value in cursor.fetchall():
                values.setdefault(recommendation, [[] for _ in ARRAYS])[position].append(value)
    return {key: tuple(tuple(sorted(v)) for v in lists) for key, lists in values.items()}


def _stored() -> dict[int, tuple[tuple[int, ...], ...]]:
    """The table's rows, rows of empty arrays left out (a recommendation without links)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT recommendation_id, {', '.join(ARRAYS)} FROM {facet_values.TABLE}"  # noqa: S608
        )
        rows = cursor.fetchall()
    stored = {row[0]: tuple(tuple(sorted(values)) for values in row[1:]) for row in rows}
    return {key: value for key, value in stored.items() if any(value)}


def _reference(model, count: int = 3) -> list:
    return list(model.objects.order_by("pk")[:count])


def test_created_and_edited_links_are_in_the_table():
    themes, groups = _reference(Theme), _reference(PersonGroup)
    goals, states = _reference(SdgGoal), _reference(Country)
    first = RecommendationFactory(themes=themes[:2], groups=groups[:1], recommending_states=states)
    second = RecommendationFactory(sdg_goals=goals, themes=[themes[2]])
    RecommendationFactory()  # no link: no row
    assert _stored() == _from_links()
    assert _stored()[first.pk][0] == tuple(sorted(t.pk for t in themes[:2]))

    first.themes.add(themes[2])
    first.groups.remove(groups[0])
    second.sdg_goals.set(goals[:1])
    second.themes.clear()
    assert _stored() == _from_links()
    with connection.cursor() as cursor:  # the ORM never updates a link row; SQL may
        through = Recommendation.recommending_states.through._meta.db_table
        cursor.execute(
            f"UPDATE {through} SET country_id = %s WHERE recommendation_id = %s "  # noqa: S608
            "AND country_id = %s",
            [_reference(Country, 4)[3].pk, first.pk, states[0].pk],
        )
    assert _stored() == _from_links()


def test_a_deleted_recommendation_leaves_no_row():
    themes = _reference(Theme)
    kept = RecommendationFactory(themes=themes)
    gone = RecommendationFactory(themes=themes[:1])
    gone_pk = gone.pk
    gone.delete()
    stored = _stored()
    assert gone_pk not in stored
    assert stored == _from_links()
    assert kept.pk in stored


def test_imported_rows_are_in_the_table_and_facets_count_them():
    for path, format in ((DIDH, "didh"), (REPORT_2012, "upr-report")):
        run = run_import(path, format)
        assert run.code == 0, run.stderr
    links = _from_links()
    assert len(links) > 300  # the UPR report rows have recommending States
    assert _stored() == links
    # The facet statement over the arrays counts what the link tables count.
    ids = list(Recommendation.objects.values_list("pk", flat=True))
    with_arrays = {row for row in facets._rows(ids) if row[0] in {"theme", "recommending_state"}}
    with connection.cursor() as cursor:
        array = facets.id_array(ids)
        cursor.execute(
            "WITH ids(id) AS MATERIALIZED (SELECT unnest(CAST(%s AS bigint[]))) "
            + " UNION ALL ".join(
                branch
                for branch in facets._LINK_BRANCHES
                if branch.startswith(("SELECT 'theme'", "SELECT 'recommending_state'"))
            ),
            [array],
        )
        from_links = set(cursor.fetchall())
    assert with_arrays == from_links
    assert from_links


def test_the_table_is_emptied_with_the_recommendations():
    RecommendationFactory(themes=_reference(Theme))
    assert _stored()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as the test flush's TRUNCATE finds them
        cursor.execute("TRUNCATE recommendations_recommendation CASCADE")
    assert _stored() == {} == _from_links()
