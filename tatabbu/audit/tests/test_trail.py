"""The audit trail: same-transaction writes, append-only, hash chain, tamper detection."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

import tatabbu
from tatabbu.audit import triggers
from tatabbu.audit.models import AppendOnlyError, Event
from tatabbu.audit.trail import (
    AuditActionUnknownError,
    AuditMissingError,
    record,
    service,
    verify_chain,
)
from tatabbu.institutions.models import Institution

pytestmark = pytest.mark.django_db


def _new_institution(slug: str) -> Institution:
    return Institution(
        slug=slug,
        kind="other",
        name_ar="هيئة تجريبية",
        name_fr="Organe d'essai",
        name_en="Test body",
    )


@service
def _create_with_audit(*, actor, slug):  # type: ignore[no-untyped-def]
    institution = _new_institution(slug)
    institution.save()
    record(actor=actor, action="institution.create", target=institution)
    return institution


@service
def _create_without_audit(*, slug):  # type: ignore[no-untyped-def]
    institution = _new_institution(slug)
    institution.save()
    return institution


def test_service_write_records_one_event_with_actor_and_target(coordinator) -> None:
    before = Event.objects.count()
    institution = _create_with_audit(actor=coordinator, slug="audited-body")
    events = list(Event.objects.filter(seq__gt=before))
    assert len(events) == 1
    event = events[0]
    assert event.action == "institution.create"
    assert event.actor_id == coordinator.pk
    assert event.actor_role == "coordinator"
    assert event.target_id == str(institution.pk)
    assert event.target_type.model == "institution"


def test_write_without_audit_event_is_refused_and_rolled_back() -> None:
    with pytest.raises(AuditMissingError, match="without recording an audit event"):
        _create_without_audit(slug="unaudited-body")
    assert not Institution.objects.filter(slug="unaudited-body").exists()


def test_failing_audit_rolls_back_the_change(monkeypatch, coordinator) -> None:
    def broken(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("audit storage failed")

    monkeypatch.setattr("tatabbu.audit.tests.test_trail.record", broken)
    with pytest.raises(RuntimeError):
        _create_with_audit(actor=coordinator, slug="rolled-back-body")
    assert not Institution.objects.filter(slug="rolled-back-body").exists()


def test_unregistered_action_is_refused(coordinator) -> None:
    with pytest.raises(AuditActionUnknownError), transaction.atomic():
        record(actor=coordinator, action="nothing.registered")


def test_orm_refuses_to_change_or_delete_events() -> None:
    event = Event.objects.order_by("seq").first()
    event.action = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).delete()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET action = 'tampered' WHERE seq = 1",
        "DELETE FROM audit_event WHERE seq = 1",
    ],
)
def test_database_trigger_refuses_raw_update_and_delete(statement: str) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        connection.cursor().execute(statement)
    assert Event.objects.filter(seq=1).exclude(action="tampered").exists()


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="TRUNCATE exists on PostgreSQL only"
)
def test_database_trigger_refuses_truncate_on_postgresql() -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        connection.cursor().execute("TRUNCATE audit_event")


def test_reference_load_leaves_an_intact_chain() -> None:
    report = verify_chain()
    assert report.intact
    assert report.count == Event.objects.count() > 400


def _tamper(sql: str, params: list | None = None) -> None:
    triggers.remove(connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
    triggers.install(connection)


def _verify_fails_at(expected_seq: int) -> None:
    with pytest.raises(CommandError) as raised:
        call_command("verify_audit")
    assert raised.value.returncode == 1
    assert f"seq={expected_seq}" in str(raised.value)


def test_verify_audit_passes_on_an_intact_chain(capsys) -> None:
    call_command("verify_audit")
    assert "audit chain intact" in capsys.readouterr().out


def test_verify_audit_detects_an_edited_row() -> None:
    _tamper("UPDATE audit_event SET target_label = 'forged' WHERE seq = 7")
    _verify_fails_at(7)


def test_verify_audit_detects_an_edited_json_value() -> None:
    _tamper("UPDATE audit_event SET after = %s WHERE seq = 12", [json.dumps({"name_fr": "x"})])
    _verify_fails_at(12)


def test_verify_audit_detects_a_deleted_row() -> None:
    _tamper("DELETE FROM audit_event WHERE seq = 20")
    _verify_fails_at(21)


def test_verify_audit_detects_reordered_rows() -> None:
    _tamper("UPDATE audit_event SET seq = -30 WHERE seq = 30")
    _tamper("UPDATE audit_event SET seq = 30 WHERE seq = 31")
    _tamper("UPDATE audit_event SET seq = 31 WHERE seq = -30")
    _verify_fails_at(30)


def test_verify_audit_detects_a_truncated_tail_against_the_exported_head(tmp_path: Path) -> None:
    head = tmp_path / "head.json"
    call_command("export_audit_head", output=head)
    exported = json.loads(head.read_text())
    assert exported["seq"] == Event.objects.count()
    call_command("verify_audit", head=head)
    _tamper("DELETE FROM audit_event WHERE seq = %s", [exported["seq"]])
    with pytest.raises(CommandError, match="truncated") as raised:
        call_command("verify_audit", head=head)
    assert raised.value.returncode == 1


def _service_modules() -> list[str]:
    modules = []
    for info in pkgutil.walk_packages(tatabbu.__path__, "tatabbu."):
        is_service_module = info.name.endswith(".services") or ".services." in info.name
        if is_service_module and ".tests" not in info.name:
            modules.append(info.name)
    return modules


def test_every_public_service_function_goes_through_the_service_decorator() -> None:
    modules = _service_modules()
    assert "tatabbu.accounts.services" in modules
    undecorated = []
    for name in modules:
        module = importlib.import_module(name)
        for attribute, value in vars(module).items():
            if (
                inspect.isfunction(value)
                and value.__module__ == name
                and not attribute.startswith("_")
                and not getattr(value, "is_service", False)
            ):
                undecorated.append(f"{name}.{attribute}")
    assert undecorated == [], "services must be decorated with @service: " + ", ".join(undecorated)
