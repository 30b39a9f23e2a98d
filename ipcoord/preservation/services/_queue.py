"""The per-right queue: lock rights, end an item, promote the next queued one.

Lock order, to keep concurrent services free of deadlocks: the rights' rows (patents by id,
then trademarks by id), then order rows (by id), then the audit head (audit_record, last).
Every transition is a conditional UPDATE on the item's expected status, so a sweep and a
release racing on one item cannot both end it.
"""

import datetime
from collections.abc import Iterable

from django.utils import timezone

from ipcoord.preservation.models import FreezeItem, FreezeOrder, ItemStatus
from ipcoord.preservation.rules import term_end
from ipcoord.preservation.services._common import refresh_order_status
from ipcoord.registry.models import Patent, Trademark


def lock_rights(items: Iterable[FreezeItem]) -> None:
    """Lock the rights of `items`, patents first, each table by id (see module doc)."""
    items = list(items)
    patent_ids = sorted({i.patent_id for i in items if i.patent_id})
    trademark_ids = sorted({i.trademark_id for i in items if i.trademark_id})
    if patent_ids:
        list(Patent.objects.select_for_update().filter(pk__in=patent_ids).order_by("pk"))
    if trademark_ids:
        list(Trademark.objects.select_for_update().filter(pk__in=trademark_ids).order_by("pk"))


def right_items(item: FreezeItem):
    if item.patent_id:
        return FreezeItem.objects.filter(patent_id=item.patent_id)
    return FreezeItem.objects.filter(trademark_id=item.trademark_id)


def end_item(
    item: FreezeItem, status: str, *, now: datetime.datetime, release_id: int | None = None
) -> bool:
    """Move a live item to RELEASED or EXPIRED; False if someone else ended it first."""
    done = (
        FreezeItem.objects.filter(pk=item.pk, status=item.status)
        .filter(status__in=[ItemStatus.ACTIVE, ItemStatus.QUEUED, ItemStatus.PENDING])
        .update(status=status, ended_at=now, release_id=release_id, updated_at=now)
    )
    if done:
        item.status, item.ended_at, item.release_id = status, now, release_id
    return bool(done)


def promote_next(
    item: FreezeItem, *, start: datetime.date, now: datetime.datetime
) -> FreezeItem | None:
    """Activate the earliest-registered queued item on `item`'s right, its term from `start`.

    Call with the right locked and no active item left on it.
    """
    nxt = (
        right_items(item)
        .filter(status=ItemStatus.QUEUED)
        .select_related("order", "order__owner_org", "patent", "trademark")
        .order_by("seq")
        .first()
    )
    if nxt is None:
        return None
    ends = term_end(start, nxt.order.months)
    FreezeItem.objects.filter(pk=nxt.pk, status=ItemStatus.QUEUED).update(
        status=ItemStatus.ACTIVE, starts_on=start, ends_on=ends, updated_at=now
    )
    nxt.status, nxt.starts_on, nxt.ends_on = ItemStatus.ACTIVE, start, ends
    return nxt


def refresh_orders(order_ids: Iterable[int]) -> None:
    for order in FreezeOrder.objects.filter(pk__in=sorted(set(order_ids))).order_by("pk"):
        refresh_order_status(order)


def today(now: datetime.datetime | None = None) -> datetime.date:
    return timezone.localdate(now or timezone.now())
