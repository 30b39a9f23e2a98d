"""Who sees which case, proceeding and link, through the selectors and the access helpers."""

import pytest
from django.http import Http404

from ipcoord.cases import access, selectors, services
from ipcoord.cases.models import CaseLink
from ipcoord.cases.tests.factories import CaseFactory, ProceedingFactory, granted_patent, member
from ipcoord.core.models import Role
from ipcoord.core.services import record_share


@pytest.fixture
def bj_high_judge(world):
    return member("bj_high_judge", world.bj_high, Role.JUDGE)


@pytest.fixture
def spc_judge(world):
    return member("spc_judge", world.spc, Role.JUDGE)


def sees(user, case) -> bool:
    listed = selectors.case_list_for(user=user).filter(pk=case.pk).exists()
    try:
        access.get_case_for(user, case.pk)
        opened = True
    except Http404:
        opened = False
    assert listed == opened
    return listed


def test_a_sealed_case_is_seen_by_its_own_court_only(world, bj_high_judge, spc_judge):
    case = CaseFactory(sealed=True)
    assert sees(world.bj_judge, case) and sees(world.bj_clerk, case)
    for user in (world.hz_clerk, bj_high_judge, spc_judge, world.cnipa_officer, world.outsider):
        assert not sees(user, case), user


def test_an_unsealed_case_is_seen_by_its_court_and_supervisors(world, bj_high_judge, spc_judge):
    case = CaseFactory()
    for user in (world.bj_judge, bj_high_judge, spc_judge):
        assert sees(user, case), user
    for user in (world.hz_clerk, world.zj_high_judge, world.haidian_judge, world.outsider):
        assert not sees(user, case), user
    for admin in (world.system_admin, world.security_admin, world.audit_admin):
        assert not sees(admin, case)


def test_missing_and_forbidden_are_alike(world):
    case = CaseFactory(sealed=True)
    with pytest.raises(Http404):
        access.get_case_for(world.hz_clerk, case.pk)
    with pytest.raises(Http404):
        access.get_case_for(world.bj_judge, case.pk + 1000)


def test_a_shared_case_is_seen_by_the_other_court(world):
    case = CaseFactory()
    record_share(actor=world.bj_clerk, obj=case, organisation=world.hz_inter)
    assert sees(world.hz_clerk, case)


def test_proceedings_are_public_like_the_register_unless_sealed(world):
    p = ProceedingFactory(right=granted_patent(), owner_org=world.zj_ipo)
    for user in (world.zj_officer, world.cnipa_officer, world.bj_judge, world.hz_clerk):
        assert access.get_proceeding_for(user, p.pk) == p
    sealed = ProceedingFactory(right=granted_patent(), owner_org=world.zj_ipo, sealed=True)
    assert access.get_proceeding_for(world.zj_officer, sealed.pk) == sealed
    for user in (world.cnipa_officer, world.bj_judge, world.hz_clerk, world.outsider):
        with pytest.raises(Http404):
            access.get_proceeding_for(user, sealed.pk)


def test_a_confirmed_link_opens_each_side_to_the_other(world):
    patent = granted_patent()
    case = CaseFactory(patents=[patent])
    p = ProceedingFactory(right=patent)
    link = CaseLink.objects.get()
    # Proposed: both sides see the link; the office does not yet see the court's case.
    assert access.get_link_for(world.bj_judge, link.pk) == link
    assert access.get_link_for(world.cnipa_officer, link.pk) == link
    assert access.get_proceeding_for(world.bj_judge, p.pk) == p
    assert not sees(world.cnipa_officer, case)
    services.link_confirm(actor=world.bj_judge, link=link)
    assert sees(world.cnipa_officer, case)
    # People outside both sides still see nothing.
    with pytest.raises(Http404):
        access.get_link_for(world.hz_clerk, link.pk)
    assert not sees(world.hz_clerk, case)


def test_a_link_never_reveals_a_sealed_case(world, bj_high_judge):
    patent = granted_patent()
    case = CaseFactory(patents=[patent], sealed=True)
    ProceedingFactory(right=patent)
    link = CaseLink.objects.get()
    assert access.get_link_for(world.bj_judge, link.pk) == link
    for user in (world.cnipa_officer, bj_high_judge, world.hz_clerk):
        with pytest.raises(Http404):
            access.get_link_for(user, link.pk)
    services.link_confirm(actor=world.bj_judge, link=link)
    assert not sees(world.cnipa_officer, case)
    assert not selectors.link_list_for(user=world.cnipa_officer).exists()


def test_a_link_is_seen_by_a_supervisor_of_the_case(world, bj_high_judge):
    patent = granted_patent()
    CaseFactory(patents=[patent])
    ProceedingFactory(right=patent)
    assert selectors.link_list_for(user=bj_high_judge).count() == 1
