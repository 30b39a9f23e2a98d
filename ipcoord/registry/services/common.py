"""Pieces every registry service shares: who may write, the default owner, identifier errors
turned into translated messages, and the event-guard hook other apps register with.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ipcoord.core import selectors as core_selectors
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.identifiers import IdentifierError
from ipcoord.core.models import Membership, Organisation, OrgKind, Role, User
from ipcoord.registry.models import LegalEvent, Party, Patent, Trademark

Right = Patent | Trademark


def officer_org(actor: User | None) -> Organisation | None:
    """The IP administration `actor` records for, or None for a trusted operator.

    Only an ip_officer of an active IP-administration organisation writes the register.
    Caveat: an officer in several IP administrations records for the highest one (the
    shortest path), which is what `owner_org` defaults to.
    """
    if actor is None:
        return None
    membership = (
        Membership.objects.filter(
            user_id=actor.pk,
            role=Role.IP_OFFICER,
            organisation__kind=OrgKind.IP_ADMIN,
            organisation__is_active=True,
        )
        .select_related("organisation")
        .order_by("organisation__path")
        .first()
    )
    if membership is None or not actor.is_active:
        raise PermissionDenied(
            _("只有知识产权管理部门的业务人员可以办理权利登记；如需登记，请联系知识产权管理部门。")
        )
    return membership.organisation


def national_ip_admin() -> Organisation:
    """The root IP administration (no parent): the register's owner when nobody else is named."""
    org = core_selectors.national_ip_admin()
    if org is None:
        raise ApplicationError(
            _("平台上还没有国家知识产权管理部门，无法确定办理机关；请先创建该机构。"),
            code="no_ip_admin",
        )
    return org


def resolve_owner_org(
    actor: User | None, acting_org: Organisation | None, owner_org: Organisation | None
) -> Organisation:
    """`owner_org` if the actor may file for it, else the actor's office or the national one."""
    if owner_org is None:
        return acting_org or national_ip_admin()
    if owner_org.kind != OrgKind.IP_ADMIN:
        raise ApplicationError(
            _("权利登记只能归属于知识产权管理部门，%(org)s 不是。") % {"org": owner_org.name},
            code="owner_org_not_ip_admin",
            extra={"field": "owner_org"},
        )
    if actor is not None:
        own = Membership.objects.filter(
            user_id=actor.pk, organisation=owner_org, role=Role.IP_OFFICER
        ).exists()
        if not own:
            raise PermissionDenied(
                _("您不是 %(org)s 的业务人员，不能以该机构名义登记。") % {"org": owner_org.name}
            )
    return owner_org


_PARTS = {
    "check_digit": gettext_lazy("校验位"),
    "year": gettext_lazy("年份"),
    "type_digit": gettext_lazy("专利类型位"),
    "format": gettext_lazy("格式"),
    "number": gettext_lazy("号码"),
    "class": gettext_lazy("类别"),
    "section": gettext_lazy("部"),
    "main_group": gettext_lazy("大组"),
    "subgroup": gettext_lazy("小组"),
    "birth_date": gettext_lazy("出生日期"),
    "region": gettext_lazy("地区码"),
}


def identifier_error(
    exc: IdentifierError, *, field: str, label: str, value: object
) -> ApplicationError:
    """An ApplicationError that names the faulty part of an identifier in the user's language."""
    part = str(_PARTS.get(exc.part, exc.part))
    if exc.code == "bad_check_digit":
        message = _(
            "%(label)s %(value)s 的校验位应为 %(expected)s，而不是 %(actual)s；请核对号码。"
        ) % {
            "label": label,
            "value": value,
            "expected": exc.params.get("expected"),
            "actual": exc.params.get("actual"),
        }
    else:
        message = _("%(label)s %(value)s 的%(part)s有误，请核对后重新输入。") % {
            "label": label,
            "value": value,
            "part": part,
        }
    return ApplicationError(
        message,
        code=f"invalid_{field}",
        extra={"field": field, "part": exc.part, "reason": exc.code, "params": exc.params},
    )


def check_date(
    value: datetime.date, *, field: str = "date", today: datetime.date | None = None
) -> None:
    """Refuse a date in the future (`today` may be passed by callers checking many)."""
    if value > (today or timezone.localdate()):
        raise ApplicationError(
            _("日期 %(date)s 晚于今天，不能登记将来的事件。") % {"date": value.isoformat()},
            code="future_date",
            extra={"field": field},
        )


def right_label(right: Right) -> str:
    if isinstance(right, Patent):
        if right.grant_date is not None:
            return _("专利 %(number)s") % {"number": right.patent_number}
        return _("专利申请 %(number)s") % {"number": right.application_number}
    return _("第 %(number)s 号商标“%(mark)s”") % {"number": right.number, "mark": right.mark_text}


@dataclass(frozen=True)
class ProposedEvent:
    """What an event guard is asked about: an event about to be written on `right`.

    `right` is the locked, current row. `pledge` is the pledge being released.
    """

    actor: User | None
    right: Right
    kind: str
    date: datetime.date
    counterparty: Party | None = None
    pledge: LegalEvent | None = None
    partial: bool = False
    details: dict[str, Any] | None = None


EventGuard = Callable[[ProposedEvent], None]

# Hook for other apps: every event service (filing included) calls each guard, in order,
# inside its transaction after the status rules passed and before anything is written. A
# guard refuses by raising ApplicationError; the whole service call then rolls back.
# Preservation registers one from its AppConfig.ready() so a frozen patent refuses
# transfer, pledge and abandonment. Guards must not write.
event_guards: list[EventGuard] = []
transfer_guards = event_guards  # the name the design notes use


def register_event_guard(guard: EventGuard) -> EventGuard:
    """Add `guard` (once) to the guards every event service calls; usable as a decorator."""
    if guard not in event_guards:
        event_guards.append(guard)
    return guard


def unregister_event_guard(guard: EventGuard) -> None:
    if guard in event_guards:
        event_guards.remove(guard)


def run_event_guards(proposal: ProposedEvent) -> None:
    for guard in list(event_guards):
        guard(proposal)
