"""Every step of inquiry-and-control is in the audit trail, and the chain still verifies."""

import datetime

import pytest
import time_machine

from ipcoord.core.audit import audit_verify
from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import AuditEvent
from ipcoord.preservation import services
from ipcoord.preservation.guard import attempts_flush
from ipcoord.preservation.tests.factories import (
    PartyFactory,
    freeze,
    granted_patent,
    preservation_case,
    statuses,
)
from ipcoord.registry import services as registry

T0 = datetime.datetime(2025, 1, 10, 10, 0, tzinfo=datetime.UTC)


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 2, 0, tzinfo=datetime.UTC)


def _actions(order) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="preservation.freezeorder", object_id=str(order.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_every_step_of_an_order_is_audited(world):
    owner = PartyFactory(name="杭州某某科技有限公司")
    patent = granted_patent(owners=[owner])
    with time_machine.travel(T0, tick=False):
        services.inquiry_run(
            actor=world.bj_clerk, case_number=preservation_case().number, query=owner.name
        )
        first = freeze(world, world.bj_clerk, [patent])
        second = freeze(world, world.hz_clerk, [patent])
        third = freeze(world, world.bj_clerk, [patent])
        with pytest.raises(ApplicationError):
            registry.right_transfer(
                actor=None, right=patent, date=T0.date(), assignee=PartyFactory()
            )
        attempts_flush()
    with time_machine.travel(_at(datetime.date(2025, 6, 1)), tick=False):
        services.freeze_renew(
            actor=world.bj_clerk,
            order=first,
            ruling_number="续裁1号",
            notice_number="续协1号",
            months=6,
        )
        services.freeze_release(
            actor=world.bj_clerk, order=first, ruling_number="解裁1号", notice_number="解协1号"
        )
    # The promoted order (second) runs out unrenewed; the third takes over.
    services.freeze_sweep(now=_at(datetime.date(2025, 12, 2)))
    assert statuses(patent) == [(1, "released"), (2, "expired"), (3, "active")]

    assert AuditEvent.objects.filter(action="preservation.inquiry").count() == 1
    assert _actions(first) == [
        "freeze_order.submit",
        "freeze_order.register",
        "freeze_item.attempt_refused",
        "freeze_order.renew",
        "freeze_order.release",
    ]
    release = AuditEvent.objects.get(action="freeze_order.release")
    assert release.after["promoted"] == [second.items.get().pk]
    assert _actions(second) == [
        "freeze_order.submit",
        "freeze_order.register",
        "freeze_item.expire",
    ]
    expire = AuditEvent.objects.get(action="freeze_item.expire")
    assert expire.after["promoted"] == third.items.get().pk
    assert audit_verify().ok
