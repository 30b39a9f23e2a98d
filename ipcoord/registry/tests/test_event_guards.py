"""The event-guard hook other apps (preservation) use to refuse writes on a right."""

import datetime

import pytest

from ipcoord.core.exceptions import ApplicationError
from ipcoord.registry import services
from ipcoord.registry.models import EventKind, Patent, RightStatus
from ipcoord.registry.tests.factories import PartyFactory, granted_patent, row_counts

D = datetime.date


@pytest.fixture
def frozen_ids():
    """A stand-in for preservation: patents whose transfer, pledge and abandonment are frozen."""
    frozen: set[int] = set()
    seen: list[services.ProposedEvent] = []

    def guard(proposal: services.ProposedEvent) -> None:
        seen.append(proposal)
        blocked = {EventKind.TRANSFER, EventKind.PLEDGE, EventKind.ABANDONMENT}
        if (
            isinstance(proposal.right, Patent)
            and proposal.right.pk in frozen
            and proposal.kind in blocked
        ):
            raise ApplicationError("专利已被冻结。", code="frozen")

    services.register_event_guard(guard)
    services.register_event_guard(guard)  # registering twice is harmless
    try:
        yield frozen, seen
    finally:
        services.unregister_event_guard(guard)
    assert guard not in services.event_guards


def test_a_guard_refuses_the_transfer_of_a_frozen_patent(world, frozen_ids):
    frozen, seen = frozen_ids
    patent = granted_patent()
    frozen.add(patent.pk)
    assignee = PartyFactory()
    before = row_counts()
    with pytest.raises(ApplicationError) as exc:
        services.right_transfer(
            actor=world.cnipa_officer, right=patent, date=D(2024, 8, 1), assignee=assignee
        )
    assert exc.value.code == "frozen"
    assert row_counts() == before
    assert seen[-1].kind == EventKind.TRANSFER and seen[-1].actor == world.cnipa_officer


def test_a_guard_lets_other_events_through(world, frozen_ids):
    frozen, seen = frozen_ids
    patent = granted_patent()
    frozen.add(patent.pk)
    services.lapse_record(actor=None, right=patent, date=D(2024, 9, 1))
    assert Patent.objects.get(pk=patent.pk).status == RightStatus.LAPSED
    assert [p.kind for p in seen] == [EventKind.FILING, EventKind.GRANT, EventKind.LAPSE]


def test_status_rules_are_checked_before_guards(world, frozen_ids):
    frozen, seen = frozen_ids
    patent = granted_patent()
    services.lapse_record(actor=None, right=patent, date=D(2024, 9, 1))
    frozen.add(patent.pk)
    count = len(seen)
    with pytest.raises(ApplicationError) as exc:
        services.pledge_record(
            actor=None, right=patent, date=D(2024, 10, 1), pledgee=PartyFactory()
        )
    assert exc.value.code == "not_pledgeable"
    assert len(seen) == count


def test_transfer_guards_is_the_same_list():
    assert services.transfer_guards is services.event_guards
