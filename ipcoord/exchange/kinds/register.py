"""Organisations and parties.

Caveats: organisations have no update service, so a changed organisation is a conflict; it
is matched by its name. A party is matched by USCC or resident ID, else by kind and name
(several namesakes without an identifier are refused as ambiguous). Renaming a party through
`party_update` keeps the old name as an alias, so the first re-import after a rename
reports that alias as a change once.
"""

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from ipcoord.core import identifiers
from ipcoord.core import services as core_services
from ipcoord.core.models import Organisation, OrgKind, OrgLevel, Region, User
from ipcoord.exchange.kinds.base import (
    CellError,
    Column,
    Context,
    Kind,
    Record,
    boolean,
    choice,
    identifier,
    integer,
    listing,
    text,
)
from ipcoord.exchange.kinds.lookups import find_org, owner_org_of
from ipcoord.registry import services as registry_services
from ipcoord.registry.models import Party, PartyKind
from ipcoord.registry.selectors import party_list_for
from ipcoord.registry.services import identifier_error


def _court_code(s: str) -> str:
    code = identifiers.clean_text(s)
    if not identifiers.is_known_court_code(code):
        raise CellError(
            _("法院代字“%(code)s”不存在，请核对，如 最高法、京73、浙01、京0108。") % {"code": s}
        )
    return code


def _explain(label: str, field: str) -> Any:
    return lambda exc, value: identifier_error(exc, field=field, label=label, value=value)


def _same_set(kind: Kind, now: Any, given: Any, ctx: Context) -> bool:
    return set(now) == set(given)


class Organisations(Kind):
    name = "organisations"
    label = _("机构")
    columns = (
        text("name", "名称", "Name", required=True, max_length=128),
        text("short_name", "简称", "Short name", max_length=64),
        choice("kind", "类型", "Kind", OrgKind, required=True),
        choice("level", "层级", "Level", OrgLevel, required=True),
        text("parent", "上级机构", "Parent", blank=None),
        text("division_code", "行政区划代码", "Division code", max_length=6),
        Column("court_code", "法院代字", "Court code", parse=_court_code),
        listing("regions", "协作区域", "Regions"),
        boolean("is_active", "启用", "Active", export_only=True),
    )
    compare_with = {"regions": _same_set}

    def check(self, rec: Record) -> None:
        if rec.get("court_code") and rec.get("kind") != OrgKind.COURT:
            raise CellError(_("只有法院可以有法院代字。"), column="court_code")

    def key(self, rec: Record) -> str:
        return rec["name"]

    def find(self, rec: Record, ctx: Context) -> Organisation | None:
        return Organisation.objects.filter(name=rec["name"]).first()

    def current(self, obj: Organisation) -> Record:
        return {
            "name": obj.name,
            "short_name": obj.short_name,
            "kind": obj.kind,
            "level": obj.level,
            "parent": obj.parent.name if obj.parent_id else "",
            "division_code": obj.division_code,
            "court_code": obj.court_code or "",
            "regions": tuple(sorted(obj.regions.values_list("code", flat=True))),
            "is_active": obj.is_active,
        }

    def create(self, rec: Record, ctx: Context) -> Organisation:
        parent = find_org(rec["parent"], column="parent") if rec.get("parent") else None
        regions = list(rec.get("regions") or ())
        unknown = set(regions) - set(Region.objects.values_list("code", flat=True))
        if unknown:
            raise CellError(
                _("未知的协作区域代码：%(codes)s。") % {"codes": "、".join(sorted(unknown))},
                column="regions",
            )
        return core_services.organisation_create(
            actor=ctx.actor,
            name=rec["name"],
            kind=rec["kind"],
            level=rec["level"],
            parent=parent,
            short_name=rec.get("short_name", ""),
            division_code=rec.get("division_code", ""),
            court_code=rec.get("court_code") or None,
            regions=regions,
        )

    def queryset(self, viewer: User | None, filters: dict[str, Any]) -> Any:
        qs = Organisation.objects.select_related("parent").prefetch_related("regions")
        if filters.get("kind"):
            qs = qs.filter(kind=filters["kind"])
        if filters.get("q"):  # as the organisation directory searches
            q = filters["q"]
            qs = qs.filter(
                Q(name__icontains=q)
                | Q(short_name__icontains=q)
                | Q(court_code=q)
                | Q(division_code=q)
            )
        return qs.order_by("path")


PARTY_FIELDS = ("kind", "name", "uscc", "id_number", "aliases", "address", "rd_staff")


class Parties(Kind):
    name = "parties"
    label = _("当事人")
    columns = (
        choice(
            "kind",
            "主体类型",
            "Kind",
            PartyKind,
            required=True,
            aliases={"法人": "legal", "其他组织": "legal", "单位": "legal", "个人": "natural"},
        ),
        text("name", "名称", "Name", required=True, max_length=200),
        identifier(
            "uscc",
            "统一社会信用代码",
            "USCC",
            identifiers.parse_uscc,
            _explain("统一社会信用代码", "uscc"),
            blank=None,
        ),
        identifier(
            "id_number",
            "居民身份证号码",
            "Resident ID",
            identifiers.parse_resident_id,
            _explain("居民身份证号码", "id_number"),
            blank=None,
        ),
        listing("aliases", "曾用名及别名", "Aliases"),
        text("address", "地址", "Address", max_length=255),
        text("owner_org", "登记机构", "Recorded by", blank=None),
        integer("rd_staff", "研发人员数", "R&D staff"),
    )

    def check(self, rec: Record) -> None:
        kind = rec.get("kind")
        if rec.get("uscc") and kind == PartyKind.NATURAL:
            raise CellError(_("自然人没有统一社会信用代码。"), column="uscc")
        if rec.get("id_number") and kind == PartyKind.LEGAL:
            raise CellError(_("法人或其他组织没有居民身份证号码。"), column="id_number")
        if rec.get("rd_staff") is not None and kind == PartyKind.NATURAL:
            raise CellError(
                _("研发人员数只适用于法人或其他组织；自然人请留空。"), column="rd_staff"
            )

    def key(self, rec: Record) -> str:
        return rec.get("uscc") or rec.get("id_number") or f"{rec['kind']}:{rec['name']}"

    def find(self, rec: Record, ctx: Context) -> Party | None:
        for field in ("uscc", "id_number"):
            if rec.get(field):
                return Party.objects.filter(**{field: rec[field]}).first()
        same = list(Party.objects.filter(kind=rec["kind"], name=rec["name"])[:2])
        if len(same) > 1:
            raise CellError(
                _("有多个名为“%(p)s”的当事人，请填写统一社会信用代码或身份证号码加以区分。")
                % {"p": rec["name"]},
                column="name",
            )
        return same[0] if same else None

    def current(self, obj: Party) -> Record:
        return {
            "kind": obj.kind,
            "name": obj.name,
            "uscc": obj.uscc or "",
            "id_number": obj.id_number or "",
            "aliases": tuple(obj.alias_list),
            "address": obj.address,
            "owner_org": obj.owner_org.name,
            "rd_staff": obj.rd_staff,
        }

    def create(self, rec: Record, ctx: Context) -> Party:
        owner = owner_org_of(rec, ctx)
        return registry_services.party_create(
            actor=ctx.actor,
            kind=rec["kind"],
            name=rec["name"],
            uscc=rec.get("uscc"),
            id_number=rec.get("id_number"),
            aliases=list(rec.get("aliases") or ()),
            address=rec.get("address", ""),
            owner_org=owner,
            rd_staff=rec.get("rd_staff"),
        )

    def update(self, obj: Party, rec: Record, changed: list[str], ctx: Context) -> Party:
        if "owner_org" in changed:
            return super().update(obj, rec, ["owner_org"], ctx)
        fields: dict[str, Any] = {k: rec[k] for k in changed if k in PARTY_FIELDS}
        if "aliases" in fields:
            fields["aliases"] = list(fields["aliases"])
        return registry_services.party_update(actor=ctx.actor, party=obj, **fields)

    def queryset(self, viewer: User | None, filters: dict[str, Any]) -> Any:
        if viewer is None:
            qs = Party.objects.select_related("owner_org")
            if filters.get("q"):
                qs = qs.filter(name__icontains=filters["q"])
        else:
            qs = party_list_for(user=viewer, q=filters.get("q"))
        if filters.get("kind"):
            qs = qs.filter(kind=filters["kind"])
        return qs.order_by("id")
