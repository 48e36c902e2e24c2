"""``load_demo`` imports Morocco's real recommendations through the pipeline, idempotently."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tatabbu.recommendations.models import Recommendation

pytestmark = pytest.mark.django_db


def test_load_demo_imports_morocco_and_a_second_run_changes_nothing() -> None:
    first = io.StringIO()
    call_command("load_demo", stdout=first)
    lines = [line for line in first.getvalue().splitlines() if line.startswith("recommendations:")]
    assert lines == [
        "recommendations: DIDH tracker (treaty bodies, special procedures, UPR cycle 3): "
        "created=942 updated=0 unchanged=0 rejected=0",
        "recommendations: UPR cycle 1 (A/HRC/8/22): created=11 updated=0 unchanged=0 rejected=0",
        "recommendations: UPR cycle 2 (A/HRC/21/3): created=148 updated=0 unchanged=0 rejected=0",
    ]
    assert set(Recommendation.objects.values_list("state__code", flat=True)) == {"MAR"}
    second = io.StringIO()
    call_command("load_demo", stdout=second)
    again = [line for line in second.getvalue().splitlines() if line.startswith("recommendations:")]
    assert len(again) == 3
    assert all("created=0 updated=0" in line for line in again)
