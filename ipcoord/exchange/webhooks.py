"""Webhooks: subscriptions (services) and the signed, retried delivery of the feed.

Signing and the receiver's check are in webhook_signing.py (re-exported here). A secret is
rotated with an overlap (`subscription_rotate_secret`): until the previous secret expires,
each delivery carries both signatures, so the receiver switches when it is ready.

Delivery of one subscription (`subscription_deliver`, run by the `deliver` task):
1. Claim it with a conditional UPDATE (free lease, due, active); a second worker gets 0
   rows and leaves, so a range is never sent by two workers at once.
2. Take the oldest unfinished Delivery (a retry keeps its range) or read the next page of
   the owner's feed after `last_seq`; POST it signed; on 2xx mark it succeeded and advance
   `last_seq` (conditional on still holding the lease); repeat up to MAX_BATCHES_PER_RUN.
3. On failure record the attempt, set the backoff, release, and re-enqueue itself with
   `run_after` when the task backend can defer; after MAX_ATTEMPTS mark the delivery and the
   subscription dead and tell the owner.

Caveats: delivery is at-least-once in the strict sense — if the process dies after the
receiver answered 2xx but before `last_seq` is saved, the range is sent again; receivers
drop items whose `seq` they already have (the order is guaranteed). Target URLs off the
public internet are refused when subscribing and again on every delivery (http_out.py).
"""

import json
import secrets
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcoord.core.audit import audit_record
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import Membership, Organisation, Role, User
from ipcoord.core.notify import notify
from ipcoord.exchange.batches import client_for
from ipcoord.exchange.feed import FEED_KINDS, feed_page, head_seq
from ipcoord.exchange.http_out import internal_address, internal_reason, post_json
from ipcoord.exchange.models_out import (
    Delivery,
    DeliveryStatus,
    Subscription,
    SubscriptionStatus,
)
from ipcoord.exchange.webhook_signing import new_secret, signature_header
from ipcoord.exchange.webhook_signing import sign as sign  # re-exported
from ipcoord.exchange.webhook_signing import verify as verify  # re-exported

LEASE = timedelta(minutes=5)
BATCH_SIZE = 100
MAX_BATCHES_PER_RUN = 20
MAX_OVERLAP_HOURS = 168


def max_attempts() -> int:
    return int(getattr(settings, "EXCHANGE_WEBHOOK_MAX_ATTEMPTS", 8))


def backoff(attempts: int) -> timedelta:
    """Delay before retry number `attempts` + 1: 1, 2, 4 … minutes, at most 6 hours."""
    base = int(getattr(settings, "EXCHANGE_WEBHOOK_BACKOFF_S", 60))
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 6 * 3600))


# --- subscriptions (services) -----------------------------------------------------------


def _is_org_admin(user: User, organisation: Organisation) -> bool:
    return Membership.objects.filter(
        user_id=user.pk, organisation=organisation, role=Role.ORG_ADMIN
    ).exists()


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(url) > 500:
        raise ApplicationError(
            _("接收地址必须是完整的 http:// 或 https:// 地址。"),
            code="bad_url",
            extra={"field": "target_url"},
        )
    if (address := internal_address(url)) is not None:
        raise ApplicationError(
            internal_reason(address), code="internal_target", extra={"field": "target_url"}
        )
    return url


def _clean_kinds(kinds: list[str] | None) -> list[str]:
    kinds = [k.strip() for k in (kinds or []) if k and k.strip()]
    unknown = [k for k in kinds if k not in FEED_KINDS]
    if unknown:
        raise ApplicationError(
            _("未知的记录类型：%(kinds)s。可选：%(known)s。")
            % {"kinds": "、".join(unknown), "known": "、".join(FEED_KINDS)},
            code="bad_kinds",
            extra={"field": "kinds"},
        )
    return sorted(set(kinds))


@transaction.atomic
def subscription_create(
    *,
    actor: User,
    organisation: Organisation,
    target_url: str,
    kinds: list[str] | None = None,
    owner: User | None = None,
    from_seq: int | None = None,
) -> tuple[Subscription, str]:
    """Subscribe a URL to the feed; returns (subscription, secret — shown this once).

    An organisation administrator subscribes for any member (the `owner`, whose visibility
    filters what is sent; default the administrator). A machine client's service user may
    subscribe for itself. Delivery starts after the current end of the feed unless
    `from_seq` asks to replay from an earlier point.
    """
    owner = owner or actor
    admin = _is_org_admin(actor, organisation)
    member = Membership.objects.filter(user_id=owner.pk, organisation=organisation).exists()
    if not member or (not admin and owner.pk != actor.pk):
        raise PermissionDenied(_("只有本机构的机构管理员（或机器客户端为自己）可以订阅推送。"))
    if not admin and client_for(actor) is None:
        raise PermissionDenied(_("只有本机构的机构管理员（或机器客户端为自己）可以订阅推送。"))
    secret = new_secret()
    start = head_seq() if from_seq is None else max(0, min(int(from_seq), head_seq()))
    sub = Subscription.objects.create(
        organisation=organisation,
        owner=owner,
        target_url=_clean_url(target_url),
        secret=secret,
        kinds=_clean_kinds(kinds),
        last_seq=start,
    )
    audit_record(
        actor=actor,
        action="exchange.subscription.create",
        obj=sub,
        organisation=organisation,
        after={"target_url": sub.target_url, "kinds": sub.kinds, "owner": owner.pk, "from": start},
    )
    return sub, secret


@transaction.atomic
def subscription_set_active(*, actor: User, subscription: Subscription, active: bool) -> None:
    """Pause, or (re)start. A dead subscription resumes from its last delivered seq: the
    range given up on is sent again as a new delivery, the dead one stays in the history."""
    if not _is_org_admin(actor, subscription.organisation) and actor.pk != subscription.owner_id:
        raise PermissionDenied(_("只有本机构的机构管理员可以管理推送订阅。"))
    status = SubscriptionStatus.ACTIVE if active else SubscriptionStatus.PAUSED
    Subscription.objects.filter(pk=subscription.pk).update(status=status, next_attempt_at=None)
    subscription.status = status
    audit_record(
        actor=actor,
        action="exchange.subscription.activate" if active else "exchange.subscription.pause",
        obj=subscription,
        organisation=subscription.organisation,
        after={"status": status},
    )


def may_rotate_secret(user: User, subscription: Subscription) -> bool:
    """An administrator of the subscription's organisation, or the machine client that
    subscribed for itself: whoever may create the subscription (and so learns its secret)."""
    if _is_org_admin(user, subscription.organisation):
        return True
    return user.pk == subscription.owner_id and client_for(user) is not None


@transaction.atomic
def subscription_rotate_secret(
    *, actor: User, subscription: Subscription, overlap_hours: int = 24
) -> str:
    """Replace the signing secret; returns the new one (shown this once).

    The old secret keeps signing deliveries, next to the new one, for `overlap_hours`
    (0–168; 0 ends it at once), until `previous_secret_expires_at`; the receiver switches to
    the new secret within that time. Caveat: rotating again during an overlap ends the
    older secret at once — only the secret just replaced stays valid. The audit records
    that the secret was rotated and the old one's expiry, never a secret.
    """
    if not may_rotate_secret(actor, subscription):
        raise PermissionDenied(
            _("只有本机构的机构管理员（或为自己订阅的机器客户端）可以更换签名密钥。")
        )
    if type(overlap_hours) is not int or not 0 <= overlap_hours <= MAX_OVERLAP_HOURS:
        raise ApplicationError(
            _("旧密钥继续有效的时间应为 0 到 %(max)s 小时之间的整数（0 表示立即失效）。")
            % {"max": MAX_OVERLAP_HOURS},
            code="bad_overlap",
            extra={"field": "overlap_hours"},
        )
    # Locked, so that of two rotations at once the second keeps the first's secret valid.
    current = Subscription.objects.select_for_update().values_list("secret", flat=True)
    old = current.get(pk=subscription.pk)
    secret = new_secret()
    expires = timezone.now() + timedelta(hours=overlap_hours) if overlap_hours else None
    subscription.secret, subscription.previous_secret = secret, old if expires else ""
    subscription.previous_secret_expires_at = expires
    subscription.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at"])
    audit_record(
        actor=actor,
        action="exchange.subscription.rotate_secret",
        obj=subscription,
        organisation=subscription.organisation,
        after={
            "secret_rotated": True,
            "overlap_hours": overlap_hours,
            "previous_secret_valid_until": expires.isoformat() if expires else None,
        },
    )
    return secret


# --- delivery -----------------------------------------------------------------------------


@dataclass
class RunResult:
    """What one `deliver` run did: 'busy' (not claimed), 'idle', 'delivered', 'retry', 'dead'."""

    outcome: str
    sent: int = 0
    retry_at: Any = None


def _claim(subscription_id: int) -> str | None:
    token = secrets.token_hex(8)
    now = timezone.now()
    claimed = (
        Subscription.objects.filter(pk=subscription_id, status=SubscriptionStatus.ACTIVE)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(lease_until=now + LEASE, lease_token=token)
    )
    return token if claimed else None


def _held(sub_id: int, token: str) -> Any:
    return Subscription.objects.filter(pk=sub_id, lease_token=token)


def _body(sub: Subscription, delivery: Delivery, items: list[dict[str, Any]]) -> bytes:
    doc = {
        "subscription": sub.pk,
        "delivery": delivery.pk,
        "after": delivery.after_seq,
        "last_seq": delivery.last_seq,
        "items": items,
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def _next_delivery(sub: Subscription) -> tuple[Delivery | None, list[dict[str, Any]]]:
    """The unfinished delivery (same range again) or a new one for the next page; None and
    no items when the feed holds nothing new for the owner (the cursor still advances)."""
    kinds = sub.kinds or None
    pending = (
        sub.deliveries.filter(status__in=(DeliveryStatus.PENDING, DeliveryStatus.FAILED))
        .order_by("id")
        .first()
    )
    if pending is not None:
        page = feed_page(
            user=sub.owner, after=pending.after_seq, until=pending.last_seq, kinds=kinds
        )
        pending.last_seq, pending.item_count = page.next, len(page.items)
        return pending, page.items
    page = feed_page(user=sub.owner, after=sub.last_seq, limit=BATCH_SIZE, kinds=kinds)
    if not page.items:
        if page.next > sub.last_seq:
            Subscription.objects.filter(pk=sub.pk, lease_token=sub.lease_token).update(
                last_seq=page.next
            )
            sub.last_seq = page.next
        return None, []
    delivery = Delivery.objects.create(
        subscription=sub, after_seq=sub.last_seq, last_seq=page.next, item_count=len(page.items)
    )
    return delivery, page.items


def _succeeded(sub: Subscription, token: str, delivery: Delivery, code: int | None) -> None:
    with transaction.atomic():
        moved = _held(sub.pk, token).update(last_seq=delivery.last_seq, next_attempt_at=None)
        if not moved:  # the lease ran out and someone else holds it: leave it to them
            raise _LeaseLost
        delivery.status, delivery.response_code, delivery.error = DeliveryStatus.SUCCEEDED, code, ""
        delivery.delivered_at, delivery.next_attempt_at = timezone.now(), None
        delivery.attempts += 1
        delivery.save()
    sub.last_seq = delivery.last_seq


def _failed(sub: Subscription, token: str, delivery: Delivery, code: int | None, error: str) -> str:
    now = timezone.now()
    delivery.attempts += 1
    delivery.response_code, delivery.error = code, error[:500]
    dead = delivery.attempts >= max_attempts()
    retry_at = None if dead else now + backoff(delivery.attempts)
    delivery.status = DeliveryStatus.DEAD if dead else DeliveryStatus.FAILED
    delivery.next_attempt_at = retry_at
    with transaction.atomic():
        delivery.save()
        _held(sub.pk, token).update(
            next_attempt_at=retry_at,
            status=SubscriptionStatus.DEAD if dead else SubscriptionStatus.ACTIVE,
        )
    if dead:
        notify(
            recipients=[sub.owner],
            verb="exchange.webhook_dead",
            params={"url": sub.target_url, "attempts": delivery.attempts},
        )
        return "dead"
    return "retry"


class _LeaseLost(Exception):
    pass


def subscription_deliver(*, subscription_id: int) -> RunResult:
    """Send everything after `last_seq` in order, in batches (module doc). Idempotent."""
    token = _claim(subscription_id)
    if token is None:
        return RunResult("busy")
    sub = Subscription.objects.select_related("owner", "organisation").get(pk=subscription_id)
    sent = 0
    outcome = "idle"
    try:
        for _batch in range(MAX_BATCHES_PER_RUN):
            delivery, items = _next_delivery(sub)
            if delivery is None:
                break
            delivery.save(update_fields=["last_seq", "item_count"])
            if not items:  # a retried range whose records the owner may no longer see
                _succeeded(sub, token, delivery, None)
                continue
            body = _body(sub, delivery, items)
            timestamp = int(time.time())
            # The secrets as they are now: a rotation since the claim signs this one too.
            sub.refresh_from_db(fields=["secret", "previous_secret", "previous_secret_expires_at"])
            signing = sub.signing_secrets(timezone.now())
            headers = {
                "X-Ipcoord-Timestamp": str(timestamp),
                "X-Ipcoord-Signature": signature_header(signing, timestamp, body),
                "X-Ipcoord-Delivery": str(delivery.pk),
            }
            code, error = post_json(sub.target_url, body, headers)
            if code is not None and 200 <= code < 300:
                _succeeded(sub, token, delivery, code)
                sent += len(items)
                outcome = "delivered"
                continue
            outcome = _failed(sub, token, delivery, code, error)
            return RunResult(outcome, sent, delivery.next_attempt_at)
        else:
            outcome = "more"
    except _LeaseLost:
        return RunResult("busy", sent)
    finally:
        _held(subscription_id, token).update(lease_until=None, lease_token="")
    return RunResult(outcome, sent)


def subscriptions_due() -> list[int]:
    """Active subscriptions behind the feed's end and due; what `webhooks dispatch` enqueues.

    Caveat: "behind" counts every audit event, visible to the owner or not; `deliver` moves
    the cursor past invisible ones without sending anything, which is cheaper than deciding
    visibility here too.
    """
    now = timezone.now()
    return list(
        Subscription.objects.filter(status=SubscriptionStatus.ACTIVE, last_seq__lt=head_seq())
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .values_list("pk", flat=True)
    )
