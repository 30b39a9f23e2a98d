"""factory_boy factories for the register. They create through the services (actor=None), so
every right has its filing event and a derived status, like real data.

The national IP administration is created on demand if the test has no `world`.
"""

import datetime
from typing import Any

import factory

from ipcoord.core import services as core_services
from ipcoord.core.identifiers import patent_check_digit
from ipcoord.core.models import Organisation, OrgKind, OrgLevel
from ipcoord.registry import services
from ipcoord.registry.models import Party, PartyKind, Patent, Trademark


def national_ip_admin() -> Organisation:
    org = Organisation.objects.filter(kind=OrgKind.IP_ADMIN, parent__isnull=True).first()
    if org is None:
        org = core_services.organisation_create(
            actor=None, name="国家知识产权局", kind=OrgKind.IP_ADMIN, level=OrgLevel.NATIONAL
        )
    return org


def application_number(year: int = 2023, kind_digit: str = "1", serial: int = 123456) -> str:
    """A valid normalised application number, e.g. 202310123456.7."""
    digits = f"{year}{kind_digit}{serial:07d}"
    return f"{digits}.{patent_check_digit(digits)}"


class _ServiceFactory(factory.Factory):
    """Builds keyword arguments with factory_boy, then calls the service to create the row."""

    class Meta:
        abstract = True

    @classmethod
    def _build(cls, model_class: type, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("registry rows are created through services; use create()")


class PartyFactory(_ServiceFactory):
    class Meta:
        model = Party

    kind = PartyKind.LEGAL
    name = factory.Sequence(lambda n: f"测试科技有限公司{n}")

    @classmethod
    def _create(cls, model_class: type, **kwargs: Any) -> Party:
        kwargs.setdefault("owner_org", national_ip_admin())
        return services.party_create(actor=kwargs.pop("actor", None), **kwargs)


class PatentFactory(_ServiceFactory):
    class Meta:
        model = Patent

    application_number = factory.Sequence(lambda n: application_number(serial=100000 + n))
    title = factory.Sequence(lambda n: f"一种数据处理方法{n}")
    filing_date = datetime.date(2023, 3, 1)

    @classmethod
    def _create(cls, model_class: type, **kwargs: Any) -> Patent:
        kwargs.setdefault("owner_org", national_ip_admin())
        if "owners" not in kwargs:
            kwargs["owners"] = [PartyFactory()]
        return services.patent_record(actor=kwargs.pop("actor", None), **kwargs)


class TrademarkFactory(_ServiceFactory):
    class Meta:
        model = Trademark

    number = factory.Sequence(lambda n: str(30000000 + n))
    mark_text = factory.Sequence(lambda n: f"星河{n}")
    nice_classes = "9,35"
    application_date = datetime.date(2020, 5, 1)

    @classmethod
    def _create(cls, model_class: type, **kwargs: Any) -> Trademark:
        kwargs.setdefault("owner_org", national_ip_admin())
        if "owner" not in kwargs:
            kwargs["owner"] = PartyFactory()
        return services.trademark_record(actor=kwargs.pop("actor", None), **kwargs)


def granted_patent(**kwargs: Any) -> Patent:
    patent = PatentFactory(**kwargs)
    services.right_grant(actor=None, right=patent, date=datetime.date(2024, 6, 1))
    return patent


def registered_trademark(**kwargs: Any) -> Trademark:
    mark = TrademarkFactory(**kwargs)
    services.right_grant(actor=None, right=mark, date=datetime.date(2021, 2, 7))
    return mark


def row_counts() -> dict[str, int]:
    """Rows of every registry table and of the audit trail, to show a failed call wrote nothing."""
    from ipcoord.core.models import AuditEvent
    from ipcoord.registry.models import LegalEvent, PatentOwner

    models = (Party, Patent, PatentOwner, Trademark, LegalEvent, AuditEvent)
    return {m.__name__: m.objects.count() for m in models}


USCC_HUAWEI = "91440300708461136T"
USCC_HAIDIAN = "91110108551385082Q"
USCC_HANGZHOU = "91330106MA2CFJ1X1B"
RIC_BEIJING = "11010519491231002X"
RIC_HANGZHOU = "330106198503121119"
