"""Legal histories of demo rights, folded through the register's own state machine.

Candidate events are drawn at random, sorted by date and folded with
`registry.status.refusal`/`apply`: an event the rules refuse (a transfer after a lapse, an
expiry after an invalidation) is dropped, so the stored history and the stored status always
agree with `registry.status.derive`. No Django import.
"""

import datetime
import random
from dataclasses import dataclass

from ipcoord.registry.status import (
    PATENT,
    Event,
    Kind,
    RightState,
    apply,
    refusal,
    trademark_term_end,
)

AS_OF = datetime.date(2026, 10, 31)  # the demo's "today": fixed, so a seed gives one world
DAY = datetime.timedelta(days=1)
LICENCE_KINDS = (("exclusive", 2), ("sole", 2), ("ordinary", 6))

TERM_YEARS = {"invention": 20, "pct_invention": 20, "utility_model": 10, "pct_utility_model": 10}
GRANT_DAYS = {
    "invention": (420, 1300),
    "pct_invention": (600, 1500),
    "utility_model": (150, 420),
    "pct_utility_model": (300, 600),
    "design": (90, 300),
}
LAPSE_RATE = {"invention": 0.22, "pct_invention": 0.2, "utility_model": 0.5, "pct_utility_model": 0.4, "design": 0.5}  # fmt: skip
DESIGN_15_YEARS = datetime.date(2021, 6, 1)  # 专利法 2020 amendment: design term 15 years


@dataclass(slots=True)
class Cand:
    """A candidate event with what the LegalEvent row needs beyond the state machine."""

    event: Event
    authority: str = ""
    reference: str = ""


class History:
    """Collects candidate events for one right; `fold()` keeps the ones the rules allow."""

    def __init__(self, right_type: str) -> None:
        self.right_type = right_type
        self.cands: list[Cand] = []

    def add(self, kind: str, date: datetime.date, **kw: object) -> int:
        key = len(self.cands)
        authority = str(kw.pop("authority", ""))
        reference = str(kw.pop("reference", ""))
        self.cands.append(Cand(Event(kind, date, key=key, **kw), authority, reference))  # type: ignore[arg-type]
        return key

    def fold(self, *, until: datetime.date = AS_OF) -> tuple[RightState, list[Cand]]:
        cands = sorted(
            (c for c in self.cands if c.event.date <= until),
            key=lambda c: (c.event.date, c.event.key),
        )
        state = RightState(right_type=self.right_type)
        kept: list[Cand] = []
        for cand in cands:
            if refusal(state, cand.event) is None:
                state = apply(state, cand.event)
                kept.append(cand)
        return state, kept


class PartyPicker:
    """Counterparties for histories (party pks), drawn from the party pool's rng."""

    def __init__(self, rng: random.Random, companies: list[int], finance: list[int]) -> None:
        self.rng = rng
        self.companies = companies
        self.finance_ids = finance

    def company(self) -> int:
        return self.rng.choice(self.companies)

    def finance(self) -> int:
        return self.rng.choice(self.finance_ids)


def add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    if end <= start:
        return start
    return start + DAY * rng.randrange((end - start).days + 1)


def patent_term_end(kind: str, filing: datetime.date) -> datetime.date:
    if kind == "design":
        years = 15 if filing >= DESIGN_15_YEARS else 10
    else:
        years = TERM_YEARS[kind]
    return add_years(filing, years) - DAY


def patent_history(
    rng: random.Random,
    kind: str,
    filing: datetime.date,
    *,
    parties: PartyPicker,
    pool: bool,
) -> History:
    """A patent's candidate events. `pool` rights (kept for litigation) stay valid and quiet
    after their first year, so the cases phase can add invalidations after their last event."""
    h = History(PATENT)
    h.add(Kind.FILING, filing)
    low, high = GRANT_DAYS[kind]
    grant = filing + DAY * rng.randint(low, high)
    if not pool and kind in ("invention", "pct_invention") and rng.random() < 0.12:
        h.add(Kind.REJECTION, grant)
        return h
    h.add(Kind.GRANT, grant)
    end = patent_term_end(kind, filing)
    horizon = min(end, AS_OF, grant + DAY * 365) if pool else min(end, AS_OF)
    if rng.random() < 0.10:
        h.add(Kind.TRANSFER, between(rng, filing, horizon), counterparty=parties.company())
    if rng.random() < 0.07:
        licence = rng.choices(*zip(*LICENCE_KINDS, strict=True))[0]
        h.add(
            Kind.LICENCE,
            between(rng, grant, horizon),
            counterparty=parties.company(),
            licence_kind=licence,
        )
    if rng.random() < 0.05:
        pledged = between(rng, grant, horizon)
        key = h.add(Kind.PLEDGE, pledged, counterparty=parties.finance())
        if not pool and rng.random() < 0.6:
            h.add(Kind.PLEDGE_RELEASE, pledged + DAY * rng.randint(300, 1100), pledge=key)
    if pool:
        return h
    if rng.random() < LAPSE_RATE[kind]:
        lapse = between(rng, grant + DAY * 200, end - DAY)
        h.add(Kind.LAPSE, lapse)
        if rng.random() < 0.04:
            h.add(Kind.RESTORATION, lapse + DAY * rng.randint(20, 60))
    h.add(Kind.EXPIRY, end)
    return h


def trademark_history(
    rng: random.Random,
    applied: datetime.date,
    *,
    parties: PartyPicker,
    pool: bool,
    opposition: tuple[datetime.date, str] | None = None,
) -> History:
    """A trademark's candidate events: registration about a year after filing (or the
    opposition's outcome), renewals or expiry every ten years, transfers, licences, pledges."""
    h = History("trademark")
    h.add(Kind.FILING, applied)
    if opposition is not None:
        decided, outcome = opposition
        if outcome == "opposition_upheld":
            h.add(Kind.REJECTION, decided)
            return h
        registered = decided
    else:
        registered = applied + DAY * rng.randint(270, 450)
        if not pool and rng.random() < 0.06:
            h.add(Kind.REJECTION, registered)
            return h
    h.add(Kind.GRANT, registered)
    term_end = trademark_term_end(registered)
    while term_end < AS_OF and not pool:
        if rng.random() < 0.7:
            h.add(Kind.RENEWAL, term_end - DAY * rng.randint(0, 300))
        else:
            h.add(Kind.EXPIRY, term_end + DAY)
            if rng.random() < 0.1:
                h.add(Kind.RENEWAL, term_end + DAY * rng.randint(20, 150))
            else:
                break
        term_end = trademark_term_end(term_end + DAY)
    horizon = min(term_end, AS_OF, registered + DAY * 365) if pool else min(term_end, AS_OF)
    if rng.random() < 0.06:
        h.add(Kind.TRANSFER, between(rng, registered, horizon), counterparty=parties.company())
    if rng.random() < 0.06:
        licence = rng.choices(*zip(*LICENCE_KINDS, strict=True))[0]
        h.add(
            Kind.LICENCE,
            between(rng, registered, horizon),
            counterparty=parties.company(),
            licence_kind=licence,
        )
    if rng.random() < 0.02:
        pledged = between(rng, registered, horizon)
        key = h.add(Kind.PLEDGE, pledged, counterparty=parties.finance())
        if not pool and rng.random() < 0.5:
            h.add(Kind.PLEDGE_RELEASE, pledged + DAY * rng.randint(180, 900), pledge=key)
    if not pool and rng.random() < 0.004:
        day = between(rng, registered + DAY * 365, horizon)
        h.add(
            Kind.WELL_KNOWN,
            day,
            authority="国家知识产权局",
            reference=f"商标驰字〔{day.year}〕第{rng.randint(1, 99):02d}号",
        )
    return h
