"""get_*_for: one answer, 404, for a missing record and a forbidden one."""

import pytest
from django.http import Http404

from ipcoord.registry import access, services
from ipcoord.registry.models import PartyKind
from ipcoord.registry.tests.factories import PatentFactory, TrademarkFactory


def test_a_visible_patent_is_returned(world):
    patent = PatentFactory()
    assert access.get_patent_for(world.bj_judge, patent.pk) == patent


def test_a_sealed_patent_of_another_office_is_404_like_a_missing_one(world):
    sealed = PatentFactory(owner_org=world.zj_ipo, sealed=True, actor=world.zj_officer)
    assert access.get_patent_for(world.zj_officer, sealed.pk) == sealed
    for user in (world.cnipa_officer, world.bj_judge, world.outsider):
        with pytest.raises(Http404):
            access.get_patent_for(user, sealed.pk)
    with pytest.raises(Http404):
        access.get_patent_for(world.zj_officer, sealed.pk + 1000)


def test_trademark_and_party_access(world):
    mark = TrademarkFactory()
    assert access.get_trademark_for(world.outsider, mark.pk) == mark
    with pytest.raises(Http404):
        access.get_trademark_for(world.outsider, mark.pk + 1000)
    party = services.party_create(actor=world.bj_clerk, kind=PartyKind.NATURAL, name="王五")
    assert access.get_party_for(world.cnipa_officer, party.pk) == party
    with pytest.raises(Http404):
        access.get_party_for(world.cnipa_officer, party.pk + 1000)
