"""The authorization matrix of every write page (POST): anonymous, the other institution, the
own focal point, the own validator, the coordinator. Refused writes change nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from tatabbu.audit.models import Event
from tatabbu.followup.models import (
    Action,
    Assignment,
    Indicator,
    IndicatorValue,
    Notification,
    ProgressUpdate,
    RecommendationStatus,
)

pytestmark = pytest.mark.django_db
PERSONAS = ["anonymous", "focal.b", "focal.a", "validator.a", "coordinator"]
LOGIN = "login"


def _state():
    return (
        list(ProgressUpdate.objects.order_by("pk").values_list("pk", "status", "version", "text")),
        list(Assignment.objects.order_by("pk").values_list("pk", "lead_institution_id", "version")),
        list(Action.objects.order_by("pk").values_list("pk", "status", "version")),
        list(RecommendationStatus.objects.order_by("pk").values_list("override_status", "version")),
        Indicator.objects.count(),
        IndicatorValue.objects.count(),
    )


def _indicator(s):
    indicator, _ = Indicator.objects.get_or_create(
        action=s.action_a, name_fr="Indicateur", defaults={"kind": "process"}
    )
    return indicator


def _url(name, **kwargs):
    with translation.override("fr"):
        return reverse(f"followup:{name}", kwargs=kwargs)


# write → (url, data, {persona: expected status}); anything not listed is refused
WRITES = {
    "assign": (
        lambda s: _url("assignment_edit", uuid=s.rec_unassigned.uuid),
        lambda s: {"lead_institution": s.institution_a.slug},
        {"coordinator": 302},
    ),
    "status": (
        lambda s: _url("status_override", uuid=s.rec_a.uuid),
        lambda s: {"status": "implemented", "reason": "Loi publiée"},
        {"coordinator": 302},
    ),
    "action": (
        lambda s: _url("action_create", uuid=s.rec_a.uuid),
        lambda s: {"description_fr": "Mesure", "status": "planned"},
        {"focal.a": 302, "coordinator": 302},
    ),
    "action-edit": (
        lambda s: _url("action_edit", uuid=s.action_a.uuid),
        lambda s: {"description_fr": "Mesure", "status": "completed", "version": 1},
        {"focal.a": 302, "coordinator": 302},
    ),
    "indicator": (
        lambda s: _url("indicator_create", uuid=s.action_a.uuid),
        lambda s: {"name_fr": "Juges formés", "kind": "process"},
        {"focal.a": 302, "coordinator": 302},
    ),
    "indicator-value": (
        lambda s: _url("indicator_value_record", uuid=_indicator(s).uuid),
        lambda s: {"date": "2026-06-30", "value": "12"},
        {"focal.a": 302, "coordinator": 302},
    ),
    "update": (
        lambda s: _url("update_create", uuid=s.rec_a.uuid),
        lambda s: {"text": "Avancement", "assessed_status": "in_progress"},
        {"focal.a": 302},
    ),
    "update-edit": (
        lambda s: _url("update_edit", uuid=s.draft_a.uuid),
        lambda s: {"text": "Modifié", "assessed_status": "in_progress", "version": 1},
        {"focal.a": 302},
    ),
    "submit": (
        lambda s: _url("update_transition", uuid=s.draft_a.uuid, step="submit"),
        lambda s: {"version": 1},
        {"focal.a": 302},
    ),
    "validate": (
        lambda s: _url("update_transition", uuid=s.submitted_a.uuid, step="validate"),
        lambda s: {"version": 2},
        {"validator.a": 302},
    ),
    "return": (
        lambda s: _url("update_transition", uuid=s.submitted_a.uuid, step="return"),
        lambda s: {"version": 2, "reason": "Incomplet"},
        {"validator.a": 302},
    ),
    "publish": (
        lambda s: _url("update_transition", uuid=s.submitted_a.uuid, step="publish"),
        lambda s: {"version": 2},
        {},  # nobody: a submitted update is not published before validation
    ),
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("write", list(WRITES))
def test_write_page_matrix(scenario, client_for, persona, write):
    s = scenario
    make_url, make_data, allowed = WRITES[write]
    target, data = make_url(s), make_data(s)
    client = client_for(None if persona == "anonymous" else s.users[persona])
    before, events, notes = _state(), Event.objects.count(), Notification.objects.count()
    response = client.post(target, data)
    if persona in allowed:
        assert response.status_code == allowed[persona], response.content[:500]
        assert _state() != before
        return
    if persona == "anonymous":
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif write == "publish" and persona == "coordinator":
        assert response.status_code == 409  # allowed role, refused step
    else:
        assert response.status_code in {403, 404}, (persona, response.status_code)
    if persona == "focal.b" and write not in {"assign", "status"}:
        assert response.status_code == 404  # ministry A's objects do not exist for B
    assert _state() == before
    assert Event.objects.count() == events
    assert Notification.objects.count() == notes
