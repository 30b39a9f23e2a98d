"""A right's legal status, derived from its events. Plain Python, no Django import.

The register never stores a status someone typed: the event services append a `LegalEvent`
and write back what `derive()` says. `refusal()` is the one transition table; services call
it before they write, `derive()` calls it while it folds, so a history that was imported
with a broken step cannot make a right look better than its allowed events say.

Rules (专利法, 商标法 and CNIPA recording practice):

- filing → pending; grant → valid (once); rejection (驳回, also an upheld trademark
  opposition) → rejected; abandonment → abandoned.
- lapse (终止, unpaid annual fee) → lapsed; restoration (恢复, 专利法实施细则 art. 6) → valid,
  and only from lapsed.
- invalidation: whole → invalidated, final; partial → status unchanged, the right is marked
  partially invalidated. A right that lapsed, expired or was abandoned after grant can still
  be declared invalid (the decision works back to the grant), a pending application cannot.
- expiry → expired. Trademark renewal (续展) moves the expiry date; it is accepted while the
  mark is valid, or within the six-month grace period after expiry (宽展期, 商标法 art. 40),
  which brings an expired mark back to valid.
- transfer (转让): valid rights and pending applications. Pledge (质押): valid rights only.
  Licence (许可备案): valid rights, and pending patent applications. Pledge release needs the
  active pledge it releases, whatever the status (a lapsed patent's pledge can be cleared).
- well-known recognition (驰名商标认定): trademarks only, registered and valid ones.
- events are recorded in date order: one dated before the right's latest event is refused,
  because a back-dated step would silently rewrite the derived history.

Caveat: status strings and event kinds mirror `RightStatus` and `EventKind` in models.py
(a test keeps them equal); this module does not know owners, only who the last transfer went to.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum

__all__ = [
    "PATENT",
    "TRADEMARK",
    "Event",
    "Kind",
    "RightState",
    "Status",
    "apply",
    "derive",
    "refusal",
    "trademark_term_end",
]

PATENT = "patent"
TRADEMARK = "trademark"
TRADEMARK_GRACE_MONTHS = 6
TRADEMARK_TERM_YEARS = 10


class Status(StrEnum):
    PENDING = "pending"
    VALID = "valid"
    LAPSED = "lapsed"
    INVALIDATED = "invalidated"
    EXPIRED = "expired"
    ABANDONED = "abandoned"
    REJECTED = "rejected"


class Kind(StrEnum):
    FILING = "filing"
    GRANT = "grant"
    TRANSFER = "transfer"
    PLEDGE = "pledge"
    PLEDGE_RELEASE = "pledge_release"
    LICENCE = "licence"
    INVALIDATION = "invalidation"
    LAPSE = "lapse"
    RESTORATION = "restoration"
    EXPIRY = "expiry"
    RENEWAL = "renewal"
    WELL_KNOWN = "well_known"
    ABANDONMENT = "abandonment"
    REJECTION = "rejection"


@dataclass(frozen=True, slots=True)
class Event:
    """One event as the state machine sees it.

    `key` identifies the event (the LegalEvent's pk); a pledge release names the pledge it
    releases in `pledge`. `expiry_date` is the new term end on a grant or renewal.
    """

    kind: str
    date: datetime.date
    key: int | None = None
    partial: bool = False
    pledge: int | None = None
    counterparty: int | None = None
    licence_kind: str = ""
    expiry_date: datetime.date | None = None


@dataclass(frozen=True, slots=True)
class RightState:
    right_type: str
    status: Status | None = None  # None: nothing filed yet
    partially_invalidated: bool = False
    grant_date: datetime.date | None = None
    expiry_date: datetime.date | None = None
    well_known: bool = False
    last_date: datetime.date | None = None
    active_pledges: tuple[Event, ...] = ()
    licences: tuple[Event, ...] = ()
    transfers: tuple[Event, ...] = ()
    # (position in the input, refusal code) of events derive() skipped
    anomalies: tuple[tuple[int, str], ...] = field(default=())

    @property
    def granted(self) -> bool:
        return self.grant_date is not None

    @property
    def current_assignee(self) -> int | None:
        """The party the last recorded transfer went to, if any."""
        return self.transfers[-1].counterparty if self.transfers else None

    @property
    def active_pledge_keys(self) -> frozenset[int | None]:
        return frozenset(p.key for p in self.active_pledges)


_TRANSFERABLE = {Status.PENDING, Status.VALID}
_INVALIDATABLE = {Status.VALID, Status.LAPSED, Status.EXPIRED, Status.ABANDONED}
_ABANDONABLE = {Status.PENDING, Status.VALID}


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def trademark_term_end(start: datetime.date) -> datetime.date:
    """Last day of a ten-year trademark term that starts on `start` (商标法 art. 39/40)."""
    return _add_months(start, 12 * TRADEMARK_TERM_YEARS) - datetime.timedelta(days=1)


def refusal(state: RightState, event: Event) -> str | None:
    """Why `event` cannot follow `state`, as a stable code; None when it is allowed.

    Codes: already_filed, not_filed, date_out_of_order, already_granted, not_pending,
    not_transferable, not_pledgeable, not_licensable, no_active_pledge, not_granted,
    already_invalidated, not_invalidatable, not_valid, not_lapsed, trademark_only,
    renewal_too_late, renewal_not_later, not_abandonable, unknown_kind.
    """
    kind, status = event.kind, state.status
    if kind == Kind.FILING:
        return "already_filed" if status is not None else None
    if status is None:
        return "not_filed"
    if state.last_date is not None and event.date < state.last_date:
        return "date_out_of_order"
    is_tm = state.right_type == TRADEMARK
    match kind:
        case Kind.GRANT:
            if state.granted:
                return "already_granted"
            return None if status == Status.PENDING else "not_pending"
        case Kind.REJECTION:
            return None if status == Status.PENDING else "not_pending"
        case Kind.ABANDONMENT:
            return None if status in _ABANDONABLE else "not_abandonable"
        case Kind.TRANSFER:
            return None if status in _TRANSFERABLE else "not_transferable"
        case Kind.PLEDGE:
            return None if status == Status.VALID else "not_pledgeable"
        case Kind.LICENCE:
            if status == Status.VALID or (status == Status.PENDING and not is_tm):
                return None
            return "not_licensable"
        case Kind.PLEDGE_RELEASE:
            return None if event.pledge in state.active_pledge_keys else "no_active_pledge"
        case Kind.INVALIDATION:
            if status == Status.INVALIDATED:
                return "already_invalidated"
            if not state.granted:
                return "not_granted"
            return None if status in _INVALIDATABLE else "not_invalidatable"
        case Kind.LAPSE | Kind.EXPIRY:
            return None if status == Status.VALID else "not_valid"
        case Kind.RESTORATION:
            return None if status == Status.LAPSED else "not_lapsed"
        case Kind.RENEWAL:
            if not is_tm:
                return "trademark_only"
            new, current = event.expiry_date, state.expiry_date
            if new is not None and current is not None and new <= current:
                return "renewal_not_later"
            if status == Status.VALID:
                return None
            if status == Status.EXPIRED and state.expiry_date is not None:
                grace_end = _add_months(state.expiry_date, TRADEMARK_GRACE_MONTHS)
                return None if event.date <= grace_end else "renewal_too_late"
            return "not_valid"
        case Kind.WELL_KNOWN:
            if not is_tm:
                return "trademark_only"
            return None if status == Status.VALID else "not_valid"
    return "unknown_kind"


def apply(state: RightState, event: Event) -> RightState:
    """The state after `event`. Does not check: call `refusal()` first."""
    s = replace(state, last_date=max(filter(None, (state.last_date, event.date))))
    match event.kind:
        case Kind.FILING:
            return replace(s, status=Status.PENDING)
        case Kind.GRANT:
            expiry = event.expiry_date
            if expiry is None and s.right_type == TRADEMARK:
                expiry = trademark_term_end(event.date)
            return replace(s, status=Status.VALID, grant_date=event.date, expiry_date=expiry)
        case Kind.REJECTION:
            return replace(s, status=Status.REJECTED)
        case Kind.ABANDONMENT:
            return replace(s, status=Status.ABANDONED)
        case Kind.TRANSFER:
            return replace(s, transfers=(*s.transfers, event))
        case Kind.PLEDGE:
            return replace(s, active_pledges=(*s.active_pledges, event))
        case Kind.PLEDGE_RELEASE:
            kept = tuple(p for p in s.active_pledges if p.key != event.pledge)
            return replace(s, active_pledges=kept)
        case Kind.LICENCE:
            return replace(s, licences=(*s.licences, event))
        case Kind.INVALIDATION:
            if event.partial:
                return replace(s, partially_invalidated=True)
            return replace(s, status=Status.INVALIDATED)
        case Kind.LAPSE:
            return replace(s, status=Status.LAPSED)
        case Kind.RESTORATION:
            return replace(s, status=Status.VALID)
        case Kind.EXPIRY:
            return replace(s, status=Status.EXPIRED)
        case Kind.RENEWAL:
            expiry = event.expiry_date
            if expiry is None and s.expiry_date is not None:
                expiry = trademark_term_end(s.expiry_date + datetime.timedelta(days=1))
            return replace(s, status=Status.VALID, expiry_date=expiry)
        case Kind.WELL_KNOWN:
            return replace(s, well_known=True)
    return s


def derive(right_type: str, events: Iterable[Event]) -> RightState:
    """Fold `events` (in recorded order) into the right's state.

    An event `refusal()` rejects is skipped and listed in `anomalies`; that only happens for
    histories written around the services (imports, hand-edited rows).
    """
    state = RightState(right_type=right_type)
    anomalies: list[tuple[int, str]] = []
    for i, event in enumerate(events):
        code = refusal(state, event)
        if code is not None:
            anomalies.append((i, code))
            continue
        state = apply(state, event)
    return replace(state, anomalies=tuple(anomalies))
