"""Helpers for preservation tests: cases of the world's courts, orders through the services."""

import itertools
from typing import Any

from ipcoord.cases.models import Case, Cause
from ipcoord.cases.tests.factories import CaseFactory
from ipcoord.core.models import AuditEvent, Notification
from ipcoord.preservation import services
from ipcoord.preservation.models import (
    FreezeItem,
    FreezeKind,
    FreezeOrder,
    FreezeRelease,
    FreezeRenewal,
    Inquiry,
)
from ipcoord.registry.tests.factories import (  # noqa: F401  (re-exported for the tests)
    PartyFactory,
    granted_patent,
    registered_trademark,
)

_serial = itertools.count(1)


def preservation_case(court_code: str = "京73", type_code: str = "执保") -> Case:
    n = next(_serial)
    return CaseFactory(number=f"（2024）{court_code}{type_code}{n}号", cause=Cause.PRESERVATION)


def submit(actor, rights, *, case: Case | None = None, months: int = 6, **kw: Any) -> FreezeOrder:
    case = case or preservation_case()
    n = next(_serial)
    return services.freeze_order_submit(
        actor=actor,
        case_number=case.number,
        kind=kw.pop("kind", FreezeKind.IN_LITIGATION),
        ruling_number=kw.pop("ruling_number", f"{case.number}之一"),
        notice_number=kw.pop("notice_number", f"协执{n}号"),
        months=months,
        rights=rights,
        **kw,
    )


def freeze(world, actor, rights, **kw: Any) -> FreezeOrder:
    """Submit and register an order of `actor`'s court (京73 for bj users, 浙01 for hz)."""
    code = "浙01" if actor == world.hz_clerk else "京73"
    kw.setdefault("case", preservation_case(code))
    order = submit(actor, rights, **kw)
    return services.freeze_order_register(actor=world.cnipa_officer, order=order)


def counts() -> dict[str, int]:
    """Rows of every preservation table, the audit trail and notifications."""
    models = (
        FreezeOrder,
        FreezeItem,
        FreezeRenewal,
        FreezeRelease,
        Inquiry,
        AuditEvent,
        Notification,
    )
    return {m.__name__: m.objects.count() for m in models}


def statuses(right) -> list[tuple[int, str]]:
    field = "patent" if hasattr(right, "application_number") else "trademark"
    return list(
        FreezeItem.objects.filter(**{field: right}).order_by("seq").values_list("seq", "status")
    )
