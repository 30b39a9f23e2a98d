"""Object access for preservation: 404 for a missing order and a forbidden one alike."""

from ipcoord.core.access import get_or_404
from ipcoord.core.models import User
from ipcoord.preservation import selectors
from ipcoord.preservation.models import FreezeOrder


def get_order_for(user: User, pk: int) -> FreezeOrder:
    """The order if `user` may see it (ordering court, courts above, registry officers)."""
    return get_or_404(selectors.order_list_for(user=user), pk=pk)


def get_order_to_act(user: User, pk: int) -> FreezeOrder:
    """The order if `user` is a judge or clerk of the court that made it (renew, release);
    404 for everyone else, courts above included (they may read it, not act on it)."""
    courts = selectors.acting_court_ids(user)
    return get_or_404(selectors.order_list_for(user=user).filter(owner_org_id__in=courts), pk=pk)
