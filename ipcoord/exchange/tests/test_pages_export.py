""" "Export what I see": the list filters apply and so does the visibility rule."""

import io

import pytest
from django.urls import reverse

from ipcoord.exchange.formats import read_table
from ipcoord.exchange.tests.helpers import sample_register


def _export(client, user, kind, **params):
    client.force_login(user)
    response = client.get(reverse("exchange:export", args=[kind]), params)
    assert response.status_code == 200, response
    fmt = params.get("fmt", "xlsx")
    return read_table(io.BytesIO(b"".join(response.streaming_content)), name=f"x.{fmt}")


def test_hz_clerk_does_not_get_the_beijing_courts_cases(client, world):
    sample_register(world)
    table = _export(client, world.hz_clerk, "cases", fmt="xlsx")
    assert table.header[0] == "案号"
    assert [row[0] for _n, row in table.rows] == ["（2024）浙01民初7号"]


def test_the_owning_court_gets_its_cases_and_filters_apply(client, world):
    sample_register(world)
    table = _export(client, world.bj_clerk, "cases", fmt="csv")
    assert {row[0] for _n, row in table.rows} == {"（2023）京73民初100号", "（2023）京73民初101号"}
    table = _export(client, world.bj_clerk, "cases", fmt="csv", status="closed")
    assert [row[0] for _n, row in table.rows] == ["（2023）京73民初100号"]


def test_english_headers_on_request(client, world):
    sample_register(world)
    table = _export(client, world.hz_clerk, "cases", lang="en")
    assert table.header[0] == "Case number"


def test_an_outsider_exports_an_empty_table(client, world):
    sample_register(world)
    assert _export(client, world.outsider, "cases").rows == []


def test_an_unknown_kind_is_404_and_anonymous_is_sent_to_sign_in(client, world):
    client.force_login(world.hz_clerk)
    assert client.get(reverse("exchange:export", args=["nope"])).status_code == 404
    client.logout()
    assert client.get(reverse("exchange:export", args=["cases"])).status_code == 302


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("registry:patent_list", "patents"),
        ("registry:trademark_list", "trademarks"),
        ("registry:party_list", "parties"),
        ("cases:case_list", "cases"),
        ("cases:proceeding_list", "proceedings"),
        ("core:organisation_list", "organisations"),
    ],
)
def test_every_list_page_has_export_buttons_carrying_its_query(client, world, url, kind):
    client.force_login(world.bj_clerk)
    page = client.get(reverse(url), {"q": "华为"}).content.decode()
    href = reverse("exchange:export", args=[kind])
    assert f"{href}?q=%E5%8D%8E%E4%B8%BA&amp;fmt=xlsx" in page
    assert f"{href}?q=%E5%8D%8E%E4%B8%BA&amp;fmt=csv" in page
    if kind != "organisations":  # a live filter replaces the rows and the buttons with them
        rows = client.get(reverse(url), {"q": "中兴"}, headers={"HX-Request": "true"}).text
        assert "<html" not in rows and f"{href}?q=%E4%B8%AD%E5%85%B4&amp;fmt=csv" in rows
