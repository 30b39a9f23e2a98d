"""Object access for the register: 404 for a missing record and a forbidden one alike."""

from ipcoord.core.access import get_or_404
from ipcoord.core.models import User
from ipcoord.registry import selectors
from ipcoord.registry.models import Party, Patent, Trademark


def get_patent_for(user: User, pk: int) -> Patent:
    """The patent if `user` may see it (sealed ones only for the owning organisation)."""
    return get_or_404(selectors.patent_list_for(user=user), pk=pk)


def get_trademark_for(user: User, pk: int) -> Trademark:
    return get_or_404(selectors.trademark_list_for(user=user), pk=pk)


def get_party_for(user: User, pk: int) -> Party:
    return get_or_404(selectors.party_list_for(user=user), pk=pk)
