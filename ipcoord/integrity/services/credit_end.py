"""The end of a listing: withdrawal, early removal after credit repair, expiry by the sweep.

Each end is a new recorded step; nothing is deleted. A listing that was in force and ends
is announced to the joint-punishment organisations so they lift the measures.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import User
from ipcoord.integrity import credit_rules
from ipcoord.integrity.credit_models import CreditListing, ListingStatus, StepKind
from ipcoord.integrity.services import _credit as c

S = ListingStatus
WITHDRAWABLE = (S.PROPOSED, S.NOTIFIED, S.OBJECTED, S.LISTED)


@transaction.atomic
def listing_withdraw(*, actor: User | None, listing: CreditListing, reason: str) -> CreditListing:
    """Withdraw a proposal or revoke a listing (e.g. the decision was set aside), with the
    reason. A listing in force leaves the public page at once."""
    c.require_handler(actor, listing)
    reason = c.clean_text(reason, field="reason", label=_("撤销理由"))
    row = c.lock(listing)
    if row.status not in WITHDRAWABLE:
        raise c.wrong_status(row, _("撤销"))
    now = timezone.now()
    before = c.advance(
        row,
        to=S.WITHDRAWN,
        kind=StepKind.WITHDRAW,
        actor=actor,
        now=now,
        note=reason,
        ended_at=now,
        end_reason=reason,
    )
    if before == S.LISTED:
        c.tell_joint_orgs(row, "integrity.credit_ended")
    return row


def repair_possible_from(listing: CreditListing) -> datetime.datetime | None:
    """When early removal after credit repair may first happen (None if not listed)."""
    if listing.status != S.LISTED or listing.published_from is None:
        return None
    rule = credit_rules.kind_rule(listing.kind)
    return credit_rules.add_months(listing.published_from, rule.repair_after_months)


@transaction.atomic
def listing_repair(*, actor: User | None, listing: CreditListing, reason: str) -> CreditListing:
    """Remove a listing early after credit repair, with the reason (what the party did).
    Refused before the kind's minimum period (credit_rules) has run."""
    c.require_handler(actor, listing)
    reason = c.clean_text(reason, field="reason", label=_("信用修复理由"))
    row = c.lock(listing)
    if row.status != S.LISTED:
        raise c.wrong_status(row, _("提前移出"))
    now = timezone.now()
    earliest = repair_possible_from(row)
    if earliest is not None and now < earliest:
        rule = credit_rules.kind_rule(row.kind)
        raise ApplicationError(
            _(
                "列入满 %(months)d 个月后才能申请信用修复提前移出，最早 %(date)s（依据：%(source)s）。"
            )
            % {
                "months": rule.repair_after_months,
                "date": timezone.localtime(earliest).date().isoformat(),
                "source": rule.source,
            },
            code="repair_too_early",
            status=409,
        )
    c.advance(
        row,
        to=S.REMOVED_EARLY,
        kind=StepKind.REPAIR,
        actor=actor,
        now=now,
        note=reason,
        ended_at=now,
        end_reason=reason,
    )
    c.tell_joint_orgs(row, "integrity.credit_ended")
    return row


@transaction.atomic
def _expire_one(pk: int, now: datetime.datetime) -> bool:
    row = CreditListing.objects.select_for_update().select_related("party", "owner_org").get(pk=pk)
    if row.status != S.LISTED or row.published_until is None or row.published_until > now:
        return False
    c.advance(
        row,
        to=S.EXPIRED,
        kind=StepKind.EXPIRE,
        actor=None,
        now=now,
        note=_("列入期限届满，自动移出。"),
        ended_at=row.published_until,
        end_reason=_("列入期限届满"),
    )
    c.tell_joint_orgs(row, "integrity.credit_ended")
    return True


def listing_expire_sweep(*, now: datetime.datetime | None = None) -> list[int]:
    """Move every listing whose term ended by `now` to EXPIRED; returns their ids.

    Idempotent: a second run finds nothing to do. One transaction per listing, so one bad
    row does not hold back the others. The public page also hides a listing past its term
    before the sweep runs (selectors.public_listing_list)."""
    now = now or timezone.now()
    due = CreditListing.objects.filter(status=S.LISTED, published_until__lte=now).values_list(
        "pk", flat=True
    )
    return [pk for pk in list(due) if _expire_one(pk, now)]
