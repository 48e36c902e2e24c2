"""Deadline reminders: who gets them, at which stages, and never twice."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from tatabbu.audit.models import Event as AuditEvent
from tatabbu.engagement import services
from tatabbu.engagement.models import Reminder
from tatabbu.engagement.reminders import stage

from .factories import MINISTRY_A, communication, institution, state_report

pytestmark = pytest.mark.django_db
D = datetime.date


def test_stages() -> None:
    due = D(2026, 5, 3)
    assert stage(due, D(2026, 4, 18)) is None  # 15 days ahead
    assert stage(due, D(2026, 4, 19)) == "14"
    assert stage(due, D(2026, 4, 25)) == "14"
    assert stage(due, D(2026, 4, 26)) == "7"
    assert stage(due, D(2026, 5, 2)) == "1"
    assert stage(due, D(2026, 5, 3)) == "0"
    assert stage(due, D(2026, 5, 4)) == "overdue"


def _send(day: datetime.date) -> dict[str, int]:
    with_commit = services.engagement_reminders_send(actor=None, today=day, base_url="https://t")
    return dict(with_commit)


def test_communication_deadline_reminds_its_institution_once_per_stage(
    personas: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    communication(registered_on=D(2025, 11, 3))  # observations due 3 May 2026
    members = sorted(
        user.email for user in (personas["focal.a"], personas["validator.a"]) if user.email
    )
    assert members, "the personas of ministry A have e-mail addresses"
    with django_capture_on_commit_callbacks(execute=True):
        assert _send(D(2026, 4, 19)) == {"sent": len(members)}
    assert sorted(message.to[0] for message in mail.outbox) == members
    assert "https://t/" in mail.outbox[0].body
    assert personas["focal.b"].email not in {message.to[0] for message in mail.outbox}
    with django_capture_on_commit_callbacks(execute=True):
        assert _send(D(2026, 4, 19)) == {"already_sent": len(members)}
        assert _send(D(2026, 4, 20)) == {"already_sent": len(members)}
        assert _send(D(2026, 4, 26)) == {"sent": len(members)}
        assert _send(D(2026, 5, 4)) == {"sent": len(members)}
    assert len(mail.outbox) == 3 * len(members)
    assert Reminder.objects.count() == 3 * len(members)
    assert AuditEvent.objects.filter(action="reminder.send").count() == 3 * len(members)


def test_submitted_contributions_are_not_reminded(
    personas: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    section = state_report().sections.get()
    (item,) = services.contribution_request_create(
        actor=personas["coordinator"],
        section=section,
        institutions=[institution(MINISTRY_A)],
        deadline=D(2026, 12, 15),
    )
    with django_capture_on_commit_callbacks(execute=True):
        first = _send(D(2026, 12, 14))
    assert first["sent"] >= 1
    assert "2026-12-15" in mail.outbox[0].subject
    services.contribution_update(actor=personas["focal.a"], contribution=item, version=1, text="x")
    services.contribution_transition(actor=personas["focal.a"], contribution=item, step="submit")
    with django_capture_on_commit_callbacks(execute=True):
        assert _send(D(2026, 12, 15)) == {}


def test_command_prints_counts_and_refuses_bad_dates(personas: dict[str, Any]) -> None:
    from django.core.management import CommandError

    communication(registered_on=D(2025, 11, 3))
    out = io.StringIO()
    call_command("send_engagement_reminders", "--date", "2026-05-03", stdout=out)
    assert out.getvalue().startswith("sent=")
    out = io.StringIO()
    call_command("send_engagement_reminders", "--date", "2026-05-03", stdout=out)
    assert out.getvalue().startswith("sent=0 already_sent=")
    with pytest.raises(CommandError):
        call_command("send_engagement_reminders", "--date", "2026-02-30")
