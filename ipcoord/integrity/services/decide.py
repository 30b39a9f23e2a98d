"""A person's decision on a lead: confirm or dismiss, always with a reason.

The transition lead → confirmed / dismissed is a conditional update, so two officers deciding
the same lead at once cannot both win: the second gets a clear error and writes nothing.
A decision is final here; undoing it would be a new recorded step (not built yet).
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcoord.cases.models import Case, CaseParty
from ipcoord.core.audit import audit_record
from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import OrgKind, User
from ipcoord.core.notify import notify
from ipcoord.core.selectors import members_of
from ipcoord.integrity.models import Finding, FindingStatus
from ipcoord.integrity.services._common import require_decider

MAX_REASON = 2000


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(
            _("请写明理由：线索只有在说明理由后才能确认或排除。"),
            code="reason_required",
            extra={"field": "reason"},
        )
    if len(reason) > MAX_REASON:
        raise ApplicationError(
            _("理由过长，请控制在 2000 字以内。"), code="reason_too_long", extra={"field": "reason"}
        )
    return reason


def _decide(*, actor: User | None, finding: Finding, reason: str, status: str) -> Finding:
    require_decider(actor, finding)
    reason = _clean_reason(reason)
    now = timezone.now()
    changed = Finding.objects.filter(pk=finding.pk, status=FindingStatus.LEAD).update(
        status=status,
        decided_by=actor if actor is not None and actor.pk else None,
        decided_at=now,
        decision_reason=reason,
        updated_at=now,
    )
    if not changed:
        raise ApplicationError(
            _("该线索已经甄别过（%(status)s），不能再次确认或排除。")
            % {"status": Finding.objects.get(pk=finding.pk).get_status_display()},
            code="already_decided",
            status=409,
        )
    finding.refresh_from_db()
    audit_record(
        actor=actor,
        action=f"integrity.finding_{'confirm' if status == FindingStatus.CONFIRMED else 'dismiss'}",
        obj=finding,
        organisation=finding.owner_org,
        before={"status": FindingStatus.LEAD},
        after={"status": status, "reason": reason},
    )
    return finding


def _tell_courts(finding: Finding, actor: User | None) -> int:
    """Notify the courts with cases involving the finding's party, and the courts of the
    cases the finding rests on (its case, `evidence["cases"]`) (通报机制)."""
    if finding.party_id is None or finding.sealed:
        return 0
    courts = set(
        CaseParty.objects.filter(
            party_id=finding.party_id, case__owner_org__kind=OrgKind.COURT
        ).values_list("case__owner_org_id", flat=True)
    )
    rested = [c for c in (finding.evidence or {}).get("cases", []) if isinstance(c, int)]
    if finding.case_id:
        rested.append(finding.case_id)
    courts |= set(
        Case.objects.filter(pk__in=rested, owner_org__kind=OrgKind.COURT).values_list(
            "owner_org_id", flat=True
        )
    )
    if not courts:
        return 0
    # Which courts were told is part of the record (the finding page lists them); audited
    # with the decision's transaction.
    finding.notified_orgs.add(*courts)
    audit_record(
        actor=actor,
        action="integrity.finding.notify",
        obj=finding,
        organisation=finding.owner_org,
        after={"notified_orgs": sorted(courts)},
    )
    url = reverse("integrity:finding_detail", args=[finding.pk])
    params = {
        "office": finding.owner_org.name,
        "party": finding.party.name,
        "kind": str(finding.get_kind_display()),
    }
    return notify(
        recipients=members_of(organisation_ids=courts),
        verb="integrity.confirmed",
        params=params,
        url=url,
    )


@transaction.atomic
def finding_confirm(*, actor: User | None, finding: Finding, reason: str) -> Finding:
    """Confirm a lead with a reason. If it is about a party, the courts with cases involving
    that party are notified, and every court and IP office can then read it on the party's
    page. Caveat: the notice goes to the members of those courts at this moment."""
    finding = _decide(actor=actor, finding=finding, reason=reason, status=FindingStatus.CONFIRMED)
    _tell_courts(finding, actor)
    return finding


@transaction.atomic
def finding_dismiss(*, actor: User | None, finding: Finding, reason: str) -> Finding:
    """Dismiss a lead; the reason is required and kept with it (it stays with the office)."""
    return _decide(actor=actor, finding=finding, reason=reason, status=FindingStatus.DISMISSED)
