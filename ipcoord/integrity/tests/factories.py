"""Helpers for integrity tests: a small register, screenings through the services, counts."""

import pytest

from ipcoord.core.models import AuditEvent, Notification
from ipcoord.integrity import services
from ipcoord.integrity.models import Finding, ScreeningRun
from ipcoord.integrity.services import index_cache
from ipcoord.registry.tests.factories import (  # noqa: F401  (re-exported for the tests)
    PartyFactory,
    TrademarkFactory,
    registered_trademark,
)


@pytest.fixture(autouse=True)
def _index_in_tmp(settings, tmp_path):
    """Each test builds its register index under its own VAR_DIR."""
    settings.VAR_DIR = tmp_path
    index_cache._memo.clear()
    yield
    index_cache._memo.clear()


def counts() -> dict[str, int]:
    """Rows of the integrity tables, the audit trail and notifications."""
    models = (Finding, ScreeningRun, AuditEvent, Notification)
    return {m.__name__: m.objects.count() for m in models}


def kangshifu():
    """康师傅, registered in class 30 by its owner."""
    owner = PartyFactory(name="顶益（开曼岛）控股有限公司")
    return registered_trademark(mark_text="康师傅", nice_classes="30", owner=owner)


def lead(world, text="康帅傅", classes=(30,), applicant=None, actor=None) -> Finding:
    """Screen `text` as the CNIPA officer with record=True and return the register lead."""
    run = services.mark_screen(
        actor=actor or world.cnipa_officer,
        text=text,
        classes=list(classes),
        applicant=applicant,
        record=True,
    )
    return next(f for f in run.recorded if f.kind == "trademark_similarity")
