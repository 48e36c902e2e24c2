"""Reminders of deadlines (before and after) and the coordinators' digest: sent once per day
(and not again within the interval), by e-mail and in-app, to the right people only."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from tatabbu.followup.models import Notification, ReminderLog
from tatabbu.followup.reminders import reminders_send
from tatabbu.followup.tasks import send_reminders_task

pytestmark = pytest.mark.django_db
DEADLINE = datetime.date(2026, 12, 31)  # the scenario's deadline


_capture = None


@pytest.fixture(autouse=True)
def _mail_on_commit(django_capture_on_commit_callbacks):
    """E-mails leave when the transaction commits: each run below executes those callbacks."""
    global _capture
    _capture = django_capture_on_commit_callbacks
    yield
    _capture = None


def _run(day: datetime.date) -> str:
    out = io.StringIO()
    with _capture(execute=True):
        call_command("send_reminders", "--date", day.isoformat(), stdout=out)
    return out.getvalue().strip()


def _send(day: datetime.date):
    with _capture(execute=True):
        return reminders_send(today=day)


def test_deadline_near_reminder_is_sent_once_per_day(scenario, settings):
    settings.TATABBU_REMINDER_DAYS_BEFORE = 14
    day = DEADLINE - datetime.timedelta(days=10)
    mail.outbox.clear()
    assert _run(day) == "deadline_near=2 overdue=0 digest=1 already_sent=0"
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(
        [
            "coordinator@example.org",
            "focal.a@example.org",
            "validator.a@example.org",
            "focal.b@example.org",
            "validator.b@example.org",
        ]
    )
    focal_a = scenario.users["focal.a"]
    assert Notification.objects.filter(recipient=focal_a, subject__contains="2").count() == 1
    sent = len(mail.outbox)
    assert _run(day) == "deadline_near=0 overdue=0 digest=0 already_sent=3"
    assert len(mail.outbox) == sent
    assert ReminderLog.objects.filter(day=day).count() == 3


def test_reminder_is_repeated_after_the_interval_and_turns_overdue(scenario, settings):
    settings.TATABBU_REMINDER_INTERVAL_DAYS = 7
    first = DEADLINE - datetime.timedelta(days=10)
    _run(first)
    assert _run(first + datetime.timedelta(days=6)) == (
        "deadline_near=0 overdue=0 digest=0 already_sent=3"
    )
    assert _run(first + datetime.timedelta(days=7)) == (
        "deadline_near=2 overdue=0 digest=1 already_sent=0"
    )
    after = DEADLINE + datetime.timedelta(days=1)
    mail.outbox.clear()
    assert _run(after) == "deadline_near=0 overdue=2 digest=0 already_sent=1"  # digest: 4 days ago
    assert any("2026-12-31" in message.body for message in mail.outbox)


def test_nothing_is_due_far_from_deadlines(scenario):
    mail.outbox.clear()
    summary = _send(datetime.date(2026, 1, 5))
    assert (summary.deadline_near, summary.overdue, summary.digest) == (0, 0, 1)
    assert [message.to for message in mail.outbox] == [["coordinator@example.org"]]
    # in the coordinator's language (Arabic by default)
    assert "التوصيات المسندة: 3؛ المنفذة: 0؛ المتأخرة: 0." in mail.outbox[0].body


def test_implemented_recommendations_are_not_reminded(scenario, settings):
    from tatabbu.followup import services

    for rec in (scenario.rec_a, scenario.rec_shared, scenario.rec_b):
        services.status_override(
            actor=scenario.users["coordinator"],
            recommendation=rec,
            status="implemented",
            reason="x",
        )
    summary = reminders_send(today=DEADLINE + datetime.timedelta(days=2))
    assert (summary.deadline_near, summary.overdue) == (0, 0)


def test_the_background_task_does_the_same(scenario):
    day = DEADLINE - datetime.timedelta(days=1)
    result = send_reminders_task.enqueue(day=day.isoformat())
    assert result.return_value == "deadline_near=2 overdue=0 digest=1 already_sent=0"
    assert send_reminders_task.enqueue(day=day.isoformat()).return_value.endswith("already_sent=3")


def test_reminder_e_mails_carry_an_absolute_link_when_the_base_url_is_set(scenario, settings):
    settings.TATABBU_REMINDER_DAYS_BEFORE = 14
    day = DEADLINE - datetime.timedelta(days=10)
    settings.TATABBU_BASE_URL = ""
    mail.outbox.clear()
    _send(day)
    assert mail.outbox and not any("https://" in message.body for message in mail.outbox)
    notification = Notification.objects.filter(recipient=scenario.users["focal.a"]).latest("id")
    assert notification.link.startswith("/")
    settings.TATABBU_BASE_URL = "https://tatabbu.example.ma"
    ReminderLog.objects.all().delete()  # as if nothing had been sent: send the same again
    mail.outbox.clear()
    _send(day)
    bodies = [m.body for m in mail.outbox if "focal.a@example.org" in m.to]
    assert bodies and all("https://tatabbu.example.ma/" in body for body in bodies)
