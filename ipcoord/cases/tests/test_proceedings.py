import datetime

import pytest

from ipcoord.cases import services
from ipcoord.cases.models import ProceedingKind, ProceedingOutcome, ProceedingStatus
from ipcoord.cases.tests.factories import (
    PartyFactory,
    PatentFactory,
    ProceedingFactory,
    granted_patent,
    registered_trademark,
)
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import AuditEvent
from ipcoord.registry.models import EventKind, RightStatus


def decide(proceeding, actor, outcome=ProceedingOutcome.INVALID, **kw):
    kw.setdefault("decision_date", datetime.date(2024, 12, 1))
    kw.setdefault("decision_number", "第12345号")
    return services.proceeding_decide(actor=actor, proceeding=proceeding, outcome=outcome, **kw)


def test_an_officer_files_for_their_own_office(world):
    patent = granted_patent()
    p = ProceedingFactory(actor=world.zj_officer, right=patent)
    assert p.owner_org == world.zj_ipo and p.patent == patent
    assert p.status == ProceedingStatus.FILED
    assert AuditEvent.objects.filter(action="proceeding.file", object_id=str(p.pk)).exists()


def test_the_operator_files_for_the_national_office_by_default(world):
    p = ProceedingFactory(right=granted_patent())
    assert p.owner_org == world.cnipa
    assert (
        ProceedingFactory(right=granted_patent(), owner_org=world.zj_ipo).owner_org == world.zj_ipo
    )


def test_court_staff_and_outsiders_cannot_file(world):
    for user in (world.bj_judge, world.hz_clerk, world.outsider):
        with pytest.raises(PermissionDenied):
            ProceedingFactory(actor=user, right=granted_patent())
    with pytest.raises(PermissionDenied):
        ProceedingFactory(actor=world.zj_officer, right=granted_patent(), owner_org=world.cnipa)


@pytest.mark.parametrize(
    ("kind", "make_right", "code"),
    [
        (ProceedingKind.TRADEMARK_OPPOSITION, granted_patent, "kind_not_for_right"),
        (ProceedingKind.PATENT_INVALIDATION, registered_trademark, "kind_not_for_right"),
        (ProceedingKind.EVALUATION_REPORT, granted_patent, "kind_not_for_right"),
        (ProceedingKind.PATENT_INVALIDATION, PatentFactory, "right_not_granted"),
        (ProceedingKind.ADMIN_ADJUDICATION, granted_patent, "respondent_required"),
    ],
)
def test_the_kind_must_fit_the_right(world, kind, make_right, code):
    with pytest.raises(ApplicationError) as err:
        ProceedingFactory(actor=world.cnipa_officer, kind=kind, right=make_right())
    assert err.value.code == code


def test_duplicate_numbers_are_refused(world):
    ProceedingFactory(number="4W100001", right=granted_patent())
    with pytest.raises(ApplicationError) as err:
        ProceedingFactory(number="4W100001", right=granted_patent())
    assert err.value.code == "duplicate_proceeding"


def test_advance_then_decide_invalid_marks_the_patent_invalidated(world):
    patent = granted_patent()
    p = ProceedingFactory(right=patent)
    p = services.proceeding_advance(
        actor=world.cnipa_officer, proceeding=p, status=ProceedingStatus.EXAMINING
    )
    assert p.status == ProceedingStatus.EXAMINING
    p = decide(p, world.cnipa_officer)
    assert p.status == ProceedingStatus.DECIDED and p.outcome == ProceedingOutcome.INVALID
    patent.refresh_from_db()
    assert patent.status == RightStatus.INVALIDATED
    event = patent.events.get(kind=EventKind.INVALIDATION)
    assert event.reference == "第12345号" and not event.partial
    assert event.authority == world.cnipa.name
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "proceeding.advance" in actions and "proceeding.decide" in actions


def test_partly_invalid_keeps_the_patent_valid_but_marked(world):
    patent = granted_patent()
    decide(ProceedingFactory(right=patent), world.cnipa_officer, ProceedingOutcome.PARTLY_INVALID)
    patent.refresh_from_db()
    assert patent.status == RightStatus.VALID and patent.partially_invalidated


def test_upheld_leaves_the_register_alone(world):
    patent = granted_patent()
    decide(ProceedingFactory(right=patent), world.cnipa_officer, ProceedingOutcome.UPHELD)
    patent.refresh_from_db()
    assert patent.status == RightStatus.VALID
    assert not patent.events.filter(kind=EventKind.INVALIDATION).exists()


def test_trademark_invalidation_reaches_the_register(world):
    mark = registered_trademark()
    p = ProceedingFactory(kind=ProceedingKind.TRADEMARK_INVALIDATION, right=mark)
    decide(p, world.cnipa_officer)
    mark.refresh_from_db()
    assert mark.status == RightStatus.INVALIDATED


def test_decisions_follow_the_transition_table(world):
    p = decide(ProceedingFactory(right=granted_patent()), world.cnipa_officer)
    with pytest.raises(ApplicationError) as err:
        decide(p, world.cnipa_officer)
    assert err.value.code == "bad_transition"
    with pytest.raises(ApplicationError) as err:
        services.proceeding_withdraw(actor=world.cnipa_officer, proceeding=p)
    assert err.value.code == "bad_transition"
    with pytest.raises(ApplicationError) as err:
        services.proceeding_advance(
            actor=world.cnipa_officer, proceeding=p, status=ProceedingStatus.DECIDED
        )
    assert err.value.code == "bad_transition"


def test_outcome_must_fit_the_kind_and_dates_must_make_sense(world):
    p = ProceedingFactory(right=granted_patent())
    with pytest.raises(ApplicationError) as err:
        decide(p, world.cnipa_officer, ProceedingOutcome.OPPOSITION_UPHELD)
    assert err.value.code == "outcome_not_for_kind"
    with pytest.raises(ApplicationError) as err:
        decide(p, world.cnipa_officer, decision_date=datetime.date(2024, 7, 1))
    assert err.value.code == "date_before_filing"
    with pytest.raises(ApplicationError) as err:
        decide(p, world.cnipa_officer, decision_number=" ")
    assert err.value.code == "decision_number_required"


def test_only_the_owning_office_decides(world):
    p = ProceedingFactory(right=granted_patent())
    for user in (world.zj_officer, world.bj_judge, world.outsider):
        with pytest.raises(PermissionDenied):
            decide(p, user)
    p.refresh_from_db()
    assert p.status == ProceedingStatus.FILED


def test_withdraw(world):
    p = ProceedingFactory(right=granted_patent(), requester=PartyFactory())
    p = services.proceeding_withdraw(
        actor=world.cnipa_officer,
        proceeding=p,
        withdrawal_date=datetime.date(2024, 9, 1),
        reason="双方和解",
    )
    assert p.status == ProceedingStatus.WITHDRAWN
    assert p.outcome == ProceedingOutcome.WITHDRAWN
    assert "双方和解" in p.grounds
