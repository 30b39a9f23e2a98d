"""Helpers the integrity services share: who screens and decides, and for which office.

Not public: import the services from `ipcoord.integrity.services`.
"""

from django.utils.translation import gettext as _

from ipcoord.core.exceptions import PermissionDenied
from ipcoord.core.models import Organisation, User
from ipcoord.integrity import selectors
from ipcoord.integrity.models import Finding
from ipcoord.registry import services as registry_services


def acting_office(actor: User | None, *, refusal: str | None = None) -> Organisation:
    """The IP administration `actor` acts for in integrity work: the highest one where they
    are an ip_officer; `actor=None` (command line, tasks) acts for the national one.

    Anyone else is refused with `refusal` (screening and the dishonesty list are an IP
    office's work).
    """
    if actor is None:
        return registry_services.national_ip_admin()
    ids = selectors.officer_org_ids(actor)
    if not ids:
        raise PermissionDenied(
            refusal
            or _(
                "只有知识产权管理部门的业务人员可以进行诚信甄别；如需甄别，请联系知识产权管理部门。"
            ),
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
