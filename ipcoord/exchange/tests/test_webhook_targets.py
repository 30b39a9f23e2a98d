"""Webhooks do not reach into internal networks unless the operator allows the network,
not even through a name that rebinds, and https still checks the certificate's name."""

import datetime
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.test import override_settings

from ipcoord.core.exceptions import ApplicationError
from ipcoord.exchange.http_out import USER_AGENT, PinnedHTTPSConnection, post_json
from ipcoord.exchange.models import Delivery, Subscription
from ipcoord.exchange.tests.batch_helpers import org_admin
from ipcoord.exchange.tests.feed_helpers import file_case
from ipcoord.exchange.tests.webhook_helpers import receiver
from ipcoord.exchange.webhooks import subscription_create, subscription_deliver


@pytest.fixture
def admin(world):
    return org_admin(world.bj_ip_court, "bj_admin")


def subscribe(world, admin, url: str):
    return subscription_create(
        actor=admin, organisation=world.bj_ip_court, target_url=url, owner=world.bj_judge
    )


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:6379/",  # the platform's own cache
        "http://localhost:5432/",
        "http://169.254.169.254/latest/meta-data/",  # a cloud's metadata service
        "https://10.1.2.3/hook",
        "http://[::1]/hook",
        "http://[::ffff:192.168.1.1]/hook",
        "http://100.64.0.1/hook",
    ],
)
def test_an_internal_target_is_refused_and_nothing_is_written(world, admin, url):
    with pytest.raises(ApplicationError) as exc:
        subscribe(world, admin, url)
    assert exc.value.code == "internal_target"
    assert exc.value.extra == {"field": "target_url"}
    assert "WEBHOOK_ALLOWED_NETWORKS" in exc.value.message
    assert not Subscription.objects.exists()


def test_an_allowed_network_and_the_public_internet_are_accepted(world, admin):
    with override_settings(EXCHANGE_WEBHOOK_ALLOWED_NETWORKS=["10.20.0.0/16"]):
        sub, _ = subscribe(world, admin, "https://10.20.3.4/ipcoord")
        with pytest.raises(ApplicationError):
            subscribe(world, admin, "https://10.21.0.1/ipcoord")
    public, _ = subscribe(world, admin, "https://203.0.114.9/ipcoord")
    assert {sub.target_url, public.target_url} == {
        "https://10.20.3.4/ipcoord",
        "https://203.0.114.9/ipcoord",
    }


def test_a_delivery_to_an_address_no_longer_allowed_is_not_sent(world, admin):
    with receiver() as rec:
        sub, _ = subscribe(world, admin, rec.url)
        file_case(world.bj_judge, "（2024）京73民初1号")
        with override_settings(EXCHANGE_WEBHOOK_ALLOWED_NETWORKS=[]):
            assert subscription_deliver(subscription_id=sub.pk).outcome == "retry"
    assert rec.calls == []
    failed = Delivery.objects.get(subscription=sub)
    assert "127.0.0.1" in failed.error and failed.response_code is None


# --- the connection goes to the address that was checked (DNS rebinding) ------------------


def resolver(monkeypatch, *ips: str) -> list[str]:
    """Make every name resolve to ips[0] the first time, ips[1] the second …, the last one
    from then on (what a rebinding attacker's DNS server does); returns the names asked."""
    asked: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        asked.append(host)
        ip = ips[min(len(asked), len(ips)) - 1]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port))]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return asked


def record_connects(monkeypatch) -> list[tuple]:
    """Every TCP connect's address; the public internet is unreachable here (refused)."""
    connected: list[tuple] = []
    real_connect = socket.socket.connect

    def connect(sock, address):
        connected.append(address)
        if address[0] != "127.0.0.1":
            raise ConnectionRefusedError(111, "Connection refused")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
    return connected


def test_a_name_that_rebinds_to_loopback_cannot_reach_it(monkeypatch):
    with receiver() as rec, override_settings(EXCHANGE_WEBHOOK_ALLOWED_NETWORKS=[]):
        port = urlsplit(rec.url).port
        asked = resolver(monkeypatch, "203.0.114.7", "127.0.0.1")
        connected = record_connects(monkeypatch)
        code, error = post_json(f"http://rebind.example.test:{port}/hook", b"{}", {})
    assert rec.calls == []  # nothing reached 127.0.0.1
    assert connected == [("203.0.114.7", port)]  # only the checked address was called
    assert asked == ["rebind.example.test"]  # resolved once
    assert code is None and error.startswith("ConnectionRefusedError")


def test_a_pinned_request_keeps_the_name_in_the_host_header(monkeypatch):
    with receiver() as rec:
        port = urlsplit(rec.url).port
        asked = resolver(monkeypatch, "127.0.0.1")
        code, error = post_json(
            f"http://hooks.example.test:{port}/in?x=1", b"{}", {"X-Ipcoord-Delivery": "7"}
        )
    assert (code, error) == (200, "")
    assert asked == ["hooks.example.test"]
    (call,) = rec.calls
    assert call["headers"]["Host"] == f"hooks.example.test:{port}"
    assert call["headers"]["User-Agent"] == USER_AGENT
    assert call["headers"]["X-Ipcoord-Delivery"] == "7" and call["path"] == "/in?x=1"


# --- https to a pinned address still checks the certificate against the URL's name -------


def self_signed(folder: Path, name: str) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.KeyUsage(True, False, False, False, False, True, False, False, False),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@contextmanager
def tls_receiver(cert: Path, key: Path) -> Iterator[dict]:
    """An https receiver on 127.0.0.1 with `cert`; records the SNI names and Host headers."""
    seen: dict = {"port": 0, "sni": [], "host": []}
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    context.sni_callback = lambda _sock, name, _ctx: seen["sni"].append(name)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            self.rfile.read(int(self.headers["Content-Length"]))
            seen["host"].append(self.headers["Host"])
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    seen["port"] = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield seen
    finally:
        server.shutdown()
        server.server_close()


def test_https_to_a_pinned_address_verifies_the_certificate_for_the_url_name(tmp_path):
    cert, key = self_signed(tmp_path, "hooks.example.org")
    trusting = ssl.create_default_context(cafile=str(cert))
    with tls_receiver(cert, key) as seen:
        loopback = ((socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", seen["port"])),)

        def connection(name: str, context=None) -> PinnedHTTPSConnection:
            return PinnedHTTPSConnection(
                name, seen["port"], addresses=loopback, timeout=5, context=context
            )

        ok = connection("hooks.example.org", trusting)
        ok.request("POST", "/hook", body=b"{}")
        assert ok.getresponse().status == 204
        ok.close()
        # The certificate names hooks.example.org, not 127.0.0.1: the name was checked,
        # and sent as SNI and Host.
        assert seen["sni"] == ["hooks.example.org"]
        assert seen["host"] == [f"hooks.example.org:{seen['port']}"]

        wrong_name = connection("other.example.org", trusting)
        with pytest.raises(ssl.SSLCertVerificationError, match="mismatch"):
            wrong_name.request("POST", "/hook", body=b"{}")
        wrong_name.close()

        default = connection("hooks.example.org")  # what post_json uses: system CAs only
        assert default.ssl_context.check_hostname is True
        assert default.ssl_context.verify_mode == ssl.CERT_REQUIRED
        with pytest.raises(ssl.SSLCertVerificationError, match="self-signed"):
            default.request("POST", "/hook", body=b"{}")
        default.close()
    assert len(seen["host"]) == 1  # neither refused connection got as far as a request
