"""Writes for core: organisations, users, memberships, shares and notifications.

Every function runs in a transaction and audits. `actor=None` means a trusted operator
(command line, background task, demo builder): permission checks are skipped and the audit
event names "system".
"""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcoord.core import identifiers
from ipcoord.core.audit import audit_record, snapshot
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import (
    PLATFORM_ADMIN_ROLES,
    Membership,
    Notification,
    Organisation,
    OrgKind,
    Region,
    Role,
    Share,
    User,
)
from ipcoord.core.selectors import forget_scope, scope_for


def require_role(actor: User | None, *roles: str) -> None:
    if actor is None:
        return
    if not scope_for(actor).has_role(*roles):
        raise PermissionDenied(_("您没有执行此操作的权限。"))


def _set_path(org: Organisation) -> None:
    prefix = org.parent.path if org.parent_id else "/"
    org.path = f"{prefix}{org.pk}/"
    org.save(update_fields=["path"])


@transaction.atomic
def organisation_create(
    *,
    actor: User | None,
    name: str,
    kind: str,
    level: str,
    parent: Organisation | None = None,
    short_name: str = "",
    division_code: str = "",
    court_code: str | None = None,
    regions: list[str] | None = None,
) -> Organisation:
    """Create an organisation. Caveat: a court's code must be one the case-number rules know."""
    require_role(actor, Role.SYSTEM_ADMIN)
    if court_code:
        if kind != OrgKind.COURT:
            raise ApplicationError(
                _("只有法院可以有法院代字。"),
                code="court_code_not_court",
                extra={"field": "court_code"},
            )
        if not identifiers.is_known_court_code(court_code):
            raise ApplicationError(
                _("未知的法院代字 %(code)s。") % {"code": court_code},
                code="unknown_court_code",
                extra={"field": "court_code"},
            )
        if Organisation.objects.filter(court_code=court_code).exists():
            raise ApplicationError(
                _("法院代字 %(code)s 已被其他法院使用。") % {"code": court_code},
                code="duplicate_court_code",
                extra={"field": "court_code"},
            )
    if Organisation.objects.filter(name=name).exists():
        raise ApplicationError(
            _("已有名为 %(name)s 的机构。") % {"name": name}, code="duplicate_name"
        )
    org = Organisation(
        name=name,
        short_name=short_name,
        kind=kind,
        level=level,
        parent=parent,
        division_code=division_code,
        court_code=court_code or None,
        path="/",
    )
    org.full_clean(exclude=["path"])
    org.save()
    _set_path(org)
    if regions:
        org.regions.set(Region.objects.filter(code__in=regions))
    audit_record(actor=actor, action="organisation.create", obj=org, after=snapshot(org))
    return org


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    password: str | None,
    full_name: str = "",
    email: str = "",
) -> User:
    require_role(actor, Role.SYSTEM_ADMIN)
    if User.objects.filter(username=username).exists():
        raise ApplicationError(_("用户名 %(u)s 已存在。") % {"u": username}, code="duplicate_user")
    user = User(username=username, full_name=full_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit_record(actor=actor, action="user.create", obj=user, after={"username": username})
    return user


@transaction.atomic
def membership_grant(
    *, actor: User | None, user: User, organisation: Organisation, role: str
) -> Membership:
    """Give a user a role in an organisation.

    三员分立: the system, security and audit administrator roles are granted by the security
    administrator only, and nobody may hold two of them. Business roles are granted by the
    security administrator or the organisation's own administrator.
    """
    if role not in Role.values:
        raise ApplicationError(_("未知角色 %(r)s。") % {"r": role}, code="unknown_role")
    if actor is not None:
        scope = scope_for(actor)
        if role in PLATFORM_ADMIN_ROLES:
            require_role(actor, Role.SECURITY_ADMIN)
        elif not (
            scope.has_role(Role.SECURITY_ADMIN)
            or (scope.has_role(Role.ORG_ADMIN) and organisation.pk in scope.own_org_ids)
        ):
            raise PermissionDenied(_("只有安全管理员或本机构管理员可以分配角色。"))
    held = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    if role in PLATFORM_ADMIN_ROLES and held - {role}:
        raise ApplicationError(
            _("系统、安全、审计管理员三员分立：该用户已有其他角色，不能再担任此角色。"),
            code="separation_of_duties",
        )
    if held & PLATFORM_ADMIN_ROLES and role not in held:
        raise ApplicationError(
            _("系统、安全、审计管理员三员分立：管理员不能兼任其他角色。"),
            code="separation_of_duties",
        )
    membership, created = Membership.objects.get_or_create(
        user=user, organisation=organisation, role=role
    )
    if created:
        audit_record(
            actor=actor,
            action="membership.grant",
            obj=membership,
            organisation=organisation,
            after={"user": user.username, "organisation": organisation.pk, "role": role},
        )
    forget_scope(user)
    return membership


@transaction.atomic
def record_share(*, actor: User | None, obj: models.Model, organisation: Organisation) -> Share:
    """Share a record with another organisation. Only the owner may share; sealed never."""
    owner_id = obj.owner_org_id  # type: ignore[attr-defined]
    if actor is not None and owner_id not in scope_for(actor).own_org_ids:
        raise PermissionDenied(_("只有记录的所属机构可以共享它。"))
    if getattr(obj, "sealed", False):
        raise ApplicationError(_("不公开的记录不能共享。"), code="sealed")
    share, created = Share.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        organisation=organisation,
        defaults={"shared_by": actor},
    )
    if created:
        audit_record(
            actor=actor,
            action="record.share",
            obj=obj,
            after={"shared_with": organisation.pk},
        )
    return share


@transaction.atomic
def notification_mark_read(*, actor: User, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    return {k: after[k] for k in after if before.get(k) != after[k]}
