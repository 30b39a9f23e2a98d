"""The change feed: the audit trail, read through each record kind's visibility rule.

Design: the feed is *derived* from `core.AuditEvent` instead of being a second log. Every
service writes its audit event in the same transaction as the change, and `seq` is gap-free
and ordered (appends are serialised on the chain's head row, which is held until commit, so
a reader never sees event N+1 before N). That makes `seq` a ready-made cursor: durable,
resumable, and in commit order, with nothing extra to write or keep consistent.

A feed item is one audit event about a record of a *feed kind* (`FEED_KINDS`), shown only if
the reader may see that record *now*, through the app's own selector (the one place its
visibility is decided). The item carries the record as the app's API serializer shows it
now, not the event's stored `after`: a snapshot of the past could hold fields or records
the reader may no longer see.

Caveats:
- Several events on one record carry the same (current) snapshot; the `action` tells what
  happened. A record deleted or no longer visible is skipped, its events with it.
- Integrity findings and credit listings are not feed kinds yet (their readers are decided
  by the integrity app); legal events appear as changes of their patent or trademark,
  because the ledger audits the right.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ipcoord.core.models import AuditEvent, AuditHead, User

# At most this many audit events are examined per page, so a reader who sees little of a
# busy trail still gets an answer quickly; `next` then moves past what was examined.
SCAN_LIMIT = 5000
MAX_LIMIT = 500


@dataclass(frozen=True)
class FeedKind:
    """One record kind in the feed: its audit object_type, the reader's scoped queryset
    (from the app's selector) and the app's API serializer (imported lazily)."""

    name: str
    object_type: str
    label: Any
    queryset: Callable[[User], QuerySet]
    serializer: Callable[[], type]


def _cases(user: User) -> QuerySet:
    from ipcoord.cases.models import Case
    from ipcoord.cases.selectors import case_visible_q

    return (
        Case.objects.filter(case_visible_q(user))
        .select_related("owner_org")
        .prefetch_related("case_parties__party", "patents", "trademarks")
    )


def _proceedings(user: User) -> QuerySet:
    from ipcoord.cases.models import Proceeding
    from ipcoord.cases.selectors import proceeding_visible_q

    return Proceeding.objects.filter(proceeding_visible_q(user)).select_related(
        "requester", "respondent"
    )


def _links(user: User) -> QuerySet:
    from ipcoord.cases.models import CaseLink
    from ipcoord.cases.selectors import link_visible_q

    return CaseLink.objects.filter(link_visible_q(user)).select_related("case", "proceeding")


def _patents(user: User) -> QuerySet:
    from ipcoord.registry.selectors import patent_list_for

    return patent_list_for(user=user).prefetch_related("owners")


def _trademarks(user: User) -> QuerySet:
    from ipcoord.registry.selectors import trademark_list_for

    return trademark_list_for(user=user).select_related("owner")


def _parties(user: User) -> QuerySet:
    from ipcoord.registry.selectors import party_list_for

    return party_list_for(user=user)


def _freeze_orders(user: User) -> QuerySet:
    from ipcoord.preservation.selectors import order_list_for

    return order_list_for(user=user)


def _ser(module: str, name: str) -> Callable[[], type]:
    def load() -> type:
        import importlib

        return getattr(importlib.import_module(module), name)

    return load


FEED_KINDS: dict[str, FeedKind] = {
    k.name: k
    for k in (
        FeedKind(
            "case", "cases.case", _("案件"), _cases, _ser("ipcoord.cases.api", "CaseSerializer")
        ),
        FeedKind(
            "proceeding",
            "cases.proceeding",
            _("行政程序"),
            _proceedings,
            _ser("ipcoord.cases.api", "ProceedingSerializer"),
        ),
        FeedKind(
            "link", "cases.caselink", _("关联"), _links, _ser("ipcoord.cases.api", "LinkSerializer")
        ),
        FeedKind(
            "patent",
            "registry.patent",
            _("专利"),
            _patents,
            _ser("ipcoord.registry.api", "PatentSerializer"),
        ),
        FeedKind(
            "trademark",
            "registry.trademark",
            _("商标"),
            _trademarks,
            _ser("ipcoord.registry.api", "TrademarkSerializer"),
        ),
        FeedKind(
            "party",
            "registry.party",
            _("当事人"),
            _parties,
            _ser("ipcoord.registry.api", "PartySerializer"),
        ),
        FeedKind(
            "freeze_order",
            "preservation.freezeorder",
            _("保全（冻结）"),
            _freeze_orders,
            _ser("ipcoord.preservation.api", "FreezeOrderSerializer"),
        ),
    )
}
BY_OBJECT_TYPE = {k.object_type: k for k in FEED_KINDS.values()}


@dataclass(frozen=True)
class FeedPage:
    """`next` is the cursor to pass as `after` next time; `has_more` says whether events
    after it existed when the page was read."""

    items: list[dict[str, Any]]
    next: int
    has_more: bool


def head_seq() -> int:
    """The last committed audit seq (every event up to it is committed and readable)."""
    head = AuditHead.objects.filter(id=1).values_list("seq", flat=True).first()
    return int(head or 0)


def select_kinds(names: Iterable[str] | None) -> list[FeedKind]:
    """The feed kinds named (all when `names` is empty); unknown names are ignored."""
    names = [n for n in (names or []) if n]
    if not names:
        return list(FEED_KINDS.values())
    return [FEED_KINDS[n] for n in names if n in FEED_KINDS]


def _ids(values: Iterable[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


def _visible_objects(
    user: User, events: list[dict[str, Any]], context: dict[str, Any]
) -> dict[tuple[str, str], dict[str, Any]]:
    """The serialized records of `events` that `user` may see, keyed by (type, id)."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for e in events:
        wanted[e["object_type"]].add(e["object_id"])
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for object_type, ids in wanted.items():
        kind = BY_OBJECT_TYPE[object_type]
        rows = list(kind.queryset(user).filter(pk__in=_ids(ids)).distinct())
        data = kind.serializer()(rows, many=True, context=context).data
        for row, item in zip(rows, data, strict=True):
            out[(object_type, str(row.pk))] = dict(item)
    return out


def feed_page(
    *,
    user: User,
    after: int = 0,
    limit: int = 100,
    kinds: Iterable[str] | None = None,
    until: int | None = None,
    context: dict[str, Any] | None = None,
) -> FeedPage:
    """Up to `limit` items after seq `after` (and up to `until`), in order, for `user`.

    Scans at most SCAN_LIMIT events; `next` is the last item's seq when the page is full,
    else the last seq examined (or the committed head), so the cursor always moves past
    events the reader may not see.
    """
    limit = max(1, min(limit, MAX_LIMIT))
    head = head_seq()
    end = head if until is None else min(head, until)
    types = [k.object_type for k in select_kinds(kinds)]
    items: list[dict[str, Any]] = []
    cursor = after
    scanned = 0
    chunk = max(limit * 4, 200)
    while cursor < end and scanned < SCAN_LIMIT:
        events = list(
            AuditEvent.objects.filter(seq__gt=cursor, seq__lte=end, object_type__in=types)
            .order_by("seq")
            .values("seq", "created_at", "action", "object_type", "object_id")[:chunk]
        )
        if not events:
            cursor = end
            break
        scanned += len(events)
        objects = _visible_objects(user, events, context or {})
        for e in events:
            obj = objects.get((e["object_type"], e["object_id"]))
            if obj is not None:
                kind = BY_OBJECT_TYPE[e["object_type"]]
                items.append(
                    {
                        "seq": e["seq"],
                        "at": e["created_at"].isoformat(),
                        "action": e["action"],
                        "kind": kind.name,
                        "object_type": e["object_type"],
                        "object_id": e["object_id"],
                        "object": obj,
                    }
                )
                if len(items) == limit:
                    return FeedPage(items, e["seq"], e["seq"] < head)
        cursor = events[-1]["seq"] if len(events) == chunk else end
    return FeedPage(items, cursor, cursor < head)
