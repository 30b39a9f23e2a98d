"""Searching the register: number forms, aliases, traditional characters, scoping, queries."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ipcoord.core.selectors import forget_scope
from ipcoord.registry import selectors, services
from ipcoord.registry.models import PartyKind, PatentKind, RightStatus
from ipcoord.registry.tests.factories import (
    USCC_HUAWEI,
    PartyFactory,
    PatentFactory,
    TrademarkFactory,
    application_number,
    granted_patent,
)

D = datetime.date


@pytest.fixture
def register(world):
    huawei = services.party_create(
        actor=None,
        kind=PartyKind.LEGAL,
        name="华为技术有限公司",
        uscc=USCC_HUAWEI,
        aliases=["HUAWEI", "华为"],
    )
    target = PatentFactory(
        application_number=application_number(2023, "1", 123456),  # 202310123456.6
        title="一种无线通信方法",
        owners=[huawei],
        ipc="H04W 72/04",
    )
    other = PatentFactory(
        title="一种锂电池", owners=[PartyFactory(name="宁德时代新能源科技股份有限公司")]
    )
    mark = TrademarkFactory(number="12345678", mark_text="鸿蒙", owner=huawei, nice_classes="9,42")
    return {"huawei": huawei, "target": target, "other": other, "mark": mark}


@pytest.mark.parametrize(
    "q",
    ["ZL 2023 1 0123456.6", "2023101234566", "202310123456.6", "cn202310123456.6", "2023101234"],
)
def test_patent_found_by_any_number_form(world, register, q):
    assert list(selectors.patent_list_for(user=world.bj_judge, q=q)) == [register["target"]]


@pytest.mark.parametrize("q", ["无线通信", "华为技术", "HUAWEI", "華為技術有限公司", "無線通信"])
def test_patent_found_by_title_owner_alias_or_traditional_characters(world, register, q):
    assert list(selectors.patent_list_for(user=world.outsider, q=q)) == [register["target"]]


def test_patent_filters(world, register):
    target = register["target"]
    services.right_grant(actor=None, right=target, date=D(2024, 6, 1))
    by = selectors.patent_list_for
    assert list(by(user=world.bj_judge, status=RightStatus.VALID)) == [target]
    assert list(by(user=world.bj_judge, owner=register["huawei"])) == [target]
    assert list(by(user=world.bj_judge, owner=register["huawei"].pk)) == [target]
    assert list(by(user=world.bj_judge, ipc="H04W")) == [target]
    assert list(by(user=world.bj_judge, ipc="h04w72/04")) == [target]
    assert set(by(user=world.bj_judge, kind=PatentKind.INVENTION)) == {target, register["other"]}


def test_trademark_search(world, register):
    mark = register["mark"]
    by = selectors.trademark_list_for
    assert list(by(user=world.bj_judge, q="第12345678号")) == [mark]
    assert list(by(user=world.bj_judge, q="鴻蒙")) == [mark]
    assert list(by(user=world.bj_judge, q="華為")) == [mark]
    assert list(by(user=world.bj_judge, nice_class="第9类")) == [mark]
    assert list(by(user=world.bj_judge, nice_class=35)) == []
    assert list(by(user=world.bj_judge, nice_class="99")) == []


def test_party_search(world, register):
    huawei = register["huawei"]
    assert list(selectors.party_list_for(user=world.bj_judge, q=USCC_HUAWEI.lower())) == [huawei]
    assert list(selectors.party_list_for(user=world.bj_judge, q="華為")) == [huawei]


def test_sealed_patent_is_seen_only_by_its_owner(world):
    sealed = PatentFactory(owner_org=world.zj_ipo, sealed=True, actor=world.zj_officer)
    public = PatentFactory()
    assert set(selectors.patent_list_for(user=world.zj_officer)) == {sealed, public}
    for user in (world.cnipa_officer, world.bj_judge, world.outsider):
        assert list(selectors.patent_list_for(user=user)) == [public]
        assert not selectors.event_list_for(user=user, right=sealed).exists()
    assert selectors.event_list_for(user=world.zj_officer, right=sealed).count() == 1


def test_anonymous_users_see_nothing(world, register):
    assert not selectors.patent_list_for(user=AnonymousUser()).exists()
    assert not selectors.party_list_for(user=AnonymousUser()).exists()


def test_event_list_in_order(world):
    patent = granted_patent()
    services.lapse_record(actor=None, right=patent, date=D(2024, 9, 1))
    kinds = [e.kind for e in selectors.event_list_for(user=world.outsider, right=patent)]
    assert kinds == ["filing", "grant", "lapse"]


def _list_queries(user) -> int:
    shown: list[str] = []
    with CaptureQueriesContext(connection) as ctx:
        for patent in selectors.patent_list_for(user=user):
            shown += [o.name for o in patent.owners.all()]
            shown += [link.party.name for link in patent.owner_links]
            shown.append(patent.owner_org.name)
        for mark in selectors.trademark_list_for(user=user):
            shown += [mark.owner.name, mark.owner_org.name]
    assert shown
    return len(ctx.captured_queries)


def test_list_pages_do_not_query_per_row(world):
    PatentFactory(owners=[PartyFactory(), PartyFactory()])
    TrademarkFactory()
    forget_scope(world.bj_judge)  # both runs start without the cached scope
    few = _list_queries(world.bj_judge)
    for _ in range(5):
        PatentFactory(owners=[PartyFactory(), PartyFactory()])
        TrademarkFactory()
    forget_scope(world.bj_judge)
    assert _list_queries(world.bj_judge) == few
