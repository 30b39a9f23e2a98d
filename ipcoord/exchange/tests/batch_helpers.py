"""Helpers for the machines' door tests: an org admin, a registered client, signed batches."""

import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ipcoord.core import services as core
from ipcoord.core.models import Organisation, Role, User
from ipcoord.exchange.clients import machine_client_register
from ipcoord.exchange.models import MachineClient
from ipcoord.exchange.signing import public_pem, sign_payload
from ipcoord.testing.world import PASSWORD, World


@dataclass
class Machine:
    client: MachineClient
    token: str
    key: Ed25519PrivateKey
    admin: User


def org_admin(org: Organisation, username: str) -> User:
    user = core.user_create(actor=None, username=username, password=PASSWORD)
    core.membership_grant(actor=None, user=user, organisation=org, role=Role.ORG_ADMIN)
    return user


def register_machine(
    org: Organisation, name: str, kinds: list[str], admin: User | None = None
) -> Machine:
    admin = admin or org_admin(org, f"admin-{name}")
    key = Ed25519PrivateKey.generate()
    client, token = machine_client_register(
        actor=admin,
        organisation=org,
        name=name,
        public_key=public_pem(key.public_key()),
        allowed_kinds=kinds,
    )
    return Machine(client, token, key, admin)


def court_machine(w: World) -> Machine:
    """The Beijing IP court's trial system, allowed to send cases and parties."""
    return register_machine(w.bj_ip_court, "京知审判系统", ["cases", "parties"])


def jsonl(records: list[dict[str, Any]]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)


def case_record(serial: int, version: int = 1, **extra: Any) -> dict[str, Any]:
    return {
        "source_id": f"CASE-{serial}",
        "version": version,
        "number": f"（2023）京73民初{serial}号",
        "cause": "patent_infringement",
        "filing_date": "2023-04-01",
        **extra,
    }


def signed(
    m: Machine, records: list[dict[str, Any]], kind: str = "cases", batch_id: str | None = None
) -> tuple[dict[str, Any], bytes]:
    payload = jsonl(records)
    manifest = sign_payload(
        payload, m.key, record_kind=kind, source_system="court-trial", batch_id=batch_id
    )
    return manifest, payload
