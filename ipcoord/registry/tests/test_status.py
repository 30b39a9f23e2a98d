"""The status rules in registry/status.py, without the database."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as strat

from ipcoord.registry import status as st
from ipcoord.registry.models import EventKind, RightStatus

D = datetime.date
K = st.Kind


def run(right_type: str, *events: st.Event) -> st.RightState:
    return st.derive(right_type, events)


def ev(kind: str, day: int = 1, **kw) -> st.Event:
    return st.Event(kind=kind, date=D(2024, 1, 1) + datetime.timedelta(days=day), **kw)


def test_enums_mirror_the_models():
    assert set(st.Status) == set(RightStatus.values)
    assert set(st.Kind) == set(EventKind.values)


def test_filing_then_grant_then_lapse_then_restoration():
    s = run(st.PATENT, ev(K.FILING, 0))
    assert s.status == st.Status.PENDING
    s = run(st.PATENT, ev(K.FILING, 0), ev(K.GRANT, 5))
    assert s.status == st.Status.VALID and s.grant_date == D(2024, 1, 6)
    s = run(st.PATENT, ev(K.FILING, 0), ev(K.GRANT, 5), ev(K.LAPSE, 9))
    assert s.status == st.Status.LAPSED
    s = run(st.PATENT, ev(K.FILING, 0), ev(K.GRANT, 5), ev(K.LAPSE, 9), ev(K.RESTORATION, 10))
    assert s.status == st.Status.VALID and not s.anomalies


def test_partial_invalidation_keeps_the_right_valid():
    s = run(st.PATENT, ev(K.FILING), ev(K.GRANT, 2), ev(K.INVALIDATION, 3, partial=True))
    assert s.status == st.Status.VALID
    assert s.partially_invalidated


def test_whole_invalidation_is_final():
    s = run(
        st.PATENT,
        ev(K.FILING),
        ev(K.GRANT, 2),
        ev(K.INVALIDATION, 3),
        ev(K.RESTORATION, 4),
        ev(K.GRANT, 5),
    )
    assert s.status == st.Status.INVALIDATED
    assert [code for _, code in s.anomalies] == ["not_lapsed", "already_granted"]


def test_pledges_pair_up_with_their_releases():
    s = run(
        st.PATENT,
        ev(K.FILING),
        ev(K.GRANT, 1),
        ev(K.PLEDGE, 2, key=10, counterparty=7),
        ev(K.PLEDGE, 3, key=11, counterparty=8),
        ev(K.PLEDGE_RELEASE, 4, key=12, pledge=10),
    )
    assert [p.key for p in s.active_pledges] == [11]


@pytest.mark.parametrize(
    ("history", "event", "code"),
    [
        ([K.FILING, K.GRANT, K.LAPSE], K.TRANSFER, "not_transferable"),
        ([K.FILING, K.GRANT, K.EXPIRY], K.PLEDGE, "not_pledgeable"),
        ([K.FILING, K.GRANT, K.INVALIDATION], K.LICENCE, "not_licensable"),
        ([K.FILING, K.GRANT], K.PLEDGE_RELEASE, "no_active_pledge"),
        ([K.FILING, K.GRANT], K.GRANT, "already_granted"),
        ([K.FILING, K.GRANT], K.RESTORATION, "not_lapsed"),
        ([K.FILING], K.INVALIDATION, "not_granted"),
        ([K.FILING], K.PLEDGE, "not_pledgeable"),
        ([K.FILING, K.GRANT], K.WELL_KNOWN, "trademark_only"),
        ([K.FILING, K.GRANT], K.RENEWAL, "trademark_only"),
        ([K.FILING, K.GRANT, K.LAPSE], K.LAPSE, "not_valid"),
        ([K.FILING], K.FILING, "already_filed"),
        ([], K.GRANT, "not_filed"),
        ([K.FILING, K.REJECTION], K.GRANT, "not_pending"),
    ],
)
def test_refusals_for_a_patent(history, event, code):
    state = run(st.PATENT, *(ev(k, i) for i, k in enumerate(history)))
    assert not state.anomalies
    assert st.refusal(state, ev(event, 30)) == code


def test_a_pending_patent_application_can_be_transferred_and_licensed():
    state = run(st.PATENT, ev(K.FILING))
    assert st.refusal(state, ev(K.TRANSFER, 1)) is None
    assert st.refusal(state, ev(K.LICENCE, 1)) is None


def test_events_must_come_in_date_order():
    state = run(st.PATENT, ev(K.FILING, 0), ev(K.GRANT, 10))
    assert st.refusal(state, ev(K.LAPSE, 9)) == "date_out_of_order"
    assert st.refusal(state, ev(K.LAPSE, 10)) is None


def test_trademark_well_known_only_when_registered():
    pending = run(st.TRADEMARK, ev(K.FILING))
    assert st.refusal(pending, ev(K.WELL_KNOWN, 1)) == "not_valid"
    registered = run(st.TRADEMARK, ev(K.FILING), ev(K.GRANT, 1), ev(K.WELL_KNOWN, 2))
    assert registered.well_known


def test_trademark_term_and_renewal():
    filed, registered = D(2010, 1, 5), D(2011, 3, 7)
    s = st.derive(st.TRADEMARK, [st.Event(K.FILING, filed), st.Event(K.GRANT, registered)])
    assert s.expiry_date == D(2021, 3, 6)
    renewed = st.apply(s, st.Event(K.RENEWAL, D(2020, 12, 1)))
    assert renewed.expiry_date == D(2031, 3, 6)
    assert st.refusal(renewed, st.Event(K.RENEWAL, D(2021, 1, 1), expiry_date=D(2030, 1, 1))) == (
        "renewal_not_later"
    )


def test_expired_trademark_renews_within_the_grace_period_only():
    base = [
        st.Event(K.FILING, D(2010, 1, 5)),
        st.Event(K.GRANT, D(2011, 3, 7)),
        st.Event(K.EXPIRY, D(2021, 3, 7)),
    ]
    expired = st.derive(st.TRADEMARK, base)
    assert expired.status == st.Status.EXPIRED
    assert st.refusal(expired, st.Event(K.RENEWAL, D(2021, 9, 6))) is None
    assert st.refusal(expired, st.Event(K.RENEWAL, D(2021, 9, 7))) == "renewal_too_late"
    back = st.apply(expired, st.Event(K.RENEWAL, D(2021, 9, 6)))
    assert back.status == st.Status.VALID


def test_trademark_term_end_handles_29_february():
    assert st.trademark_term_end(D(2024, 2, 29)) == D(2034, 2, 27)


# --- property: random histories against an independent reference machine ---------------

_SAME = "same"
_TABLE: dict[str, dict[str | None, str]] = {
    K.FILING: {None: "pending"},
    K.GRANT: {"pending": "valid"},
    K.REJECTION: {"pending": "rejected"},
    K.ABANDONMENT: {"pending": "abandoned", "valid": "abandoned"},
    K.TRANSFER: {"pending": _SAME, "valid": _SAME},
    K.PLEDGE: {"valid": _SAME},
    K.LAPSE: {"valid": "lapsed"},
    K.EXPIRY: {"valid": "expired"},
    K.RESTORATION: {"lapsed": "valid"},
}


class Reference:
    """A deliberately plain re-statement of the rules, one event at a time."""

    def __init__(self, right_type: str) -> None:
        self.tm = right_type == st.TRADEMARK
        self.status: str | None = None
        self.granted = False
        self.pledges: set[int] = set()
        self.last: D | None = None
        self.expiry: D | None = None

    def step(self, e: st.Event) -> bool:
        if e.kind != K.FILING and self.last is not None and e.date < self.last:
            return False
        new = self._next(e)
        if new is None:
            return False
        if e.kind == K.GRANT:
            self.granted = True
            default = st.trademark_term_end(e.date) if self.tm else None
            self.expiry = e.expiry_date or default
        if e.kind == K.RENEWAL and self.expiry is not None:
            self.expiry = e.expiry_date or st.trademark_term_end(
                self.expiry + datetime.timedelta(days=1)
            )
        if e.kind == K.PLEDGE:
            self.pledges.add(e.key)
        if e.kind == K.PLEDGE_RELEASE:
            self.pledges.discard(e.pledge)
        self.status = self.status if new == _SAME else new
        self.last = max(filter(None, (self.last, e.date)))
        return True

    def _next(self, e: st.Event) -> str | None:
        s, k = self.status, e.kind
        if k == K.FILING:
            return "pending" if s is None else None
        if s is None:
            return None
        if k in _TABLE:
            if k == K.GRANT and self.granted:
                return None
            return _TABLE[k].get(s)
        if k == K.LICENCE:
            return _SAME if s == "valid" or (s == "pending" and not self.tm) else None
        if k == K.PLEDGE_RELEASE:
            return _SAME if e.pledge in self.pledges else None
        if k == K.INVALIDATION:
            if not self.granted or s in ("invalidated", "rejected", "pending"):
                return None
            return _SAME if e.partial else "invalidated"
        if k == K.WELL_KNOWN:
            return _SAME if self.tm and s == "valid" else None
        if k == K.RENEWAL:
            if not self.tm or (e.expiry_date and self.expiry and e.expiry_date <= self.expiry):
                return None
            if s == "valid":
                return _SAME
            if s == "expired" and self.expiry and e.date <= st._add_months(self.expiry, 6):
                return "valid"
        return None


@strat.composite
def histories(draw):
    right_type = draw(strat.sampled_from([st.PATENT, st.TRADEMARK]))
    n = draw(strat.integers(min_value=0, max_value=25))
    day = D(2015, 1, 1)
    events = [st.Event(K.FILING, day, key=0)]
    for key in range(1, n + 1):
        day += datetime.timedelta(days=draw(strat.integers(min_value=-3, max_value=2000)))
        kind = draw(strat.sampled_from(list(st.Kind)))
        events.append(
            st.Event(
                kind,
                day,
                key=key,
                partial=draw(strat.booleans()),
                pledge=draw(strat.integers(min_value=0, max_value=key)),
                expiry_date=draw(
                    strat.one_of(
                        strat.none(), strat.just(day.replace(day=1) + datetime.timedelta(days=4000))
                    )
                ),
            )
        )
    return right_type, events


@settings(max_examples=300, deadline=None)
@given(histories())
def test_derived_state_matches_a_reference_machine(history):
    right_type, events = history
    ref = Reference(right_type)
    state = st.RightState(right_type=right_type)
    accepted: list[st.Event] = []
    invalidated = False
    for e in events:
        allowed = st.refusal(state, e) is None
        assert allowed == ref.step(e), (e, state.status)
        if allowed:
            state = st.apply(state, e)
            accepted.append(e)
        assert state.status == ref.status
        invalidated = invalidated or state.status == st.Status.INVALIDATED
        if invalidated:
            assert state.status != st.Status.VALID
    derived = st.derive(right_type, accepted)
    assert derived.status == state.status
    assert derived.active_pledge_keys == frozenset(ref.pledges)
    assert derived.expiry_date == ref.expiry
    assert not derived.anomalies
    # Derivation over the raw history skips exactly the refused events.
    assert st.derive(right_type, events).status == state.status
