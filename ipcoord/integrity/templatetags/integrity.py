"""`{% integrity_panel party %}`: the party's confirmed findings (诚信甄别), for the party page.

Shown to members of courts and IP administrations (who may read confirmed findings); IP
officers also get the button that runs the applicant signals.
"""

from django import template

from ipcoord.integrity import selectors

register = template.Library()


@register.inclusion_tag("integrity/panel.html", takes_context=True)
def integrity_panel(context, party):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not selectors.is_reader(user):
        return {"show": False}
    findings = selectors.confirmed_findings_on(user=user, party=party)[:20]
    return {
        "show": True,
        "party": party,
        "findings": list(findings),
        "can_screen": bool(selectors.officer_org_ids(user)),
        "csrf_token": context.get("csrf_token"),
    }
