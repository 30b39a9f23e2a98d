"""The register obeys: the event guard preservation registers with the registry.

While a right has an active freeze (or a queued one whose turn has come but was not swept
yet), the suspended procedures (rules.SUSPENDED_EVENTS: transfer, pledge, abandonment,
grant, rejection) are refused with a message naming the order and the court. Loss events
(rules.LOSS_EVENTS: lapse for unpaid fees, invalidation, expiry) are recorded, and every
court with a live freeze on the right is told once the event commits.

Why the attempt notice is deferred: the refusal rolls the registry's whole transaction back,
so a notification written inside it would vanish, and the registry asks guards not to
write. The guard remembers the attempt in this thread and `attempts_flush()` writes the
notices afterwards; it runs when the request or task ends (signals connected in
apps.ready), and callers outside both (command line, tests) call it themselves.
"""

import threading
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcoord.core.audit import audit_record
from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import User
from ipcoord.preservation.models import FreezeItem, ItemStatus
from ipcoord.preservation.rules import LOSS_EVENTS, SUSPENDED_EVENTS
from ipcoord.preservation.services._common import notify_court, order_label, right_label
from ipcoord.registry.models import EventKind, Patent
from ipcoord.registry.services import ProposedEvent

_MAX_PENDING = 200
_PROBE_PATENT = (
    "SELECT 1 FROM preservation_freezeitem WHERE patent_id = %s AND status IN (%s, %s) LIMIT 1"
)
_PROBE_TRADEMARK = (
    "SELECT 1 FROM preservation_freezeitem WHERE trademark_id = %s AND status IN (%s, %s) LIMIT 1"
)
_local = threading.local()


@dataclass(frozen=True)
class Attempt:
    item_id: int
    actor: User | None
    kind: str
    when: str


def _pending() -> list[Attempt]:
    if not hasattr(_local, "attempts"):
        _local.attempts = []
    return _local.attempts


def _right_q(right: Any) -> Q:
    return Q(patent_id=right.pk) if isinstance(right, Patent) else Q(trademark_id=right.pk)


def has_live_freeze(right: Any) -> bool:
    """Whether `right` has an active or queued freeze: one indexed probe, no ORM.

    Why raw SQL: every event the register records passes here and almost no right is
    frozen, so this probe is the whole cost of the guard on the register's hot path; the
    ORM's query building alone costs several times the lookup (issue 4 asks ≤ 10 % on a
    transfer). The statements are fixed text (the table is this app's), values parameters.
    """
    sql = _PROBE_PATENT if isinstance(right, Patent) else _PROBE_TRADEMARK
    with connection.cursor() as cursor:
        cursor.execute(sql, [right.pk, ItemStatus.ACTIVE.value, ItemStatus.QUEUED.value])
        return cursor.fetchone() is not None


def blocking_item(right: Any) -> FreezeItem | None:
    """The freeze that holds `right` today: the active one, or if its term ended and the sweep
    has not run, the first queued one (it took effect at that moment)."""
    if not has_live_freeze(right):
        return None
    today = timezone.localdate()
    items = (
        FreezeItem.objects.filter(
            _right_q(right), status__in=[ItemStatus.ACTIVE, ItemStatus.QUEUED]
        )
        .select_related("order", "order__owner_org")
        .order_by("seq")
    )
    active = next((i for i in items if i.status == ItemStatus.ACTIVE), None)
    if active is not None and active.ends_on >= today:
        return active
    return next((i for i in items if i.status == ItemStatus.QUEUED), None)


def freeze_guard(proposal: ProposedEvent) -> None:
    """Refuse suspended procedures on a frozen right; tell the courts about losses."""
    if proposal.kind not in SUSPENDED_EVENTS and proposal.kind not in LOSS_EVENTS:
        return
    item = blocking_item(proposal.right)
    if item is None:
        return
    order = item.order
    if proposal.kind in SUSPENDED_EVENTS:
        pending = _pending()
        if len(pending) < _MAX_PENDING:
            pending.append(
                Attempt(item.pk, proposal.actor, proposal.kind, timezone.now().isoformat())
            )
        raise ApplicationError(
            _(
                "%(right)s 已被%(court)s冻结（%(order)s，期限至 %(ends)s），相关程序依法中止，"
                "不能办理%(event)s；请待该法院解除冻结或冻结期满后再办理。"
            )
            % {
                "right": right_label(proposal.right),
                "court": order.owner_org.name,
                "order": order_label(order),
                "ends": item.ends_on.isoformat() if item.ends_on else "-",
                "event": EventKind(proposal.kind).label,
            },
            code="right_frozen",
            extra={"order": order.pk, "court": order.owner_org.name, "event": proposal.kind},
            status=409,
        )
    live = list(
        FreezeItem.objects.filter(
            _right_q(proposal.right), status__in=[ItemStatus.ACTIVE, ItemStatus.QUEUED]
        ).select_related("order", "order__owner_org")
    )
    params = {
        "right": right_label(proposal.right),
        "event": str(EventKind(proposal.kind).label),
        "date": proposal.date.isoformat(),
    }

    def tell() -> None:
        for it in live:
            notify_court(it.order, "freeze.right_lost", params | {"order": order_label(it.order)})

    transaction.on_commit(tell)


def attempts_flush(**signal_kwargs: Any) -> int:
    """Write the notices (and audit events) of attempts refused in this thread; returns how many.

    Call it only after the refused call returned (its transaction is rolled back by then).
    """
    pending = _pending()
    if not pending:
        return 0
    attempts, pending[:] = list(pending), []
    items = FreezeItem.objects.select_related(
        "order", "order__owner_org", "patent", "trademark"
    ).in_bulk([a.item_id for a in attempts])
    with transaction.atomic():
        for attempt in attempts:
            item = items.get(attempt.item_id)
            if item is None:
                continue
            actor = attempt.actor if attempt.actor is not None and attempt.actor.pk else None
            params = {
                "order": order_label(item.order),
                "right": right_label(item.right),
                "event": str(EventKind(attempt.kind).label),
                "who": str(actor) if actor else _("系统"),
            }
            notify_court(item.order, "freeze.attempt_refused", params)
            audit_record(
                actor=actor,
                action="freeze_item.attempt_refused",
                obj=item.order,
                organisation=item.order.owner_org,
                after={"item": item.pk, "event": attempt.kind, "at": attempt.when},
            )
    return len(attempts)


def attempts_pending() -> int:
    return len(_pending())
