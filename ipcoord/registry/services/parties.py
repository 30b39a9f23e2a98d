"""Writes for parties: the right holders, pledgees, licensees and litigants of the register."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ipcoord.core import identifiers
from ipcoord.core.audit import audit_record, snapshot
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.identifiers import IdentifierError
from ipcoord.core.models import Membership, Organisation, Role, User
from ipcoord.core.selectors import scope_for
from ipcoord.registry.models import Party, PartyKind
from ipcoord.registry.services.common import identifier_error, national_ip_admin

# Courts register the parties of their cases; IP offices those of the register.
PARTY_WRITER_ROLES = (Role.IP_OFFICER, Role.JUDGE, Role.CLERK)
PARTY_UPDATABLE = frozenset({"kind", "name", "uscc", "id_number", "aliases", "address", "rd_staff"})


def _writer_org(actor: User | None, owner_org: Organisation | None) -> Organisation:
    if actor is None:
        return owner_org or national_ip_admin()
    memberships = Membership.objects.filter(
        user_id=actor.pk, role__in=PARTY_WRITER_ROLES, organisation__is_active=True
    ).select_related("organisation")
    orgs = {m.organisation_id: m.organisation for m in memberships.order_by("organisation__path")}
    if not orgs or not actor.is_active:
        raise PermissionDenied(_("只有法院和知识产权管理部门的业务人员可以登记当事人。"))
    if owner_org is None:
        return next(iter(orgs.values()))
    if owner_org.pk not in orgs:
        raise PermissionDenied(
            _("您不是 %(org)s 的业务人员，不能以该机构名义登记当事人。") % {"org": owner_org.name}
        )
    return owner_org


def _clean_identifiers(
    kind: str, uscc: str | None, id_number: str | None
) -> tuple[str | None, str | None]:
    if kind not in PartyKind.values:
        raise ApplicationError(
            _("未知的主体类型 %(kind)s。") % {"kind": kind},
            code="invalid_kind",
            extra={"field": "kind"},
        )
    if uscc and kind != PartyKind.LEGAL:
        raise ApplicationError(
            _("自然人没有统一社会信用代码；请填写居民身份证号码，或把主体类型改为法人或其他组织。"),
            code="uscc_for_natural_person",
            extra={"field": "uscc"},
        )
    if id_number and kind != PartyKind.NATURAL:
        raise ApplicationError(
            _("法人或其他组织没有居民身份证号码；请填写统一社会信用代码。"),
            code="id_number_for_legal_person",
            extra={"field": "id_number"},
        )
    try:
        uscc = identifiers.parse_uscc(uscc).normalized if uscc else None
    except IdentifierError as exc:
        raise identifier_error(exc, field="uscc", label=_("统一社会信用代码"), value=uscc) from exc
    try:
        id_number = identifiers.parse_resident_id(id_number).normalized if id_number else None
    except IdentifierError as exc:
        raise identifier_error(
            exc, field="id_number", label=_("居民身份证号码"), value=id_number
        ) from exc
    return uscc, id_number


def _clean_rd_staff(kind: str, rd_staff: int | None) -> int | None:
    if rd_staff is None:
        return None
    if isinstance(rd_staff, bool) or not isinstance(rd_staff, int) or rd_staff < 0:
        raise ApplicationError(
            _("研发人员数应是不小于 0 的整数；不知道时留空。"),
            code="invalid_rd_staff",
            extra={"field": "rd_staff"},
        )
    if kind != PartyKind.LEGAL:
        raise ApplicationError(
            _("研发人员数只适用于法人或其他组织；自然人请留空。"),
            code="rd_staff_for_natural_person",
            extra={"field": "rd_staff"},
        )
    return rd_staff


def _clean_aliases(aliases: Iterable[str] | str) -> str:
    items = aliases.splitlines() if isinstance(aliases, str) else list(aliases)
    seen: dict[str, None] = {}
    for item in items:
        if item.strip():
            seen.setdefault(item.strip(), None)
    return "\n".join(seen)


def _find_by_identifier(uscc: str | None, id_number: str | None) -> Party | None:
    if uscc:
        return Party.objects.filter(uscc=uscc).first()
    if id_number:
        return Party.objects.filter(id_number=id_number).first()
    return None


def _duplicate(existing: Party) -> ApplicationError:
    return ApplicationError(
        _("当事人 %(name)s 已经登记（统一社会信用代码或身份证号码相同），请直接选用。")
        % {"name": existing.name},
        code="duplicate_party",
        extra={"party_id": existing.pk},
    )


@transaction.atomic
def party_create(
    *,
    actor: User | None,
    kind: str,
    name: str,
    uscc: str | None = None,
    id_number: str | None = None,
    aliases: Iterable[str] | str = (),
    address: str = "",
    owner_org: Organisation | None = None,
    rd_staff: int | None = None,
) -> Party:
    """Register a party. A USCC or resident ID already on the register raises duplicate_party.

    Caveat: parties without an identifier are not deduplicated by name here (two natural
    persons can share one); `party_upsert` matches by name for imports.
    """
    org = _writer_org(actor, owner_org)
    name = name.strip()
    if not name:
        raise ApplicationError(
            _("请填写当事人名称。"), code="name_required", extra={"field": "name"}
        )
    uscc, id_number = _clean_identifiers(kind, uscc, id_number)
    rd_staff = _clean_rd_staff(kind, rd_staff)
    existing = _find_by_identifier(uscc, id_number)
    if existing is not None:
        raise _duplicate(existing)
    party = Party.objects.create(
        owner_org=org,
        kind=kind,
        name=name,
        uscc=uscc,
        id_number=id_number,
        aliases=_clean_aliases(aliases),
        address=address.strip(),
        rd_staff=rd_staff,
    )
    audit_record(
        actor=actor, action="party.create", obj=party, organisation=org, after=snapshot(party)
    )
    return party


@transaction.atomic
def party_upsert(
    *,
    actor: User | None,
    kind: str,
    name: str,
    uscc: str | None = None,
    id_number: str | None = None,
    aliases: Iterable[str] | str = (),
    address: str = "",
    owner_org: Organisation | None = None,
) -> Party:
    """The party with this USCC/ID, else the one party of this kind and name; else a new one.

    For imports that carry natural keys. An existing party is returned as it is, except that
    a missing identifier is filled in (audited as an update). Several parties with the same
    name and no identifier given raise ambiguous_party: the caller has to pick one.
    """
    uscc_n, id_n = _clean_identifiers(kind, uscc, id_number)
    existing = _find_by_identifier(uscc_n, id_n)
    if existing is None:
        same_name = list(Party.objects.filter(kind=kind, name=name.strip())[:2])
        if len(same_name) > 1 and not (uscc_n or id_n):
            raise ApplicationError(
                _("有多个名为 %(name)s 的当事人，请提供统一社会信用代码或身份证号码加以区分。")
                % {"name": name},
                code="ambiguous_party",
            )
        candidate = same_name[0] if len(same_name) == 1 else None
        # A namesake holding a different identifier is another party.
        if candidate is not None and not (
            (uscc_n and candidate.uscc not in (None, uscc_n))
            or (id_n and candidate.id_number not in (None, id_n))
        ):
            existing = candidate
    if existing is None:
        return party_create(
            actor=actor,
            kind=kind,
            name=name,
            uscc=uscc_n,
            id_number=id_n,
            aliases=aliases,
            address=address,
            owner_org=owner_org,
        )
    missing: dict[str, Any] = {}
    if uscc_n and not existing.uscc:
        missing["uscc"] = uscc_n
    if id_n and not existing.id_number:
        missing["id_number"] = id_n
    if missing:
        return party_update(actor=actor, party=existing, **missing)
    return existing


@transaction.atomic
def party_update(*, actor: User | None, party: Party, **fields: Any) -> Party:
    """Change a party's name, kind, identifiers, aliases, address or R&D staff; audited
    before/after.

    Only the owning organisation's staff (or an IP officer) may change a party. Renaming
    keeps the old name as an alias, so searches by the former name still find it.
    """
    unknown = set(fields) - PARTY_UPDATABLE
    if unknown:
        raise ApplicationError(
            _("不能修改当事人的这些字段：%(f)s。") % {"f": ", ".join(sorted(unknown))},
            code="invalid_field",
        )
    party = Party.objects.select_for_update().get(pk=party.pk)
    if actor is not None:
        scope = scope_for(actor)
        if not (scope.has_role(Role.IP_OFFICER) or party.owner_org_id in scope.own_org_ids):
            raise PermissionDenied(_("只有登记该当事人的机构或知识产权管理部门可以修改它。"))
    before = snapshot(party)
    kind = fields.get("kind", party.kind)
    uscc = fields.get("uscc", party.uscc)
    id_number = fields.get("id_number", party.id_number)
    uscc, id_number = _clean_identifiers(kind, uscc, id_number)
    for value, column in ((uscc, "uscc"), (id_number, "id_number")):
        if value and Party.objects.filter(**{column: value}).exclude(pk=party.pk).exists():
            raise _duplicate(Party.objects.get(**{column: value}))
    aliases = fields.get("aliases", party.alias_list)
    new_name = fields.get("name", party.name).strip()
    if not new_name:
        raise ApplicationError(
            _("请填写当事人名称。"), code="name_required", extra={"field": "name"}
        )
    if new_name != party.name:
        aliases = [*_clean_aliases(aliases).splitlines(), party.name]
    aliases = [a for a in _clean_aliases(aliases).splitlines() if a != new_name]
    party.kind, party.name, party.uscc, party.id_number = kind, new_name, uscc, id_number
    party.aliases = _clean_aliases(aliases)
    party.address = fields.get("address", party.address).strip()
    party.rd_staff = _clean_rd_staff(kind, fields.get("rd_staff", party.rd_staff))
    after = snapshot(party)
    changed = [
        k
        for k in ("kind", "name", "uscc", "id_number", "aliases", "address", "rd_staff")
        if before[k] != after[k]
    ]
    if not changed:
        return party
    party.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=actor,
        action="party.update",
        obj=party,
        organisation=party.owner_org,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    return party
