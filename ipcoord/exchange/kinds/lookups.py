"""Finding the records a row refers to: parties, organisations, rights and cases.

A party is written in a file as its USCC or resident ID when it has one, else its name
(`party_token`); a name must name exactly one party the importer may see. Lookups are scoped
by the importing actor with the register's public rule, so a sealed row of another
organisation is "not found" exactly like a missing one.
"""

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ipcoord.cases.models import Case
from ipcoord.core import identifiers
from ipcoord.core.identifiers import IdentifierError
from ipcoord.core.models import Organisation, User
from ipcoord.core.selectors import visible
from ipcoord.exchange.kinds.base import CellError, Context
from ipcoord.registry.models import Party, Patent, Trademark


def _scoped(qs: QuerySet, actor: User | None) -> QuerySet:
    return qs if actor is None else visible(qs, actor, public=True)


def party_token(party: Party | None) -> str:
    if party is None:
        return ""
    return party.uscc or party.id_number or party.name


def token_key(token: str) -> tuple[str, str]:
    """('uscc'|'id_number'|'name', normalised value) for a party token."""
    for parse, column in (
        (identifiers.parse_uscc, "uscc"),
        (identifiers.parse_resident_id, "id_number"),
    ):
        try:
            return column, parse(token).normalized
        except IdentifierError:
            continue
    return "name", token.strip()


def find_party(token: str, ctx: Context, *, column: str) -> Party:
    cache_key = ("party", token)
    if cache_key in ctx.cache:
        return ctx.cache[cache_key]
    field, value = token_key(token)
    found = list(_scoped(Party.objects.filter(**{field: value}), ctx.actor)[:2])
    if not found:
        raise CellError(
            _("当事人“%(p)s”尚未登记或您无权使用；请先导入当事人。") % {"p": token}, column=column
        )
    if len(found) > 1:
        raise CellError(
            _("有多个名为“%(p)s”的当事人，请改填统一社会信用代码或身份证号码。") % {"p": token},
            column=column,
        )
    ctx.cache[cache_key] = found[0]
    return found[0]


def prefetch_parties(tokens: list[str], ctx: Context, *, chunk: int = 2000) -> None:
    """Resolve many party tokens in a few queries into `ctx.cache`, where `find_party` looks
    first. A token naming no party, or several, is left for `find_party` to explain."""
    wanted: dict[str, dict[str, list[str]]] = {}
    for token in dict.fromkeys(tokens):
        if ("party", token) not in ctx.cache:
            field, value = token_key(token)
            wanted.setdefault(field, {}).setdefault(value, []).append(token)
    for field, by_value in wanted.items():
        values = list(by_value)
        for start in range(0, len(values), chunk):
            found: dict[str, list[Party]] = {}
            qs = Party.objects.filter(**{f"{field}__any_of": values[start : start + chunk]})
            for party in _scoped(qs, ctx.actor):
                found.setdefault(getattr(party, field), []).append(party)
            for value, parties in found.items():
                if len(parties) == 1:
                    for token in by_value[value]:
                        ctx.cache[("party", token)] = parties[0]


def find_parties(tokens: tuple[str, ...], ctx: Context, *, column: str) -> list[Party]:
    return [find_party(t, ctx, column=column) for t in tokens]


def same_parties(kind: Any, now: tuple[str, ...], given: tuple[str, ...], ctx: Context) -> bool:
    """Token lists name the same parties in the same order (a name and a USCC may match)."""
    if len(now) != len(given):
        return False
    try:
        return all(
            a == b or find_party(a, ctx, column="").pk == find_party(b, ctx, column="").pk
            for a, b in zip(now, given, strict=True)
        )
    except CellError:
        return False


def find_org(name: str, *, column: str) -> Organisation:
    org = Organisation.objects.filter(name=name.strip()).first()
    if org is None:
        raise CellError(_("平台上没有名为“%(o)s”的机构。") % {"o": name}, column=column)
    return org


def owner_org_of(rec: dict[str, Any], ctx: Context) -> Organisation | None:
    """The organisation a new record is recorded for: the row's `owner_org`, else the one
    the file is imported for (`ctx.organisation`), else None (the service decides)."""
    if rec.get("owner_org"):
        return find_org(rec["owner_org"], column="owner_org")
    return ctx.organisation


def find_right(right_kind: str, number: str, ctx: Context, *, column: str) -> Patent | Trademark:
    model: type[Patent] | type[Trademark] = Patent if right_kind == "patent" else Trademark
    field = "application_number" if right_kind == "patent" else "number"
    right = _scoped(model.objects.filter(**{field: number}), ctx.actor).first()
    if right is None:
        label = _("专利") if right_kind == "patent" else _("商标")
        raise CellError(
            _("%(kind)s %(n)s 尚未登记或您无权查看；请先导入权利。") % {"kind": label, "n": number},
            column=column,
        )
    return right


def find_case(number: str, ctx: Context, *, column: str) -> Case:
    from ipcoord.cases.selectors import case_list_for

    qs = Case.objects.all() if ctx.actor is None else case_list_for(user=ctx.actor)
    case = qs.filter(number=number).first()
    if case is None:
        raise CellError(
            _("案件 %(n)s 尚未登记或您无权查看。") % {"n": number},
            column=column,
        )
    return case


def require_visible(
    obj: Any, ctx: Context, *, column: str, public: bool = False, rule: Any = None
) -> Any:
    """`obj` if the importer may see it (or it is None); else the row is refused.

    An existing record the importer may not see is neither shown nor changed: the number is
    taken, and saying more would reveal a sealed record.
    """
    if obj is None or ctx.actor is None:
        return obj
    qs = type(obj).objects.filter(pk=obj.pk)
    qs = qs.filter(rule(ctx.actor)) if rule is not None else visible(qs, ctx.actor, public=public)
    if qs.exists():
        return obj
    raise CellError(_("该编号已被您无权查看的记录使用，不能导入；请核对编号。"), column=column)
