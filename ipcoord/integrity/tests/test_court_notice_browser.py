"""A judge notifies CNIPA of malicious litigation, in headless Chromium; CNIPA reads it and
another province's office sees it on the party's page. SCREENSHOT_DIR keeps the pictures."""

import pytest
from playwright.sync_api import expect

from ipcoord.integrity.tests.court_helpers import DECIDED, DOCUMENT, FACTS, suit
from ipcoord.testing.browser import screenshot
from ipcoord.testing.world import PASSWORD, build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, url: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{url}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()


def test_a_judge_notifies_and_the_offices_see_it(live_server, page):
    world = build_world()
    s = suit(world)
    url = live_server.url

    _login(page, url, "bj_judge")
    # from the party's page: the party's cases in the judge's court, then the form
    page.goto(f"{url}/registry/parties/{s.troll.pk}/")
    page.get_by_role("link", name="通报恶意诉讼、恶意注册").click()
    screenshot(page, "court_notice_new")
    page.get_by_role("link", name=s.case.number).click()
    expect(page.get_by_role("heading", name="通报恶意诉讼、恶意注册")).to_be_visible()
    expect(page.get_by_label("当事人")).to_have_value(str(s.troll.pk))
    page.get_by_label("认定的事实").fill(FACTS)
    page.get_by_label("裁判文书").fill(DOCUMENT)
    page.get_by_label("裁判日期").fill(DECIDED.isoformat())
    page.get_by_label(s.patent.application_number, exact=False).check()
    screenshot(page, "court_notice_form")
    page.get_by_role("button", name="通报", exact=True).click()
    expect(page.get_by_text("已通报知识产权管理部门。")).to_be_visible()
    screenshot(page, "court_notice_detail_judge")

    _login(page, url, "cnipa_officer")
    page.goto(f"{url}/integrity/court/")
    row = page.get_by_role("row").filter(has_text=s.troll.name)
    expect(row.get_by_text(s.case.number, exact=True)).to_be_visible()
    screenshot(page, "court_notice_list")
    row.get_by_role("link").first.click()
    expect(page.get_by_role("button", name="立为甄别线索")).to_be_visible()
    screenshot(page, "court_notice_detail_cnipa")

    _login(page, url, "zj_officer")
    page.goto(f"{url}/registry/parties/{s.troll.pk}/")
    panel = page.locator("#integrity-panel")
    expect(panel.get_by_text(s.case.number)).to_be_visible()
    expect(panel.get_by_text("法院通报：恶意诉讼")).to_be_visible()
    screenshot(page, "court_notice_party_page")
