"""Template context shared by every page: the viewer's organisations and unread count."""

from typing import Any

from django.http import HttpRequest

from ipcoord.core.models import Membership


def platform(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memberships = Membership.objects.filter(user=user).select_related("organisation").order_by("id")
    return {
        "my_memberships": memberships,
        "my_roles": {m.role for m in memberships},
        "unread_count": user.notifications.filter(read_at__isnull=True).count(),
    }
