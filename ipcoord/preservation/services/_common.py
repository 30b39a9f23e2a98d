"""Helpers the preservation services share: who may act, the case, the rights, notifications.

Not public: import the services from `ipcoord.preservation.services`.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcoord.cases.models import Case, CaseStatus
from ipcoord.core import identifiers
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import Organisation, Role, User
from ipcoord.core.notify import notify
from ipcoord.core.selectors import members_of, national_ip_admin
from ipcoord.preservation import selectors
from ipcoord.preservation.models import FreezeItem, FreezeOrder, ItemStatus, OrderStatus
from ipcoord.registry.models import Patent, Trademark

Right = Patent | Trademark
COURT_ROLES = (Role.JUDGE, Role.CLERK)


def court_ids_of(actor: User) -> set[int]:
    """The courts where `actor` is a judge or clerk (that very organisation, not a parent)."""
    return selectors.acting_court_ids(actor)


def require_court_user(actor: User | None) -> set[int]:
    if actor is None:
        return set()
    ids = court_ids_of(actor)
    if not ids:
        raise PermissionDenied(
            _("只有人民法院的法官或书记员可以办理财产保全的查询和冻结。"), code="not_court_user"
        )
    return ids


def require_ordering_court(actor: User | None, order: FreezeOrder) -> None:
    """Renewal and release: only a judge or clerk of the court that made the order."""
    if actor is None:
        return
    if order.owner_org_id not in court_ids_of(actor):
        raise PermissionDenied(
            _("只有作出冻结的%(court)s可以办理该冻结令的续冻或解除。")
            % {"court": order.owner_org.name},
            code="not_ordering_court",
        )


def registry_office() -> Organisation | None:
    """The national IP administration (the root IP_ADMIN): the office that registers freezes."""
    return national_ip_admin()


def require_registry_officer(actor: User | None) -> None:
    if actor is None:
        return
    if not selectors.is_registry_officer(actor):
        raise PermissionDenied(
            _("只有国家知识产权局的登记业务人员可以登记冻结。"), code="not_registry_officer"
        )


def open_case_of_court(actor: User | None, case_number: str) -> Case:
    """The open case with this number in one of the actor's courts, or a clear refusal.

    Checks `require_court_user` too. One query when all is well (the case joined to the
    actor's judge or clerk memberships); a refusal takes a few more to say why. The court
    code in the number is checked against the actor's courts before any lookup of other
    courts' cases, so a refusal never reveals whether another court has such a case.
    """
    try:
        parsed = identifiers.parse_case_number(case_number)
    except identifiers.IdentifierError:
        parsed = None
    if parsed is not None:
        q = Q(
            year=parsed.year,
            court_code=parsed.court_code,
            type_code=parsed.type_code,
            serial=parsed.serial,
        )
        if actor is not None:
            if not actor.is_authenticated:
                raise _case_refusal(actor, case_number)
            q &= Q(owner_org_id__in=selectors.acting_courts_q(actor))
        case = Case.objects.select_related("owner_org").filter(q).order_by("id").first()
        if case is not None:
            if case.status != CaseStatus.OPEN:
                raise ApplicationError(
                    _("案件 %(number)s 已结案，不能再办理查询或冻结。") % {"number": case.number},
                    code="case_closed",
                    extra={"field": "case_number"},
                )
            return case
    raise _case_refusal(actor, case_number)


def _case_refusal(actor: User | None, case_number: str) -> Exception:
    """Why `open_case_of_court` found no case: not a court user, an unparsable number,
    another court's code, or no such case in the actor's courts."""
    courts = require_court_user(actor)
    try:
        parsed = identifiers.parse_case_number(case_number)
    except identifiers.IdentifierError as exc:
        return ApplicationError(
            _("无法识别案号“%(number)s”，请按（2024）京73执保12号的格式填写。")
            % {"number": case_number},
            code="invalid_case_number",
            extra={"field": "case_number", "reason": exc.code, "part": exc.part},
        )
    codes = set(Organisation.objects.filter(pk__in=courts).values_list("court_code", flat=True))
    if actor is not None and parsed.court_code not in codes:
        return ApplicationError(
            _(
                "案号“%(number)s”不是本院的案件（法院代字 %(code)s）；只能在本院的在办案件中查询或冻结。"
            )
            % {"number": case_number, "code": parsed.court_code},
            code="case_other_court",
            extra={"field": "case_number"},
        )
    return ApplicationError(
        _("本院没有案号为“%(number)s”的案件，请核对案号或先立案。") % {"number": case_number},
        code="case_not_found",
        extra={"field": "case_number"},
    )


def right_kind(right: Right) -> str:
    return "patent" if isinstance(right, Patent) else "trademark"


def right_label(right: Right) -> str:
    if isinstance(right, Patent):
        return _("专利 %(number)s") % {"number": right.patent_number}
    return _("第 %(number)s 号商标") % {"number": right.number}


def right_filter(right: Right) -> dict[str, Any]:
    return {right_kind(right): right}


def order_label(order: FreezeOrder) -> str:
    return _("冻结令第 %(id)s 号（协助执行通知书 %(notice)s）") % {
        "id": order.pk,
        "notice": order.notice_number,
    }


def order_url(order: FreezeOrder) -> str:
    return reverse("preservation:order_detail", args=[order.pk])


def summary_status(statuses: Iterable[str]) -> str:
    """The order's status from its items' statuses."""
    s = set(statuses)
    if not s or s == {ItemStatus.PENDING}:
        return OrderStatus.SUBMITTED
    live = s & {ItemStatus.ACTIVE, ItemStatus.QUEUED, ItemStatus.PENDING}
    if not live:
        if s == {ItemStatus.RELEASED}:
            return OrderStatus.RELEASED
        if s == {ItemStatus.EXPIRED}:
            return OrderStatus.EXPIRED
        return OrderStatus.ENDED
    if s - live:
        return OrderStatus.PARTIALLY_ENDED
    return OrderStatus.REGISTERED


def refresh_order_status(order: FreezeOrder) -> str:
    """Write the order's summary status if it changed; returns it."""
    status = summary_status(
        FreezeItem.objects.filter(order_id=order.pk).values_list("status", flat=True)
    )
    if status != order.status:
        FreezeOrder.objects.filter(pk=order.pk).update(status=status, updated_at=timezone.now())
        order.status = status
    return status


def notify_court(order: FreezeOrder, verb: str, params: dict[str, Any]) -> int:
    """Tell every judge and clerk of the ordering court."""
    members = members_of(organisation_ids=[order.owner_org_id]).filter(
        memberships__role__in=COURT_ROLES, memberships__organisation_id=order.owner_org_id
    )
    return notify(recipients=members, verb=verb, params=params, url=order_url(order))


def check_document_numbers(ruling_number: str, notice_number: str) -> tuple[str, str]:
    ruling, notice = (ruling_number or "").strip(), (notice_number or "").strip()
    for field, value, label in (
        ("ruling_number", ruling, _("裁定书文号")),
        ("notice_number", notice, _("协助执行通知书文号")),
    ):
        if not value:
            raise ApplicationError(
                _("请填写%(label)s。") % {"label": label},
                code="missing_document_number",
                extra={"field": field},
            )
        if len(value) > 80:
            raise ApplicationError(
                _("%(label)s过长（最多 80 个字符）。") % {"label": label},
                code="document_number_too_long",
                extra={"field": field},
            )
    return ruling, notice
