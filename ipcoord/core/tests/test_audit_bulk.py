"""Bulk appends to the audit chain: the same chain `audit_record` writes, verifiable alike."""

import json

import psycopg
import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipcoord.core.audit import (
    BulkEvent,
    _canonical,
    _digest,
    _payload,
    audit_deferred,
    audit_record,
    audit_record_many,
    audit_verify,
)
from ipcoord.core.context import client_address
from ipcoord.core.models import AuditEvent, AuditHead, Organisation, OrgKind

# Text as it arrives (valid Unicode, so no lone surrogates); PostgreSQL holds no NUL.
texts = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=12)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=8,
)


def _many(events, **kw):
    with transaction.atomic():
        return audit_record_many(
            actor=None,
            action=kw.get("action", "patent.record"),
            object_type="registry.patent",
            organisation=kw.get("organisation"),
            events=events,
        )


def test_bulk_events_chain_between_single_ones(db):
    org = Organisation.objects.create(name="国家知识产权局", kind=OrgKind.IP_ADMIN)
    with transaction.atomic():
        audit_record(actor=None, action="party.create", object_type="x", object_id="1")
    written = _many(
        (BulkEvent(str(i), f"ZL{i} 一种装置", {"title": "一种装置", "n": i}) for i in range(50)),
        organisation=org,
    )
    with transaction.atomic():
        audit_record(actor=None, action="party.create", object_type="x", object_id="2")
    assert written == 50
    assert AuditHead.objects.get().seq == 52
    report = audit_verify()
    assert report.ok and report.checked == 52
    event = AuditEvent.objects.get(seq=2)
    assert (event.object_id, event.organisation_id, event.after) == (
        "0",
        org.pk,
        {"title": "一种装置", "n": 0},
    )


def test_an_edited_bulk_event_is_named(db):
    _many(BulkEvent(str(i), "r", {"i": i}) for i in range(10))
    AuditEvent.objects.filter(seq=7).update(object_repr="changed")
    report = audit_verify()
    assert not report.ok and report.broken_seq == 7


def test_nothing_to_append_leaves_the_head(db):
    assert _many([]) == 0
    assert not AuditHead.objects.filter(seq__gt=0).exists()


@pytest.mark.django_db(transaction=True)
def test_bulk_audit_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        audit_record_many(actor=None, action="x", object_type="x", organisation=None, events=[])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    after=st.dictionaries(texts, json_values, max_size=4),
    repr_=texts,
    object_id=texts.filter(bool),
)
def test_the_pieced_digest_is_the_canonical_one(db, after, repr_, object_id):
    """Whatever the values (quotes, non-ASCII, nesting), the stored event verifies."""
    _many([BulkEvent(object_id, repr_, after)])
    event = AuditEvent.objects.order_by("-seq").first()
    assert event.hash == _digest(event.prev_hash, _payload(event))


@given(
    value=st.recursive(
        st.none()
        | st.booleans()
        | st.integers()  # beyond 64 bits too: orjson refuses, json writes them
        | st.text(max_size=12),  # lone surrogates too: orjson refuses, json writes them
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
        ),
        max_leaves=8,
    )
)
def test_the_fast_canonical_text_is_the_digests(value):
    assert _canonical(value) == json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )


def test_bulk_events_keep_the_client_address(db):
    """The address column (inet on PostgreSQL) goes in by the same binary COPY as the rest."""
    token = client_address.set("203.0.113.7")
    try:
        _many([BulkEvent("1", "制表符\t与换行\n与反斜杠\\", {"note": "a\tb\\n"})])
    finally:
        client_address.reset(token)
    event = AuditEvent.objects.get()
    assert (event.client_address, event.object_repr, event.after) == (
        "203.0.113.7",
        "制表符\t与换行\n与反斜杠\\",
        {"note": "a\tb\\n"},
    )
    assert audit_verify().ok


def test_deferred_events_are_appended_at_the_end_in_order(db):
    with transaction.atomic(), audit_deferred():
        assert (
            audit_record_many(
                actor=None,
                action="patent.record",
                object_type="registry.patent",
                organisation=None,
                events=[BulkEvent(str(i), f"第{i}件\t", {"i": i, "t": "a\nb"}) for i in range(3)],
            )
            == 3
        )
        # A single event is spooled too, in its place, with its before and after (floats
        # written as the digest writes them).
        unsaved = audit_record(
            actor=None,
            action="party.update",
            object_type="x",
            object_id="p",
            before={"share": 0.1, "name": "旧"},
            after={"share": 1e-7, "name": "新\t"},
        )
        assert unsaved.pk is None and unsaved.seq is None
        assert not AuditHead.objects.filter(seq__gt=0).exists()  # nothing locked or written
        _many([BulkEvent("9", "九", {"i": 9})])
    events = list(AuditEvent.objects.order_by("seq").values_list("object_id", "object_repr"))
    assert events == [("0", "第0件\t"), ("1", "第1件\t"), ("2", "第2件\t"), ("p", ""), ("9", "九")]
    single = AuditEvent.objects.get(object_id="p")
    assert single.before == {"share": 0.1, "name": "旧"}
    assert single.after == {"share": 1e-7, "name": "新\t"}
    assert AuditEvent.objects.get(object_id="9").before is None
    assert audit_verify().ok


def test_deferred_events_are_dropped_with_an_error(db):
    with pytest.raises(ZeroDivisionError), transaction.atomic(), audit_deferred():
        _many([BulkEvent("1", "一", {"i": 1})])
        1 / 0  # noqa: B018
    assert not AuditEvent.objects.exists()
    with transaction.atomic(), audit_deferred():
        _many([BulkEvent("2", "二", {"i": 2})])
    assert list(AuditEvent.objects.values_list("object_id", flat=True)) == ["2"]


def test_the_hook_is_told_before_the_spooled_events_are_appended(db):
    calls = []

    def hook(n: int) -> None:
        calls.append((n, AuditEvent.objects.count()))  # what is on the chain at that moment

    with transaction.atomic(), audit_deferred(on_append=hook):
        audit_record(actor=None, action="party.create", object_type="x", object_id="p")
        with audit_deferred(on_append=lambda n: calls.append(("nested", n))):
            _many([BulkEvent(str(i), str(i), {"i": i}) for i in range(3)])
        _many([BulkEvent("9", "九", {"i": 9})])
    assert calls == [(5, 0)] and AuditEvent.objects.count() == 5
    # Nothing spooled, or an error: no call.
    with transaction.atomic(), audit_deferred(on_append=hook):
        pass
    with pytest.raises(ZeroDivisionError), transaction.atomic(), audit_deferred(on_append=hook):
        _many([BulkEvent("1", "一", {"i": 1})])
        1 / 0  # noqa: B018
    assert calls == [(5, 0)] and audit_verify().ok


@pytest.mark.django_db(transaction=True)
def test_other_writers_are_not_held_while_events_are_spooled():
    """The head waits for nobody's import until its events are appended (PostgreSQL)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: a second connection tries the head's lock")
    params = connection.get_connection_params()

    def head_is_free() -> bool:
        with psycopg.connect(**params, autocommit=True) as other:
            try:
                other.execute("SELECT 1 FROM core_audithead WHERE id = 1 FOR UPDATE NOWAIT")
            except psycopg.errors.LockNotAvailable:
                return False
        return True

    with transaction.atomic():
        audit_record(actor=None, action="party.create", object_type="x", object_id="1")
    with transaction.atomic(), audit_deferred():
        _many([BulkEvent("2", "二", {"i": 2})])
        audit_record(actor=None, action="party.update", object_type="x", object_id="2b")
        assert head_is_free()  # neither the bulk nor the single event took it
    with transaction.atomic():
        _many([BulkEvent("3", "三", {"i": 3})])
        assert not head_is_free()  # appended at once: held to the commit
    assert audit_verify().ok and AuditHead.objects.get().seq == 4
