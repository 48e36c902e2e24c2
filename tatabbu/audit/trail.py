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
import operator
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
from tatabbu.core.bulk import insert_rows

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
    r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO|COPY)\s+"?([\w.]+)"?',
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
    """Append several events in one statement, chained in the given order."""
    if not events:
        return []
    if len(events) > _BULK_EVENTS:
        return _record_bulk(actor=actor, events=events, returning=True)
    _check_appendable(events)
    _lock_chain()
    seq, prev_hash = _chain_head()
    context = request_context.current()
    now = timezone.now()
    actor_id = getattr(actor, "pk", None)
    actor_label = getattr(actor, "username", "") or ("" if actor is None else str(actor))
    actor_role = getattr(actor, "role", "") or ""
    # As stored (an IPv6 address is normalised), so that the hash matches the row read back.
    ip_address = _ip_as_stored(context.client_ip if context else None)
    rows: list[Event] = []
    for pending in events:
        seq += 1
        target_type, target_id, target_label = _target(pending.target)
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
            "ip_address": ip_address,
            "before": _jsonable(pending.before),
            "after": _jsonable(pending.after),
            "extra": _jsonable(pending.extra),
            "prev_hash": prev_hash,
            "hash": "",
        }
        event = Event(*(values[name] for name in _event_attnames()))
        event.hash = event_hash(event)
        prev_hash = event.hash
        rows.append(event)
    Event.objects.bulk_create(rows)
    _count_events(len(rows))
    return rows


def record_bulk(*, actor: Any, events: Iterable[PendingEvent]) -> int:
    """Append ``events`` like :func:`record_many`, without returning them (imports: 10³–10⁵
    events). Returns how many were appended."""
    return len(_record_bulk(actor=actor, events=list(events), returning=False))


# Above this many events, ``record_many`` takes the bulk path: rows are built as tuples and
# inserted with multi-row statements (``core.bulk.insert_rows``), and the hash is computed
# from the JSON text itself instead of from model instances (``make bench``: the ORM path spent
# more time building SQL and serialising than writing). The stored values and the hashes are
# the same as the ORM path's; the returned events have no ``pk``.
_BULK_EVENTS = 100


def _check_appendable(events: list[PendingEvent]) -> None:
    if not transaction.get_connection().in_atomic_block:
        raise AuditMissingError("Audit events must be written inside the change's transaction.")
    for pending in events:
        if not is_registered(pending.action):
            raise AuditActionUnknownError(f"Unregistered audit action {pending.action!r}.")


def _chain_head() -> tuple[int, str]:
    head = Event.objects.order_by("-seq").values_list("seq", "hash").first()
    return head if head else (0, GENESIS_HASH)


def _ip_as_stored(address: str | None) -> str | None:
    return Event._meta.get_field("ip_address").get_prep_value(address)


def _count_events(count: int) -> None:
    for frame in _frames.get():
        frame.events += count


def _target(target: models.Model | TargetRef | None) -> tuple[ContentType | None, str, str]:
    model, target_id, label = _target_parts(target)
    if model is None:
        return None, "", ""
    return ContentType.objects.get_for_model(model), target_id, label


@functools.cache
def _event_attnames() -> list[str]:
    return [field.attname for field in Event._meta.concrete_fields]


# --- The bulk path ------------------------------------------------------------------------------

# ``event_hash`` serialises ``event_content`` with these settings; the bulk path assembles the
# same text from the JSON text of each field.
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
_BULK_COLUMNS = (
    "seq",
    "created_at",
    "actor_id",
    "actor_label",
    "actor_role",
    "action",
    "target_type_id",
    "target_id",
    "target_label",
    "institution_id",
    "request_id",
    "ip_address",
    "before",
    "after",
    "extra",
    "prev_hash",
    "hash",
)
_HASH_INDEX = _BULK_COLUMNS.index("hash")
_BULK_ROW = operator.itemgetter(*_BULK_COLUMNS)  # an event's values in column order
_JSON_COLUMNS = frozenset({"before", "after", "extra"})
# The keys of ``event_content``: every column but the hash, the content type by its name.
_CONTENT_KEYS = tuple(
    "target_type" if column == "target_type_id" else column
    for column in _BULK_COLUMNS
    if column != "hash"
)
_KEY_PREFIXES = tuple((key, _CANONICAL.encode(key) + ":") for key in sorted(_CONTENT_KEYS))
# Exact types: a subclass (an enum member, a safe string) takes the slow path, which stores and
# hashes the same text; ``bool`` is listed because ``type(True) is not int``.
_PLAIN_SCALARS = frozenset({str, int, float, bool, type(None)})
_INSTITUTION = Event._meta.get_field("institution")


def _is_plain(value: Any) -> bool:
    """True if ``value`` reads back from a JSON column as it is (tuples as lists): no dates,
    decimals, lazy strings or non-string keys for ``DjangoJSONEncoder`` to convert.

    Written as loops over exact types: imports call it three times per row (``make bench``)."""
    kind = type(value)
    if kind in _PLAIN_SCALARS:
        return True
    if kind is dict:
        for key, item in value.items():
            if type(key) is not str or (type(item) not in _PLAIN_SCALARS and not _is_plain(item)):
                return False
        return True
    if kind is list or kind is tuple:
        for item in value:  # noqa: SIM110 (a loop: no generator per call)
            if type(item) not in _PLAIN_SCALARS and not _is_plain(item):
                return False
        return True
    return False


def _canonical_json(value: Any) -> str | None:
    """The JSON text of ``value`` as a JSON column reads it back, in ``event_hash``'s form
    (sorted keys, compact): the text the bulk path both stores and hashes. ``None`` for NULL."""
    if value is None:
        return None
    if not _is_plain(value):
        value = json.loads(json.dumps(value, cls=DjangoJSONEncoder))
    return _CANONICAL.encode(value)


def _json_scalar(value: Any) -> str:
    return "null" if value is None else _CANONICAL.encode(value)


def _record_bulk(*, actor: Any, events: list[PendingEvent], returning: bool) -> list[Any]:
    """Chain and insert ``events``; the inserted rows, or the events if ``returning``."""
    if not events:
        return []
    appender = BulkAppender(actor=actor)
    rows = appender.append(events)
    if not returning:
        return rows
    return [_event_from_row(row, now=appender.now, ip_address=appender.ip_address) for row in rows]


class BulkAppender:
    """Appends events in several calls within one transaction, reading the chain's head once.

    For a service that records thousands of events in steps (the importer: one call per chunk
    of rows): after the first call the head is known — this transaction holds the chain's lock
    (the advisory lock on PostgreSQL; SQLite's IMMEDIATE transaction) — so later calls read
    nothing from the database. With ``core.bulk.pipelined`` that lets the previous chunk's
    statements run while the next one is built. Nothing else may append to the chain in this
    transaction between two calls: if something did, the next call's ``seq`` would repeat one
    and the unique constraint on ``seq`` would refuse it (the transaction fails; nothing is
    lost or forked)."""

    def __init__(self, *, actor: Any) -> None:
        self.actor = actor
        self.head: tuple[int, str] | None = None
        self.now: datetime.datetime | None = None
        self.ip_address: str | None = None

    def append(self, events: list[PendingEvent]) -> list[tuple[Any, ...]]:
        """Chain and insert ``events`` after the previous call's; returns the inserted rows."""
        if not events:
            return []
        _check_appendable(events)
        if self.head is None:
            _lock_chain()
            self.head = _chain_head()
        seq, prev_hash = self.head
        database = connections[connection.alias]  # the connection itself, not the proxy
        self.now = timezone.now()
        batch = _BulkBatch.start(actor=self.actor, database=database, now=self.now)
        self.ip_address = batch.ip_address
        rows: list[tuple[Any, ...]] = []
        for pending in events:
            seq += 1
            row = batch.row(pending, seq=seq, prev_hash=prev_hash)
            rows.append(row)
            prev_hash = row[_HASH_INDEX]
        _insert_rows(database, rows)
        _count_events(len(rows))
        self.head = (seq, prev_hash)
        return rows


_json_string = json.encoder.encode_basestring  # how _CANONICAL writes a str


@dataclass
class _BulkBatch:
    """What the events of one bulk append share (actor, time, request), stored and as JSON."""

    texts: dict[str, str]
    stored: dict[str, Any]
    ip_address: str | None
    target_types: dict[type, tuple[int, str]] = field(default_factory=dict)

    @classmethod
    def start(cls, *, actor: Any, database: Any, now: datetime.datetime) -> _BulkBatch:
        context = request_context.current()
        ip_address = _ip_as_stored(context.client_ip if context else None)
        label = getattr(actor, "username", "") or ("" if actor is None else str(actor))
        values = {
            "actor_id": getattr(actor, "pk", None),
            "actor_label": label[:150],
            "actor_role": getattr(actor, "role", "") or "",
            "request_id": context.request_id if context else "",
        }
        texts = {name: _json_scalar(value) for name, value in values.items()}
        texts["created_at"] = _json_string(now.astimezone(datetime.UTC).isoformat())
        texts["ip_address"] = _json_scalar(ip_address)
        stored = {
            **values,
            "created_at": Event._meta.get_field("created_at").get_db_prep_save(now, database),
            "ip_address": Event._meta.get_field("ip_address").get_db_prep_save(
                ip_address, database
            ),
        }
        return cls(texts=texts, stored=stored, ip_address=ip_address)

    def row(self, pending: PendingEvent, *, seq: int, prev_hash: str) -> tuple[Any, ...]:
        """The event's column values, in ``_BULK_COLUMNS`` order."""
        model, target_id, target_label = _target_parts(pending.target)
        target_type_id, target_type = self._target_type(model)
        target_label = target_label[:300]
        institution_id = _INSTITUTION.get_prep_value(pending.institution_id)
        before, after, extra = (
            _canonical_json(pending.before),
            _canonical_json(pending.after),
            _canonical_json(pending.extra),
        )
        texts = {
            **self.texts,
            "seq": str(seq),
            "action": _json_string(pending.action),
            "target_type": _json_string(target_type),
            "target_id": _json_string(target_id),
            "target_label": _json_string(target_label),
            "institution_id": _json_scalar(institution_id),
            "before": before or "null",
            "after": after or "null",
            "extra": extra or "null",
            "prev_hash": _json_string(prev_hash),
        }
        content = "{" + ",".join([prefix + texts[key] for key, prefix in _KEY_PREFIXES]) + "}"
        values = {
            **self.stored,
            "seq": seq,
            "action": pending.action,
            "target_type_id": target_type_id,
            "target_id": target_id,
            "target_label": target_label,
            "institution_id": institution_id,
            "before": before,
            "after": after,
            "extra": extra,
            "prev_hash": prev_hash,
            "hash": hashlib.sha256(content.encode("utf-8")).hexdigest(),
        }
        return _BULK_ROW(values)

    def _target_type(self, model: type | None) -> tuple[int | None, str]:
        if model is None:
            return None, ""
        if model not in self.target_types:
            content_type = ContentType.objects.get_for_model(model)
            label = f"{content_type.app_label}.{content_type.model}"
            self.target_types[model] = (content_type.pk, label)
        return self.target_types[model]


def _target_parts(target: models.Model | TargetRef | None) -> tuple[type | None, str, str]:
    if target is None:
        return None, "", ""
    if isinstance(target, TargetRef):
        return target.model, str(target.pk), target.label
    return target.__class__, str(target.pk), str(target)


def _insert_rows(database: Any, rows: list[tuple[Any, ...]]) -> None:
    # The JSON columns get the JSON text: SQLite stores it, PostgreSQL's COPY parses it as jsonb.
    insert_rows(
        database,
        Event._meta.db_table,
        [Event._meta.get_field(name).column for name in _BULK_COLUMNS],
        rows,
    )


def _event_from_row(row: tuple[Any, ...], *, now: datetime.datetime, ip_address: Any) -> Event:
    values = dict(zip(_BULK_COLUMNS, row, strict=True))
    for name in _JSON_COLUMNS:
        values[name] = None if values[name] is None else json.loads(values[name])
    values["created_at"], values["ip_address"] = now, ip_address
    return Event(**values)


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
