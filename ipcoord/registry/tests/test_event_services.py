"""Legal events on patents: grant, transfer, pledge, licence, invalidation, lapse, restoration."""

import datetime

import pytest

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import AuditEvent
from ipcoord.registry import services
from ipcoord.registry.models import EventKind, LicenceKind, Patent, RightStatus
from ipcoord.registry.tests.factories import PartyFactory, PatentFactory, granted_patent, row_counts

D = datetime.date


def refused(call, **kwargs) -> ApplicationError:
    """Call a service expecting a refusal; assert it wrote nothing at all."""
    before = row_counts()
    with pytest.raises(ApplicationError) as exc:
        call(**kwargs)
    assert row_counts() == before
    return exc.value


def test_grant_makes_the_patent_valid_and_audits_before_and_after(world):
    patent = PatentFactory()
    event = services.right_grant(actor=world.cnipa_officer, right=patent, date=D(2024, 6, 1))
    assert event.kind == EventKind.GRANT
    assert (patent.status, patent.grant_date) == (RightStatus.VALID, D(2024, 6, 1))
    stored = Patent.objects.get(pk=patent.pk)
    assert stored.status == RightStatus.VALID
    audit = AuditEvent.objects.filter(action="patent.grant").get()
    assert audit.actor == world.cnipa_officer
    assert audit.organisation == world.cnipa
    assert audit.before["status"] == "pending" and audit.before["grant_date"] is None
    assert audit.after["status"] == "valid" and audit.after["grant_date"] == "2024-06-01"
    assert audit.after["event"]["id"] == event.pk


def test_a_second_grant_is_refused(world):
    patent = granted_patent()
    err = refused(services.right_grant, actor=world.cnipa_officer, right=patent, date=D(2024, 7, 1))
    assert err.code == "already_granted"
    assert "不能重复授权" in err.message


def test_transfer_replaces_the_owners(world):
    a, b = PartyFactory(), PartyFactory()
    patent = granted_patent(owners=[a, b])
    assignee = PartyFactory()
    services.right_transfer(
        actor=world.cnipa_officer,
        right=patent,
        date=D(2024, 8, 1),
        assignee=assignee,
        reference="转让-1",
    )
    assert list(patent.owners.all()) == [assignee]
    audit = AuditEvent.objects.get(action="patent.transfer")
    assert audit.before["owners"] == [a.pk, b.pk]
    assert audit.after["owners"] == [assignee.pk]


def test_transfer_of_a_lapsed_patent_is_refused(world):
    patent = granted_patent()
    services.lapse_record(actor=None, right=patent, date=D(2025, 1, 1))
    err = refused(
        services.right_transfer,
        actor=world.cnipa_officer,
        right=patent,
        date=D(2025, 2, 1),
        assignee=PartyFactory(),
    )
    assert err.code == "not_transferable"
    assert err.status == 409
    assert "终止（未缴年费）" in err.message and "不能办理转让登记" in err.message


def test_transfer_to_the_current_owner_is_refused(world):
    owner = PartyFactory()
    patent = granted_patent(owners=[owner])
    err = refused(
        services.right_transfer, actor=None, right=patent, date=D(2024, 8, 1), assignee=owner
    )
    assert err.code == "same_owner"


def test_pledge_and_release(world):
    patent = granted_patent()
    bank = PartyFactory(name="某银行股份有限公司")
    pledge = services.pledge_record(
        actor=world.cnipa_officer, right=patent, date=D(2024, 7, 1), pledgee=bank
    )
    state = services.right_state(patent)
    assert [p.key for p in state.active_pledges] == [pledge.pk]
    release = services.pledge_release(actor=world.cnipa_officer, pledge=pledge, date=D(2025, 7, 1))
    assert release.pledge == pledge
    assert services.right_state(patent).active_pledges == ()


def test_releasing_a_pledge_twice_is_refused(world):
    patent = granted_patent()
    pledge = services.pledge_record(
        actor=None, right=patent, date=D(2024, 7, 1), pledgee=PartyFactory()
    )
    services.pledge_release(actor=None, pledge=pledge, date=D(2024, 8, 1))
    err = refused(services.pledge_release, actor=None, pledge=pledge, date=D(2024, 9, 1))
    assert err.code == "no_active_pledge"


def test_only_a_pledge_can_be_released(world):
    patent = granted_patent()
    grant = patent.events.get(kind=EventKind.GRANT)
    err = refused(services.pledge_release, actor=None, pledge=grant, date=D(2024, 9, 1))
    assert err.code == "not_a_pledge"


def test_a_pending_application_cannot_be_pledged(world):
    err = refused(
        services.pledge_record,
        actor=None,
        right=PatentFactory(),
        date=D(2024, 1, 1),
        pledgee=PartyFactory(),
    )
    assert err.code == "not_pledgeable"


def test_licence_recorded_and_unknown_kind_refused(world):
    patent = granted_patent()
    event = services.licence_record(
        actor=None,
        right=patent,
        date=D(2024, 7, 1),
        licensee=PartyFactory(),
        licence_kind=LicenceKind.EXCLUSIVE,
    )
    assert services.right_state(patent).licences[0].key == event.pk
    err = refused(
        services.licence_record,
        actor=None,
        right=patent,
        date=D(2024, 7, 2),
        licensee=PartyFactory(),
        licence_kind="forever",
    )
    assert err.code == "invalid_licence_kind"


def test_partial_invalidation_keeps_the_patent_valid(world):
    patent = granted_patent()
    services.invalidation_record(
        actor=world.cnipa_officer,
        right=patent,
        date=D(2024, 9, 1),
        partial=True,
        reference="第12345号",
    )
    patent.refresh_from_db()
    assert patent.status == RightStatus.VALID
    assert patent.partially_invalidated


def test_whole_invalidation_is_final(world):
    patent = granted_patent()
    services.invalidation_record(actor=None, right=patent, date=D(2024, 9, 1), partial=False)
    assert patent.status == RightStatus.INVALIDATED
    for call, kwargs in [
        (services.restoration_record, {}),
        (services.right_grant, {}),
        (services.pledge_record, {"pledgee": PartyFactory()}),
        (services.invalidation_record, {"partial": False}),
    ]:
        refused(call, actor=None, right=patent, date=D(2024, 10, 1), **kwargs)
    assert Patent.objects.get(pk=patent.pk).status == RightStatus.INVALIDATED


def test_a_pending_application_cannot_be_invalidated(world):
    err = refused(
        services.invalidation_record,
        actor=None,
        right=PatentFactory(),
        date=D(2024, 1, 1),
        partial=False,
    )
    assert err.code == "not_granted"


def test_lapse_and_restoration(world):
    patent = granted_patent()
    err = refused(services.restoration_record, actor=None, right=patent, date=D(2024, 7, 1))
    assert err.code == "not_lapsed"
    services.lapse_record(actor=None, right=patent, date=D(2024, 8, 1))
    assert patent.status == RightStatus.LAPSED
    services.restoration_record(actor=None, right=patent, date=D(2024, 9, 1))
    assert Patent.objects.get(pk=patent.pk).status == RightStatus.VALID


def test_expiry_and_abandonment(world):
    patent = granted_patent()
    services.expiry_record(actor=None, right=patent, date=D(2024, 12, 1))
    assert patent.status == RightStatus.EXPIRED
    other = PatentFactory()
    services.abandonment_record(actor=None, right=other, date=D(2024, 1, 1))
    assert other.status == RightStatus.ABANDONED


def test_a_back_dated_event_is_refused(world):
    patent = granted_patent()  # granted 2024-06-01
    err = refused(services.lapse_record, actor=None, right=patent, date=D(2024, 5, 1))
    assert err.code == "date_out_of_order"


def test_renewal_is_for_trademarks_only(world):
    err = refused(
        services.renewal_record,
        actor=None,
        right=granted_patent(),
        date=D(2024, 7, 1),
        new_expiry=D(2040, 1, 1),
    )
    assert err.code == "trademark_only"
