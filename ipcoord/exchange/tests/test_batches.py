"""The machines' door service: accepted whole, refused whole with reasons, replays, versions."""

import base64

import pytest

from ipcoord.cases.models import Case
from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import AuditEvent
from ipcoord.exchange.batches import batch_receive
from ipcoord.exchange.models import Batch, BatchStatus, SourceRecord
from ipcoord.exchange.signing import canonical_manifest, sign_payload
from ipcoord.exchange.tests.batch_helpers import (
    case_record,
    court_machine,
    jsonl,
    register_machine,
    signed,
)
from ipcoord.registry.models import Party


@pytest.fixture
def machine(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return court_machine(world)


def _written():
    return Case.objects.count(), SourceRecord.objects.count(), AuditEvent.objects.count()


def test_it_accepts_a_good_batch_into_the_register(machine):
    manifest, payload = signed(machine, [case_record(100), case_record(101, summary="摘要")])
    batch = batch_receive(client=machine.client, manifest=manifest, payload=payload)
    assert batch.status == BatchStatus.ACCEPTED
    assert batch.receipt["counts"] == {"created": 2, "updated": 0, "unchanged": 0, "stale": 0}
    case = Case.objects.get(number="（2023）京73民初101号")
    assert case.summary == "摘要" and case.owner_org == machine.client.organisation
    assert SourceRecord.objects.get(source_id="CASE-101").natural_key == case.number
    assert AuditEvent.objects.filter(action="exchange.batch.accept").count() == 1


def test_a_replayed_batch_id_gets_the_same_receipt_and_writes_nothing(machine):
    manifest, payload = signed(machine, [case_record(100)])
    first = batch_receive(client=machine.client, manifest=manifest, payload=payload)
    before = _written()
    again = batch_receive(client=machine.client, manifest=manifest, payload=payload)
    assert again.pk == first.pk and again.receipt == first.receipt
    assert _written() == before and Batch.objects.count() == 1


def test_an_older_or_equal_version_changes_nothing(machine):
    manifest, payload = signed(machine, [case_record(100, version=5, summary="新")])
    batch_receive(client=machine.client, manifest=manifest, payload=payload)
    for version in (4, 5):
        old = case_record(100, version=version, summary="旧")
        manifest, payload = signed(machine, [old], batch_id=f"old-{version}")
        batch = batch_receive(client=machine.client, manifest=manifest, payload=payload)
        assert batch.status == BatchStatus.ACCEPTED and batch.receipt["counts"]["stale"] == 1
    assert Case.objects.get().summary == "新"
    newer = case_record(100, version=6, summary="更新")
    manifest, payload = signed(machine, [newer], batch_id="new-6")
    batch = batch_receive(client=machine.client, manifest=manifest, payload=payload)
    assert batch.receipt["counts"]["updated"] == 1 and Case.objects.get().summary == "更新"
    assert SourceRecord.objects.get().version == 6


def _refused(machine, manifest, payload, code):
    before = _written()
    with pytest.raises(ApplicationError) as caught:
        batch_receive(client=machine.client, manifest=manifest, payload=payload)
    assert caught.value.code == code and caught.value.message
    assert _written() == before and not Batch.objects.exists()
    return caught.value


def test_a_tampered_payload_is_refused(machine):
    manifest, payload = signed(machine, [case_record(100)])
    tampered = payload.replace("民初100号".encode(), "民初666号".encode())
    error = _refused(machine, manifest, tampered, "payload_hash_mismatch")
    assert "SHA-256" in error.message


def test_a_wrong_signature_is_refused(machine):
    manifest, payload = signed(machine, [case_record(100)])
    forged = dict(manifest, record_count=manifest["record_count"], source_system="other")
    _refused(machine, forged, payload, "bad_signature")


def test_a_record_kind_the_client_may_not_send_is_refused_and_stored(machine):
    patents = [{"source_id": "P1", "version": 1, "application_number": "202110123456.7"}]
    manifest, payload = signed(machine, patents, kind="patents")
    batch = batch_receive(client=machine.client, manifest=manifest, payload=payload)
    assert batch.status == BatchStatus.REFUSED
    assert batch.receipt["code"] == "kind_not_allowed" and "patents" in batch.receipt["message"]
    assert not SourceRecord.objects.exists()


def _refused_records(machine, records):
    before = _written()
    manifest, payload = signed(machine, records)
    batch = batch_receive(client=machine.client, manifest=manifest, payload=payload)
    assert batch.status == BatchStatus.REFUSED and batch.receipt["code"] == "invalid_records"
    assert _written() == before
    return batch.receipt["rejected"]


def test_an_unknown_court_code_refuses_the_whole_batch(machine):
    rejected = _refused_records(
        machine, [case_record(100), case_record(101, number="（2023）火星99民初1号")]
    )
    [entry] = rejected
    assert entry["line"] == 2 and entry["source_id"] == "CASE-101"
    assert entry["column"] == "number" and entry["reason"]


def test_an_unparsable_case_number_is_named_with_its_reason(machine):
    [entry] = _refused_records(machine, [case_record(100, number="不是案号")])
    assert entry["value"] == "不是案号" and entry["reason"]


def test_every_bad_record_is_listed(machine):
    rejected = _refused_records(
        machine,
        [
            case_record(100, number="不是案号"),
            case_record(101, version="v2"),
            case_record(102, cause="nonsense"),
            {**case_record(103), "source_id": "CASE-102"},
        ],
    )
    assert [r["line"] for r in rejected] == [1, 2, 3, 4]


def test_a_wrong_patent_check_digit_is_refused(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    office = register_machine(world.cnipa, "专利审查系统", ["patents", "parties"])
    bad = {
        "source_id": "P1",
        "version": 1,
        "application_number": "202110123456.8",
        "title": "一种方法",
        "filing_date": "2021-03-01",
        "owners": ["华为技术有限公司"],
    }
    manifest, payload = signed(office, [bad], kind="patents")
    batch = batch_receive(client=office.client, manifest=manifest, payload=payload)
    assert batch.status == BatchStatus.REFUSED
    [entry] = batch.receipt["rejected"]
    assert entry["column"] == "application_number" and "校验位" in entry["reason"]


def test_a_count_that_does_not_match_is_refused(machine):
    payload = jsonl([case_record(100)])
    manifest = sign_payload(payload, machine.key, record_kind="cases", source_system="x")
    manifest["record_count"] = 2
    # re-signed, so only the count is wrong
    manifest["signature"] = base64.b64encode(
        machine.key.sign(canonical_manifest(manifest))
    ).decode()
    batch = batch_receive(client=machine.client, manifest=manifest, payload=payload)
    assert batch.status == BatchStatus.REFUSED and batch.receipt["code"] == "count_mismatch"
    assert not Case.objects.exists()


def test_parties_go_in_as_the_clients_service_user(machine):
    records = [{"source_id": "P-1", "version": 1, "kind": "natural", "name": "张三"}]
    manifest, payload = signed(machine, records, kind="parties")
    batch = batch_receive(client=machine.client, manifest=manifest, payload=payload)
    assert batch.status == BatchStatus.ACCEPTED, batch.receipt
    assert Party.objects.get().name == "张三"
