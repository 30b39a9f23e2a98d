"""Outbound HTTP for webhooks: stdlib urllib, a short timeout, no redirects, and no
requests into internal networks.

Redirects are never followed (a 3xx counts as a failed attempt): a receiver that moved must
have its subscription updated, and a redirect must not carry signed data to another host.
A receiver whose name resolves to an address off the public internet (loopback, private,
link-local …) is refused unless the operator allowed its network
(`EXCHANGE_WEBHOOK_ALLOWED_NETWORKS`): otherwise anyone who may subscribe could make the
platform call its own database, cache or cloud metadata service.

Caveat: the name is resolved again when urllib connects; a name that changes its answer
between the check and the connection (DNS rebinding) is not caught.
"""

import ipaddress
import socket
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

TIMEOUT_S = 10
USER_AGENT = "ipcoord-webhooks/1"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def internal_address(url: str) -> str | None:
    """The first address `url`'s host resolves to that is not on the public internet nor
    in an allowed network, or None (also when the name does not resolve now)."""
    parts = urlsplit(url)
    if not parts.hostname:
        return None
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError):
        return None
    allowed = [
        ipaddress.ip_network(n, strict=False) for n in settings.EXCHANGE_WEBHOOK_ALLOWED_NETWORKS
    ]
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if ip.version == 6 and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if not ip.is_global and not any(ip in network for network in allowed):
            return str(ip)
    return None


def internal_reason(address: str) -> str:
    return _(
        "接收地址解析到内部网络地址 %(address)s，不予推送；如确为专线等内网接收方，请运营方把该网段"
        "加入 WEBHOOK_ALLOWED_NETWORKS。"
    ) % {"address": address}


def post_json(url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
    """POST `body` as JSON; returns (status code or None when no answer, error text)."""
    if urlsplit(url).scheme not in ("http", "https"):
        return None, "only http(s) targets are allowed"
    if (address := internal_address(url)) is not None:
        return None, internal_reason(address)[:500]
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
