"""Recording a new patent application or trademark application on the register."""

import datetime
import re
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ipcoord.core import identifiers
from ipcoord.core.audit import audit_record, snapshot
from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.identifiers import IdentifierError
from ipcoord.core.models import Organisation, User
from ipcoord.registry.models import EventKind, Party, Patent, PatentOwner, Trademark
from ipcoord.registry.services.common import (
    check_date,
    identifier_error,
    officer_org,
    resolve_owner_org,
)
from ipcoord.registry.services.ledger import append_event

_IPC_SEPARATORS = re.compile(r"[;；,，\n]+")


def _normalise_ipc(ipc: Iterable[str] | str) -> str:
    items = _IPC_SEPARATORS.split(ipc) if isinstance(ipc, str) else list(ipc)
    symbols: dict[str, None] = {}
    for item in items:
        if not item.strip():
            continue
        try:
            symbols.setdefault(identifiers.parse_ipc(item).normalized, None)
        except IdentifierError as exc:
            raise identifier_error(
                exc, field="ipc", label=_("IPC 分类号"), value=item.strip()
            ) from exc
    return "; ".join(symbols)


_TITLE_REQUIRED = gettext_lazy("请填写专利名称。")


def _require_text(value: str, field: str, message: Any) -> str:
    value = value.strip()
    if not value:
        raise ApplicationError(str(message), code=f"{field}_required", extra={"field": field})
    return value


class CleanPatent(NamedTuple):
    """A new patent that passed `patent_clean` (a named tuple: built once a record, and a
    bulk import builds millions)."""

    number: identifiers.PatentNumber
    title: str
    filing_date: datetime.date
    owners: list[Any]
    abstract: str
    ipc: str
    agency: str = ""
    claims: str = ""


def patent_clean(
    *,
    application_number: str,
    title: str,
    filing_date: datetime.date,
    owners: list[Any],
    abstract: str = "",
    ipc: list[str] | str = (),
    agency: str = "",
    claims: str = "",
    today: datetime.date | None = None,
) -> CleanPatent:
    """The rules a new patent application must meet before it is written (no database):
    number and check digit, filing date, title, at least one owner, IPC symbols. Shared by
    `patent_record` and the bulk path; raises ApplicationError naming the field."""
    try:
        number = identifiers.parse_patent_application(application_number)
    except IdentifierError as exc:
        raise identifier_error(
            exc, field="application_number", label=_("申请号"), value=application_number
        ) from exc
    check_date(filing_date, field="filing_date", today=today)
    if filing_date.year > number.year:
        raise ApplicationError(
            _("申请日 %(date)s 晚于申请号 %(number)s 所示的年份 %(year)s；请核对申请日或申请号。")
            % {"date": filing_date.isoformat(), "number": number.normalized, "year": number.year},
            code="filing_date_after_number_year",
            extra={"field": "filing_date"},
        )
    title = _require_text(title, "title", _TITLE_REQUIRED)
    owners = list(dict.fromkeys(owners))
    if not owners:
        raise ApplicationError(
            _("请至少填写一个申请人（专利权人）。"),
            code="owners_required",
            extra={"field": "owners"},
        )
    agency = agency.strip()
    if len(agency) > 200:
        raise ApplicationError(
            _("专利代理机构名称不能超过 200 个字符。"),
            code="agency_too_long",
            extra={"field": "agency"},
        )
    return CleanPatent(
        number,
        title,
        filing_date,
        owners,
        abstract.strip(),
        _normalise_ipc(ipc),
        agency,
        claims.strip(),
    )


def duplicate_patent(number: str, patent_id: int) -> ApplicationError:
    return ApplicationError(
        _("申请号 %(number)s 已经登记，请勿重复录入。") % {"number": number},
        code="duplicate_patent",
        extra={"field": "application_number", "patent_id": patent_id},
    )


@transaction.atomic
def patent_record(
    *,
    actor: User | None,
    application_number: str,
    title: str,
    filing_date: datetime.date,
    owners: list[Party],
    abstract: str = "",
    ipc: list[str] | str = (),
    sealed: bool = False,
    owner_org: Organisation | None = None,
    agency: str = "",
    claims: str = "",
) -> Patent:
    """Record a patent application and its filing event; the kind comes from the number.

    `application_number` may be typed in any usual form (`ZL 2023 1 0123456.7`,
    `2023101234567`); it is stored normalised and an error names the faulty part (check
    digit, type digit, year). `owner_org` defaults to the actor's IP administration, or the
    national one for a trusted operator. Caveat: the filing date may fall in a year before
    the number's (divisional and PCT national-phase numbers are given later), never after.
    """
    acting_org = officer_org(actor)
    clean = patent_clean(
        application_number=application_number,
        title=title,
        filing_date=filing_date,
        owners=owners,
        abstract=abstract,
        ipc=ipc,
        agency=agency,
        claims=claims,
    )
    number, owners = clean.number, clean.owners
    existing = Patent.objects.filter(application_number=number.normalized).first()
    if existing is not None:
        raise duplicate_patent(number.normalized, existing.pk)
    org = resolve_owner_org(actor, acting_org, owner_org)
    patent = Patent.objects.create(
        owner_org=org,
        sealed=sealed,
        application_number=number.normalized,
        kind=number.kind,
        title=clean.title,
        abstract=clean.abstract,
        ipc=clean.ipc,
        filing_date=filing_date,
        agency=clean.agency,
        claims=clean.claims,
    )
    PatentOwner.objects.bulk_create(
        PatentOwner(patent=patent, party=party, position=i) for i, party in enumerate(owners)
    )
    audit_record(
        actor=actor,
        action="patent.record",
        obj=patent,
        organisation=acting_org or org,
        after=snapshot(patent) | {"owners": [p.pk for p in owners]},
    )
    append_event(actor=actor, right=patent, kind=EventKind.FILING, date=filing_date)
    return patent


@transaction.atomic
def trademark_record(
    *,
    actor: User | None,
    number: str,
    mark_text: str,
    nice_classes: str | Iterable[int | str],
    owner: Party,
    application_date: datetime.date,
    goods_services: str = "",
    owner_org: Organisation | None = None,
) -> Trademark:
    """Record a trademark application and its filing event.

    `nice_classes` is "9,35" or [9, 35]; it is stored as ",9,35," so a class can be matched
    exactly. `owner_org` defaults as for patents.
    """
    acting_org = officer_org(actor)
    try:
        normalized = identifiers.parse_trademark_number(number).normalized
    except IdentifierError as exc:
        raise identifier_error(exc, field="number", label=_("商标注册号"), value=number) from exc
    try:
        classes = identifiers.parse_nice_classes(nice_classes)
    except IdentifierError as exc:
        raise identifier_error(
            exc, field="nice_classes", label=_("尼斯分类"), value=nice_classes
        ) from exc
    check_date(application_date, field="application_date")
    mark_text = _require_text(mark_text, "mark_text", _("请填写商标文字。"))
    existing = Trademark.objects.filter(number=normalized).first()
    if existing is not None:
        raise ApplicationError(
            _("商标注册号 %(number)s 已经登记，请勿重复录入。") % {"number": normalized},
            code="duplicate_trademark",
            extra={"field": "number", "trademark_id": existing.pk},
        )
    org = resolve_owner_org(actor, acting_org, owner_org)
    trademark = Trademark.objects.create(
        owner_org=org,
        number=normalized,
        mark_text=mark_text,
        nice_classes="," + ",".join(str(c) for c in classes) + ",",
        goods_services=goods_services.strip(),
        owner=owner,
        application_date=application_date,
    )
    audit_record(
        actor=actor,
        action="trademark.record",
        obj=trademark,
        organisation=acting_org or org,
        after=snapshot(trademark),
    )
    append_event(actor=actor, right=trademark, kind=EventKind.FILING, date=application_date)
    return trademark
