"""finding_confirm / finding_dismiss: a reason is required, only the office's officers decide,
a decided lead cannot be decided again, refusals write nothing, courts are told."""

import pytest

from ipcoord.cases.models import CaseRole
from ipcoord.cases.tests.factories import CaseFactory
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import AuditEvent, Notification
from ipcoord.integrity import services
from ipcoord.integrity.models import FindingStatus
from ipcoord.integrity.tests.factories import PartyFactory, counts, kangshifu, lead


@pytest.fixture
def finding(world):
    kangshifu()
    return lead(world, applicant=PartyFactory(name="某某食品有限公司"))


def test_an_officer_confirms_with_a_reason(world, finding):
    done = services.finding_confirm(actor=world.cnipa_officer, finding=finding, reason="核实近似")
    assert done.status == FindingStatus.CONFIRMED and done.decided_by == world.cnipa_officer
    assert done.decided_at and done.decision_reason == "核实近似"


def test_an_officer_above_the_office_decides_its_leads(world):
    kangshifu()
    zj_lead = lead(world, actor=world.zj_officer)
    assert zj_lead.owner_org == world.zj_ipo
    done = services.finding_dismiss(actor=world.cnipa_officer, finding=zj_lead, reason="不近似")
    assert done.status == FindingStatus.DISMISSED


@pytest.mark.parametrize("reason", ["", "   "])
def test_dismiss_requires_a_reason_and_writes_nothing(world, finding, reason):
    before = counts()
    with pytest.raises(ApplicationError) as err:
        services.finding_dismiss(actor=world.cnipa_officer, finding=finding, reason=reason)
    assert err.value.code == "reason_required" and counts() == before
    finding.refresh_from_db()
    assert finding.status == FindingStatus.LEAD


@pytest.mark.parametrize("who", ["bj_judge", "bj_clerk", "zj_officer", "outsider"])
def test_others_cannot_decide_and_a_refusal_writes_nothing(world, finding, who):
    before = counts()
    for decide in (services.finding_confirm, services.finding_dismiss):
        with pytest.raises(PermissionDenied):
            decide(actor=getattr(world, who), finding=finding, reason="理由")
    assert counts() == before


def test_a_decided_lead_cannot_be_decided_again(world, finding):
    services.finding_dismiss(actor=world.cnipa_officer, finding=finding, reason="不近似")
    before = counts()
    with pytest.raises(ApplicationError) as err:
        services.finding_confirm(actor=world.cnipa_officer, finding=finding, reason="又近似")
    assert err.value.code == "already_decided" and counts() == before


def test_confirming_tells_the_courts_with_cases_of_the_party(world, finding):
    CaseFactory(number="（2024）京73知民初1号", parties=[(finding.party, CaseRole.DEFENDANT)])
    services.finding_confirm(actor=world.cnipa_officer, finding=finding, reason="恶意抢注")
    told = set(
        Notification.objects.filter(verb="integrity.confirmed").values_list("recipient", flat=True)
    )
    assert {world.bj_judge.pk, world.bj_clerk.pk} <= told
    assert world.hz_clerk.pk not in told
    # the courts told are on the record, audited by the confirming officer
    finding.refresh_from_db()
    assert list(finding.notified_orgs.all()) == [world.bj_ip_court]
    event = AuditEvent.objects.get(action="integrity.finding.notify")
    assert event.actor_id == world.cnipa_officer.pk
    assert event.after == {"notified_orgs": [world.bj_ip_court.pk]}
