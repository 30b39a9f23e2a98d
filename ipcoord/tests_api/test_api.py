"""The REST API from the outside: schema, token auth, scoping, errors, the link workflow."""

import datetime

from rest_framework.test import APIClient

from ipcoord.cases import services as cases_services
from ipcoord.cases.models import Cause
from ipcoord.core.tokens import api_token_issue


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(actor=None, user=user)}")
    return client


def test_schema_and_offline_docs(client, db):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/cases/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"cdn" not in docs.content.lower() and b"unpkg" not in docs.content.lower()


def test_anonymous_is_refused_with_json_error(client, db):
    response = client.get("/api/v1/cases/")
    assert response.status_code in (401, 403)
    assert set(response.json()) == {"code", "message", "extra"}


def test_patent_search_and_stability(scene):
    world, patent, open_case, proceeding = scene.world, scene.patent, scene.case, scene.proceeding
    api = client_for(world.hz_clerk)
    found = api.get("/api/v1/patents/", {"q": f"ZL{patent.application_number}"}).json()
    assert [p["id"] for p in found["results"]] == [patent.pk]
    stability = api.get(f"/api/v1/patents/{patent.pk}/stability/").json()
    # Proceedings are public like the register; the Beijing case is not the Hangzhou clerk's.
    assert [p["id"] for p in stability["proceedings"]] == [proceeding.pk]
    assert open_case.pk not in [c["id"] for c in stability["cases"]]
    own = client_for(world.bj_clerk).get(f"/api/v1/patents/{patent.pk}/stability/").json()
    assert open_case.pk in [c["id"] for c in own["cases"]]


def test_sealed_case_is_404_for_another_court_and_for_the_supervisor(scene):
    world, sealed = scene.world, scene.sealed
    assert client_for(world.bj_clerk).get(f"/api/v1/cases/{sealed.pk}/").status_code == 200
    for outsider in (world.hz_clerk, world.zj_high_judge, world.outsider):
        response = client_for(outsider).get(f"/api/v1/cases/{sealed.pk}/")
        assert response.status_code == 404
        assert response.json()["code"] == "not_found"


def test_case_list_is_scoped(scene):
    world, open_case, sealed = scene.world, scene.case, scene.sealed
    mine = client_for(world.bj_clerk).get("/api/v1/cases/").json()
    assert {c["id"] for c in mine["results"]} == {open_case.pk, sealed.pk}
    theirs = client_for(world.hz_clerk).get("/api/v1/cases/").json()
    assert theirs["count"] == 0


def test_filing_a_bad_case_number_says_what_is_wrong(scene):
    world = scene.world
    response = client_for(world.bj_clerk).post(
        "/api/v1/cases/",
        {
            "number": "(2024)火星73知民初1号",
            "cause": Cause.PATENT_INFRINGEMENT,
            "filing_date": "2024-03-01",
        },
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert "火星73" in body["message"]


def test_filing_validation_errors_name_the_field(scene):
    world = scene.world
    response = client_for(world.bj_clerk).post("/api/v1/cases/", {"number": ""}, format="json")
    assert response.status_code == 400
    assert {"number", "cause", "filing_date"} <= set(response.json()["extra"]["fields"])


def test_link_workflow_over_the_api(scene):
    world, open_case, proceeding = scene.world, scene.case, scene.proceeding
    api = client_for(world.bj_judge)
    links = api.get("/api/v1/links/", {"status": "proposed"}).json()["results"]
    link = next(link for link in links if link["case"] == open_case.pk)
    assert link["proceeding"] == proceeding.pk and link["automatic"]
    confirmed = api.post(
        f"/api/v1/links/{link['id']}/confirm/", {"reason": "同一专利"}, format="json"
    )
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    # An outsider cannot even see the link.
    assert (
        client_for(world.outsider)
        .post(f"/api/v1/links/{link['id']}/reject/", {"reason": "x"}, format="json")
        .status_code
        == 404
    )


def test_notifications_over_the_api(scene):
    world, open_case, proceeding = scene.world, scene.case, scene.proceeding
    link = open_case.links.get()
    cases_services.link_confirm(actor=world.bj_judge, link=link)
    cases_services.proceeding_decide(
        actor=world.cnipa_officer,
        proceeding=proceeding,
        decision_date=datetime.date(2024, 9, 1),
        decision_number="第56789号",
        outcome="invalid",
    )
    api = client_for(world.bj_clerk)
    unread = api.get("/api/v1/notifications/", {"read_at__isnull": "true"}).json()["results"]
    assert any("4W000777" in n["text"] for n in unread)
    assert api.post("/api/v1/notifications/mark-read/", {}, format="json").json()["marked"] >= 1
    assert client_for(world.outsider).get("/api/v1/notifications/").json()["count"] == 0


def test_schema_is_valid_and_complete(tmp_path, db):
    from django.core.management import call_command

    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    for route in (
        "/api/v1/patents/{id}/stability/",
        "/api/v1/links/{id}/confirm/",
        "/api/v1/cases/",
    ):
        assert route in text
