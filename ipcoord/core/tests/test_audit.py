import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from ipcoord.core.audit import audit_record, audit_verify
from ipcoord.core.models import AuditEvent, AuditHead


@pytest.fixture
def chain(db):
    with transaction.atomic():
        for i in range(5):
            audit_record(
                actor=None, action="test.event", object_type="x", object_id=str(i), after={"i": i}
            )


def test_intact_chain_verifies(chain, capsys):
    report = audit_verify()
    assert report.ok and report.checked == 5
    call_command("verify-audit")
    assert "5 events verified" in capsys.readouterr().out


def test_edited_event_is_named(chain):
    AuditEvent.objects.filter(seq=3).update(after={"i": 99})
    report = audit_verify()
    assert not report.ok and report.broken_seq == 3 and "edited" in report.reason
    with pytest.raises(CommandError, match="event 3"):
        call_command("verify-audit")


def test_deleted_event_is_named(chain):
    AuditEvent.objects.filter(seq=2).delete()
    report = audit_verify()
    assert not report.ok and report.broken_seq == 2


def test_deleted_last_event_is_caught(chain):
    AuditEvent.objects.filter(seq=5).delete()
    report = audit_verify()
    assert not report.ok and report.broken_seq == 5


def test_rehashed_forgery_breaks_the_next_link(chain):
    # Someone edits event 2 and recomputes its own hash: event 3 no longer links to it.
    from ipcoord.core.audit import _digest, _payload

    event = AuditEvent.objects.get(seq=2)
    event.after = {"i": 42}
    event.hash = _digest(event.prev_hash, _payload(event))
    event.save()
    report = audit_verify()
    assert not report.ok and report.broken_seq == 3


@pytest.mark.django_db(transaction=True)
def test_audit_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        audit_record(actor=None, action="x")
    assert not AuditHead.objects.exists()


def test_events_carry_actor_and_client_address(world, rf):
    """A write made while serving a request is stamped with that request's address."""
    from django.http import HttpResponse

    from ipcoord.core.middleware import RequestContextMiddleware

    events = []

    def view(request):
        with transaction.atomic():
            events.append(audit_record(actor=world.security_admin, action="probe"))
        return HttpResponse()

    RequestContextMiddleware(view)(rf.get("/", REMOTE_ADDR="10.1.2.3"))
    event = AuditEvent.objects.get(pk=events[0].pk)
    assert event.actor_name == "secadmin" and event.client_address == "10.1.2.3"
    # Outside a request there is no address to record.
    with transaction.atomic():
        assert audit_record(actor=None, action="probe").client_address is None


def test_deleting_the_actor_leaves_the_chain_intact(db):
    from ipcoord.core.models import User

    user = User.objects.create_user(username="gone", password="x-Pass-2026!")
    with transaction.atomic():
        audit_record(actor=user, action="test.event", object_type="x", object_id="1")
    user_id = user.pk
    user.delete()
    event = AuditEvent.objects.get()
    assert (event.actor_id, event.actor_name) == (user_id, "gone")
    assert audit_verify().ok
