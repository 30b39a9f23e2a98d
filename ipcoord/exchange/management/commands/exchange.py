"""`ipcoord exchange keygen|sign|send|client-add|key-add|key-revoke` — the batch door by hand.

    ipcoord exchange keygen --out keys/
    ipcoord exchange sign cases.jsonl --key keys/ipcoord-batch.key.pem --kind cases \
        --source court-trial [--batch-id ID]          # writes cases.jsonl.manifest.json
    ipcoord exchange send cases.jsonl --client 京知审判系统   # imports it here, as the client

`send` runs the same service as the API, in this process (no network); sending to a remote
ipcoord is the API call (see README-batches.md). Exit status 1 when the batch is refused.
"""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import Organisation
from ipcoord.exchange.batches import batch_receipt, batch_receive
from ipcoord.exchange.clients import client_key_add, client_key_revoke, machine_client_register
from ipcoord.exchange.management.commands._common import activate, progress_bar
from ipcoord.exchange.models import BatchStatus, ClientKey, MachineClient
from ipcoord.exchange.signing import generate_key_pair, load_private_key, sign_payload


def manifest_path(payload: Path) -> Path:
    return payload.with_name(payload.name + ".manifest.json")


class Command(BaseCommand):
    help = "Machine batches: generate a key, sign a JSON Lines batch, send it as a client."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lang", choices=("zh", "en"), default="zh", help="message language")
        sub = parser.add_subparsers(dest="action", required=True)
        keygen = sub.add_parser("keygen", help="write an Ed25519 key pair (PEM)")
        keygen.add_argument("--out", required=True, help="directory for the two PEM files")
        keygen.add_argument("--name", default="ipcoord-batch", help="file name prefix")
        sign = sub.add_parser("sign", help="write FILE.manifest.json next to FILE")
        sign.add_argument("file", help="the JSON Lines payload")
        sign.add_argument("--key", required=True, help="the private key PEM")
        sign.add_argument("--kind", required=True, help="record kind (cases, patents, …)")
        sign.add_argument("--source", required=True, help="source system name")
        sign.add_argument("--batch-id", help="default: SOURCE-<payload hash prefix>")
        send = sub.add_parser("send", help="import a signed batch here, as a client")
        send.add_argument("file", help="the payload; its manifest is FILE.manifest.json")
        send.add_argument("--client", required=True, help="machine client name")
        send.add_argument("--manifest", help="manifest path if not FILE.manifest.json")
        add = sub.add_parser("client-add", help="register a client (operator); prints token")
        add.add_argument("--org", required=True, help="organisation name")
        add.add_argument("--name", required=True, help="client name")
        add.add_argument("--key", required=True, help="public key PEM file")
        add.add_argument("--kinds", required=True, help="allowed kinds, comma-separated")
        key_add = sub.add_parser("key-add", help="add a public key to a client (rotation)")
        key_add.add_argument("--client", required=True)
        key_add.add_argument("--key", required=True, help="public key PEM file")
        revoke = sub.add_parser("key-revoke", help="revoke a key by its key id")
        revoke.add_argument("key_id")

    def handle(self, *args: Any, **options: Any) -> None:
        activate(options["lang"])
        action = options["action"].replace("-", "_")
        try:
            getattr(self, f"do_{action}")(options)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        except OSError as exc:
            raise CommandError(str(exc)) from exc

    def do_keygen(self, options: dict[str, Any]) -> None:
        private, public, key_id = generate_key_pair(Path(options["out"]), options["name"])
        self.stdout.write(f"private key: {private}\npublic key:  {public}\nkey_id: {key_id}")

    def do_sign(self, options: dict[str, Any]) -> None:
        payload = Path(options["file"])
        manifest = sign_payload(
            payload,
            load_private_key(Path(options["key"])),
            record_kind=options["kind"],
            source_system=options["source"],
            batch_id=options["batch_id"],
        )
        target = manifest_path(payload)
        target.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        self.stdout.write(f"{target} (batch_id {manifest['batch_id']})")

    def do_send(self, options: dict[str, Any]) -> None:
        client = MachineClient.objects.filter(name=options["client"]).first()
        if client is None:
            raise CommandError(f"no machine client named {options['client']!r}")
        payload = Path(options["file"])
        manifest = json.loads(Path(options["manifest"] or manifest_path(payload)).read_text())
        total = manifest.get("record_count", 0) if isinstance(manifest, dict) else 0
        with progress_bar(total if isinstance(total, int) else 0, "batch") as update:
            batch = batch_receive(
                client=client, manifest=manifest, payload=payload, inline=True, progress=update
            )
        receipt = batch_receipt(batch)
        self.stdout.write(json.dumps(receipt, ensure_ascii=False, indent=2))
        if batch.status != BatchStatus.ACCEPTED:
            raise CommandError(receipt["message"])

    def do_client_add(self, options: dict[str, Any]) -> None:
        org = Organisation.objects.filter(name=options["org"]).first()
        if org is None:
            raise CommandError(f"no organisation named {options['org']!r}")
        client, token = machine_client_register(
            actor=None,
            organisation=org,
            name=options["name"],
            public_key=Path(options["key"]).read_text(),
            allowed_kinds=[k.strip() for k in options["kinds"].split(",") if k.strip()],
        )
        key = client.keys.get()
        self.stdout.write(f"client: {client.name}\nkey_id: {key.key_id}\ntoken: {token}")

    def do_key_add(self, options: dict[str, Any]) -> None:
        client = MachineClient.objects.filter(name=options["client"]).first()
        if client is None:
            raise CommandError(f"no machine client named {options['client']!r}")
        key = client_key_add(actor=None, client=client, public_key=Path(options["key"]).read_text())
        self.stdout.write(f"key_id: {key.key_id}")

    def do_key_revoke(self, options: dict[str, Any]) -> None:
        key = ClientKey.objects.filter(key_id=options["key_id"]).first()
        if key is None:
            raise CommandError(f"no key {options['key_id']!r}")
        client_key_revoke(actor=None, key=key)
        self.stdout.write(f"revoked: {key.key_id}")
