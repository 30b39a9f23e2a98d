"""Case drafts and how they are numbered and written: the shared machinery of the cases phase.

A `CaseDraft` is a case before it has a row. `CaseNumbers` gives serials that grow with the
filing date within a court, year and case type, like real dockets; `save_cases` writes drafts
(first instances before the appeals that point at them) with their parties and rights. The
number is written exactly as `parse_case_number(...).normalized` gives it, and the procedure
and nature come from the same table the parser uses.
"""

import datetime
import random
from collections import Counter
from dataclasses import dataclass, field

from ipcoord.cases.models import Case, CaseParty, CaseRole, CaseStatus
from ipcoord.core.identifiers import CASE_TYPE_CODES
from ipcoord.demo.orgs import OrgDirectory, appellate_court
from ipcoord.demo.parties import PartyPool
from ipcoord.demo.rights import PoolRight, RightsResult
from ipcoord.demo.timeline import AS_OF, DAY
from ipcoord.registry.models import LegalEvent

_SLOTS = 12  # serials reserved per court, case type and filing day
_IP_MARK = "知"


@dataclass(slots=True)
class CaseDraft:
    """A case to be written; `row` is set once it is."""

    court: str
    type_code: str
    filing: datetime.date
    cause: str
    closing: datetime.date | None = None
    manner: str = ""
    outcome: str = ""
    parties: list[tuple[int, str]] = field(default_factory=list)  # (party pk, CaseRole)
    patents: list[int] = field(default_factory=list)
    trademarks: list[int] = field(default_factory=list)
    summary: str = ""
    sealed: bool = False
    previous: "CaseDraft | None" = None
    technical: bool = False
    right: PoolRight | None = None
    row: Case | None = None

    def role_of(self, role: str) -> list[int]:
        return [pk for pk, r in self.parties if r == role]


def type_fields(type_code: str) -> tuple[str, str]:
    """(procedure, nature) of a case-type code, as the case-number parser reads it."""
    return CASE_TYPE_CODES[type_code.removeprefix(_IP_MARK)]


class CaseNumbers:
    """Serials per (court, year, type): day-of-year slots, so they grow with filing dates."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: dict[tuple[str, int, str, int], int] = {}
        self.overflow: dict[tuple[str, int, str], int] = {}

    def serial(self, court: str, type_code: str, filing: datetime.date) -> int:
        day = filing.timetuple().tm_yday
        key = (court, filing.year, type_code, day)
        taken = self.used.get(key, 0) + self.rng.randint(1, 2)
        if taken <= _SLOTS:
            self.used[key] = taken
            return (day - 1) * _SLOTS + taken
        # A busy day: continue after the last day's slots.
        okey = (court, filing.year, type_code)
        self.overflow[okey] = self.overflow.get(okey, 0) + 1
        return 366 * _SLOTS + self.overflow[okey]


def case_number(year: int, court: str, type_code: str, serial: int) -> str:
    return f"（{year}）{court}{type_code}{serial}号"


def save_cases(
    drafts: list[CaseDraft], *, numbers: CaseNumbers, court_orgs: dict[str, int], rng: random.Random
) -> int:
    """Write drafts whose `previous` (if any) is already written; returns the party rows."""
    rows: list[Case] = []
    for d in drafts:
        serial = numbers.serial(d.court, d.type_code, d.filing)
        number = case_number(d.filing.year, d.court, d.type_code, serial)
        raw = number.replace("（", "(").replace("）", ")") if rng.random() < 0.25 else number
        procedure, nature = type_fields(d.type_code)
        d.row = Case(
            number=number,
            raw_number=raw,
            year=d.filing.year,
            court_code=d.court,
            type_code=d.type_code,
            serial=serial,
            pre2016=False,
            procedure=procedure,
            nature=nature,
            cause=d.cause,
            status=CaseStatus.CLOSED if d.closing else CaseStatus.OPEN,
            filing_date=d.filing,
            closing_date=d.closing,
            closing_manner=d.manner if d.closing else "",
            outcome=d.outcome if d.closing else "",
            previous_instance_id=d.previous.row.pk if d.previous and d.previous.row else None,
            summary=d.summary,
            sealed=d.sealed,
            owner_org_id=court_orgs[d.court],
        )
        rows.append(d.row)
    Case.objects.bulk_create(rows, batch_size=1000)
    parties = [
        CaseParty(case_id=d.row.pk, party_id=pk, role=role)
        for d in drafts
        if d.row is not None
        for pk, role in dict.fromkeys(d.parties)
    ]
    CaseParty.objects.bulk_create(parties, batch_size=2000)
    Case.patents.through.objects.bulk_create(
        [
            Case.patents.through(case_id=d.row.pk, patent_id=pk)
            for d in drafts
            if d.row is not None
            for pk in dict.fromkeys(d.patents)
        ],
        batch_size=2000,
    )
    Case.trademarks.through.objects.bulk_create(
        [
            Case.trademarks.through(case_id=d.row.pk, trademark_id=pk)
            for d in drafts
            if d.row is not None
            for pk in dict.fromkeys(d.trademarks)
        ],
        batch_size=2000,
    )
    return len(parties)


@dataclass
class CaseContext:
    """What every case generator needs: the world so far and the shared counters."""

    rng: random.Random
    directory: OrgDirectory
    parties: PartyPool
    rights: RightsResult
    numbers: CaseNumbers
    court_orgs: dict[str, int]
    judges: dict[str, int]  # court code → a demo judge's user pk
    counts: Counter[str]
    # Invalidation decisions to record on rights, and the rights whose status they change.
    events: list[LegalEvent] = field(default_factory=list)
    changed: dict[str, list[int]] = field(default_factory=dict)
    sequences: dict[str, int] = field(default_factory=dict)

    def next(self, name: str, start: int) -> int:
        """The next number of a running sequence (decision numbers, proceeding numbers)."""
        value = self.sequences.get(name, start) + self.rng.randint(1, 9)
        self.sequences[name] = value
        return value


def appeal(ctx: CaseContext, first: CaseDraft, *, administrative: bool = False) -> CaseDraft | None:
    """The appeal against a closed first instance, or None if nobody appealed (in time)."""
    rng = ctx.rng
    if first.closing is None or first.manner not in ("judgment", "dismissal"):
        return None
    if rng.random() > (0.5 if first.technical else 0.3) * (
        1 if first.manner == "judgment" else 0.4
    ):
        return None
    filing = first.closing + DAY * rng.randint(20, 75)
    if filing > AS_OF - DAY * 3:
        return None
    court = appellate_court(first.court, technical=first.technical)
    kind = "行终" if administrative else "民终"
    draft = CaseDraft(
        court=court,
        type_code=("知" + kind) if court == "最高法" else kind,
        filing=filing,
        cause=first.cause,
        previous=first,
        technical=first.technical,
        patents=list(first.patents),
        trademarks=list(first.trademarks),
        sealed=first.sealed,
        summary=first.summary,
    )
    plaintiffs = first.role_of(CaseRole.PLAINTIFF)
    defendants = first.role_of(CaseRole.DEFENDANT)
    plaintiff_lost = first.outcome in ("claim_dismissed", "other") or (
        first.outcome == "claim_partly_granted" and rng.random() < 0.4
    )
    appellants, appellees = (
        (plaintiffs, defendants) if plaintiff_lost else (defendants[:1], plaintiffs)
    )
    draft.parties = [(pk, CaseRole.APPELLANT) for pk in appellants]
    draft.parties += [(pk, CaseRole.APPELLEE) for pk in appellees if pk not in appellants]
    closing = filing + DAY * rng.randint(60, 360)
    if closing <= AS_OF:
        draft.closing = closing
        draft.manner = rng.choices(("judgment", "ruling", "withdrawal"), (80, 5, 15))[0]
        draft.outcome = {
            "judgment": rng.choices(("upheld", "reversed"), (80, 20))[0],
            "ruling": "remanded",
            "withdrawal": "withdrawn",
        }[draft.manner]
    return draft
