"""Calendar pages and the iCalendar feed."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tatabbu.engagement.models import CalendarFeed, ReportingCycle

from .factories import MINISTRY_B, communication

pytestmark = pytest.mark.django_db


def test_month_view_shows_the_month_s_deadlines(personas: dict[str, Any], client_for: Any) -> None:
    response = client_for(personas["focal.a"]).get(
        reverse("engagement:calendar_month"), {"month": "2025-05"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "UPR 4" in page  # mid-term report due 8 May 2025 (estimated)


def test_bad_month_is_a_clear_400(personas: dict[str, Any], client_for: Any) -> None:
    response = client_for(personas["coordinator"]).get(
        reverse("engagement:calendar_month"), {"month": "2026-13"}
    )
    assert response.status_code == 400
    assert "YYYY-MM" in response.content.decode()


def test_list_view_filters_by_body_kind_and_official_dates(
    personas: dict[str, Any], client_for: Any
) -> None:
    client = client_for(personas["coordinator"])
    url = reverse("engagement:calendar_list")
    response = client.get(url, {"start": "2016-01-01", "end": "2017-12-31", "body": "CCPR"})
    rows = list(response.context["entries"])
    assert {e.body for e in rows} == {"CCPR"}
    assert [(e.date.isoformat(), e.kind) for e in rows] == [
        ("2016-10-24", "dialogue"),
        ("2016-12-01", "concluding_observations"),
        ("2017-11-02", "follow_up_due"),
    ]
    official = client.get(
        url,
        {"start": "2016-01-01", "end": "2017-12-31", "body": "CCPR", "official_only": "on"},
    ).context["entries"]
    assert [e.kind for e in official] == ["dialogue", "concluding_observations"]
    only_due = client.get(
        url, {"start": "2020-01-01", "end": "2021-12-31", "kind": "report_due"}
    ).context["entries"]
    assert [(e.body, e.date.isoformat()) for e in only_due] == [
        ("CESCR", "2020-10-08"),
        ("CRPD", "2021-08-28"),
    ]
    reversed_range = client.get(url, {"start": "2026-02-01", "end": "2026-01-01"})
    assert reversed_range.status_code == 400


def test_feed_is_per_user_and_tokenised(personas: dict[str, Any], client_for: Any) -> None:
    communication(reference="777/2025")
    client = client_for(personas["focal.b"])
    assert client.post(reverse("engagement:calendar_feed_reset")).status_code == 302
    token = CalendarFeed.objects.get(user=personas["focal.b"]).token
    anonymous = client_for(None)
    feed = anonymous.get(reverse("engagement:calendar_feed", kwargs={"token": token}))
    assert feed.status_code == 200
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    text = feed.content.decode().replace("\r\n ", "")  # unfolded
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert "UPR 5" in text  # review estimated for November 2027
    assert "777/2025" not in text  # ministry A's communication: not in ministry B's feed
    communication(reference="888/2025", ministry=MINISTRY_B)
    text = anonymous.get(reverse("engagement:calendar_feed", kwargs={"token": token})).content
    assert b"888/2025" in text.replace(b"\r\n ", b"")
    client.post(reverse("engagement:calendar_feed_reset"))
    old = anonymous.get(reverse("engagement:calendar_feed", kwargs={"token": token}))
    assert old.status_code == 404


def test_coordinator_records_an_official_due_date(
    personas: dict[str, Any], client_for: Any
) -> None:
    cycle = ReportingCycle.objects.get(key="cescr-5")
    url = reverse("engagement:cycle_edit", kwargs={"uuid": cycle.uuid})
    client = client_for(personas["coordinator"])
    form = client.get(url).context["form"]
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data.update(due_date="2021-10-31", institutions=[], version=cycle.version)
    data = {key: value for key, value in data.items() if value is not False}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    cycle.refresh_from_db()
    assert cycle.due_date.isoformat() == "2021-10-31"
    assert client.post(url, data).status_code == 409  # the same version again is stale
    assert client_for(personas["focal.a"]).get(url).status_code == 403


def test_month_view_names_the_days_in_the_page_language(
    personas: dict[str, Any], client_for: Any
) -> None:
    from django.utils import translation

    client = client_for(personas["coordinator"])
    for language, monday in (("ar", "إثنين"), ("fr", "lun"), ("en", "Mon")):
        with translation.override(language):
            url = reverse("engagement:calendar_month")
        page = client.get(url, {"month": "2026-06"}).content.decode()
        assert f'<th scope="col">{monday}</th>' in page, language
