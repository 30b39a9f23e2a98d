"""Tamper-evident audit trail: each event is chained to the previous one by SHA-256.

`audit_record` must run inside the service's transaction, so the event and the change it
describes commit or roll back together. Appends are serialised by locking the chain's head
row, which makes concurrent writers queue for the audit step (a deliberate trade of
throughput for a linear, verifiable chain).
"""

import contextlib
import hashlib
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC
from typing import Any, NamedTuple

import orjson
from django.db import models, transaction
from django.utils import timezone

from ipcoord.core.bulk import insert_rows
from ipcoord.core.context import client_address
from ipcoord.core.models import AuditEvent, AuditHead, Organisation, User

GENESIS = "0" * 64


def _jsonable(value: Any) -> Any:
    if value is None:
        return None
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


def _digest(prev_hash: str, payload: dict[str, Any]) -> str:
    body = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def _canonical(value: Any) -> str:
    """`value` as `_digest` writes it (sorted keys, no spaces, UTF-8 unescaped), by orjson,
    which writes the same text several times faster for JSON-safe values without floats
    (the test holds the two together); `json` for whatever orjson will not take."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()
    except TypeError:  # orjson.JSONEncodeError: lone surrogates, huge integers, odd keys
        return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _payload(event: AuditEvent) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "created_at": event.created_at.astimezone(UTC).isoformat(),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "organisation_id": event.organisation_id,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "object_repr": event.object_repr,
        "before": event.before,
        "after": event.after,
        "client_address": event.client_address,
    }


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    organisation: Organisation | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
) -> AuditEvent:
    """Append one event to the chain. Call it inside the service's atomic block.

    Inside `audit_deferred` the event is spooled and appended when that block ends; the
    event returned then is unsaved (no seq, no hash yet).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must be called inside a transaction")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:255]
    if (spool := _spool.get()) is not None:
        return _spool_one(
            spool, actor, action, organisation, before, after, object_type, object_id, object_repr
        )
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        id=1, defaults={"seq": 0, "hash": GENESIS}
    )
    event = AuditEvent(
        seq=head.seq + 1,
        created_at=timezone.now(),
        actor=actor if actor is not None and actor.pk else None,
        actor_name=(actor.get_username() if actor is not None and actor.pk else "system"),
        organisation=organisation,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        before=_jsonable(before),
        after=_jsonable(after),
        client_address=client_address.get(),
        prev_hash=head.hash,
    )
    event.hash = _digest(head.hash, _payload(event))
    event.save()
    head.seq, head.hash = event.seq, event.hash
    head.save(update_fields=["seq", "hash"])
    return event


def _spool_one(
    spool: "_Spool",
    actor: User | None,
    action: str,
    organisation: Organisation | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    object_type: str,
    object_id: str,
    object_repr: str,
) -> AuditEvent:
    """`audit_record` inside `audit_deferred`: the event waits in the spool. Its before and
    after are written by `json` exactly as `_digest` writes them (they may hold floats,
    which the faster text of bulk events does not take)."""
    group = _group(actor, organisation, action, object_type)
    before, after = _jsonable(before), _jsonable(after)
    spool.add([(group, object_id, object_repr[:255], _exact(after), _exact(before))])
    return AuditEvent(
        actor_name=group.actor_name,
        organisation=organisation,
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr[:255],
        before=before,
        after=after,
        client_address=group.address,
    )


def _exact(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _group(
    actor: User | None, organisation: Organisation | None, action: str, object_type: str
) -> "_Group":
    return _Group(
        actor.pk if actor is not None and actor.pk else None,
        actor.get_username() if actor is not None and actor.pk else "system",
        organisation.pk if organisation is not None else None,
        action,
        object_type,
        client_address.get(),
    )


class BulkEvent(NamedTuple):
    """One event of `audit_record_many`: the object and its `after` (JSON-safe values only:
    str, int, bool, None, lists and dicts of them; no floats)."""

    object_id: str
    object_repr: str
    after: dict[str, Any]


def audit_record_many(
    *,
    actor: User | None,
    action: str,
    object_type: str,
    organisation: Organisation | None,
    events: Iterable[BulkEvent],
) -> int:
    """Append one event per item of `events`, chained exactly as `audit_record` chains them
    (`audit_verify` checks both alike); returns how many were appended (or spooled, inside
    `audit_deferred`, to be appended when it ends).

    For services that record thousands of records in one transaction: the head row is locked
    once, the events share actor, action, organisation and time, and go in through
    `core.bulk.insert_rows`. The digest is built from pieces of the canonical JSON instead of
    one `json.dumps` of the whole payload — the same text, a test holds it to `_digest`.
    Caveat: the chain's head stays locked until the caller's transaction ends, so other
    writers wait; a long import wraps its work in `audit_deferred` to keep that short.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record_many must be called inside a transaction")
    group = _group(actor, organisation, action, object_type)
    items = ((group, e.object_id, e.object_repr[:255], _canonical(e.after), "null") for e in events)
    spool = _spool.get()
    return spool.add(items) if spool is not None else _append(items)


class _Group(NamedTuple):
    """What the events of one `audit_record_many` call share."""

    actor_id: int | None
    actor_name: str
    org_id: int | None
    action: str
    object_type: str
    address: str | None


# group, object id, object repr, `after` and `before` as canonical JSON ("null" for none)
_Item = tuple[_Group, str, str, str, str]
_COLUMNS = (
    "seq", "created_at", "actor_id", "actor_name", "organisation_id", "action", "object_type",
    "object_id", "object_repr", "before", "after", "client_address", "prev_hash", "hash",
)  # fmt: skip


def _append(items: Iterable[_Item]) -> int:
    """Lock the chain's head and append `items` after it, in order."""
    head, _ = AuditHead.objects.select_for_update().get_or_create(
        id=1, defaults={"seq": 0, "hash": GENESIS}
    )
    created_at = timezone.now()
    stamp = _canonical(created_at.astimezone(UTC).isoformat())
    pieces: dict[_Group, tuple[str, str, str]] = {}
    seq, prev = head.seq, head.hash

    def rows() -> Iterator[tuple[Any, ...]]:
        nonlocal seq, prev
        for g, object_id, repr_, after, before in items:
            if (texts := pieces.get(g)) is None:
                texts = pieces[g] = (
                    f'{{"action":{_canonical(g.action)},"actor_id":{_canonical(g.actor_id)},'
                    f'"actor_name":{_canonical(g.actor_name)},"after":',
                    f',"client_address":{_canonical(g.address)},"created_at":{stamp},"object_id":',
                    f',"object_type":{_canonical(g.object_type)},'
                    f'"organisation_id":{_canonical(g.org_id)},"seq":',
                )
            seq += 1
            body = (
                f'{texts[0]}{after},"before":{before}{texts[1]}{_canonical(object_id)},'
                f'"object_repr":{_canonical(repr_)}{texts[2]}{seq}}}'
            )
            digest = hashlib.sha256((prev + body).encode("utf-8")).hexdigest()
            yield (
                seq, created_at, g.actor_id, g.actor_name, g.org_id, g.action, g.object_type,
                object_id, repr_, None if before == "null" else before,
                None if after == "null" else after, g.address, prev, digest,
            )  # fmt: skip
            prev = digest

    written = insert_rows(AuditEvent, _COLUMNS, rows())
    if written:
        head.seq, head.hash = seq, prev
        head.save(update_fields=["seq", "hash"])
    return written


class _Spool:
    """Events waiting for the end of `audit_deferred`, in a temporary file (memory stays
    flat for a million): a line per event, its texts as canonical JSON (no tabs, no
    newlines)."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8")  # noqa: SIM115
        self.groups: dict[_Group, int] = {}
        self.count = 0

    def add(self, items: Iterable[_Item]) -> int:
        added = 0
        for group, object_id, repr_, after, before in items:
            index = self.groups.setdefault(group, len(self.groups))
            self.file.write(
                f"{index}\t{_canonical(object_id)}\t{_canonical(repr_)}\t{before}\t{after}\n"
            )
            added += 1
        self.count += added
        return added

    def items(self) -> Iterator[_Item]:
        groups = list(self.groups)
        self.file.seek(0)
        for line in self.file:
            index, object_id, repr_, before, after = line.rstrip("\n").split("\t", 4)
            yield groups[int(index)], orjson.loads(object_id), orjson.loads(repr_), after, before


_spool: ContextVar[_Spool | None] = ContextVar("audit_spool", default=None)


@contextlib.contextmanager
def audit_deferred(on_append: Callable[[int], None] | None = None) -> Iterator[None]:
    """Inside the block, `audit_record` and `audit_record_many` spool their events instead
    of locking the chain's head; they are appended, in order, when the block ends without
    an error (still in the caller's transaction). A long all-or-nothing import — whose
    services audit record by record — then holds the head, which every audited write in the
    platform waits for, only for that last step.

    `on_append(n)` is called just before the `n` spooled events are appended (not when
    none were spooled, nor after an error, nor in a nested block: the outer one appends),
    so a caller can say the long last step has begun (a million events take tens of seconds).

    Caveats: use it only where an error rolls the whole transaction back (events of a
    rolled-back savepoint inside the block would still be appended); the events are stamped
    with the time they are appended, and `audit_record` returns them unsaved; the spool
    takes temporary disk (about 1 KB an event: a million-record batch, a gigabyte).
    """
    if _spool.get() is not None:  # nested: the outer block appends
        yield
        return
    spool = _Spool()
    token = _spool.set(spool)
    try:
        try:
            yield
        finally:
            _spool.reset(token)
        if on_append is not None and spool.count:
            on_append(spool.count)
        _append(spool.items())
    finally:
        spool.file.close()


@dataclass(frozen=True)
class ChainReport:
    """`problem` is a stable code ("missing", "unlinked", "edited", "truncated") for people's
    messages; `reason` says the same in English for logs and the command line."""

    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""
    problem: str = ""


def audit_verify(*, batch_size: int = 2000) -> ChainReport:
    """Walk the chain in order; name the first event that was edited, deleted or inserted."""
    expected_prev = GENESIS
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            return ChainReport(
                False,
                checked,
                expected_seq,
                f"event {expected_seq} is missing (deleted)",
                "missing",
            )
        if event.prev_hash != expected_prev:
            return ChainReport(
                False,
                checked,
                event.seq,
                "link to the previous event is broken (deleted or reordered)",
                "unlinked",
            )
        if _digest(event.prev_hash, _payload(event)) != event.hash:
            return ChainReport(
                False, checked, event.seq, "contents do not match the hash (edited)", "edited"
            )
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(id=1).first()
    if head is not None and head.seq != checked:
        return ChainReport(
            False,
            checked,
            checked + 1,
            f"the chain ends at {checked} but the head says {head.seq} (deleted at the end)",
            "truncated",
        )
    return ChainReport(True, checked)


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of a model instance, for an event's before/after."""
    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        out[field.attname] = field.value_from_object(obj)
    return _jsonable(out)
