"""The register obeys: a frozen right refuses suspended procedures and tells the court."""

import datetime

import pytest

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import Notification
from ipcoord.preservation import selectors, services
from ipcoord.preservation.guard import attempts_flush, attempts_pending
from ipcoord.preservation.tests.factories import (
    PartyFactory,
    counts,
    freeze,
    granted_patent,
    registered_trademark,
)
from ipcoord.registry import services as registry
from ipcoord.registry.models import Patent, PatentOwner, RightStatus
from ipcoord.registry.tests.factories import PatentFactory
from ipcoord.registry.tests.factories import row_counts as registry_counts

D = datetime.date


@pytest.fixture(autouse=True)
def _no_leftover_attempts(db):
    attempts_flush()
    yield
    attempts_flush()


def test_a_transfer_of_a_frozen_patent_is_refused_naming_order_and_court(world):
    patent = granted_patent()
    order = freeze(world, world.bj_clerk, [patent])
    assignee = PartyFactory()
    before, registry_before = counts(), registry_counts()
    with pytest.raises(ApplicationError) as exc:
        registry.right_transfer(
            actor=world.cnipa_officer,
            right=patent,
            date=D(2024, 8, 1),
            assignee=assignee,
        )
    err = exc.value
    assert err.code == "right_frozen" and err.status == 409
    assert "北京知识产权法院" in err.message and order.notice_number in err.message
    assert err.extra["order"] == order.pk
    assert counts() == before
    assert registry_counts()["LegalEvent"] == registry_before["LegalEvent"]
    assert attempts_pending() == 1
    assert attempts_flush() == 1
    note = Notification.objects.get(verb="freeze.attempt_refused", recipient=world.bj_clerk)
    assert note.params["event"] == "转让"


@pytest.mark.parametrize("kind", ["pledge", "abandonment"])
def test_pledge_and_abandonment_are_refused(world, kind):
    patent = granted_patent()
    freeze(world, world.hz_clerk, [patent])
    with pytest.raises(ApplicationError) as exc:
        if kind == "pledge":
            registry.pledge_record(
                actor=None, right=patent, date=D(2024, 8, 1), pledgee=PartyFactory()
            )
        else:
            registry.abandonment_record(actor=None, right=patent, date=D(2024, 8, 1))
    assert exc.value.code == "right_frozen" and "杭州市中级人民法院" in exc.value.message


def test_a_frozen_trademark_cannot_be_transferred(world):
    mark = registered_trademark()
    freeze(world, world.bj_clerk, [mark], months=12)
    with pytest.raises(ApplicationError):
        registry.right_transfer(actor=None, right=mark, date=D(2024, 8, 1), assignee=PartyFactory())


def test_a_frozen_application_is_not_granted(world):
    application = PatentFactory()
    freeze(world, world.bj_clerk, [application])
    with pytest.raises(ApplicationError) as exc:
        registry.right_grant(actor=None, right=application, date=D(2024, 8, 1))
    assert exc.value.code == "right_frozen"


def test_a_licence_is_still_recorded(world):
    patent = granted_patent()
    freeze(world, world.bj_clerk, [patent])
    registry.licence_record(
        actor=None,
        right=patent,
        date=D(2024, 8, 1),
        licensee=PartyFactory(),
        licence_kind="exclusive",
    )


def test_after_release_the_transfer_goes_through(world):
    patent = granted_patent()
    order = freeze(world, world.bj_clerk, [patent])
    services.freeze_release(actor=world.bj_clerk, order=order, ruling_number="r", notice_number="n")
    assignee = PartyFactory()
    registry.right_transfer(actor=None, right=patent, date=D(2024, 8, 1), assignee=assignee)
    assert list(PatentOwner.objects.filter(patent=patent).values_list("party", flat=True)) == [
        assignee.pk
    ]


def test_a_lapse_is_recorded_and_every_freezing_court_told(
    world, django_capture_on_commit_callbacks
):
    patent = granted_patent()
    freeze(world, world.bj_clerk, [patent])
    freeze(world, world.hz_clerk, [patent])
    with django_capture_on_commit_callbacks(execute=True):
        registry.lapse_record(actor=None, right=patent, date=D(2024, 9, 1))
    assert Patent.objects.get(pk=patent.pk).status == RightStatus.LAPSED
    told = set(
        Notification.objects.filter(verb="freeze.right_lost").values_list("recipient", flat=True)
    )
    assert {world.bj_clerk.pk, world.hz_clerk.pk} <= told


def test_existing_pledges_are_shown_with_priority(world):
    patent = granted_patent()
    pledgee = PartyFactory()
    registry.pledge_record(actor=None, right=patent, date=D(2024, 7, 1), pledgee=pledgee)
    freeze(world, world.bj_clerk, [patent])
    state = selectors.right_state(patent)
    assert [p.counterparty for p in state.pledges] == [pledgee]
    assert state.frozen


def test_refused_attempts_are_told_when_the_request_ends(world, client):
    from django.core.signals import request_finished
    from django.db import close_old_connections

    patent = granted_patent()
    freeze(world, world.bj_clerk, [patent])
    with pytest.raises(ApplicationError):
        registry.abandonment_record(actor=None, right=patent, date=D(2024, 8, 1))
    # As Django's test client does: keep the test's connection open through the signal.
    request_finished.disconnect(close_old_connections)
    try:
        request_finished.send(sender=None)
    finally:
        request_finished.connect(close_old_connections)
    assert Notification.objects.filter(verb="freeze.attempt_refused").exists()
