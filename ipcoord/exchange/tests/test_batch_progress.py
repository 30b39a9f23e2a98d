"""A batch's progress is honest to the end: after the last record comes the audit trail's
append (a phase of its own), and only then the receipt."""

import pytest
from django.urls import reverse

from ipcoord.core import audit as core_audit
from ipcoord.core.audit import audit_verify
from ipcoord.core.models import AuditEvent
from ipcoord.exchange.batches import batch_receive, progress_path
from ipcoord.exchange.batches import stream as batch_stream
from ipcoord.exchange.models import Batch, BatchStatus
from ipcoord.exchange.progress import AUDIT, RECORDS, ProgressFile, progress_file_state
from ipcoord.exchange.tests.batch_helpers import (
    case_record,
    court_machine,
    org_admin,
    register_machine,
    signed,
)
from ipcoord.exchange.tests.test_batch_api import URL, api_for
from ipcoord.exchange.tests.test_batch_patents import record
from ipcoord.registry.tests.factories import USCC_HUAWEI, PartyFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def cnipa_system(world, monkeypatch):
    monkeypatch.setattr(batch_stream, "CHUNK", 3)
    PartyFactory(name="华为技术有限公司", uscc=USCC_HUAWEI)
    admin = org_admin(world.cnipa, "cnipa_admin")
    return register_machine(world.cnipa, "专利审查系统", ["patents"], admin=admin)


def _watch(monkeypatch, machine, total):
    """Record the progress file after every count, and what a client polling the API and
    the chain hold when the spooled audit events begin to be appended."""
    seen: dict = {"states": []}
    real_append = core_audit._append

    def append(items):
        batch = Batch.objects.get()
        seen["polled"] = api_for(machine).get(f"{URL}{batch.batch_id}/")
        seen["events"] = AuditEvent.objects.filter(action="patent.record").count()
        return real_append(items)

    def counted(_n):
        seen["states"].append(progress_file_state(progress_path(Batch.objects.get()), total))

    monkeypatch.setattr(core_audit, "_append", append)
    return seen, counted


def test_the_records_then_the_audit_trail_then_the_receipt(cnipa_system, monkeypatch):
    records = [record(i) for i in range(1, 8)]
    seen, counted = _watch(monkeypatch, cnipa_system, 7)
    manifest, payload = signed(cnipa_system, records, kind="patents")
    batch = batch_receive(
        client=cnipa_system.client,
        manifest=manifest,
        payload=payload,
        inline=True,
        progress=counted,
    )
    # Every record counted, still in the records phase: not complete.
    assert seen["states"][-1] == (7, 7, RECORDS)
    # While the audit trail is appended, a client polling sees the batch unfinished, every
    # record done, and the phase that is running; none of the spooled events is in yet.
    polled = seen["polled"]
    assert polled.status_code == 202 and polled.json()["status"] == BatchStatus.PROCESSING
    assert polled.json()["progress"] == {"done": 7, "total": 7, "phase": AUDIT}
    assert seen["events"] == 0
    # Complete only after it: the receipt, and the progress file gone.
    assert batch.status == BatchStatus.ACCEPTED and batch.receipt["counts"]["created"] == 7
    assert AuditEvent.objects.filter(action="patent.record").count() == 7
    assert not progress_path(batch).exists()
    settled = api_for(cnipa_system).get(f"{URL}{batch.batch_id}/")
    assert settled.status_code == 200 and "progress" not in settled.json()


def test_a_kind_audited_row_by_row_is_spooled_too(world, monkeypatch):
    """Cases go through the case services one by one; their audit events wait in the spool
    as the bulk path's do, so the chain's head is free until the last step."""
    phases, heads = [], []

    def phase(_self, name):
        phases.append(name)
        heads.append(AuditEvent.objects.filter(action="case.file").count())

    monkeypatch.setattr(ProgressFile, "phase", phase)
    machine = court_machine(world)
    manifest, payload = signed(machine, [case_record(1), case_record(2)])
    batch = batch_receive(client=machine.client, manifest=manifest, payload=payload, inline=True)
    assert batch.status == BatchStatus.ACCEPTED and phases == [AUDIT] and heads == [0]
    assert AuditEvent.objects.filter(action="case.file").count() == 2
    assert audit_verify().ok


def test_the_client_page_shows_an_unfinished_batchs_phase(client, cnipa_system):
    manifest, payload = signed(cnipa_system, [record(1), record(2)], kind="patents")
    batch = batch_receive(
        client=cnipa_system.client, manifest=manifest, payload=payload, inline=False
    )
    assert batch.status == BatchStatus.RECEIVED  # queued for the worker
    client.force_login(cnipa_system.admin)
    url = reverse("exchange:client", args=[cnipa_system.client.pk])
    assert "已处理 0 / 2 条 · 导入记录" in client.get(url).content.decode()
    progress_path(batch).write_text(f"2 2 {AUDIT}")
    assert "已处理 2 / 2 条 · 写入审计记录" in client.get(url).content.decode()
    api = api_for(cnipa_system).get(f"{URL}{batch.batch_id}/").json()
    assert api["progress"] == {"done": 2, "total": 2, "phase": AUDIT}
