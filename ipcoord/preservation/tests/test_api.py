"""The preservation API: submit, register, renew, release, right state, my orders; 404s."""

import pytest
from rest_framework.test import APIClient

from ipcoord.core.tokens import api_token_issue
from ipcoord.preservation.tests.factories import (
    PartyFactory,
    counts,
    granted_patent,
    preservation_case,
)
from ipcoord.registry.tests.factories import USCC_HUAWEI

BASE = "/api/v1/freeze-orders/"


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(actor=None, user=user)}")
    return client


@pytest.fixture
def patent(world):
    return granted_patent(owners=[PartyFactory(name="华为技术有限公司", uscc=USCC_HUAWEI)])


def _submit(world, patent, months=6, actor=None):
    case = preservation_case()
    return api_for(actor or world.bj_clerk).post(
        BASE,
        {
            "case_number": case.number,
            "freeze_kind": "enforcement_seizure",
            "ruling_number": f"{case.number}之一",
            "notice_number": f"协执{case.pk}",
            "months": months,
            "patents": [f"ZL{patent.application_number}"],
        },
        format="json",
    )


def test_the_whole_workflow(world, patent):
    created = _submit(world, patent)
    assert created.status_code == 201, created.json()
    order = created.json()
    assert order["status"] == "submitted" and order["items"][0]["status"] == "pending"
    registered = api_for(world.cnipa_officer).post(f"{BASE}{order['id']}/register/")
    assert registered.status_code == 200 and registered.json()["items"][0]["status"] == "active"
    court = api_for(world.bj_clerk)
    renewed = court.post(
        f"{BASE}{order['id']}/renew/",
        {"ruling_number": "r2", "notice_number": "n2", "months": 6},
        format="json",
    )
    assert renewed.status_code == 200 and renewed.json()["items"][0]["renewals"] == 1
    assert [(r["notice_number"], r["late"]) for r in renewed.json()["renewals"]] == [("n2", False)]
    state = court.get(f"{BASE}right-state/", {"patent": patent.application_number}).json()
    assert state["frozen"] and state["active"]["order"] == order["id"]
    mine = court.get(BASE).json()
    assert [o["id"] for o in mine["results"]] == [order["id"]]
    released = court.post(
        f"{BASE}{order['id']}/release/",
        {"ruling_number": "r3", "notice_number": "n3"},
        format="json",
    )
    assert released.status_code == 200 and released.json()["status"] == "released"


def test_another_court_gets_404(world, patent):
    order = _submit(world, patent).json()
    other = api_for(world.hz_clerk)
    assert other.get(f"{BASE}{order['id']}/").status_code == 404
    before = counts()
    response = other.post(
        f"{BASE}{order['id']}/release/", {"ruling_number": "r", "notice_number": "n"}, format="json"
    )
    assert response.status_code == 404
    assert counts() == before
    assert other.get(BASE).json()["results"] == []


def test_errors_are_clear_and_write_nothing(world, patent):
    before = counts()
    over = _submit(world, patent, months=9)
    assert over.status_code == 400 and over.json()["code"] == "period_over_ceiling"
    assert "六个月" in over.json()["message"]
    missing = api_for(world.bj_clerk).post(
        BASE,
        {
            "case_number": preservation_case().number,
            "freeze_kind": "in_litigation",
            "ruling_number": "r",
            "notice_number": "n",
            "months": 3,
            "patents": ["202399999999.9"],
        },
        format="json",
    )
    assert missing.json()["code"] == "right_not_found"
    counts_now = counts()
    assert counts_now["FreezeOrder"] == before["FreezeOrder"]


def test_only_registry_officers_register_and_outsiders_see_no_state(world, patent):
    order = _submit(world, patent).json()
    refused = api_for(world.bj_clerk).post(f"{BASE}{order['id']}/register/")
    assert refused.status_code == 403 and refused.json()["code"] == "not_registry_officer"
    hidden = api_for(world.outsider).get(
        f"{BASE}right-state/", {"patent": patent.application_number}
    )
    assert hidden.status_code == 404


def test_inquiry_over_the_api(world, patent):
    response = api_for(world.bj_judge).post(
        f"{BASE}inquiry/",
        {"case_number": preservation_case().number, "query": USCC_HUAWEI},
        format="json",
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()] == [patent.pk]


def test_the_schema_lists_the_endpoints(client, db):
    schema = client.get("/api/schema/").content
    for path in (b"/api/v1/freeze-orders/", b"register/", b"renew/", b"release/", b"right-state/"):
        assert path in schema
    assert b"inquiry/" in schema and b"late" in schema
