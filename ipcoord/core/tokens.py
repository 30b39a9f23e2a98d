"""API tokens kept as SHA-256 digests: the database never holds a token that works.

A token is shown once, when it is issued (`api_token_issue`); the database keeps only its
digest, so a copy of the database or a backup gives nobody access to the API. Clients send
it as DRF's token authentication does (`Authorization: Token …`), checked by
`HashedTokenAuthentication`. One token a user: issuing a new one replaces the old at once.

Caveat: a lost token cannot be shown again, only replaced.
"""

import hashlib
import secrets

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from ipcoord.core.audit import audit_record
from ipcoord.core.exceptions import PermissionDenied
from ipcoord.core.models import ApiToken, Role, User
from ipcoord.core.selectors import scope_for


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _may_issue(actor: User | None, user: User) -> bool:
    """The operator (actor None), the user for themself, or a security administrator."""
    return actor is None or actor.pk == user.pk or scope_for(actor).has_role(Role.SECURITY_ADMIN)


@transaction.atomic
def api_token_issue(*, actor: User | None, user: User) -> str:
    """A new API token for `user` (the old one stops working); returned once, kept hashed."""
    if not _may_issue(actor, user):
        raise PermissionDenied(_("您没有执行此操作的权限。"))
    token = secrets.token_hex(20)
    ApiToken.objects.update_or_create(user=user, defaults={"digest": token_digest(token)})
    audit_record(actor=actor, action="user.api_token_issue", obj=user)
    return token


@transaction.atomic
def api_token_revoke(*, actor: User | None, user: User) -> bool:
    """Withdraw `user`'s API token; returns whether there was one."""
    if not _may_issue(actor, user):
        raise PermissionDenied(_("您没有执行此操作的权限。"))
    deleted, _rows = ApiToken.objects.filter(user=user).delete()
    if deleted:
        audit_record(actor=actor, action="user.api_token_revoke", obj=user)
    return bool(deleted)


class HashedTokenAuthentication(TokenAuthentication):
    """DRF's `Authorization: Token …`, checked against the digests."""

    def authenticate_credentials(self, key: str) -> tuple[User, ApiToken]:
        token = ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()
        if token is None:
            raise exceptions.AuthenticationFailed(_("无效的令牌。"))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("用户已停用或已删除。"))
        return token.user, token
