"""Event services: grant, transfer, pledge, licence, invalidation, lapse, restoration,
expiry, renewal, abandonment, rejection and well-known recognition.

Each is a thin, named wrapper over `ledger.append_event`, which applies the status rules
(`registry/status.py`), runs the registered event guards and audits. `right` is a Patent or
a Trademark; each returns the appended LegalEvent and updates the caller's `right` instance.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import User
from ipcoord.registry.models import EventKind, LegalEvent, LicenceKind, Party, Trademark
from ipcoord.registry.services.common import Right
from ipcoord.registry.services.ledger import append_event


@transaction.atomic
def right_grant(
    *,
    actor: User | None,
    right: Right,
    date: datetime.date,
    expiry_date: datetime.date | None = None,
) -> LegalEvent:
    """Grant a patent (授权公告) or register a trademark (核准注册); only once, only if pending.

    A trademark's term defaults to ten years from registration (商标法 art. 39). For a
    patent `expiry_date` is only kept on the event: the patent row has no term field.
    """
    if expiry_date is not None and expiry_date <= date:
        raise ApplicationError(
            _("期限届满日 %(expiry)s 必须晚于授权/注册日 %(date)s。")
            % {"expiry": expiry_date.isoformat(), "date": date.isoformat()},
            code="expiry_before_grant",
            extra={"field": "expiry_date"},
        )
    return append_event(
        actor=actor, right=right, kind=EventKind.GRANT, date=date, expiry_date=expiry_date
    )


@transaction.atomic
def right_transfer(
    *, actor: User | None, right: Right, date: datetime.date, assignee: Party, reference: str = ""
) -> LegalEvent:
    """Record a transfer (转让登记): the assignee replaces every patent owner / the trademark owner."""
    return append_event(
        actor=actor,
        right=right,
        kind=EventKind.TRANSFER,
        date=date,
        counterparty=assignee,
        reference=reference,
    )


@transaction.atomic
def pledge_record(
    *, actor: User | None, right: Right, date: datetime.date, pledgee: Party, reference: str = ""
) -> LegalEvent:
    """Record a pledge (质押登记) of a valid right; the returned event is what a release names."""
    return append_event(
        actor=actor,
        right=right,
        kind=EventKind.PLEDGE,
        date=date,
        counterparty=pledgee,
        reference=reference,
    )


@transaction.atomic
def pledge_release(
    *, actor: User | None, pledge: LegalEvent, date: datetime.date, reference: str = ""
) -> LegalEvent:
    """Release (注销) a recorded pledge; refused when it is not a pledge or already released."""
    if pledge.kind != EventKind.PLEDGE:
        raise ApplicationError(
            _("只能注销质押登记，所选事件是“%(kind)s”。") % {"kind": pledge.get_kind_display()},
            code="not_a_pledge",
            extra={"field": "pledge"},
        )
    right: Right = pledge.patent if pledge.patent_id else pledge.trademark  # type: ignore[assignment]
    return append_event(
        actor=actor,
        right=right,
        kind=EventKind.PLEDGE_RELEASE,
        date=date,
        pledge=pledge,
        counterparty=pledge.counterparty,
        reference=reference,
    )


@transaction.atomic
def licence_record(
    *,
    actor: User | None,
    right: Right,
    date: datetime.date,
    licensee: Party,
    licence_kind: str,
    reference: str = "",
) -> LegalEvent:
    """Record a licence contract (许可合同备案). Caveat: licences have no end date here."""
    if licence_kind not in LicenceKind.values:
        raise ApplicationError(
            _("未知的许可类型 %(kind)s；应为独占、排他或普通许可。") % {"kind": licence_kind},
            code="invalid_licence_kind",
            extra={"field": "licence_kind"},
        )
    return append_event(
        actor=actor,
        right=right,
        kind=EventKind.LICENCE,
        date=date,
        counterparty=licensee,
        licence_kind=licence_kind,
        reference=reference,
    )


@transaction.atomic
def invalidation_record(
    *,
    actor: User | None,
    right: Right,
    date: datetime.date,
    partial: bool,
    reference: str = "",
    authority: str = "",
) -> LegalEvent:
    """Record an invalidation decision (无效宣告); the cases app calls this when one is decided.

    Whole invalidation is final: no later event brings the right back. A partial one leaves
    the status as it is and marks the right partially invalidated.
    """
    return append_event(
        actor=actor,
        right=right,
        kind=EventKind.INVALIDATION,
        date=date,
        partial=partial,
        reference=reference,
        authority=authority,
    )


@transaction.atomic
def lapse_record(
    *, actor: User | None, right: Right, date: datetime.date, reference: str = ""
) -> LegalEvent:
    """Record that a valid right ended early because the annual fee was not paid (终止)."""
    return append_event(
        actor=actor, right=right, kind=EventKind.LAPSE, date=date, reference=reference
    )


@transaction.atomic
def restoration_record(
    *, actor: User | None, right: Right, date: datetime.date, reference: str = ""
) -> LegalEvent:
    """Restore a lapsed right (权利恢复); refused for any other status."""
    return append_event(
        actor=actor, right=right, kind=EventKind.RESTORATION, date=date, reference=reference
    )


@transaction.atomic
def expiry_record(*, actor: User | None, right: Right, date: datetime.date) -> LegalEvent:
    """Record that a valid right reached the end of its term (期限届满)."""
    return append_event(actor=actor, right=right, kind=EventKind.EXPIRY, date=date)


@transaction.atomic
def renewal_record(
    *, actor: User | None, right: Right, date: datetime.date, new_expiry: datetime.date
) -> LegalEvent:
    """Renew a trademark (续展) to `new_expiry`; allowed while valid or in the six-month grace period."""
    return append_event(
        actor=actor, right=right, kind=EventKind.RENEWAL, date=date, expiry_date=new_expiry
    )


@transaction.atomic
def abandonment_record(
    *, actor: User | None, right: Right, date: datetime.date, reference: str = ""
) -> LegalEvent:
    """Record that the holder gave up an application or a right (放弃)."""
    return append_event(
        actor=actor, right=right, kind=EventKind.ABANDONMENT, date=date, reference=reference
    )


@transaction.atomic
def rejection_record(
    *,
    actor: User | None,
    right: Right,
    date: datetime.date,
    reference: str = "",
    authority: str = "",
) -> LegalEvent:
    """Record the refusal of a pending application (驳回, or an upheld trademark opposition)."""
    return append_event(
        actor=actor,
        right=right,
        kind=EventKind.REJECTION,
        date=date,
        reference=reference,
        authority=authority,
    )


@transaction.atomic
def well_known_recognise(
    *, actor: User | None, trademark: Trademark, date: datetime.date, authority: str, reference: str
) -> LegalEvent:
    """Record that an authority recognised a registered trademark as well known (驰名商标认定).

    Recognition is made case by case (商标法 art. 14): `authority` and `reference` (the
    decision or case number) are required.
    """
    if not isinstance(trademark, Trademark):
        raise ApplicationError(
            _("驰名商标认定只适用于商标。"), code="trademark_only", extra={"field": "trademark"}
        )
    if not authority.strip() or not reference.strip():
        raise ApplicationError(
            _("请填写认定机关和认定文书的文号或案号。"),
            code="authority_required",
            extra={"field": "authority" if not authority.strip() else "reference"},
        )
    return append_event(
        actor=actor,
        right=trademark,
        kind=EventKind.WELL_KNOWN,
        date=date,
        authority=authority.strip(),
        reference=reference.strip(),
    )
