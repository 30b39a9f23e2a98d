"""Helpers the integrity services share: who screens and decides, and for which office.

Not public: import the services from `ipcoord.integrity.services`.
"""

from django.utils.translation import gettext as _

from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import Organisation, OrgKind, User
from ipcoord.integrity import selectors
from ipcoord.integrity.models import Finding


def screening_office(actor: User | None) -> Organisation:
    """The IP administration a screening by `actor` belongs to.

    An ip_officer of an IP administration screens for it (the highest one when they serve in
    several); `actor=None` (command line, tasks) screens for the national IP administration.
    Anyone else is refused: screening is an IP office's work.
    """
    if actor is None:
        office = (
            Organisation.objects.filter(kind=OrgKind.IP_ADMIN, parent__isnull=True, is_active=True)
            .order_by("id")
            .first()
        )
        if office is None:
            raise ApplicationError(
                _("平台上还没有国家知识产权管理部门，无法确定甄别机关；请先创建该机构。"),
                code="no_ip_admin",
            )
        return office
    ids = selectors.officer_org_ids(actor)
    if not ids:
        raise PermissionDenied(
            _("只有知识产权管理部门的业务人员可以进行诚信甄别；如需甄别，请联系知识产权管理部门。"),
            code="not_ip_officer",
        )
    return Organisation.objects.get(pk=ids[0])


def require_decider(actor: User | None, finding: Finding) -> None:
    """Only an ip_officer of the owning IP administration or one above it decides a lead."""
    if actor is None:
        return
    if finding.owner_org_id not in selectors.decider_org_ids(actor):
        raise PermissionDenied(
            _("只有作出甄别的知识产权管理部门（或其上级）的业务人员可以确认或排除该线索。"),
            code="not_decider",
        )
