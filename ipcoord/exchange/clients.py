"""Machine clients and their keys: register, rename or change the kinds, add a key, revoke a
key, reset the token, suspend or resume.

Authentication: each client has a dedicated service user, a member of its organisation
(clerk at a court, IP officer elsewhere), with no usable password; the client calls the API
with that user's API token (`Authorization: Token …`; kept only as a digest, see
core/tokens.py). Records it sends are applied as that user, so the services' permission and
visibility rules hold as for a person.

Caveats: the token is shown once; reset it with `machine_client_token_reset` if it is lost
or may have leaked. Signing keys are separate from the token: a stolen token without the
private key cannot send a batch, a stolen key without the token cannot reach the API.
"""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcoord.core import services as core_services
from ipcoord.core.audit import audit_record
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import Membership, Organisation, OrgKind, Role, User
from ipcoord.core.tokens import api_token_issue
from ipcoord.exchange.kinds import KINDS, get_kind
from ipcoord.exchange.models import ClientKey, MachineClient
from ipcoord.exchange.signing import key_id_of, load_public_key, public_pem


def _require_org_admin(actor: User | None, organisation: Organisation) -> None:
    """Actor None is the trusted operator (CLI); anyone else must administer `organisation`."""
    if actor is None:
        return
    if not Membership.objects.filter(
        user_id=actor.pk, organisation=organisation, role=Role.ORG_ADMIN
    ).exists():
        raise PermissionDenied(_("只有本机构的机构管理员可以管理机器客户端。"))


def _clean_name(name: str, *, client: MachineClient | None = None) -> str:
    """The name stripped; refused when blank, too long or another client's (not `client`'s)."""
    name = name.strip()
    if not name or len(name) > 64:
        raise ApplicationError(
            _("客户端名称不能为空，且不超过 64 个字符。"), code="bad_name", extra={"field": "name"}
        )
    others = MachineClient.objects.filter(name=name)
    if client is not None:
        others = others.exclude(pk=client.pk)
    if others.exists():
        raise ApplicationError(
            _("已有名为“%(name)s”的客户端；请换一个名称。") % {"name": name},
            code="duplicate_client",
            extra={"field": "name"},
        )
    return name


def _clean_kinds(kinds: list[str]) -> list[str]:
    names = list(dict.fromkeys(get_kind(k).name for k in kinds))
    if not names:
        raise ApplicationError(
            _("请至少选择一种允许的数据类型：%(kinds)s。") % {"kinds": ", ".join(KINDS)},
            code="no_kinds",
            extra={"field": "allowed_kinds"},
        )
    return names


def _add_key(client: MachineClient, public_key: str) -> ClientKey:
    key = load_public_key(public_key)
    key_id = key_id_of(key)
    if ClientKey.objects.filter(key_id=key_id).exists():
        raise ApplicationError(
            _("该公钥（%(id)s）已经登记过；轮换时请生成新的密钥对。") % {"id": key_id},
            code="duplicate_key",
            extra={"field": "public_key"},
        )
    return ClientKey.objects.create(client=client, key_id=key_id, public_key=public_pem(key))


@transaction.atomic
def machine_client_register(
    *,
    actor: User | None,
    organisation: Organisation,
    name: str,
    public_key: str,
    allowed_kinds: list[str],
) -> tuple[MachineClient, str]:
    """Register a client with its first key; returns (client, API token — shown once).

    Creates the service user and grants it the organisation's working role (clerk at a
    court, IP officer otherwise), through the core services.
    """
    _require_org_admin(actor, organisation)
    name = _clean_name(name)
    kinds = _clean_kinds(allowed_kinds)
    user = core_services.user_create(
        actor=None, username=f"machine-{secrets.token_hex(6)}", password=None, full_name=name
    )
    role = Role.CLERK if organisation.kind == OrgKind.COURT else Role.IP_OFFICER
    core_services.membership_grant(actor=actor, user=user, organisation=organisation, role=role)
    client = MachineClient.objects.create(
        organisation=organisation, name=name, user=user, allowed_kinds=kinds
    )
    key = _add_key(client, public_key)
    token = api_token_issue(actor=None, user=user)  # the organisation admin's, checked above
    audit_record(
        actor=actor,
        action="exchange.client.register",
        obj=client,
        organisation=organisation,
        after={"name": name, "allowed_kinds": kinds, "key_id": key.key_id, "user": user.username},
    )
    return client, token


@transaction.atomic
def client_key_add(*, actor: User | None, client: MachineClient, public_key: str) -> ClientKey:
    """Add a key (the first step of a rotation; revoke the old key once the new one works)."""
    _require_org_admin(actor, client.organisation)
    key = _add_key(client, public_key)
    audit_record(
        actor=actor,
        action="exchange.client.key_add",
        obj=client,
        organisation=client.organisation,
        after={"key_id": key.key_id},
    )
    return key


@transaction.atomic
def client_key_revoke(*, actor: User | None, key: ClientKey) -> ClientKey:
    """Revoke a key: every batch signed with it is refused from now on, even a replay of
    one signed before (a replay of a batch already settled still gets its receipt)."""
    key = (
        ClientKey.objects.select_for_update().select_related("client__organisation").get(pk=key.pk)
    )
    _require_org_admin(actor, key.client.organisation)
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at", "updated_at"])
        audit_record(
            actor=actor,
            action="exchange.client.key_revoke",
            obj=key.client,
            organisation=key.client.organisation,
            after={"key_id": key.key_id},
        )
    return key


@transaction.atomic
def machine_client_token_reset(*, actor: User | None, client: MachineClient) -> str:
    """Replace the client's API token; the old one stops working at once."""
    _require_org_admin(actor, client.organisation)
    token = api_token_issue(actor=None, user=client.user)  # the organisation admin's, above
    audit_record(
        actor=actor,
        action="exchange.client.token_reset",
        obj=client,
        organisation=client.organisation,
    )
    return token


@transaction.atomic
def machine_client_set_active(
    *, actor: User | None, client: MachineClient, active: bool
) -> MachineClient:
    """Suspend or resume a client; a suspended client's token is refused too."""
    _require_org_admin(actor, client.organisation)
    client.active = active
    client.save(update_fields=["active", "updated_at"])
    client.user.is_active = active
    client.user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="exchange.client.activate" if active else "exchange.client.suspend",
        obj=client,
        organisation=client.organisation,
    )
    return client


@transaction.atomic
def machine_client_update(
    *, actor: User | None, client: MachineClient, name: str, kinds: list[str]
) -> MachineClient:
    """Rename a client and/or change the record kinds it may send; audited before/after
    (only what changed; nothing changed writes nothing). The service user's display name
    follows the client's name, as registration set it.

    Caveats: batches already received keep their kind and receipt (a settled receipt keeps
    the name it was given under); from now on a batch of a kind no longer allowed is refused
    at the door, and one already admitted but still waiting for the worker is refused when
    the worker takes it up. The CLI finds a client by name: after a rename, use the new one.
    """
    client = (
        MachineClient.objects.select_for_update()
        .select_related("organisation", "user")
        .get(pk=client.pk)
    )
    _require_org_admin(actor, client.organisation)
    name = _clean_name(name, client=client)
    kinds = _clean_kinds(kinds)
    changed = [
        field
        for field, same in (
            ("name", name == client.name),
            ("allowed_kinds", set(kinds) == set(client.allowed_kinds)),
        )
        if not same
    ]
    if not changed:
        return client
    before = {"name": client.name, "allowed_kinds": client.allowed_kinds}
    client.name, client.allowed_kinds = name, kinds
    client.save(update_fields=[*changed, "updated_at"])
    if "name" in changed:
        client.user.full_name = name
        client.user.save(update_fields=["full_name"])
    after = {"name": name, "allowed_kinds": kinds}
    audit_record(
        actor=actor,
        action="exchange.client.update",
        obj=client,
        organisation=client.organisation,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    return client
