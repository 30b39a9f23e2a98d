"""The dishonesty-list API: the steps for machine clients, errors that write nothing, 404
for another office's proposal, and the schema."""

import time_machine
from rest_framework.test import APIClient

from ipcoord.integrity.tests.credit_helpers import T0, credit_counts, proposed
from ipcoord.integrity.tests.test_api import api_for
from ipcoord.registry.tests.factories import PartyFactory

BASE = "/api/v1/credit-listings/"


def test_the_steps_through_the_api(world):
    client = api_for(world.cnipa_officer)
    party = PartyFactory(name="接口公司")
    with time_machine.travel(T0, tick=False):
        made = client.post(
            BASE,
            {"party": party.pk, "kind": "samr", "facts": "故意侵权", "legal_basis": "办法"},
            format="json",
        )
        assert made.status_code == 201, made.json()
        pk = made.json()["id"]
        early = client.post(f"{BASE}{pk}/decide/", {"reason": "x"}, format="json")
        assert early.status_code == 409 and early.json()["code"] == "not_notified"
        client.post(f"{BASE}{pk}/notify/", {"notice_text": "告知"}, format="json")
        obj = client.post(f"{BASE}{pk}/object/", {"text": "不服"}, format="json")
        assert obj.json()["status"] == "objected"
        no_answer = client.post(f"{BASE}{pk}/decide/", {"reason": "x"}, format="json")
        assert no_answer.json()["code"] == "answer_required"
        done = client.post(
            f"{BASE}{pk}/decide/", {"reason": "x", "answer": "不成立"}, format="json"
        )
    body = done.json()
    assert body["status"] == "listed" and [s["kind"] for s in body["steps"]] == [
        "propose", "notify", "object", "decide",
    ]  # fmt: skip
    assert client.get(BASE, {"status": "listed"}).json()["count"] == 1


def test_bad_input_answers_clearly_and_writes_nothing(world):
    client = api_for(world.cnipa_officer)
    party = PartyFactory(name="坏输入公司")
    before = credit_counts()
    missing = client.post(
        BASE, {"party": 987654, "kind": "cnipa", "facts": "x", "legal_basis": "y"}, format="json"
    )
    assert missing.status_code == 400 and missing.json()["code"] == "unknown_party"
    long = client.post(
        BASE,
        {"party": party.pk, "kind": "samr", "facts": "x", "legal_basis": "y", "term_months": 60},
        format="json",
    )
    assert long.status_code == 400 and long.json()["extra"]["max_months"] == 36
    assert credit_counts() == before


def test_another_office_gets_404(world):
    listing = proposed(world)
    for user in (world.zj_officer, world.bj_judge):
        client = api_for(user)
        assert client.get(f"{BASE}{listing.pk}/").status_code == 404
        assert client.post(f"{BASE}{listing.pk}/withdraw/", {"reason": "x"}).status_code == 404


def test_the_public_endpoint_is_open_and_in_the_schema(world):
    anon = APIClient()
    assert anon.get("/api/v1/credit-public/").status_code == 200
    assert anon.get(BASE).status_code in (401, 403)
    schema = api_for(world.cnipa_officer).get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/credit-public/" in schema.content
    assert b"/api/v1/credit-listings/{id}/decide/" in schema.content
