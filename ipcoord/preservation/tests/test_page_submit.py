"""The court's page to submit a freeze order."""

import re

import pytest
from django.urls import reverse

from ipcoord.preservation.models import FreezeOrder, ItemStatus
from ipcoord.preservation.tests.factories import (
    PartyFactory,
    counts,
    granted_patent,
    preservation_case,
    registered_trademark,
)

URL = "preservation:order_submit"


def _post(client, user, case_number, rights, months=6, **extra):
    client.force_login(user)
    data = {
        "case_number": case_number,
        "ruling_number": "（2024）京73执保1号",
        "notice_number": "协执（2024）1号",
        "kind": "in_litigation",
        "rights": rights,
        "months": months,
        **extra,
    }
    return client.post(reverse(URL), data)


@pytest.fixture
def rights(world):
    return granted_patent(), registered_trademark()


def test_it_submits_an_order_on_several_rights(client, world, rights):
    patent, mark = rights
    case = preservation_case()
    client.force_login(world.bj_clerk)
    form = client.get(reverse(URL))
    assert form.status_code == 200 and case.number in form.text  # offered in the case list
    assert "每期上限" in form.text and "六个月" in form.text
    page = _post(
        client, world.bj_clerk, case.number, f"{patent.patent_number}\n商标 {mark.number}\n"
    )
    order = FreezeOrder.objects.get()
    assert page.status_code == 302 and page.url == reverse(
        "preservation:order_detail", args=[order.pk]
    )
    assert order.case == case and order.owner_org == world.bj_ip_court
    assert {i.status for i in order.items.all()} == {ItemStatus.PENDING}
    assert order.items.count() == 2


def test_it_shows_the_ceiling_refusal_with_its_source_on_the_form(client, world, rights):
    patent, _ = rights
    case = preservation_case()
    client.force_login(world.bj_clerk)
    before = counts()
    page = _post(client, world.bj_clerk, case.number, patent.patent_number, months=7)
    assert page.status_code == 200
    assert "超过每期上限 6 个月" in page.text and "若干规定" in page.text
    assert "invalid-feedback" in page.text
    assert counts() == before


def test_it_explains_a_number_that_is_neither_a_patent_nor_a_trademark(client, world):
    page = _post(client, world.bj_clerk, preservation_case().number, "ZL20231012345")
    assert page.status_code == 200 and "既不是有效的专利申请号" in page.text
    assert not FreezeOrder.objects.exists()


def test_it_refuses_an_unknown_right_on_the_rights_field(client, world):
    page = _post(client, world.bj_clerk, preservation_case().number, "87654321")
    assert "登记簿中没有注册号为“87654321”的商标" in page.text
    assert not FreezeOrder.objects.exists()


def test_it_refuses_a_case_of_another_court(client, world, rights):
    patent, _ = rights
    other = preservation_case("浙01")
    page = _post(client, world.bj_clerk, other.number, patent.patent_number)
    assert page.status_code == 200 and "不是本院的案件" in page.text
    assert not FreezeOrder.objects.exists()


def test_it_is_not_found_for_users_who_are_not_judges_or_clerks(client, world):
    for user in (world.outsider, world.cnipa_officer):
        client.force_login(user)
        assert client.get(reverse(URL)).status_code == 404


def test_the_submit_button_shows_for_court_users_only(client, world):
    client.force_login(world.bj_clerk)
    assert reverse(URL) in client.get(reverse("preservation:order_list")).text
    client.force_login(world.cnipa_officer)
    assert reverse(URL) not in client.get(reverse("preservation:order_list")).text


def test_rights_ticked_in_the_inquiry_come_filled_in(client, world):
    owner = PartyFactory(name="星河科技有限公司")
    patent, mark = granted_patent(owners=[owner]), registered_trademark(owner=owner)
    case = preservation_case()
    client.force_login(world.bj_clerk)
    results = client.post(
        reverse("preservation:inquiry"), {"case_number": case.number, "query": "星河科技"}
    )
    assert f'value="{patent.patent_number}"' in results.text
    assert f'value="商标 {mark.number}"' in results.text
    form = client.get(
        reverse("preservation:order_submit"),
        {"case_number": case.number, "right": [patent.patent_number, f"商标 {mark.number}"]},
    )
    assert re.search(rf'name="case_number"[^>]*value="{re.escape(case.number)}"', form.text)
    assert patent.patent_number in form.text and f"商标 {mark.number}" in form.text
    page = client.post(
        reverse("preservation:order_submit"),
        {
            "case_number": case.number,
            "ruling_number": "（2024）京73执保1号",
            "notice_number": "协执100号",
            "kind": "in_litigation",
            "rights": f"{patent.patent_number}\n商标 {mark.number}",
            "months": 6,
        },
    )
    assert page.status_code == 302
    order = FreezeOrder.objects.get(notice_number="协执100号")
    assert {i.right for i in order.items.all()} == {patent, mark}
