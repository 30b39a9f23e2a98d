"""Court cases and administrative proceedings, applied through the cases services.

A case is matched by its normalised number, a proceeding by its number. What a service can
change is changed through it: a case's summary, cause, parties and rights (`case_update`),
its closing (`case_close`); a proceeding's progress (`proceeding_advance`, `_decide`,
`_withdraw`). Anything else that differs is a conflict.

Caveats: parties are written "role:party" (诉讼地位:当事人), the party as its USCC / ID number
or name. A previous instance must be registered before the case that names it (exports
list cases oldest first). Deciding an invalidation from a file also enters the invalidation
in the register (see events.py for the order).
"""

from typing import Any

from django.utils.translation import gettext as _

from ipcoord.cases import services as case_services
from ipcoord.cases.models import (
    Case,
    CaseRole,
    CaseStatus,
    Cause,
    ClosingManner,
    Nature,
    Outcome,
    Procedure,
    Proceeding,
    ProceedingKind,
    ProceedingOutcome,
    ProceedingStatus,
)
from ipcoord.cases.selectors import (
    case_list_for,
    case_visible_q,
    proceeding_list_for,
    proceeding_visible_q,
)
from ipcoord.cases.services import parse_case_number
from ipcoord.core import identifiers
from ipcoord.core.exceptions import ApplicationError
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
    listing,
    split_list,
    text,
)
from ipcoord.exchange.kinds.events import RightKind, normalise_right_number
from ipcoord.exchange.kinds.lookups import (
    find_case,
    find_party,
    find_right,
    owner_org_of,
    party_token,
    require_visible,
)
from ipcoord.registry.models import Patent, Trademark


def _case_number(s: str) -> str:
    try:
        return parse_case_number(s).normalized
    except ApplicationError as exc:
        raise CellError(exc.message) from exc


def _patent_number(s: str) -> str:
    try:
        return identifiers.parse_patent_application(s).normalized
    except identifiers.IdentifierError as exc:
        raise CellError(_("申请号 %(v)s 有误：%(e)s") % {"v": s, "e": exc.message}) from exc


def _trademark_number(s: str) -> str:
    try:
        return identifiers.parse_trademark_number(s).normalized
    except identifiers.IdentifierError as exc:
        raise CellError(_("商标注册号 %(v)s 有误：%(e)s") % {"v": s, "e": exc.message}) from exc


_ROLE = choice("role", "诉讼地位", "Role", CaseRole)


def _parse_parties(s: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in split_list(s):
        role, sep, token = item.replace("：", ":").partition(":")
        if not sep or not token.strip():
            raise CellError(_("当事人应写成“诉讼地位:名称或代码”，如 原告:某某公司。"))
        pairs.append((_ROLE.parse(role.strip()), token.strip()))
    return tuple(dict.fromkeys(pairs))


def _fmt_parties(value: Any, lang: str) -> str:
    return "；".join(f"{_ROLE.fmt(role, lang)}:{token}" for role, token in value or ())


def _resolved(pairs: Any, ctx: Context) -> set[tuple[int, str]]:
    return {(find_party(t, ctx, column="parties").pk, r) for r, t in pairs}


def _same_parties(kind: Kind, now: Any, given: Any, ctx: Context) -> bool:
    return set(now) == set(given) or _resolved(now, ctx) == _resolved(given, ctx)


def _same_set(kind: Kind, now: Any, given: Any, ctx: Context) -> bool:
    return set(now) == set(given)


def _rights(model: type, field: str, numbers: Any, ctx: Context, column: str) -> list[Any]:
    kind = "patent" if model is Patent else "trademark"
    return [find_right(kind, n, ctx, column=column) for n in numbers or ()]


class Cases(Kind):
    name = "cases"
    label = _("案件")
    columns = (
        Column("number", "案号", "Case number", parse=_case_number, required=True),
        choice("cause", "案由", "Cause", Cause, required=True),
        date("filing_date", "立案日期", "Filing date", required=True),
        Column("parties", "当事人", "Parties", parse=_parse_parties, fmt=_fmt_parties, blank=()),
        listing("patents", "涉案专利", "Patents", item=_patent_number),
        listing("trademarks", "涉案商标", "Trademarks", item=_trademark_number),
        Column("previous_instance", "前审案号", "Previous instance", parse=_case_number),
        text("summary", "案情摘要", "Summary"),
        boolean("sealed", "不公开", "Sealed"),
        choice("status", "状态", "Status", CaseStatus, blank=None),
        date("closing_date", "结案日期", "Closing date"),
        choice("closing_manner", "结案方式", "Closing manner", ClosingManner),
        choice("outcome", "裁判结果", "Outcome", Outcome),
        text("court", "承办法院", "Court", export_only=True),
        choice("procedure", "审级/程序", "Procedure", Procedure, export_only=True),
        choice("nature", "案件性质", "Nature", Nature, export_only=True),
    )
    compare_with = {"parties": _same_parties, "patents": _same_set, "trademarks": _same_set}

    def check(self, rec: Record) -> None:
        if rec.get("status") == CaseStatus.CLOSED:
            for key in ("closing_date", "closing_manner", "outcome"):
                if not rec.get(key):
                    raise CellError(
                        _("已结案的案件须填写结案日期、结案方式和裁判结果。"), column=key
                    )

    def key(self, rec: Record) -> str:
        return rec["number"]

    def find(self, rec: Record, ctx: Context) -> Case | None:
        case = Case.objects.filter(number=rec["number"]).first()
        return require_visible(case, ctx, column="number", rule=case_visible_q)

    def current(self, obj: Case) -> Record:
        return {
            "number": obj.number,
            "cause": obj.cause,
            "filing_date": obj.filing_date,
            "parties": tuple(
                (cp.role, party_token(cp.party))
                for cp in obj.case_parties.select_related("party").order_by("id")
            ),
            "patents": tuple(sorted(p.application_number for p in obj.patents.all())),
            "trademarks": tuple(sorted(t.number for t in obj.trademarks.all())),
            "previous_instance": obj.previous_instance.number if obj.previous_instance_id else "",
            "summary": obj.summary,
            "sealed": obj.sealed,
            "status": obj.status,
            "closing_date": obj.closing_date,
            "closing_manner": obj.closing_manner,
            "outcome": obj.outcome,
            "court": obj.owner_org.name,
            "procedure": obj.procedure,
            "nature": obj.nature,
        }

    def _close(self, case: Case, rec: Record, ctx: Context) -> Case:
        return case_services.case_close(
            actor=ctx.actor,
            case=case,
            closing_date=rec["closing_date"],
            closing_manner=rec["closing_manner"],
            outcome=rec["outcome"],
        )

    def create(self, rec: Record, ctx: Context) -> Case:
        previous = rec.get("previous_instance")
        case = case_services.case_file(
            actor=ctx.actor,
            number=rec["number"],
            cause=rec["cause"],
            filing_date=rec["filing_date"],
            parties=[(find_party(t, ctx, column="parties"), r) for r, t in rec.get("parties", ())],
            patents=_rights(Patent, "patents", rec.get("patents"), ctx, "patents"),
            trademarks=_rights(Trademark, "trademarks", rec.get("trademarks"), ctx, "trademarks"),
            previous_instance=find_case(previous, ctx, column="previous_instance")
            if previous
            else None,
            summary=rec.get("summary", ""),
            sealed=rec.get("sealed", False),
        )
        if rec.get("status") == CaseStatus.CLOSED:
            case = self._close(case, rec, ctx)
        return case

    def update(self, obj: Case, rec: Record, changed: list[str], ctx: Context) -> Case:
        closing = {"status", "closing_date", "closing_manner", "outcome"}
        close = (
            "status" in changed
            and obj.status == CaseStatus.OPEN
            and rec["status"] == CaseStatus.CLOSED
        )
        editable = {"summary", "cause", "parties", "patents", "trademarks"}
        rest = [k for k in changed if k not in editable and not (close and k in closing)]
        if rest:
            return super().update(obj, rec, rest, ctx)
        fields: dict[str, Any] = {}
        for key in editable & set(changed):
            if key == "parties":
                fields[key] = [(find_party(t, ctx, column=key), r) for r, t in rec[key]]
            elif key in ("patents", "trademarks"):
                model = Patent if key == "patents" else Trademark
                fields[key] = _rights(model, key, rec[key], ctx, key)
            else:
                fields[key] = rec[key]
        if fields:
            obj = case_services.case_update(actor=ctx.actor, case=obj, **fields)
        return self._close(obj, rec, ctx) if close else obj

    def queryset(self, viewer: User | None, filters: dict[str, Any]) -> Any:
        if viewer is None:
            qs = Case.objects.select_related("owner_org", "previous_instance")
            for field in ("status", "cause", "year", "court_code"):
                if filters.get(field):
                    qs = qs.filter(**{field: filters[field]})
        else:
            qs = case_list_for(
                user=viewer,
                q=filters.get("q"),
                status=filters.get("status"),
                cause=filters.get("cause"),
                court=filters.get("court_code"),
                year=filters.get("year"),
                nature=filters.get("nature"),
            )
        return qs.order_by("filing_date", "id")


class Proceedings(Kind):
    name = "proceedings"
    label = _("行政程序")
    columns = (
        text("number", "案件编号", "Number", required=True, max_length=64),
        choice("kind", "程序类型", "Kind", ProceedingKind, required=True),
        choice("right_kind", "权利类型", "Right kind", RightKind, required=True),
        text("right_number", "申请号/注册号", "Right number", required=True),
        text("requester", "请求人", "Requester", required=True),
        text("respondent", "被请求人", "Respondent"),
        date("filing_date", "受理日", "Filing date", required=True),
        text("grounds", "理由", "Grounds"),
        boolean("sealed", "不公开", "Sealed"),
        text("owner_org", "受理机关", "Office", blank=None),
        choice("status", "状态", "Status", ProceedingStatus, blank=None),
        date("decision_date", "决定日", "Decision date"),
        text("decision_number", "决定书编号", "Decision number", max_length=64),
        choice("outcome", "结论", "Outcome", ProceedingOutcome),
    )

    def check(self, rec: Record) -> None:
        normalise_right_number(rec)

    def key(self, rec: Record) -> str:
        return rec["number"]

    def find(self, rec: Record, ctx: Context) -> Proceeding | None:
        found = Proceeding.objects.filter(number=rec["number"]).first()
        return require_visible(found, ctx, column="number", rule=proceeding_visible_q)

    def current(self, obj: Proceeding) -> Record:
        return {
            "number": obj.number,
            "kind": obj.kind,
            "right_kind": RightKind.PATENT if obj.patent_id else RightKind.TRADEMARK,
            "right_number": obj.patent.application_number
            if obj.patent_id
            else obj.trademark.number,
            "requester": party_token(obj.requester),
            "respondent": party_token(obj.respondent),
            "filing_date": obj.filing_date,
            "grounds": obj.grounds,
            "sealed": obj.sealed,
            "owner_org": obj.owner_org.name,
            "status": obj.status,
            "decision_date": obj.decision_date,
            "decision_number": obj.decision_number,
            "outcome": obj.outcome,
        }

    def changes(self, obj: Proceeding, rec: Record, ctx: Context) -> list[str]:
        changed = super().changes(obj, rec, ctx)
        for key in ("requester", "respondent"):
            party = obj_party(obj, key)
            if (
                key in changed
                and rec[key]
                and party is not None
                and find_party(rec[key], ctx, column=key).pk == party.pk
            ):
                changed.remove(key)
        return changed

    def _progress(self, obj: Proceeding, rec: Record, ctx: Context) -> Proceeding:
        status, actor = rec.get("status"), ctx.actor
        if status in (None, obj.status, ProceedingStatus.FILED):
            return obj
        if status == ProceedingStatus.EXAMINING:
            return case_services.proceeding_advance(actor=actor, proceeding=obj, status=status)
        if status == ProceedingStatus.WITHDRAWN:
            return case_services.proceeding_withdraw(
                actor=actor, proceeding=obj, withdrawal_date=rec.get("decision_date")
            )
        for key in ("decision_date", "decision_number", "outcome"):
            if not rec.get(key):
                raise CellError(_("已决定的程序须填写决定日、决定书编号和结论。"), column=key)
        return case_services.proceeding_decide(
            actor=actor,
            proceeding=obj,
            decision_date=rec["decision_date"],
            decision_number=rec["decision_number"],
            outcome=rec["outcome"],
        )

    def create(self, rec: Record, ctx: Context) -> Proceeding:
        owner = owner_org_of(rec, ctx)
        respondent = rec.get("respondent")
        proceeding = case_services.proceeding_file(
            actor=ctx.actor,
            kind=rec["kind"],
            number=rec["number"],
            right=find_right(rec["right_kind"], rec["right_number"], ctx, column="right_number"),
            requester=find_party(rec["requester"], ctx, column="requester"),
            respondent=find_party(respondent, ctx, column="respondent") if respondent else None,
            filing_date=rec["filing_date"],
            grounds=rec.get("grounds", ""),
            owner_org=owner,
            sealed=rec.get("sealed", False),
        )
        return self._progress(proceeding, rec, ctx)

    def update(self, obj: Proceeding, rec: Record, changed: list[str], ctx: Context) -> Any:
        progress = {"status", "decision_date", "decision_number", "outcome"}
        moving = "status" in changed and obj.status in (
            ProceedingStatus.FILED,
            ProceedingStatus.EXAMINING,
        )
        rest = [k for k in changed if not (moving and k in progress)]
        if rest:
            return super().update(obj, rec, rest, ctx)
        return self._progress(obj, rec, ctx)

    def queryset(self, viewer: User | None, filters: dict[str, Any]) -> Any:
        if viewer is None:
            qs = Proceeding.objects.select_related(
                "owner_org", "patent", "trademark", "requester", "respondent"
            )
            for field in ("kind", "status"):
                if filters.get(field):
                    qs = qs.filter(**{field: filters[field]})
        else:
            qs = proceeding_list_for(
                user=viewer,
                q=filters.get("q"),
                kind=filters.get("kind"),
                status=filters.get("status"),
            )
        return qs.order_by("filing_date", "id")


def obj_party(obj: Proceeding, key: str) -> Any:
    return obj.requester if key == "requester" else obj.respondent
