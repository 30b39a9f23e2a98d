"""Who may import from the pages, and which import jobs a user may open."""

from django.http import Http404

from ipcoord.core.models import Membership, Organisation, Role, User
from ipcoord.exchange.models import ImportJob

IMPORTER_ROLES = (Role.ORG_ADMIN, Role.IP_OFFICER)


def importer_orgs(user: User) -> list[Organisation]:
    """Active organisations where `user` is an organisation administrator or an IP officer."""
    if not user.is_authenticated or not user.is_active:
        return []
    ids = Membership.objects.filter(
        user=user, role__in=IMPORTER_ROLES, organisation__is_active=True
    ).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("id"))


def require_importer(user: User) -> Organisation:
    """The organisation an upload is filed under (the first one, by id); 404 for others.

    Caveat: a user who imports for several organisations files under the first; the choice
    is not offered yet.
    """
    orgs = importer_orgs(user)
    if not orgs:
        raise Http404
    return orgs[0]


def get_job_for(user: User, pk: int) -> ImportJob:
    """The job if it belongs to one of the user's importing organisations; 404 alike for a
    missing job and another organisation's."""
    org_ids = [o.pk for o in importer_orgs(user)]
    job = (
        ImportJob.objects.select_related("uploaded_by", "organisation")
        .filter(pk=pk, organisation_id__in=org_ids)
        .first()
    )
    if job is None:
        raise Http404
    return job
