"""Export what I see on the freeze-order list and the inquiry log: all the page's rows, and
only those the user's court may see."""

import pytest
from django.urls import reverse

from ipcoord.preservation import services
from ipcoord.preservation.models import OrderStatus
from ipcoord.preservation.tests.factories import (
    PartyFactory,
    freeze,
    granted_patent,
    preservation_case,
    submit,
)
from ipcoord.testing.exports import FORMATS, column, download, listed, small_pages  # noqa: F401

ORDERS = reverse("preservation:order_list")
INQUIRIES = reverse("preservation:inquiry_list")

pytestmark = pytest.mark.usefixtures("small_pages")


@pytest.fixture
def orders(world):
    """Three registered and one submitted order of 京73, two of 浙01."""
    patent = granted_patent()
    beijing = [freeze(world, world.bj_clerk, [patent]) for _ in range(3)]
    beijing.append(submit(world.bj_clerk, [granted_patent(), granted_patent()]))
    hangzhou = [freeze(world, world.hz_clerk, [patent]) for _ in range(2)]
    return beijing, hangzhou


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_clerk_exports_every_page_of_their_courts_orders(client, world, orders, fmt):
    beijing, hangzhou = orders
    client.force_login(world.bj_clerk)
    table = download(client, ORDERS, fmt)
    assert table.header == [
        "编号",
        "法院",
        "案号",
        "协助执行通知书文号",
        "权利数",
        "状态",
        "提交时间",
    ]
    shown = listed(client, ORDERS)
    assert len(shown) == 4  # two pages of two
    assert column(table) == [str(o.pk) for o in shown]
    assert set(column(table)) == {str(o.pk) for o in beijing}
    pending = next(cells for _n, cells in table.rows if cells[0] == str(beijing[-1].pk))
    assert pending[1:6] == [
        "北京知识产权法院",
        beijing[-1].case.number,
        beijing[-1].notice_number,
        "2",
        OrderStatus.SUBMITTED.label,
    ]
    assert pending[6] == beijing[-1].created_at.date().isoformat()


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_status_filter_applies_and_another_courts_clerk_gets_none_of_them(
    client, world, orders, fmt
):
    beijing, hangzhou = orders
    client.force_login(world.bj_clerk)
    table = download(client, ORDERS, fmt, status=OrderStatus.SUBMITTED)
    assert column(table) == [str(beijing[-1].pk)]

    client.force_login(world.hz_clerk)
    table = download(client, ORDERS, fmt)
    assert column(table) == [str(o.pk) for o in listed(client, ORDERS)]
    assert set(column(table)) == {str(o.pk) for o in hangzhou}


def test_the_registry_officer_exports_every_courts_orders(client, world, orders):
    beijing, hangzhou = orders
    client.force_login(world.cnipa_officer)
    table = download(client, ORDERS, "csv")
    assert set(column(table)) == {str(o.pk) for o in beijing + hangzhou}
    client.force_login(world.outsider)
    assert download(client, ORDERS, "xlsx").rows == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_inquiry_log_exports_the_courts_own_inquiries(client, world, fmt):
    PartyFactory(name="星河科技有限公司")
    for query in ("星河科技", "星河", "银河"):
        services.inquiry_run(
            actor=world.bj_clerk, case_number=preservation_case().number, query=query
        )
    services.inquiry_run(
        actor=world.hz_clerk, case_number=preservation_case("浙01").number, query="杭州"
    )
    client.force_login(world.bj_clerk)
    table = download(client, INQUIRIES, fmt)
    assert table.header == ["时间", "法院", "查询人", "案号", "查询条件", "结果数"]
    shown = listed(client, INQUIRIES)
    assert len(shown) == 3
    assert column(table, 4) == [i.query for i in shown]
    assert set(column(table, 4)) == {"星河科技", "星河", "银河"}
    assert set(column(table, 2)) == {"李书记员"}

    client.force_login(world.hz_clerk)
    assert column(download(client, INQUIRIES, fmt), 4) == ["杭州"]
    client.force_login(world.cnipa_officer)
    assert download(client, INQUIRIES, fmt).rows == []


def test_an_unknown_status_filter_lists_and_exports_every_order(client, world, orders):
    beijing, _hangzhou = orders
    client.force_login(world.bj_clerk)
    table = download(client, ORDERS, "csv", status="nonsense")
    assert set(column(table)) == {str(o.pk) for o in beijing}
