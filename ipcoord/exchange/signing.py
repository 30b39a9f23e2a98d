"""Ed25519 keys and the canonical manifest of a batch: what is signed and how it is checked.

What is signed: the UTF-8 bytes of the manifest **without its `signature` field**, written
as JSON with sorted keys, no whitespace (`separators=(",", ":")`) and non-ASCII characters
as themselves (`ensure_ascii=False`). The manifest carries `payload_sha256`, so the
signature covers the payload too. The signature is base64 (standard alphabet, padded).

Caveats: numbers in a manifest must be integers (floats have no single canonical form
across languages); every field other than `signature` is signed, including any extra
fields a client adds. This module needs no database.
"""

import base64
import binascii
import hashlib
import json
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.utils.translation import gettext as _

from ipcoord.core.exceptions import ApplicationError

MANIFEST_FIELDS = (
    "batch_id",
    "source_system",
    "record_kind",
    "record_count",
    "payload_sha256",
    "key_id",
)


class SigningError(ApplicationError):
    """A public or private key cannot be read."""


def canonical_manifest(manifest: dict[str, Any]) -> bytes:
    """The bytes that are signed: every field but `signature`, canonical JSON, UTF-8."""
    fields = {k: v for k, v in manifest.items() if k != "signature"}
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


# A payload is bytes in memory or a file on disk (a batch of a million records is read in
# blocks, never whole).
Payload = bytes | Path
_BLOCK = 1 << 20


def payload_digest(data: Payload) -> str:
    if isinstance(data, bytes):
        return hashlib.sha256(data).hexdigest()
    digest = hashlib.sha256()
    with data.open("rb") as f:
        while block := f.read(_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def load_public_key(text: str) -> Ed25519PublicKey:
    """A PEM ("-----BEGIN PUBLIC KEY-----") or the raw 32 bytes in base64."""
    text = text.strip()
    try:
        if text.startswith("-----BEGIN"):
            key = serialization.load_pem_public_key(text.encode("ascii"))
        else:
            key = Ed25519PublicKey.from_public_bytes(base64.b64decode(text, validate=True))
    except (ValueError, TypeError, binascii.Error, UnicodeEncodeError) as exc:
        raise SigningError(
            _("无法读取公钥：请提供 Ed25519 公钥的 PEM 文本或 32 字节的 base64。"),
            code="bad_public_key",
        ) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise SigningError(_("公钥不是 Ed25519 密钥。"), code="bad_public_key")
    return key


def public_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def key_id_of(key: Ed25519PublicKey) -> str:
    """First 16 hex digits of the SHA-256 of the raw 32-byte public key."""
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def verify_manifest(manifest: dict[str, Any], key: Ed25519PublicKey) -> bool:
    signature = manifest.get("signature")
    if not isinstance(signature, str):
        return False
    try:
        key.verify(base64.b64decode(signature, validate=True), canonical_manifest(manifest))
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True


# --- the operator's side (CLI) ----------------------------------------------------------


def generate_key_pair(out_dir: Path, name: str = "ipcoord-batch") -> tuple[Path, Path, str]:
    """Write NAME.key.pem (private, mode 0600) and NAME.pub.pem; returns (private, public, id).

    Refuses to overwrite an existing private key.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    private_path, public_path = out_dir / f"{name}.key.pem", out_dir / f"{name}.pub.pem"
    if private_path.exists():
        raise SigningError(
            _("%(path)s 已存在；为免覆盖私钥，请换一个目录。") % {"path": private_path},
            code="key_exists",
        )
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    private_path.touch(mode=0o600)
    private_path.write_bytes(pem)
    public_path.write_text(public_pem(key.public_key()))
    return private_path, public_path, key_id_of(key.public_key())


def load_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError, OSError) as exc:
        raise SigningError(
            _("无法读取私钥 %(path)s：%(error)s") % {"path": path, "error": exc},
            code="bad_private_key",
        ) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningError(_("私钥不是 Ed25519 密钥。"), code="bad_private_key")
    return key


def count_records(data: Payload) -> int:
    """Non-blank lines: what `record_count` must say."""
    if isinstance(data, bytes):
        return sum(1 for line in data.splitlines() if line.strip())
    with data.open("rb") as f:
        return sum(1 for line in f if line.strip())


def sign_payload(
    data: Payload,
    key: Ed25519PrivateKey,
    *,
    record_kind: str,
    source_system: str,
    batch_id: str | None = None,
) -> dict[str, Any]:
    """The signed manifest of `data`; batch_id defaults to source + the payload hash, so
    signing the same file twice gives the same batch (a resend is a replay)."""
    digest = payload_digest(data)
    manifest: dict[str, Any] = {
        "batch_id": batch_id or f"{source_system}-{digest[:16]}",
        "source_system": source_system,
        "record_kind": record_kind,
        "record_count": count_records(data),
        "payload_sha256": digest,
        "key_id": key_id_of(key.public_key()),
    }
    manifest["signature"] = base64.b64encode(key.sign(canonical_manifest(manifest))).decode()
    return manifest
