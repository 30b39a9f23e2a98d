"""One pass through the pages as a court clerk would take it, in headless Chromium."""

import re

import pytest
from playwright.sync_api import expect

from ipcoord.testing.browser import screenshot
from ipcoord.testing.scenes import build_scene
from ipcoord.testing.world import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_searches_a_patent_opens_it_and_confirms_a_link(live_server, page):
    scene = build_scene(build_world(), title="一种基于区块链的身份认证方法及系统")
    number, case = scene.patent.application_number, scene.case

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
    expect(page.get_by_text(scene.proceeding.number).first).to_be_visible()
    screenshot(page, "patent_detail")

    page.get_by_role("link", name=case.number).first.click()
    page.get_by_test_id("confirm-link").first.click()
    expect(page.get_by_text("已确认关联")).to_be_visible()
    screenshot(page, "case_detail")
    assert case.links.get().status == "confirmed"
