"""`{% freeze_timeline right %}`: the right's freeze history, for the register's pages."""

from django import template

from ipcoord.preservation import selectors

register = template.Library()


@register.inclusion_tag("preservation/timeline.html", takes_context=True)
def freeze_timeline(context, right):
    request = context.get("request")
    user = getattr(request, "user", None)
    entries = selectors.freeze_timeline_for(user=user, right=right) if user else None
    state = selectors.right_state_for(user=user, right=right) if user else None
    return {"entries": entries, "state": state}
