"""Demo patents and trademarks with their owners and legal events, written in chunks.

Patent application numbers are `YYYY` + kind digit + 7-digit serial + `.` + check digit
(`core.identifiers.patent_check_digit`); serials grow per year and kind with random gaps so
they look sampled from a real register. Trademark numbers grow per application year. Each
right's status comes from folding its history (see `timeline.py`).

A share of rights is kept in memory as litigation candidates (`PoolRight`): granted, valid and
quiet after their first year, so the cases phase can sue on them and add invalidation
decisions after their last event.
"""

import datetime
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ipcoord.core.identifiers import patent_check_digit
from ipcoord.demo import texts
from ipcoord.demo.parties import PartyPool, PartyRef
from ipcoord.demo.timeline import AS_OF, DAY, Cand, PartyPicker, patent_history, trademark_history
from ipcoord.registry.models import LegalEvent, Patent, PatentOwner, Trademark
from ipcoord.registry.status import RightState

# (model value, kind digit, weight)
PATENT_KINDS = (
    ("invention", "1", 42),
    ("utility_model", "2", 40),
    ("design", "3", 14),
    ("pct_invention", "8", 3),
    ("pct_utility_model", "9", 1),
)
# Which pool a patent kind is sued under.
CASE_KIND = {"invention": "invention", "pct_invention": "invention", "utility_model": "utility", "pct_utility_model": "utility", "design": "design"}  # fmt: skip
# Filing years a litigation candidate may have: granted long enough ago, term not over.
POOL_YEARS = {"invention": (2010, 2022), "utility": (2017, 2023), "design": (2017, 2023)}
FIRST_YEAR = 2004
YEARS = list(range(FIRST_YEAR, AS_OF.year + 1))
# First registration number of each application year, in hundred thousands (roughly the
# real register's growth: 4 million in 2004, 80 million by 2025).
TRADEMARK_BASE = dict(zip(YEARS, (39, 45, 52, 60, 68, 75, 82, 95, 110, 125, 140, 170, 200, 240, 300, 380, 460, 550, 630, 700, 760, 820, 880), strict=True))  # fmt: skip
YEAR_WEIGHTS = [1.14 ** (y - FIRST_YEAR) * (0.8 if y == AS_OF.year else 1) for y in YEARS]


@dataclass(slots=True)
class PoolRight:
    """A right the cases phase may litigate; it tracks the right's status from then on."""

    pk: int
    kind: str  # "invention", "utility", "design" or "trademark"
    owner: PartyRef
    grant_date: datetime.date
    last_date: datetime.date
    label: str
    invalidated: bool = False
    partially: bool = False


@dataclass(slots=True)
class OppositionPlan:
    trademark_pk: int
    owner: PartyRef
    filed: datetime.date
    decided: datetime.date | None
    outcome: str  # "" while pending, else a ProceedingOutcome value
    label: str


@dataclass
class RightsResult:
    patents: dict[str, list[PoolRight]] = field(default_factory=dict)
    trademarks: list[PoolRight] = field(default_factory=list)
    oppositions: list[OppositionPlan] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)


def _filing_date(rng: random.Random, years: tuple[int, int] | None = None) -> datetime.date:
    if years is None:
        year = rng.choices(YEARS, YEAR_WEIGHTS)[0]
    else:
        year = rng.randint(*years)
    start = datetime.date(year, 1, 1)
    end = min(datetime.date(year, 12, 31), AS_OF - DAY * 30)
    return start + DAY * rng.randrange(max(1, (end - start).days))


class _Serials:
    """Per-(year, kind) serials that only grow, with gaps."""

    def __init__(self, rng: random.Random, start: tuple[int, int], gap: int) -> None:
        self.rng, self.start, self.gap = rng, start, gap
        self.next: dict[tuple[int, str], int] = {}

    def take(self, year: int, kind: str) -> int:
        key = (year, kind)
        if key not in self.next:
            self.next[key] = self.rng.randint(*self.start)
        value = self.next[key]
        self.next[key] = value + self.rng.randint(1, self.gap)
        return value


EventRow = tuple[LegalEvent, int | None, int | None]  # row, its key, the pledge it releases


def _event_rows(
    cands: list[Cand], *, patent: Patent | None = None, trademark: Trademark | None = None
) -> list[EventRow]:
    """LegalEvent rows in history order, with the keys that tie a release to its pledge."""
    rows: list[EventRow] = []
    for c in cands:
        e = c.event
        row = LegalEvent(
            patent=patent,
            trademark=trademark,
            kind=e.kind,
            date=e.date,
            counterparty_id=e.counterparty,
            licence_kind=e.licence_kind,
            partial=e.partial,
            authority=c.authority,
            reference=c.reference,
        )
        rows.append((row, e.key, e.pledge))
    return rows


def _save_events(rights: list[list[EventRow]]) -> int:
    """Insert every right's events in history order, then point releases at their pledges.

    One insert in history order keeps the ids in the order `derive()` reads them.
    """
    flat = [row for right in rights for row, _key, _pledge in right]
    LegalEvent.objects.bulk_create(flat, batch_size=2000)
    releases: list[LegalEvent] = []
    for right in rights:
        by_key = {key: row for row, key, _pledge in right}
        for row, _key, pledge in right:
            if pledge is not None:
                row.pledge_id = by_key[pledge].pk
                releases.append(row)
    if releases:
        LegalEvent.objects.bulk_update(releases, ["pledge"], batch_size=500)
    return len(flat)


def build_patents(
    *,
    count: int,
    seed: int,
    pool_share: float,
    parties: PartyPool,
    owner_org_id: int,
    chunk: int,
    progress: Callable[[str], None],
    result: RightsResult,
) -> None:
    """Create `count` patents with owners and events; keep about `pool_share` as candidates."""
    rng = random.Random(f"{seed}:patents")
    agency_rng = random.Random(f"{seed}:agencies")  # its own stream: the rest stays as it was
    picker = PartyPicker(rng, [p.pk for p in parties.companies], [p.pk for p in parties.finance])
    serials = _Serials(rng, (10_000, 60_000), 40)
    kinds, digits, weights = zip(*PATENT_KINDS, strict=True)
    digit_of = dict(zip(kinds, digits, strict=True))
    for kind in ("invention", "utility", "design"):
        result.patents.setdefault(kind, [])
    done = 0
    while done < count:
        patents: list[Patent] = []
        owners: list[list[PartyRef]] = []
        histories: list[tuple[RightState, list[Cand]]] = []
        pooled: list[bool] = []
        for _ in range(min(chunk, count - done)):
            kind = rng.choices(kinds, weights)[0]
            pool = rng.random() < pool_share
            filing = _filing_date(rng, POOL_YEARS[CASE_KIND[kind]] if pool else None)
            serial = serials.take(filing.year, kind)
            digits12 = f"{filing.year}{digit_of[kind]}{serial:07d}"
            tech = texts.pick_field(rng, kind)
            title = texts.patent_title(rng, kind, tech)
            holders = [parties.owner(rng)]
            while rng.random() < 0.15 and len(holders) < 3:
                extra = parties.owner(rng)
                if extra.pk not in (h.pk for h in holders):
                    holders.append(extra)
            state, kept = patent_history(rng, kind, filing, parties=picker, pool=pool).fold()
            pool = pool and state.grant_date is not None and state.grant_date <= AS_OF - DAY * 500
            patents.append(
                Patent(
                    application_number=f"{digits12}.{patent_check_digit(digits12)}",
                    kind=kind,
                    title=title,
                    abstract=texts.patent_abstract(rng, kind, title),
                    ipc=texts.ipc_string(rng, tech),
                    filing_date=filing,
                    grant_date=state.grant_date,
                    status=str(state.status),
                    partially_invalidated=state.partially_invalidated,
                    owner_org_id=owner_org_id,
                    agency=texts.agency(agency_rng),
                )
            )
            if state.current_assignee is not None:
                holders = [parties.by_pk[state.current_assignee]]
            owners.append(holders)
            histories.append((state, kept))
            pooled.append(pool)
        Patent.objects.bulk_create(patents, batch_size=2000)
        PatentOwner.objects.bulk_create(
            [
                PatentOwner(patent_id=p.pk, party_id=h.pk, position=i)
                for p, hs in zip(patents, owners, strict=True)
                for i, h in enumerate(hs)
            ],
            batch_size=2000,
        )
        rows = [
            _event_rows(kept, patent=p) for p, (_s, kept) in zip(patents, histories, strict=True)
        ]
        result.counts["events"] += _save_events(rows)
        for p, hs, (state, kept), pool in zip(patents, owners, histories, pooled, strict=True):
            result.counts["patents"] += 1
            if pool:
                result.patents[CASE_KIND[p.kind]].append(
                    PoolRight(
                        p.pk,
                        CASE_KIND[p.kind],
                        hs[0],
                        state.grant_date,
                        kept[-1].event.date,
                        f"ZL{p.application_number}",
                    )
                )
        done += len(patents)
        progress(f"  patents: {done}/{count}")


def build_trademarks(
    *,
    count: int,
    seed: int,
    pool_share: float,
    parties: PartyPool,
    owner_org_id: int,
    chunk: int,
    progress: Callable[[str], None],
    result: RightsResult,
) -> None:
    """Create `count` trademarks with events; plan oppositions; keep candidates for suits."""
    rng = random.Random(f"{seed}:trademarks")
    picker = PartyPicker(rng, [p.pk for p in parties.companies], [p.pk for p in parties.finance])
    serials = _Serials(rng, (100, 5_000), 30)
    famous: list[str] = []
    done = 0
    while done < count:
        marks: list[Trademark] = []
        meta: list[tuple[PartyRef, RightState, list[Cand], bool, tuple | None]] = []
        for _ in range(min(chunk, count - done)):
            pool = rng.random() < pool_share
            applied = _filing_date(rng, (2017, 2023) if pool else None)
            owner = parties.owner(rng)
            text = texts.mark_text(rng, owner.brand)
            if famous and rng.random() < 0.02:
                text = texts.near_copy(rng, rng.choice(famous))
                owner = rng.choice(parties.people) if parties.people else owner
            elif len(famous) < 200 and owner.brand:
                famous.append(text)
            opposition = None
            if (
                not pool
                and AS_OF - DAY * 1500 < applied < AS_OF - DAY * 300
                and rng.random() < 0.03
            ):
                filed = applied + DAY * rng.randint(270, 360)
                decided = filed + DAY * rng.randint(300, 540)
                outcome = rng.choices(("opposition_upheld", "opposition_rejected"), (35, 65))[0]
                opposition = (filed, decided if decided <= AS_OF else None, outcome)
            history = trademark_history(
                rng,
                applied,
                parties=picker,
                pool=pool,
                opposition=(opposition[1], opposition[2]) if opposition and opposition[1] else None,
            )
            if opposition and opposition[1] is None:
                history.cands = history.cands[:1]  # pending while the opposition is examined
            state, kept = history.fold()
            pool = pool and state.grant_date is not None and state.grant_date <= AS_OF - DAY * 500
            if state.current_assignee is not None:
                owner = parties.by_pk[state.current_assignee]
            classes = texts.nice_classes(rng)
            marks.append(
                Trademark(
                    number=str(
                        TRADEMARK_BASE[applied.year] * 100_000 + serials.take(applied.year, "tm")
                    ),
                    mark_text=text,
                    nice_classes="," + ",".join(map(str, classes)) + ",",
                    goods_services=texts.goods_for(rng, classes),
                    owner_id=owner.pk,
                    application_date=applied,
                    registration_date=state.grant_date,
                    expiry_date=state.expiry_date,
                    status=str(state.status),
                    well_known=state.well_known,
                    partially_invalidated=state.partially_invalidated,
                    owner_org_id=owner_org_id,
                )
            )
            meta.append((owner, state, kept, pool, opposition))
        Trademark.objects.bulk_create(marks, batch_size=2000)
        rows = [_event_rows(m[2], trademark=tm) for tm, m in zip(marks, meta, strict=True)]
        result.counts["events"] += _save_events(rows)
        for tm, (owner, state, kept, pool, opposition) in zip(marks, meta, strict=True):
            result.counts["trademarks"] += 1
            label = f"第{tm.number}号“{tm.mark_text}”商标"
            if pool:
                result.trademarks.append(
                    PoolRight(
                        tm.pk, "trademark", owner, state.grant_date, kept[-1].event.date, label
                    )
                )
            if opposition:
                filed, decided, outcome = opposition
                result.oppositions.append(
                    OppositionPlan(tm.pk, owner, filed, decided, outcome if decided else "", label)
                )
        done += len(marks)
        progress(f"  trademarks: {done}/{count}")
