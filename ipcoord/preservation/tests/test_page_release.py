"""The ordering court's page to release (解除冻结) a whole order or ticked rights."""

import pytest
from django.urls import reverse

from ipcoord.preservation.models import FreezeRelease, ItemStatus, OrderStatus
from ipcoord.preservation.tests.factories import freeze, granted_patent, statuses

DATA = {"ruling_number": "（2024）京73执保1号之三", "notice_number": "解冻1号", "scope": "all"}


@pytest.fixture
def scene(world):
    a, b = granted_patent(), granted_patent()
    return freeze(world, world.bj_clerk, [a, b]), a, b


def _url(order):
    return reverse("preservation:order_release", args=[order.pk])


def test_it_releases_the_whole_order(client, world, scene):
    order, a, b = scene
    client.force_login(world.bj_clerk)
    assert client.get(_url(order)).status_code == 200
    page = client.post(_url(order), DATA)
    assert page.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.RELEASED


def test_it_releases_the_ticked_rights_only(client, world, scene):
    order, a, b = scene
    item_a = order.items.get(patent=a)
    client.force_login(world.bj_clerk)
    page = client.post(_url(order), DATA | {"scope": "some", "items": [item_a.pk]})
    assert page.status_code == 302
    assert statuses(a) == [(1, ItemStatus.RELEASED)] and statuses(b) == [(1, ItemStatus.ACTIVE)]


def test_it_asks_for_a_tick_when_releasing_some(client, world, scene):
    order, _, _ = scene
    client.force_login(world.bj_clerk)
    page = client.post(_url(order), DATA | {"scope": "some"})
    assert page.status_code == 200 and "请勾选要解除的权利" in page.text
    assert not FreezeRelease.objects.exists()


def test_it_shows_the_service_refusal_on_the_form(client, world, scene):
    order, _, _ = scene
    client.force_login(world.bj_clerk)
    client.post(_url(order), DATA)
    again = client.post(_url(order), DATA | {"notice_number": "解冻2号"})
    assert again.status_code == 200 and "没有尚未终结的冻结" in again.text
    assert FreezeRelease.objects.count() == 1


def test_it_is_not_found_for_another_court(client, world, scene):
    order, _, _ = scene
    for user in (world.hz_clerk, world.zj_high_judge, world.outsider):
        client.force_login(user)
        assert client.get(_url(order)).status_code == 404
        assert client.post(_url(order), DATA).status_code == 404
    assert not FreezeRelease.objects.exists()
