"""List pages and API lists run a number of queries that does not grow with their rows."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from .factories import communication

pytestmark = pytest.mark.django_db


def _count(client: Any, url: str, **params: Any) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        (lambda: reverse("engagement:communication_list"), {}),
        (lambda: reverse("engagement:calendar_list"), {"start": "2025-01-01"}),
        (lambda: reverse("engagement:calendar_month"), {"month": "2026-05"}),
        (lambda: "/api/v1/engagement/communications/", {}),
        (lambda: "/api/v1/engagement/calendar/", {"start": "2025-01-01"}),
    ],
)
def test_queries_do_not_grow_with_the_rows(
    url: Any,
    params: dict[str, Any],
    personas: dict[str, Any],
    client_for: Any,
    api_client_for: Any,
) -> None:
    address = url()
    client = (api_client_for if address.startswith("/api/") else client_for)(
        personas["coordinator"]
    )
    for number in range(2):
        communication(reference=f"{number}/2026", registered_on=datetime.date(2025, 12, 1))
    _count(client, address, **params)  # warm caches (sessions, translations)
    few = _count(client, address, **params)
    for number in range(2, 10):
        communication(reference=f"{number}/2026", registered_on=datetime.date(2025, 12, 1))
    assert _count(client, address, **params) == few
