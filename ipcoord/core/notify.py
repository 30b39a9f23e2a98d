"""In-app notifications: a verb with parameters, rendered in the reader's language.

Apps register their message texts with `register_texts` (in their AppConfig.ready) so that
core needs to know nothing about them.
"""

from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from ipcoord.core.models import Notification, User

_TEXTS: dict[str, Promise | str] = {}


def register_texts(texts: dict[str, Promise | str]) -> None:
    _TEXTS.update(texts)


def render(notification: Notification) -> str:
    template = _TEXTS.get(notification.verb)
    if template is None:
        return notification.verb
    try:
        return str(template) % notification.params
    except (KeyError, TypeError, ValueError):
        return str(template)


def notify(
    *, recipients: Iterable[User], verb: str, params: dict[str, Any] | None = None, url: str = ""
) -> int:
    """Create one notification per distinct recipient; returns how many were made."""
    unique = {u.pk: u for u in recipients if u.pk}
    Notification.objects.bulk_create(
        [Notification(recipient_id=pk, verb=verb, params=params or {}, url=url) for pk in unique]
    )
    return len(unique)


__all__ = ["notify", "register_texts", "render", "_"]
