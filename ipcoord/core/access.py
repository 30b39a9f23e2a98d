"""Object access: one answer, 404, for a missing record and a forbidden one alike."""

from django.db.models import Model, QuerySet
from django.http import Http404

from ipcoord.core.models import Organisation, User
from ipcoord.core.selectors import organisation_list_for


def get_or_404[M: Model](qs: QuerySet[M], **lookup: object) -> M:
    try:
        return qs.get(**lookup)
    except qs.model.DoesNotExist as exc:
        raise Http404 from exc


def get_organisation_for(user: User, pk: int) -> Organisation:
    return get_or_404(organisation_list_for(user=user), pk=pk)
