"""Helpers for the courts' notice tests: a case with a troll and a defendant, a notice."""

import datetime
from dataclasses import dataclass

from ipcoord.cases.models import Case
from ipcoord.cases.tests.factories import CaseFactory
from ipcoord.core.models import AuditEvent, Notification
from ipcoord.integrity import services
from ipcoord.integrity.models import Finding
from ipcoord.registry.models import Party, Patent
from ipcoord.registry.tests.factories import PartyFactory, PatentFactory

DECIDED = datetime.date(2024, 11, 20)
FACTS = "原告明知其专利权已被宣告无效，仍以同一专利起诉 12 家被告，构成恶意诉讼。"
DOCUMENT = "（2024）京73知民初2001号民事判决书"


@dataclass
class Suit:
    case: Case
    troll: Party
    defendant: Party
    patent: Patent


def suit(world, *, number: str = "（2024）京73知民初2001号", sealed: bool = False) -> Suit:
    """A patent suit of the court the number names (京73: Beijing IP court)."""
    troll = PartyFactory(name="专利运营有限公司")
    defendant = PartyFactory(name="被诉制造有限公司")
    patent = PatentFactory()
    case = CaseFactory(
        number=number,
        parties=[(troll, "plaintiff"), (defendant, "defendant")],
        patents=[patent],
        sealed=sealed,
    )
    return Suit(case=case, troll=troll, defendant=defendant, patent=patent)


def file_notice(world, s: Suit, actor=None, **kw) -> Finding:
    """The Beijing judge's notice of malicious litigation by the troll (defaults)."""
    args = {
        "actor": actor or world.bj_judge,
        "case": s.case,
        "party_id": s.troll.pk,
        "kind": "malicious_litigation",
        "facts": FACTS,
        "document": DOCUMENT,
        "decision_date": DECIDED,
        "patent_ids": [s.patent.pk],
    }
    args.update(kw)
    return services.court_notice_file(**args)


def court_counts() -> dict[str, int]:
    models = (Finding, Finding.notified_orgs.through, AuditEvent, Notification)
    return {m.__name__: m.objects.count() for m in models}
