"""Object access for cases: 404 for a missing record and a forbidden one alike."""

from ipcoord.cases.models import Case, CaseLink, Proceeding
from ipcoord.cases.selectors import case_list_for, link_list_for, proceeding_list_for
from ipcoord.core.access import get_or_404
from ipcoord.core.models import User


def get_case_for(user: User, pk: int) -> Case:
    """The case if `user` may see it (see selectors' visibility rule), else Http404."""
    return get_or_404(case_list_for(user=user), pk=pk)


def get_proceeding_for(user: User, pk: int) -> Proceeding:
    """The proceeding if `user` may see it, else Http404."""
    return get_or_404(proceeding_list_for(user=user), pk=pk)


def get_link_for(user: User, pk: int) -> CaseLink:
    """The link if `user` may see it; a link naming a record sealed from them is a 404."""
    return get_or_404(link_list_for(user=user), pk=pk)
