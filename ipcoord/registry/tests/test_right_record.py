"""patent_record and trademark_record."""

import datetime

import pytest

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import AuditEvent
from ipcoord.registry import services
from ipcoord.registry.models import EventKind, PatentKind, RightStatus
from ipcoord.registry.tests.factories import PartyFactory, application_number, row_counts

D = datetime.date


def test_officer_records_an_application_typed_as_a_patent_number(world):
    owner, co_owner = PartyFactory(), PartyFactory()
    patent = services.patent_record(
        actor=world.zj_officer,
        application_number="ZL 2023 1 0123456.6",
        title=" 一种图像识别方法 ",
        filing_date=D(2023, 2, 1),
        owners=[owner, co_owner],
        ipc="g06v 10/82;H04L9/32",
    )
    assert patent.application_number == "202310123456.6"
    assert patent.kind == PatentKind.INVENTION
    assert patent.status == RightStatus.PENDING
    assert patent.title == "一种图像识别方法"
    assert patent.ipc == "G06V 10/82; H04L 9/32"
    assert patent.owner_org == world.zj_ipo
    assert [link.party for link in patent.patentowner_set.order_by("position")] == [owner, co_owner]
    (event,) = patent.events.all()
    assert (event.kind, event.date, event.recorded_by) == (
        EventKind.FILING,
        D(2023, 2, 1),
        world.zj_officer,
    )
    assert AuditEvent.objects.filter(action="patent.record", object_id=str(patent.pk)).exists()


def test_the_kind_comes_from_the_number(world):
    patent = services.patent_record(
        actor=None,
        application_number=application_number(2022, "2", 5),
        title="一种支架",
        filing_date=D(2022, 1, 1),
        owners=[PartyFactory()],
    )
    assert patent.kind == PatentKind.UTILITY_MODEL
    assert patent.owner_org == world.cnipa  # the national IP administration


def test_a_wrong_check_digit_is_named_and_nothing_is_written(world):
    owner = PartyFactory()
    before = row_counts()
    with pytest.raises(ApplicationError) as exc:
        services.patent_record(
            actor=world.cnipa_officer,
            application_number="202310123456.1",
            title="x",
            filing_date=D(2023, 1, 1),
            owners=[owner],
        )
    assert exc.value.code == "invalid_application_number"
    assert exc.value.extra["part"] == "check_digit"
    assert "校验位应为 6" in exc.value.message
    assert row_counts() == before


def test_the_same_application_twice_is_refused(world):
    owner = PartyFactory()
    kwargs = dict(title="x", filing_date=D(2023, 1, 1), owners=[owner])
    services.patent_record(actor=None, application_number="2023101234566", **kwargs)
    before = row_counts()
    with pytest.raises(ApplicationError) as exc:
        services.patent_record(actor=None, application_number="CN202310123456.6", **kwargs)
    assert exc.value.code == "duplicate_patent"
    assert row_counts() == before


def test_filing_date_after_the_numbers_year_is_refused(world):
    with pytest.raises(ApplicationError) as exc:
        services.patent_record(
            actor=None,
            application_number=application_number(2022),
            title="x",
            filing_date=D(2023, 1, 1),
            owners=[PartyFactory()],
        )
    assert exc.value.code == "filing_date_after_number_year"


def test_a_bad_ipc_symbol_is_refused(world):
    with pytest.raises(ApplicationError) as exc:
        services.patent_record(
            actor=None,
            application_number=application_number(),
            title="x",
            filing_date=D(2023, 1, 1),
            owners=[PartyFactory()],
            ipc=["H04L 9/32", "Z99Q 1/00"],
        )
    assert exc.value.code == "invalid_ipc"


def test_an_application_needs_an_owner(world):
    with pytest.raises(ApplicationError) as exc:
        services.patent_record(
            actor=None,
            application_number=application_number(),
            title="x",
            filing_date=D(2023, 1, 1),
            owners=[],
        )
    assert exc.value.code == "owners_required"


@pytest.mark.parametrize("who", ["bj_judge", "bj_clerk", "outsider", "system_admin"])
def test_only_ip_officers_record_rights(world, who):
    owner = PartyFactory()
    before = row_counts()
    with pytest.raises(ApplicationError) as exc:
        services.patent_record(
            actor=getattr(world, who),
            application_number=application_number(),
            title="x",
            filing_date=D(2023, 1, 1),
            owners=[owner],
        )
    assert exc.value.status == 403
    assert row_counts() == before


def test_an_officer_cannot_file_for_another_office(world):
    with pytest.raises(ApplicationError) as exc:
        services.patent_record(
            actor=world.zj_officer,
            application_number=application_number(),
            title="x",
            filing_date=D(2023, 1, 1),
            owners=[PartyFactory()],
            owner_org=world.cnipa,
        )
    assert exc.value.status == 403


def test_trademark_record(world):
    owner = PartyFactory()
    mark = services.trademark_record(
        actor=world.cnipa_officer,
        number="第012345678号",
        mark_text="星河",
        nice_classes="35，9、9",
        owner=owner,
        application_date=D(2020, 5, 1),
    )
    assert mark.number == "12345678"
    assert mark.nice_classes == ",9,35,"
    assert mark.class_list == [9, 35]
    assert mark.status == RightStatus.PENDING
    assert mark.events.get().kind == EventKind.FILING


def test_trademark_with_a_class_out_of_range_is_refused(world):
    before = row_counts()
    with pytest.raises(ApplicationError) as exc:
        services.trademark_record(
            actor=None,
            number="123",
            mark_text="x",
            nice_classes="9,46",
            owner=PartyFactory(),
            application_date=D(2020, 5, 1),
        )
    assert exc.value.code == "invalid_nice_classes"
    assert row_counts()["Trademark"] == before["Trademark"]


def test_no_future_filing_dates(world):
    with pytest.raises(ApplicationError) as exc:
        services.trademark_record(
            actor=None,
            number="123",
            mark_text="x",
            nice_classes="9",
            owner=PartyFactory(),
            application_date=datetime.date.today() + datetime.timedelta(days=2),
        )
    assert exc.value.code == "future_date"
