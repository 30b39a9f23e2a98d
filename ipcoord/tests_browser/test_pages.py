"""One pass through the pages as a court clerk would take it, in headless Chromium."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from ipcoord.cases import services as cases_services
from ipcoord.cases.models import Cause, ProceedingKind
from ipcoord.registry import services as registry_services
from ipcoord.registry.models import PartyKind
from ipcoord.registry.tests.factories import application_number
from ipcoord.testing.world import PASSWORD, build_world

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_searches_a_patent_opens_it_and_confirms_a_link(live_server, page):
    world = build_world()
    owner = registry_services.party_create(
        actor=None, kind=PartyKind.LEGAL, name="杭州星河科技有限公司"
    )
    rival = registry_services.party_create(
        actor=None, kind=PartyKind.LEGAL, name="北京远山电子有限公司"
    )
    number = application_number(2021, "1", 345678)
    patent = registry_services.patent_record(
        actor=None,
        application_number=number,
        title="一种基于区块链的身份认证方法及系统",
        filing_date=datetime.date(2021, 3, 1),
        owners=[owner],
        ipc="H04L 9/32",
    )
    registry_services.right_grant(actor=None, right=patent, date=datetime.date(2022, 6, 1))
    case = cases_services.case_file(
        actor=world.bj_clerk,
        number="(2024)京73知民初101号",
        cause=Cause.PATENT_INFRINGEMENT,
        filing_date=datetime.date(2024, 2, 1),
        patents=[patent],
        parties=[(owner, "plaintiff"), (rival, "defendant")],
    )
    cases_services.proceeding_file(
        actor=world.cnipa_officer,
        kind=ProceedingKind.PATENT_INVALIDATION,
        number="4W112233",
        right=patent,
        requester=rival,
        filing_date=datetime.date(2024, 3, 1),
    )

    page.goto(f"{live_server.url}/login/")
    expect(page.get_by_role("heading", name="登录知识产权协同保护平台")).to_be_visible()
    page.get_by_label("用户名").fill("bj_clerk")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    screenshot(page, "dashboard")

    page.get_by_role("link", name="专利", exact=True).first.click()
    page.get_by_label("搜索专利").fill(f"ZL {number[:4]} {number[4]} {number[5:]}")
    page.get_by_role("button", name="搜索").click()
    result = page.get_by_role("link", name=f"ZL{number}")
    expect(result).to_be_visible()
    screenshot(page, "patent_list")
    result.click()

    expect(
        page.get_by_role("heading", name=re.compile("一种基于区块链的身份认证方法"))
    ).to_be_visible()
    expect(page.get_by_text(case.number).first).to_be_visible()
    expect(page.get_by_text("4W112233").first).to_be_visible()
    screenshot(page, "patent_detail")

    page.get_by_role("link", name=case.number).first.click()
    page.get_by_test_id("confirm-link").first.click()
    expect(page.get_by_text("已确认关联")).to_be_visible()
    screenshot(page, "case_detail")
    assert case.links.get().status == "confirmed"
