"""inquiry_run: a court looks up a party's rights inside its own open case; recorded."""

import pytest

from ipcoord.core.exceptions import ApplicationError
from ipcoord.preservation import selectors, services
from ipcoord.preservation.models import Inquiry
from ipcoord.preservation.tests.factories import (
    PartyFactory,
    counts,
    freeze,
    granted_patent,
    preservation_case,
    registered_trademark,
)
from ipcoord.registry.tests.factories import USCC_HUAWEI


@pytest.fixture
def debtor(world):
    party = PartyFactory(name="华为技术有限公司", uscc=USCC_HUAWEI, aliases="華為技術\nHuawei")
    patents = [granted_patent(owners=[party]), granted_patent(owners=[party, PartyFactory()])]
    mark = registered_trademark(owner=party)
    granted_patent()  # someone else's
    return party, patents, mark


@pytest.mark.parametrize("query", ["华为技术有限公司", "華為技術有限公司", "Huawei", USCC_HUAWEI])
def test_it_finds_every_right_of_the_party(world, debtor, query):
    party, patents, mark = debtor
    case = preservation_case()
    result = services.inquiry_run(actor=world.bj_clerk, case_number=case.number, query=query)
    assert {s.right for s in result.rights} == {*patents, mark}
    assert result.inquiry.result_count == 3 and result.inquiry.case == case
    assert result.inquiry.query_kind == ("uscc" if query == USCC_HUAWEI else "name")


def test_results_show_active_and_queued_freezes(world, debtor):
    _, patents, _ = debtor
    first = freeze(world, world.hz_clerk, [patents[0]])
    second = freeze(world, world.bj_clerk, [patents[0]])
    result = services.inquiry_run(
        actor=world.bj_clerk, case_number=preservation_case().number, query=USCC_HUAWEI
    )
    state = next(s for s in result.rights if s.right == patents[0])
    assert state.active.order == first and [i.order for i in state.queued] == [second]


def test_another_courts_case_is_refused_and_nothing_recorded(world, debtor):
    case = preservation_case("浙01")
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        services.inquiry_run(actor=world.bj_clerk, case_number=case.number, query="华为")
    assert exc.value.code == "case_other_court"
    assert counts() == before


def test_inquiries_are_listed_for_the_court_and_the_auditor_only(world, debtor):
    services.inquiry_run(actor=world.bj_clerk, case_number=preservation_case().number, query="华为")
    services.inquiry_run(
        actor=world.hz_clerk, case_number=preservation_case("浙01").number, query="华为"
    )
    assert Inquiry.objects.count() == 2
    assert selectors.inquiry_list_for(user=world.bj_judge).count() == 1
    assert selectors.inquiry_list_for(user=world.audit_admin).count() == 2
    assert selectors.inquiry_list_for(user=world.cnipa_officer).count() == 0


def test_results_show_live_pledges_and_licences_with_their_holders(world, debtor):
    import datetime

    from ipcoord.registry import services as registry

    party, patents, _ = debtor
    bank, old_bank, licensee = PartyFactory(), PartyFactory(), PartyFactory()
    day = datetime.date(2024, 7, 1)
    released = registry.pledge_record(actor=None, right=patents[0], date=day, pledgee=old_bank)
    registry.pledge_release(actor=None, pledge=released, date=day)
    registry.pledge_record(actor=None, right=patents[0], date=day, pledgee=bank)
    registry.licence_record(
        actor=None, right=patents[0], date=day, licensee=licensee, licence_kind="exclusive"
    )
    result = services.inquiry_run(
        actor=world.bj_clerk, case_number=preservation_case().number, query=USCC_HUAWEI
    )
    state = next(s for s in result.rights if s.right == patents[0])
    assert [p.counterparty for p in state.pledges] == [bank]
    assert [lic.counterparty for lic in state.licences] == [licensee]
    assert party in state.holders
    other = next(s for s in result.rights if s.right == patents[1])
    assert other.pledges == [] and other.licences == [] and len(other.holders) == 2


def test_inquiry_page_names_pledgees_and_licensees(world, debtor, client):
    import datetime

    from django.urls import reverse

    from ipcoord.registry import services as registry

    _, patents, _ = debtor
    bank = PartyFactory(name="招商银行股份有限公司")
    registry.pledge_record(
        actor=None, right=patents[0], date=datetime.date(2024, 7, 1), pledgee=bank
    )
    client.force_login(world.bj_clerk)
    page = client.post(
        reverse("preservation:inquiry"),
        {"case_number": preservation_case().number, "query": USCC_HUAWEI},
    )
    assert "招商银行股份有限公司" in page.content.decode()


def test_it_finds_a_person_by_id_number(world):
    person = PartyFactory(name="张三", kind="natural", uscc="", id_number="11010519491231002X")
    patent = granted_patent(owners=[person])
    result = services.inquiry_run(
        actor=world.bj_judge, case_number=preservation_case().number, query="11010519491231002x"
    )
    assert [s.right for s in result.rights] == [patent]
    assert result.inquiry.query_kind == "id_number"


@pytest.mark.parametrize("who", ["outsider", "cnipa_officer", "audit_admin"])
def test_only_judges_and_clerks_inquire_and_nothing_is_recorded(world, debtor, who):
    from ipcoord.core.exceptions import PermissionDenied

    case = preservation_case()
    before = counts()
    with pytest.raises(PermissionDenied):
        services.inquiry_run(actor=getattr(world, who), case_number=case.number, query="华为")
    assert counts() == before


@pytest.mark.parametrize(
    ("number", "code"),
    [("（2024）京73执保9999号", "case_not_found"), ("京73执保12", "invalid_case_number")],
)
def test_an_unknown_or_unparsable_case_is_refused(world, debtor, number, code):
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        services.inquiry_run(actor=world.bj_clerk, case_number=number, query="华为")
    assert exc.value.code == code and counts() == before


def test_a_too_short_query_is_refused_and_nothing_recorded(world, debtor):
    case = preservation_case()
    before = counts()
    with pytest.raises(ApplicationError) as exc:
        services.inquiry_run(actor=world.bj_clerk, case_number=case.number, query="华")
    assert exc.value.code == "invalid_query" and counts() == before


def test_it_is_audited(world, debtor):
    from ipcoord.core.models import AuditEvent

    result = services.inquiry_run(
        actor=world.bj_clerk, case_number=preservation_case().number, query="华为"
    )
    event = AuditEvent.objects.get(action="preservation.inquiry")
    assert event.actor == world.bj_clerk and event.object_id == str(result.inquiry.pk)
    assert event.after["result_count"] == 3
