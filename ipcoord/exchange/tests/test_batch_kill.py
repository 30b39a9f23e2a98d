"""`kill -9` in the middle of a batch, then send it again: the whole batch or nothing.

A real `ipcoord exchange send` subprocess against the test database (PostgreSQL only: the
subprocess needs a server it can share with the test).
"""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from ipcoord.exchange.batches import batch_receipt, progress_path
from ipcoord.exchange.models import Batch, BatchStatus
from ipcoord.exchange.tests.batch_helpers import jsonl, register_machine
from ipcoord.registry.models import Party

RECORDS = 2000
CONSOLE = Path(sys.executable).with_name("ipcoord")

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def _env(tmp_path: Path) -> dict[str, str]:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    url = f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    return {
        **os.environ,
        "DATABASE_URL": f"{url}/{db['NAME']}",
        "IPCOORD_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "ipcoord.settings",
    }


def _send(tmp_path: Path, payload: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(CONSOLE), "exchange", "send", str(payload), "--client", "京知审判系统"],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.django_db(transaction=True)
def test_kill_9_mid_batch_then_send_again(world, tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: a subprocess shares the database with the test")
    settings.MEDIA_ROOT = tmp_path / "media"
    machine = register_machine(world.bj_ip_court, "京知审判系统", ["parties"])
    records = [
        {"source_id": f"P{n}", "version": 1, "kind": "natural", "name": f"当事人{n:05d}"}
        for n in range(RECORDS)
    ]
    from ipcoord.exchange.signing import sign_payload

    payload = tmp_path / "parties.jsonl"
    payload.write_bytes(jsonl(records))
    manifest = sign_payload(
        payload.read_bytes(), machine.key, record_kind="parties", source_system="trial"
    )
    Path(f"{payload}.manifest.json").write_text(json.dumps(manifest, ensure_ascii=False))

    runner = _send(tmp_path, payload)
    deadline = time.monotonic() + 120
    while True:  # wait until the importer is well into the batch
        batch = Batch.objects.filter(batch_id=manifest["batch_id"]).first()
        done = batch_receipt(batch)["progress"]["done"] if batch and not batch.settled else 0
        if done >= RECORDS // 5:
            break
        assert runner.poll() is None, "the importer finished before it could be killed"
        assert time.monotonic() < deadline, "the importer made no progress"
        time.sleep(0.05)
    os.kill(runner.pid, signal.SIGKILL)
    runner.wait()

    batch = Batch.objects.get(batch_id=manifest["batch_id"])
    assert batch.status == BatchStatus.PROCESSING and Party.objects.count() == 0
    assert batch_receipt(batch)["status"] == "processing"  # not accepted: nothing is in

    again = _send(tmp_path, payload)
    out, _ = again.communicate(timeout=300)
    assert again.returncode == 0, out.decode()
    receipt = json.loads(out)
    assert receipt["status"] == "accepted" and receipt["counts"]["created"] == RECORDS
    assert Party.objects.count() == RECORDS
    batch.refresh_from_db()
    assert batch.status == BatchStatus.ACCEPTED and batch.receipt == receipt
    assert not progress_path(batch).exists()
