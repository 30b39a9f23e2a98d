"""freeze_renew and freeze_release: before expiry only, by the ordering court only."""

import datetime

import pytest
import time_machine

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import AuditEvent, Notification
from ipcoord.preservation import services
from ipcoord.preservation.models import FreezeItem, ItemStatus, OrderStatus
from ipcoord.preservation.tests.factories import counts, freeze, granted_patent, statuses

D = datetime.date
T0 = datetime.datetime(2025, 1, 10, 10, 0, tzinfo=datetime.UTC)


def _renew(world, order, months=6, actor=None, **kw):
    return services.freeze_renew(
        actor=actor or world.bj_clerk,
        order=order,
        ruling_number="（2024）京73执保1号之二",
        notice_number=kw.pop("notice_number", "续冻1号"),
        months=months,
        **kw,
    )


def _release(world, order, actor=None, **kw):
    return services.freeze_release(
        actor=actor or world.bj_clerk,
        order=order,
        ruling_number="（2024）京73执保1号之三",
        notice_number="解冻1号",
        **kw,
    )


def test_a_renewal_before_expiry_adds_one_term_from_the_old_end(world):
    with time_machine.travel(T0, tick=False):
        order = freeze(world, world.bj_clerk, [granted_patent()])
    with time_machine.travel(datetime.datetime(2025, 7, 9, 12, tzinfo=datetime.UTC), tick=False):
        record = _renew(world, order, months=6)
    item = order.items.get()
    assert item.ends_on == D(2026, 1, 9) and item.renewals == 1
    assert list(record.items.all()) == [item]
    assert AuditEvent.objects.filter(action="freeze_order.renew").count() == 1


def test_a_renewal_after_expiry_is_refused(world):
    with time_machine.travel(T0, tick=False):
        order = freeze(world, world.bj_clerk, [granted_patent()])
    with time_machine.travel(datetime.datetime(2025, 7, 10, 12, tzinfo=datetime.UTC), tick=False):
        before = counts()
        with pytest.raises(ApplicationError) as exc:
            _renew(world, order)
        assert exc.value.code == "renewal_after_expiry" and "2025-07-09" in exc.value.message
        assert counts() == before
        services.freeze_sweep()  # swept or not, the answer is the same
        with pytest.raises(ApplicationError) as exc:
            _renew(world, order)
        assert exc.value.code == "renewal_after_expiry"


def test_a_renewal_over_the_ceiling_is_refused(world):
    order = freeze(world, world.bj_clerk, [granted_patent()])
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        _renew(world, order, months=7)
    assert exc.value.code == "period_over_ceiling" and "六个月" in exc.value.message
    assert counts() == before


def test_a_queued_order_cannot_be_renewed(world):
    patent = granted_patent()
    freeze(world, world.hz_clerk, [patent])
    queued = freeze(world, world.bj_clerk, [patent])
    with pytest.raises(ApplicationError) as exc:
        _renew(world, queued)
    assert exc.value.code == "nothing_to_renew"


def test_another_court_cannot_renew_or_release(world):
    order = freeze(world, world.bj_clerk, [granted_patent()])
    before = counts()
    for call in (
        lambda: _renew(world, order, actor=world.hz_clerk),
        lambda: _release(world, order, actor=world.hz_clerk),
    ):
        with pytest.raises(ApplicationError) as exc:
            call()
        assert exc.value.code == "not_ordering_court"
    assert counts() == before


def test_releasing_the_active_order_promotes_the_first_queued_one_from_today(world):
    patent = granted_patent()
    with time_machine.travel(T0, tick=False):
        active = freeze(world, world.bj_clerk, [patent])
        second = freeze(world, world.hz_clerk, [patent], months=3)
        third = freeze(world, world.bj_judge, [patent])
    with time_machine.travel(datetime.datetime(2025, 2, 1, 9, tzinfo=datetime.UTC), tick=False):
        _release(world, active)
    assert statuses(patent) == [(1, "released"), (2, "active"), (3, "queued")]
    promoted = second.items.get()
    assert (promoted.starts_on, promoted.ends_on) == (D(2025, 2, 1), D(2025, 4, 30))
    assert (
        Notification.objects.filter(verb="freeze.promoted", recipient=world.hz_clerk).count() == 1
    )
    active.refresh_from_db()
    second.refresh_from_db()
    assert active.status == OrderStatus.RELEASED and second.status == OrderStatus.REGISTERED
    assert third.items.get().status == ItemStatus.QUEUED


def test_a_partial_release_keeps_the_other_rights_frozen(world):
    p1, p2 = granted_patent(), granted_patent()
    order = freeze(world, world.bj_clerk, [p1, p2])
    record = _release(world, order, rights=[p1])
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_ENDED
    assert FreezeItem.objects.get(order=order, patent=p1).release == record
    assert FreezeItem.objects.get(order=order, patent=p2).status == ItemStatus.ACTIVE


def test_releasing_a_queued_order_takes_it_off_the_queue(world):
    patent = granted_patent()
    freeze(world, world.hz_clerk, [patent])
    queued = freeze(world, world.bj_clerk, [patent])
    _release(world, queued)
    assert statuses(patent) == [(1, "active"), (2, "released")]


def test_nothing_to_release_and_foreign_rights_are_refused(world):
    p1, p2 = granted_patent(), granted_patent()
    order = freeze(world, world.bj_clerk, [p1])
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        _release(world, order, rights=[p2])
    assert exc.value.code == "right_not_in_order"
    assert counts() == before
    _release(world, order)
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        _release(world, order)
    assert exc.value.code == "nothing_to_release"
    assert counts() == before


def test_a_renewal_with_fewer_than_7_days_left_is_registered_but_marked_late(world):
    with time_machine.travel(T0, tick=False):
        on_time = freeze(world, world.bj_clerk, [granted_patent()])
        late = freeze(world, world.bj_clerk, [granted_patent()])
    # Both terms end on 2025-07-09: on 07-02 seven days are left, on 07-03 six.
    with time_machine.travel(datetime.datetime(2025, 7, 2, 12, tzinfo=datetime.UTC), tick=False):
        assert services.late_renewal_warning(list(on_time.items.all())) == ""
        first = _renew(world, on_time)
    with time_machine.travel(datetime.datetime(2025, 7, 3, 12, tzinfo=datetime.UTC), tick=False):
        warning = services.late_renewal_warning(list(late.items.all()))
        second = _renew(world, late, notice_number="续冻2号")
    assert not first.late and second.late
    assert "2025-07-09" in warning and "7 日" in warning and "第十八条" in warning
    assert late.items.get().ends_on == D(2026, 1, 9)
    audit = AuditEvent.objects.filter(action="freeze_order.renew").order_by("seq")
    assert [bool(e.after["late"]) for e in audit] == [False, True]
