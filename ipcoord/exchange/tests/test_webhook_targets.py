"""Webhooks do not reach into internal networks unless the operator allows the network."""

import pytest
from django.test import override_settings

from ipcoord.core.exceptions import ApplicationError
from ipcoord.exchange.models import Delivery, Subscription
from ipcoord.exchange.tests.batch_helpers import org_admin
from ipcoord.exchange.tests.feed_helpers import file_case
from ipcoord.exchange.tests.webhook_helpers import receiver
from ipcoord.exchange.webhooks import subscription_create, subscription_deliver


@pytest.fixture
def admin(world):
    return org_admin(world.bj_ip_court, "bj_admin")


def subscribe(world, admin, url: str):
    return subscription_create(
        actor=admin, organisation=world.bj_ip_court, target_url=url, owner=world.bj_judge
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:6379/",  # the platform's own cache
        "http://localhost:5432/",
        "http://169.254.169.254/latest/meta-data/",  # a cloud's metadata service
        "https://10.1.2.3/hook",
        "http://[::1]/hook",
        "http://[::ffff:192.168.1.1]/hook",
        "http://100.64.0.1/hook",
    ],
)
def test_an_internal_target_is_refused_and_nothing_is_written(world, admin, url):
    with pytest.raises(ApplicationError) as exc:
        subscribe(world, admin, url)
    assert exc.value.code == "internal_target"
    assert exc.value.extra == {"field": "target_url"}
    assert "WEBHOOK_ALLOWED_NETWORKS" in exc.value.message
    assert not Subscription.objects.exists()


def test_an_allowed_network_and_the_public_internet_are_accepted(world, admin):
    with override_settings(EXCHANGE_WEBHOOK_ALLOWED_NETWORKS=["10.20.0.0/16"]):
        sub, _ = subscribe(world, admin, "https://10.20.3.4/ipcoord")
        with pytest.raises(ApplicationError):
            subscribe(world, admin, "https://10.21.0.1/ipcoord")
    public, _ = subscribe(world, admin, "https://203.0.114.9/ipcoord")
    assert {sub.target_url, public.target_url} == {
        "https://10.20.3.4/ipcoord",
        "https://203.0.114.9/ipcoord",
    }


def test_a_delivery_to_an_address_no_longer_allowed_is_not_sent(world, admin):
    with receiver() as rec:
        sub, _ = subscribe(world, admin, rec.url)
        file_case(world.bj_judge, "（2024）京73民初1号")
        with override_settings(EXCHANGE_WEBHOOK_ALLOWED_NETWORKS=[]):
            assert subscription_deliver(subscription_id=sub.pk).outcome == "retry"
    assert rec.calls == []
    failed = Delivery.objects.get(subscription=sub)
    assert "127.0.0.1" in failed.error and failed.response_code is None
