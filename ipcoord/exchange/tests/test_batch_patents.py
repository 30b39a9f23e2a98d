"""Batches of patents: streamed in chunks through the registry's bulk service.

`CHUNK` is set to a few records so a handful of records crosses several chunks: repeated
records in different chunks must be caught as in one.
"""

import datetime
import json

import pytest

from ipcoord.core.audit import audit_verify
from ipcoord.exchange.batches import batch_receive
from ipcoord.exchange.batches import stream as batch_stream
from ipcoord.exchange.feed import feed_page
from ipcoord.exchange.models import BatchStatus, SourceRecord
from ipcoord.exchange.signing import sign_payload
from ipcoord.exchange.tests.batch_helpers import register_machine, signed
from ipcoord.registry import services as registry
from ipcoord.registry.models import EventKind, Patent
from ipcoord.registry.tests.factories import (
    USCC_HAIDIAN,
    USCC_HUAWEI,
    PartyFactory,
    application_number,
    row_counts,
)


@pytest.fixture
def cnipa_system(world, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(batch_stream, "CHUNK", 3)
    PartyFactory(name="华为技术有限公司", uscc=USCC_HUAWEI)
    PartyFactory(name="北京海淀科技有限公司", uscc=USCC_HAIDIAN)
    return register_machine(world.cnipa, "专利审查系统", ["patents"])


def record(serial: int, version: int = 1, **extra):
    return {
        "source_id": f"CN-{serial}",
        "version": version,
        "application_number": application_number(2023, "1", serial),
        "title": f"一种数据传输方法 {serial}",
        "filing_date": "2023-05-17",
        "owners": [USCC_HUAWEI],
        "ipc": "H04L 9/32",
        **extra,
    }


def send(m, records, batch_id=None):
    manifest, payload = signed(m, records, kind="patents", batch_id=batch_id)
    return batch_receive(client=m.client, manifest=manifest, payload=payload, inline=True)


def test_a_batch_of_patents_goes_in_whole_with_its_history_and_audit(world, cnipa_system):
    records = [record(i) for i in range(1, 8)]
    records[3]["owners"] = [USCC_HAIDIAN, "华为技术有限公司"]
    records[3]["agency"] = "北京信远知识产权代理有限公司"
    batch = send(cnipa_system, records)
    assert batch.status == BatchStatus.ACCEPTED, batch.receipt
    assert batch.receipt["counts"] == {"created": 7, "updated": 0, "unchanged": 0, "stale": 0}
    patent = Patent.objects.get(application_number=records[3]["application_number"])
    assert [o.party.uscc for o in patent.patentowner_set.order_by("position")] == [
        USCC_HAIDIAN,
        USCC_HUAWEI,
    ]
    assert patent.ipc == "H04L 9/32" and patent.owner_org == world.cnipa
    assert patent.agency == "北京信远知识产权代理有限公司"
    assert [e.kind for e in patent.events.all()] == [EventKind.FILING]
    assert SourceRecord.objects.filter(batch=batch).count() == 7
    assert audit_verify().ok
    # Every patent reaches other organisations' change feed, as a single record would.
    page = feed_page(user=world.bj_judge, kinds=["patent"], limit=50)
    numbers = {item["object"]["application_number"] for item in page.items}
    assert {r["application_number"] for r in records} <= numbers


def test_resending_is_stale_and_a_newer_identical_version_is_unchanged(cnipa_system):
    send(cnipa_system, [record(i) for i in range(1, 5)])
    before = row_counts()
    again = send(cnipa_system, [record(i) for i in range(1, 5)], batch_id="again")
    assert again.receipt["counts"]["stale"] == 4
    newer = send(cnipa_system, [record(i, version=2) for i in range(1, 5)], batch_id="newer")
    assert newer.receipt["counts"] == {"created": 0, "updated": 0, "unchanged": 4, "stale": 0}
    # Only the two batches' own acceptance is audited; the register is as it was.
    assert row_counts() == {**before, "AuditEvent": before["AuditEvent"] + 2}


def test_every_bad_record_is_listed_across_chunks_and_nothing_is_written(world, cnipa_system):
    registry.patent_record(
        actor=None,
        application_number=application_number(2023, "1", 50),
        title="已登记的专利",
        filing_date=datetime.date(2023, 5, 17),
        owners=[PartyFactory()],
    )
    before = row_counts()
    sources_before = SourceRecord.objects.count()
    records = [record(i) for i in range(1, 10)]
    records[1]["application_number"] = "202310000002.1"  # wrong check digit
    records[2]["owners"] = ["没有登记的公司"]
    records[6]["application_number"] = records[0]["application_number"]  # line 7 repeats line 1
    records[7]["source_id"] = "CN-4"  # line 8 repeats line 4's source id, in another chunk
    records[8] = record(50, title="另一个名称")  # already registered with another title
    batch = send(cnipa_system, records)
    assert batch.status == BatchStatus.REFUSED
    assert batch.receipt["code"] == "invalid_records"
    by_line = {r["line"]: r for r in batch.receipt["rejected"]}
    assert set(by_line) == {2, 3, 7, 8, 9}, by_line
    assert "校验位" in by_line[2]["reason"]
    assert "没有登记的公司" in by_line[3]["reason"]
    assert by_line[8]["source_id"] == "CN-4"
    assert batch.receipt["rejected_count"] == 5
    assert row_counts() == before
    assert SourceRecord.objects.count() == sources_before


def test_a_court_system_may_not_record_patents(world, cnipa_system, settings):
    court = register_machine(world.bj_ip_court, "京知审判系统", ["patents"])
    before = row_counts()
    batch = send(court, [record(1), record(2)])
    assert batch.status == BatchStatus.REFUSED
    assert batch.receipt["rejected_count"] == 2
    assert "知识产权管理部门" in batch.receipt["rejected"][0]["reason"]
    assert row_counts() == before


def test_an_unknown_field_is_named_once(cnipa_system):
    batch = send(cnipa_system, [record(1, colour="红"), record(2, colour="蓝")])
    assert batch.status == BatchStatus.REFUSED
    (rejected,) = batch.receipt["rejected"]
    assert rejected["column"] == "colour" and rejected["line"] == 1


def test_a_broken_line_in_a_later_chunk_refuses_the_batch(cnipa_system):
    records = [record(i) for i in range(1, 8)]
    manifest, payload = signed(cnipa_system, records, kind="patents")
    lines = payload.splitlines(keepends=True)
    lines[5] = b'{"source_id": "CN-6", broken\n'
    payload = b"".join(lines)
    manifest = sign_payload(payload, cnipa_system.key, record_kind="patents", source_system="x")
    before = row_counts()
    batch = batch_receive(client=cnipa_system.client, manifest=manifest, payload=payload)
    assert batch.status == BatchStatus.REFUSED
    assert batch.receipt["code"] == "bad_json" and "第 6 行" in batch.receipt["message"]
    assert row_counts() == before


def test_a_gb18030_payload_is_read_as_such(cnipa_system):
    records = [record(i, title=f"一种镕铸装置 {i}") for i in range(1, 5)]
    payload = b"".join(json.dumps(r, ensure_ascii=False).encode("gb18030") + b"\n" for r in records)
    manifest = sign_payload(payload, cnipa_system.key, record_kind="patents", source_system="x")
    batch = batch_receive(client=cnipa_system.client, manifest=manifest, payload=payload)
    assert batch.status == BatchStatus.ACCEPTED, batch.receipt
    assert Patent.objects.filter(title="一种镕铸装置 3").exists()
