"""Reads of preservation, scoped by the viewer.

Orders: the ordering court (and the courts above it, core's rule) and the national IP
administration's registry officers, who register them. The freeze state of a right (active
and queued freezes, which court, until when) is shown to judges, clerks and IP officers,
because a court needs it to decide and CNIPA keeps it; other users see none of it.
Inquiries: the court's own judges and clerks see their court's, the audit administrator all.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Case as Case_
from django.db.models import Prefetch, Q, QuerySet, When
from django.utils import timezone

from ipcoord.cases.models import Case, CaseStatus
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
# Case types suggested first on the order form: preservation (执保, 财保) and enforcement (执).
PRESERVATION_CASE_TYPES = ("执保", "财保", "诉前保", "执", "执恢")


def is_registry_officer(user: User | None) -> bool:
    """An ip_officer of the national IP administration: the one who registers freezes."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return Membership.objects.filter(
        user=user,
        role=Role.IP_OFFICER,
        organisation__kind=OrgKind.IP_ADMIN,
        organisation__parent__isnull=True,
        organisation__is_active=True,
    ).exists()


def acting_courts_q(user: User) -> QuerySet[Membership]:
    """`acting_court_ids` as a subquery (`organisation_id` values), to filter inside one query."""
    return Membership.objects.filter(
        user=user,
        user__is_active=True,
        role__in=(Role.JUDGE, Role.CLERK),
        organisation__kind=OrgKind.COURT,
        organisation__is_active=True,
    ).values("organisation_id")


def acting_court_ids(user: User | None) -> set[int]:
    """The courts where `user` is a judge or clerk: the courts they may order and act for
    (that very organisation, not the courts below it)."""
    if user is None or not user.is_authenticated:
        return set()
    return set(acting_courts_q(user).values_list("organisation_id", flat=True))


def open_cases_for(*, user: User, limit: int = 200) -> QuerySet[Case]:
    """Open cases of the user's own courts to choose from, preservation and enforcement first
    (then the most recently filed). A suggestion list only: any open case of the court counts."""
    courts = acting_court_ids(user)
    if not courts:
        return Case.objects.none()
    first = Case_(When(type_code__in=PRESERVATION_CASE_TYPES, then=0), default=1)
    return (
        Case.objects.filter(owner_org_id__in=courts, status=CaseStatus.OPEN)
        .annotate(preservation_first=first)
        .order_by("preservation_first", "-filing_date", "-id")[:limit]
    )


def can_read_freezes(user: User | None) -> bool:
    return scope_for(user).has_role(*FREEZE_READERS)


def order_list_for(*, user: User, status: str | None = None) -> QuerySet[FreezeOrder]:
    """Orders `user` may see (module doc), with case, court and items."""
    if not user.is_authenticated:
        return FreezeOrder.objects.none()
    cond = visible_q(user, FreezeOrder)
    if is_registry_officer(user):
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
    if not is_registry_officer(user):
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


def _rights_q(rights: list[Right]) -> Q:
    patent_ids = [r.pk for r in rights if isinstance(r, Patent)]
    trademark_ids = [r.pk for r in rights if not isinstance(r, Patent)]
    cond = Q(pk__in=[])
    if patent_ids:
        cond |= Q(patent_id__in=patent_ids)
    if trademark_ids:
        cond |= Q(trademark_id__in=trademark_ids)
    return cond


def _key_of(row: FreezeItem | LegalEvent) -> tuple[str, int]:
    return ("patent", row.patent_id) if row.patent_id else ("trademark", row.trademark_id)


def right_states(rights: list[Right]) -> list[RightState]:
    """Freezes, live pledges, licences and holders of each right, in `rights`' order.

    Unscoped (see `right_state_for`). Three queries whatever the number of rights: an inquiry
    on a party holding hundreds of rights costs what one on a party holding one does.
    """
    if not rights:
        return []
    patent_ids = [r.pk for r in rights if isinstance(r, Patent)]
    holders: dict[int, list[Party]] = {pk: [] for pk in patent_ids}
    links = PatentOwner.objects.filter(patent_id__in=patent_ids).select_related("party")
    for link in links.order_by("position", "id"):
        holders[link.patent_id].append(link.party)
    return _states(rights, holders)


def _states(rights: list[Right], holders: dict[int, list[Party]]) -> list[RightState]:
    """`right_states` once the patents' holders are known: two queries (freezes, events)."""
    cond = _rights_q(rights)
    states = {(_right_column(r), r.pk): RightState(right=r, kind=_right_column(r)) for r in rights}
    items = (
        FreezeItem.objects.filter(cond, status__in=LIVE_ITEM_STATUSES)
        .select_related("order", "order__owner_org")
        .order_by("seq")
    )
    for item in items:
        state = states[_key_of(item)]
        if item.status == ItemStatus.ACTIVE:
            state.active = item
        else:
            state.queued.append(item)
    # A pledge's release is recorded on the same right, so one plain query brings both and
    # released pledges are dropped here (cheaper to build than a NOT EXISTS per pledge).
    events = list(
        LegalEvent.objects.filter(
            cond, kind__in=(EventKind.LICENCE, EventKind.PLEDGE, EventKind.PLEDGE_RELEASE)
        )
        .select_related("counterparty")
        .order_by("date", "id")
    )
    released = {e.pledge_id for e in events if e.kind == EventKind.PLEDGE_RELEASE}
    for event in events:
        state = states[_key_of(event)]
        if event.kind == EventKind.LICENCE:
            state.licences.append(event)
        elif event.kind == EventKind.PLEDGE and event.pk not in released:
            state.pledges.append(event)
    for right in rights:
        state = states[(_right_column(right), right.pk)]
        if isinstance(right, Trademark):
            state.holders.append(right.owner)
        else:
            state.holders.extend(holders.get(right.pk, []))
    return list(states.values())


def right_state(right: Right) -> RightState:
    """Freezes, live pledges and licences of one right (unscoped; see `right_state_for`)."""
    return right_states([right])[0]


def right_state_for(*, user: User, right: Right) -> RightState | None:
    """The right's preservation state for judges, clerks and IP officers; None for others."""
    if not can_read_freezes(user):
        return None
    return right_state(right)


def rights_of_parties(*, parties: list[Party]) -> list[RightState]:
    """Every patent (and application) and trademark held by one of `parties`, with state.

    Four queries: the patents with all their holders (one join), the trademarks with their
    owner, the live freezes, the pledges and licences.
    """
    ids = [p.pk for p in parties]
    if not ids:
        return []
    held = PatentOwner.objects.filter(party_id__in=ids).values("patent_id")
    links = (
        PatentOwner.objects.filter(patent_id__in=held)
        .select_related("patent", "party")
        .order_by("patent__application_number", "position", "id")
    )
    patents: dict[int, Patent] = {}
    holders: dict[int, list[Party]] = {}
    for link in links:
        patents.setdefault(link.patent_id, link.patent)
        holders.setdefault(link.patent_id, []).append(link.party)
    marks = Trademark.objects.filter(owner_id__in=ids).select_related("owner").order_by("number")
    return _states([*patents.values(), *marks], holders)


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


def court_panel_for(*, user: User) -> dict | None:
    """The dashboard card of a judge or clerk: their courts' orders holding an active freeze,
    orders waiting in a queue (轮候), freezes ending within 30 days. None for others."""
    courts = acting_court_ids(user)
    if not courts:
        return None
    items = FreezeItem.objects.filter(order__owner_org_id__in=courts)
    today = timezone.localdate()
    expiring = (
        items.filter(
            status=ItemStatus.ACTIVE,
            ends_on__gte=today,
            ends_on__lte=today + datetime.timedelta(days=30),
        )
        .select_related("order", "patent", "trademark")
        .order_by("ends_on", "id")
    )
    return {
        "active": items.filter(status=ItemStatus.ACTIVE).values("order_id").distinct().count(),
        "queued": items.filter(status=ItemStatus.QUEUED).values("order_id").distinct().count(),
        "expiring": expiring.count(),
        "expiring_list": list(expiring[:5]),
    }


def registry_panel_for(*, user: User) -> dict | None:
    """The dashboard card of a CNIPA registry officer: orders waiting for registration and
    the oldest one's waiting time. None for others."""
    if not is_registry_officer(user):
        return None
    waiting = FreezeOrder.objects.filter(status=OrderStatus.SUBMITTED)
    oldest = list(waiting.select_related("owner_org").order_by("created_at", "id")[:5])
    return {
        "waiting": waiting.count(),
        "oldest_since": oldest[0].created_at if oldest else None,
        "oldest": oldest,
    }
