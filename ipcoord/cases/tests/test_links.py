import datetime

import pytest

from ipcoord.cases import services
from ipcoord.cases.models import (
    CaseLink,
    ClosingManner,
    LinkKind,
    LinkStatus,
    Outcome,
    ProceedingKind,
    ProceedingOutcome,
    ProceedingStatus,
)
from ipcoord.cases.tests.factories import (
    CaseFactory,
    ProceedingFactory,
    granted_patent,
    member,
    registered_trademark,
)
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import AuditEvent, Notification, Role


def close(world, case):
    return services.case_close(
        actor=world.bj_judge,
        case=case,
        closing_date=datetime.date(2024, 12, 1),
        closing_manner=ClosingManner.WITHDRAWAL,
        outcome=Outcome.WITHDRAWN,
    )


def recipients(verb):
    return set(Notification.objects.filter(verb=verb).values_list("recipient__username", flat=True))


@pytest.fixture
def linked(world):
    """A civil case of 京73 and an invalidation request at CNIPA on the same patent."""
    patent = granted_patent()
    case = CaseFactory(actor=world.bj_clerk, patents=[patent])
    proceeding = ProceedingFactory(actor=world.cnipa_officer, right=patent)
    return case, proceeding, CaseLink.objects.get(case=case, proceeding=proceeding)


def test_a_civil_case_and_an_invalidation_on_one_patent_are_proposed(world, linked):
    case, proceeding, link = linked
    assert link.kind == LinkKind.VALIDITY_CHALLENGE
    assert link.status == LinkStatus.PROPOSED and link.automatic and link.proposed_by is None
    assert recipients("link.proposed") == {"bj_judge", "bj_clerk", "cnipa_officer"}
    assert AuditEvent.objects.filter(action="link.propose", object_id=str(link.pk)).exists()


def test_proposals_are_made_whichever_comes_first_and_never_twice(world):
    patent = granted_patent()
    proceeding = ProceedingFactory(right=patent)
    case = CaseFactory(patents=[patent])
    assert CaseLink.objects.filter(case=case, proceeding=proceeding).count() == 1
    assert services.links_propose_for_right(patent) == []
    assert CaseLink.objects.count() == 1


def test_no_proposal_for_different_rights_or_withdrawn_proceedings(world):
    CaseFactory(patents=[granted_patent()])
    ProceedingFactory(right=granted_patent())
    patent = granted_patent()
    p = ProceedingFactory(right=patent)
    services.proceeding_withdraw(actor=None, proceeding=p)
    CaseFactory(patents=[patent])
    assert not CaseLink.objects.exists()


def test_trademarks_link_too_and_other_pairs_are_related_disputes(world):
    mark = registered_trademark()
    case = CaseFactory(trademarks=[mark], cause="trademark_infringement")
    p = ProceedingFactory(kind=ProceedingKind.TRADEMARK_REVIEW, right=mark)
    assert CaseLink.objects.get(case=case, proceeding=p).kind == LinkKind.RELATED_DISPUTE


def test_adding_a_right_to_a_case_proposes_links(world):
    patent = granted_patent()
    p = ProceedingFactory(right=patent)
    case = CaseFactory()
    services.case_add_right(actor=world.bj_clerk, case=case, right=patent)
    assert CaseLink.objects.filter(case=case, proceeding=p).exists()


def test_manual_proposal_needs_the_same_right(world):
    case = CaseFactory(patents=[granted_patent()])
    p = ProceedingFactory(right=granted_patent())
    with pytest.raises(ApplicationError) as err:
        services.link_propose(
            actor=world.bj_judge, case=case, proceeding=p, kind=LinkKind.RELATED_DISPUTE
        )
    assert err.value.code == "different_rights"


def test_manual_proposal_by_a_party_only_and_not_twice(world, linked):
    case, proceeding, _link = linked
    with pytest.raises(ApplicationError) as err:
        services.link_propose(
            actor=world.bj_judge, case=case, proceeding=proceeding, kind=LinkKind.RELATED_DISPUTE
        )
    assert err.value.code == "link_exists"
    # A closed case gets no automatic proposal; a person can still propose one.
    close(world, case)
    patent = case.patents.get()
    other = ProceedingFactory(
        kind=ProceedingKind.ADMIN_ADJUDICATION,
        right=patent,
        respondent=patent.owners.get(),
        owner_org=world.zj_ipo,
    )
    assert not CaseLink.objects.filter(proceeding=other).exists()
    with pytest.raises(PermissionDenied):
        services.link_propose(
            actor=world.hz_clerk, case=case, proceeding=other, kind=LinkKind.RELATED_DISPUTE
        )
    link = services.link_propose(
        actor=world.zj_officer, case=case, proceeding=other, kind=LinkKind.RELATED_DISPUTE
    )
    assert link.proposed_by == world.zj_officer and not link.automatic


@pytest.mark.parametrize("who", ["bj_judge", "bj_clerk", "cnipa_officer"])
def test_either_side_confirms(world, linked, who):
    _case, _p, link = linked
    link = services.link_confirm(actor=getattr(world, who), link=link, reason="同一专利")
    assert link.status == LinkStatus.CONFIRMED and link.decided_by == getattr(world, who)
    assert link.decided_at is not None
    assert AuditEvent.objects.filter(action="link.confirm").exists()
    assert recipients("link.confirmed") == {"bj_judge", "bj_clerk", "cnipa_officer"}


@pytest.mark.parametrize(
    "who", ["hz_clerk", "zj_officer", "outsider", "zj_high_judge", "audit_admin"]
)
def test_nobody_else_confirms_or_rejects(world, linked, who):
    _case, _p, link = linked
    with pytest.raises(ApplicationError) as err:
        services.link_confirm(actor=getattr(world, who), link=link)
    assert err.value.status in (403, 404)
    with pytest.raises(ApplicationError):
        services.link_reject(actor=getattr(world, who), link=link, reason="不相关")
    link.refresh_from_db()
    assert link.status == LinkStatus.PROPOSED


def test_a_supervisor_who_sees_the_case_still_cannot_decide(world, linked):
    bj_high_judge = member("bj_high_judge", world.bj_high, Role.JUDGE)
    with pytest.raises(PermissionDenied):
        services.link_confirm(actor=bj_high_judge, link=linked[2])


def test_reject_needs_a_reason_and_can_be_undone(world, linked):
    _case, _p, link = linked
    with pytest.raises(ApplicationError) as err:
        services.link_reject(actor=world.bj_judge, link=link, reason="  ")
    assert err.value.code == "reason_required"
    link = services.link_reject(actor=world.bj_judge, link=link, reason="不同技术方案")
    assert link.status == LinkStatus.REJECTED and link.reason == "不同技术方案"
    with pytest.raises(ApplicationError) as err:
        services.link_reject(actor=world.bj_judge, link=link, reason="再次")
    assert err.value.code == "bad_transition"
    assert (
        services.link_confirm(actor=world.cnipa_officer, link=link).status == LinkStatus.CONFIRMED
    )


def test_a_decision_on_a_linked_proceeding_reaches_the_court_not_outsiders(world, linked):
    case, proceeding, link = linked
    unlinked_court_case = CaseFactory(
        actor=world.hz_clerk, number="（2024）浙01知民初5号", patents=[proceeding.patent]
    )
    assert CaseLink.objects.get(case=unlinked_court_case).status == LinkStatus.PROPOSED
    services.link_confirm(actor=world.bj_judge, link=link)
    Notification.objects.all().delete()
    services.proceeding_decide(
        actor=world.cnipa_officer,
        proceeding=proceeding,
        decision_date=datetime.date(2024, 12, 1),
        decision_number="第600001号",
        outcome=ProceedingOutcome.INVALID,
    )
    notes = Notification.objects.filter(verb="linked.proceeding_changed")
    assert recipients("linked.proceeding_changed") == {"bj_judge", "bj_clerk"}
    note = notes.first()
    assert note.params["case"] == case.number
    assert (
        note.params["status"]
        == f"{ProceedingStatus.DECIDED.label}（{ProceedingOutcome.INVALID.label}）"
    )
    url = note.url
    assert url == "" or url.endswith(f"/{proceeding.pk}/")
    assert not Notification.objects.filter(
        recipient__username__in=["hz_clerk", "outsider", "zj_officer", "auditadmin"]
    ).exists()


def test_advance_and_withdraw_notify_linked_courts(world, linked):
    _case, proceeding, link = linked
    services.link_confirm(actor=world.cnipa_officer, link=link)
    services.proceeding_advance(
        actor=world.cnipa_officer, proceeding=proceeding, status=ProceedingStatus.EXAMINING
    )
    services.proceeding_withdraw(actor=world.cnipa_officer, proceeding=proceeding)
    assert (
        Notification.objects.filter(
            verb="linked.proceeding_changed", recipient=world.bj_judge
        ).count()
        == 2
    )


def test_closing_a_linked_case_reaches_the_office(world, linked):
    case, _p, link = linked
    services.link_confirm(actor=world.cnipa_officer, link=link)
    close(world, case)
    assert recipients("linked.case_changed") == {"cnipa_officer"}


def test_closing_a_case_with_a_proposed_link_tells_nobody(world, linked):
    close(world, linked[0])
    assert recipients("linked.case_changed") == set()


def test_a_sealed_case_is_not_announced_to_the_office(world):
    patent = granted_patent()
    ProceedingFactory(right=patent)
    CaseFactory(patents=[patent], sealed=True)
    assert recipients("link.proposed") == {"bj_judge", "bj_clerk"}
