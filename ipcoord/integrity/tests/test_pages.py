"""Page smoke tests: the officer screens, records and decides; others get 404 or nothing."""

import pytest
from django.urls import reverse

from ipcoord.integrity import services
from ipcoord.integrity.models import FindingStatus
from ipcoord.integrity.tests.factories import PartyFactory, kangshifu, lead


@pytest.fixture
def scene(world):
    kangshifu()
    applicant = PartyFactory(name="某某食品有限公司")
    return world, lead(world, applicant=applicant)


def test_the_screening_form_shows_hits_and_records_one(client, world):
    kangshifu()
    client.force_login(world.cnipa_officer)
    assert client.get(reverse("integrity:screen")).status_code == 200
    page = client.post(reverse("integrity:screen"), {"text": "康帅傅", "classes": "30"})
    assert page.status_code == 200
    assert "康师傅" in page.text and "形近" in page.text and "同一类别" in page.text
    run = page.context["run"]
    n = next(i for i, h in enumerate(run.hits) if h["source"] == "register")
    url = reverse("integrity:hit_record", args=[run.pk, n])
    htmx = client.post(url, headers={"HX-Request": "true"})
    assert htmx.status_code == 200 and "已记录线索" in htmx.text
    bad = client.post(reverse("integrity:screen"), {"text": "康帅傅", "classes": "99"})
    assert "尼斯分类应为" in bad.text


def test_the_screening_form_is_for_officers_only(client, world):
    client.force_login(world.bj_judge)
    assert client.get(reverse("integrity:screen")).status_code == 404


def test_findings_list_filters_and_detail(client, scene):
    world, finding = scene
    client.force_login(world.cnipa_officer)
    listing = client.get(reverse("integrity:finding_list"), {"status": "lead"})
    assert listing.status_code == 200 and "康帅傅" in listing.text
    empty = client.get(reverse("integrity:finding_list"), {"status": "confirmed"})
    assert "康帅傅" not in empty.text
    rows = client.get(reverse("integrity:finding_list"), headers={"HX-Request": "true"})
    assert "<html" not in rows.text and "康帅傅" in rows.text
    detail = client.get(reverse("integrity:finding_detail", args=[finding.pk]))
    assert (
        detail.status_code == 200 and "确认" in detail.text and "「帅」与「师」形近" in detail.text
    )


def test_dismiss_needs_a_reason_then_works(client, scene):
    world, finding = scene
    client.force_login(world.cnipa_officer)
    url = reverse("integrity:finding_decide", args=[finding.pk, "dismiss"])
    page = client.post(url, {"reason": ""}, follow=True)
    assert "请写明理由" in page.text
    finding.refresh_from_db()
    assert finding.status == FindingStatus.LEAD
    client.post(url, {"reason": "不近似"})
    finding.refresh_from_db()
    assert finding.status == FindingStatus.DISMISSED


@pytest.mark.parametrize("who", ["zj_officer", "bj_judge", "outsider"])
def test_another_organisations_finding_is_404(client, scene, who):
    world, finding = scene
    client.force_login(getattr(world, who))
    assert client.get(reverse("integrity:finding_detail", args=[finding.pk])).status_code == 404
    url = reverse("integrity:finding_decide", args=[finding.pk, "confirm"])
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert client.get(reverse("integrity:run_detail", args=[finding.run_id])).status_code == 404


def test_the_party_panel_shows_confirmed_findings_to_courts(client, scene):
    world, finding = scene
    services.finding_confirm(actor=world.cnipa_officer, finding=finding, reason="恶意")
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    tpl = Template("{% load integrity %}{% integrity_panel party %}")
    for user, shown in ((world.bj_judge, True), (world.outsider, False)):
        request.user = user
        html = tpl.render(Context({"request": request, "party": finding.party}))
        assert ("诚信甄别" in html) is shown
        assert ("商标法" in html or "形近" in html) is shown


def test_the_party_screen_button_records_signals(client, world):
    party = PartyFactory(name="抢注公司")
    client.force_login(world.cnipa_officer)
    page = client.post(reverse("integrity:party_screen", args=[party.pk]), follow=True)
    assert page.status_code == 200
    client.force_login(world.bj_judge)
    assert client.post(reverse("integrity:party_screen", args=[party.pk])).status_code == 404
