"""Changing a machine client's name and allowed kinds: the service, its page, and the door."""

import re

import pytest
from django.urls import reverse

from ipcoord.cases.models import Case
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import AuditEvent, User
from ipcoord.exchange.batches import batch_receive
from ipcoord.exchange.clients import machine_client_update
from ipcoord.exchange.models import Batch, MachineClient
from ipcoord.exchange.tests.batch_helpers import (
    Machine,
    case_record,
    org_admin,
    register_machine,
    signed,
)
from ipcoord.exchange.tests.test_pages_clients import send


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admin(world) -> User:
    return org_admin(world.bj_ip_court, "bj_admin")


@pytest.fixture
def machine(world, admin) -> Machine:
    return register_machine(world.bj_ip_court, "京知审判系统", ["cases"], admin=admin)


def _events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="exchange.client.update").order_by("seq"))


def test_it_renames_and_changes_the_kinds_audited_before_after(machine, admin):
    client = machine_client_update(
        actor=admin, client=machine.client, name=" 京知审判系统二期 ", kinds=["parties", "cases"]
    )
    client.refresh_from_db()
    assert client.name == "京知审判系统二期" and client.allowed_kinds == ["parties", "cases"]
    # The service user's display name follows, as registration set it.
    assert User.objects.get(pk=client.user_id).full_name == "京知审判系统二期"
    (event,) = _events()
    assert event.actor == admin and event.organisation == machine.client.organisation
    assert event.before == {"name": "京知审判系统", "allowed_kinds": ["cases"]}
    assert event.after == {"name": "京知审判系统二期", "allowed_kinds": ["parties", "cases"]}

    # Only what changed is recorded; the user's name is left alone when the name stays.
    machine_client_update(actor=admin, client=client, name="京知审判系统二期", kinds=["cases"])
    assert _events()[-1].before == {"allowed_kinds": ["parties", "cases"]}
    assert _events()[-1].after == {"allowed_kinds": ["cases"]}


def test_nothing_changed_writes_nothing(machine, admin):
    register_machine(machine.client.organisation, "另一个系统", ["cases", "parties"], admin=admin)
    machine_client_update(actor=admin, client=machine.client, name="京知审判系统", kinds=["cases"])
    machine_client_update(
        actor=admin, client=machine.client, name=" 京知审判系统 ", kinds=["cases"] * 2
    )
    other = MachineClient.objects.get(name="另一个系统")
    machine_client_update(actor=admin, client=other, name="另一个系统", kinds=["parties", "cases"])
    assert _events() == []


@pytest.mark.parametrize(
    ("name", "kinds", "code", "field"),
    [
        ("  ", ["cases"], "bad_name", "name"),
        ("系" * 65, ["cases"], "bad_name", "name"),
        ("杭中审判系统", ["cases"], "duplicate_client", "name"),
        ("新名称", [], "no_kinds", "allowed_kinds"),
        ("新名称", ["cases", "nonsense"], "unknown_kind", None),
    ],
)
def test_it_validates_as_registration_does(world, machine, admin, name, kinds, code, field):
    register_machine(world.hz_inter, "杭中审判系统", ["cases"])
    with pytest.raises(ApplicationError) as caught:
        machine_client_update(actor=admin, client=machine.client, name=name, kinds=kinds)
    assert caught.value.code == code and caught.value.extra.get("field") == field
    machine.client.refresh_from_db()
    assert machine.client.name == "京知审判系统" and machine.client.allowed_kinds == ["cases"]
    assert _events() == []


def test_only_the_organisations_administrator_may(world, machine):
    for actor in (org_admin(world.hz_inter, "hz_admin"), world.bj_clerk, world.bj_judge):
        with pytest.raises(PermissionDenied):
            machine_client_update(actor=actor, client=machine.client, name="改名", kinds=["cases"])
    machine.client.refresh_from_db()
    assert machine.client.name == "京知审判系统" and _events() == []
    # The operator (actor None) may, as for the other client services.
    assert machine_client_update(
        actor=None, client=machine.client, name="改名", kinds=["cases"]
    ).name


def test_the_page_changes_them_and_the_door_follows(client, machine, admin):
    accepted = send(machine, machine.key, serial=100)
    assert accepted.json()["status"] == "accepted"
    client.force_login(admin)
    url = reverse("exchange:client_edit", args=[machine.client.pk])
    detail = reverse("exchange:client", args=[machine.client.pk])
    assert url in client.get(detail).content.decode()
    page = client.get(url).content.decode()
    assert 'name="name" value="京知审判系统"' in page
    assert re.search(r'value="cases" id="[^"]+" checked', page)

    response = client.post(url, {"name": "京知审判系统二期", "allowed_kinds": ["parties"]})
    assert response.status_code == 302 and response.url == detail
    page = client.get(detail).content.decode()
    assert "京知审判系统二期" in page and "已保存" in page
    machine.client.refresh_from_db()
    assert machine.client.allowed_kinds == ["parties"]

    # A new batch of a kind no longer allowed is refused at the door; the old one stays.
    refused = send(machine, machine.key, serial=101)
    assert refused.status_code == 422 and refused.json()["code"] == "kind_not_allowed"
    old = Batch.objects.get(batch_id=accepted.json()["batch_id"])
    assert old.record_kind == "cases" and old.status == "accepted"
    assert old.receipt["client"] == "京知审判系统"  # the receipt it was given

    # Saving the same values again changes nothing and says so.
    response = client.post(url, {"name": "京知审判系统二期", "allowed_kinds": ["parties"]})
    assert "没有修改" in client.get(response.url).content.decode()
    assert len(_events()) == 1


def test_the_page_shows_the_services_errors_on_their_fields(world, client, machine, admin):
    register_machine(world.bj_ip_court, "另一个系统", ["cases"], admin=admin)
    client.force_login(admin)
    url = reverse("exchange:client_edit", args=[machine.client.pk])
    response = client.post(url, {"name": "另一个系统", "allowed_kinds": ["cases"]})
    assert response.status_code == 200
    assert "已有名为“另一个系统”的客户端" in response.context["form"].errors["name"][0]
    response = client.post(url, {"name": "京知审判系统"})
    assert list(response.context["form"].errors) == ["allowed_kinds"]
    assert "请至少选择一种" in response.content.decode()
    response = client.post(url, {"name": "京知审判系统", "allowed_kinds": ["nonsense"]})
    assert list(response.context["form"].errors) == ["allowed_kinds"]
    machine.client.refresh_from_db()
    assert machine.client.name == "京知审判系统" and _events() == []


def test_another_organisations_admin_gets_404_and_changes_nothing(client, world, machine):
    url = reverse("exchange:client_edit", args=[machine.client.pk])
    for user in (org_admin(world.hz_inter, "hz_admin"), world.bj_clerk):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "抢来的", "allowed_kinds": ["cases"]}).status_code == 404
    missing = reverse("exchange:client_edit", args=[machine.client.pk + 1000])
    client.force_login(machine.admin)
    assert client.get(missing).status_code == 404
    machine.client.refresh_from_db()
    assert machine.client.name == "京知审判系统" and _events() == []
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "login" in response.url


def test_a_renamed_client_keeps_its_source_versions(machine, admin):
    """Versions are the client's (by id), not its name's: an old version stays stale."""
    send(machine, machine.key, serial=100)
    machine_client_update(actor=admin, client=machine.client, name="新名称", kinds=["cases"])
    manifest, payload = signed(machine, [case_record(100)], batch_id="after-rename")
    batch = batch_receive(client=machine.client, manifest=manifest, payload=payload)
    assert batch.receipt["counts"]["stale"] == 1 and batch.receipt["client"] == "新名称"


def test_a_queued_batch_of_a_kind_taken_away_is_refused_when_processed(
    machine, admin, settings, django_capture_on_commit_callbacks
):
    """Kinds are checked at the door and again when the worker takes the batch up."""
    settings.EXCHANGE_BATCH_INLINE_MAX = 0
    manifest, payload = signed(machine, [case_record(n) for n in (100, 101)])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        batch = batch_receive(client=machine.client, manifest=manifest, payload=payload)
    assert batch.status == "received"
    machine_client_update(
        actor=admin, client=machine.client, name="京知审判系统", kinds=["parties"]
    )
    for callback in callbacks:
        callback()
    batch.refresh_from_db()
    assert batch.status == "refused" and batch.receipt["code"] == "kind_not_allowed"
    assert not Case.objects.exists()
