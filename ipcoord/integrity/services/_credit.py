"""Helpers of the dishonesty-list services: who acts, the guarded transition, the step.

Not public: import the services from `ipcoord.integrity.services`.

A transition reads the listing under `select_for_update` (so the checks see the row as it
is) and then writes with a conditional UPDATE on the status it read, so of two officers
acting at once only one moves the listing; the other gets a 409 and nothing is written.
"""

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from ipcoord.core.audit import audit_record
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import Organisation, User
from ipcoord.core.notify import notify
from ipcoord.core.selectors import members_of
from ipcoord.integrity import credit_rules, selectors
from ipcoord.integrity.credit_models import CreditListing, CreditStep
from ipcoord.integrity.services._common import acting_office

MAX_TEXT = 4000


def credit_office(actor: User | None) -> Organisation:
    """The IP administration that proposes for `actor` (see _common.acting_office)."""
    return acting_office(
        actor, refusal=_("只有知识产权管理部门的业务人员可以办理失信名单；请联系知识产权管理部门。")
    )


def require_handler(actor: User | None, listing: CreditListing) -> None:
    """Only an ip_officer of the deciding office or one above it moves a listing."""
    if actor is None:
        return
    if listing.owner_org_id not in selectors.decider_org_ids(actor):
        raise PermissionDenied(
            _("只有作出决定的知识产权管理部门（或其上级）的业务人员可以办理该名单。"),
            code="not_handler",
        )


def clean_text(value: str | None, *, field: str, label: str, required: bool = True) -> str:
    """Stripped text, required and at most MAX_TEXT characters, or a field error."""
    value = (value or "").strip()
    if required and not value:
        raise ApplicationError(
            _("请填写%(label)s。") % {"label": label}, code="required", extra={"field": field}
        )
    if len(value) > MAX_TEXT:
        raise ApplicationError(
            _("%(label)s过长，请控制在 %(n)d 字以内。") % {"label": label, "n": MAX_TEXT},
            code="too_long",
            extra={"field": field},
        )
    return value


def clean_term(kind: str, term_months: int | None) -> int:
    """The term in months: the kind's default when None; 1..max, else an error quoting the
    maximum and its source."""
    rule = credit_rules.kind_rule(kind)
    if term_months is None:
        return rule.default_months
    try:
        term = int(term_months)
    except (TypeError, ValueError):
        term = 0
    if term < 1 or term > rule.max_months:
        raise ApplicationError(
            _("列入期限应为 1 至 %(max)d 个月（%(kind)s的最长期限，依据：%(source)s）。")
            % {"max": rule.max_months, "kind": rule.label, "source": rule.source},
            code="term_out_of_range",
            extra={"field": "term_months", "max_months": rule.max_months},
        )
    return term


def lock(listing: CreditListing) -> CreditListing:
    """The listing as it is now, locked for this transaction."""
    return (
        CreditListing.objects.select_for_update()
        .select_related("party", "owner_org")
        .get(pk=listing.pk)
    )


def wrong_status(listing: CreditListing, action: str) -> ApplicationError:
    return ApplicationError(
        _("该名单当前状态为「%(status)s」，不能%(action)s。")
        % {"status": listing.get_status_display(), "action": action},
        code="wrong_status",
        status=409,
    )


def transition(
    listing: CreditListing, *, expected: str, to: str, now: datetime.datetime, **fields: Any
) -> None:
    """Conditional UPDATE from `expected` to `to`; 409 if someone moved it first."""
    changed = CreditListing.objects.filter(pk=listing.pk, status=expected).update(
        status=to, updated_at=now, **fields
    )
    if not changed:
        raise ApplicationError(
            _("该名单刚被他人办理过，请刷新页面后查看其当前状态。"),
            code="conflict",
            status=409,
        )


def advance(
    row: CreditListing,
    *,
    to: str,
    kind: str,
    actor: User | None,
    now: datetime.datetime,
    note: str,
    at: datetime.datetime | None = None,
    extra: dict[str, Any] | None = None,
    **fields: Any,
) -> str:
    """One step of the law: move `row` from its current status to `to` (conditional
    UPDATE), reload it and record the step with its audit event. Returns the old status."""
    before = row.status
    transition(row, expected=before, to=to, now=now, **fields)
    row.refresh_from_db()
    record_step(
        row, kind=kind, actor=actor, at=at or now, note=note, before=before, after=to, extra=extra
    )
    return before


def record_step(
    listing: CreditListing,
    *,
    kind: str,
    actor: User | None,
    at: datetime.datetime,
    note: str,
    before: str,
    after: str,
    extra: dict[str, Any] | None = None,
) -> CreditStep:
    """Append the step and its audit event (same transaction); tell the deciding office."""
    step = CreditStep.objects.create(
        listing=listing,
        kind=kind,
        actor=actor if actor is not None and actor.pk else None,
        at=at,
        note=note,
        status_before=before,
        status_after=after,
    )
    audit_record(
        actor=actor,
        action=f"integrity.credit_{kind}",
        obj=listing,
        organisation=listing.owner_org,
        before={"status": before},
        after={"status": after, "note": note, **(extra or {})},
    )
    notify(
        recipients=members_of(organisation_ids=[listing.owner_org_id]).exclude(
            pk=getattr(actor, "pk", None)
        ),
        verb="integrity.credit_step",
        params=_params(listing) | {"step": str(step.get_kind_display())},
        url=reverse("integrity:credit_detail", args=[listing.pk]),
    )
    return step


def _params(listing: CreditListing) -> dict[str, str]:
    return {
        "office": listing.owner_org.name,
        "party": listing.party.name,
        "kind": str(listing.get_kind_display()),
    }


def tell_joint_orgs(listing: CreditListing, verb: str) -> int:
    """Notify the organisations sharing in joint punishment (credit_rules) of a listing or
    its end. Caveat: goes to their members at this moment, one notification each."""
    ids = credit_rules.joint_org_ids()
    if ids is None:
        ids = list(
            Organisation.objects.filter(
                kind__in=credit_rules.joint_org_kinds(), is_active=True
            ).values_list("id", flat=True)
        )
    params = _params(listing)
    if listing.published_until:
        params["until"] = listing.published_until.date().isoformat()
    return notify(
        recipients=members_of(organisation_ids=ids),
        verb=verb,
        params=params,
        url=reverse("integrity:credit_detail", args=[listing.pk]),
    )
