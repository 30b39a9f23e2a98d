"""Reads of preservation, scoped by the viewer.

Orders: the ordering court (and the courts above it, core's rule) and the national IP
administration's registry officers, who register them. The freeze state of a right (active
and queued freezes, which court, until when) is shown to judges, clerks and IP officers,
because a court needs it to decide and CNIPA keeps it; other users see none of it.
Inquiries: the court's own judges and clerks see their court's, the audit administrator all.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from ipcoord.core.models import Membership, OrgKind, Role, User
from ipcoord.core.selectors import scope_for, visible_q
from ipcoord.preservation.models import (
    LIVE_ITEM_STATUSES,
    FreezeItem,
    FreezeOrder,
    Inquiry,
    ItemStatus,
    OrderStatus,
)
from ipcoord.registry.models import EventKind, LegalEvent, Party, Patent, PatentOwner, Trademark

Right = Patent | Trademark
FREEZE_READERS = (Role.JUDGE, Role.CLERK, Role.IP_OFFICER)


def _is_registry_officer(user: User) -> bool:
    return Membership.objects.filter(
        user=user,
        role=Role.IP_OFFICER,
        organisation__kind=OrgKind.IP_ADMIN,
        organisation__parent__isnull=True,
        organisation__is_active=True,
    ).exists()


def can_read_freezes(user: User | None) -> bool:
    return scope_for(user).has_role(*FREEZE_READERS)


def order_list_for(*, user: User, status: str | None = None) -> QuerySet[FreezeOrder]:
    """Orders `user` may see (module doc), with case, court and items."""
    if not user.is_authenticated:
        return FreezeOrder.objects.none()
    cond = visible_q(user, FreezeOrder)
    if _is_registry_officer(user):
        cond = Q()
    qs = FreezeOrder.objects.filter(cond)
    if status:
        qs = qs.filter(status=status)
    items = FreezeItem.objects.select_related("patent", "trademark").order_by("id")
    return qs.select_related("owner_org", "case", "submitted_by", "registered_by").prefetch_related(
        Prefetch("items", queryset=items), "renewals", "releases"
    )


def my_court_orders(*, user: User, status: str | None = None) -> QuerySet[FreezeOrder]:
    """The orders of the user's own courts (not those of the courts below)."""
    own = scope_for(user).own_org_ids
    return order_list_for(user=user, status=status).filter(owner_org_id__in=own)


def registration_queue_for(*, user: User) -> QuerySet[FreezeOrder]:
    """Submitted orders waiting for registration, oldest first; registry officers only."""
    if not _is_registry_officer(user):
        return FreezeOrder.objects.none()
    return order_list_for(user=user, status=OrderStatus.SUBMITTED).order_by("created_at", "id")


def expiring_for(*, user: User, days: int = 30) -> QuerySet[FreezeItem]:
    """Active freezes of the user's own courts ending within `days`, soonest first."""
    today = timezone.localdate()
    return (
        FreezeItem.objects.filter(
            status=ItemStatus.ACTIVE,
            order__owner_org_id__in=scope_for(user).own_org_ids,
            ends_on__gte=today,
            ends_on__lte=today + datetime.timedelta(days=days),
        )
        .select_related("order", "order__case", "patent", "trademark")
        .order_by("ends_on", "id")
    )


def inquiry_list_for(*, user: User) -> QuerySet[Inquiry]:
    """The audit administrator sees every inquiry; a court user their own courts' only."""
    scope = scope_for(user)
    qs = Inquiry.objects.select_related("court", "actor", "case")
    if scope.has_role(Role.AUDIT_ADMIN):
        return qs
    if scope.has_role(Role.JUDGE, Role.CLERK):
        return qs.filter(court_id__in=scope.own_org_ids)
    return qs.none()


def _right_column(right: Right) -> str:
    return "patent" if isinstance(right, Patent) else "trademark"


def freeze_items_on(right: Right) -> QuerySet[FreezeItem]:
    """Every registered item on `right` (no scoping: callers decide who may read)."""
    return (
        FreezeItem.objects.filter(**{_right_column(right): right})
        .exclude(status=ItemStatus.PENDING)
        .select_related("order", "order__owner_org", "order__case", "release")
        .prefetch_related("renewal_records")
        .order_by("seq")
    )


@dataclass
class RightState:
    """A right with what a court needs before freezing it."""

    right: Right
    kind: str
    active: FreezeItem | None = None
    queued: list[FreezeItem] = field(default_factory=list)
    pledges: list[LegalEvent] = field(default_factory=list)
    licences: list[LegalEvent] = field(default_factory=list)
    holders: list[Party] = field(default_factory=list)

    @property
    def frozen(self) -> bool:
        return self.active is not None


def live_pledges(right: Right) -> list[LegalEvent]:
    """Pledges recorded on `right` and not released, oldest first (they keep priority)."""
    return list(
        LegalEvent.objects.filter(**{_right_column(right): right}, kind=EventKind.PLEDGE)
        .exclude(releases__kind=EventKind.PLEDGE_RELEASE)
        .select_related("counterparty")
        .order_by("date", "id")
    )


def right_state(right: Right) -> RightState:
    """Freezes, live pledges and licences of one right (unscoped; see `right_state_for`)."""
    column = _right_column(right)
    items = list(
        FreezeItem.objects.filter(**{column: right}, status__in=LIVE_ITEM_STATUSES)
        .select_related("order", "order__owner_org", "order__case")
        .order_by("seq")
    )
    licences = list(
        LegalEvent.objects.filter(**{column: right}, kind=EventKind.LICENCE)
        .select_related("counterparty")
        .order_by("date", "id")
    )
    if isinstance(right, Patent):
        holders = [
            link.party for link in PatentOwner.objects.filter(patent=right).select_related("party")
        ]
    else:
        holders = [right.owner]
    return RightState(
        right=right,
        kind=column,
        active=next((i for i in items if i.status == ItemStatus.ACTIVE), None),
        queued=[i for i in items if i.status == ItemStatus.QUEUED],
        pledges=live_pledges(right),
        licences=licences,
        holders=holders,
    )


def right_state_for(*, user: User, right: Right) -> RightState | None:
    """The right's preservation state for judges, clerks and IP officers; None for others."""
    if not can_read_freezes(user):
        return None
    return right_state(right)


def rights_of_parties(*, parties: list[Party]) -> list[RightState]:
    """Every patent (and application) and trademark held by one of `parties`, with state."""
    ids = [p.pk for p in parties]
    if not ids:
        return []
    patent_ids = PatentOwner.objects.filter(party_id__in=ids).values("patent_id")
    patents = Patent.objects.filter(pk__in=patent_ids).order_by("application_number")
    marks = Trademark.objects.filter(owner_id__in=ids).select_related("owner").order_by("number")
    return [right_state(r) for r in [*patents, *marks]]


@dataclass(frozen=True)
class TimelineEntry:
    date: datetime.date
    what: str
    item: FreezeItem
    document: str = ""


def freeze_timeline_for(*, user: User, right: Right) -> list[TimelineEntry] | None:
    """Registered, activated, renewed, released and expired steps on `right`, oldest first.

    None for users who may not read freezes. Dates are local dates.
    """
    if not can_read_freezes(user):
        return None
    entries: list[TimelineEntry] = []
    for item in freeze_items_on(right):
        registered = timezone.localdate(item.registered_at) if item.registered_at else None
        if registered:
            what = "registered_active" if item.starts_on == registered else "registered_queued"
            entries.append(TimelineEntry(registered, what, item, item.order.notice_number))
            if item.starts_on and item.starts_on != registered:
                entries.append(TimelineEntry(item.starts_on, "activated", item))
        for renewal in item.renewal_records.all():
            entries.append(
                TimelineEntry(
                    timezone.localdate(renewal.created_at), "renewed", item, renewal.notice_number
                )
            )
        if item.status == ItemStatus.RELEASED and item.ended_at:
            doc = item.release.notice_number if item.release else ""
            entries.append(TimelineEntry(timezone.localdate(item.ended_at), "released", item, doc))
        if item.status == ItemStatus.EXPIRED and item.ends_on:
            entries.append(TimelineEntry(item.ends_on, "expired", item))
    return sorted(entries, key=lambda e: (e.date, e.item.seq or 0))
