"""POST/GET /api/v1/exchange/batches/: receipts, replays, large batches, ownership, schema."""

import json

import pytest
from rest_framework.test import APIClient

from ipcoord.cases.models import Case
from ipcoord.exchange.clients import client_key_add, client_key_revoke
from ipcoord.exchange.models import Batch, BatchStatus
from ipcoord.exchange.signing import public_pem
from ipcoord.exchange.tests.batch_helpers import (
    Machine,
    case_record,
    court_machine,
    register_machine,
    signed,
)

URL = "/api/v1/exchange/batches/"


@pytest.fixture
def machine(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return court_machine(world)


def api_for(m: Machine) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {m.token}")
    return api


def post_json(m: Machine, manifest, payload: bytes):
    body = {"manifest": manifest, "payload": payload.decode()}
    return api_for(m).post(URL, body, format="json")


def test_it_accepts_a_batch_posted_as_json(machine):
    manifest, payload = signed(machine, [case_record(100)])
    response = post_json(machine, manifest, payload)
    assert response.status_code == 200, response.json()
    receipt = response.json()
    assert receipt["status"] == "accepted" and receipt["counts"]["created"] == 1
    assert Case.objects.filter(number="（2023）京73民初100号").exists()
    again = post_json(machine, manifest, payload)
    assert again.status_code == 200 and again.json() == receipt


@pytest.mark.parametrize("spooled", [False, True], ids=["in-memory", "spooled-to-disk"])
def test_it_accepts_a_multipart_upload_and_reads_it_back(machine, tmp_path, settings, spooled):
    if spooled:  # as Django keeps a large upload: in a temporary file, read from there
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10
        settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    manifest, payload = signed(machine, [case_record(100), case_record(101)])
    path = tmp_path / "cases.jsonl"
    path.write_bytes(payload)
    with path.open("rb") as fh:
        response = api_for(machine).post(
            URL, {"manifest": json.dumps(manifest), "payload": fh}, format="multipart"
        )
    assert response.status_code == 200, response.json()
    got = api_for(machine).get(f"{URL}{manifest['batch_id']}/")
    assert got.status_code == 200 and got.json()["counts"]["created"] == 2


def test_a_refused_batch_answers_422_with_every_reason(machine):
    manifest, payload = signed(machine, [case_record(100, number="不是案号"), case_record(101)])
    response = post_json(machine, manifest, payload)
    assert response.status_code == 422
    assert response.json()["rejected"][0]["source_id"] == "CASE-100"
    assert not Case.objects.exists()


def test_a_tampered_payload_is_refused_and_not_stored(machine):
    manifest, payload = signed(machine, [case_record(100)])
    response = post_json(machine, manifest, payload.replace(b"2023-04-01", b"2023-04-02"))
    assert response.status_code == 400 and response.json()["code"] == "payload_hash_mismatch"
    assert not Batch.objects.exists() and not Case.objects.exists()


def test_another_client_cannot_read_the_batch(world, machine):
    manifest, payload = signed(machine, [case_record(100)])
    post_json(machine, manifest, payload)
    other = register_machine(world.hz_inter, "杭中审判系统", ["cases"])
    url = f"{URL}{manifest['batch_id']}/"
    assert api_for(other).get(url).status_code == 404
    person = APIClient()
    person.force_authenticate(world.bj_clerk)
    assert person.get(url).status_code == 404
    assert person.post(URL, {}, format="json").status_code == 403
    assert APIClient().get(url).status_code in (401, 403)


def test_key_rotation_refuses_the_old_key_and_accepts_the_new(machine):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    new = Ed25519PrivateKey.generate()
    client_key_add(
        actor=machine.admin, client=machine.client, public_key=public_pem(new.public_key())
    )
    client_key_revoke(actor=machine.admin, key=machine.client.keys.order_by("created_at")[0])
    manifest, payload = signed(machine, [case_record(100)])
    response = post_json(machine, manifest, payload)
    assert response.status_code == 403 and response.json()["code"] == "key_revoked"
    assert not Case.objects.exists()
    rotated = Machine(machine.client, machine.token, new, machine.admin)
    manifest, payload = signed(rotated, [case_record(100)])
    assert post_json(rotated, manifest, payload).status_code == 200


def test_only_the_organisations_administrator_manages_keys(world, machine):
    from ipcoord.core.exceptions import PermissionDenied

    key = machine.client.keys.get()
    with pytest.raises(PermissionDenied):
        client_key_revoke(actor=world.bj_judge, key=key)
    with pytest.raises(PermissionDenied):
        register_machine(world.bj_ip_court, "越权", ["cases"], admin=world.bj_clerk)


def test_a_large_batch_goes_through_the_task(machine, settings, django_capture_on_commit_callbacks):
    settings.EXCHANGE_BATCH_INLINE_MAX = 2
    manifest, payload = signed(machine, [case_record(n) for n in (100, 101, 102)])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = post_json(machine, manifest, payload)
    assert response.status_code == 202
    queued = response.json()
    assert queued["status"] == "received" and queued["url"].endswith(f"{manifest['batch_id']}/")
    assert queued["progress"] == {"done": 0, "total": 3, "phase": "records"}
    for callback in callbacks:  # the immediate task backend runs batch_import here
        callback()
    batch = Batch.objects.get()
    assert batch.status == BatchStatus.ACCEPTED and Case.objects.count() == 3
    polled = api_for(machine).get(queued["url"])
    assert polled.status_code == 200 and polled.json()["counts"]["created"] == 3


def test_the_schema_documents_the_batch_door(client, db):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200 and b"/api/v1/exchange/batches/" in schema.content
