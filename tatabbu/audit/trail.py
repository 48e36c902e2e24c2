"""Writing and verifying the audit trail, and the ``@service`` decorator every write goes through.

A service runs in one transaction. While it runs, every INSERT/UPDATE/DELETE it sends to the
database is observed; if it wrote anything and recorded no audit event, it raises
:class:`AuditMissingError` and the transaction rolls back. So a write without its audit event is
impossible through services (STYLE.md rules 15, 16, 25).
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, connections, models, transaction
from django.utils import timezone

from tatabbu.core import request_context

from .models import Event
from .registry import is_registered

GENESIS_HASH = "0" * 64
_PG_CHAIN_LOCK = 724_613_901  # advisory lock key serialising appends on PostgreSQL

P = ParamSpec("P")
R = TypeVar("R")

# Tables whose writes are bookkeeping, not domain changes needing an audit event.
_UNAUDITED_TABLES = {
    "audit_event",
    "django_session",
    "axes_accessattempt",
    "axes_accessfailurelog",
    "axes_accesslog",
    "django_tasks_database_dbtaskresult",
    "django_tasks_db_dbtaskresult",
}
_WRITE_STATEMENT = re.compile(
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+"?([\w.]+)"?',
    re.IGNORECASE,
)


class AuditMissingError(RuntimeError):
    """A service changed data without recording an audit event."""


class AuditActionUnknownError(ValueError):
    """An audit action code was not registered (registry.register_actions)."""


@dataclass
class _Frame:
    name: str
    tables_written: set[str] = field(default_factory=set)
    events: int = 0


_frames: ContextVar[tuple[_Frame, ...]] = ContextVar("tatabbu_service_frames", default=())


def _observe_writes(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
) -> Any:
    match = _WRITE_STATEMENT.match(sql)
    if match:
        table = match.group(1).strip('"').lower()
        if table not in _UNAUDITED_TABLES:
            for frame in _frames.get():
                frame.tables_written.add(table)
    return execute(sql, params, many, context)


def service(func: Callable[P, R]) -> Callable[P, R]:
    """Run ``func`` as a service: one transaction, and no data change without an audit event."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        frame = _Frame(name=func.__qualname__)
        outer = _frames.get()
        token = _frames.set((*outer, frame))
        try:
            with transaction.atomic():
                if outer:
                    result = func(*args, **kwargs)
                else:
                    with connection.execute_wrapper(_observe_writes):
                        result = func(*args, **kwargs)
                if frame.tables_written and not frame.events:
                    tables = ", ".join(sorted(frame.tables_written))
                    raise AuditMissingError(
                        f"{func.__module__}.{func.__qualname__} wrote to {tables} "
                        "without recording an audit event."
                    )
        finally:
            _frames.reset(token)
        return result

    wrapper.is_service = True  # type: ignore[attr-defined]
    return wrapper


# --- Recording --------------------------------------------------------------------------------


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """A JSON-ready dict of ``fields`` of ``instance`` (FKs by id), for ``before``/``after``."""
    data: dict[str, Any] = {}
    for name in fields:
        model_field = instance._meta.get_field(name)
        if model_field.many_to_many:
            if instance.pk is None:
                data[name] = []
            else:
                data[name] = sorted(getattr(instance, name).values_list("pk", flat=True))
        elif model_field.is_relation:
            data[name] = getattr(instance, model_field.attname)
        else:
            data[name] = getattr(instance, name)
    return _jsonable(data)


def changed_fields(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    before, after = before or {}, after or {}
    return sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key))


def _jsonable(value: Any) -> Any:
    return _jsonable_text(value)[0]


def _jsonable_text(value: Any) -> tuple[Any, str | None]:
    """``value`` as it will read back from a JSON column, and its JSON text."""
    if value is None:
        return None, None
    text = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    return json.loads(text), text


@dataclass(frozen=True)
class TargetRef:
    """A target named without loading it: its model, primary key and label (bulk imports)."""

    model: type[models.Model]
    pk: Any
    label: str


@dataclass(frozen=True)
class PendingEvent:
    """An event to append; see :func:`record_many`."""

    action: str
    target: models.Model | TargetRef | None = None
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None
    extra: dict[str, Any] | None = None
    institution_id: int | None = None


def record(
    *,
    actor: Any,
    action: str,
    target: models.Model | None = None,
    institution: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> Event:
    """Append one audit event, inside the caller's transaction."""
    pending = PendingEvent(
        action=action,
        target=target,
        before=before,
        after=after,
        extra=extra,
        institution_id=getattr(institution, "pk", institution),
    )
    return record_many(actor=actor, events=[pending])[0]


def record_many(*, actor: Any, events: list[PendingEvent]) -> list[Event]:
    """Append several events in one statement (bulk imports), chained in the given order."""
    if not events:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise AuditMissingError("Audit events must be written inside the change's transaction.")
    for pending in events:
        if not is_registered(pending.action):
            raise AuditActionUnknownError(f"Unregistered audit action {pending.action!r}.")
    _lock_chain()
    head = Event.objects.order_by("-seq").values_list("seq", "hash").first()
    seq, prev_hash = head if head else (0, GENESIS_HASH)
    context = request_context.current()
    now = timezone.now()
    actor_id = getattr(actor, "pk", None)
    actor_label = getattr(actor, "username", "") or ("" if actor is None else str(actor))
    actor_role = getattr(actor, "role", "") or ""
    rows: list[Event] = []
    json_texts: list[tuple[str | None, ...]] = []
    content_types: dict[type, ContentType] = {}
    for pending in events:
        seq += 1
        target = pending.target
        target_type = None
        target_id, target_label = "", ""
        if target is not None:
            if isinstance(target, TargetRef):
                model, target_id, target_label = target.model, str(target.pk), target.label
            else:
                model, target_id, target_label = target.__class__, str(target.pk), str(target)
            if model not in content_types:
                content_types[model] = ContentType.objects.get_for_model(model)
            target_type = content_types[model]
        (before, before_text), (after, after_text), (extra, extra_text) = (
            _jsonable_text(pending.before),
            _jsonable_text(pending.after),
            _jsonable_text(pending.extra),
        )
        json_texts.append((before_text, after_text, extra_text))
        values = {
            "id": None,
            "seq": seq,
            "created_at": now,
            "actor_id": actor_id,
            "actor_label": actor_label[:150],
            "actor_role": actor_role,
            "action": pending.action,
            "target_type_id": target_type.pk if target_type else None,
            "target_id": target_id,
            "target_label": target_label[:300],
            "institution_id": pending.institution_id,
            "request_id": context.request_id if context else "",
            "ip_address": context.client_ip if context else None,
            "before": before,
            "after": after,
            "extra": extra,
            "prev_hash": prev_hash,
            "hash": "",
        }
        # Positional construction: several times faster than keywords for 10⁴ events.
        event = Event(*(values[name] for name in _event_attnames()))
        event.hash = event_hash(event)
        prev_hash = event.hash
        rows.append(event)
    if len(rows) > _BULK_EVENTS:
        _insert_events(rows, json_texts)
    else:
        Event.objects.bulk_create(rows, batch_size=500)
    for frame in _frames.get():
        frame.events += len(rows)
    return rows


# Above this many events (imports), rows are inserted with one prepared statement per thousand
# (``executemany``) instead of ``bulk_create``, whose SQL building costs more than the writing
# (``make bench``). The stored values are the same; the returned events have no ``pk``.
_BULK_EVENTS = 100


@functools.cache
def _event_attnames() -> list[str]:
    return [field.attname for field in Event._meta.concrete_fields]


_PREPARED_TYPES = {"JSONField", "DateTimeField", "GenericIPAddressField"}


def _insert_events(rows: list[Event], json_texts: list[tuple[str | None, ...]]) -> None:
    """``executemany`` of ``rows``. On SQLite, JSON columns take the text ``_jsonable_text``
    already produced (the same value once decoded) instead of encoding each value again."""
    database = connections[connection.alias]  # the connection itself, not the proxy
    fields = [field for field in Event._meta.concrete_fields if not field.primary_key]
    json_columns = {"before": 0, "after": 1, "extra": 2}
    reuse_text = database.vendor == "sqlite"
    prepared = [field.get_internal_type() in _PREPARED_TYPES for field in fields]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the model)
        quote(Event._meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )

    def parameter(event: Event, texts: tuple[str | None, ...], field: Any, prepare: bool) -> Any:
        if reuse_text and field.attname in json_columns:
            return texts[json_columns[field.attname]]
        value = getattr(event, field.attname)
        return field.get_db_prep_save(value, database) if prepare else value

    with database.cursor() as cursor:
        for start in range(0, len(rows), 1000):
            cursor.executemany(
                sql,
                [
                    tuple(
                        parameter(event, texts, field, prepare)
                        for field, prepare in zip(fields, prepared, strict=True)
                    )
                    for event, texts in zip(
                        rows[start : start + 1000], json_texts[start : start + 1000], strict=True
                    )
                ],
            )


def _lock_chain() -> None:
    """Serialise appends. SQLite transactions are IMMEDIATE (one writer at a time) already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_PG_CHAIN_LOCK])


def event_content(event: Event) -> dict[str, Any]:
    """The fields the hash covers, in a stable form."""
    target_type = ""
    if event.target_type_id:
        content_type = ContentType.objects.get_for_id(event.target_type_id)
        target_type = f"{content_type.app_label}.{content_type.model}"
    created_at = event.created_at.astimezone(datetime.UTC).isoformat()
    return {
        "seq": event.seq,
        "created_at": created_at,
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "actor_role": event.actor_role,
        "action": event.action,
        "target_type": target_type,
        "target_id": event.target_id,
        "target_label": event.target_label,
        "institution_id": event.institution_id,
        "request_id": event.request_id,
        "ip_address": event.ip_address,
        "before": event.before,
        "after": event.after,
        "extra": event.extra,
        "prev_hash": event.prev_hash,
    }


def event_hash(event: Event) -> str:
    canonical = json.dumps(
        event_content(event), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- Verifying --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    count: int
    head_seq: int
    head_hash: str
    bad_seq: int | None = None
    bad_id: int | None = None
    reason: str = ""


def verify_chain(events: Iterable[Event] | None = None) -> ChainReport:
    """Walk the chain in ``seq`` order; report the first event that does not fit."""
    if events is None:
        events = Event.objects.order_by("seq").iterator(chunk_size=2000)
    expected_seq, prev_hash, count = 1, GENESIS_HASH, 0
    for event in events:
        problem = _check(event, expected_seq, prev_hash)
        if problem:
            return ChainReport(
                False, count, expected_seq - 1, prev_hash, event.seq, event.pk, problem
            )
        count += 1
        expected_seq, prev_hash = event.seq + 1, event.hash
    return ChainReport(True, count, expected_seq - 1, prev_hash)


def _check(event: Event, expected_seq: int, prev_hash: str) -> str:
    if event.seq != expected_seq:
        return f"sequence jumps from {expected_seq - 1} to {event.seq} (events missing)"
    if event.prev_hash != prev_hash:
        return "previous-hash link does not match the preceding event"
    if event_hash(event) != event.hash:
        return "content does not match its hash (the row was edited)"
    return ""


def iter_target_events(target: models.Model) -> Iterator[Event]:
    content_type = ContentType.objects.get_for_model(type(target))
    yield from (
        Event.objects.filter(target_type=content_type, target_id=str(target.pk))
        .select_related("actor")
        .order_by("-seq")
    )
