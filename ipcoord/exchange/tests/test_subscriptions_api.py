"""/api/v1/exchange/subscriptions/ and the webhooks page: secret once, history, ownership,
secret rotation."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from ipcoord.exchange.models import Subscription
from ipcoord.exchange.tests.batch_helpers import org_admin, register_machine
from ipcoord.exchange.tests.feed_helpers import file_case
from ipcoord.exchange.tests.webhook_helpers import receiver
from ipcoord.exchange.webhooks import subscription_create, subscription_deliver

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
        assert api.post(f"{URL}{sub['id']}/rotate-secret/").status_code == 404
        c = Client()
        c.force_login(user)
        assert c.get(reverse("exchange:webhook", args=[sub["id"]])).status_code == 404


def test_the_page_creates_a_subscription_and_lists_deliveries(world, admin):
    c = Client()
    c.force_login(admin)
    url = reverse("exchange:webhooks")
    nonce = c.get(url).context["form"]["nonce"].value()
    form = {"organisation": world.bj_ip_court.pk, "target_url": "https://x.example/h"}
    page = c.post(url, {**form, "nonce": nonce})
    assert page.status_code == 200 and "no-cache" in page["Cache-Control"]
    sub = Subscription.objects.get()
    assert sub.secret in page.content.decode()  # shown this once …
    again = c.get(url).content.decode()
    assert sub.secret not in again and "https://x.example/h" in again  # … and never again
    # Reloading the answer sends the form again: no second subscription, no secret.
    reloaded = c.post(url, {**form, "nonce": nonce}, follow=True)
    assert Subscription.objects.count() == 1 and sub.secret not in reloaded.content.decode()
    assert "已经创建" in reloaded.content.decode()
    # A form without its one-time value (not from this page) creates nothing either.
    assert c.post(url, form).status_code == 200 and Subscription.objects.count() == 1
    assert c.get(reverse("exchange:webhook", args=[sub.pk])).status_code == 200
    outsider = Client()
    outsider.force_login(world.outsider)
    assert outsider.get(reverse("exchange:webhooks")).status_code == 404


NOW = datetime.datetime(2024, 5, 6, 8, 0, tzinfo=datetime.UTC)


def test_the_api_rotates_the_secret_and_answers_it_once(world, admin):
    api = api_as(admin)
    created = api.post(URL, {"target_url": "https://hooks.example.org/h"}, format="json").json()
    rotate = f"{URL}{created['id']}/rotate-secret/"
    with time_machine.travel(NOW, tick=False):
        api = api_as(admin)  # a new session: the last one would time out across years
        rotated = api.post(rotate, {"overlap_hours": 12}, format="json")
        assert rotated.status_code == 200, rotated.json()
        data = rotated.json()
        assert len(data["secret"]) == 64 and data["secret"] != created["secret"]
        assert data["previous_secret_expires_at"] == "2024-05-07T04:00:00+08:00"
        sub = Subscription.objects.get()
        assert (sub.secret, sub.previous_secret) == (data["secret"], created["secret"])
        shown = api.get(f"{URL}{created['id']}/").json()
        assert "secret" not in shown
        assert shown["previous_secret_expires_at"] == data["previous_secret_expires_at"]
        default = api.post(rotate).json()  # 24 hours
        assert default["previous_secret_expires_at"] == "2024-05-07T16:00:00+08:00"
        sub.refresh_from_db()
        assert sub.previous_secret == data["secret"] and sub.secret == default["secret"]
        bad = api.post(rotate, {"overlap_hours": 169}, format="json")
        assert bad.status_code == 400 and bad.json()["code"] == "bad_overlap"
        none = api.post(rotate, {"overlap_hours": 0}, format="json")
        assert none.status_code == 200 and none.json()["previous_secret_expires_at"] is None


def test_the_reader_may_not_rotate_nor_may_another_organisation(world, admin):
    api = api_as(admin)
    body = {"target_url": "https://hooks.example.org/h", "owner": world.bj_judge.pk}
    created = api.post(URL, body, format="json").json()
    reader = api_as(world.bj_judge)
    assert reader.get(f"{URL}{created['id']}/").status_code == 200  # sees it …
    refused = reader.post(f"{URL}{created['id']}/rotate-secret/")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"  # … no rotating
    c = Client()
    c.force_login(world.bj_judge)
    page = c.get(reverse("exchange:webhook", args=[created["id"]])).content.decode()
    assert "更换签名密钥" not in page
    assert c.post(reverse("exchange:webhook", args=[created["id"]]), {}).status_code == 403
    hz_admin = org_admin(world.hz_inter, "hz_admin")
    c.force_login(hz_admin)
    page_url = reverse("exchange:webhook", args=[created["id"]])
    assert c.post(page_url, {"overlap_hours": 1, "nonce": "x"}).status_code == 404
    assert api_as(hz_admin).post(f"{URL}{created['id']}/rotate-secret/").status_code == 404
    sub = Subscription.objects.get()
    assert sub.secret == created["secret"] and sub.previous_secret == ""


def test_the_page_rotates_the_secret_once_and_says_until_when_the_old_one_works(world, admin):
    c = Client()
    with time_machine.travel(NOW, tick=False):  # the session would time out across years
        c.force_login(admin)
        sub, _secret = subscription_create(
            actor=admin, organisation=world.bj_ip_court, target_url="https://x.example/h"
        )
        old = sub.secret
        url = reverse("exchange:webhook", args=[sub.pk])
        shown = c.get(url)
        nonce = shown.context["form"].initial["nonce"]
        assert "0–168。" in shown.content.decode()  # the range the service takes
        bad = c.post(url, {"overlap_hours": 200, "nonce": nonce})
        assert "168" in bad.context["form"].errors["overlap_hours"][0]
        page = c.post(url, {"overlap_hours": 24, "nonce": nonce})
        assert page.status_code == 200 and "no-cache" in page["Cache-Control"]
        sub.refresh_from_db()
        html = page.content.decode()
        assert sub.secret != old and sub.secret in html and old not in html  # shown once …
        assert "旧密钥在 2024-05-07 16:00 之前仍被接受" in html
        again = c.post(url, {"overlap_hours": 24, "nonce": nonce}, follow=True)  # a reload
        assert "这次更换已经完成" in again.content.decode()
        assert Subscription.objects.get().secret == sub.secret  # … not replaced by a reload
        later = c.get(url).content.decode()
    assert sub.secret not in later and "2024-05-07 16:00" in later
