"""Reads of the exchange pages."""

from django.db.models import QuerySet

from ipcoord.core.models import User
from ipcoord.exchange.access import importer_orgs
from ipcoord.exchange.models import ImportJob


def import_job_list_for(*, user: User) -> QuerySet[ImportJob]:
    """Import jobs of the organisations where the user may import, newest first."""
    org_ids = [o.pk for o in importer_orgs(user)]
    return ImportJob.objects.filter(organisation_id__in=org_ids).select_related("uploaded_by")
