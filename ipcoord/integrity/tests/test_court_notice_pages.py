"""Pages of the courts' notices: a judge files in two steps, CNIPA sees it and can act, the
party's page tells other organisations, 404 for another court's case or a sealed notice."""

import re

from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from ipcoord.core.models import Notification
from ipcoord.integrity.tests.court_helpers import (
    DECIDED,
    DOCUMENT,
    FACTS,
    court_counts,
    file_notice,
    suit,
)
from ipcoord.registry.tests.factories import PartyFactory


def _form(s, **change):
    data = {
        "party": s.troll.pk,
        "kind": "malicious_litigation",
        "facts": FACTS,
        "document": DOCUMENT,
        "decision_date": DECIDED.isoformat(),
        "patents": [s.patent.pk],
    }
    data.update(change)
    return data


def test_a_judge_files_in_two_steps_and_cnipa_sees_and_acts(client, world):
    s = suit(world)
    client.force_login(world.bj_judge)
    listing = client.get(reverse("integrity:court_notice_list"))
    assert "新建通报" in listing.content.decode()
    step1 = client.get(reverse("integrity:court_notice_new"), {"case": "2024京73知民初2001"})
    assert step1.status_code == 302
    form = client.get(step1.url)
    page = form.content.decode()
    assert s.troll.name in page and s.patent.application_number in page
    # CNIPA is ticked by default (Beijing has no provincial office on the platform)
    ticked = re.findall(r'<input type="checkbox" name="addressees" value="(\d+)"[^>]*checked', page)
    assert ticked == [str(world.cnipa.pk)]
    cnipa = str(world.cnipa.pk)
    done = client.post(step1.url, _form(s, addressees=[cnipa]), follow=True)
    body = done.content.decode()
    assert done.status_code == 200 and DOCUMENT in body and FACTS in body
    assert Notification.objects.filter(recipient=world.cnipa_officer).count() == 1

    client.force_login(world.cnipa_officer)
    rows = client.get(reverse("integrity:court_notice_list")).content.decode()
    assert s.troll.name in rows and s.case.number in rows and "新建通报" not in rows
    notice_url = done.redirect_chain[-1][0]
    detail = client.get(notice_url).content.decode()
    assert "立为甄别线索" in detail and "提出列入失信名单" in detail
    assert "findings=" in detail and f"party={s.troll.pk}" in detail
    lead = client.post(f"{notice_url}lead/", follow=True)
    assert lead.status_code == 200 and "待甄别" in lead.content.decode()


def test_the_form_refuses_a_party_not_in_the_case_and_writes_nothing(client, world):
    s = suit(world)
    client.force_login(world.bj_judge)
    url = reverse("integrity:court_notice_case", args=[s.case.pk])
    stranger = PartyFactory(name="无关公司")
    before = court_counts()
    page = client.post(url, _form(s, party=stranger.pk, addressees=[world.cnipa.pk]))
    assert page.status_code == 400 and "invalid-feedback" in page.content.decode()
    future = client.post(url, _form(s, decision_date="2099-01-01", addressees=[world.cnipa.pk]))
    assert "裁判日期不能晚于今天" in future.content.decode()
    no_office = client.post(url, _form(s))
    assert "请至少选择一个通报的知识产权管理部门" in no_office.content.decode()
    assert court_counts() == before


def test_another_court_gets_404_and_cannot_file(client, world):
    s = suit(world)
    notice = file_notice(world, s)
    client.force_login(world.hz_clerk)
    form = reverse("integrity:court_notice_case", args=[s.case.pk])
    assert client.get(form).status_code == 404
    assert client.post(form, _form(s, addressees=[world.cnipa.pk])).status_code == 404
    step1 = client.get(reverse("integrity:court_notice_new"), {"case": s.case.number})
    assert "本院没有这个案号的案件" in step1.content.decode()
    # an open case's notice is read by every court, but not the case behind it
    detail = client.get(reverse("integrity:court_notice_detail", args=[notice.pk])).content
    assert reverse("cases:case_detail", args=[s.case.pk]) not in detail.decode()
    # IP officers and mediators file nothing
    for user in (world.cnipa_officer, world.outsider):
        client.force_login(user)
        assert client.get(reverse("integrity:court_notice_new")).status_code == 404
        assert client.get(form).status_code == 404


def test_a_sealed_case_notice_is_404_for_other_organisations(client, world):
    s = suit(world, sealed=True)
    notice = file_notice(world, s)
    url = reverse("integrity:court_notice_detail", args=[notice.pk])
    for user in (world.hz_clerk, world.zj_officer, world.haidian_judge):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.get(reverse("integrity:finding_detail", args=[notice.pk])).status_code == 404
        rows = client.get(reverse("integrity:court_notice_list")).content.decode()
        assert s.troll.name not in rows
    client.force_login(world.cnipa_officer)
    assert client.get(url).status_code == 200


def _panel(user, party) -> str:
    request = RequestFactory().get("/")
    request.user = user
    tpl = Template("{% load integrity %}{% integrity_panel party %}")
    return tpl.render(Context({"request": request, "party": party}))


def test_the_party_page_tells_other_organisations(client, world):
    s = suit(world)
    file_notice(world, s)
    for user in (world.hz_clerk, world.zj_officer):
        html = _panel(user, s.troll)
        assert "法院通报" in html and "恶意诉讼" in html
        assert world.bj_ip_court.name in html and s.case.number in html
        assert DECIDED.isoformat() in html and FACTS[:20] in html
    client.force_login(world.zj_officer)
    page = client.get(reverse("registry:party_detail", args=[s.troll.pk])).content.decode()
    assert s.case.number in page and "法院通报" in page
    # the defendant is not the one found in bad faith
    assert "法院通报" not in _panel(world.zj_officer, s.defendant)


def test_the_party_page_hides_a_sealed_case_notice_from_others(world):
    s = suit(world, sealed=True)
    file_notice(world, s)
    for user in (world.hz_clerk, world.zj_officer):
        assert s.case.number not in _panel(user, s.troll)
    assert s.case.number in _panel(world.cnipa_officer, s.troll)
    assert s.case.number in _panel(world.bj_judge, s.troll)
