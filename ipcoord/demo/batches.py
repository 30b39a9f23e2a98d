"""Signed batches from the demo's CNIPA machine client, through the real door.

One accepted batch of new patent applications (owners by USCC, as the patent office's
system would send them) and one refused batch whose receipt names the bad record, so the
machine-client pages and the change feed have something true to show. Deterministic for a
seed; the patents get numbers of the demo's newest year, far above the demo's own serials.
"""

import json
import random
from collections import Counter

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ipcoord.core.identifiers import patent_check_digit
from ipcoord.exchange.batches import batch_receive
from ipcoord.exchange.models import MachineClient
from ipcoord.exchange.signing import sign_payload
from ipcoord.registry.models import Party

_TITLES = (
    "一种锂离子电池负极材料及其制备方法",
    "一种基于深度学习的图像去噪方法",
    "一种无人机电池快换装置",
    "一种车载摄像头防雾结构",
    "一种数据加密传输方法及系统",
    "一种可降解包装膜及其制备工艺",
)
_IPC = ("H01M 4/13", "G06T 5/00", "B64U 50/30", "H04N 23/52", "H04L 9/32", "C08L 67/04")
_SERIAL_BASE = 9_000_000  # the demo's own applications stay below a million


def _record(rng: random.Random, n: int, year: int, owners: list[str]) -> dict[str, object]:
    digits = f"{year}1{_SERIAL_BASE + n:07d}"
    which = rng.randrange(len(_TITLES))
    return {
        "source_id": f"CNIPA-{year}-{n:05d}",
        "version": 1,
        "application_number": f"{digits}.{patent_check_digit(digits)}",
        "title": _TITLES[which],
        "filing_date": f"{year}-{rng.randint(1, 6):02d}-{rng.randint(1, 28):02d}",
        "owners": [rng.choice(owners)],
        "abstract": f"{_TITLES[which]}，提高了可靠性并降低了成本。",
        "ipc": _IPC[which],
    }


def _payload(records: list[dict[str, object]]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)


def send_demo_batches(
    *,
    client: MachineClient,
    key: Ed25519PrivateKey,
    seed: int,
    year: int,
    records: int,
    counts: Counter,
) -> None:
    """An accepted batch of `records` new applications and a refused one (a wrong check
    digit); counts the batches and the patents they created."""
    rng = random.Random(f"{seed}:batches")
    owners = list(
        Party.objects.filter(uscc__isnull=False).order_by("id").values_list("uscc", flat=True)[:40]
    )
    if not owners:
        return
    good = [_record(rng, n, year, owners) for n in range(records)]
    bad = [_record(rng, n, year, owners) for n in range(records, records + 3)]
    number = str(bad[1]["application_number"])
    bad[1]["application_number"] = number[:-1] + ("0" if number[-1] != "0" else "1")
    for records, source in ((good, "cnipa-patent-office"), (bad, "cnipa-patent-office")):
        payload = _payload(records)
        manifest = sign_payload(payload, key, record_kind="patents", source_system=source)
        batch = batch_receive(client=client, manifest=manifest, payload=payload, inline=True)
        counts["batches"] += 1
        counts["batch_patents"] += batch.receipt["counts"]["created"]
