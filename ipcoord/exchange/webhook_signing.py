"""Signatures of webhook deliveries (no Django import; webhooks.py re-exports `sign` and
`verify`).

A delivery carries `X-Ipcoord-Timestamp: T` and `X-Ipcoord-Signature: sha256=HEX`, HEX =
HMAC-SHA256(secret, f"{T}." + body). After a secret rotation, while the previous secret is
still valid, the header holds one signature per secret, the new one first and comma-separated
(`sha256=NEW,sha256=OLD`, as Stripe does): a receiver checks whether any of them matches its
secret, so it can switch to the new secret at any moment of the overlap.
"""

import hashlib
import hmac
import secrets
import time
from collections.abc import Iterable

SIGNATURE_TOLERANCE_S = 300


def new_secret() -> str:
    """A fresh signing secret: 32 random bytes as 64 hex characters."""
    return secrets.token_hex(32)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """`sha256=HEX`, HEX = HMAC-SHA256(secret, f"{timestamp}." + body)."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def signature_header(secrets_: Iterable[str], timestamp: int, body: bytes) -> str:
    """The `X-Ipcoord-Signature` value: one signature per secret, in the given order."""
    return ",".join(sign(secret, timestamp, body) for secret in secrets_)


def verify(
    secret: str, timestamp: str, body: bytes, signature: str, *, now: float | None = None
) -> bool:
    """The receiver's check (README.md, "Webhooks", has the same recipe without Django):
    the timestamp is recent and one of the header's signatures is ours. Each signature is
    compared in constant time, and all of them are compared."""
    try:
        ts = int(timestamp)
    except ValueError:
        return False
    if abs((time.time() if now is None else now) - ts) > SIGNATURE_TOLERANCE_S:
        return False
    expected = sign(secret, ts, body).encode()
    matches = [hmac.compare_digest(expected, s.strip().encode()) for s in signature.split(",")]
    return any(matches)
