"""Helpers for the exchange tests: write tables, wipe the register, a small sample register."""

import datetime
import io
from pathlib import Path

from ipcoord.cases import services as case_services
from ipcoord.cases.models import Case, CaseLink, CaseParty, Proceeding
from ipcoord.exchange.engine import export_file
from ipcoord.exchange.formats import write_table
from ipcoord.registry import services as rs
from ipcoord.registry.models import LegalEvent, Party, PartyKind, Patent, PatentOwner, Trademark
from ipcoord.registry.tests.factories import (
    RIC_BEIJING,
    USCC_HANGZHOU,
    USCC_HUAWEI,
    application_number,
)
from ipcoord.testing.world import World

ORDER = ("parties", "patents", "trademarks", "events", "cases", "proceedings")


def csv_file(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    write_table(path, header, rows)
    return path


def wipe_register() -> None:
    """Delete every case, proceeding, right and party (tests only: bypasses the services)."""
    for model in (CaseLink, CaseParty, Proceeding):
        model.objects.all().delete()
    Case.objects.filter(previous_instance__isnull=False).delete()
    Case.objects.all().delete()
    LegalEvent.objects.filter(pledge__isnull=False).delete()
    for model in (LegalEvent, PatentOwner, Patent, Trademark, Party):
        model.objects.all().delete()


def snapshot(fmt: str = "jsonl") -> dict[str, bytes]:
    """The operator's export of every kind, as bytes: equal snapshots = same register."""
    out = {}
    for kind in ORDER:
        buffer = io.BytesIO()
        export_file(kind, buffer, viewer=None, fmt=fmt)
        out[kind] = buffer.getvalue()
    return out


def sample_register(w: World) -> dict[str, object]:
    """A little of everything: parties, rights with events, a case pair, a proceeding."""
    huawei = rs.party_create(
        actor=None, kind=PartyKind.LEGAL, name="华为技术有限公司", uscc=USCC_HUAWEI
    )
    hz = rs.party_create(
        actor=None,
        kind=PartyKind.LEGAL,
        name="杭州某某科技有限公司",
        uscc=USCC_HANGZHOU,
        aliases=["杭州某某"],
    )
    person = rs.party_create(
        actor=None, kind=PartyKind.NATURAL, name="张三", id_number=RIC_BEIJING, address="北京"
    )
    bank = rs.party_create(actor=None, kind=PartyKind.LEGAL, name="某银行股份有限公司")
    patent = rs.patent_record(
        actor=None,
        application_number=application_number(2021, "1", 123456),
        title="一种通信方法",
        filing_date=datetime.date(2021, 3, 1),
        owners=[huawei, person],
        ipc="H04L 9/32; G06F 21/60",
    )
    rs.right_grant(actor=None, right=patent, date=datetime.date(2022, 6, 1))
    pledge = rs.pledge_record(
        actor=None, right=patent, date=datetime.date(2022, 8, 1), pledgee=bank, reference="质1"
    )
    rs.pledge_release(actor=None, pledge=pledge, date=datetime.date(2023, 1, 5))
    rs.licence_record(
        actor=None,
        right=patent,
        date=datetime.date(2023, 2, 1),
        licensee=hz,
        licence_kind="ordinary",
    )
    mark = rs.trademark_record(
        actor=None,
        number="30000001",
        mark_text="星河",
        nice_classes="9,35",
        owner=hz,
        application_date=datetime.date(2019, 5, 1),
    )
    rs.right_grant(actor=None, right=mark, date=datetime.date(2020, 6, 7))
    first = case_services.case_file(
        actor=None,
        number="（2023）京73民初100号",
        cause="patent_infringement",
        filing_date=datetime.date(2023, 4, 1),
        parties=[(huawei, "plaintiff"), (hz, "defendant")],
        patents=[patent],
        summary="原告诉称被告侵权。",
    )
    case_services.case_close(
        actor=None,
        case=first,
        closing_date=datetime.date(2023, 12, 1),
        closing_manner="judgment",
        outcome="claim_granted",
    )
    sealed = case_services.case_file(
        actor=None,
        number="（2023）京73民初101号",
        cause="trade_secret",
        filing_date=datetime.date(2023, 5, 1),
        parties=[(huawei, "plaintiff")],
        sealed=True,
    )
    hz_case = case_services.case_file(
        actor=None,
        number="（2024）浙01民初7号",
        cause="trademark_infringement",
        filing_date=datetime.date(2024, 1, 9),
        parties=[(hz, "plaintiff"), (person, "defendant")],
        trademarks=[mark],
    )
    proceeding = case_services.proceeding_file(
        actor=None,
        kind="patent_invalidation",
        number="4W112233",
        right=patent,
        requester=hz,
        filing_date=datetime.date(2023, 6, 1),
        owner_org=w.cnipa,
    )
    case_services.proceeding_advance(actor=None, proceeding=proceeding, status="examining")
    return {"patent": patent, "mark": mark, "sealed": sealed, "hz_case": hz_case, "first": first}
