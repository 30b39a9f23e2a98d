"""Helpers for the dishonesty-list tests: a listing at each step, through the services."""

import datetime

import time_machine

from ipcoord.core.models import AuditEvent, Notification
from ipcoord.integrity import services
from ipcoord.integrity.credit_models import CreditListing, CreditStep
from ipcoord.registry.tests.factories import PartyFactory

T0 = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)


def credit_counts() -> dict[str, int]:
    models = (CreditListing, CreditStep, AuditEvent, Notification)
    return {m.__name__: m.objects.count() for m in models}


def proposed(world, party=None, kind="cnipa", **kw) -> CreditListing:
    party = party or PartyFactory(name="抢注商贸有限公司", uscc="91330100MA2XXXXX1B")
    return services.listing_propose(
        actor=world.cnipa_officer,
        party_id=party.pk,
        kind=kind,
        facts=kw.pop("facts", "一年内申请 300 件与他人知名商标近似的商标，无使用意图。"),
        legal_basis=kw.pop("legal_basis", "《知识产权信用管理规定》；商标法第四条"),
        **kw,
    )


def notified(world, **kw) -> CreditListing:
    listing = proposed(world, **kw)
    return services.listing_notify(
        actor=world.cnipa_officer, listing=listing, notice_text="拟列入告知书，15日内可提出异议。"
    )


def listed_at(world, at: datetime.datetime = T0, **kw) -> CreditListing:
    """A listing decided at `at` + 16 days (after the default 15-day objection period)."""
    with time_machine.travel(at, tick=False):
        listing = notified(world, **kw)
    with time_machine.travel(at + 16 * DAY, tick=False):
        return services.listing_decide(
            actor=world.cnipa_officer, listing=listing, reason="事实清楚"
        )
