"""A failed service call leaves the database as it was, audit trail included."""

import datetime

import pytest

from ipcoord.cases import services
from ipcoord.cases.models import Case, CaseLink, CaseParty, CaseRole, Proceeding, ProceedingStatus
from ipcoord.cases.tests.factories import (
    CaseFactory,
    PartyFactory,
    ProceedingFactory,
    granted_patent,
)
from ipcoord.core.audit import audit_verify
from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import AuditEvent, Notification
from ipcoord.registry import services as registry_services
from ipcoord.registry.models import LegalEvent, RightStatus


def counts() -> dict[str, int]:
    models = (Case, CaseParty, CaseLink, Proceeding, AuditEvent, Notification, LegalEvent)
    return {m.__name__: m.objects.count() for m in models}


def test_a_failure_after_the_writes_rolls_everything_back(world, monkeypatch):
    patent = granted_patent()
    ProceedingFactory(right=patent)
    party = PartyFactory()
    before = counts()

    def broken(**kwargs):
        raise RuntimeError("notification store is down")

    # The last step of filing is the link proposal's notification.
    monkeypatch.setattr("ipcoord.cases.services._common.notify", broken)
    with pytest.raises(RuntimeError):
        CaseFactory(
            actor=world.bj_clerk,
            patents=[patent],
            parties=[(party, CaseRole.PLAINTIFF)],
        )
    after = counts()
    assert after == before
    assert audit_verify().ok


def test_a_register_refusal_undoes_the_decision(world):
    patent = granted_patent()
    p = ProceedingFactory(right=patent)
    # A later event on the register makes a decision dated before it a back-dated event.
    registry_services.right_transfer(
        actor=None, right=patent, date=datetime.date(2024, 12, 15), assignee=PartyFactory()
    )
    before = counts()
    with pytest.raises(ApplicationError):
        services.proceeding_decide(
            actor=world.cnipa_officer,
            proceeding=p,
            decision_date=datetime.date(2024, 12, 1),
            decision_number="第9号",
            outcome="invalid",
        )
    assert counts() == before
    p.refresh_from_db()
    patent.refresh_from_db()
    assert p.status == ProceedingStatus.FILED and p.outcome == ""
    assert patent.status == RightStatus.VALID


def test_a_refused_call_writes_nothing(world):
    case = CaseFactory()
    before = counts()
    with pytest.raises(ApplicationError):
        services.case_file(
            actor=world.hz_clerk,
            number="（2024）京73知民初9号",
            cause="patent_infringement",
            filing_date=datetime.date(2024, 7, 1),
        )
    with pytest.raises(ApplicationError):
        services.case_close(
            actor=world.bj_judge,
            case=case,
            closing_date=datetime.date(2024, 1, 1),
            closing_manner="judgment",
            outcome="claim_granted",
        )
    assert counts() == before


def test_every_write_is_audited_in_order(world):
    patent = granted_patent()
    case = CaseFactory(actor=world.bj_clerk, patents=[patent])
    p = ProceedingFactory(actor=world.cnipa_officer, right=patent)
    link = CaseLink.objects.get()
    services.link_confirm(actor=world.bj_judge, link=link)
    services.proceeding_advance(actor=world.cnipa_officer, proceeding=p, status="examining")
    services.proceeding_decide(
        actor=world.cnipa_officer,
        proceeding=p,
        decision_date=datetime.date(2024, 12, 1),
        decision_number="第7号",
        outcome="upheld",
    )
    services.case_close(
        actor=world.bj_judge,
        case=case,
        closing_date=datetime.date(2024, 12, 20),
        closing_manner="judgment",
        outcome="claim_dismissed",
    )
    ours = AuditEvent.objects.filter(action__regex=r"^(case|proceeding|link)\.").values_list(
        "action", "actor__username"
    )
    assert list(ours) == [
        ("case.file", "bj_clerk"),
        ("proceeding.file", "cnipa_officer"),
        ("link.propose", None),
        ("link.confirm", "bj_judge"),
        ("proceeding.advance", "cnipa_officer"),
        ("proceeding.decide", "cnipa_officer"),
        ("case.close", "bj_judge"),
    ]
    assert audit_verify().ok
