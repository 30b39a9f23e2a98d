"""Hypothesis stateful test of the freeze state machine on a few rights and courts.

Register, queue, renew, release, and let time pass (sweep) in any order; after every step:
at most one active item per right, the queue follows registration order, and no right has a
queued freeze without an active one.
"""

import datetime

import pytest
import time_machine
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from ipcoord.core.exceptions import ApplicationError
from ipcoord.preservation import services
from ipcoord.preservation.models import FreezeItem, ItemStatus
from ipcoord.preservation.tests.factories import granted_patent, preservation_case, submit

START = datetime.datetime(2025, 1, 10, 2, 0, tzinfo=datetime.UTC)


def make_machine(world):
    courts = [(world.bj_clerk, "京73"), (world.hz_clerk, "浙01")]

    class FreezeMachine(RuleBasedStateMachine):
        def __init__(self):
            super().__init__()
            self.now = START
            self.rights = [granted_patent() for _ in range(2)]
            self.orders = []
            self.registration_log: dict[int, list[int]] = {r.pk: [] for r in self.rights}

        def _at(self):
            return time_machine.travel(self.now, tick=False)

        @rule(
            court=st.integers(0, 1),
            which=st.sampled_from(["a", "b", "ab"]),
            months=st.integers(1, 6),
        )
        def submit_and_register(self, court, which, months):
            actor, code = courts[court]
            rights = [self.rights[i] for i, c in enumerate("ab") if c in which]
            with self._at():
                order = submit(actor, rights, case=preservation_case(code), months=months)
                services.freeze_order_register(actor=world.cnipa_officer, order=order)
            self.orders.append((order, actor))
            for item in order.items.all():
                self.registration_log[item.patent_id].append(item.pk)

        @precondition(lambda self: self.orders)
        @rule(data=st.data(), months=st.integers(1, 6))
        def renew(self, data, months):
            order, actor = data.draw(st.sampled_from(self.orders))
            with self._at():
                try:
                    services.freeze_renew(
                        actor=actor,
                        order=order,
                        ruling_number="r",
                        notice_number="n",
                        months=months,
                    )
                except ApplicationError as exc:
                    assert exc.code in {"renewal_after_expiry", "nothing_to_renew"}

        @precondition(lambda self: self.orders)
        @rule(data=st.data(), partial=st.booleans())
        def release(self, data, partial):
            order, actor = data.draw(st.sampled_from(self.orders))
            rights = [order.items.first().patent] if partial else None
            with self._at():
                try:
                    services.freeze_release(
                        actor=actor,
                        order=order,
                        ruling_number="r",
                        notice_number="n",
                        rights=rights,
                    )
                except ApplicationError as exc:
                    assert exc.code == "nothing_to_release"

        @rule(days=st.sampled_from([1, 7, 30, 90, 200]))
        def time_passes(self, days):
            self.now += datetime.timedelta(days=days)
            services.freeze_sweep(now=self.now)

        @invariant()
        def at_most_one_active_and_queue_in_registration_order(self):
            for right in self.rights:
                items = list(FreezeItem.objects.filter(patent=right).order_by("seq"))
                active = [i for i in items if i.status == ItemStatus.ACTIVE]
                queued = [i for i in items if i.status == ItemStatus.QUEUED]
                assert len(active) <= 1
                assert not queued or active, "queued freeze without an active one"
                assert [i.pk for i in items] == self.registration_log[right.pk]
                assert [i.seq for i in items] == list(range(1, len(items) + 1))
                if active:
                    # The active one is the earliest-registered still alive.
                    assert all(q.seq > active[0].seq for q in queued)
                    assert active[0].ends_on >= active[0].starts_on

    return FreezeMachine


@pytest.mark.slow
def test_the_freeze_state_machine(world):
    run_state_machine_as_test(
        make_machine(world),
        settings=settings(
            max_examples=25,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
