"""``record_many`` on an import-sized batch: inserted with one prepared statement per thousand,
stored exactly as the ORM would store them (the chain verifies from the database)."""

from __future__ import annotations

import pytest
from django.db import transaction

from tatabbu.audit.models import Event
from tatabbu.audit.trail import PendingEvent, record, record_many, verify_chain
from tatabbu.core.request_context import RequestContext, bind
from tatabbu.institutions.models import Institution

pytestmark = pytest.mark.django_db


def test_a_large_batch_is_stored_in_order_and_the_chain_verifies(coordinator) -> None:
    institution = Institution.objects.order_by("pk").first()
    start = Event.objects.count()
    events = [
        PendingEvent(
            action="institution.update",
            target=institution,
            before={"name_fr": f"avant {n}"},
            after={"name_fr": f"après {n}", "parts": (1, 2)},
            extra={"row": n},
        )
        for n in range(250)
    ]
    with (
        bind(RequestContext(request_id="bulk-request", client_ip="192.0.2.7")),
        transaction.atomic(),
    ):
        returned = record_many(actor=coordinator, events=events)
        record(actor=coordinator, action="institution.update", target=institution)
    stored = list(Event.objects.filter(seq__gt=start).order_by("seq"))
    assert len(returned) == 250 and len(stored) == 251
    assert [event.hash for event in stored[:250]] == [event.hash for event in returned]
    first = stored[0]
    assert (first.actor_id, first.request_id, first.ip_address) == (
        coordinator.pk,
        "bulk-request",
        "192.0.2.7",
    )
    assert first.after == {"name_fr": "après 0", "parts": [1, 2]}
    assert first.target_label == str(institution)
    assert stored[250].prev_hash == stored[249].hash
    assert verify_chain().intact
