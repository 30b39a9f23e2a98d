"""Reads for core, and the platform's one visibility rule.

A user sees what their organisations own, what organisations under their supervision (the
subtree below them) own, and what has been shared with their organisations. A sealed record
is seen by its owner only: not by supervisors, not through shares.
"""

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from ipcoord.core.models import (
    AuditEvent,
    Membership,
    Notification,
    Organisation,
    OrgKind,
    Role,
    Share,
    User,
)


@dataclass(frozen=True)
class Scope:
    own_org_ids: frozenset[int]
    visible_org_ids: frozenset[int]
    roles: frozenset[str]

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))


EMPTY_SCOPE = Scope(frozenset(), frozenset(), frozenset())


def scope_for(user: User | None) -> Scope:
    """The viewer's organisations and roles; cached on the user object for one request."""
    if user is None or not user.is_authenticated or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, "_ipcoord_scope", None)
    if cached is not None:
        return cached
    memberships = list(
        Membership.objects.filter(user=user, organisation__is_active=True).values_list(
            "organisation_id", "organisation__path", "role"
        )
    )
    own = frozenset(m[0] for m in memberships)
    paths = {m[1] for m in memberships}
    subtree = Q()
    for path in paths:
        subtree |= Q(path__startswith=path)
    visible = own
    if paths:
        visible = own | frozenset(Organisation.objects.filter(subtree).values_list("id", flat=True))
    scope = Scope(own, visible, frozenset(m[2] for m in memberships))
    user._ipcoord_scope = scope  # type: ignore[attr-defined]
    return scope


def forget_scope(user: User) -> None:
    if hasattr(user, "_ipcoord_scope"):
        del user._ipcoord_scope


def visible_q(user: User | None, model: type, *, public: bool = False, prefix: str = "") -> Q:
    """The Q that keeps the rows of an OwnedRecord model `user` may see.

    `public=True` is for the public register (rights, parties): every signed-in user sees
    its unsealed rows. `prefix` applies the rule through a relation ("case__").
    """
    scope = scope_for(user)
    if not scope.own_org_ids and not public:
        return Q(pk__in=[])
    if public and user is not None and user.is_authenticated:
        unsealed = Q(**{f"{prefix}sealed": False})
    else:
        shared_ids = Share.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            organisation_id__in=scope.own_org_ids,
        ).values("object_id")
        unsealed = Q(**{f"{prefix}sealed": False}) & (
            Q(**{f"{prefix}owner_org_id__in": scope.visible_org_ids})
            | Q(**{f"{prefix}pk__in": shared_ids})
        )
    return unsealed | Q(**{f"{prefix}owner_org_id__in": scope.own_org_ids})


def visible(qs: QuerySet, user: User | None, *, public: bool = False) -> QuerySet:
    return qs.filter(visible_q(user, qs.model, public=public))


def organisation_list_for(*, user: User) -> QuerySet[Organisation]:
    """Organisations are a public directory for signed-in users (names, kinds, codes)."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.select_related("parent").prefetch_related("regions")


def notification_list_for(*, user: User, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(recipient=user)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def audit_event_list_for(*, user: User) -> QuerySet[AuditEvent]:
    """Only the audit administrator reads the whole trail (三员分立)."""
    if scope_for(user).has_role(Role.AUDIT_ADMIN):
        return AuditEvent.objects.select_related("actor", "organisation")
    return AuditEvent.objects.none()


def members_of(*, organisation_ids: list[int] | set[int]) -> QuerySet[User]:
    return User.objects.filter(
        memberships__organisation_id__in=organisation_ids, is_active=True
    ).distinct()


def history_for(obj: object, *, limit: int = 50) -> QuerySet[AuditEvent]:
    """The audit events of one record, newest first, for its detail page.

    Caveat: call it only for a record the viewer may already see; the events show who did
    what to it, which is part of the record.
    """
    return AuditEvent.objects.filter(
        object_type=obj._meta.label_lower,  # type: ignore[attr-defined]
        object_id=str(obj.pk),  # type: ignore[attr-defined]
    ).order_by("-seq")[:limit]


def national_ip_admin() -> Organisation | None:
    """The national IP administration: the active IP administration at the top (no parent)."""
    return (
        Organisation.objects.filter(kind=OrgKind.IP_ADMIN, parent__isnull=True, is_active=True)
        .order_by("id")
        .first()
    )
