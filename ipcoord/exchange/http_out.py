"""Outbound HTTP for webhooks: stdlib urllib, a short timeout, and no redirects.

Redirects are never followed (a 3xx counts as a failed attempt): a receiver that moved must
have its subscription updated, and a redirect must not carry signed data to another host.
"""

import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

TIMEOUT_S = 10
USER_AGENT = "ipcoord-webhooks/1"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def post_json(url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
    """POST `body` as JSON; returns (status code or None when no answer, error text)."""
    if urlsplit(url).scheme not in ("http", "https"):
        return None, "only http(s) targets are allowed"
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": USER_AGENT,
            **headers,
        },
    )
    try:
        with _opener.open(request, timeout=TIMEOUT_S) as response:
            return response.status, ""
    except urllib.error.HTTPError as exc:
        return exc.code, f"HTTP {exc.code} {exc.reason}"[:500]
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", exc)
        return None, f"{type(exc).__name__}: {reason}"[:500]
