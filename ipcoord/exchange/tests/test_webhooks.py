"""Webhook delivery: signatures, retries with backoff, dead subscriptions, no double sends."""

import datetime
import threading

import pytest
import time_machine
from django.db import connection
from django.utils import timezone

from ipcoord.core.models import Notification
from ipcoord.exchange.models import Delivery, DeliveryStatus, Subscription, SubscriptionStatus
from ipcoord.exchange.tests.batch_helpers import org_admin
from ipcoord.exchange.tests.feed_helpers import file_case
from ipcoord.exchange.tests.webhook_helpers import receiver, verify_webhook
from ipcoord.exchange.webhooks import (
    backoff,
    sign,
    subscription_create,
    subscription_deliver,
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
