"""Malicious-litigation signals on hand-built cases; re-runs; confirmation tells the courts."""

import datetime

import pytest

from ipcoord.cases import services as cases
from ipcoord.cases.models import ClosingManner, Outcome, ProceedingOutcome
from ipcoord.cases.tests.factories import CaseFactory, ProceedingFactory
from ipcoord.core.exceptions import PermissionDenied
from ipcoord.core.models import Notification
from ipcoord.integrity import services
from ipcoord.integrity.models import Finding
from ipcoord.integrity.tests.factories import PartyFactory, counts
from ipcoord.registry.tests.factories import PatentFactory, TrademarkFactory, granted_patent

START = datetime.date(2024, 2, 1)


def suits(plaintiff, patent, n: int, withdrawn: int) -> list:
    out = []
    for k in range(n):  # n suits over 3 months, one defendant each
        case = CaseFactory(
            filing_date=START + datetime.timedelta(days=15 * k),
            parties=[(plaintiff, "plaintiff"), (PartyFactory(), "defendant")],
            patents=[patent],
        )
        if k < withdrawn:
            cases.case_close(
                actor=None,
                case=case,
                closing_date=START + datetime.timedelta(days=15 * k + 30),
                closing_manner=ClosingManner.WITHDRAWAL,
                outcome=Outcome.WITHDRAWN,
            )
        out.append(case)
    return out


def test_six_suits_in_three_months_with_five_withdrawn_raise_a_lead(world):
    troll, patent = PartyFactory(name="诉讼公司"), PatentFactory()
    filed = suits(troll, patent, 6, 5)
    signals = services.litigation_signals(party=troll)
    assert [s.rule for s in signals] == ["mass_suits"]
    assert signals[0].evidence["cases"] == [c.pk for c in filed]
    assert "6 个被告" in signals[0].reasons[0] and "5 件" in signals[0].reasons[0]


def test_four_defendants_or_few_withdrawals_do_not(world):
    few, settled_few = PartyFactory(), PartyFactory()
    suits(few, PatentFactory(), 4, 4)
    suits(settled_few, PatentFactory(), 6, 1)
    assert services.litigation_signals(party=few) == []
    assert services.litigation_signals(party=settled_few) == []


def test_a_suit_on_a_later_invalidated_patent_raises_a_lead(world):
    owner, patent = PartyFactory(), granted_patent()
    case = CaseFactory(
        filing_date=datetime.date(2024, 7, 1),
        parties=[(owner, "plaintiff"), (PartyFactory(), "defendant")],
        patents=[patent],
    )
    proceeding = ProceedingFactory(right=patent, respondent=owner)
    cases.proceeding_decide(
        actor=None,
        proceeding=proceeding,
        decision_date=datetime.date(2024, 12, 1),
        decision_number="第12345号",
        outcome=ProceedingOutcome.INVALID,
    )
    (signal,) = services.litigation_signals(party=owner)
    assert signal.rule == "invalid_right" and signal.evidence["cases"] == [case.pk]
    assert "起诉后" in signal.reasons[0] and case.number in signal.reasons[0]


def test_a_suit_on_a_patent_with_an_abnormal_finding_raises_a_lead(world):
    owner, patent = PartyFactory(), PatentFactory()
    CaseFactory(filing_date=START, parties=[(owner, "plaintiff")], patents=[patent])
    Finding.objects.create(
        owner_org=world.cnipa,
        kind="abnormal_patent",
        patent=patent,
        rule="order77_1",
        legal_basis="《规范申请专利行为的规定》第三条第（一）项",
    )
    # CNIPA's own open lead counts for CNIPA; another office sees it only once confirmed.
    assert [s.rule for s in services.litigation_signals(party=owner, office=world.cnipa)] == [
        "abnormal_patent_right"
    ]
    assert services.litigation_signals(party=owner, office=world.zj_ipo) == []


def test_the_screen_records_once_and_confirming_tells_the_courts(world):
    troll = PartyFactory(name="诉讼公司")
    filed = suits(troll, PatentFactory(), 6, 5)
    run = services.litigation_screen(actor=world.cnipa_officer)
    lead = Finding.objects.get(kind="malicious_litigation")
    assert run.finding_count == 1 and lead.party == troll and lead.case == filed[0]
    again = services.litigation_screen(actor=world.cnipa_officer)
    assert (
        again.finding_count == 0
        and Finding.objects.filter(kind="malicious_litigation").count() == 1
    )
    before = Notification.objects.filter(recipient=world.bj_judge).count()
    services.finding_confirm(actor=world.cnipa_officer, finding=lead, reason="批量诉讼后撤诉")
    assert Notification.objects.filter(recipient=world.bj_judge).count() > before


def test_a_judge_cannot_screen_litigation(world):
    before = counts()
    with pytest.raises(PermissionDenied):
        services.litigation_screen(actor=world.bj_judge)
    assert counts() == before


def test_a_squatter_suing_the_earlier_applicant_of_a_similar_mark_raises_a_lead(world):
    squatter, user, stranger = PartyFactory(name="抢注公司"), PartyFactory(), PartyFactory()
    theirs = TrademarkFactory(
        mark_text="康帅傅", owner=user, application_date=datetime.date(2019, 3, 1)
    )
    TrademarkFactory(mark_text="华为", owner=stranger, application_date=datetime.date(2018, 1, 1))
    grabbed = TrademarkFactory(
        mark_text="康师傅", owner=squatter, application_date=datetime.date(2021, 6, 1)
    )
    case = CaseFactory(parties=[(squatter, "plaintiff"), (user, "defendant")], trademarks=[grabbed])
    CaseFactory(parties=[(squatter, "plaintiff"), (stranger, "defendant")], trademarks=[grabbed])
    (signal,) = services.litigation_signals(party=squatter)
    assert signal.rule == "earlier_mark" and signal.evidence["cases"] == [case.pk]
    assert f"于 2019-03-01 申请近似商标「康帅傅」（{theirs.number}）" in signal.reasons[0]
    assert "早于原告商标「康师傅」的申请日 2021-06-01" in signal.reasons[0]
    assert "须由人核实" in signal.reasons[-1]


def test_a_defendant_whose_similar_mark_came_later_is_no_earlier_user(world):
    owner, later = PartyFactory(), PartyFactory()
    mark = TrademarkFactory(
        mark_text="康师傅", owner=owner, application_date=datetime.date(2019, 1, 1)
    )
    TrademarkFactory(mark_text="康帅傅", owner=later, application_date=datetime.date(2020, 1, 1))
    CaseFactory(parties=[(owner, "plaintiff"), (later, "defendant")], trademarks=[mark])
    assert services.litigation_signals(party=owner) == []


@pytest.mark.parametrize("sealed", [False, True])
def test_a_suit_on_a_confirmed_malicious_mark_is_a_lead_unless_the_finding_is_sealed(world, sealed):
    owner = PartyFactory()
    mark = TrademarkFactory(owner=owner, mark_text="康帅傅")
    CaseFactory(filing_date=START, parties=[(owner, "plaintiff")], trademarks=[mark])
    Finding.objects.create(
        owner_org=world.zj_ipo,
        sealed=sealed,
        kind="trademark_similarity",
        status="confirmed",
        trademark=mark,
        subject_text="康帅傅",
        rule="similar",
        decided_at=datetime.datetime(2024, 1, 5, tzinfo=datetime.UTC),
        decision_reason="与康师傅近似，确认为恶意注册。",
    )
    rules = [s.rule for s in services.litigation_signals(party=owner)]
    assert rules == ([] if sealed else ["invalid_right"])
