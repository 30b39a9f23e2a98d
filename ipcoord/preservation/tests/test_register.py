"""freeze_order_register: active if free, queued in registration order otherwise."""

import datetime

import pytest
import time_machine

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import AuditEvent, Notification
from ipcoord.preservation import services
from ipcoord.preservation.models import ItemStatus, OrderStatus
from ipcoord.preservation.tests.factories import (
    counts,
    freeze,
    granted_patent,
    registered_trademark,
    statuses,
    submit,
)

NOW = datetime.datetime(2025, 1, 10, 10, 0, tzinfo=datetime.UTC)


@time_machine.travel(NOW, tick=False)
def test_the_first_order_is_active_for_its_term(world):
    patent = granted_patent()
    order = freeze(world, world.bj_clerk, [patent], months=6)
    item = order.items.get()
    assert order.status == OrderStatus.REGISTERED and order.registered_by == world.cnipa_officer
    assert item.status == ItemStatus.ACTIVE and item.seq == 1
    assert (item.starts_on, item.ends_on) == (datetime.date(2025, 1, 10), datetime.date(2025, 7, 9))
    assert AuditEvent.objects.filter(action="freeze_order.register").count() == 1
    assert Notification.objects.filter(verb="freeze.registered", recipient=world.bj_clerk).exists()


def test_later_orders_queue_in_registration_order(world):
    patent, mark = granted_patent(), registered_trademark()
    first = freeze(world, world.hz_clerk, [patent])
    # Submitted first, registered last: registration order decides, not submission.
    early = submit(world.bj_clerk, [patent, mark])
    second = freeze(world, world.bj_judge, [patent])
    services.freeze_order_register(actor=world.cnipa_officer, order=early)
    assert statuses(patent) == [
        (1, ItemStatus.ACTIVE),
        (2, ItemStatus.QUEUED),
        (3, ItemStatus.QUEUED),
    ]
    assert first.items.get().status == ItemStatus.ACTIVE
    assert second.items.get().seq == 2
    assert early.items.get(trademark=mark).status == ItemStatus.ACTIVE


@pytest.mark.parametrize("who", ["zj_officer", "bj_clerk", "outsider"])
def test_only_national_registry_officers_register(world, who):
    order = submit(world.bj_clerk, [granted_patent()])
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        services.freeze_order_register(actor=getattr(world, who), order=order)
    assert exc.value.code == "not_registry_officer"
    assert counts() == before


def test_an_order_is_registered_once(world):
    order = freeze(world, world.bj_clerk, [granted_patent()])
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        services.freeze_order_register(actor=world.cnipa_officer, order=order)
    assert exc.value.code == "already_registered"
    assert counts() == before
