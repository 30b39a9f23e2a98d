import datetime

import pytest

from ipcoord.cases import selectors, services
from ipcoord.cases.models import (
    CaseLink,
    CaseRole,
    CaseStatus,
    ClosingManner,
    Nature,
    Outcome,
    ProceedingKind,
    ProceedingOutcome,
)
from ipcoord.cases.tests.factories import (
    CaseFactory,
    PartyFactory,
    ProceedingFactory,
    granted_patent,
    registered_trademark,
)


def numbers(qs):
    return {c.number for c in qs}


@pytest.fixture
def cases(world):
    party = PartyFactory(name="杭州星河科技有限公司", aliases=["星河科技"])
    patent = granted_patent(application_number="202310123456.6")
    mark = registered_trademark(number="30123456", mark_text="星河")
    a = CaseFactory(
        number="（2024）京73知民初101号",
        parties=[(party, CaseRole.PLAINTIFF)],
        patents=[patent],
    )
    b = CaseFactory(
        number="（2023）京73行初7027号", cause="patent_admin", filing_date=datetime.date(2023, 5, 1)
    )
    c = CaseFactory(
        number="（2024）京73知民初102号", trademarks=[mark], cause="trademark_infringement"
    )
    return a, b, c


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("（2024）京73知民初101号", {"（2024）京73知民初101号"}),
        ("(2024)京73知民初101号", {"（2024）京73知民初101号"}),
        ("( 2024 ) 京73 知民初 101 号", {"（2024）京73知民初101号"}),
        ("(2024)京73", {"（2024）京73知民初101号", "（2024）京73知民初102号"}),
        ("行初", {"（2023）京73行初7027号"}),
        ("星河科技", {"（2024）京73知民初101号"}),
        ("ZL202310123456.6", {"（2024）京73知民初101号"}),
        ("2023101234566", {"（2024）京73知民初101号"}),
        ("20231012", {"（2024）京73知民初101号"}),
        ("30123456", {"（2024）京73知民初102号"}),
        ("没有这个", set()),
    ],
)
def test_search_finds_cases_by_number_party_and_right(world, cases, q, expected):
    assert numbers(selectors.case_list_for(user=world.bj_judge, q=q)) == expected


def test_search_never_widens_visibility(world, cases):
    assert not selectors.case_list_for(user=world.hz_clerk, q="星河科技").exists()


def test_filters(world, cases):
    user = world.bj_judge
    assert numbers(selectors.case_list_for(user=user, year=2023)) == {"（2023）京73行初7027号"}
    assert selectors.case_list_for(user=user, nature=Nature.CIVIL).count() == 2
    assert selectors.case_list_for(user=user, court="京73").count() == 3
    assert selectors.case_list_for(user=user, court=world.hz_inter).count() == 0
    assert selectors.case_list_for(user=user, court=world.bj_ip_court.pk).count() == 3
    assert selectors.case_list_for(user=user, cause="patent_admin").count() == 1
    assert selectors.case_list_for(user=user, status=CaseStatus.CLOSED).count() == 0


def test_proceeding_search(world):
    patent = granted_patent(application_number="202310123456.6")
    requester = PartyFactory(name="某某医药股份有限公司")
    ProceedingFactory(number="4W119999", right=patent, requester=requester)
    user = world.cnipa_officer
    for q in ("4W1199", "某某医药", "ZL202310123456.6"):
        assert selectors.proceeding_list_for(user=user, q=q).count() == 1, q
    assert (
        selectors.proceeding_list_for(user=user, kind=ProceedingKind.TRADEMARK_REVIEW).count() == 0
    )


def test_right_stability(world):
    patent = granted_patent()
    case = CaseFactory(patents=[patent])
    first = ProceedingFactory(right=patent)
    second = ProceedingFactory(right=patent)
    ProceedingFactory(right=patent)
    services.proceeding_decide(
        actor=None,
        proceeding=first,
        decision_date=datetime.date(2024, 10, 1),
        decision_number="第1号",
        outcome=ProceedingOutcome.UPHELD,
    )
    services.proceeding_decide(
        actor=None,
        proceeding=second,
        decision_date=datetime.date(2024, 11, 1),
        decision_number="第2号",
        outcome=ProceedingOutcome.PARTLY_INVALID,
    )
    for link in CaseLink.objects.filter(proceeding__in=[first, second]):
        services.link_confirm(actor=world.bj_judge, link=link)
    panel = selectors.right_stability(user=world.cnipa_officer, right=patent)
    assert panel["invalidation_requests"] == 3
    assert (panel["upheld"], panel["partly_invalid"], panel["invalid"], panel["pending"]) == (
        1,
        1,
        0,
        1,
    )
    assert panel["partially_invalidated"] is True
    assert [c.pk for c in panel["cases"]] == [case.pk]  # through the confirmed links
    court_panel = selectors.right_stability(user=world.bj_judge, right=patent)
    assert court_panel["invalidation_requests"] == 3  # proceedings are public like the register
    assert court_panel["open_cases"] == 1 and court_panel["confirmed_links"] == 2
    assert selectors.right_stability(user=world.hz_clerk, right=patent)["cases"] == []


def test_dashboard(world):
    patent = granted_patent()
    case = CaseFactory(patents=[patent])
    CaseFactory()
    ProceedingFactory(right=patent)
    judge = selectors.dashboard_for(user=world.bj_judge)
    assert judge["open_cases"] == 2 and judge["links_awaiting"] == 1
    assert judge["open_proceedings"] == 0
    assert len(judge["recent_cases"]) == 2
    officer = selectors.dashboard_for(user=world.cnipa_officer)
    assert officer["open_proceedings"] == 1 and officer["links_awaiting"] == 1
    services.case_close(
        actor=world.bj_judge,
        case=case,
        closing_date=datetime.date(2024, 12, 1),
        closing_manner=ClosingManner.MEDIATION,
        outcome=Outcome.SETTLED,
    )
    assert selectors.dashboard_for(user=world.bj_judge)["open_cases"] == 1
    outsider = selectors.dashboard_for(user=world.outsider)
    assert outsider["open_cases"] == outsider["links_awaiting"] == 0
    assert outsider["recent_cases"] == []
