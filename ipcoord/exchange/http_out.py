"""Outbound HTTP for webhooks: stdlib http.client, a short timeout, no redirects, and no
requests into internal networks — also not through a name that changes its answer.

A receiver whose name resolves to an address off the public internet (loopback, private,
link-local …) is refused unless the operator allowed its network
(`EXCHANGE_WEBHOOK_ALLOWED_NETWORKS`): otherwise anyone who may subscribe could make the
platform call its own database, cache or cloud metadata service.

The name is resolved once per request (`resolve`), every address it gives is checked, and
the connection is made to those checked addresses themselves (`PinnedHTTPConnection`,
`PinnedHTTPSConnection`), never to the name: a resolver that answers a public address to
the check and 127.0.0.1 a moment later (DNS rebinding) cannot steer the request inside.
The Host header, and for https the TLS SNI and the certificate's name check, still use the
URL's host name, so virtual hosts and certificates work as with any client.

Redirects are never followed (a 3xx counts as a failed attempt): a receiver that moved must
have its subscription updated, and a redirect must not carry signed data to another host.

Caveat: HTTP proxies (`HTTPS_PROXY` …) are not used; receivers are reached directly.
"""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

TIMEOUT_S = 10
USER_AGENT = "ipcoord-webhooks/1"

# One getaddrinfo() entry: (family, type, proto, canonname, sockaddr).
AddrInfo = tuple[Any, ...]


@dataclass(frozen=True)
class Target:
    """A URL's host resolved once: the addresses to connect to, in the resolver's order,
    and the first of them that is refused (None when all may be called)."""

    host: str
    port: int
    addresses: tuple[AddrInfo, ...]
    refused: str | None


def _ip(sockaddr: tuple[Any, ...]) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    ip = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _first_refused(infos: list[AddrInfo]) -> str | None:
    allowed = [
        ipaddress.ip_network(n, strict=False) for n in settings.EXCHANGE_WEBHOOK_ALLOWED_NETWORKS
    ]
    for info in infos:
        ip = _ip(info[4])
        if not ip.is_global and not any(ip in network for network in allowed):
            return str(ip)
    return None


def resolve(url: str) -> Target:
    """Resolve `url`'s host (one lookup) and check every address it gives.

    Raises OSError (socket.gaierror), UnicodeError or ValueError when the URL has no host,
    a bad port, or the name does not resolve.
    """
    parts = urlsplit(url)
    if not parts.hostname:
        raise ValueError("the URL has no host")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    return Target(parts.hostname, port, tuple(infos), _first_refused(infos))


def internal_address(url: str) -> str | None:
    """The first address `url`'s host resolves to that is not on the public internet nor
    in an allowed network, or None (also when the name does not resolve now). For the
    check when subscribing; a delivery checks again, on the addresses it connects to."""
    try:
        return resolve(url).refused
    except (OSError, UnicodeError, ValueError):
        return None


def internal_reason(address: str) -> str:
    return _(
        "接收地址解析到内部网络地址 %(address)s，不予推送；如确为专线等内网接收方，请运营方把该网段"
        "加入 WEBHOOK_ALLOWED_NETWORKS。"
    ) % {"address": address}


def open_socket(addresses: tuple[AddrInfo, ...], port: int, timeout: float) -> socket.socket:
    """A TCP connection to the first of `addresses` that answers; no name lookup here."""
    error: OSError | None = None
    for family, type_, proto, _canonname, sockaddr in addresses:
        sock = socket.socket(family, type_, proto)
        try:
            sock.settimeout(timeout)
            sock.connect((sockaddr[0], port, *sockaddr[2:]))
        except OSError as exc:
            sock.close()
            error = exc
            continue
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock
    raise error or OSError("the name resolved to no address")


class PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to the already checked `addresses`; `host` is only the Host header."""

    def __init__(
        self, host: str, port: int, *, addresses: tuple[AddrInfo, ...], timeout: float
    ) -> None:
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def connect(self) -> None:
        self.sock = open_socket(self.addresses, self.port, self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to the already checked `addresses`. SNI and the certificate's name check use
    `host` (the URL's name), against the system's trusted CAs unless `context` says else."""

    def __init__(
        self,
        host: str,
        port: int,
        *,
        addresses: tuple[AddrInfo, ...],
        timeout: float,
        context: ssl.SSLContext | None = None,
    ) -> None:
        self.ssl_context = context or ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.ssl_context)
        self.addresses = addresses

    def connect(self) -> None:
        sock = open_socket(self.addresses, self.port, self.timeout)
        try:
            self.sock = self.ssl_context.wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise


def post_json(url: str, body: bytes, headers: dict[str, str]) -> tuple[int | None, str]:
    """POST `body` as JSON; returns (status code or None when no answer, error text)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None, "only http(s) targets are allowed"
    try:
        target = resolve(url)
    except (OSError, UnicodeError, ValueError) as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]
    if target.refused is not None:
        return None, internal_reason(target.refused)[:500]
    pinned = PinnedHTTPSConnection if parts.scheme == "https" else PinnedHTTPConnection
    connection = pinned(target.host, target.port, addresses=target.addresses, timeout=TIMEOUT_S)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": USER_AGENT,
                **headers,
            },
        )
        response = connection.getresponse()
        status, reason = response.status, response.reason
    except (OSError, http.client.HTTPException, UnicodeError, ValueError) as exc:
        return None, f"{type(exc).__name__}: {exc}"[:500]
    finally:
        connection.close()
    if 200 <= status < 300:
        return status, ""
    return status, f"HTTP {status} {reason}"[:500]
