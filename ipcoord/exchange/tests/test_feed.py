"""GET /api/v1/exchange/feed/: order, cursor resumption, and visibility from the outside."""

import pytest
from rest_framework.test import APIClient

from ipcoord.exchange.feed import feed_page
from ipcoord.exchange.tests.batch_helpers import register_machine
from ipcoord.exchange.tests.feed_helpers import case_ids, file_case

URL = "/api/v1/exchange/feed/"


@pytest.fixture
def cases(world):
    """Two open 京73 cases, one sealed 京73 case, one Haidian case."""
    w = world
    return {
        "open1": file_case(w.bj_judge, "（2024）京73民初1号"),
        "open2": file_case(w.bj_judge, "（2024）京73民初2号"),
        "sealed": file_case(w.bj_judge, "（2024）京73民初3号", sealed=True),
        "haidian": file_case(w.haidian_judge, "（2024）京0108民初9号"),
    }


def session(user) -> APIClient:
    api = APIClient()
    api.force_login(user)
    return api


def read_all(api: APIClient, *, limit: int = 2, after: int = 0) -> tuple[list[dict], int]:
    items: list[dict] = []
    for _ in range(100):
        body = api.get(URL, {"after": after, "limit": limit}).json()
        items += body["items"]
        assert body["next"] >= after
        after = body["next"]
        if not body["has_more"]:
            return items, after
    raise AssertionError("the feed did not end")


def test_it_lists_changes_in_order_and_resumes_from_the_cursor(world, cases):
    api = session(world.bj_judge)
    first = api.get(URL, {"limit": 2}).json()
    assert len(first["items"]) == 2 and first["has_more"]
    rest, end = read_all(api, after=first["next"], limit=2)
    everything = first["items"] + rest
    seqs = [i["seq"] for i in everything]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert case_ids(everything) == {
        c.pk for c in cases.values() if c.owner_org_id == world.bj_ip_court.pk
    }
    filed = [i for i in everything if i["action"] == "case.file"]
    assert filed[0]["object"]["number"] == "（2024）京73民初1号"
    # Nothing new: the cursor stays put and the page is empty.
    again = api.get(URL, {"after": end}).json()
    assert again == {"items": [], "next": end, "has_more": False}
    file_case(world.bj_judge, "（2024）京73民初4号")
    new = api.get(URL, {"after": end}).json()["items"]
    assert [i["object"]["number"] for i in new if i["kind"] == "case"] == ["（2024）京73民初4号"]


def test_it_never_shows_a_sealed_case_or_another_courts_case_to_hz_clerk(world, cases):
    items, _ = read_all(session(world.hz_clerk), limit=50)
    assert case_ids(items) == set()
    assert all(i["kind"] != "case" for i in items)


def test_supervisors_see_open_cases_below_them_but_not_the_sealed_one(world, cases):
    items, _ = read_all(session(world.zj_high_judge), limit=50)
    assert case_ids(items) == set()
    bj_high_user = register_machine(world.bj_high, "京高院系统", ["cases"]).client.user
    items = feed_page(user=bj_high_user, limit=500).items
    assert case_ids(items) == {cases["open1"].pk, cases["open2"].pk, cases["haidian"].pk}


def test_an_outsiders_machine_token_gets_no_case(world, cases):
    m = register_machine(world.outsider_org, "调解系统", ["parties"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {m.token}")
    response = api.get(URL, {"limit": 500})
    assert response.status_code == 200
    assert case_ids(response.json()["items"]) == set()
    raw = response.content.decode()
    assert "京73民初3号" not in raw and "京0108民初9号" not in raw


def test_the_kinds_filter_and_bad_parameters(world, cases):
    api = session(world.bj_judge)
    only_cases = api.get(URL, {"kinds": "case", "limit": 500}).json()["items"]
    assert only_cases and {i["kind"] for i in only_cases} == {"case"}
    assert api.get(URL, {"after": "x"}).status_code == 400
    assert api.get(URL, {"after": "-1"}).status_code == 400


def test_it_refuses_anonymous_readers(world, cases):
    assert APIClient().get(URL).status_code in (401, 403)
