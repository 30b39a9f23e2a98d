"""freeze_sweep and its task: expire, promote, remind 30 and 7 days before; idempotent."""

import datetime

import time_machine

from ipcoord.core.models import AuditEvent, Notification
from ipcoord.preservation import services
from ipcoord.preservation.models import OrderStatus
from ipcoord.preservation.tasks import freeze_sweep_task
from ipcoord.preservation.tests.factories import freeze, granted_patent, statuses

D = datetime.date
T0 = datetime.datetime(2025, 1, 10, 10, 0, tzinfo=datetime.UTC)


def at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, 2, 0, tzinfo=datetime.UTC)


def _notes(verb: str) -> list[tuple]:
    return list(
        Notification.objects.filter(verb=verb).order_by("id").values_list("recipient", "params")
    )


def test_expiry_promotes_the_next_order_without_a_gap(world):
    patent = granted_patent()
    with time_machine.travel(T0, tick=False):
        first = freeze(world, world.bj_clerk, [patent], months=6)
        second = freeze(world, world.hz_clerk, [patent], months=6)
    # Run three days late: the promoted term still starts the day after the old one ended.
    report = services.freeze_sweep(now=at(D(2025, 7, 13)))
    assert statuses(patent) == [(1, "expired"), (2, "active")]
    item = second.items.get()
    assert (item.starts_on, item.ends_on) == (D(2025, 7, 10), D(2026, 1, 9))
    assert report.expired == [first.items.get().pk] and report.promoted == [item.pk]
    first.refresh_from_db()
    assert first.status == OrderStatus.EXPIRED
    assert {r for r, _ in _notes("freeze.expired")} == {world.bj_clerk.pk, world.bj_judge.pk}
    assert {r for r, _ in _notes("freeze.promoted")} == {world.hz_clerk.pk}
    assert AuditEvent.objects.filter(action="freeze_item.expire").count() == 1


def test_a_long_overdue_sweep_walks_the_whole_queue(world):
    patent = granted_patent()
    with time_machine.travel(T0, tick=False):
        freeze(world, world.bj_clerk, [patent], months=1)
        freeze(world, world.hz_clerk, [patent], months=1)
        freeze(world, world.bj_judge, [patent], months=6)
    services.freeze_sweep(now=at(D(2025, 3, 20)))
    assert statuses(patent) == [(1, "expired"), (2, "expired"), (3, "active")]


def test_reminders_come_once_at_30_and_once_at_7_days(world):
    with time_machine.travel(T0, tick=False):
        order = freeze(world, world.bj_clerk, [granted_patent(), granted_patent()], months=6)
    # ends 2025-07-09
    for day in (D(2025, 6, 8), D(2025, 6, 9), D(2025, 6, 9), D(2025, 6, 20)):
        services.freeze_sweep(now=at(day))
    assert [p["days"] for _, p in _notes("freeze.expiring") if _ == world.bj_clerk.pk] == [30]
    for day in (D(2025, 7, 2), D(2025, 7, 3), D(2025, 7, 3)):
        services.freeze_sweep(now=at(day))
    days = [p["days"] for r, p in _notes("freeze.expiring") if r == world.bj_clerk.pk]
    assert days == [30, 7]
    assert _notes("freeze.expiring")[0][1]["rights"] == 2
    assert order.items.filter(reminded_7_for=D(2025, 7, 9)).count() == 2


def test_a_renewal_rearms_the_reminders(world):
    with time_machine.travel(T0, tick=False):
        order = freeze(world, world.bj_clerk, [granted_patent()], months=6)
    services.freeze_sweep(now=at(D(2025, 7, 5)))
    with time_machine.travel(at(D(2025, 7, 5)), tick=False):
        services.freeze_renew(
            actor=world.bj_clerk, order=order, ruling_number="r2", notice_number="n2", months=1
        )
    services.freeze_sweep(now=at(D(2025, 8, 3)))
    days = [p["days"] for r, p in _notes("freeze.expiring") if r == world.bj_clerk.pk]
    assert days == [4, 6]  # the first term only got its 7-day one; the renewed term too


def test_running_the_sweep_twice_changes_nothing_more(world):
    patent = granted_patent()
    with time_machine.travel(T0, tick=False):
        freeze(world, world.bj_clerk, [patent], months=6)
        freeze(world, world.hz_clerk, [patent], months=1)
        freeze(world, world.bj_judge, [granted_patent()], months=6)
    now = at(D(2025, 7, 10))
    services.freeze_sweep(now=now)
    snapshot = (Notification.objects.count(), AuditEvent.objects.count(), statuses(patent))
    second = services.freeze_sweep(now=now)
    assert (second.expired, second.promoted, second.reminded) == ([], [], {})
    assert (Notification.objects.count(), AuditEvent.objects.count(), statuses(patent)) == snapshot


def test_the_task_runs_the_sweep(world):
    patent = granted_patent()
    with time_machine.travel(T0, tick=False):
        freeze(world, world.bj_clerk, [patent], months=1)
        freeze(world, world.hz_clerk, [patent], months=1)
    with time_machine.travel(at(D(2025, 2, 11)), tick=False):
        result = freeze_sweep_task.enqueue()
        assert result.return_value == {"expired": 1, "promoted": 1, "reminded": 1}
        again = freeze_sweep_task.enqueue()
        assert again.return_value == {"expired": 0, "promoted": 0, "reminded": 0}


def test_the_sweep_command_runs_the_sweep(db, capsys):
    from django.core.management import call_command

    call_command("sweep", "--now")
    out = capsys.readouterr().out
    assert "freeze_sweep: {'expired': 0" in out and "credit_expire: {'expired': []}" in out
    call_command("sweep")
    assert "queued freeze_sweep" in capsys.readouterr().out
