"""Webhook delivery: signatures, secret rotation, retries with backoff, dead subscriptions,
no double sends."""

import datetime
import json
import threading

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import AuditEvent, Notification
from ipcoord.exchange.models import Delivery, DeliveryStatus, Subscription, SubscriptionStatus
from ipcoord.exchange.tests.batch_helpers import org_admin, register_machine
from ipcoord.exchange.tests.feed_helpers import file_case
from ipcoord.exchange.tests.webhook_helpers import receiver, verify_webhook
from ipcoord.exchange.webhooks import (
    backoff,
    sign,
    subscription_create,
    subscription_deliver,
    subscription_rotate_secret,
    subscription_set_active,
    verify,
)


@pytest.fixture
def admin(world):
    return org_admin(world.bj_ip_court, "bj_admin")


def subscribe(world, admin, url: str, **kw):
    return subscription_create(
        actor=admin, organisation=world.bj_ip_court, target_url=url, owner=world.bj_judge, **kw
    )


def case_numbers(items: list[dict]) -> list[str]:
    return [i["object"]["number"] for i in items if i["action"] == "case.file"]


def test_the_signature_verifies_with_the_documented_recipe(world, admin):
    with receiver() as rec:
        sub, secret = subscribe(world, admin, rec.url)
        file_case(world.bj_judge, "（2024）京73民初1号")
        assert subscription_deliver(subscription_id=sub.pk).outcome == "delivered"
    call = rec.calls[0]
    assert verify_webhook(secret, call["headers"], call["body"])
    assert not verify_webhook("wrong", call["headers"], call["body"])
    assert not verify_webhook(secret, call["headers"], call["body"] + b" ")
    ts = call["headers"]["X-Ipcoord-Timestamp"]
    assert verify(secret, ts, call["body"], call["headers"]["X-Ipcoord-Signature"])
    later = int(ts) + 301
    assert not verify(secret, ts, call["body"], sign(secret, int(ts), call["body"]), now=later)
    assert case_numbers(call["json"]["items"]) == ["（2024）京73民初1号"]


def test_a_rotated_secret_signs_next_to_the_old_one_until_the_overlap_ends(world, admin):
    with receiver() as rec, time_machine.travel(timezone.now(), tick=False) as clock:
        sub, old = subscribe(world, admin, rec.url)
        new = subscription_rotate_secret(actor=admin, subscription=sub, overlap_hours=24)
        assert new != old and len(new) == 64
        file_case(world.bj_judge, "（2024）京73民初1号")
        assert subscription_deliver(subscription_id=sub.pk).outcome == "delivered"
        during = rec.calls[-1]
        # A receiver still on the old secret and one already on the new both accept it.
        assert verify_webhook(old, during["headers"], during["body"])
        assert verify_webhook(new, during["headers"], during["body"])
        assert not verify_webhook("wrong", during["headers"], during["body"])
        ts = during["headers"]["X-Ipcoord-Timestamp"]
        assert during["headers"]["X-Ipcoord-Signature"] == (
            f"{sign(new, int(ts), during['body'])},{sign(old, int(ts), during['body'])}"
        )
        assert verify(old, ts, during["body"], during["headers"]["X-Ipcoord-Signature"])
        assert verify(new, ts, during["body"], during["headers"]["X-Ipcoord-Signature"])

        clock.shift(datetime.timedelta(hours=24, seconds=1))
        file_case(world.bj_judge, "（2024）京73民初2号")
        assert subscription_deliver(subscription_id=sub.pk).outcome == "delivered"
        after = rec.calls[-1]
        assert verify_webhook(new, after["headers"], after["body"])
        assert not verify_webhook(old, after["headers"], after["body"])
        assert "," not in after["headers"]["X-Ipcoord-Signature"]
    assert case_numbers(rec.received) == ["（2024）京73民初1号", "（2024）京73民初2号"]


def test_a_rotation_is_audited_without_any_secret(world, admin):
    sub, old = subscribe(world, admin, "https://hooks.example.org/ipcoord")
    with time_machine.travel(datetime.datetime(2024, 5, 6, 8, 0, tzinfo=datetime.UTC)):
        new = subscription_rotate_secret(actor=admin, subscription=sub, overlap_hours=48)
    sub.refresh_from_db()
    assert (sub.secret, sub.previous_secret) == (new, old)
    assert sub.previous_secret_expires_at == datetime.datetime(
        2024, 5, 8, 8, 0, tzinfo=datetime.UTC
    )
    event = AuditEvent.objects.get(action="exchange.subscription.rotate_secret")
    assert event.actor_id == admin.pk and event.organisation_id == world.bj_ip_court.pk
    assert event.object_id == str(sub.pk)
    assert event.after == {
        "secret_rotated": True,
        "overlap_hours": 48,
        "previous_secret_valid_until": "2024-05-08T08:00:00+00:00",
    }
    for e in AuditEvent.objects.all():
        text = json.dumps([e.before, e.after, e.object_repr, e.object_id], ensure_ascii=False)
        assert old not in text and new not in text


def test_no_overlap_ends_the_old_secret_at_once(world, admin):
    with receiver() as rec:
        sub, old = subscribe(world, admin, rec.url)
        new = subscription_rotate_secret(actor=admin, subscription=sub, overlap_hours=0)
        file_case(world.bj_judge, "（2024）京73民初1号")
        assert subscription_deliver(subscription_id=sub.pk).outcome == "delivered"
    sub.refresh_from_db()
    assert sub.previous_secret == "" and sub.previous_secret_expires_at is None
    (call,) = rec.calls
    assert verify_webhook(new, call["headers"], call["body"])
    assert not verify_webhook(old, call["headers"], call["body"])


@pytest.mark.parametrize("hours", [-1, 169, 10_000, "24", 1.5, True])
def test_the_overlap_must_be_0_to_168_hours(world, admin, hours):
    sub, old = subscribe(world, admin, "https://hooks.example.org/ipcoord")
    with pytest.raises(ApplicationError) as exc:
        subscription_rotate_secret(actor=admin, subscription=sub, overlap_hours=hours)
    assert exc.value.code == "bad_overlap" and exc.value.extra == {"field": "overlap_hours"}
    assert "168" in exc.value.message
    sub.refresh_from_db()
    assert sub.secret == old and sub.previous_secret == ""


def test_only_an_administrator_or_the_subscribing_machine_rotates(world, admin):
    sub, old = subscribe(world, admin, "https://hooks.example.org/ipcoord")
    hz_admin = org_admin(world.hz_inter, "hz_admin")
    # The reader (owner) and another member are not administrators; neither is hz's.
    for user in (world.bj_judge, world.bj_clerk, hz_admin):
        with pytest.raises(PermissionDenied):
            subscription_rotate_secret(actor=user, subscription=sub)
    sub.refresh_from_db()
    assert sub.secret == old
    assert not AuditEvent.objects.filter(action="exchange.subscription.rotate_secret").exists()
    machine = register_machine(world.bj_ip_court, "京知系统", ["cases"])
    own, own_old = subscription_create(
        actor=machine.client.user,
        organisation=world.bj_ip_court,
        target_url="https://court.example.org/hook",
    )
    assert subscription_rotate_secret(actor=machine.client.user, subscription=own) != own_old
    with pytest.raises(PermissionDenied):  # … for its own subscription only
        subscription_rotate_secret(actor=machine.client.user, subscription=sub)


def test_a_receiver_down_twice_gets_everything_once_in_order(world, admin):
    with receiver(fail_first=2) as rec, time_machine.travel(timezone.now(), tick=False) as clock:
        sub, _ = subscribe(world, admin, rec.url)
        for n in (1, 2, 3):
            file_case(world.bj_judge, f"（2024）京73民初{n}号")
        first = subscription_deliver(subscription_id=sub.pk)
        assert first.outcome == "retry"
        # Not due yet: a run before the backoff does nothing.
        assert subscription_deliver(subscription_id=sub.pk).outcome == "busy"
        clock.shift(backoff(1))
        assert subscription_deliver(subscription_id=sub.pk).outcome == "retry"
        file_case(world.bj_judge, "（2024）京73民初4号")  # arrives while the receiver is down
        clock.shift(backoff(2))
        assert subscription_deliver(subscription_id=sub.pk).outcome == "delivered"
        assert subscription_deliver(subscription_id=sub.pk).outcome == "idle"
    assert [c["answered"] for c in rec.calls] == [503, 503, 200, 200]
    got = rec.received
    assert case_numbers(got) == [f"（2024）京73民初{n}号" for n in (1, 2, 3, 4)]
    seqs = [i["seq"] for i in got]
    assert seqs == sorted(seqs) and len(seqs) == len(set(seqs))
    retried = Delivery.objects.filter(subscription=sub).order_by("id").first()
    assert retried.status == DeliveryStatus.SUCCEEDED and retried.attempts == 3
    sub.refresh_from_db()
    assert sub.last_seq == seqs[-1] and sub.next_attempt_at is None


def test_it_gives_up_after_max_attempts_and_resumes_when_reactivated(world, admin, settings):
    settings.EXCHANGE_WEBHOOK_MAX_ATTEMPTS = 2
    with receiver(status=500) as rec, time_machine.travel(timezone.now(), tick=False) as clock:
        sub, _ = subscribe(world, admin, rec.url)
        file_case(world.bj_judge, "（2024）京73民初1号")
        assert subscription_deliver(subscription_id=sub.pk).outcome == "retry"
        clock.shift(backoff(1))
        assert subscription_deliver(subscription_id=sub.pk).outcome == "dead"
        sub.refresh_from_db()
        assert sub.status == SubscriptionStatus.DEAD
        assert Delivery.objects.get(subscription=sub).status == DeliveryStatus.DEAD
        assert Notification.objects.filter(
            recipient=world.bj_judge, verb="exchange.webhook_dead"
        ).exists()
        clock.shift(datetime.timedelta(days=1))
        assert subscription_deliver(subscription_id=sub.pk).outcome == "busy"
        rec.status = 204
        subscription_set_active(actor=admin, subscription=sub, active=True)
        assert subscription_deliver(subscription_id=sub.pk).outcome == "delivered"
    assert case_numbers(rec.received) == ["（2024）京73民初1号"]
    statuses = list(
        Delivery.objects.filter(subscription=sub).order_by("id").values_list("status", flat=True)
    )
    assert statuses == [DeliveryStatus.DEAD, DeliveryStatus.SUCCEEDED]


def test_it_sends_only_what_the_owner_may_see(world, admin):
    hz_admin = org_admin(world.hz_inter, "hz_admin")
    with receiver() as rec:
        sub, _ = subscription_create(
            actor=hz_admin, organisation=world.hz_inter, target_url=rec.url, from_seq=0
        )
        file_case(world.bj_judge, "（2024）京73民初3号", sealed=True)
        file_case(world.haidian_judge, "（2024）京0108民初9号")
        subscription_deliver(subscription_id=sub.pk)
    assert all(i["kind"] != "case" for i in rec.received)
    assert all("京73" not in c["body"].decode() for c in rec.calls)
    sub.refresh_from_db()
    assert sub.last_seq > 0  # the cursor moved past what hz may not see


def test_redirects_are_not_followed(world, admin):
    with receiver() as target, receiver(redirect_to="") as rec:
        rec.redirect_to = target.url
        sub, _ = subscribe(world, admin, rec.url)
        file_case(world.bj_judge, "（2024）京73民初1号")
        assert subscription_deliver(subscription_id=sub.pk).outcome == "retry"
    assert target.calls == []
    assert Delivery.objects.get(subscription=sub).response_code == 307


def test_dispatch_command_delivers_to_subscriptions_behind(world, admin):
    from django.core.management import call_command

    with receiver() as rec:
        subscribe(world, admin, rec.url)
        file_case(world.bj_judge, "（2024）京73民初1号")
        call_command("webhooks", "dispatch")
    assert case_numbers(rec.received) == ["（2024）京73民初1号"]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_runs_do_not_double_send(world, admin):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database with real concurrent connections")
    with receiver(delay=0.3) as rec:
        sub, _ = subscribe(world, admin, rec.url)
        for n in range(1, 6):
            file_case(world.bj_judge, f"（2024）京73民初{n}号")
        outcomes: list[str] = []
        barrier = threading.Barrier(2)

        def run() -> None:
            try:
                barrier.wait()
                outcomes.append(subscription_deliver(subscription_id=sub.pk).outcome)
            finally:
                connection.close()

        threads = [threading.Thread(target=run) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(outcomes) == ["busy", "delivered"]
    seqs = [i["seq"] for i in rec.received]
    assert len(seqs) == len(set(seqs)) and case_numbers(rec.received) == [
        f"（2024）京73民初{n}号" for n in range(1, 6)
    ]
    assert Subscription.objects.get(pk=sub.pk).lease_token == ""
