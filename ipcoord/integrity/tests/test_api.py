"""The integrity API: screen a mark, list/detail/confirm/dismiss findings; 404 elsewhere."""

import pytest
from rest_framework.test import APIClient

from ipcoord.core.tokens import api_token_issue
from ipcoord.integrity.tests.factories import PartyFactory, counts, kangshifu, lead

BASE = "/api/v1/findings/"


def api_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(actor=None, user=user)}")
    return client


def test_screen_mark_returns_hits_with_reasons(world):
    kangshifu()
    got = api_for(world.cnipa_officer).post(
        "/api/v1/screen/mark/", {"text": "康帅傅", "classes": [30]}, format="json"
    )
    assert got.status_code == 200, got.json()
    body = got.json()
    register = [h for h in body["hits"] if h["source"] == "register"]
    assert register[0]["text"] == "康师傅" and register[0]["class_relation"] == "same"
    assert any("形近" in r for r in register[0]["reasons"]) and body["findings"] == []
    recorded = api_for(world.cnipa_officer).post(
        "/api/v1/screen/mark/", {"text": "康帅傅", "record": True}, format="json"
    )
    assert len(recorded.json()["findings"]) == len(recorded.json()["hits"])


def test_screen_mark_is_refused_to_courts_and_writes_nothing(world):
    judge, officer = api_for(world.bj_judge), api_for(world.cnipa_officer)
    before = counts()
    got = judge.post("/api/v1/screen/mark/", {"text": "康帅傅"}, format="json")
    assert got.status_code == 403 and got.json()["code"] == "not_ip_officer"
    bad = officer.post("/api/v1/screen/mark/", {"text": "康帅傅", "classes": [99]}, format="json")
    assert bad.status_code == 400 and counts() == before


def test_list_detail_confirm(world):
    kangshifu()
    finding = lead(world, applicant=PartyFactory(name="某食品公司"))
    client = api_for(world.cnipa_officer)
    listed = client.get(BASE, {"status": "lead"}).json()
    assert finding.pk in [f["id"] for f in listed["results"]]
    assert client.get(f"{BASE}{finding.pk}/").json()["reasons"] == finding.reasons
    no_reason = client.post(f"{BASE}{finding.pk}/confirm/", {"reason": ""}, format="json")
    assert no_reason.status_code == 400 and no_reason.json()["code"] == "reason_required"
    done = client.post(f"{BASE}{finding.pk}/confirm/", {"reason": "近似"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "confirmed"
    again = client.post(f"{BASE}{finding.pk}/dismiss/", {"reason": "x"}, format="json")
    assert again.status_code == 409


@pytest.mark.parametrize("who", ["zj_officer", "bj_judge", "outsider"])
def test_another_organisation_gets_404_for_a_lead(world, who):
    kangshifu()
    finding = lead(world)
    client = api_for(getattr(world, who))
    before = counts()
    assert client.get(f"{BASE}{finding.pk}/").status_code == 404
    assert client.post(f"{BASE}{finding.pk}/dismiss/", {"reason": "x"}).status_code == 404
    assert finding.pk not in [f["id"] for f in client.get(BASE).json()["results"]]
    assert counts() == before


def test_courts_read_confirmed_findings_on_parties_but_cannot_decide(world):
    kangshifu()
    finding = lead(world, applicant=PartyFactory(name="某食品公司"))
    api_for(world.cnipa_officer).post(f"{BASE}{finding.pk}/confirm/", {"reason": "近似"})
    judge = api_for(world.bj_judge)
    assert judge.get(f"{BASE}{finding.pk}/").status_code == 200
    assert api_for(world.outsider).get(f"{BASE}{finding.pk}/").status_code == 404


def test_a_judge_cannot_decide_a_lead_it_can_see(world):
    kangshifu()
    finding = lead(world, applicant=PartyFactory(name="某食品公司"))
    from django.contrib.contenttypes.models import ContentType

    from ipcoord.core.models import Share  # a lead shared with the court

    Share.objects.create(
        content_type=ContentType.objects.get_for_model(finding),
        object_id=finding.pk,
        organisation=world.bj_ip_court,
    )
    judge = api_for(world.bj_judge)
    before = counts()
    got = judge.post(f"{BASE}{finding.pk}/confirm/", {"reason": "x"})
    assert got.status_code == 403 and counts() == before


def test_the_schema_names_the_endpoints(world):
    schema = api_for(world.cnipa_officer).get("/api/schema/", {"format": "json"}).json()
    assert "/api/v1/screen/mark/" in schema["paths"]
    assert "/api/v1/findings/{id}/confirm/" in schema["paths"]
