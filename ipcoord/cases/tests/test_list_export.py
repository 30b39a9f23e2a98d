"""Export what I see on the link list: every page of the chosen tab, only the user's links."""

import pytest
from django.urls import reverse

from ipcoord.cases import services
from ipcoord.cases.models import CaseLink, LinkKind, LinkStatus
from ipcoord.cases.tests.factories import CaseFactory, ProceedingFactory, granted_patent
from ipcoord.testing.exports import FORMATS, column, download, listed, small_pages  # noqa: F401

LINKS = reverse("cases:link_list")

pytestmark = pytest.mark.usefixtures("small_pages")


def _link(world, clerk, number: str) -> CaseLink:
    """A civil case of the clerk's court and an invalidation at CNIPA on the same patent."""
    patent = granted_patent()
    case = CaseFactory(actor=clerk, number=number, patents=[patent])
    proceeding = ProceedingFactory(actor=world.cnipa_officer, right=patent)
    return CaseLink.objects.get(case=case, proceeding=proceeding)


@pytest.fixture
def links(world):
    beijing = [_link(world, world.bj_clerk, f"（2024）京73知民初{n}号") for n in (11, 12, 13)]
    hangzhou = [_link(world, world.hz_clerk, "（2024）浙01知民初21号")]
    services.link_confirm(actor=world.bj_judge, link=beijing[0], reason="同一专利")
    return beijing, hangzhou


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_proposed_tab_exports_all_its_pages(client, world, links, fmt):
    beijing, _ = links
    client.force_login(world.bj_clerk)
    table = download(client, LINKS, fmt)
    assert table.header == ["案件", "行政程序", "关联类型", "系统提议", "状态", "说明"]
    shown = listed(client, LINKS)
    assert len(shown) == 2
    assert column(table) == [link.case.number for link in shown]
    assert set(column(table)) == {link.case.number for link in beijing[1:]}
    first = table.rows[0][1]
    proceeding = shown[0].proceeding
    assert first[1] == f"{proceeding.number} {proceeding.get_kind_display()}"
    assert first[2:5] == [LinkKind.VALIDITY_CHALLENGE.label, "是", LinkStatus.PROPOSED.label]


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_tab_is_the_filter_and_another_court_gets_none(client, world, links, fmt):
    beijing, hangzhou = links
    client.force_login(world.bj_clerk)
    confirmed = download(client, LINKS, fmt, status=LinkStatus.CONFIRMED)
    assert [cells[0] for _n, cells in confirmed.rows] == [beijing[0].case.number]
    assert confirmed.rows[0][1][5] == "同一专利"

    client.force_login(world.hz_clerk)
    table = download(client, LINKS, fmt)
    assert column(table) == [hangzhou[0].case.number]
    assert download(client, LINKS, fmt, status=LinkStatus.CONFIRMED).rows == []
    client.force_login(world.outsider)
    assert download(client, LINKS, fmt).rows == []
