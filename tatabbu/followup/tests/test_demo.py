"""The follow-up demo step on the real DIDH tracker: every recommendation with a known
responsible institution is assigned; focal.a and focal.b each have work in every workflow state
and do not see each other's."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from tatabbu.core.workflow import ReviewStatus
from tatabbu.followup import selectors
from tatabbu.followup.demo import load_followup_demo
from tatabbu.followup.models import Assignment, ProgressUpdate
from tatabbu.recommendations.models import Recommendation
from tatabbu.recommendations.tasks import import_file

pytestmark = pytest.mark.django_db
DATA = Path(settings.TATABBU_DATA_DIR)
TRACKER = DATA / "morocco-didh-tracker" / "recommendations_v2.csv"


@pytest.mark.skipif(not TRACKER.is_file(), reason="the shared DIDH tracker data is not here")
def test_demo_assigns_the_tracker_and_gives_each_ministry_work(personas):
    import_file(TRACKER, format="didh")
    first = load_followup_demo(DATA)
    with_institution = [
        labels
        for labels in Recommendation.objects.values_list("source_labels", flat=True)
        if labels.get("didh_responsible_institutions")
    ]
    assert first["assigned"] == len(with_institution) == Assignment.objects.count()
    assert first["assigned"] > 800
    focal_a, focal_b = personas["focal.a"], personas["focal.b"]
    for focal in (focal_a, focal_b):
        states = set(selectors.update_list(user=focal).values_list("status", flat=True))
        assert states == set(ReviewStatus.values)
        assert selectors.assigned_recommendation_list(user=focal).count() > 100
    mine = set(selectors.update_list(user=focal_a).values_list("pk", flat=True))
    theirs = set(selectors.update_list(user=focal_b).values_list("pk", flat=True))
    assert mine and theirs and not mine & theirs
    # focal.a sees exactly the tracker rows naming the Ministry of Justice (lead or not)
    justice = sum(
        1
        for labels in with_institution
        if "ministry-of-justice" in labels["didh_responsible_institutions"]
    )
    assert selectors.assigned_recommendation_list(user=focal_a).count() == justice
    # the tracker's statuses: 345 "Réalisé" rows are implemented unless a demo update speaks
    reported = set(ProgressUpdate.objects.values_list("recommendation_id", flat=True))
    done = Recommendation.objects.filter(
        source_labels__didh_status="Réalisé", natural_key__startswith="didh:"
    ).exclude(pk__in=reported)
    assert done.count() > 300
    assert set(done.values_list("implementation_status", flat=True)) == {"implemented"}
    assert first["tracker_statuses"] > 600
    updates = ProgressUpdate.objects.count()
    second = load_followup_demo(DATA)
    assert second["assigned"] == second["tracker_statuses"] == 0
    assert ProgressUpdate.objects.count() == updates
