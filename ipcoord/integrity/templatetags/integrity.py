"""`{% integrity_panel party %}`: the party's integrity on the party page;
`{% integrity_patent_panel patent %}`: the findings on a patent, on the patent page.

- Every signed-in user sees whether the party is on a dishonesty list in force, which one,
  why (the public facts and basis), until when and the measures that follow.
- Members of courts and IP administrations also see the confirmed findings (诚信甄别),
  among them the courts' notices of bad faith (法院通报: court, case, date, facts);
  IP officers get the buttons that run the applicant signals and propose a listing; judges
  and clerks the way to notify bad faith found in their case (法院通报).
"""

from django import template

from ipcoord.integrity import court_rules, selectors
from ipcoord.integrity.models import FindingStatus

register = template.Library()


@register.inclusion_tag("integrity/panel.html", takes_context=True)
def integrity_panel(context, party):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    reader = selectors.is_reader(user)
    findings = list(selectors.confirmed_findings_on(user=user, party=party)[:20]) if reader else []
    return {
        "show": True,
        "reader": reader,
        "party": party,
        "credit": selectors.party_credit_status(party=party),
        "findings": findings,
        "can_screen": bool(selectors.officer_org_ids(user)),
        "can_notify": selectors.is_court_member(user),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("integrity/patent_panel.html", takes_context=True)
def integrity_patent_panel(context, patent):
    """Leads and confirmed findings on `patent` that the viewer may see (selectors'
    visibility rule: the screening office and those above it; no panel for others)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    findings = list(
        selectors.finding_list_for(user=user)
        .filter(patent=patent, status__in=(FindingStatus.LEAD, FindingStatus.CONFIRMED))
        .order_by("status", "-score")[:20]
    )
    return {"show": bool(findings) or bool(selectors.officer_org_ids(user)), "findings": findings}


@register.filter
def is_court_notice(finding) -> bool:
    return court_rules.is_court_notice(finding)


@register.filter
def court_kind(finding) -> str:
    """The kind in a court's words for a court's notice, the screening's label otherwise."""
    return court_rules.kind_label(finding)
