"""Who may import from the pages, which import jobs a user may open, and which machine
clients an organisation administrator manages."""

from django.http import Http404

from ipcoord.core.models import Membership, Organisation, Role, User
from ipcoord.exchange.models import ClientKey, ImportJob, MachineClient

IMPORTER_ROLES = (Role.ORG_ADMIN, Role.IP_OFFICER)


def importer_orgs(user: User) -> list[Organisation]:
    """Active organisations where `user` is an organisation administrator or an IP officer."""
    if not user.is_authenticated or not user.is_active:
        return []
    ids = Membership.objects.filter(
        user=user, role__in=IMPORTER_ROLES, organisation__is_active=True
    ).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("id"))


def require_importer(user: User) -> list[Organisation]:
    """The organisations the user may file an upload under (by id; the upload form offers
    them and preselects the first); 404 for a user who imports for none."""
    orgs = importer_orgs(user)
    if not orgs:
        raise Http404
    return orgs


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


def org_admin_orgs(user: User) -> list[Organisation]:
    """Active organisations the user administers (their machine clients and webhooks)."""
    if not user.is_authenticated or not user.is_active:
        return []
    ids = Membership.objects.filter(
        user=user, role=Role.ORG_ADMIN, organisation__is_active=True
    ).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("id"))


def require_org_admin(user: User) -> list[Organisation]:
    """The organisations the user administers; 404 for anyone who administers none."""
    orgs = org_admin_orgs(user)
    if not orgs:
        raise Http404
    return orgs


def get_client_for(user: User, pk: int) -> MachineClient:
    """A client of an organisation the user administers; 404 alike for a missing client and
    another organisation's (and for a user who administers nothing)."""
    org_ids = [o.pk for o in org_admin_orgs(user)]
    client = (
        MachineClient.objects.select_related("organisation", "user")
        .filter(pk=pk, organisation_id__in=org_ids)
        .first()
    )
    if client is None:
        raise Http404
    return client


def get_client_key_for(user: User, client_pk: int, key_pk: int) -> ClientKey:
    """One key of a client the user manages; 404 if the key is not that client's."""
    client = get_client_for(user, client_pk)
    key = ClientKey.objects.filter(client=client, pk=key_pk).first()
    if key is None:
        raise Http404
    key.client = client
    return key
