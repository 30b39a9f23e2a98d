"""The machine-client pages: register (token once), rotate, revoke, reset, suspend, ownership."""

import re

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.urls import reverse
from rest_framework.test import APIClient

from ipcoord.core.models import ApiToken, AuditEvent, User
from ipcoord.core.tokens import token_digest
from ipcoord.exchange.models import ClientKey, MachineClient
from ipcoord.exchange.signing import key_id_of, public_pem
from ipcoord.exchange.tests.batch_helpers import (
    Machine,
    case_record,
    org_admin,
    register_machine,
    signed,
)

BATCHES = "/api/v1/exchange/batches/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def admin(world) -> User:
    return org_admin(world.bj_ip_court, "bj_admin")


@pytest.fixture
def machine(world, admin) -> Machine:
    return register_machine(world.bj_ip_court, "京知审判系统", ["cases"], admin=admin)


def send(m: Machine, key: Ed25519PrivateKey, serial: int = 100):
    manifest, payload = signed(Machine(m.client, m.token, key, m.admin), [case_record(serial)])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {m.token}")
    return api.post(BATCHES, {"manifest": manifest, "payload": payload.decode()}, format="json")


def new_pem() -> tuple[Ed25519PrivateKey, str]:
    key = Ed25519PrivateKey.generate()
    return key, public_pem(key.public_key())


def test_it_registers_a_client_and_shows_its_token_once(client, world, admin):
    client.force_login(admin)
    page = client.get(reverse("exchange:client_new")).content.decode()
    assert "ipcoord exchange keygen" in page
    key, pem = new_pem()
    response = client.post(
        reverse("exchange:client_new"),
        {
            "organisation": world.bj_ip_court.pk,
            "name": "京知审判系统",
            "public_key": pem,
            "allowed_kinds": ["cases", "proceedings"],
        },
    )
    assert response.status_code == 200
    new = MachineClient.objects.get(name="京知审判系统")
    page = response.content.decode()
    token = shown_token(page)
    assert ApiToken.objects.get(user=new.user).digest == token_digest(token)
    assert token in page and key_id_of(key.public_key()) in page and "只显示这一次" in page
    assert "no-store" in response["Cache-Control"]
    assert new.organisation == world.bj_ip_court
    assert new.allowed_kinds == ["cases", "proceedings"]
    assert AuditEvent.objects.filter(action="exchange.client.register").exists()

    for url in (reverse("exchange:clients"), reverse("exchange:client", args=[new.pk])):
        page = client.get(url).content.decode()
        assert "京知审判系统" in page and token not in page
    # The token and key work at the door.
    machine = Machine(new, token, key, admin)
    assert send(machine, key).json()["status"] == "accepted"


def test_rotate_and_revoke_from_the_page(client, machine, admin):
    old = machine.client.keys.get()
    new_key, pem = new_pem()
    client.force_login(admin)
    detail = reverse("exchange:client", args=[machine.client.pk])
    response = client.post(detail, {"public_key": pem})
    assert response.status_code == 302 and response.url == detail
    new_id = key_id_of(new_key.public_key())
    assert new_id in client.get(detail).content.decode()

    revoke = reverse("exchange:client_key_revoke", args=[machine.client.pk, old.pk])
    page = client.get(revoke).content.decode()
    assert "确认吊销" in page and old.key_id in page
    old.refresh_from_db()
    assert old.revoked_at is None  # asking is not doing
    assert client.post(revoke).status_code == 302
    old.refresh_from_db()
    assert old.revoked_at is not None
    assert AuditEvent.objects.filter(action="exchange.client.key_revoke").exists()

    refused = send(machine, machine.key)
    assert refused.status_code == 403 and refused.json()["code"] == "key_revoked"
    assert send(machine, new_key).json()["status"] == "accepted"
    # The batch and its signing key show on the client's page.
    page = client.get(detail).content.decode()
    assert "已导入" in page and new_id in page


def test_revoking_the_only_key_warns_that_nothing_will_get_in(client, machine, admin):
    key = machine.client.keys.get()
    client.force_login(admin)
    url = reverse("exchange:client_key_revoke", args=[machine.client.pk, key.pk])
    assert "唯一有效的密钥" in client.get(url).content.decode()
    client.post(url)
    page = client.get(reverse("exchange:client", args=[machine.client.pk])).content.decode()
    assert "没有有效的密钥" in page
    # Revoked already: asking again goes back to the client's page.
    assert client.get(url).status_code == 302


def test_reset_the_token_from_the_page(client, machine, admin):
    client.force_login(admin)
    url = reverse("exchange:client_token_reset", args=[machine.client.pk])
    confirm = client.get(url).content.decode()
    assert "确认重置" in confirm
    assert ApiToken.objects.get(user=machine.client.user).digest == token_digest(machine.token)
    nonce = re.search(r'name="nonce" value="([0-9a-f]+)"', confirm)[1]
    response = client.post(url, {"nonce": nonce})
    token = shown_token(response.content.decode())
    assert ApiToken.objects.get(user=machine.client.user).digest == token_digest(token)
    assert token != machine.token
    # Reloading the page that shows it sends the form again: the token shown stays valid.
    again = client.post(url, {"nonce": nonce}, follow=True)
    assert "这次重置已经完成" in again.content.decode() and token not in again.content.decode()
    assert client.post(url).status_code == 302  # no confirmation page, no reset
    assert ApiToken.objects.get(user=machine.client.user).digest == token_digest(token)
    assert "no-store" in response["Cache-Control"]
    assert send(machine, machine.key).status_code == 401
    assert send(Machine(machine.client, token, machine.key, admin), machine.key).status_code == 200


def test_suspend_and_resume_from_the_page(client, machine, admin):
    client.force_login(admin)
    url = reverse("exchange:client_set_active", args=[machine.client.pk])
    assert "确认停用" in client.get(url).content.decode()
    client.post(url, {"active": "0"})
    machine.client.refresh_from_db()
    assert not machine.client.active
    assert send(machine, machine.key).status_code == 401
    assert "确认启用" in client.get(url).content.decode()
    client.post(url, {"active": "1"})
    machine.client.refresh_from_db()
    assert machine.client.active
    assert send(machine, machine.key).status_code == 200


def test_a_bad_public_key_shows_on_its_field_and_writes_nothing(client, world, admin):
    client.force_login(admin)
    counts = (MachineClient.objects.count(), User.objects.count(), AuditEvent.objects.count())
    response = client.post(
        reverse("exchange:client_new"),
        {
            "organisation": world.bj_ip_court.pk,
            "name": "京知审判系统",
            "public_key": "-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----",
            "allowed_kinds": ["cases"],
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == ["public_key"] and "Ed25519" in errors["public_key"][0]
    assert "无法读取公钥" in response.content.decode()
    after = (MachineClient.objects.count(), User.objects.count(), AuditEvent.objects.count())
    assert after == counts


def test_the_services_errors_show_on_the_field_they_name(client, world, machine, admin):
    client.force_login(admin)
    _, pem = new_pem()
    response = client.post(
        reverse("exchange:client_new"),
        {"organisation": world.bj_ip_court.pk, "name": "京知审判系统", "public_key": pem},
    )
    errors = response.context["form"].errors
    assert set(errors) == {"name"}  # the duplicate name is found before the missing kinds
    response = client.post(
        reverse("exchange:client_new"),
        {"organisation": world.bj_ip_court.pk, "name": "另一个系统", "public_key": pem},
    )
    assert set(response.context["form"].errors) == {"allowed_kinds"}
    # A key already registered, added again on the client's page.
    response = client.post(
        reverse("exchange:client", args=[machine.client.pk]),
        {"public_key": public_pem(machine.key.public_key())},
    )
    assert response.status_code == 200
    assert "已经登记过" in response.context["form"].errors["public_key"][0]
    assert machine.client.keys.count() == 1


def _client_urls(m: Machine) -> list[str]:
    pk, key_pk = m.client.pk, m.client.keys.get().pk
    return [
        reverse("exchange:client", args=[pk]),
        reverse("exchange:client_key_revoke", args=[pk, key_pk]),
        reverse("exchange:client_token_reset", args=[pk]),
        reverse("exchange:client_set_active", args=[pk]),
    ]


def test_another_organisations_admin_gets_404_and_changes_nothing(client, world, machine):
    other = org_admin(world.hz_inter, "hz_admin")
    theirs = register_machine(world.hz_inter, "杭中审判系统", ["cases"], admin=other)
    client.force_login(other)
    page = client.get(reverse("exchange:clients")).content.decode()
    assert "杭中审判系统" in page and "京知审判系统" not in page
    _, pem = new_pem()
    for url in _client_urls(machine):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"public_key": pem, "active": "0"}).status_code == 404, url
    # Their own client's key, under the other organisation's client id, is 404 too.
    mixed = reverse(
        "exchange:client_key_revoke", args=[machine.client.pk, theirs.client.keys.get().pk]
    )
    assert client.post(mixed).status_code == 404
    machine.client.refresh_from_db()
    assert machine.client.active and machine.client.keys.count() == 1
    assert not ClientKey.objects.filter(revoked_at__isnull=False).exists()
    assert ApiToken.objects.get(user=machine.client.user).digest == token_digest(machine.token)


def test_a_clerk_sees_neither_the_link_nor_the_pages(client, world, machine, admin):
    link = reverse("exchange:clients")
    client.force_login(admin)
    assert link in client.get(reverse("core:dashboard")).content.decode()
    client.force_login(world.bj_clerk)
    assert link not in client.get(reverse("core:dashboard")).content.decode()
    for url in [link, reverse("exchange:client_new"), *_client_urls(machine)]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"active": "0"}).status_code == 404, url
    machine.client.refresh_from_db()
    assert machine.client.active


def test_the_pages_need_a_login(client, machine):
    response = client.get(reverse("exchange:clients"))
    assert response.status_code == 302 and "login" in response.url


def shown_token(page: str) -> str:
    """The one API token a page shows (40 hexadecimal digits)."""
    (token,) = set(re.findall(r"\b[0-9a-f]{40}\b", page))
    return token
