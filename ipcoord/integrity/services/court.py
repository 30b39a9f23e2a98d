"""Courts notify IP administrations of bad faith they found in their own cases (通报机制).

`court_notice_file`: a judge or clerk of the court that owns the case records the notice
(party of the case, kind, facts, judgment, date, rights) and it is sent to the IP
administrations chosen (by default CNIPA and the provincial office of the court's province).
`court_notice_lead`: an IP officer opens a lead of their own office from a notice, to follow
it up (screen the party's filings, propose a listing) and decide it with a reason.

The notice is a confirmed `Finding` owned by the court (see `court_rules`); the other
direction, an IP office confirming a lead, is `decide.finding_confirm`.
"""

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcoord.cases.models import Case, CaseParty
from ipcoord.cases.selectors import COURT_ROLES
from ipcoord.core.audit import audit_record
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import Membership, Organisation, User
from ipcoord.core.notify import notify
from ipcoord.core.selectors import members_of
from ipcoord.integrity import court_rules as cr
from ipcoord.integrity.models import Finding, FindingStatus
from ipcoord.integrity.services._common import acting_office
from ipcoord.integrity.services.leads import Lead, record_lead
from ipcoord.registry.models import Party, Patent, Trademark

MAX_FACTS = 2000
MAX_DOCUMENT = 200


def _require_court_member(actor: User | None, case: Case) -> None:
    """A judge or clerk of the very court that owns the case (not a court above it)."""
    if actor is None:
        return
    member = Membership.objects.filter(
        user_id=actor.pk,
        user__is_active=True,
        organisation_id=case.owner_org_id,
        organisation__is_active=True,
        role__in=list(COURT_ROLES),
    ).exists()
    if not member:
        raise PermissionDenied(
            _("只有本案承办法院的法官或书记员可以通报本案认定的恶意行为。"),
            code="not_court_member",
        )


def _error(message: str, field: str, code: str) -> ApplicationError:
    return ApplicationError(message, code=code, extra={"field": field})


def _party(case: Case, party_id: int | None) -> Party:
    cp = (
        CaseParty.objects.filter(case=case, party_id=party_id).select_related("party").first()
        if party_id
        else None
    )
    if cp is None:
        raise _error(
            _("当事人（编号 %(id)s）不是案件 %(case)s 的当事人；只能通报本案当事人的恶意行为。")
            % {"id": party_id or "-", "case": case.number},
            "party",
            "party_not_in_case",
        )
    return cp.party


def _text(value: str, *, field: str, label: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise _error(_("请填写%(label)s。") % {"label": label}, field, f"{field}_required")
    if len(value) > limit:
        raise _error(
            _("%(label)s过长，请控制在 %(n)d 字以内。") % {"label": label, "n": limit},
            field,
            f"{field}_too_long",
        )
    return value


def _decision_date(case: Case, value: datetime.date | None) -> datetime.date:
    if value is None:
        raise _error(_("请填写裁判日期。"), "decision_date", "decision_date_required")
    if value > timezone.localdate():
        raise _error(_("裁判日期不能晚于今天。"), "decision_date", "decision_date_future")
    if value < case.filing_date:
        raise _error(
            _("裁判日期不能早于本案立案日期 %(date)s。") % {"date": case.filing_date},
            "decision_date",
            "decision_date_before_filing",
        )
    return value


def _rights(model, ids: Iterable[int], field: str) -> list:
    ids = sorted({int(i) for i in ids})
    found = list(model.objects.filter(pk__in=ids, sealed=False).order_by("pk"))
    missing = sorted(set(ids) - {r.pk for r in found})
    if missing:
        what = _("专利") if model is Patent else _("商标")
        raise _error(
            _("登记簿中没有%(what)s（编号 %(ids)s），请核对涉及的权利。")
            % {"what": what, "ids": ", ".join(map(str, missing))},
            field,
            f"unknown_{field}",
        )
    return found


def _addressees(case: Case, ids: Iterable[int] | None) -> list[Organisation]:
    if ids is None:
        chosen = cr.default_addressees(case.owner_org)
    else:
        ids = sorted({int(i) for i in ids})
        chosen = list(cr.ip_admins().filter(pk__in=ids))
        if len(chosen) != len(ids):
            raise _error(
                _("通报对象只能是知识产权管理部门，请重新选择。"),
                "addressees",
                "bad_addressees",
            )
    if not chosen:
        raise _error(
            _("请至少选择一个通报的知识产权管理部门。"), "addressees", "addressees_required"
        )
    return chosen


@transaction.atomic
def court_notice_file(
    *,
    actor: User | None,
    case: Case,
    party_id: int | None,
    kind: str,
    facts: str,
    document: str,
    decision_date: datetime.date | None,
    patent_ids: Iterable[int] = (),
    trademark_ids: Iterable[int] = (),
    addressee_ids: Iterable[int] | None = None,
) -> Finding:
    """Record a court's notice of bad faith found in `case` and send it to the IP offices.

    `addressee_ids=None` sends it to CNIPA and the provincial IP office of the court's
    province. The notice is sealed when the case is: then only the court and the offices it
    was sent to see it. Refused, writing nothing: an actor who is not a judge or clerk of the
    case's court, a party not in the case, a kind a court does not notify, missing facts or
    judgment, a date in the future or before the filing, an unknown right or addressee, the
    same judgment already notified for this party and kind. Caveat: the notice goes to the
    members of those offices at this moment.
    """
    _require_court_member(actor, case)
    party = _party(case, party_id)
    if kind not in cr.COURT_KINDS:
        raise _error(_("请选择通报的恶意行为类型。"), "kind", "bad_kind")
    facts = _text(facts, field="facts", label=_("认定的事实"), limit=MAX_FACTS)
    document = _text(document, field="document", label=_("裁判文书"), limit=MAX_DOCUMENT)
    decided_on = _decision_date(case, decision_date)
    patents = _rights(Patent, patent_ids, "patents")
    trademarks = _rights(Trademark, trademark_ids, "trademarks")
    addressees = _addressees(case, addressee_ids)
    same = Finding.objects.filter(
        cr.court_notice_q(), case=case, party=party, kind=kind, evidence__document=document
    )
    if same.exists():
        raise ApplicationError(
            _("本案已就该当事人的这一裁判文书通报过（%(kind)s），无需重复通报。")
            % {"kind": cr.COURT_KINDS[kind]},
            code="already_notified",
            status=409,
            extra={"field": "document"},
        )
    court = case.owner_org
    now = timezone.now()
    person = actor if actor is not None and actor.pk else None
    notice = Finding.objects.create(
        owner_org=court,
        sealed=case.sealed,
        kind=kind,
        status=FindingStatus.CONFIRMED,
        party=party,
        case=case,
        patent=patents[0] if len(patents) == 1 else None,
        trademark=trademarks[0] if len(trademarks) == 1 else None,
        evidence={
            cr.CASES: [case.pk],
            cr.DOCUMENT: document,
            cr.DECISION_DATE: decided_on.isoformat(),
            cr.PATENTS: [p.pk for p in patents],
            cr.TRADEMARKS: [t.pk for t in trademarks],
        },
        score=1.0,
        reasons=[
            _("%(court)s %(document)s（%(date)s）认定%(party)s：%(kind)s")
            % {
                "court": court.name,
                "document": document,
                "date": decided_on.isoformat(),
                "party": party.name,
                "kind": cr.COURT_KINDS[kind],
            }
        ],
        rule=cr.COURT_NOTICE,
        created_by=person,
        decided_by=person,
        decided_at=now,
        decision_reason=facts,
    )
    notice.notified_orgs.set(addressees)
    audit_record(
        actor=actor,
        action="integrity.court_notice",
        obj=notice,
        organisation=court,
        after={
            "kind": kind,
            "party": party.pk,
            "case": case.pk,
            "document": document,
            "decision_date": decided_on.isoformat(),
            "patents": [p.pk for p in patents],
            "trademarks": [t.pk for t in trademarks],
            "notified": [o.pk for o in addressees],
        },
    )
    notify(
        recipients=members_of(organisation_ids={o.pk for o in addressees}),
        verb="integrity.court_notice",
        params={
            "court": court.name,
            "party": party.name,
            "kind": str(cr.COURT_KINDS[kind]),
            "case": case.number,
            "document": document,
        },
        url=reverse("integrity:court_notice_detail", args=[notice.pk]),
    )
    return notice


@transaction.atomic
def court_notice_lead(*, actor: User | None, notice: Finding) -> tuple[Finding, bool]:
    """Open a lead of the actor's IP office from a court's notice (once per office: a second
    call returns the open or confirmed lead). The office then confirms or dismisses it with a
    reason, like any lead. Pass a notice the actor may see (access.get_court_notice_for)."""
    if not cr.is_court_notice(notice):
        raise ApplicationError(_("这不是法院通报。"), code="not_court_notice")
    office = acting_office(
        actor,
        refusal=_("只有知识产权管理部门的业务人员可以根据法院通报立甄别线索。"),
    )
    case_number = notice.case.number if notice.case_id else ""
    lead = Lead(
        kind=notice.kind,
        rule=cr.FROM_COURT_NOTICE,
        legal_basis="",
        score=1.0,
        reasons=[
            _("法院通报 %(id)s：%(court)s在 %(case)s 中认定%(kind)s（%(document)s）")
            % {
                "id": notice.pk,
                "court": notice.owner_org.name,
                "case": case_number,
                "kind": cr.kind_label(notice),
                "document": cr.document(notice),
            },
            notice.decision_reason,
        ],
        evidence={"court_notice": notice.pk, cr.CASES: [notice.case_id] if notice.case_id else []},
        patent_id=notice.patent_id,
        party_id=notice.party_id,
        case_id=notice.case_id,
        matched_ref=f"{cr.COURT_NOTICE}:{notice.pk}",
        matched_text=cr.document(notice),
    )
    finding, created = record_lead(actor=actor, office=office, run=None, lead=lead)
    if created and notice.sealed:
        # A lead on a sealed case's notice stays as closed as the notice: its own office only.
        Finding.objects.filter(pk=finding.pk).update(sealed=True)
        finding.sealed = True
    return finding, created
