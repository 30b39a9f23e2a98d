"""Patents and trademarks: the register's rights, matched by application / registration number.

Caveats: the register has no service that edits a recorded right (title, owners, classes
change through legal events), so a right already registered with other values is reported as
a conflict. Status, grant and expiry dates are derived from legal events: they are exported
for people to read and ignored on import (import the legal events to reproduce them).
Owners are written as party tokens (USCC / ID number, else name); the parties must exist.
"""

from typing import Any

from django.utils.translation import gettext as _

from ipcoord.core import identifiers
from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.identifiers import IdentifierError
from ipcoord.core.models import User
from ipcoord.exchange.kinds.base import (
    CellError,
    Column,
    Context,
    Kind,
    Record,
    boolean,
    choice,
    date,
    identifier,
    listing,
    row_issue,
    service_issue,
    text,
)
from ipcoord.exchange.kinds.lookups import (
    find_org,
    find_parties,
    find_party,
    owner_org_of,
    party_token,
    prefetch_parties,
    require_visible,
    same_parties,
)
from ipcoord.exchange.report import Issue
from ipcoord.registry import services as registry_services
from ipcoord.registry.models import Patent, PatentKind, RightStatus, Trademark
from ipcoord.registry.selectors import patent_list_for, trademark_list_for
from ipcoord.registry.services import identifier_error


def _explain(label: str, field: str) -> Any:
    return lambda exc, value: identifier_error(exc, field=field, label=label, value=value)


def _ipc(s: str) -> str:
    try:
        return identifiers.parse_ipc(s).normalized
    except IdentifierError as exc:
        raise CellError(
            identifier_error(exc, field="ipc", label=_("IPC 分类号"), value=s).message
        ) from exc


def _nice(s: str) -> tuple[int, ...]:
    try:
        return identifiers.parse_nice_classes(s)
    except IdentifierError as exc:
        raise CellError(
            identifier_error(exc, field="nice_classes", label=_("尼斯分类"), value=s).message
        ) from exc


def _owner_names(parties: Any) -> str:
    return "；".join(p.name for p in parties)


class Patents(Kind):
    name = "patents"
    label = _("专利")
    columns = (
        identifier(
            "application_number",
            "申请号",
            "Application number",
            identifiers.parse_patent_application,
            _explain("申请号", "application_number"),
            required=True,
        ),
        text("title", "名称", "Title", required=True, max_length=300),
        date("filing_date", "申请日", "Filing date", required=True),
        listing("owners", "申请人（专利权人）", "Owners", required=True),
        text("abstract", "摘要", "Abstract"),
        listing("ipc", "IPC 分类号", "IPC", item=_ipc),
        boolean("sealed", "不公开", "Sealed"),
        text("owner_org", "登记机关", "Recorded by", blank=None),
        text("agency", "专利代理机构", "Patent agency", max_length=200, blank=None),
        text("claims", "权利要求书", "Claims", blank=None),
        choice("kind", "专利类型", "Kind", PatentKind, export_only=True),
        choice("status", "法律状态", "Status", RightStatus, export_only=True),
        date("grant_date", "授权公告日", "Grant date", export_only=True),
        text("owner_names", "申请人名称", "Owner names", export_only=True),
    )
    compare_with = {"owners": same_parties}

    def key(self, rec: Record) -> str:
        return rec["application_number"]

    def find(self, rec: Record, ctx: Context) -> Patent | None:
        patent = Patent.objects.filter(application_number=rec["application_number"]).first()
        return require_visible(patent, ctx, column="application_number", public=True)

    def current(self, obj: Patent) -> Record:
        owners = [link.party for link in obj.patentowner_set.select_related("party")]
        return {
            "application_number": obj.application_number,
            "title": obj.title,
            "filing_date": obj.filing_date,
            "owners": tuple(party_token(p) for p in owners),
            "abstract": obj.abstract,
            "ipc": tuple(obj.ipc_list),
            "sealed": obj.sealed,
            "owner_org": obj.owner_org.name,
            "agency": obj.agency,
            "claims": obj.claims,
            "kind": obj.kind,
            "status": obj.status,
            "grant_date": obj.grant_date,
            "owner_names": _owner_names(owners),
        }

    def create(self, rec: Record, ctx: Context) -> Patent:
        owner = owner_org_of(rec, ctx)
        return registry_services.patent_record(
            actor=ctx.actor,
            application_number=rec["application_number"],
            title=rec["title"],
            filing_date=rec["filing_date"],
            owners=find_parties(rec["owners"], ctx, column="owners"),
            abstract=rec.get("abstract", ""),
            ipc=list(rec.get("ipc") or ()),
            sealed=rec.get("sealed", False),
            owner_org=owner,
            agency=rec.get("agency") or "",
            claims=rec.get("claims") or "",
        )

    bulk = True

    def existing_keys(self, keys: list[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(keys), 5000):
            found.update(
                Patent.objects.filter(
                    application_number__any_of=keys[start : start + 5000]
                ).values_list("application_number", flat=True)
            )
        return found

    def create_many(self, rows: list[tuple[int, Record, Any]], ctx: Context) -> list[Issue]:
        """New patents through `patent_record_many`, one call per recording office named."""
        prefetch_parties([t for _n, rec, _raw in rows for t in rec["owners"]], ctx)
        issues: list[Issue] = []
        by_org: dict[str, list[tuple[int, Any, registry_services.NewPatent]]] = {}
        for number, rec, raw in rows:
            try:
                owners = find_parties(rec["owners"], ctx, column="owners")
            except CellError as exc:
                issues.append(row_issue(self, number, raw, exc.column, exc.reason))
                continue
            new = registry_services.NewPatent(
                application_number=rec["application_number"],
                title=rec["title"],
                filing_date=rec["filing_date"],
                owners=[p.pk for p in owners],
                abstract=rec.get("abstract", ""),
                ipc=list(rec.get("ipc") or ()),
                sealed=rec.get("sealed", False),
                agency=rec.get("agency") or "",
                claims=rec.get("claims") or "",
            )
            by_org.setdefault(rec.get("owner_org") or "", []).append((number, raw, new))
        for org_name, items in by_org.items():
            try:
                owner_org = find_org(org_name, column="owner_org") if org_name else ctx.organisation
                registry_services.patent_record_many(
                    actor=ctx.actor, patents=[new for *_x, new in items], owner_org=owner_org
                )
            except CellError as exc:
                issues += [row_issue(self, n, raw, exc.column, exc.reason) for n, raw, _ in items]
            except registry_services.PatentsRefused as exc:
                for i, error in exc.errors.items():
                    issues.append(service_issue(self, items[i][0], items[i][1], error))
            except ApplicationError as exc:  # the actor may not record for this office
                issues += [service_issue(self, n, raw, exc) for n, raw, _ in items]
        return issues

    def queryset(self, viewer: User | None, filters: dict[str, Any]) -> Any:
        if viewer is None:
            qs = Patent.objects.select_related("owner_org")
            for field in ("kind", "status"):
                if filters.get(field):
                    qs = qs.filter(**{field: filters[field]})
        else:
            qs = patent_list_for(
                user=viewer,
                q=filters.get("q"),
                kind=filters.get("kind"),
                status=filters.get("status"),
                ipc=filters.get("ipc"),
            )
        return qs.order_by("id")


class Trademarks(Kind):
    name = "trademarks"
    label = _("商标")
    columns = (
        identifier(
            "number",
            "注册号",
            "Registration number",
            identifiers.parse_trademark_number,
            _explain("商标注册号", "number"),
            required=True,
        ),
        text("mark_text", "商标文字", "Mark", required=True, max_length=200),
        Column(
            "nice_classes",
            "尼斯分类",
            "Nice classes",
            parse=_nice,
            fmt=lambda v, lang: ",".join(str(c) for c in v or ()),
            required=True,
        ),
        listing("owner", "注册人", "Owner", required=True),
        date("application_date", "申请日", "Application date", required=True),
        text("goods_services", "核定使用商品/服务", "Goods and services"),
        text("owner_org", "登记机关", "Recorded by", blank=None),
        choice("status", "法律状态", "Status", RightStatus, export_only=True),
        date("registration_date", "注册日", "Registration date", export_only=True),
        date("expiry_date", "专用权期限至", "Expiry date", export_only=True),
        boolean("well_known", "驰名商标", "Well known", export_only=True),
        text("owner_name", "注册人名称", "Owner name", export_only=True),
    )
    compare_with = {"owner": same_parties}

    def check(self, rec: Record) -> None:
        if len(rec.get("owner") or ()) > 1:
            raise CellError(_("商标只有一个注册人。"), column="owner")

    def key(self, rec: Record) -> str:
        return rec["number"]

    def find(self, rec: Record, ctx: Context) -> Trademark | None:
        trademark = Trademark.objects.filter(number=rec["number"]).first()
        return require_visible(trademark, ctx, column="number", public=True)

    def current(self, obj: Trademark) -> Record:
        return {
            "number": obj.number,
            "mark_text": obj.mark_text,
            "nice_classes": tuple(obj.class_list),
            "owner": (party_token(obj.owner),),
            "application_date": obj.application_date,
            "goods_services": obj.goods_services,
            "owner_org": obj.owner_org.name,
            "status": obj.status,
            "registration_date": obj.registration_date,
            "expiry_date": obj.expiry_date,
            "well_known": obj.well_known,
            "owner_name": obj.owner.name,
        }

    def create(self, rec: Record, ctx: Context) -> Trademark:
        owner_org = owner_org_of(rec, ctx)
        return registry_services.trademark_record(
            actor=ctx.actor,
            number=rec["number"],
            mark_text=rec["mark_text"],
            nice_classes=rec["nice_classes"],
            owner=find_party(rec["owner"][0], ctx, column="owner"),
            application_date=rec["application_date"],
            goods_services=rec.get("goods_services", ""),
            owner_org=owner_org,
        )

    def queryset(self, viewer: User | None, filters: dict[str, Any]) -> Any:
        if viewer is None:
            qs = Trademark.objects.select_related("owner", "owner_org")
            if filters.get("status"):
                qs = qs.filter(status=filters["status"])
        else:
            qs = trademark_list_for(
                user=viewer,
                q=filters.get("q"),
                status=filters.get("status"),
                nice_class=filters.get("nice_class"),
            )
        return qs.order_by("id")
