"""Legal events on trademarks: registration, renewal, transfer, well-known recognition."""

import datetime

import pytest

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import AuditEvent
from ipcoord.registry import services
from ipcoord.registry.models import RightStatus, Trademark
from ipcoord.registry.tests.factories import (
    PartyFactory,
    TrademarkFactory,
    granted_patent,
    registered_trademark,
    row_counts,
)

D = datetime.date


def test_registration_sets_a_ten_year_term(world):
    mark = TrademarkFactory()
    services.right_grant(actor=world.cnipa_officer, right=mark, date=D(2021, 2, 7))
    mark = Trademark.objects.get(pk=mark.pk)
    assert mark.status == RightStatus.VALID
    assert (mark.registration_date, mark.expiry_date) == (D(2021, 2, 7), D(2031, 2, 6))


def test_renewal_moves_the_expiry_date(world):
    mark = registered_trademark()
    services.renewal_record(actor=None, right=mark, date=D(2024, 3, 1), new_expiry=D(2041, 2, 6))
    assert Trademark.objects.get(pk=mark.pk).expiry_date == D(2041, 2, 6)
    audit = AuditEvent.objects.get(action="trademark.renewal")
    assert (audit.before["expiry_date"], audit.after["expiry_date"]) == ("2031-02-06", "2041-02-06")


def test_renewal_to_an_earlier_date_is_refused(world):
    mark = registered_trademark()
    before = row_counts()
    with pytest.raises(ApplicationError) as exc:
        services.renewal_record(
            actor=None, right=mark, date=D(2024, 3, 1), new_expiry=D(2030, 1, 1)
        )
    assert exc.value.code == "renewal_not_later"
    assert row_counts() == before


def test_transfer_changes_the_registrant(world):
    mark = registered_trademark()
    assignee = PartyFactory()
    services.right_transfer(
        actor=world.zj_officer, right=mark, date=D(2023, 1, 1), assignee=assignee
    )
    assert Trademark.objects.get(pk=mark.pk).owner == assignee
    assert mark.owner == assignee


def test_well_known_recognition_of_a_registered_mark(world):
    mark = registered_trademark()
    event = services.well_known_recognise(
        actor=world.cnipa_officer,
        trademark=mark,
        date=D(2023, 5, 1),
        authority="北京知识产权法院",
        reference="（2023）京73民初1号",
    )
    assert Trademark.objects.get(pk=mark.pk).well_known
    assert event.authority == "北京知识产权法院"


def test_well_known_recognition_refused_for_a_pending_mark(world):
    mark = TrademarkFactory()
    before = row_counts()
    with pytest.raises(ApplicationError) as exc:
        services.well_known_recognise(
            actor=None,
            trademark=mark,
            date=D(2023, 5, 1),
            authority="国家知识产权局",
            reference="x",
        )
    assert exc.value.code == "not_valid"
    assert row_counts() == before


def test_well_known_recognition_refused_for_a_patent(world):
    with pytest.raises(ApplicationError) as exc:
        services.well_known_recognise(
            actor=None, trademark=granted_patent(), date=D(2024, 7, 1), authority="a", reference="b"
        )
    assert exc.value.code == "trademark_only"


def test_well_known_recognition_needs_authority_and_reference(world):
    with pytest.raises(ApplicationError) as exc:
        services.well_known_recognise(
            actor=None,
            trademark=registered_trademark(),
            date=D(2023, 5, 1),
            authority="",
            reference="x",
        )
    assert exc.value.code == "authority_required"


def test_rejection_of_a_pending_mark(world):
    mark = TrademarkFactory()
    services.rejection_record(actor=None, right=mark, date=D(2021, 1, 1), reference="异议决定")
    assert mark.status == RightStatus.REJECTED
    with pytest.raises(ApplicationError) as exc:
        services.right_grant(actor=None, right=mark, date=D(2021, 2, 1))
    assert exc.value.code == "not_pending"
