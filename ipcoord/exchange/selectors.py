"""Reads of the exchange pages."""

from datetime import datetime

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.fields.json import KT

from ipcoord.core.models import ApiToken, User
from ipcoord.exchange.access import importer_orgs, org_admin_orgs
from ipcoord.exchange.models import Batch, ClientKey, ImportJob, MachineClient


def import_job_list_for(*, user: User) -> QuerySet[ImportJob]:
    """Import jobs of all the organisations where the user may import, newest first."""
    org_ids = [o.pk for o in importer_orgs(user)]
    return ImportJob.objects.filter(organisation_id__in=org_ids).select_related(
        "uploaded_by", "organisation"
    )


def machine_client_list_for(*, user: User) -> QuerySet[MachineClient]:
    """Clients of the organisations the user administers, with their keys (newest first) and
    the time, id and status of their last batch (`last_batch_*`, None if they sent none)."""
    org_ids = [o.pk for o in org_admin_orgs(user)]
    last = Batch.objects.filter(client=OuterRef("pk")).order_by("-created_at", "-id")
    return (
        MachineClient.objects.filter(organisation_id__in=org_ids)
        .select_related("organisation")
        .prefetch_related(Prefetch("keys", queryset=ClientKey.objects.order_by("-created_at")))
        .annotate(
            last_batch_at=Subquery(last.values("created_at")[:1]),
            last_batch_id=Subquery(last.values("batch_id")[:1]),
            last_batch_status=Subquery(last.values("status")[:1]),
        )
        .order_by("organisation_id", "name")
    )


def client_batch_list_for(*, user: User, client: MachineClient) -> QuerySet[Batch]:
    """The client's batches, newest first, with the receipt's summary read by the database
    (`receipt_message`, `n_created` … `n_stale`): the receipt itself, which may list
    thousands of rejected records, and the manifest are not loaded."""
    org_ids = [o.pk for o in org_admin_orgs(user)]
    return (
        Batch.objects.filter(client=client, client__organisation_id__in=org_ids)
        .select_related("key")
        .defer("manifest", "receipt")
        .annotate(
            receipt_message=KT("receipt__message"),
            n_created=KT("receipt__counts__created"),
            n_updated=KT("receipt__counts__updated"),
            n_unchanged=KT("receipt__counts__unchanged"),
            n_stale=KT("receipt__counts__stale"),
        )
        .order_by("-created_at", "-id")
    )


def client_token_created(client: MachineClient) -> datetime | None:
    """When the client's current API token was made (registration or the last reset)."""
    return (
        ApiToken.objects.filter(user_id=client.user_id).values_list("created_at", flat=True).first()
    )
