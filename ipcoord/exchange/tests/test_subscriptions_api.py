"""/api/v1/exchange/subscriptions/ and the webhooks page: secret once, history, ownership."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from ipcoord.exchange.models import Subscription
from ipcoord.exchange.tests.batch_helpers import org_admin, register_machine
from ipcoord.exchange.tests.feed_helpers import file_case
from ipcoord.exchange.tests.webhook_helpers import receiver
from ipcoord.exchange.webhooks import subscription_deliver

URL = "/api/v1/exchange/subscriptions/"


@pytest.fixture
def admin(world):
    return org_admin(world.bj_ip_court, "bj_admin")


def api_as(user) -> APIClient:
    api = APIClient()
    api.force_login(user)
    return api


def test_it_creates_a_subscription_and_shows_the_secret_once(world, admin):
    api = api_as(admin)
    body = {"target_url": "https://hooks.example.org/ipcoord", "kinds": ["case"]}
    created = api.post(URL, {**body, "owner": world.bj_judge.pk}, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert len(data["secret"]) == 64 and data["owner"] == "bj_judge"
    listed = api.get(URL).json()["results"]
    assert [s["id"] for s in listed] == [data["id"]] and "secret" not in listed[0]
    assert "secret" not in api.get(f"{URL}{data['id']}/").json()


def test_it_refuses_bad_urls_unknown_kinds_and_non_admins(world, admin):
    api = api_as(admin)
    assert api.post(URL, {"target_url": "ftp://x/y"}, format="json").json()["code"] == "bad_url"
    bad = api.post(URL, {"target_url": "https://x/y", "kinds": ["nope"]}, format="json")
    assert bad.json()["code"] == "bad_kinds"
    judge = api_as(world.bj_judge).post(URL, {"target_url": "https://x/y"}, format="json")
    assert judge.status_code == 403
    assert not Subscription.objects.exists()


def test_a_machine_client_subscribes_for_itself(world):
    m = register_machine(world.bj_ip_court, "京知系统", ["cases"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {m.token}")
    created = api.post(URL, {"target_url": "https://x/y"}, format="json")
    assert created.status_code == 201, created.json()
    other = api.post(URL, {"target_url": "https://x/y", "owner": m.admin.pk}, format="json")
    assert other.status_code == 403


def test_others_cannot_see_a_subscription_or_its_deliveries(world, admin):
    with receiver() as rec:
        sub = api_as(admin).post(URL, {"target_url": rec.url}, format="json").json()
        file_case(world.bj_judge, "（2024）京73民初1号")
        subscription_deliver(subscription_id=sub["id"])
    history = api_as(admin).get(f"{URL}{sub['id']}/deliveries/").json()["results"]
    assert history[0]["status"] == "succeeded" and history[0]["response_code"] == 200
    hz_admin = org_admin(world.hz_inter, "hz_admin")
    for user in (hz_admin, world.outsider, world.bj_clerk):
        api = api_as(user)
        assert api.get(f"{URL}{sub['id']}/").status_code == 404
        assert api.get(f"{URL}{sub['id']}/deliveries/").status_code == 404
        assert api.post(f"{URL}{sub['id']}/pause/").status_code == 404
        c = Client()
        c.force_login(user)
        assert c.get(reverse("exchange:webhook", args=[sub["id"]])).status_code == 404


def test_the_page_creates_a_subscription_and_lists_deliveries(world, admin):
    c = Client()
    c.force_login(admin)
    page = c.post(
        reverse("exchange:webhooks"),
        {"organisation": world.bj_ip_court.pk, "target_url": "https://x.example/h"},
    )
    assert page.status_code == 200
    sub = Subscription.objects.get()
    assert sub.secret in page.content.decode()  # shown this once …
    again = c.get(reverse("exchange:webhooks")).content.decode()
    assert sub.secret not in again and "https://x.example/h" in again  # … and never again
    assert c.get(reverse("exchange:webhook", args=[sub.pk])).status_code == 200
    outsider = Client()
    outsider.force_login(world.outsider)
    assert outsider.get(reverse("exchange:webhooks")).status_code == 404
