"""The ordering court's page to renew (继续冻结) an order."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from ipcoord.preservation.models import FreezeRenewal
from ipcoord.preservation.tests.factories import freeze, granted_patent

T0 = datetime.datetime(2025, 1, 10, 10, 0, tzinfo=datetime.UTC)
DATA = {"ruling_number": "（2024）京73执保1号之二", "notice_number": "续冻1号", "months": 6}


@pytest.fixture
def order(world):
    with time_machine.travel(T0, tick=False):
        return freeze(world, world.bj_clerk, [granted_patent()])


def _url(order):
    return reverse("preservation:order_renew", args=[order.pk])


def test_it_renews_for_one_more_term(client, world, order):
    client.force_login(world.bj_judge)
    with time_machine.travel(T0 + datetime.timedelta(days=150), tick=False):
        detail = client.get(reverse("preservation:order_detail", args=[order.pk]))
        assert _url(order) in detail.text
        assert client.get(_url(order)).status_code == 200
        page = client.post(_url(order), DATA)
    assert page.status_code == 302
    item = order.items.get()
    assert item.ends_on == datetime.date(2026, 1, 9) and item.renewals == 1


def test_it_shows_the_ceiling_refusal_on_the_form(client, world, order):
    client.force_login(world.bj_clerk)
    with time_machine.travel(T0 + datetime.timedelta(days=10), tick=False):
        page = client.post(_url(order), DATA | {"months": 12})
    assert page.status_code == 200 and "不得超过 6 个月" in page.text and "若干规定" in page.text
    assert not FreezeRenewal.objects.exists()


def test_it_refuses_a_renewal_after_expiry(client, world, order):
    client.force_login(world.bj_clerk)
    with time_machine.travel(T0 + datetime.timedelta(days=200), tick=False):
        page = client.post(_url(order), DATA)
    assert page.status_code == 200 and "不能再续冻" in page.text and "重新提交冻结令" in page.text
    assert not FreezeRenewal.objects.exists()


def test_it_shows_what_is_missing(client, world, order):
    client.force_login(world.bj_clerk)
    page = client.post(_url(order), {"months": "六"})
    assert "请填写裁定书文号" in page.text and "冻结期限请填写整月数" in page.text


def test_it_is_not_found_for_another_court_and_the_court_above(client, world, order):
    for user in (world.hz_clerk, world.cnipa_officer, world.outsider):
        client.force_login(user)
        assert client.get(_url(order)).status_code == 404
        assert client.post(_url(order), DATA).status_code == 404
    assert not FreezeRenewal.objects.exists()


def test_readers_who_may_not_act_see_no_buttons(client, world, order):
    client.force_login(world.cnipa_officer)
    detail = client.get(reverse("preservation:order_detail", args=[order.pk]))
    assert detail.status_code == 200 and _url(order) not in detail.text
    assert reverse("preservation:order_release", args=[order.pk]) not in detail.text


def test_it_warns_when_fewer_than_7_days_are_left(client, world, order):
    with time_machine.travel(datetime.datetime(2025, 7, 1, 12, tzinfo=datetime.UTC), tick=False):
        client.force_login(world.bj_clerk)  # sessions end after a while idle
        assert "不足 7 日" not in client.get(_url(order)).text
    with time_machine.travel(datetime.datetime(2025, 7, 5, 12, tzinfo=datetime.UTC), tick=False):
        client.force_login(world.bj_clerk)  # sessions end after a while idle
        assert "不足 7 日" in client.get(_url(order)).text
        page = client.post(_url(order), DATA, follow=True)
        expiring = client.get(reverse("preservation:expiring"))
    assert "已办理继续冻结" in page.text and "不足 7 日" in page.text
    assert FreezeRenewal.objects.get().late
    assert "请尽快续冻" not in expiring.text  # renewed: the term now ends in January


def test_the_expiring_list_flags_terms_with_fewer_than_7_days_left(client, world, order):
    with time_machine.travel(datetime.datetime(2025, 6, 20, 12, tzinfo=datetime.UTC), tick=False):
        client.force_login(world.bj_clerk)  # sessions end after a while idle
        assert "请尽快续冻" not in client.get(reverse("preservation:expiring")).text
    with time_machine.travel(datetime.datetime(2025, 7, 5, 12, tzinfo=datetime.UTC), tick=False):
        client.force_login(world.bj_clerk)  # sessions end after a while idle
        assert "请尽快续冻" in client.get(reverse("preservation:expiring")).text
