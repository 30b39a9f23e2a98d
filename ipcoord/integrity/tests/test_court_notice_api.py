"""The courts' notice API: a judge files, CNIPA reads and opens a lead; another court gets 404
on the case and on a sealed notice; a party not in the case is a 400 that writes nothing."""

from ipcoord.cases.tests.factories import member
from ipcoord.integrity.tests.court_helpers import (
    DECIDED,
    DOCUMENT,
    FACTS,
    court_counts,
    file_notice,
    suit,
)
from ipcoord.integrity.tests.test_api import api_for
from ipcoord.registry.tests.factories import PartyFactory

BASE = "/api/v1/court-notices/"


def _body(s, **change):
    body = {
        "case": s.case.pk,
        "party": s.troll.pk,
        "kind": "malicious_litigation",
        "facts": FACTS,
        "document": DOCUMENT,
        "decision_date": DECIDED.isoformat(),
        "patents": [s.patent.pk],
    }
    body.update(change)
    return body


def test_a_judge_files_and_cnipa_reads_and_opens_a_lead(world):
    s = suit(world)
    made = api_for(world.bj_judge).post(BASE, _body(s), format="json")
    assert made.status_code == 201, made.json()
    got = made.json()
    assert got["court"] == world.bj_ip_court.name and got["case_number"] == s.case.number
    assert got["document"] == DOCUMENT and got["decision_date"] == DECIDED.isoformat()
    assert got["kind_label"] == "恶意诉讼" and got["patents"] == [s.patent.pk]
    assert got["addressees"] == [{"id": world.cnipa.pk, "name": world.cnipa.name}]
    cnipa = api_for(world.cnipa_officer)
    assert cnipa.get(BASE).json()["count"] == 1
    assert cnipa.get(f"{BASE}{got['id']}/").json()["facts"] == FACTS
    finding = cnipa.get(f"/api/v1/findings/{got['id']}/").json()
    assert finding["status"] == "confirmed" and finding["rule"] == "court_notice"
    lead = cnipa.post(f"{BASE}{got['id']}/lead/", format="json")
    assert lead.status_code == 200 and lead.json()["status"] == "lead"
    assert api_for(world.bj_judge).post(f"{BASE}{got['id']}/lead/").status_code == 403


def test_bad_input_answers_with_the_field_and_writes_nothing(world):
    s = suit(world)
    client = api_for(world.bj_judge)
    stranger = PartyFactory(name="无关公司")
    before = court_counts()
    bad = client.post(BASE, _body(s, party=stranger.pk), format="json")
    assert bad.status_code == 400
    assert bad.json()["extra"]["field"] == "party" and "不是案件" in bad.json()["message"]
    kind = client.post(BASE, _body(s, kind="nonsense"), format="json")
    assert kind.status_code == 400 and kind.json()["extra"]["field"] == "kind"
    assert court_counts() == before


def test_another_court_gets_404_on_the_case_and_a_sealed_notice(world):
    s = suit(world)
    hz = api_for(world.hz_clerk)
    haidian = api_for(world.haidian_judge)
    above = api_for(member("bj_high_judge", world.bj_high, "judge"))
    before = court_counts()  # issuing the tokens above is audited; what follows writes nothing
    assert hz.post(BASE, _body(s), format="json").status_code == 404
    assert haidian.post(BASE, _body(s), format="json").status_code == 404
    # a court above sees the case but is not its court
    refused = above.post(BASE, _body(s), format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "not_court_member"
    assert court_counts() == before

    sealed = suit(world, number="（2024）京73知民初2002号", sealed=True)
    notice = file_notice(world, sealed, document="（2024）京73知民初2002号判决书")
    for user in (world.hz_clerk, world.zj_officer):
        client = api_for(user)
        assert client.get(f"{BASE}{notice.pk}/").status_code == 404
        assert client.get(f"/api/v1/findings/{notice.pk}/").status_code == 404
        assert client.post(f"{BASE}{notice.pk}/lead/").status_code == 404
        assert notice.pk not in [n["id"] for n in client.get(BASE).json()["results"]]
    assert api_for(world.cnipa_officer).get(f"{BASE}{notice.pk}/").status_code == 200
