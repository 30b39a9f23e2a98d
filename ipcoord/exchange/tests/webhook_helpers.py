"""A local webhook receiver (http.server on 127.0.0.1, in a thread) and the verification
recipe of README.md ("Webhooks"), copied verbatim so the test proves the documentation."""

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from django.test import override_settings


# --- README.md recipe -----------------------------------------------------------------------
def verify_webhook(secret: str, headers: dict, body: bytes, tolerance: int = 300) -> bool:
    timestamp = headers["X-Ipcoord-Timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False  # too old (or from the future): a replay
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    expected = ("sha256=" + mac.hexdigest()).encode()
    # After a secret rotation the header carries several signatures, comma-separated
    # (the new secret's first): accept the request if any of them is yours.
    signatures = headers["X-Ipcoord-Signature"].split(",")
    return any([hmac.compare_digest(expected, s.strip().encode()) for s in signatures])


# ------------------------------------------------------------------------------------------


@dataclass
class Receiver:
    url: str = ""
    fail_first: int = 0
    status: int = 200
    delay: float = 0.0
    redirect_to: str = ""
    calls: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def received(self) -> list[dict[str, Any]]:
        """Feed items of the requests answered 2xx, in arrival order."""
        return [item for c in self.calls if c["answered"] < 300 for item in c["json"]["items"]]


@contextmanager
def receiver(**kw: Any) -> Iterator[Receiver]:
    rec = Receiver(**kw)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if rec.delay:
                time.sleep(rec.delay)
            with rec.lock:
                n = len(rec.calls)
                if rec.redirect_to:
                    code = 307
                elif n < rec.fail_first:
                    code = 503
                else:
                    code = rec.status
                rec.calls.append(
                    {
                        "headers": dict(self.headers.items()),
                        "body": body,
                        "json": json.loads(body),
                        "answered": code,
                        "path": self.path,
                    }
                )
            self.send_response(code)
            if rec.redirect_to:
                self.send_header("Location", rec.redirect_to)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    rec.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    # The receiver is on loopback, which webhooks refuse unless the operator allows it.
    try:
        with override_settings(EXCHANGE_WEBHOOK_ALLOWED_NETWORKS=["127.0.0.1/32"]):
            yield rec
    finally:
        server.shutdown()
        server.server_close()
