"""Page smoke tests: each page renders for its users, and others get 404 or an empty view."""

import pytest
from django.urls import reverse

from ipcoord.preservation.tests.factories import (
    PartyFactory,
    freeze,
    granted_patent,
    preservation_case,
    submit,
)


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def scene(world):
    patent = granted_patent(owners=[PartyFactory(name="星河科技有限公司", aliases="星河科技")])
    order = freeze(world, world.bj_clerk, [patent])
    pending = submit(world.hz_clerk, [patent], case=preservation_case("浙01"))
    return world, patent, order, pending


def test_my_orders_expiring_and_order_summary(client, scene):
    world, _, order, pending = scene
    login(client, world.bj_clerk)
    page = client.get(reverse("preservation:order_list"))
    assert page.status_code == 200 and order.notice_number in page.text
    assert pending.notice_number not in page.text
    assert client.get(reverse("preservation:expiring")).status_code == 200
    summary = client.get(reverse("preservation:order_detail", args=[order.pk]))
    assert summary.status_code == 200 and "北京知识产权法院" in summary.text
    assert client.get(reverse("preservation:order_detail", args=[pending.pk])).status_code == 404


def test_the_inquiry_form_and_its_results(client, scene):
    world, patent, _, _ = scene
    login(client, world.bj_clerk)
    assert client.get(reverse("preservation:inquiry")).status_code == 200
    case = preservation_case()
    page = client.post(
        reverse("preservation:inquiry"), {"case_number": case.number, "query": "星河科技"}
    )
    assert page.status_code == 200 and patent.patent_number in page.text
    wrong = client.post(
        reverse("preservation:inquiry"), {"case_number": "（2024）浙01执保1号", "query": "星河"}
    )
    assert "不是本院的案件" in wrong.text
    listing = client.get(reverse("preservation:inquiry_list"))
    assert case.number in listing.text


def test_the_registration_queue_registers(client, scene):
    world, patent, _, pending = scene
    login(client, world.cnipa_officer)
    queue = client.get(reverse("preservation:queue"))
    assert queue.status_code == 200 and pending.notice_number in queue.text
    client.post(reverse("preservation:order_register", args=[pending.pk]))
    pending.refresh_from_db()
    assert pending.status == "registered"


def test_the_queue_is_empty_for_courts(client, scene):
    world, _, _, pending = scene
    login(client, world.bj_clerk)
    assert pending.notice_number not in client.get(reverse("preservation:queue")).text


def test_the_patent_page_shows_the_freeze_timeline(client, scene):
    world, patent, order, _ = scene
    url = reverse("registry:patent_detail", args=[patent.pk])
    page = login(client, world.hz_clerk).get(url)
    assert page.status_code == 200 and "登记冻结" in page.text and "北京知识产权法院" in page.text
    client.logout()
    other = login(client, world.outsider).get(url)
    assert other.status_code == 200 and "登记冻结" not in other.text
