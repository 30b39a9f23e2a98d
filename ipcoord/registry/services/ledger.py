"""The ledger: the one write path that appends a legal event and changes a right's status.

Each service locks the right, re-derives its state from the recorded events, asks
`status.refusal()` whether the new event may follow, runs the event guards other apps
registered (see `common.register_event_guard`), then appends the LegalEvent, writes back the
derived status with `update_fields` and audits before/after, all in one transaction.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ipcoord.core.audit import audit_record, snapshot
from ipcoord.core.exceptions import ApplicationError, NotFound
from ipcoord.core.models import User
from ipcoord.core.selectors import visible
from ipcoord.registry import status as st
from ipcoord.registry.models import (
    EventKind,
    LegalEvent,
    Party,
    Patent,
    PatentOwner,
    RightStatus,
    Trademark,
)
from ipcoord.registry.services.common import (
    ProposedEvent,
    Right,
    check_date,
    officer_org,
    right_label,
    run_event_guards,
)

_STATE_FIELDS: dict[type, tuple[str, ...]] = {
    Patent: ("status", "partially_invalidated", "grant_date"),
    Trademark: (
        "status",
        "partially_invalidated",
        "registration_date",
        "expiry_date",
        "well_known",
    ),
}

_REFUSALS = {
    "already_filed": gettext_noop("%(right)s 已有申请记录。"),
    "not_filed": gettext_noop("%(right)s 没有申请记录，请先登记申请。"),
    "date_out_of_order": gettext_noop(
        "%(event)s日期 %(date)s 早于该权利最近一次法律事件的日期 %(last)s；请按时间顺序登记。"
    ),
    "already_granted": gettext_noop("%(right)s 已经授权，不能重复授权。"),
    "not_pending": gettext_noop(
        "%(right)s 当前为“%(status)s”，只有申请中的权利才能登记%(event)s。"
    ),
    "not_transferable": gettext_noop("%(right)s 当前为“%(status)s”，不能办理转让登记。"),
    "not_pledgeable": gettext_noop(
        "%(right)s 当前为“%(status)s”，只有有效的权利才能办理质押登记。"
    ),
    "not_licensable": gettext_noop("%(right)s 当前为“%(status)s”，不能办理许可备案。"),
    "no_active_pledge": gettext_noop(
        "%(right)s 没有这项尚未注销的质押登记，无法注销；请核对质押登记。"
    ),
    "not_granted": gettext_noop("%(right)s 尚未授权，申请中的权利不能宣告无效。"),
    "already_invalidated": gettext_noop("%(right)s 已被宣告全部无效。"),
    "not_invalidatable": gettext_noop("%(right)s 当前为“%(status)s”，不能宣告无效。"),
    "not_valid": gettext_noop("%(right)s 当前为“%(status)s”，只有有效的权利才能登记%(event)s。"),
    "not_lapsed": gettext_noop("%(right)s 当前为“%(status)s”，只有因未缴年费终止的权利才能恢复。"),
    "trademark_only": gettext_noop("%(event)s只适用于商标。"),
    "renewal_too_late": gettext_noop("%(right)s 已超过期满后六个月的宽展期，不能续展。"),
    "renewal_not_later": gettext_noop("续展后的期限必须晚于当前期限 %(expiry)s。"),
    "not_abandonable": gettext_noop("%(right)s 当前为“%(status)s”，不能登记放弃。"),
}


def refusal_error(
    code: str, right: Right, state: st.RightState, event: st.Event
) -> ApplicationError:
    # Translated at call time so the message follows the request's language.
    template = _(_REFUSALS[code]) if code in _REFUSALS else _("不能登记该法律事件。")
    status_label = RightStatus(state.status).label if state.status else "-"
    params = {
        "right": right_label(right),
        "status": status_label,
        "event": EventKind(event.kind).label,
        "date": event.date.isoformat(),
        "last": state.last_date.isoformat() if state.last_date else "-",
        "expiry": state.expiry_date.isoformat() if state.expiry_date else "-",
    }
    return ApplicationError(
        template % params,
        code=code,
        extra={"status": state.status, "event": event.kind},
        status=409,
    )


def _as_event(e: LegalEvent) -> st.Event:
    return st.Event(
        kind=e.kind,
        date=e.date,
        key=e.pk,
        partial=e.partial,
        pledge=e.pledge_id,
        counterparty=e.counterparty_id,
        licence_kind=e.licence_kind,
        expiry_date=e.expiry_date,
    )


def right_type(right: Right) -> str:
    return st.PATENT if isinstance(right, Patent) else st.TRADEMARK


def right_state(right: Right) -> st.RightState:
    """The state derived from the right's recorded events (no lock; for reads)."""
    return st.derive(right_type(right), [_as_event(e) for e in right.events.order_by("date", "id")])


def _lock(actor: User | None, right: Right) -> Right:
    model = type(right)
    locked = model.objects.select_for_update().filter(pk=right.pk).first()
    hidden = (
        actor is not None
        and not visible(model.objects.filter(pk=right.pk), actor, public=True).exists()
    )
    if locked is None or hidden:
        raise NotFound(_("没有找到该权利，或您无权查看。"))
    return locked


def _owner_ids(right: Right) -> list[int]:
    if isinstance(right, Patent):
        return list(PatentOwner.objects.filter(patent=right).values_list("party_id", flat=True))
    return [right.owner_id]


def _write_state(right: Right, state: st.RightState) -> list[str]:
    values: dict[str, Any] = {
        "status": str(state.status),
        "partially_invalidated": state.partially_invalidated,
    }
    if isinstance(right, Patent):
        values["grant_date"] = state.grant_date
    else:
        values |= {
            "registration_date": state.grant_date,
            "expiry_date": state.expiry_date,
            "well_known": state.well_known,
        }
    changed = [k for k, v in values.items() if getattr(right, k) != v]
    for k in changed:
        setattr(right, k, values[k])
    return changed


def _transfer_owners(right: Right, assignee: Party) -> list[str]:
    if isinstance(right, Patent):
        PatentOwner.objects.filter(patent=right).delete()
        PatentOwner.objects.create(patent=right, party=assignee, position=0)
        return []
    right.owner = assignee
    return ["owner"]


@transaction.atomic
def append_event(
    *,
    actor: User | None,
    right: Right,
    kind: str,
    date: datetime.date,
    counterparty: Party | None = None,
    pledge: LegalEvent | None = None,
    licence_kind: str = "",
    partial: bool = False,
    authority: str = "",
    reference: str = "",
    note: str = "",
    expiry_date: datetime.date | None = None,
) -> LegalEvent:
    """Append one event to `right` under the status rules and the guards; see module doc.

    The caller's `right` instance is updated with the new status fields (and owner).
    """
    acting_org = officer_org(actor)
    check_date(date)
    locked = _lock(actor, right)
    state = right_state(locked)
    proposed = st.Event(
        kind=kind,
        date=date,
        partial=partial,
        pledge=pledge.pk if pledge is not None else None,
        counterparty=counterparty.pk if counterparty is not None else None,
        licence_kind=licence_kind,
        expiry_date=expiry_date,
    )
    code = st.refusal(state, proposed)
    if code is not None:
        raise refusal_error(code, locked, state, proposed)
    is_transfer = kind == EventKind.TRANSFER and counterparty is not None
    if is_transfer and _owner_ids(locked) == [counterparty.pk]:  # type: ignore[union-attr]
        raise ApplicationError(
            _("%(party)s 已经是 %(right)s 的权利人，无需转让。")
            % {"party": counterparty.name, "right": right_label(locked)},  # type: ignore[union-attr]
            code="same_owner",
            extra={"field": "assignee"},
        )
    run_event_guards(
        ProposedEvent(
            actor=actor,
            right=locked,
            kind=kind,
            date=date,
            counterparty=counterparty,
            pledge=pledge,
            partial=partial,
            details={"licence_kind": licence_kind, "reference": reference, "authority": authority},
        )
    )
    fields = _STATE_FIELDS[type(locked)]
    before = snapshot(locked, fields=list(fields)) | {"owners": _owner_ids(locked)}
    event = LegalEvent.objects.create(
        patent=locked if isinstance(locked, Patent) else None,
        trademark=locked if isinstance(locked, Trademark) else None,
        kind=kind,
        date=date,
        counterparty=counterparty,
        pledge=pledge,
        licence_kind=licence_kind,
        partial=partial,
        authority=authority,
        reference=reference,
        note=note,
        expiry_date=expiry_date,
        recorded_by=actor,
    )
    new_state = st.apply(state, _as_event(event))
    changed = _write_state(locked, new_state)
    if kind == EventKind.TRANSFER and counterparty is not None:
        changed += _transfer_owners(locked, counterparty)
    locked.save(update_fields=[*changed, "updated_at"])
    for name in [*changed, "updated_at"]:
        setattr(right, name, getattr(locked, name))
    after = snapshot(locked, fields=list(fields)) | {"owners": _owner_ids(locked)}
    after["event"] = snapshot(
        event,
        fields=[
            "id",
            "kind",
            "date",
            "counterparty",
            "pledge",
            "partial",
            "licence_kind",
            "reference",
            "authority",
            "expiry_date",
        ],
    )
    audit_record(
        actor=actor,
        action=f"{right_type(locked)}.{kind}",
        obj=locked,
        organisation=acting_org or locked.owner_org,
        before=before,
        after=after,
    )
    return event
