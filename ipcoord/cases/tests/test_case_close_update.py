import datetime

import pytest

from ipcoord.cases import services
from ipcoord.cases.models import CaseRole, CaseStatus, Cause, ClosingManner, Outcome
from ipcoord.cases.tests.factories import CaseFactory, PartyFactory, granted_patent
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import AuditEvent


def close(case, actor, **kw):
    kw.setdefault("closing_date", datetime.date(2024, 12, 1))
    kw.setdefault("closing_manner", ClosingManner.JUDGMENT)
    kw.setdefault("outcome", Outcome.CLAIM_GRANTED)
    return services.case_close(actor=actor, case=case, **kw)


def test_it_closes_an_open_case(world):
    case = close(CaseFactory(), world.bj_judge)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert case.closing_date == datetime.date(2024, 12, 1)
    assert case.outcome == Outcome.CLAIM_GRANTED
    event = AuditEvent.objects.get(action="case.close")
    assert event.before["status"] == "open" and event.after["status"] == "closed"


def test_closing_date_cannot_precede_filing(world):
    case = CaseFactory()
    with pytest.raises(ApplicationError) as err:
        close(case, world.bj_judge, closing_date=datetime.date(2024, 6, 30))
    assert err.value.code == "closing_before_filing"


def test_only_open_cases_close(world):
    case = close(CaseFactory(), world.bj_judge)
    with pytest.raises(ApplicationError) as err:
        close(case, world.bj_judge)
    assert err.value.code == "case_closed"


def test_first_instance_cannot_be_upheld(world):
    with pytest.raises(ApplicationError) as err:
        close(CaseFactory(), world.bj_judge, outcome=Outcome.UPHELD)
    assert err.value.code == "outcome_not_for_procedure"


def test_another_courts_staff_cannot_close(world):
    case = CaseFactory()
    for outsider in (world.hz_clerk, world.cnipa_officer, world.outsider, world.zj_high_judge):
        with pytest.raises(PermissionDenied):
            close(case, outsider)
    case.refresh_from_db()
    assert case.status == CaseStatus.OPEN


def test_update_changes_summary_parties_and_rights(world):
    case = CaseFactory()
    party, patent = PartyFactory(), granted_patent()
    services.case_update(
        actor=world.bj_clerk,
        case=case,
        summary="新的摘要",
        cause=Cause.UTILITY_INFRINGEMENT,
        parties=[(party, CaseRole.PLAINTIFF)],
        patents=[patent],
    )
    case.refresh_from_db()
    assert case.summary == "新的摘要" and case.cause == Cause.UTILITY_INFRINGEMENT
    assert list(case.patents.all()) == [patent]
    assert case.case_parties.get().party == party
    event = AuditEvent.objects.get(action="case.update")
    assert event.after["summary"] == "新的摘要" and event.after["patents"] == [patent.pk]


def test_update_refuses_unknown_fields_and_changes_to_closed_cases(world):
    case = CaseFactory()
    with pytest.raises(ApplicationError) as err:
        services.case_update(actor=world.bj_clerk, case=case, owner_org=world.hz_inter)
    assert err.value.code == "unknown_field"
    close(case, world.bj_judge)
    services.case_update(actor=world.bj_clerk, case=case, summary="结案后补充")
    with pytest.raises(ApplicationError) as err:
        services.case_update(actor=world.bj_clerk, case=case, patents=[granted_patent()])
    assert err.value.code == "case_closed"


def test_an_update_that_changes_nothing_is_not_audited(world):
    case = CaseFactory(summary="同样")
    services.case_update(actor=world.bj_clerk, case=case, summary="同样")
    assert not AuditEvent.objects.filter(action="case.update").exists()


def test_add_right_is_idempotent(world):
    case, patent = CaseFactory(), granted_patent()
    services.case_add_right(actor=world.bj_clerk, case=case, right=patent)
    services.case_add_right(actor=world.bj_clerk, case=case, right=patent)
    assert list(case.patents.all()) == [patent]
    assert AuditEvent.objects.filter(action="case.add_right").count() == 1
    with pytest.raises(PermissionDenied):
        services.case_add_right(actor=world.hz_clerk, case=case, right=granted_patent())
