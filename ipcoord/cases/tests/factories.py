"""factory_boy factories for cases and proceedings, created through the services (actor=None).

They need the `world` fixture (the courts and offices whose codes the numbers carry).
Rights and parties come from the registry's factories, also built through services.
"""

import datetime
from typing import Any

import factory

from ipcoord.cases import services
from ipcoord.cases.models import Case, Cause, Proceeding, ProceedingKind
from ipcoord.core.models import Organisation, User
from ipcoord.core.services import membership_grant, user_create
from ipcoord.registry.tests.factories import (
    PartyFactory,
    PatentFactory,
    TrademarkFactory,
    granted_patent,
    registered_trademark,
)

__all__ = [
    "CaseFactory",
    "PartyFactory",
    "PatentFactory",
    "ProceedingFactory",
    "TrademarkFactory",
    "granted_patent",
    "member",
    "registered_trademark",
]


class _ServiceFactory(factory.Factory):
    class Meta:
        abstract = True

    @classmethod
    def _build(cls, model_class: type, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("cases rows are created through services; use create()")


class CaseFactory(_ServiceFactory):
    """A civil first-instance IP case of 京73 unless `number` says otherwise."""

    class Meta:
        model = Case

    number = factory.Sequence(lambda n: f"（2024）京73知民初{1000 + n}号")
    cause = Cause.PATENT_INFRINGEMENT
    filing_date = datetime.date(2024, 7, 1)

    @classmethod
    def _create(cls, model_class: type, **kwargs: Any) -> Case:
        return services.case_file(actor=kwargs.pop("actor", None), **kwargs)


class ProceedingFactory(_ServiceFactory):
    """A patent invalidation request before the national office; pass `right`."""

    class Meta:
        model = Proceeding

    kind = ProceedingKind.PATENT_INVALIDATION
    number = factory.Sequence(lambda n: f"4W1{n:05d}")
    requester = factory.LazyFunction(PartyFactory)
    filing_date = datetime.date(2024, 8, 1)

    @classmethod
    def _create(cls, model_class: type, **kwargs: Any) -> Proceeding:
        return services.proceeding_file(actor=kwargs.pop("actor", None), **kwargs)


def member(username: str, organisation: Organisation, role: str) -> User:
    """One more named user (the world has no judge of a high court in Beijing, for one)."""
    user = user_create(actor=None, username=username, password=None, full_name=username)
    membership_grant(actor=None, user=user, organisation=organisation, role=role)
    return user
