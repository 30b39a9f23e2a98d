"""Recording a signal as a lead, once: the patent and litigation screens share this.

A lead is identified by (office, kind, patent, party, rule, matched_ref). A re-run reuses the
open (lead) or confirmed finding with that identity instead of doubling the queue; a dismissed
one does not block a new lead, since the facts may have changed since it was dismissed.
Caveat: the reused lead keeps the evidence of the run that raised it.
"""

from dataclasses import dataclass, field
from typing import Any

from ipcoord.core.audit import audit_record
from ipcoord.core.models import Organisation, User
from ipcoord.integrity.models import Finding, FindingStatus, ScreeningRun


@dataclass
class Lead:
    """One signal to record: what it is about, the rule and the evidence a person checks."""

    kind: str
    rule: str
    legal_basis: str
    score: float
    reasons: list[str]
    evidence: dict[str, Any] = field(default_factory=dict)
    patent_id: int | None = None
    party_id: int | None = None
    case_id: int | None = None
    matched_ref: str = ""
    matched_text: str = ""


def record_lead(
    *, actor: User | None, office: Organisation, run: ScreeningRun | None, lead: Lead
) -> tuple[Finding, bool]:
    """The finding for `lead`, created unless an open or confirmed one exists (module doc).
    Call inside a transaction."""
    same = Finding.objects.filter(
        owner_org=office,
        kind=lead.kind,
        patent_id=lead.patent_id,
        party_id=lead.party_id,
        rule=lead.rule,
        matched_ref=lead.matched_ref,
        status__in=(FindingStatus.LEAD, FindingStatus.CONFIRMED),
    ).first()
    if same is not None:
        return same, False
    finding = Finding.objects.create(
        owner_org=office,
        kind=lead.kind,
        run=run,
        patent_id=lead.patent_id,
        party_id=lead.party_id,
        case_id=lead.case_id,
        matched_ref=lead.matched_ref[:200],
        matched_text=lead.matched_text[:200],
        evidence=lead.evidence,
        score=min(max(float(lead.score), 0.0), 1.0),
        reasons=lead.reasons,
        rule=lead.rule,
        legal_basis=lead.legal_basis[:200],
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="integrity.finding_record",
        obj=finding,
        organisation=office,
        after={
            "kind": finding.kind,
            "rule": finding.rule,
            "patent": lead.patent_id,
            "party": lead.party_id,
            "matched": finding.matched_ref,
            "run": run.pk if run else None,
        },
    )
    return finding, True
