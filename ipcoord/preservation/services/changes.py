"""Renewal (继续冻结) and release (解除冻结 / 解除轮候冻结) by the ordering court."""

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcoord.core.audit import audit_record
from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import User
from ipcoord.preservation.models import (
    FreezeItem,
    FreezeOrder,
    FreezeRelease,
    FreezeRenewal,
    ItemStatus,
)
from ipcoord.preservation.rules import (
    RENEWAL_LEAD_DAYS,
    RENEWAL_LEAD_SOURCE,
    ceiling_for,
    renewal_is_late,
    term_end,
)
from ipcoord.preservation.services._common import (
    Right,
    check_document_numbers,
    notify_court,
    order_label,
    require_ordering_court,
    right_kind,
    right_label,
)
from ipcoord.preservation.services._queue import (
    end_item,
    lock_rights,
    promote_next,
    refresh_orders,
    today,
)
from ipcoord.preservation.services.orders import check_months


def _selected(order: FreezeOrder, rights: Sequence[Right] | None) -> list[FreezeItem]:
    """The order's items, or those on `rights`; a right not in the order is refused."""
    items = list(order.items.select_related("patent", "trademark"))
    if rights is None:
        return items
    wanted = {(right_kind(r), r.pk) for r in rights}
    chosen = [i for i in items if (i.right_kind, i.patent_id or i.trademark_id) in wanted]
    if len(chosen) != len(wanted) or not chosen:
        raise ApplicationError(
            _("所列权利不都在%(order)s中，请核对。") % {"order": order_label(order)},
            code="right_not_in_order",
            extra={"field": "rights"},
        )
    return chosen


def _reload(items: list[FreezeItem]) -> list[FreezeItem]:
    fresh = FreezeItem.objects.select_related("patent", "trademark").in_bulk([i.pk for i in items])
    return [fresh[i.pk] for i in items]


def late_items(items: Sequence[FreezeItem], day: datetime.date) -> list[FreezeItem]:
    """The active items among `items` whose term ends in fewer than RENEWAL_LEAD_DAYS days
    (not yet ended), soonest first: a renewal of them now comes later than the rule asks."""
    late = [
        i
        for i in items
        if i.status == ItemStatus.ACTIVE
        and i.ends_on is not None
        and i.ends_on >= day
        and renewal_is_late(i.ends_on, day)
    ]
    return sorted(late, key=lambda i: (i.ends_on, i.pk))


def late_renewal_warning(items: Sequence[FreezeItem], day: datetime.date | None = None) -> str:
    """The warning shown before and after a renewal that comes late ("" when on time)."""
    late = late_items(items, day or today())
    if not late:
        return ""
    first = late[0]
    return _(
        "%(right)s 的冻结于 %(date)s 届满，距届满已不足 %(days)s 日（%(source)s 要求至少提前"
        " %(days)s 日申请继续保全）；续冻仍可在届满前办理，请尽快送达协助执行通知书。"
    ) % {
        "right": right_label(first.right),
        "date": first.ends_on.isoformat(),
        "days": RENEWAL_LEAD_DAYS,
        "source": RENEWAL_LEAD_SOURCE,
    }


def promotion_notice(promoted: FreezeItem) -> None:
    notify_court(
        promoted.order,
        "freeze.promoted",
        {
            "order": order_label(promoted.order),
            "right": right_label(promoted.right),
            "starts": promoted.starts_on.isoformat(),
            "ends": promoted.ends_on.isoformat(),
        },
    )


@transaction.atomic
def freeze_renew(
    *,
    actor: User | None,
    order: FreezeOrder,
    ruling_number: str,
    notice_number: str,
    months: int,
    rights: Sequence[Right] | None = None,
) -> FreezeRenewal:
    """Continue the active freezes of `order` (all, or on `rights`) for one more term.

    Served before expiry only: an item whose term ended (swept or not) is refused, and the
    court files a new order, which queues behind the others. Each renewal is at most one
    term (the ceiling of the right's kind), counted from the day after the current end.
    A queued item has no term yet and cannot be renewed. A renewal with fewer than
    RENEWAL_LEAD_DAYS days left is registered all the same but marked `late` (and audited
    so): `late_renewal_warning` says so to the court.
    """
    require_ordering_court(actor, order)
    ruling, notice = check_document_numbers(ruling_number, notice_number)
    months = check_months(months)
    items = _selected(order, rights)
    lock_rights(items)
    items = _reload(items)
    day = today()

    def is_expired(i: FreezeItem) -> bool:
        return i.status == ItemStatus.EXPIRED or (
            i.status == ItemStatus.ACTIVE and i.ends_on is not None and i.ends_on < day
        )

    renewable = [i for i in items if i.status == ItemStatus.ACTIVE and not is_expired(i)]
    expired = [i for i in items if is_expired(i)]
    if expired and (rights is not None or not renewable):
        first = expired[0]
        raise ApplicationError(
            _(
                "%(right)s 的冻结已于 %(date)s 届满，不能再续冻；如需继续保全，请重新提交冻结令"
                "（将排在已有的轮候冻结之后）。"
            )
            % {"right": right_label(first.right), "date": first.ends_on.isoformat()},
            code="renewal_after_expiry",
            extra={"item": first.pk},
        )
    if not renewable or (rights is not None and len(renewable) != len(items)):
        raise ApplicationError(
            _("%(order)s 没有正在生效的冻结可以续冻（轮候、已解除的冻结不能续冻）。")
            % {"order": order_label(order)},
            code="nothing_to_renew",
        )
    for item in renewable:
        ceiling = ceiling_for(item.right_kind)
        if months > ceiling.months:
            raise ApplicationError(
                _("%(right)s 每次续冻不得超过 %(max)s 个月。依据：%(source)s。")
                % {
                    "right": right_label(item.right),
                    "max": ceiling.months,
                    "source": ceiling.source,
                },
                code="period_over_ceiling",
                extra={"field": "months", "max": ceiling.months, "source": str(ceiling.source)},
            )
    now = timezone.now()
    late = late_items(renewable, day)
    record = FreezeRenewal.objects.create(
        order=order,
        ruling_number=ruling,
        notice_number=notice,
        months=months,
        late=bool(late),
        created_by=actor,
    )
    changes = {}
    for item in renewable:
        new_end = term_end(item.ends_on + datetime.timedelta(days=1), months)
        FreezeItem.objects.filter(pk=item.pk, status=ItemStatus.ACTIVE).update(
            ends_on=new_end, renewals=item.renewals + 1, updated_at=now
        )
        changes[item.pk] = [item.ends_on.isoformat(), new_end.isoformat()]
    record.items.set(renewable)
    audit_record(
        actor=actor,
        action="freeze_order.renew",
        obj=order,
        organisation=order.owner_org,
        before={"ends_on": {k: v[0] for k, v in changes.items()}},
        after={
            "ends_on": {k: v[1] for k, v in changes.items()},
            "ruling_number": ruling,
            "notice_number": notice,
            "months": months,
            "renewal": record.pk,
            "late": [i.pk for i in late],
        },
    )
    return record


@transaction.atomic
def freeze_release(
    *,
    actor: User | None,
    order: FreezeOrder,
    ruling_number: str,
    notice_number: str,
    rights: Sequence[Right] | None = None,
) -> FreezeRelease:
    """Release `order` on all its live rights, or on `rights`; only the ordering court.

    Releasing an active freeze activates the earliest-registered queued order on that right
    from today, and its court is told; releasing a queued one just takes it off the queue.
    """
    require_ordering_court(actor, order)
    ruling, notice = check_document_numbers(ruling_number, notice_number)
    items = _selected(order, rights)
    lock_rights(items)
    items = _reload(items)
    live = [
        i for i in items if i.status in (ItemStatus.ACTIVE, ItemStatus.QUEUED, ItemStatus.PENDING)
    ]
    if not live or (rights is not None and len(live) != len(items)):
        raise ApplicationError(
            _("%(order)s 在所列权利上没有尚未终结的冻结，无需解除。")
            % {"order": order_label(order)},
            code="nothing_to_release",
        )
    now = timezone.now()
    record = FreezeRelease.objects.create(
        order=order, ruling_number=ruling, notice_number=notice, created_by=actor
    )
    touched, promoted = {order.pk}, []
    before = {i.pk: i.status for i in live}
    for item in live:
        was_active = item.status == ItemStatus.ACTIVE
        if end_item(item, ItemStatus.RELEASED, now=now, release_id=record.pk) and was_active:
            nxt = promote_next(item, start=today(now), now=now)
            if nxt is not None:
                promoted.append(nxt)
                touched.add(nxt.order_id)
    refresh_orders(touched)
    audit_record(
        actor=actor,
        action="freeze_order.release",
        obj=order,
        organisation=order.owner_org,
        before={"items": before},
        after={
            "items": {pk: ItemStatus.RELEASED for pk in before},
            "ruling_number": ruling,
            "notice_number": notice,
            "release": record.pk,
            "promoted": [p.pk for p in promoted],
        },
    )
    for nxt in promoted:
        promotion_notice(nxt)
    return record
