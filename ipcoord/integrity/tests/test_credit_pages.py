"""Pages of the dishonesty list: the officer's workflow, the public list (no login, public
fields only), the party panel, and 404 for another office's proposal."""

import time_machine
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from ipcoord.integrity import services
from ipcoord.integrity.credit_models import CreditListing, ListingStatus
from ipcoord.integrity.tests.credit_helpers import DAY, T0, credit_counts, listed_at, proposed
from ipcoord.registry.models import PartyKind
from ipcoord.registry.tests.factories import PartyFactory

ID_NUMBER = "11010519491231002X"


def test_the_officer_walks_the_steps_on_the_pages(client, world):
    party = PartyFactory(name="页面测试公司")
    client.force_login(world.cnipa_officer)
    assert client.get(reverse("integrity:credit_propose")).status_code == 200
    with time_machine.travel(T0, tick=False):
        page = client.post(
            reverse("integrity:credit_propose"),
            {"party": party.name, "kind": "cnipa", "facts": "大量恶意申请", "legal_basis": "规定"},
        )
        listing = CreditListing.objects.get(party=party)
        assert page.status_code == 302
        detail = client.get(reverse("integrity:credit_detail", args=[listing.pk]))
        assert "记录已告知当事人" in detail.text and "作出决定" not in detail.text
        url = reverse("integrity:credit_step", args=[listing.pk, "notify"])
        client.post(url, {"notify-notice_text": "告知书"})
        detail = client.get(reverse("integrity:credit_detail", args=[listing.pk]))
        assert "记录异议" in detail.text and "作出决定" not in detail.text
        # Deciding early from a stale page: refused with the reason.
        url = reverse("integrity:credit_step", args=[listing.pk, "decide"])
        early = client.post(url, {"decide-outcome": "list", "decide-reason": "清楚"}, follow=True)
        assert "届满前不能作出决定" in early.text
    with time_machine.travel(T0 + 16 * DAY, tick=False):
        client.force_login(world.cnipa_officer)  # the session of 16 days ago has expired
        client.post(url, {"decide-outcome": "list", "decide-reason": "清楚"})
        listing.refresh_from_db()
        assert listing.status == ListingStatus.LISTED
        detail = client.get(reverse("integrity:credit_detail", args=[listing.pk]))
        assert "作出列入决定" in detail.text and "惩戒措施" in detail.text


def test_the_propose_form_shows_clear_errors_and_writes_nothing(client, world):
    client.force_login(world.cnipa_officer)
    before = credit_counts()
    page = client.post(
        reverse("integrity:credit_propose"),
        {"party": "不存在的公司", "kind": "cnipa", "facts": "x", "legal_basis": "y"},
    )
    assert page.status_code == 200 and "没有找到该当事人" in page.text
    party = PartyFactory(name="期限公司")
    before = credit_counts()
    page = client.post(
        reverse("integrity:credit_propose"),
        {
            "party": str(party.pk),
            "kind": "cnipa",
            "facts": "x",
            "legal_basis": "y",
            "term_months": 99,
        },
    )
    assert "最长期限" in page.text
    assert credit_counts() == before


def test_the_public_list_needs_no_login_and_shows_public_fields_only(client, world):
    person = PartyFactory(name="张某", kind=PartyKind.NATURAL, id_number=ID_NUMBER)
    shown = listed_at(world, party=person)
    firm = listed_at(world, at=T0 + 1 * DAY)
    sealed = listed_at(world, at=T0 + 2 * DAY, party=PartyFactory(name="保密公司"))
    CreditListing.objects.filter(pk=sealed.pk).update(sealed=True)
    pending = proposed(world, party=PartyFactory(name="拟列入公司"))
    with time_machine.travel(T0 + 30 * DAY, tick=False):
        page = client.get(reverse("integrity:credit_public"))
        api = client.get("/api/v1/credit-public/")
    assert page.status_code == 200 and api.status_code == 200
    assert "张某" in page.text and firm.party.uscc in page.text
    assert ID_NUMBER not in page.text and ID_NUMBER not in api.text
    assert "保密公司" not in page.text and "拟列入公司" not in page.text
    assert "保密公司" not in api.text and pending.party.name not in api.text
    names = {r["party_name"] for r in api.json()["results"]}
    assert names == {"张某", firm.party.name}
    assert set(api.json()["results"][0]) == {
        "id", "party_name", "identifier", "kind", "kind_label", "facts", "legal_basis",
        "decided_at", "published_from", "published_until", "office",
    }  # fmt: skip
    assert shown.facts in page.text


def test_expired_listing_leaves_the_public_page(client, world):
    listing = listed_at(world)
    with time_machine.travel(listing.published_until + DAY, tick=False):
        services.listing_expire_sweep()
        services.listing_expire_sweep()
        page = client.get(reverse("integrity:credit_public"))
    assert listing.party.name not in page.text


def test_another_office_gets_404_on_a_proposal(client, world):
    listing = proposed(world)
    for user in (world.zj_officer, world.bj_judge, world.outsider):
        client.force_login(user)
        assert client.get(reverse("integrity:credit_detail", args=[listing.pk])).status_code == 404
        url = reverse("integrity:credit_step", args=[listing.pk, "notify"])
        assert client.post(url, {"notify-notice_text": "x"}).status_code == 404
    client.force_login(world.bj_judge)
    assert client.get(reverse("integrity:credit_propose")).status_code == 404


def test_the_party_panel_tells_any_signed_in_user(world):
    listing = listed_at(world)
    request = RequestFactory().get("/")
    tpl = Template("{% load integrity %}{% integrity_panel party %}")
    with time_machine.travel(listing.published_from + DAY, tick=False):
        for user in (world.outsider, world.bj_judge):
            request.user = user
            html = tpl.render(Context({"request": request, "party": listing.party}))
            assert "已列入知识产权领域严重失信主体名单" in html and "近似" in html
        request.user = world.outsider
        other = tpl.render(Context({"request": request, "party": PartyFactory(name="守信公司")}))
    assert "未列入失信名单" in other
