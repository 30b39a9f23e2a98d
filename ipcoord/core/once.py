"""One-time forms: a form whose answer shows a secret once (a new token, a signing secret)
acts once. Reloading that answer sends the form again; it must not create or replace
anything a second time. Each rendered form carries a random value kept in the session;
posting it is honoured only while the session still holds it, and using it removes it.

Caveat: the session keeps the last `KEEP` values per scope, so the oldest of many open
forms of one kind (tabs) stops working; its poster is told and reloads.
"""

import secrets

from django.http import HttpRequest

KEEP = 10


def once_issue(request: HttpRequest, scope: str) -> str:
    """A new value for one rendered form of `scope`."""
    value = secrets.token_hex(8)
    pending = request.session.get(_key(scope), [])
    request.session[_key(scope)] = [*pending[-(KEEP - 1) :], value]
    return value


def once_pending(request: HttpRequest, scope: str, value: str) -> bool:
    """Whether `value` was issued for `scope` and not used yet."""
    return bool(value) and value in request.session.get(_key(scope), [])


def once_used(request: HttpRequest, scope: str, value: str) -> None:
    """Call when the form's act succeeded: the same value is refused from now on."""
    pending = request.session.get(_key(scope), [])
    request.session[_key(scope)] = [v for v in pending if v != value]


def _key(scope: str) -> str:
    return f"once:{scope}"
