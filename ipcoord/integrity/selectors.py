"""Reads of integrity screening, scoped by the viewer: the one place visibility is decided.

Visibility rule for findings and runs:
- the platform's rule (`core.selectors.visible`): the owning IP administration, the
  organisations above it, and organisations it shared the record with (a sealed finding:
  the owner only);
- and, for findings only, a CONFIRMED, unsealed finding about a party is visible to every
  signed-in member of a court or an IP administration: that is how courts learn of confirmed
  bad faith of the parties in their cases (通报机制). Leads and dismissed findings stay with
  the IP administration that screened; mediators, appraisers and the public see none.

Courts' notices of bad faith (法院通报, `court_rules`) are confirmed findings owned by a
court, so the same rule shows them; in addition, the IP administrations a notice was sent to
see it even when its case is sealed (the court chose to tell them; nobody else learns of it).

Who decides: an ip_officer of an IP administration that owns the finding or supervises its
owner (`decider_org_ids`). Courts read; they never decide.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from ipcoord.core.models import Membership, Organisation, OrgKind, Role, User
from ipcoord.core.selectors import scope_for, visible, visible_q
from ipcoord.integrity import court_rules, credit_rules
from ipcoord.integrity.credit_models import CreditListing, ListingStatus
from ipcoord.integrity.models import Finding, FindingStatus, ScreeningRun
from ipcoord.registry.models import Party

READER_KINDS = (OrgKind.COURT, OrgKind.IP_ADMIN)


def officer_org_ids(user: User | None) -> list[int]:
    """The IP administrations where `user` is an ip_officer, highest first (shortest path)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return []
    return list(
        Membership.objects.filter(
            user_id=user.pk,
            role=Role.IP_OFFICER,
            organisation__kind=OrgKind.IP_ADMIN,
            organisation__is_active=True,
        )
        .order_by("organisation__path")
        .values_list("organisation_id", flat=True)
    )


def decider_org_ids(user: User | None) -> set[int]:
    """Organisations whose findings `user` may decide: the subtrees below their IP offices."""
    own = officer_org_ids(user)
    if not own:
        return set()
    paths = Organisation.objects.filter(pk__in=own).values_list("path", flat=True)
    subtree = Q()
    for path in paths:
        subtree |= Q(path__startswith=path)
    return set(Organisation.objects.filter(subtree).values_list("id", flat=True))


def is_reader(user: User | None) -> bool:
    """A signed-in member of a court or an IP administration (reads confirmed findings)."""
    scope = scope_for(user)
    if not scope.own_org_ids:
        return False
    return Organisation.objects.filter(pk__in=scope.own_org_ids, kind__in=READER_KINDS).exists()


def is_court_member(user: User | None) -> bool:
    """A judge or clerk of an active court (files the court's notices of bad faith)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return Membership.objects.filter(
        user_id=user.pk,
        role__in=(Role.JUDGE, Role.CLERK),
        organisation__kind=OrgKind.COURT,
        organisation__is_active=True,
    ).exists()


def finding_list_for(
    *, user: User, kind: str | None = None, status: str | None = None
) -> QuerySet[Finding]:
    """Findings `user` may see (module docstring), newest first, filtered by kind/status."""
    cond = visible_q(user, Finding)
    if is_reader(user):
        cond |= Q(status=FindingStatus.CONFIRMED, party__isnull=False, sealed=False)
    own = scope_for(user).own_org_ids
    if own:
        sent_to = Finding.notified_orgs.through.objects.filter(organisation_id__in=own)
        cond |= Q(rule=court_rules.COURT_NOTICE, pk__in=sent_to.values("finding_id"))
    qs = Finding.objects.filter(cond).select_related(
        "owner_org", "party", "trademark", "patent", "matched_trademark", "decided_by", "run"
    )
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs


def confirmed_findings_on(*, user: User, party: Party) -> QuerySet[Finding]:
    """The confirmed findings about `party` that `user` may see (the party page's panel)."""
    return (
        finding_list_for(user=user, status=FindingStatus.CONFIRMED)
        .filter(party=party)
        .select_related("case")
    )


def court_notice_list_for(
    *, user: User, kind: str | None = None, party: Party | None = None
) -> QuerySet[Finding]:
    """Courts' notices of bad faith `user` may see (finding_list_for's rule), newest first."""
    qs = finding_list_for(user=user, kind=kind).filter(rule=court_rules.COURT_NOTICE)
    if party is not None:
        qs = qs.filter(party=party)
    return qs.select_related("case").prefetch_related("notified_orgs")


def run_list_for(*, user: User) -> QuerySet[ScreeningRun]:
    """Screening runs under the platform's rule (the screening office and those above)."""
    return visible(ScreeningRun.objects.select_related("actor", "applicant"), user)


# --- The dishonesty list (信用) -------------------------------------------------------------
# A listing in preparation (proposed, notified, objected) and one that ended without being
# listed follow the platform's rule: the deciding office and those above it. A listing that
# was decided (listed, and after it expired or removed early), unless sealed, is seen by every
# signed-in user: it was public. The public (no login) sees only listings in force, and only
# their public fields (credit_rules.PUBLIC_FIELDS; see public_listing_list).

WAS_PUBLIC = (ListingStatus.LISTED, ListingStatus.EXPIRED, ListingStatus.REMOVED_EARLY)


def listing_list_for(
    *, user: User, kind: str | None = None, status: str | None = None
) -> QuerySet[CreditListing]:
    """Listings `user` may see (rule above), newest first, filtered by kind and status."""
    cond = visible_q(user, CreditListing)
    if user is not None and user.is_authenticated:
        cond |= Q(status__in=WAS_PUBLIC, sealed=False)
    qs = CreditListing.objects.filter(cond).select_related("owner_org", "party", "proposed_by")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs


def public_listing_list(*, now: datetime.datetime | None = None) -> QuerySet[CreditListing]:
    """Listings in force now, for the public page: listed, unsealed, inside their term
    (a listing past its term is hidden even before the sweep marks it expired)."""
    now = now or timezone.now()
    return (
        CreditListing.objects.filter(
            status=ListingStatus.LISTED,
            sealed=False,
            published_from__lte=now,
            published_until__gt=now,
        )
        .select_related("party", "owner_org")
        .order_by("-published_from", "-id")
    )


@dataclass(frozen=True)
class CreditStatus:
    """What a party page says about the dishonesty list: the listings in force, each with
    why (facts, basis), until when and the measures that follow."""

    listed: bool
    entries: list[dict[str, Any]]


def party_credit_status(*, party: Party, now: datetime.datetime | None = None) -> CreditStatus:
    """The party's listings in force (public facts only). Caveat: reads the public list, so
    a sealed listing is not shown here even to its owner; its owner sees it in the workflow."""
    entries = []
    for listing in public_listing_list(now=now).filter(party=party):
        rule = credit_rules.kind_rule(listing.kind)
        entries.append(
            {
                "listing": listing,
                "kind": rule.label,
                "facts": listing.facts,
                "legal_basis": listing.legal_basis,
                "office": listing.owner_org.name,
                "since": listing.published_from,
                "until": listing.published_until,
                "measures": rule.measure_texts(),
            }
        )
    return CreditStatus(listed=bool(entries), entries=entries)
