"""Reads on cases, proceedings and links, always scoped by the viewer.

Visibility is core's rule (own organisation, supervised subtree, shares; sealed = owner
only) plus one widening that is the point of the mechanism: a CONFIRMED link lets each side
see the other side's record, unless that record is sealed. So a court follows the
invalidation request on its case's patent, and the office sees the case that depends on
its decision. A link itself (in any status) is seen by whoever sees its case or its
proceeding, but never when that would reveal a sealed record to someone outside its owner.
"""

import datetime
import re
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from ipcoord.cases.models import (
    Case,
    CaseLink,
    CaseParty,
    CaseStatus,
    LinkStatus,
    Proceeding,
    ProceedingKind,
    ProceedingOutcome,
    ProceedingStatus,
)
from ipcoord.core import identifiers
from ipcoord.core.models import Membership, Organisation, Role, User
from ipcoord.core.selectors import scope_for, visible_q
from ipcoord.registry.models import Patent, Trademark

COURT_ROLES = (Role.JUDGE, Role.CLERK)
OFFICE_ROLES = (Role.IP_OFFICER,)
INVALIDATION_KINDS = frozenset(
    {ProceedingKind.PATENT_INVALIDATION, ProceedingKind.TRADEMARK_INVALIDATION}
)
OPEN_PROCEEDING = (ProceedingStatus.FILED, ProceedingStatus.EXAMINING)
RECENT_DAYS = 14


# --- visibility -------------------------------------------------------------------------


def case_visible_q(user: User | None) -> Q:
    """Cases `user` may see: core's rule, or unsealed and confirmed-linked to a visible proceeding."""
    linked = (
        CaseLink.objects.filter(status=LinkStatus.CONFIRMED)
        .filter(visible_q(user, Proceeding, prefix="proceeding__"))
        .values("case_id")
    )
    return visible_q(user, Case) | Q(sealed=False, pk__in=linked)


def proceeding_visible_q(user: User | None) -> Q:
    """Proceedings `user` may see: every unsealed one, for any signed-in user.

    Invalidation requests, oppositions and their decisions are published with the register's
    legal status, so they are public like the register itself; a court needs them to link its
    cases. A sealed proceeding stays with its office.
    """
    return visible_q(user, Proceeding, public=True)


def link_visible_q(user: User | None) -> Q:
    """Links whose case or proceeding `user` sees, minus those naming a record sealed from them."""
    own = scope_for(user).own_org_ids
    # Not the public rule for proceedings: a link names its case, which only the two sides'
    # organisations (and those above them) may learn of.
    sees_either = visible_q(user, Case, prefix="case__") | visible_q(
        user, Proceeding, prefix="proceeding__"
    )
    case_ok = Q(case__sealed=False) | Q(case__owner_org_id__in=own)
    proceeding_ok = Q(proceeding__sealed=False) | Q(proceeding__owner_org_id__in=own)
    return sees_either & case_ok & proceeding_ok


def link_pair_visible(*, user: User | None, case: Case, proceeding: Proceeding) -> bool:
    """Whether a link between these two could be shown to `user` (no sealed record of another)."""
    own = scope_for(user).own_org_ids
    return (not case.sealed or case.owner_org_id in own) and (
        not proceeding.sealed or proceeding.owner_org_id in own
    )


# --- search -----------------------------------------------------------------------------

_FULL_WIDTH = str.maketrans({"(": "（", ")": "）", "[": "（", "]": "）", "〔": "（", "〕": "）"})


def _clean(text: str) -> str:
    try:
        return identifiers.clean_text(text)
    except identifiers.IdentifierError:
        return ""


def _patent_ids(text: str) -> QuerySet[Patent] | None:
    s = _clean(text).upper()
    try:
        return Patent.objects.filter(
            application_number=identifiers.parse_patent_number(s).normalized
        ).values("pk")
    except identifiers.IdentifierError:
        pass
    digits = s.removeprefix("ZL").removeprefix("CN")
    if len(digits) >= 4 and all(c.isdigit() or c in ".X" for c in digits):
        return Patent.objects.filter(application_number__icontains=digits).values("pk")
    return None


def _trademark_ids(text: str) -> QuerySet[Trademark]:
    s = _clean(text)
    q = Q(mark_text__icontains=text.strip())
    if s.isdigit():
        q |= Q(number=s)
    return Trademark.objects.filter(q).values("pk")


_BARE_NUMBER = re.compile(r"^(\d{4})(\D.*)$")


def _case_search_q(text: str) -> Q:
    """Number in any typed form, party name or alias, patent or trademark number, mark text."""
    text = text.strip()
    cleaned = _clean(text)
    cond = Q(number__icontains=cleaned.translate(_FULL_WIDTH)) | Q(raw_number__icontains=text)
    bare = _BARE_NUMBER.match(cleaned)
    if bare:
        # Clerks often type a number without its brackets or 号: "2024京73知民初21".
        year, rest = bare.groups()
        cond |= Q(number__startswith=f"（{year}）{rest.removesuffix('号')}")
    for candidate in (text, f"({bare[1]}){bare[2].removesuffix('号')}号" if bare else None):
        if not candidate:
            continue
        try:
            n = identifiers.parse_case_number(candidate)
        except identifiers.IdentifierError:
            continue
        cond |= Q(year=n.year, court_code=n.court_code, type_code=n.type_code, serial=n.serial)
    parties = CaseParty.objects.filter(
        Q(party__name__icontains=text) | Q(party__aliases__icontains=text)
    ).values("case_id")
    cond |= Q(pk__in=parties)
    patent_ids = _patent_ids(text)
    if patent_ids is not None:
        cond |= Q(
            pk__in=Case.patents.through.objects.filter(patent_id__in=patent_ids).values("case_id")
        )
    trademarks = Case.trademarks.through.objects.filter(trademark_id__in=_trademark_ids(text))
    return cond | Q(pk__in=trademarks.values("case_id"))


def _proceeding_search_q(text: str) -> Q:
    text = text.strip()
    cond = (
        Q(number__icontains=text)
        | Q(decision_number__icontains=text)
        | Q(requester__name__icontains=text)
        | Q(respondent__name__icontains=text)
        | Q(trademark_id__in=_trademark_ids(text))
    )
    patent_ids = _patent_ids(text)
    if patent_ids is not None:
        cond |= Q(patent_id__in=patent_ids)
    return cond


# --- lists ------------------------------------------------------------------------------


def case_list_for(
    *,
    user: User | None,
    q: str | None = None,
    status: str | None = None,
    cause: str | None = None,
    court: Organisation | int | str | None = None,
    year: int | None = None,
    nature: str | None = None,
) -> QuerySet[Case]:
    """Cases `user` may see, filtered. `court` is an Organisation, its id, or a court code.

    `q` matches the case number however it was typed (half- or full-width brackets,
    spaces), party names and aliases, patent numbers (with or without ZL and the dot) and
    trademark numbers or mark text.
    """
    qs = Case.objects.filter(case_visible_q(user))
    if q and q.strip():
        qs = qs.filter(_case_search_q(q))
    if status:
        qs = qs.filter(status=status)
    if cause:
        qs = qs.filter(cause=cause)
    if isinstance(court, Organisation):
        qs = qs.filter(owner_org=court)
    elif isinstance(court, int):
        qs = qs.filter(owner_org_id=court)
    elif court:
        qs = qs.filter(court_code=_clean(court))
    if year:
        qs = qs.filter(year=year)
    if nature:
        qs = qs.filter(nature=nature)
    return qs.select_related("owner_org", "previous_instance").prefetch_related(
        "patents", "trademarks", "case_parties__party"
    )


def proceeding_list_for(
    *,
    user: User | None,
    q: str | None = None,
    kind: str | None = None,
    status: str | None = None,
) -> QuerySet[Proceeding]:
    """Proceedings `user` may see; `q` matches numbers, party names and the right."""
    qs = Proceeding.objects.filter(proceeding_visible_q(user))
    if q and q.strip():
        qs = qs.filter(_proceeding_search_q(q))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("owner_org", "patent", "trademark", "requester", "respondent")


def link_list_for(*, user: User | None, status: str | None = None) -> QuerySet[CaseLink]:
    """Links `user` may see (see the module docstring), newest first."""
    qs = CaseLink.objects.filter(link_visible_q(user))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related(
        "case__owner_org",
        "proceeding__owner_org",
        "proceeding__patent",
        "proceeding__trademark",
        "proposed_by",
        "decided_by",
    )


def cases_for_right(*, user: User | None, right: Patent | Trademark) -> QuerySet[Case]:
    """Cases `user` may see that name the patent or trademark."""
    if isinstance(right, Patent):
        ids = Case.patents.through.objects.filter(patent=right).values("case_id")
    else:
        ids = Case.trademarks.through.objects.filter(trademark=right).values("case_id")
    return case_list_for(user=user).filter(pk__in=ids)


def proceedings_for_right(*, user: User | None, right: Patent | Trademark) -> QuerySet[Proceeding]:
    """Proceedings `user` may see on the patent or trademark."""
    field = "patent" if isinstance(right, Patent) else "trademark"
    return proceeding_list_for(user=user).filter(**{field: right})


def right_stability(*, user: User | None, right: Patent | Trademark) -> dict[str, Any]:
    """The stability panel of a right's page: its proceedings and cases with outcomes.

    Caveat: the counts cover only what `user` may see, so two viewers can get different
    numbers; the register status (`status`, `partially_invalidated`) is the same for all.
    """
    proceedings = list(proceedings_for_right(user=user, right=right))
    cases = list(cases_for_right(user=user, right=right))
    invalidations = [p for p in proceedings if p.kind in INVALIDATION_KINDS]

    def decided(outcome: str) -> int:
        return sum(
            1
            for p in invalidations
            if p.status == ProceedingStatus.DECIDED and p.outcome == outcome
        )

    # Read the register status afresh: a decision in this request may have changed it.
    status, partially = (
        type(right).objects.filter(pk=right.pk).values_list("status", "partially_invalidated").get()
    )
    return {
        "right": right,
        "status": status,
        "partially_invalidated": partially,
        "proceedings": proceedings,
        "cases": cases,
        "invalidation_requests": len(invalidations),
        "pending": sum(1 for p in invalidations if p.status in OPEN_PROCEEDING),
        "upheld": decided(ProceedingOutcome.UPHELD),
        "partly_invalid": decided(ProceedingOutcome.PARTLY_INVALID),
        "invalid": decided(ProceedingOutcome.INVALID),
        "withdrawn": sum(1 for p in invalidations if p.status == ProceedingStatus.WITHDRAWN),
        "open_cases": sum(1 for c in cases if c.status == CaseStatus.OPEN),
        "closed_cases": sum(1 for c in cases if c.status == CaseStatus.CLOSED),
        "confirmed_links": link_list_for(user=user, status=LinkStatus.CONFIRMED)
        .filter(case__in=[c.pk for c in cases], proceeding__in=[p.pk for p in proceedings])
        .count(),
    }


def dashboard_for(*, user: User) -> dict[str, Any]:
    """Counts for the start page, plus short lists of what changed in the last RECENT_DAYS.

    "Mine" means owned by the user's own organisations, not the ones they supervise;
    "awaiting me" are proposed links on the side where the user can decide.
    """
    own = scope_for(user).own_org_ids
    memberships = Membership.objects.filter(user=user)
    court_ids = memberships.filter(role__in=COURT_ROLES).values("organisation_id")
    office_ids = memberships.filter(role__in=OFFICE_ROLES).values("organisation_id")
    awaiting = link_list_for(user=user, status=LinkStatus.PROPOSED).filter(
        Q(case__owner_org_id__in=court_ids) | Q(proceeding__owner_org_id__in=office_ids)
    )
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    cases = case_list_for(user=user)
    proceedings = proceeding_list_for(user=user)
    return {
        "open_cases": cases.filter(owner_org_id__in=own, status=CaseStatus.OPEN).count(),
        "open_proceedings": proceedings.filter(
            owner_org_id__in=own, status__in=OPEN_PROCEEDING
        ).count(),
        "links_awaiting": awaiting.count(),
        "links_awaiting_list": list(awaiting[:10]),
        "recent_cases": list(cases.filter(updated_at__gte=since).order_by("-updated_at")[:10]),
        "recent_proceedings": list(
            proceedings.filter(updated_at__gte=since).order_by("-updated_at")[:10]
        ),
        "recent_links": list(
            link_list_for(user=user).filter(updated_at__gte=since).order_by("-updated_at")[:10]
        ),
    }
