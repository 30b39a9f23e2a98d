"""The law's steps of the dishonesty list: no skipping the notice or the objection period,
late objections refused, objections answered, bad input writes nothing, every step audited."""

import pytest
import time_machine

from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import AuditEvent, Notification
from ipcoord.integrity import services
from ipcoord.integrity.credit_models import CreditStep, ListingStatus
from ipcoord.integrity.tests.credit_helpers import (
    DAY,
    T0,
    credit_counts,
    listed_at,
    notified,
    proposed,
)
from ipcoord.registry.tests.factories import PartyFactory

S = ListingStatus


def test_cannot_decide_before_the_notice(world):
    listing = proposed(world)
    before = credit_counts()
    with pytest.raises(ApplicationError) as err:
        services.listing_decide(actor=world.cnipa_officer, listing=listing, reason="x")
    assert err.value.code == "not_notified"
    assert credit_counts() == before


def test_cannot_decide_inside_the_objection_period(world):
    with time_machine.travel(T0, tick=False):
        listing = notified(world)
    assert listing.objection_deadline == T0 + 15 * DAY
    with time_machine.travel(T0 + 15 * DAY, tick=False):
        with pytest.raises(ApplicationError) as err:
            services.listing_decide(actor=world.cnipa_officer, listing=listing, reason="x")
        assert err.value.code == "objection_period_running"
    with time_machine.travel(T0 + 15 * DAY + DAY, tick=False):
        done = services.listing_decide(actor=world.cnipa_officer, listing=listing, reason="清楚")
    assert done.status == S.LISTED
    assert done.published_from == T0 + 16 * DAY
    assert done.published_until == (T0 + 16 * DAY).replace(year=2026)


def test_a_recorded_waiver_allows_an_early_decision(world):
    with time_machine.travel(T0, tick=False):
        listing = notified(world)
        services.listing_waive(actor=world.cnipa_officer, listing=listing, note="书面放弃")
        done = services.listing_decide(actor=world.cnipa_officer, listing=listing, reason="清楚")
    assert done.status == S.LISTED
    assert [s.kind for s in done.steps.all()] == ["propose", "notify", "waive", "decide"]


def test_an_objection_after_the_deadline_is_refused(world):
    with time_machine.travel(T0, tick=False):
        listing = notified(world)
    with time_machine.travel(T0 + 16 * DAY, tick=False):
        before = credit_counts()
        with pytest.raises(ApplicationError) as err:
            services.listing_object(actor=world.cnipa_officer, listing=listing, text="不服")
        assert err.value.code == "objection_late" and "异议期限" in err.value.message
        assert credit_counts() == before
        # Received in time by post, recorded later: it counts.
        ok = services.listing_object(
            actor=world.cnipa_officer, listing=listing, text="不服", received_at=T0 + 10 * DAY
        )
    assert ok.status == S.OBJECTED


def test_the_decision_must_answer_the_objection(world):
    with time_machine.travel(T0, tick=False):
        listing = notified(world)
        services.listing_object(actor=world.cnipa_officer, listing=listing, text="有使用意图")
        with pytest.raises(ApplicationError) as err:
            services.listing_decide(actor=world.cnipa_officer, listing=listing, reason="x")
        assert err.value.code == "answer_required"
        done = services.listing_decide(
            actor=world.cnipa_officer,
            listing=listing,
            reason="事实清楚",
            answer="所称使用证据为申请日后形成，不予采纳。",
        )
    assert done.status == S.LISTED and "不予采纳" in done.objection_answer


def test_an_accepted_objection_ends_without_listing(world):
    with time_machine.travel(T0, tick=False):
        listing = notified(world)
        services.listing_object(actor=world.cnipa_officer, listing=listing, text="已实际使用")
        done = services.listing_decide(
            actor=world.cnipa_officer,
            listing=listing,
            reason="异议成立",
            answer="采纳",
            list_party=False,
        )
    assert done.status == S.NOT_LISTED and done.published_from is None


@pytest.mark.parametrize(
    ("kw", "code"),
    [
        ({"party_id": 999999}, "unknown_party"),
        ({"term_months": 13}, "term_out_of_range"),
        ({"kind": "samr", "term_months": 48}, "term_out_of_range"),
        ({"facts": "  "}, "required"),
        ({"kind": "nope"}, "unknown_kind"),
        ({"finding_ids": [424242]}, "bad_findings"),
    ],
)
def test_bad_input_gets_a_clear_error_and_writes_nothing(world, kw, code):
    party = PartyFactory(name="某公司")
    before = credit_counts()
    args = {
        "actor": world.cnipa_officer,
        "party_id": party.pk,
        "kind": "cnipa",
        "facts": "事实",
        "legal_basis": "依据",
    } | kw
    with pytest.raises(ApplicationError) as err:
        services.listing_propose(**args)
    assert err.value.code == code
    assert credit_counts() == before
    if code == "term_out_of_range":
        assert "最长期限" in err.value.message and "《" in err.value.message


def test_only_ip_officers_propose_and_only_the_office_acts(world):
    party = PartyFactory(name="某公司")
    before = credit_counts()
    with pytest.raises(PermissionDenied):
        services.listing_propose(
            actor=world.bj_judge, party_id=party.pk, kind="cnipa", facts="x", legal_basis="y"
        )
    listing = proposed(world, party=party)
    with pytest.raises(PermissionDenied):
        services.listing_notify(actor=world.zj_officer, listing=listing, notice_text="x")
    assert credit_counts()["CreditListing"] == before["CreditListing"] + 1


def test_one_live_listing_per_party_and_kind(world):
    listing = proposed(world)
    with pytest.raises(ApplicationError) as err:
        proposed(world, party=listing.party)
    assert err.value.code == "duplicate_listing"
    assert proposed(world, party=listing.party, kind="samr").kind == "samr"


def test_every_step_is_audited_and_recorded(world):
    listing = listed_at(world)
    with time_machine.travel(T0 + 400 * DAY, tick=False):
        services.listing_withdraw(actor=world.cnipa_officer, listing=listing, reason="复议撤销")
    steps = list(CreditStep.objects.filter(listing=listing).values_list("kind", flat=True))
    assert steps == ["propose", "notify", "decide", "withdraw"]
    actions = list(
        AuditEvent.objects.filter(object_id=str(listing.pk), object_type="integrity.creditlisting")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [f"integrity.credit_{s}" for s in steps]
    step = CreditStep.objects.filter(listing=listing).first()
    with pytest.raises(ValueError):
        step.save()
    with pytest.raises(ValueError):
        step.delete()


def test_listing_tells_the_joint_punishment_organisations(world):
    listing = listed_at(world)
    told = set(
        Notification.objects.filter(verb="integrity.credit_listed").values_list(
            "recipient__username", flat=True
        )
    )
    assert {"bj_judge", "hz_clerk", "zj_officer", "hd_judge"} <= told
    assert "outsider" not in told
    assert (
        listing.party.name
        in Notification.objects.filter(verb="integrity.credit_listed")[0].params["party"]
    )


def test_joint_organisations_can_be_configured(world, settings):
    settings.CREDIT_JOINT_ORG_IDS = [world.hz_inter.pk]
    listed_at(world)
    told = set(
        Notification.objects.filter(verb="integrity.credit_listed").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {"hz_clerk"}
