"""Who may write the register: IP officers of IP administrations, and trusted operators."""

import datetime

import pytest

from ipcoord.core.exceptions import ApplicationError
from ipcoord.registry import services
from ipcoord.registry.tests.factories import PartyFactory, PatentFactory, granted_patent, row_counts

D = datetime.date


@pytest.mark.parametrize("who", ["bj_judge", "hz_clerk", "outsider", "audit_admin"])
def test_only_ip_officers_record_a_transfer(world, who):
    patent = granted_patent()
    assignee = PartyFactory()
    before = row_counts()
    with pytest.raises(ApplicationError) as exc:
        services.right_transfer(
            actor=getattr(world, who), right=patent, date=D(2024, 8, 1), assignee=assignee
        )
    assert exc.value.status == 403
    assert row_counts() == before


def test_a_judge_cannot_record_an_invalidation(world):
    patent = granted_patent()
    with pytest.raises(ApplicationError) as exc:
        services.invalidation_record(
            actor=world.bj_judge, right=patent, date=D(2024, 9, 1), partial=False
        )
    assert exc.value.status == 403


def test_a_provincial_officer_records_events_on_the_national_register(world):
    patent = granted_patent()
    services.lapse_record(actor=world.zj_officer, right=patent, date=D(2024, 9, 1))
    assert patent.status == "lapsed"


def test_a_sealed_right_of_another_office_looks_missing(world):
    patent = PatentFactory(owner_org=world.zj_ipo, sealed=True, actor=world.zj_officer)
    with pytest.raises(ApplicationError) as exc:
        services.right_grant(actor=world.cnipa_officer, right=patent, date=D(2024, 6, 1))
    assert exc.value.status == 404
    services.right_grant(actor=world.zj_officer, right=patent, date=D(2024, 6, 1))
    assert patent.status == "valid"


def test_an_inactive_officer_cannot_write(world):
    world.cnipa_officer.is_active = False
    world.cnipa_officer.save(update_fields=["is_active"])
    with pytest.raises(ApplicationError) as exc:
        services.lapse_record(actor=world.cnipa_officer, right=granted_patent(), date=D(2024, 9, 1))
    assert exc.value.status == 403
