"""`ipcoord exchange keygen → client-add → sign → send` on the example batch."""

import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from ipcoord.cases.models import Case
from ipcoord.exchange.models import Batch, BatchStatus

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "batch-cases.jsonl"


def test_keygen_sign_send_round_trip(world, tmp_path, settings, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("exchange", "keygen", "--out", str(tmp_path / "keys"))
    private, public = (
        tmp_path / "keys/ipcoord-batch.key.pem",
        tmp_path / "keys/ipcoord-batch.pub.pem",
    )
    assert private.stat().st_mode & 0o077 == 0
    call_command(
        "exchange",
        "client-add",
        "--org",
        "北京知识产权法院",
        "--name",
        "京知审判系统",
        "--key",
        str(public),
        "--kinds",
        "cases",
    )
    assert "token:" in capsys.readouterr().out
    payload = tmp_path / "batch-cases.jsonl"
    shutil.copy(EXAMPLE, payload)
    call_command(
        "exchange",
        "sign",
        str(payload),
        "--key",
        str(private),
        "--kind",
        "cases",
        "--source",
        "court-trial",
    )
    manifest = json.loads((tmp_path / "batch-cases.jsonl.manifest.json").read_text())
    assert manifest["record_count"] == 3
    capsys.readouterr()
    call_command("exchange", "send", str(payload), "--client", "京知审判系统")
    receipt = json.loads(capsys.readouterr().out)
    assert receipt["status"] == "accepted" and receipt["counts"]["created"] == 3
    assert Case.objects.count() == 3
    call_command("exchange", "send", str(payload), "--client", "京知审判系统")
    assert json.loads(capsys.readouterr().out) == receipt and Case.objects.count() == 3
    call_command(
        "exchange",
        "sign",
        str(payload),
        "--key",
        str(private),
        "--kind",
        "cases",
        "--source",
        "court-trial",
        "--batch-id",
        "second",
    )
    payload.write_bytes(payload.read_bytes().replace("200号".encode(), "900号".encode()))
    with pytest.raises(CommandError, match="SHA-256"):
        call_command("exchange", "send", str(payload), "--client", "京知审判系统")
    assert Batch.objects.get().status == BatchStatus.ACCEPTED and Case.objects.count() == 3


def test_key_revoke_from_the_command_line(world, tmp_path, settings, capsys):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("exchange", "keygen", "--out", str(tmp_path))
    call_command(
        "exchange",
        "client-add",
        "--org",
        "北京知识产权法院",
        "--name",
        "c1",
        "--key",
        str(tmp_path / "ipcoord-batch.pub.pem"),
        "--kinds",
        "cases",
    )
    key_id = capsys.readouterr().out.split("key_id: ")[1].split()[0]
    call_command("exchange", "key-revoke", key_id)
    payload = tmp_path / "b.jsonl"
    shutil.copy(EXAMPLE, payload)
    call_command(
        "exchange",
        "sign",
        str(payload),
        "--key",
        str(tmp_path / "ipcoord-batch.key.pem"),
        "--kind",
        "cases",
        "--source",
        "s",
    )
    with pytest.raises(CommandError, match=key_id):
        call_command("exchange", "send", str(payload), "--client", "c1")
    assert not Case.objects.exists()
