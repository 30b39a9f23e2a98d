"""The dishonesty list up to the decision: propose, notify, object, waive, decide.

Each service is one transaction: permission, validation, a guarded transition
(services/_credit.py), the step row, the audit event and the notifications; on any error
nothing is written. The order of the law's steps is enforced here: no decision without a
notice, none before the objection period ends unless the party waived objection, and a
decision on an objection must answer it.

Caveat: the party is not a platform user; the officer records the notice served, the
objection received and the waiver given, with the dates they happened.
"""

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import User
from ipcoord.integrity import credit_rules, selectors
from ipcoord.integrity.credit_models import CreditListing, ListingStatus, StepKind
from ipcoord.integrity.models import Finding, FindingStatus
from ipcoord.integrity.services import _credit as c
from ipcoord.registry.models import Party
from ipcoord.registry.selectors import party_list_for

S = ListingStatus
LIVE = (S.PROPOSED, S.NOTIFIED, S.OBJECTED, S.LISTED)


def _party(actor: User | None, party_id: int | None) -> Party:
    qs = Party.objects.all() if actor is None else party_list_for(user=actor)
    party = qs.filter(pk=party_id).first() if party_id else None
    if party is None:
        raise ApplicationError(
            _("没有找到该当事人（编号 %(id)s），请在登记簿中核对当事人后再提出。")
            % {"id": party_id or "-"},
            code="unknown_party",
            extra={"field": "party"},
            status=400,
        )
    return party


def _findings(actor: User | None, party: Party, ids: Iterable[int]) -> list[Finding]:
    ids = sorted({int(i) for i in ids})
    if not ids:
        return []
    qs = Finding.objects.all() if actor is None else selectors.finding_list_for(user=actor)
    found = list(qs.filter(pk__in=ids, status=FindingStatus.CONFIRMED, party=party))
    missing = sorted(set(ids) - {f.pk for f in found})
    if missing:
        raise ApplicationError(
            _("甄别线索 %(ids)s 不存在、未确认或不是关于该当事人的，不能作为列入依据。")
            % {"ids": ", ".join(map(str, missing))},
            code="bad_findings",
            extra={"field": "findings", "ids": missing},
        )
    return found


@transaction.atomic
def listing_propose(
    *,
    actor: User | None,
    party_id: int | None,
    kind: str,
    facts: str,
    legal_basis: str,
    term_months: int | None = None,
    finding_ids: Iterable[int] = (),
) -> CreditListing:
    """Propose to list a party, with the facts, the legal basis and the term (months; the
    kind's default when None). Refused: unknown party or kind, a term beyond the maximum,
    findings that are not confirmed findings about this party, a live listing of the same
    kind for the party."""
    office = c.credit_office(actor)
    if kind not in credit_rules.ListKind.values:
        raise ApplicationError(_("请选择名单类型。"), code="unknown_kind", extra={"field": "kind"})
    party = _party(actor, party_id)
    facts = c.clean_text(facts, field="facts", label=_("失信事实"))
    legal_basis = c.clean_text(legal_basis, field="legal_basis", label=_("法律依据"))
    if len(legal_basis) > 300:
        raise ApplicationError(
            _("法律依据过长，请控制在 300 字以内。"),
            code="too_long",
            extra={"field": "legal_basis"},
        )
    term = c.clean_term(kind, term_months)
    findings = _findings(actor, party, finding_ids)
    if CreditListing.objects.filter(party=party, kind=kind, status__in=LIVE).exists():
        raise ApplicationError(
            _("该当事人已有一件正在办理或公示中的同类名单，请在原名单上继续办理。"),
            code="duplicate_listing",
            status=409,
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            listing = CreditListing.objects.create(
                owner_org=office,
                party=party,
                kind=kind,
                facts=facts,
                legal_basis=legal_basis,
                term_months=term,
                proposed_by=actor if actor is not None and actor.pk else None,
            )
    except IntegrityError as exc:  # a concurrent proposal for the same party and kind
        raise ApplicationError(
            _("该当事人已有一件正在办理或公示中的同类名单，请在原名单上继续办理。"),
            code="duplicate_listing",
            status=409,
        ) from exc
    listing.findings.set(findings)
    c.record_step(
        listing,
        kind=StepKind.PROPOSE,
        actor=actor,
        at=now,
        note=facts,
        before="",
        after=S.PROPOSED,
        extra={
            "party": party.pk,
            "kind": kind,
            "term_months": term,
            "findings": [f.pk for f in findings],
        },
    )
    return listing


@transaction.atomic
def listing_notify(
    *, actor: User | None, listing: CreditListing, notice_text: str
) -> CreditListing:
    """Record the notice served on the party now; the objection period (credit_rules)
    starts and its deadline is set. Only a proposed listing can be notified."""
    c.require_handler(actor, listing)
    notice_text = c.clean_text(notice_text, field="notice_text", label=_("告知内容"))
    row = c.lock(listing)
    if row.status != S.PROPOSED:
        raise c.wrong_status(row, _("告知当事人"))
    now = timezone.now()
    deadline = now + datetime.timedelta(days=credit_rules.objection_days())
    c.advance(
        row,
        to=S.NOTIFIED,
        kind=StepKind.NOTIFY,
        actor=actor,
        now=now,
        note=notice_text,
        extra={"deadline": deadline},
        notice_text=notice_text,
        notified_at=now,
        objection_deadline=deadline,
    )
    return row


@transaction.atomic
def listing_object(
    *,
    actor: User | None,
    listing: CreditListing,
    text: str,
    received_at: datetime.datetime | None = None,
) -> CreditListing:
    """Record the party's objection received at `received_at` (default now). Refused after
    the deadline, before the notice, or in the future. A second objection in the period is
    added to the first."""
    c.require_handler(actor, listing)
    text = c.clean_text(text, field="text", label=_("异议内容"))
    now = timezone.now()
    received_at = received_at or now
    row = c.lock(listing)
    if row.status not in (S.NOTIFIED, S.OBJECTED):
        raise c.wrong_status(row, _("记录异议"))
    if received_at > now or received_at < row.notified_at:
        raise ApplicationError(
            _("异议收到时间应在告知之后、不晚于现在。"),
            code="bad_received_at",
            extra={"field": "received_at"},
        )
    if received_at > row.objection_deadline:
        raise ApplicationError(
            _("异议期限已于 %(deadline)s 届满，逾期提出的异议不予受理。")
            % {"deadline": timezone.localtime(row.objection_deadline).strftime("%Y-%m-%d %H:%M")},
            code="objection_late",
            extra={"field": "text"},
        )
    joined = f"{row.objection_text}\n\n{text}" if row.objection_text else text
    c.advance(
        row,
        to=S.OBJECTED,
        kind=StepKind.OBJECT,
        actor=actor,
        now=now,
        at=received_at,
        note=text,
        objection_text=joined,
        objection_at=row.objection_at or received_at,
    )
    return row


@transaction.atomic
def listing_waive(*, actor: User | None, listing: CreditListing, note: str) -> CreditListing:
    """Record that the party waived objection (say how: a signed statement, its date);
    the decision may then come before the period ends."""
    c.require_handler(actor, listing)
    note = c.clean_text(note, field="note", label=_("放弃异议的说明"))
    row = c.lock(listing)
    if row.status != S.NOTIFIED or row.objection_waived:
        raise c.wrong_status(row, _("记录放弃异议"))
    now = timezone.now()
    c.advance(
        row,
        to=S.NOTIFIED,
        kind=StepKind.WAIVE,
        actor=actor,
        now=now,
        note=note,
        objection_waived=True,
    )
    return row


@transaction.atomic
def listing_decide(
    *,
    actor: User | None,
    listing: CreditListing,
    reason: str,
    list_party: bool = True,
    answer: str = "",
    term_months: int | None = None,
) -> CreditListing:
    """Decide after the notice: list the party (published from now until now + term) or
    not. Refused before the objection period ends unless objection was waived; when an
    objection was filed, `answer` is required. Listing tells the joint-punishment
    organisations. `term_months` may change the proposed term within the maximum."""
    c.require_handler(actor, listing)
    reason = c.clean_text(reason, field="reason", label=_("决定理由"))
    answer = c.clean_text(answer, field="answer", label=_("对异议的答复"), required=False)
    row = c.lock(listing)
    now = timezone.now()
    if row.status == S.PROPOSED:
        raise ApplicationError(
            _("尚未告知当事人：请先告知并给予异议期，再作出决定。"),
            code="not_notified",
            status=409,
        )
    if row.status == S.NOTIFIED and not row.objection_waived and now <= row.objection_deadline:
        raise ApplicationError(
            _("异议期至 %(deadline)s 届满，届满前不能作出决定（当事人书面放弃异议的除外）。")
            % {"deadline": timezone.localtime(row.objection_deadline).strftime("%Y-%m-%d %H:%M")},
            code="objection_period_running",
            status=409,
        )
    if row.status == S.OBJECTED and not answer:
        raise ApplicationError(
            _("当事人提出了异议，决定必须答复异议：请填写对异议的答复。"),
            code="answer_required",
            extra={"field": "answer"},
        )
    if row.status not in (S.NOTIFIED, S.OBJECTED):
        raise c.wrong_status(row, _("作出决定"))
    fields: dict = {"decided_at": now, "decision_text": reason, "objection_answer": answer}
    if list_party:
        term = c.clean_term(row.kind, term_months if term_months is not None else row.term_months)
        until = credit_rules.add_months(now, term)
        fields |= {"term_months": term, "published_from": now, "published_until": until}
        to, step = S.LISTED, StepKind.DECIDE
    else:
        fields |= {"ended_at": now, "end_reason": reason}
        to, step = S.NOT_LISTED, StepKind.DECIDE_NOT
    c.advance(
        row,
        to=to,
        kind=step,
        actor=actor,
        now=now,
        note=reason,
        extra={"answer": answer, "until": fields.get("published_until")},
        **fields,
    )
    if to == S.LISTED:
        c.tell_joint_orgs(row, "integrity.credit_listed")
    return row
