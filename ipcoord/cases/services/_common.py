"""Helpers shared by the cases services: membership checks, rights, urls, notifications.

Not public: import the services from `ipcoord.cases.services`.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcoord.cases.models import Case, CaseLink, CaseStatus, Proceeding
from ipcoord.cases.selectors import COURT_ROLES, OFFICE_ROLES
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import Membership, User
from ipcoord.core.notify import notify
from ipcoord.core.selectors import members_of
from ipcoord.registry.models import Patent, Trademark

Right = Patent | Trademark


def holds_role_in(actor: User, organisation_id: int, roles: Iterable[str]) -> bool:
    """Whether `actor` holds one of `roles` in that very organisation (not a parent or child).

    `scope_for` answers "has this role somewhere"; filing and deciding need "here".
    """
    return Membership.objects.filter(
        user=actor,
        user__is_active=True,
        organisation_id=organisation_id,
        organisation__is_active=True,
        role__in=list(roles),
    ).exists()


def require_court_member(actor: User | None, case: Case) -> None:
    """A judge or clerk of the court that owns the case; actor None is the trusted operator."""
    if actor is None or holds_role_in(actor, case.owner_org_id, COURT_ROLES):
        return
    raise PermissionDenied(
        _("只有本案承办法院的法官或书记员可以办理此事项。"), code="not_court_member"
    )


def require_office_member(actor: User | None, proceeding: Proceeding) -> None:
    """An IP officer of the office that owns the proceeding; actor None is the operator."""
    if actor is None or holds_role_in(actor, proceeding.owner_org_id, OFFICE_ROLES):
        return
    raise PermissionDenied(
        _("只有受理该程序的知识产权部门的业务人员可以办理此事项。"), code="not_office_member"
    )


def require_open(case: Case) -> None:
    if case.status != CaseStatus.OPEN:
        raise ApplicationError(
            _("案件 %(case)s 已结案，不能再修改。") % {"case": case.number}, code="case_closed"
        )


def right_kind(right: object) -> str:
    """'patent' or 'trademark'; anything else is a programming error, not a user error."""
    if isinstance(right, Patent):
        return "patent"
    if isinstance(right, Trademark):
        return "trademark"
    raise TypeError(f"expected a Patent or a Trademark, got {type(right).__name__}")


def right_label(right: Right) -> str:
    if isinstance(right, Patent):
        return right.patent_number
    return _("第%(number)s号商标") % {"number": right.number}


def case_url(pk: int) -> str:
    # The pages are added by another change; until then notifications carry no link.
    try:
        return reverse("cases:case_detail", args=[pk])
    except NoReverseMatch:
        return ""


def proceeding_url(pk: int) -> str:
    try:
        return reverse("cases:proceeding_detail", args=[pk])
    except NoReverseMatch:
        return ""


def link_params(link: CaseLink) -> dict[str, Any]:
    return {
        "case": link.case.number,
        "proceeding": str(link.proceeding),
        "link": link.pk,
    }


def court_side_may_know(link: CaseLink) -> bool:
    """The court's people may hear of a link unless the proceeding is sealed from them."""
    return not link.proceeding.sealed


def office_side_may_know(link: CaseLink) -> bool:
    """The office's people may hear of a link unless the case is sealed from them."""
    return not link.case.sealed


def notify_orgs(
    organisation_ids: Iterable[int], *, verb: str, params: dict[str, Any], url: str
) -> int:
    ids = {i for i in organisation_ids if i}
    if not ids:
        return 0
    return notify(recipients=members_of(organisation_ids=ids), verb=verb, params=params, url=url)


def notify_link_sides(link: CaseLink, *, verb: str) -> int:
    """Tell both sides about a link, each only if the other side's record is not sealed."""
    params = link_params(link)
    sent = 0
    if court_side_may_know(link):
        sent += notify_orgs(
            [link.case.owner_org_id], verb=verb, params=params, url=case_url(link.case_id)
        )
    if office_side_may_know(link):
        sent += notify_orgs(
            [link.proceeding.owner_org_id],
            verb=verb,
            params=params,
            url=proceeding_url(link.proceeding_id),
        )
    return sent


def not_in_future(value: datetime.date, field: str) -> None:
    if value > timezone.localdate():
        raise ApplicationError(
            _("日期 %(date)s 晚于今天，请核对。") % {"date": value.isoformat()},
            code="date_in_future",
            extra={"field": field},
        )
