"""patent_record_many: the bulk path writes what patent_record writes, under the same rules."""

import datetime

import pytest

from ipcoord.core.audit import audit_verify
from ipcoord.core.exceptions import PermissionDenied
from ipcoord.core.models import AuditEvent
from ipcoord.registry import services
from ipcoord.registry.models import EventKind, Patent, RightStatus
from ipcoord.registry.services import NewPatent, PatentsRefused
from ipcoord.registry.tests.factories import PartyFactory, application_number, row_counts

D = datetime.date


def _new(serial: int, owners, **kw) -> NewPatent:
    return NewPatent(
        application_number=kw.pop("number", application_number(2023, "1", serial)),
        title=kw.pop("title", f"一种装置 {serial}"),
        filing_date=kw.pop("filing_date", D(2023, 3, 1)),
        owners=[o.pk for o in owners],
        **kw,
    )


def _comparable(patent: Patent) -> dict:
    return {
        "kind": patent.kind,
        "title": patent.title,
        "abstract": patent.abstract,
        "ipc": patent.ipc,
        "status": patent.status,
        "owner_org": patent.owner_org_id,
        "owners": [o.party_id for o in patent.patentowner_set.order_by("position")],
        "events": [(e.kind, e.date, e.recorded_by_id) for e in patent.events.all()],
    }


def test_bulk_writes_what_the_single_service_writes(world):
    owner, co_owner = PartyFactory(), PartyFactory()
    single = services.patent_record(
        actor=world.zj_officer,
        application_number=application_number(2023, "1", 1),
        title=" 一种装置 ",
        abstract="摘要",
        filing_date=D(2023, 3, 1),
        owners=[owner, co_owner],
        ipc="g06v 10/82",
    )
    ids = services.patent_record_many(
        actor=world.zj_officer,
        patents=[
            _new(2, [owner, co_owner], title=" 一种装置 ", abstract="摘要", ipc="g06v 10/82"),
            _new(3, [co_owner], number=f"ZL {application_number(2023, '2', 3)}"),
        ],
    )
    first, second = Patent.objects.get(pk=ids[0]), Patent.objects.get(pk=ids[1])
    assert _comparable(first) == _comparable(single)
    assert first.status == RightStatus.PENDING and first.title == "一种装置"
    assert second.kind == "utility_model"
    assert [e.kind for e in second.events.all()] == [EventKind.FILING]
    event = AuditEvent.objects.get(action="patent.record", object_id=str(first.pk))
    assert event.after["owners"] == [owner.pk, co_owner.pk]
    assert event.after["event"]["kind"] == "filing"
    assert event.organisation_id == world.zj_ipo.pk
    assert audit_verify().ok


def test_every_broken_record_is_listed_and_nothing_is_written(world):
    owner = PartyFactory()
    services.patent_record(
        actor=None,
        application_number=application_number(2023, "1", 10),
        title="已登记",
        filing_date=D(2023, 1, 1),
        owners=[owner],
    )
    before = row_counts()
    with pytest.raises(PatentsRefused) as exc:
        services.patent_record_many(
            actor=world.cnipa_officer,
            patents=[
                _new(11, [owner]),
                _new(12, [owner], number="202310000012.1"),  # wrong check digit
                _new(10, [owner]),  # already on the register
                _new(13, []),  # no owner
                _new(14, [owner], filing_date=D(2024, 1, 1)),  # after the number's year
                _new(11, [owner]),  # twice in one call
            ],
        )
    codes = {i: e.code for i, e in exc.value.errors.items()}
    assert codes[2] == "duplicate_patent" and codes[5] == "duplicate_patent"
    assert codes[3] == "owners_required"
    assert codes[4] == "filing_date_after_number_year"
    assert 1 in codes and 0 not in codes
    assert row_counts() == before


def test_only_ip_officers_record_in_bulk(world):
    owner = PartyFactory()
    before = row_counts()
    with pytest.raises(PermissionDenied):
        services.patent_record_many(actor=world.bj_judge, patents=[_new(20, [owner])])
    assert row_counts() == before


def test_event_guards_see_every_filing(world):
    seen = []

    def guard(proposal):
        seen.append((proposal.kind, proposal.right.application_number))

    services.register_event_guard(guard)
    try:
        services.patent_record_many(
            actor=None, patents=[_new(30, [PartyFactory()]), _new(31, [PartyFactory()])]
        )
    finally:
        services.unregister_event_guard(guard)
    assert [kind for kind, _number in seen] == [EventKind.FILING, EventKind.FILING]
