"""Recurrence on Morocco's real recommendations: cycle 3 (A/HRC/36/6, French and Arabic, from the
DIDH tracker) against cycle 2 (A/HRC/21/3, English, UPR Info), cycle 2 against cycle 1."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from tatabbu.audit.models import Event
from tatabbu.recommendations.models import RecurrenceLink
from tatabbu.recommendations.selectors import recommendation_list
from tatabbu.recommendations.services.recurrence import (
    METHOD_CROSS,
    METHOD_SAME,
    recurrence_link_new,
)

from .factories import RecommendationFactory, country
from .realdata import didh_rows, insert_didh, insert_upr_info, upr_info_rows


def by_text(rows, field: str, start: str):
    return next(row for row in rows if getattr(row, field).startswith(start))


@pytest.fixture
def morocco(db):
    cycle_three = insert_didh([row for row in didh_rows() if row["mechanism"] == "UPR"])
    cycle_two = insert_upr_info([row for row in upr_info_rows() if row["cycle"] == "2"])
    cycle_one = insert_upr_info(
        [row for row in upr_info_rows() if row["cycle"] == "1"],
        symbol="A/HRC/8/22",
        cycle=1,
        session="1",
        date=datetime.date(2008, 5, 22),
    )
    return {1: cycle_one, 2: cycle_two, 3: cycle_three}


def links_of(recommendation) -> dict[int, tuple[float, str]]:
    return {
        link.earlier_id: (link.score, link.method)
        for link in RecurrenceLink.objects.filter(recommendation=recommendation)
    }


@pytest.mark.django_db
def test_cycle_three_french_recommendation_is_linked_to_its_cycle_two_counterpart(
    morocco, coordinator
):
    summary = recurrence_link_new(
        actor=coordinator, recommendation_ids=[row.pk for row in morocco[3]]
    )
    assert summary.examined == len(morocco[3])
    assert summary.links_created > 0
    cedaw_three = by_text(
        morocco[3], "text_fr", "Signer et ratifier le Protocole facultatif à la Convention sur l"
    )
    cedaw_two = by_text(
        morocco[2], "text_en", "Ratify the Optional Protocol to the Convention on the Elimination"
    )
    links = links_of(cedaw_three)
    assert cedaw_two.pk in links
    score, method = links[cedaw_two.pk]
    assert method == METHOD_CROSS
    assert score == max(score for score, _ in links.values())
    rome_three = by_text(morocco[3], "text_fr", "mettre la législation nationale en conformité")
    rome_two = by_text(morocco[2], "text_en", "Consider ratifying the Rome Statute")
    assert rome_two.pk in links_of(rome_three)


@pytest.mark.django_db
def test_cycle_two_recommendation_is_linked_to_its_cycle_one_wording(morocco, coordinator):
    recurrence_link_new(actor=coordinator, recommendation_ids=[row.pk for row in morocco[2]])
    invitation_two = by_text(
        morocco[2], "text_en", "Consider extending a standing invitation to all special"
    )
    invitation_one = by_text(
        morocco[1], "text_en", "Consider extending a standing invitation to special procedures"
    )
    score, method = links_of(invitation_two)[invitation_one.pk]
    assert method == METHOD_SAME
    assert score > 0.7


@pytest.mark.django_db
def test_links_point_from_later_to_earlier_whatever_the_import_order(morocco, coordinator):
    # The older cycle arrives last: its recommendations become the "earlier" side.
    recurrence_link_new(actor=coordinator, recommendation_ids=[row.pk for row in morocco[1]])
    invitation_two = by_text(
        morocco[2], "text_en", "Consider extending a standing invitation to all special"
    )
    invitation_one = by_text(
        morocco[1], "text_en", "Consider extending a standing invitation to special procedures"
    )
    assert invitation_one.pk in links_of(invitation_two)
    assert not RecurrenceLink.objects.filter(recommendation__in=morocco[1]).exists()


@pytest.mark.django_db
def test_only_earlier_recommendations_of_the_same_state_and_other_documents(db, coordinator):
    from .factories import SourceDocumentFactory

    text = "Ratify the International Convention for the Protection of All Persons from Enforced"
    older = SourceDocumentFactory(date=datetime.date(2012, 1, 1))
    newer = SourceDocumentFactory(date=datetime.date(2017, 1, 1))
    elsewhere = SourceDocumentFactory(date=datetime.date(2010, 1, 1), state=country("TUN"))
    earlier = RecommendationFactory(document=older, text_en=text, text_fr="")
    same_document = RecommendationFactory(document=newer, text_en=text + " Disappearance")
    other_state = RecommendationFactory(document=elsewhere, text_en=text, text_fr="")
    new = RecommendationFactory(document=newer, text_en=text, text_fr="")
    recurrence_link_new(actor=coordinator, recommendation_ids=[new.pk])
    assert set(links_of(new)) == {earlier.pk}
    assert not RecurrenceLink.objects.filter(earlier__in=[same_document, other_state]).exists()


@pytest.mark.django_db
def test_running_again_creates_nothing_new_and_every_link_is_audited(morocco, coordinator):
    ids = [row.pk for row in morocco[3]]
    first = recurrence_link_new(actor=coordinator, recommendation_ids=ids)
    second = recurrence_link_new(actor=coordinator, recommendation_ids=ids)
    assert second.links_created == 0
    events = Event.objects.filter(action="recommendation.recurrence_link")
    assert events.count() == first.links_created == RecurrenceLink.objects.count()
    event = events.first()
    assert set(event.after) == {"earlier", "score", "method"}


@pytest.mark.django_db
def test_recurring_filter_and_detail_page_show_the_links(morocco, coordinator, client_for):
    recurrence_link_new(actor=coordinator, recommendation_ids=[row.pk for row in morocco[3]])
    recurring = recommendation_list(user=coordinator, filters={"recurring": "true"})
    assert set(recurring.values_list("pk", flat=True)) == set(
        RecurrenceLink.objects.values_list("recommendation_id", flat=True)
    )
    cedaw_three = by_text(
        morocco[3], "text_fr", "Signer et ratifier le Protocole facultatif à la Convention sur l"
    )
    with translation.override("fr"):
        url = reverse("recommendations:recommendation_detail", kwargs={"uuid": cedaw_three.uuid})
    html = client_for(coordinator).get(url).content.decode()
    assert "A/HRC/21/3" in html
    assert "<meter" in html
