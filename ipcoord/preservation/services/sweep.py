"""The sweep: expire ended terms, promote queued freezes, remind courts before expiry."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ipcoord.core.audit import audit_record
from ipcoord.preservation.models import FreezeItem, ItemStatus
from ipcoord.preservation.rules import REMINDER_DAYS
from ipcoord.preservation.services._common import notify_court, order_label, right_label
from ipcoord.preservation.services._queue import end_item, lock_rights, promote_next, refresh_orders
from ipcoord.preservation.services.changes import promotion_notice


@dataclass
class SweepReport:
    expired: list[int] = field(default_factory=list)
    promoted: list[int] = field(default_factory=list)
    reminded: dict[int, int] = field(default_factory=dict)


@transaction.atomic
def _sweep_right(
    sample: FreezeItem, *, day: datetime.date, now: datetime.datetime, report: SweepReport
) -> None:
    lock_rights([sample])
    right_q = (
        Q(patent_id=sample.patent_id) if sample.patent_id else Q(trademark_id=sample.trademark_id)
    )
    touched: set[int] = set()
    while True:
        active = (
            FreezeItem.objects.filter(right_q, status=ItemStatus.ACTIVE)
            .select_related("order", "order__owner_org", "patent", "trademark")
            .first()
        )
        if active is None or active.ends_on >= day:
            break
        if not end_item(active, ItemStatus.EXPIRED, now=now):
            break
        report.expired.append(active.pk)
        touched.add(active.order_id)
        # The next one takes effect when this term ends, not when the sweep happens to run.
        nxt = promote_next(active, start=active.ends_on + datetime.timedelta(days=1), now=now)
        audit_record(
            actor=None,
            action="freeze_item.expire",
            obj=active.order,
            organisation=active.order.owner_org,
            before={"item": active.pk, "status": ItemStatus.ACTIVE, "ends_on": active.ends_on},
            after={
                "item": active.pk,
                "status": ItemStatus.EXPIRED,
                "promoted": nxt.pk if nxt else None,
            },
        )
        notify_court(
            active.order,
            "freeze.expired",
            {
                "order": order_label(active.order),
                "right": right_label(active.right),
                "date": active.ends_on.isoformat(),
            },
        )
        if nxt is not None:
            report.promoted.append(nxt.pk)
            touched.add(nxt.order_id)
            promotion_notice(nxt)
    refresh_orders(touched)


@transaction.atomic
def _remind(*, day: datetime.date, report: SweepReport) -> None:
    # Smallest threshold first; a reminder also marks the larger thresholds as sent, so a
    # court told "7 days left" is not told "30 days left" afterwards.
    for days in sorted(REMINDER_DAYS):
        column = f"reminded_{days}_for"
        due = (
            FreezeItem.objects.filter(
                status=ItemStatus.ACTIVE,
                ends_on__gte=day,
                ends_on__lte=day + datetime.timedelta(days=days),
            )
            .filter(Q(**{f"{column}__isnull": True}) | ~Q(**{column: F("ends_on")}))
            .select_related("order", "order__owner_org")
        )
        groups: dict[tuple[int, datetime.date], list[FreezeItem]] = defaultdict(list)
        for item in due:
            groups[(item.order_id, item.ends_on)].append(item)
        for (_order_id, ends_on), items in sorted(groups.items(), key=lambda kv: kv[0]):
            marks = {f"reminded_{d}_for": F("ends_on") for d in REMINDER_DAYS if d >= days}
            claimed = (
                FreezeItem.objects.filter(
                    pk__in=[i.pk for i in items], status=ItemStatus.ACTIVE, ends_on=ends_on
                )
                .filter(Q(**{f"{column}__isnull": True}) | ~Q(**{column: F("ends_on")}))
                .update(**marks)
            )
            if claimed:
                order = items[0].order
                notify_court(
                    order,
                    "freeze.expiring",
                    {
                        "order": order_label(order),
                        "days": (ends_on - day).days,
                        "date": ends_on.isoformat(),
                        "rights": claimed,
                    },
                )
                report.reminded[order.pk] = report.reminded.get(order.pk, 0) + 1


def freeze_sweep(*, now: datetime.datetime | None = None) -> SweepReport:
    """Expire terms that ended before today, promote queued freezes, send reminders.

    Idempotent: a second run on the same day finds nothing to expire and every reminder
    marked as sent (per term end: a renewal re-arms them). Each right is swept in its own
    transaction under its lock, so a sweep never blocks the register for long and can run
    beside releases and registrations.
    """
    now = now or timezone.now()
    day = timezone.localdate(now)
    report = SweepReport()
    due = (
        FreezeItem.objects.filter(status=ItemStatus.ACTIVE, ends_on__lt=day)
        .order_by("patent_id", "trademark_id")
        .only("pk", "patent_id", "trademark_id")
    )
    for sample in due:
        _sweep_right(sample, day=day, now=now, report=report)
    _remind(day=day, report=report)
    return report
