"""One-time forms: a value acts once, per scope, and only the newest few are kept."""

from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.test import RequestFactory

from ipcoord.core.once import KEEP, once_issue, once_pending, once_used


def _request():
    request = RequestFactory().get("/")
    request.session = SessionStore()
    return request


def test_a_value_acts_once_and_only_in_its_scope():
    request = _request()
    value = once_issue(request, "token")
    assert once_pending(request, "token", value)
    assert not once_pending(request, "secret", value) and not once_pending(request, "token", "")
    once_used(request, "token", value)
    assert not once_pending(request, "token", value)


def test_only_the_newest_values_are_kept():
    request = _request()
    values = [once_issue(request, "token") for _ in range(KEEP + 1)]
    assert not once_pending(request, "token", values[0])
    assert all(once_pending(request, "token", v) for v in values[1:])
