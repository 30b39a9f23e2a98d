"""applicant_signals: resembling marks, mass filing, refused before; applicant_screen."""

import datetime

import pytest

from ipcoord.core.exceptions import PermissionDenied
from ipcoord.integrity import services
from ipcoord.integrity.models import FindingKind
from ipcoord.integrity.tests.factories import (
    PartyFactory,
    TrademarkFactory,
    counts,
    registered_trademark,
)
from ipcoord.registry import services as registry


@pytest.fixture
def squatter(world):
    owner = PartyFactory(name="正牌公司")
    for text in ("康师傅", "青山绿水", "金色年华"):
        registered_trademark(mark_text=text, nice_classes="30", owner=owner)
    party = PartyFactory(name="抢注公司")
    for text in ("康帅傅", "青山绿氺", "金色年化"):
        TrademarkFactory(mark_text=text, nice_classes="30", owner=party)
    return party


def test_many_marks_resembling_others_is_a_signal(world, squatter):
    [signal] = [
        s for s in services.applicant_signals(party=squatter) if s.rule == "resembling_marks"
    ]
    assert "件申请与他人在先商标或知名标志近似" in signal.reasons[0]
    assert any("「康帅傅」" in r for r in signal.reasons) and "第四条" in signal.legal_basis


def test_an_ordinary_applicant_has_no_signal(world):
    party = PartyFactory(name="普通公司")
    TrademarkFactory(mark_text="青山绿水", nice_classes="30", owner=party)
    assert services.applicant_signals(party=party) == []


def test_mass_filing_within_the_window(world, settings):
    settings.INTEGRITY_MASS_FILING = (5, 10)
    party = PartyFactory(name="囤积公司")
    start = datetime.date(2024, 1, 1)
    for n in range(5):
        TrademarkFactory(
            mark_text=f"奇异果{n}号", owner=party, application_date=start + datetime.timedelta(n)
        )
    [signal] = services.applicant_signals(party=party)
    assert signal.rule == "mass_filing" and signal.evidence["applications"] == 5
    assert signal.evidence["use_signs"] == 0


def test_mass_filing_counts_the_signs_of_use_the_register_holds(world, settings):
    settings.INTEGRITY_MASS_FILING = (5, 10)
    party = PartyFactory(name="许可公司")
    start = datetime.date(2020, 1, 1)  # registered_trademark registers on 2021-02-07
    marks = [
        registered_trademark(
            mark_text=f"奇异果{n}号", owner=party, application_date=start + datetime.timedelta(n)
        )
        for n in range(5)
    ]
    for mark in marks[:2]:  # licences can only be recorded on registered marks
        registry.licence_record(
            actor=None,
            right=mark,
            date=datetime.date(2024, 6, 1),
            licensee=PartyFactory(),
            licence_kind="ordinary",
        )
    [signal] = services.applicant_signals(party=party)
    assert signal.evidence["use_signs"] == 2
    assert "其中 2 件登记有许可备案或续展" in signal.reasons[1]


def test_refused_under_article_4_is_a_signal(world):
    party = PartyFactory(name="被驳回公司")
    mark = TrademarkFactory(mark_text="奇异果", owner=party)
    registry.rejection_record(
        actor=None, right=mark, date=datetime.date(2024, 3, 1), reference="依据商标法第四条驳回"
    )
    [signal] = services.applicant_signals(party=party)
    assert signal.rule == "refused_before" and mark.number in signal.evidence["trademarks"]


def test_applicant_screen_records_leads_once(world, squatter):
    found = services.applicant_screen(actor=world.cnipa_officer, party=squatter)
    assert found and all(f.kind == FindingKind.APPLICANT_SIGNAL for f in found)
    assert [f.pk for f in services.applicant_screen(actor=world.cnipa_officer, party=squatter)] == [
        f.pk for f in found
    ]
    before = counts()
    with pytest.raises(PermissionDenied):
        services.applicant_screen(actor=world.bj_judge, party=squatter)
    assert counts() == before
