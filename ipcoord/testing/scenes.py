"""A small linked scene on top of the test world: a granted patent and a trademark of one
owner, a civil case on the patent at 京73 (and a sealed one), and CNIPA's invalidation
request on the same patent, which the platform proposes to link to the case."""

import datetime
from dataclasses import dataclass

from ipcoord.cases import services as cases_services
from ipcoord.cases.models import Case, Cause, Proceeding, ProceedingKind
from ipcoord.core.identifiers import patent_check_digit
from ipcoord.registry import services as registry_services
from ipcoord.registry.models import Party, PartyKind, Patent, Trademark
from ipcoord.testing.world import World


@dataclass
class Scene:
    world: World
    owner: Party
    rival: Party
    patent: Patent
    mark: Trademark
    case: Case
    sealed: Case
    proceeding: Proceeding


def application_number(year: int, kind_digit: str, serial: int) -> str:
    digits = f"{year}{kind_digit}{serial:07d}"
    return f"{digits}.{patent_check_digit(digits)}"


def build_scene(world: World, *, title: str = "一种折叠式电动车架") -> Scene:
    owner = registry_services.party_create(
        actor=None, kind=PartyKind.LEGAL, name="杭州星河科技有限公司", aliases=["杭州星河科技"]
    )
    rival = registry_services.party_create(
        actor=None, kind=PartyKind.LEGAL, name="北京远山电子有限公司"
    )
    patent = registry_services.patent_record(
        actor=None,
        application_number=application_number(2019, "1", 345678),
        title=title,
        filing_date=datetime.date(2019, 4, 2),
        owners=[owner],
        ipc="H04L 9/32",
    )
    registry_services.right_grant(actor=None, right=patent, date=datetime.date(2020, 1, 3))
    mark = registry_services.trademark_record(
        actor=None,
        number="31234567",
        mark_text="星河",
        nice_classes="9,35",
        owner=owner,
        application_date=datetime.date(2018, 5, 6),
    )
    case = cases_services.case_file(
        actor=world.bj_clerk,
        number="(2024)京73知民初21号",
        cause=Cause.PATENT_INFRINGEMENT,
        filing_date=datetime.date(2024, 1, 5),
        patents=[patent],
        parties=[(owner, "plaintiff"), (rival, "defendant")],
    )
    sealed = cases_services.case_file(
        actor=world.bj_clerk,
        number="(2024)京73知民初22号",
        cause=Cause.TRADE_SECRET,
        filing_date=datetime.date(2024, 1, 6),
        sealed=True,
    )
    proceeding = cases_services.proceeding_file(
        actor=world.cnipa_officer,
        kind=ProceedingKind.PATENT_INVALIDATION,
        number="4W000777",
        right=patent,
        requester=rival,
        filing_date=datetime.date(2024, 2, 1),
    )
    return Scene(world, owner, rival, patent, mark, case, sealed, proceeding)
