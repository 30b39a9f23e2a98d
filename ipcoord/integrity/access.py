"""Object access for integrity: 404 for a missing record and a forbidden one alike."""

from ipcoord.core.access import get_or_404
from ipcoord.core.models import User
from ipcoord.integrity import selectors
from ipcoord.integrity.credit_models import CreditListing
from ipcoord.integrity.models import Finding, ScreeningRun


def get_finding_for(user: User, pk: int) -> Finding:
    """The finding if `user` may see it (see the visibility rule in selectors)."""
    return get_or_404(selectors.finding_list_for(user=user), pk=pk)


def get_run_for(user: User, pk: int) -> ScreeningRun:
    """The screening run if `user` may see it (the screening office and those above)."""
    return get_or_404(selectors.run_list_for(user=user), pk=pk)


def get_listing_for(user: User, pk: int) -> CreditListing:
    """The dishonesty-list record if `user` may see it (selectors.listing_list_for)."""
    return get_or_404(selectors.listing_list_for(user=user), pk=pk)


def get_court_notice_for(user: User, pk: int) -> Finding:
    """A court's notice of bad faith if `user` may see it (selectors.court_notice_list_for)."""
    return get_or_404(selectors.court_notice_list_for(user=user), pk=pk)
