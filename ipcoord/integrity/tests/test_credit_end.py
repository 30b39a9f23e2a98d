"""The end of a listing: expiry by the sweep (idempotent), early removal after the minimum
period only, and the public list showing listings in force only."""

import pytest
import time_machine

from ipcoord.core.exceptions import ApplicationError
from ipcoord.integrity import selectors, services
from ipcoord.integrity.credit_models import ListingStatus
from ipcoord.integrity.tasks import credit_expire_task
from ipcoord.integrity.tests.credit_helpers import DAY, T0, credit_counts, listed_at

S = ListingStatus


def test_the_sweep_expires_a_listing_once(world):
    listing = listed_at(world)
    end = listing.published_until
    with time_machine.travel(end - DAY, tick=False):
        assert services.listing_expire_sweep() == []
        assert list(selectors.public_listing_list()) == [listing]
    with time_machine.travel(end + DAY, tick=False):
        # Hidden from the public even before the sweep runs.
        assert list(selectors.public_listing_list()) == []
        first = credit_expire_task.enqueue()
        after_first = credit_counts()
        second = credit_expire_task.enqueue()
        assert credit_counts() == after_first
    assert first.return_value == {"expired": [listing.pk]}
    assert second.return_value == {"expired": []}
    listing.refresh_from_db()
    assert listing.status == S.EXPIRED
    assert [s.kind for s in listing.steps.all()][-1] == "expire"


def test_early_removal_only_after_the_minimum_period(world):
    listing = listed_at(world)  # CNIPA: repair after 6 months (practice default)
    start = listing.published_from
    with time_machine.travel(start + 150 * DAY, tick=False):
        before = credit_counts()
        with pytest.raises(ApplicationError) as err:
            services.listing_repair(actor=world.cnipa_officer, listing=listing, reason="已整改")
        assert err.value.code == "repair_too_early" and "6 个月" in err.value.message
        assert credit_counts() == before
    with time_machine.travel(start + 185 * DAY, tick=False):
        done = services.listing_repair(actor=world.cnipa_officer, listing=listing, reason="已整改")
        assert done.status == S.REMOVED_EARLY
        assert list(selectors.public_listing_list()) == []


def test_samr_defaults_three_years_repair_after_one(world):
    listing = listed_at(world, kind="samr")
    assert listing.term_months == 36
    assert listing.published_until.year == listing.published_from.year + 3
    at = listing.published_from + 300 * DAY
    with time_machine.travel(at, tick=False), pytest.raises(ApplicationError):
        services.listing_repair(actor=world.cnipa_officer, listing=listing, reason="整改")


def test_settings_override_the_rules(world, settings):
    settings.CREDIT_LIST_RULES = {"cnipa": {"default_months": 24, "max_months": 24}}
    settings.CREDIT_OBJECTION_DAYS = 5
    with time_machine.travel(T0, tick=False):
        from ipcoord.integrity.tests.credit_helpers import notified

        listing = notified(world)
    assert listing.term_months == 24 and listing.objection_deadline == T0 + 5 * DAY


def test_party_credit_status_says_why_and_until_when(world):
    listing = listed_at(world)
    with time_machine.travel(listing.published_from + DAY, tick=False):
        status = selectors.party_credit_status(party=listing.party)
    assert status.listed
    entry = status.entries[0]
    assert entry["until"] == listing.published_until and "近似" in entry["facts"]
    assert any("优先审查" in m for m in entry["measures"])
