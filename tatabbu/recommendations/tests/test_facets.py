"""Facet counts equal the number of rows the list shows with that value added to the filters,
for every value of every facet."""

from __future__ import annotations

import datetime
import itertools

import pytest

from tatabbu.mechanisms.models import Mechanism
from tatabbu.recommendations.models import RecurrenceLink
from tatabbu.recommendations.selectors import recommendation_list, recommendation_search
from tatabbu.taxonomy.models import Country, PersonGroup, SdgGoal, Theme

from .factories import ClusterFactory, RecommendationFactory, SourceDocumentFactory, country

SINGLE_VALUED = ("kind", "body", "state", "cycle", "session", "position", "status")


@pytest.fixture
def varied(db):
    """36 recommendations spread over every facet, with texts that search can tell apart."""
    mechanisms = [Mechanism.objects.get(code=code) for code in ("UPR", "CAT", "CRC", "SR-TORTURE")]
    states = [country("MAR"), country("TUN")]
    themes = list(Theme.objects.order_by("pk")[:4])
    groups = list(PersonGroup.objects.order_by("pk")[:3])
    goals = list(SdgGoal.objects.order_by("number")[:3])
    recommending = list(Country.objects.exclude(code__in=["MAR", "TUN"]).order_by("pk")[:5])
    clusters = [ClusterFactory(), ClusterFactory()]
    documents = [
        SourceDocumentFactory(
            mechanism=mechanisms[i % 4],
            state=states[i % 2],
            cycle=(i % 3) + 1 if mechanisms[i % 4].code == "UPR" else None,
            session=str(20 + i),
            date=datetime.date(2008 + 3 * i, 5, 1),
        )
        for i in range(6)
    ]
    positions = itertools.cycle(["supported", "noted", "supported", "pending", ""])
    statuses = itertools.cycle(["not_started", "in_progress", "implemented"])
    words = itertools.cycle(["torture prisons", "femmes éducation", "التعذيب السجون"])
    rows = []
    for i in range(36):
        row = RecommendationFactory(
            document=documents[i % 6],
            position=next(positions),
            implementation_status=next(statuses),
            text_fr=f"Recommandation {next(words)} {i}",
            cluster=clusters[i % 3] if i % 3 < 2 else None,
            recommending_states=recommending[i % 5 : i % 5 + 1 + i % 2],
            themes=themes[i % 4 : i % 4 + 1 + i % 3],
            groups=groups[: i % 3],
            sdg_goals=goals[i % 2 : i % 2 + i % 3],
        )
        rows.append(row)
    for later, earlier in ((rows[30], rows[0]), (rows[31], rows[1]), (rows[31], rows[2])):
        RecurrenceLink.objects.create(recommendation=later, earlier=earlier, score=0.8, method="t")
    return rows


BASES = [
    {},
    {"q": "torture"},
    {"q": "التعذيب"},
    {"body": "UPR"},
    {"state": "MAR", "position": "supported"},
]


@pytest.mark.django_db
@pytest.mark.parametrize("base", BASES, ids=lambda base: "&".join(base) or "all")
def test_every_facet_count_equals_the_filtered_count(varied, coordinator, base):
    result = recommendation_search(user=coordinator, filters=base)
    total = recommendation_list(user=coordinator, filters={**base, "sort": "newest"}).count()
    assert result.page.total == total
    assert not result.estimated
    checked = 0
    for facet in result.facets:
        for value in facet.values:
            filters = {**base, facet.name: value.key, "sort": "newest"}
            expected = recommendation_list(user=coordinator, filters=filters).count()
            assert value.count == expected, f"{facet.name}={value.key}"
            checked += 1
        if facet.name in SINGLE_VALUED and facet.values and facet.name not in base:
            counted = sum(value.count for value in facet.values)
            blank = recommendation_list(user=coordinator, filters={**base, "sort": "newest"})
            if facet.name == "position":
                blank = blank.exclude(position="")
            if facet.name in {"cycle", "session"}:
                blank = blank.exclude(**{f"{facet.name}__isnull": True}).exclude(
                    **{facet.name: ""} if facet.name == "session" else {}
                )
            assert counted == blank.count(), facet.name
    assert checked > 20


@pytest.mark.django_db
def test_facets_cover_every_dimension(varied, coordinator):
    result = recommendation_search(user=coordinator, filters={})
    names = {facet.name for facet in result.facets if facet.values}
    assert names == {
        "kind",
        "body",
        "state",
        "cycle",
        "session",
        "position",
        "theme",
        "group",
        "sdg",
        "recommending_state",
        "cluster",
        "status",
        "recurring",
    }
    recurring = next(facet for facet in result.facets if facet.name == "recurring")
    assert [(value.key, value.count) for value in recurring.values] == [("true", 2)]


@pytest.mark.django_db
def test_institution_facet_is_hidden_until_assignments_provide_it(varied, coordinator):
    result = recommendation_search(user=coordinator, filters={})
    institution = next(facet for facet in result.facets if facet.name == "institution")
    assert institution.values == []


@pytest.mark.django_db
def test_selected_values_are_marked_and_kept_even_without_matches(varied, coordinator):
    result = recommendation_search(user=coordinator, filters={"q": "torture", "body": "CRC"})
    body = next(facet for facet in result.facets if facet.name == "body")
    assert [(value.key, value.selected) for value in body.values if value.selected] == [
        ("CRC", True)
    ]


@pytest.mark.django_db
def test_values_within_a_facet_are_or_and_facets_are_and(varied, coordinator):
    either = recommendation_list(user=coordinator, filters={"body": ["CAT", "CRC"]}).count()
    cat = recommendation_list(user=coordinator, filters={"body": "CAT"}).count()
    crc = recommendation_list(user=coordinator, filters={"body": "CRC"}).count()
    assert either == cat + crc
    both = recommendation_list(user=coordinator, filters={"body": "CAT", "state": "TUN"})
    assert set(both.values_list("mechanism__code", "state__code")) <= {("CAT", "TUN")}
