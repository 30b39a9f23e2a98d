"""Submitting a freeze order (court) and registering it (CNIPA)."""

from collections.abc import Sequence

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcoord.core import identifiers
from ipcoord.core.audit import audit_record
from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import Role, User
from ipcoord.core.notify import notify
from ipcoord.preservation.models import (
    FreezeItem,
    FreezeKind,
    FreezeOrder,
    ItemStatus,
    OrderStatus,
)
from ipcoord.preservation.rules import ceiling_for, term_end
from ipcoord.preservation.services._common import (
    Right,
    check_document_numbers,
    notify_court,
    open_case_of_court,
    order_label,
    order_url,
    registry_office,
    require_registry_officer,
    right_kind,
    right_label,
)
from ipcoord.preservation.services._queue import lock_rights, right_items, today
from ipcoord.registry.models import Patent, RightStatus, Trademark

# A right in one of these states holds nothing left to preserve.
_DEAD = {
    RightStatus.LAPSED,
    RightStatus.INVALIDATED,
    RightStatus.EXPIRED,
    RightStatus.ABANDONED,
    RightStatus.REJECTED,
}


def resolve_rights(
    *, patent_numbers: Sequence[str] = (), trademark_numbers: Sequence[str] = ()
) -> list[Right]:
    """The rights named by application/patent numbers and trademark numbers, in any usual form.

    Refuses with `right_not_found` naming the first number that is malformed or unknown.
    """
    rights: list[Right] = []
    for text in patent_numbers:
        try:
            number = identifiers.parse_patent_number(str(text)).normalized
        except identifiers.IdentifierError:
            number = None
        patent = Patent.objects.filter(application_number=number).first() if number else None
        if patent is None:
            raise ApplicationError(
                _("登记簿中没有申请号为“%(number)s”的专利或专利申请，请核对号码。")
                % {"number": text},
                code="right_not_found",
                extra={"field": "patents", "value": text},
            )
        rights.append(patent)
    for text in trademark_numbers:
        try:
            number = identifiers.parse_trademark_number(str(text)).normalized
        except identifiers.IdentifierError:
            number = None
        mark = Trademark.objects.filter(number=number).first() if number else None
        if mark is None:
            raise ApplicationError(
                _("登记簿中没有注册号为“%(number)s”的商标，请核对号码。") % {"number": text},
                code="right_not_found",
                extra={"field": "trademarks", "value": text},
            )
        rights.append(mark)
    return rights


def _check_rights(rights: Sequence[Right], months: int) -> list[Right]:
    unique: dict[tuple[str, int], Right] = {}
    for right in rights:
        unique.setdefault((right_kind(right), right.pk), right)
    if not unique:
        raise ApplicationError(
            _("请至少列明一项要冻结的专利或商标。"), code="no_rights", extra={"field": "rights"}
        )
    for right in unique.values():
        fresh = type(right).objects.filter(pk=right.pk).first()
        if fresh is None:
            raise ApplicationError(_("登记簿中没有该权利，请核对号码。"), code="right_not_found")
        if fresh.status in _DEAD:
            raise ApplicationError(
                _("%(right)s 当前为“%(status)s”，已无可供保全的权利。")
                % {"right": right_label(fresh), "status": fresh.get_status_display()},
                code="right_not_freezable",
                extra={"right": fresh.pk, "status": fresh.status},
            )
        ceiling = ceiling_for(right_kind(fresh))
        if months > ceiling.months:
            raise ApplicationError(
                _(
                    "%(right)s 的冻结期限 %(months)s 个月超过每期上限 %(max)s 个月。依据：%(source)s。"
                    "期满需要继续冻结的，请在届满前办理续冻。"
                )
                % {
                    "right": right_label(fresh),
                    "months": months,
                    "max": ceiling.months,
                    "source": ceiling.source,
                },
                code="period_over_ceiling",
                extra={"field": "months", "max": ceiling.months, "source": str(ceiling.source)},
            )
    return list(unique.values())


def check_months(months: object) -> int:
    if not isinstance(months, int) or isinstance(months, bool) or months < 1:
        raise ApplicationError(
            _("冻结期限应为至少 1 个月的整数月数。"),
            code="invalid_months",
            extra={"field": "months"},
        )
    return months


@transaction.atomic
def freeze_order_submit(
    *,
    actor: User | None,
    case_number: str,
    kind: str,
    ruling_number: str,
    notice_number: str,
    months: int,
    rights: Sequence[Right],
    note: str = "",
) -> FreezeOrder:
    """Submit a freeze order of the actor's court on one or many rights, for CNIPA to register.

    The case must be an open case of the actor's court; each right must still exist in a
    state worth preserving; `months` may not exceed the ceiling of any right's kind (quoted
    with its legal source in the refusal). Nothing is frozen until registration.
    """
    case = open_case_of_court(actor, case_number)
    if kind not in FreezeKind.values:
        raise ApplicationError(
            _("未知的保全类型“%(kind)s”。") % {"kind": kind},
            code="invalid_kind",
            extra={"field": "kind"},
        )
    ruling, notice = check_document_numbers(ruling_number, notice_number)
    months = check_months(months)
    unique = _check_rights(rights, months)
    if FreezeOrder.objects.filter(owner_org=case.owner_org, notice_number=notice).exists():
        raise ApplicationError(
            _("本院已提交过协助执行通知书 %(notice)s 的冻结令，请勿重复提交。")
            % {"notice": notice},
            code="duplicate_notice",
            extra={"field": "notice_number"},
        )
    order = FreezeOrder.objects.create(
        owner_org=case.owner_org,
        case=case,
        kind=kind,
        ruling_number=ruling,
        notice_number=notice,
        months=months,
        submitted_by=actor,
        note=note,
    )
    FreezeItem.objects.bulk_create(FreezeItem(order=order, **{right_kind(r): r}) for r in unique)
    audit_record(
        actor=actor,
        action="freeze_order.submit",
        obj=order,
        organisation=case.owner_org,
        after={
            "case": case.number,
            "kind": kind,
            "ruling_number": ruling,
            "notice_number": notice,
            "months": months,
            "patents": [r.pk for r in unique if isinstance(r, Patent)],
            "trademarks": [r.pk for r in unique if isinstance(r, Trademark)],
        },
    )
    office = registry_office()
    if office is not None:
        officers = User.objects.filter(
            memberships__organisation=office, memberships__role=Role.IP_OFFICER, is_active=True
        )
        notify(
            recipients=officers,
            verb="freeze.submitted",
            params={"order": order_label(order), "court": case.owner_org.name},
            url=order_url(order),
        )
    return order


@transaction.atomic
def freeze_order_register(*, actor: User | None, order: FreezeOrder) -> FreezeOrder:
    """Register a submitted order (CNIPA): per right, active if not frozen, else queued.

    Race-safe: each right's row is locked before its queue is read, so of two orders
    registered at the same moment on one right exactly one becomes active and the other is
    queued behind it; partial unique indexes back this up in the database.
    """
    require_registry_officer(actor)
    if (
        order.status != OrderStatus.SUBMITTED
        and not FreezeOrder.objects.filter(pk=order.pk, status=OrderStatus.SUBMITTED).exists()
    ):
        raise ApplicationError(
            _("%(order)s 已经登记，不能重复登记。") % {"order": order_label(order)},
            code="already_registered",
            status=409,
        )
    items = list(order.items.all())
    lock_rights(items)
    now = timezone.now()
    claimed = FreezeOrder.objects.filter(pk=order.pk, status=OrderStatus.SUBMITTED).update(
        status=OrderStatus.REGISTERED, registered_at=now, registered_by=actor, updated_at=now
    )
    if not claimed:
        raise ApplicationError(
            _("%(order)s 已经登记，不能重复登记。") % {"order": order_label(order)},
            code="already_registered",
            status=409,
        )
    start = today(now)
    outcome: dict[str, list[int]] = {"active": [], "queued": []}
    for item in items:
        others = right_items(item).exclude(pk=item.pk)
        seq = (others.aggregate(m=Max("seq"))["m"] or 0) + 1
        if others.filter(status=ItemStatus.ACTIVE).exists():
            FreezeItem.objects.filter(pk=item.pk).update(
                status=ItemStatus.QUEUED, seq=seq, registered_at=now, updated_at=now
            )
            outcome["queued"].append(item.pk)
        else:
            FreezeItem.objects.filter(pk=item.pk).update(
                status=ItemStatus.ACTIVE,
                seq=seq,
                registered_at=now,
                starts_on=start,
                ends_on=term_end(start, order.months),
                updated_at=now,
            )
            outcome["active"].append(item.pk)
    order.refresh_from_db()
    audit_record(
        actor=actor,
        action="freeze_order.register",
        obj=order,
        organisation=registry_office(),
        before={"status": OrderStatus.SUBMITTED},
        after={
            "status": order.status,
            "active_items": outcome["active"],
            "queued_items": outcome["queued"],
        },
    )
    notify_court(
        order,
        "freeze.registered",
        {
            "order": order_label(order),
            "active": len(outcome["active"]),
            "queued": len(outcome["queued"]),
        },
    )
    return order
