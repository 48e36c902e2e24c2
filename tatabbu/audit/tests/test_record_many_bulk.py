"""``record_many`` on an import-sized batch: inserted with multi-row statements, stored exactly
as the ORM would store them (the chain verifies from the database)."""

from __future__ import annotations

import datetime
import decimal

import pytest
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy

from tatabbu.audit.models import Event
from tatabbu.audit.trail import (
    _BULK_EVENTS,
    PendingEvent,
    event_hash,
    record,
    record_bulk,
    record_many,
    verify_chain,
)
from tatabbu.core.request_context import RequestContext, bind
from tatabbu.institutions.models import Institution

pytestmark = pytest.mark.django_db


class _Code(str):
    __slots__ = ()


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


def test_the_bulk_path_stores_and_hashes_converted_values_as_the_orm_path_does(coordinator) -> None:
    """Dates, decimals, lazy strings, integer keys and tuples are converted by the JSON encoder:
    the bulk path (assembling the hashed text itself) and the ORM path (hashing the event read
    back) must store the same values, and the chain must verify from the database."""
    institution = Institution.objects.order_by("pk").first()
    payload = {
        "date": datetime.date(2026, 11, 29),
        "amount": decimal.Decimal("12.50"),
        "label": gettext_lazy("Recommendation imported"),
        "counts": {10: "ten", 9: "nine"},
        "nested": [{"b": 2, "a": (1, None, True, 1.5)}],
        "text": "توصية « é »",
        "code": _Code("supported"),  # a str subclass (like a choices member): the slow path
    }
    events = [
        PendingEvent(action="institution.update", target=institution, after=payload, extra={"n": n})
        for n in range(_BULK_EVENTS + 1)
    ]
    start = Event.objects.count()
    with (
        translation.override("en"),  # the lazy label is stored in the active language
        bind(RequestContext(request_id="bulk", client_ip="2001:DB8::1")),
        transaction.atomic(),
    ):
        record_many(actor=coordinator, events=events[:1])  # the ORM path
        assert record_bulk(actor=coordinator, events=events) == _BULK_EVENTS + 1
    stored = list(Event.objects.filter(seq__gt=start).order_by("seq"))
    assert len(stored) == _BULK_EVENTS + 2
    orm, bulk = stored[0], stored[1]
    assert (
        bulk.after
        == orm.after
        == {
            "date": "2026-11-29",
            "amount": "12.50",
            "label": "Recommendation imported",
            "counts": {"10": "ten", "9": "nine"},
            "nested": [{"a": [1, None, True, 1.5], "b": 2}],
            "text": "توصية « é »",
            "code": "supported",
        }
    )
    assert bulk.ip_address == "2001:db8::1"
    assert [event.hash for event in stored] == [event_hash(event) for event in stored]
    assert verify_chain().intact


def test_an_appender_chains_several_calls_reading_the_head_once(coordinator) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tatabbu.audit.trail import BulkAppender

    institution = Institution.objects.order_by("pk").first()
    start = Event.objects.count()

    def batch(label: str) -> list[PendingEvent]:
        return [
            PendingEvent(
                action="institution.update", target=institution, after={"n": f"{label}{n}"}
            )
            for n in range(150)
        ]

    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        appender = BulkAppender(actor=coordinator)
        appender.append(batch("a"))
        appender.append(batch("b"))
        appender.append([])
    reads = [q for q in queries.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
    assert len(reads) <= 2  # the chain's head (and on PostgreSQL its lock), once
    stored = list(Event.objects.filter(seq__gt=start).order_by("seq"))
    assert [event.after["n"] for event in stored] == [f"a{n}" for n in range(150)] + [
        f"b{n}" for n in range(150)
    ]
    assert verify_chain().intact


def test_an_append_between_two_appender_calls_is_refused(coordinator) -> None:
    from django.db import IntegrityError

    from tatabbu.audit.trail import BulkAppender

    institution = Institution.objects.order_by("pk").first()
    events = [PendingEvent(action="institution.update", target=institution) for _ in range(3)]
    with pytest.raises(IntegrityError), transaction.atomic():
        appender = BulkAppender(actor=coordinator)
        appender.append(events)
        record(actor=coordinator, action="institution.update", target=institution)
        appender.append(events)  # would repeat the seq ``record`` took: no fork of the chain
