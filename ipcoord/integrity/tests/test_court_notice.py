"""A court's notice of bad faith (法院通报) through the services: who may file, what is
refused (writing nothing), who is told and who sees it, and what an IP office does next."""

import datetime

import pytest

from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import AuditEvent, Notification
from ipcoord.integrity import selectors, services
from ipcoord.integrity.models import FindingStatus
from ipcoord.integrity.tests.court_helpers import (
    DECIDED,
    DOCUMENT,
    court_counts,
    file_notice,
    suit,
)
from ipcoord.registry.tests.factories import PartyFactory


def test_a_judge_files_a_notice_and_cnipa_is_told_and_sees_it(world):
    s = suit(world)
    notice = file_notice(world, s)
    assert notice.status == FindingStatus.CONFIRMED and notice.owner_org == world.bj_ip_court
    assert notice.case == s.case and notice.party == s.troll and notice.patent == s.patent
    assert notice.evidence["document"] == DOCUMENT
    assert notice.evidence["decision_date"] == DECIDED.isoformat()
    # Beijing has no provincial IP office on the platform: CNIPA only.
    assert list(notice.notified_orgs.all()) == [world.cnipa]
    note = Notification.objects.get(recipient=world.cnipa_officer)
    assert note.verb == "integrity.court_notice" and note.params["case"] == s.case.number
    assert not Notification.objects.filter(recipient=world.zj_officer).exists()
    assert notice in selectors.court_notice_list_for(user=world.cnipa_officer)
    assert notice in selectors.confirmed_findings_on(user=world.cnipa_officer, party=s.troll)
    event = AuditEvent.objects.get(action="integrity.court_notice")
    assert event.actor == world.bj_judge and event.after["notified"] == [world.cnipa.pk]


def test_a_court_in_a_province_with_an_ip_office_tells_both_by_default(world):
    s = suit(world, number="（2024）浙01知民初31号")
    notice = file_notice(world, s, actor=world.hz_clerk, document="（2024）浙01知民初31号判决书")
    assert set(notice.notified_orgs.all()) == {world.cnipa, world.zj_ipo}
    assert Notification.objects.filter(recipient=world.zj_officer).count() == 1


def test_the_judge_may_choose_the_offices(world):
    s = suit(world)
    notice = file_notice(world, s, addressee_ids=[world.zj_ipo.pk])
    assert list(notice.notified_orgs.all()) == [world.zj_ipo]
    assert not Notification.objects.filter(recipient=world.cnipa_officer).exists()


def test_a_party_not_in_the_case_is_refused_and_nothing_is_written(world):
    s = suit(world)
    stranger = PartyFactory(name="无关公司")
    before = court_counts()
    with pytest.raises(ApplicationError) as err:
        file_notice(world, s, party_id=stranger.pk)
    assert err.value.extra["field"] == "party" and "不是案件" in err.value.message
    assert s.case.number in err.value.message
    assert court_counts() == before


@pytest.mark.parametrize(
    "change, field",
    [
        ({"facts": "  "}, "facts"),
        ({"document": ""}, "document"),
        ({"decision_date": datetime.date(2099, 1, 1)}, "decision_date"),
        ({"decision_date": datetime.date(2024, 1, 2)}, "decision_date"),  # before filing
        ({"kind": "trademark_similarity"}, "kind"),
        ({"patent_ids": [987654]}, "patents"),
        ({"addressee_ids": []}, "addressees"),
        ({"addressee_ids": ["spc"]}, "addressees"),  # a court is not an IP office
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(world, change, field):
    s = suit(world)
    if change.get("addressee_ids") == ["spc"]:
        change = {"addressee_ids": [world.spc.pk]}
    before = court_counts()
    with pytest.raises(ApplicationError) as err:
        file_notice(world, s, **change)
    assert err.value.extra["field"] == field
    assert court_counts() == before


def test_only_the_cases_own_court_files(world):
    s = suit(world)
    before = court_counts()
    # another court, a court above, an IP officer: refused
    for actor in (world.hz_clerk, world.haidian_judge, world.cnipa_officer, world.outsider):
        with pytest.raises(PermissionDenied):
            file_notice(world, s, actor=actor)
    assert court_counts() == before
    file_notice(world, s, actor=world.bj_clerk)  # a clerk of the court may


def test_the_same_judgment_is_not_notified_twice(world):
    s = suit(world)
    file_notice(world, s)
    before = court_counts()
    with pytest.raises(ApplicationError) as err:
        file_notice(world, s)
    assert err.value.code == "already_notified" and err.value.status == 409
    assert court_counts() == before


def test_other_courts_and_offices_see_an_open_case_notice(world):
    s = suit(world)
    notice = file_notice(world, s)
    for user in (world.hz_clerk, world.zj_officer, world.haidian_judge):
        assert notice in selectors.confirmed_findings_on(user=user, party=s.troll)
    # mediators and the like see no findings (the platform's rule for findings)
    assert not selectors.confirmed_findings_on(user=world.outsider, party=s.troll).exists()


def test_a_sealed_case_notice_is_seen_by_its_court_and_the_offices_told_only(world):
    s = suit(world, sealed=True)
    notice = file_notice(world, s)
    assert notice.sealed
    for user in (world.bj_judge, world.cnipa_officer):
        assert notice in selectors.court_notice_list_for(user=user)
        assert notice in selectors.confirmed_findings_on(user=user, party=s.troll)
    for user in (world.hz_clerk, world.zj_officer, world.haidian_judge, world.zj_high_judge):
        assert notice not in selectors.finding_list_for(user=user)
        assert not selectors.confirmed_findings_on(user=user, party=s.troll).exists()


def test_an_ip_officer_opens_a_lead_from_the_notice_once(world):
    s = suit(world)
    notice = file_notice(world, s)
    lead, created = services.court_notice_lead(actor=world.cnipa_officer, notice=notice)
    assert created and lead.status == FindingStatus.LEAD and lead.owner_org == world.cnipa
    assert lead.party == s.troll and lead.case == s.case and lead.evidence["court_notice"]
    again, created = services.court_notice_lead(actor=world.cnipa_officer, notice=notice)
    assert again == lead and not created
    with pytest.raises(PermissionDenied):
        services.court_notice_lead(actor=world.bj_judge, notice=notice)
    # confirming it tells the courts with cases of the party, the notifying court among them
    services.finding_confirm(actor=world.cnipa_officer, finding=lead, reason="核实属实")
    assert Notification.objects.filter(
        recipient=world.bj_judge, verb="integrity.confirmed"
    ).exists()


def test_a_listing_proposal_may_rest_on_the_notice(world):
    s = suit(world)
    notice = file_notice(world, s)
    listing = services.listing_propose(
        actor=world.cnipa_officer,
        party_id=s.troll.pk,
        kind="cnipa",
        facts="法院判决认定恶意诉讼。",
        legal_basis="《知识产权信用管理规定》",
        finding_ids=[notice.pk],
    )
    assert list(listing.findings.all()) == [notice]


def test_an_abnormal_patent_notice_feeds_the_litigation_signals_unless_sealed(world):
    s = suit(world)
    file_notice(world, s, kind="abnormal_patent")
    assert [sig.rule for sig in services.litigation_signals(party=s.troll)] == [
        "abnormal_patent_right"
    ]
    sealed = suit(world, number="（2024）京73知民初2003号", sealed=True)
    file_notice(world, sealed, kind="abnormal_patent", document="（2024）京73知民初2003号判决书")
    assert services.litigation_signals(party=sealed.troll) == []
