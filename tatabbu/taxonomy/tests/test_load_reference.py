"""load_reference: counts, idempotence, the State's ratifications, audit."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from tatabbu.audit.models import Event
from tatabbu.institutions.models import Institution
from tatabbu.mechanisms.models import Mechanism, Treaty
from tatabbu.taxonomy.models import Country, PersonGroup, SdgGoal, SdgTarget, Theme

pytestmark = pytest.mark.django_db


def test_reference_counts() -> None:
    assert SdgGoal.objects.count() == 17
    assert SdgTarget.objects.count() == 169
    per_goal = [goal.targets.count() for goal in SdgGoal.objects.order_by("number")]
    assert per_goal == [7, 8, 13, 10, 9, 8, 5, 12, 8, 10, 10, 11, 5, 10, 12, 12, 19]
    assert Theme.objects.count() == 100
    assert PersonGroup.objects.count() == 35
    assert Mechanism.objects.filter(kind="treaty_body").count() == 10
    assert Mechanism.objects.filter(kind="upr").count() == 1
    assert Mechanism.objects.filter(kind="special_procedure").count() >= 50
    assert Treaty.objects.filter(kind="core").count() == 9
    assert Institution.objects.count() >= 50
    assert Country.objects.filter(kind="member_state").count() == 193
    assert Country.objects.get(code="MAR").name_ar == "المغرب"


def test_every_record_has_its_three_languages() -> None:
    for model, field in [
        (Institution, "name"),
        (Mechanism, "name"),
        (Treaty, "name"),
        (Theme, "label"),
        (PersonGroup, "label"),
        (SdgTarget, "title"),
    ]:
        for language in ("ar", "fr", "en"):
            assert not model.objects.filter(**{f"{field}_{language}": ""}).exists(), (
                model,
                language,
            )


def test_moroccan_ratifications_from_reference() -> None:
    iccpr = Treaty.objects.get(code="ICCPR")
    assert iccpr.state_date == datetime.date(1979, 5, 3)
    assert iccpr.body.code == "CCPR"
    opcat = Treaty.objects.get(code="OPCAT")
    assert opcat.state_date == datetime.date(2014, 11, 24)
    assert opcat.body.code == "SPT" and opcat.parent.code == "CAT"
    assert Treaty.objects.get(code="OP2-ICCPR").state_status == "not_party"
    assert Treaty.objects.get(code="CRPD").state_date == datetime.date(2009, 4, 8)


def test_institutions_have_a_hierarchy_and_arabic_names() -> None:
    didh = Institution.objects.get(slug="didh")
    assert didh.parent.slug == "ministry-of-justice"
    assert didh.name_ar == "المندوبية الوزارية المكلفة بحقوق الإنسان"
    assert Institution.objects.get(slug="dgsn").parent.slug == "ministry-of-interior"


def test_second_load_changes_nothing_and_writes_no_audit() -> None:
    events = Event.objects.count()
    out = StringIO()
    call_command("load_reference", stdout=out)
    assert "created=0 updated=0" in out.getvalue()
    assert Event.objects.count() == events


def test_changed_reference_value_is_an_audited_update() -> None:
    theme = Theme.objects.get(slug="right-to-health")
    Theme.objects.filter(pk=theme.pk).update(label_fr="Droit à la santé (ancien)")
    out = StringIO()
    call_command("load_reference", stdout=out)
    assert "updated=1" in out.getvalue()
    event = Event.objects.filter(action="theme.update").latest("seq")
    assert event.before == {"label_fr": "Droit à la santé (ancien)"}
    assert event.after["label_fr"] != "Droit à la santé (ancien)"
