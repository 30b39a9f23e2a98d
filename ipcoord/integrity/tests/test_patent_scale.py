"""Order 77 item 3: filings out of line with the applicant's R&D staff or field."""

import datetime

from ipcoord.integrity.models import Finding
from ipcoord.integrity.tests.factories import PartyFactory
from ipcoord.integrity.tests.test_patent_screen import screen
from ipcoord.registry import services as registry
from ipcoord.registry.tests.factories import PatentFactory

SUBCLASSES = ("H04L 9/32", "G06F 21/60", "A61K 31/00", "B65D 81/00", "C08L 67/04", "F16H 1/00")


def _file(party, n: int, *, ipc=("H04L 9/32",), year: int = 2023) -> None:
    for i in range(n):
        PatentFactory(
            title=f"{party.name}{i}号装置{i * 7919}",
            owners=[party],
            filing_date=datetime.date(year, 1 + i % 12, 1 + i % 28),
            ipc=ipc[i % len(ipc)],
        )


def _staffed(name: str, staff: int | None):
    party = PartyFactory(name=name)
    return registry.party_update(actor=None, party=party, rd_staff=staff)


def test_more_filings_than_the_staff_suggests_raise_a_lead(
    world, django_capture_on_commit_callbacks
):
    small, large, unknown = (
        _staffed("小公司", 5),
        _staffed("大公司", 100),
        _staffed("未知公司", None),
    )
    for party in (small, large, unknown):
        _file(party, 25)
    _file(small, 30, year=2021)  # another year is judged on its own
    screen(world.cnipa_officer, django_capture_on_commit_callbacks)
    leads = Finding.objects.filter(rule="order77_3_scale").order_by("matched_ref")
    assert [(f.party.name, f.evidence["year"]) for f in leads] == [
        ("小公司", 2021),
        ("小公司", 2023),
    ]
    lead = leads.last()
    assert (
        lead.evidence["rd_staff"] == 5
        and lead.evidence["count"] == 25
        and lead.evidence["cap"] == 20
    )
    assert "研发人员 5 人" in lead.reasons[0] and "上限 20 件" in lead.reasons[0]
    assert lead.legal_basis.endswith("第（三）项")


def test_a_small_team_filing_across_many_fields_raises_a_lead(
    world, django_capture_on_commit_callbacks
):
    team = _staffed("三人公司", 3)
    _file(team, 12, ipc=SUBCLASSES)  # six subclasses, under the count cap
    focused = _staffed("专注公司", 3)
    _file(focused, 12)
    screen(world.cnipa_officer, django_capture_on_commit_callbacks)
    (lead,) = Finding.objects.filter(rule="order77_3_field")
    assert lead.party == team and len(lead.evidence["fields"]) == 6
    assert not Finding.objects.filter(rule="order77_3_scale").exists()
