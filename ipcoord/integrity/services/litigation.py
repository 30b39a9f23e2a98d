"""Signals of malicious litigation (恶意诉讼) on the cases register.

`litigation_signals(party=…)` reads only; `litigation_screen(actor=…)` runs them for every
plaintiff in the register and records each as a `malicious_litigation` lead about the party.
Each signal lists the cases it rests on (`evidence["cases"]`: case ids, and their numbers),
and confirming it notifies the courts of those cases (services.decide).

Signals, defaults in rules.py, and what they approximate:
- mass_suits: on one right, suits against ≥ N distinct defendants filed inside D days, of
  which at least the given share ended by withdrawal or mediation (default 5 defendants,
  180 days, half): 批量诉讼、和解后撤诉. A right holder enforcing against many real
  infringers looks the same; settlement terms are not in the register.
- invalid_right: suits on a patent or trademark that an invalidation proceeding decided
  wholly invalid (全部无效), or on a trademark with a confirmed trademark_similarity or
  protected_sign finding (a malicious registration). Invalid later than the suit is the
  classic pattern; one invalid before it is also listed.
- abnormal_patent_right: suits on a patent with an abnormal_patent finding that is a lead
  or confirmed (the reasons say which).
- earlier_mark: suits on a trademark against a defendant that applied for a similar mark
  (`engine.compare`, the platform's threshold) before the plaintiff's mark was applied for:
  the register's trace of a squatter suing the earlier user (恶意抢注后起诉在先使用人).
  Caveat: the register records applications, not use; use before any application (the
  classic unregistered earlier user) needs evidence the register does not hold, and the
  reasons say the officer checks it.
"""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcoord.cases.models import (
    Case,
    CaseParty,
    CaseRole,
    ClosingManner,
    Proceeding,
    ProceedingKind,
    ProceedingOutcome,
    ProceedingStatus,
)
from ipcoord.core.audit import audit_record
from ipcoord.core.models import Organisation, User
from ipcoord.integrity import rules
from ipcoord.integrity.court_rules import COURT_NOTICE
from ipcoord.integrity.engine import compare
from ipcoord.integrity.models import (
    Finding,
    FindingKind,
    FindingStatus,
    RunSource,
    RunStatus,
    ScreeningRun,
)
from ipcoord.integrity.services._common import acting_office
from ipcoord.integrity.services.leads import Lead, record_lead
from ipcoord.integrity.services.signals import Signal
from ipcoord.registry.models import Party, Trademark

SETTLED = (ClosingManner.WITHDRAWAL, ClosingManner.MEDIATION)
BASIS = "民法典第一百三十二条；民事诉讼法第十三条；最高人民法院关于知识产权侵权诉讼中被告以原告滥用权利为由请求赔偿合理开支问题的批复"  # noqa: E501
MAX_LISTED = 10


def _evidence(cases: list[Case]) -> dict:
    cases = sorted(set(cases), key=lambda c: (c.filing_date, c.pk))
    return {"cases": [c.pk for c in cases], "case_numbers": [c.number for c in cases]}


def _mass_suits(cases: list[Case], defendants: dict[int, set[int]]) -> Signal | None:
    need, days, share = rules.mass_suits()
    by_right: dict[tuple[str, int], list[Case]] = defaultdict(list)
    for case in cases:
        for pk in case.patents.values_list("pk", flat=True):
            by_right[("patent", pk)].append(case)
        for pk in case.trademarks.values_list("pk", flat=True):
            by_right[("trademark", pk)].append(case)
    best: list[Case] = []
    for suits in by_right.values():
        suits.sort(key=lambda c: c.filing_date)
        lo = 0
        for hi in range(len(suits)):
            while suits[hi].filing_date - suits[lo].filing_date > datetime.timedelta(days=days):
                lo += 1
            window = suits[lo : hi + 1]
            sued = set().union(*(defendants.get(c.pk, set()) for c in window))
            settled = [c for c in window if c.closing_manner in SETTLED]
            if (
                len(sued) >= need
                and len(settled) >= share * len(window)
                and len(window) > len(best)
            ):
                best = window
    if not best:
        return None
    sued = set().union(*(defendants.get(c.pk, set()) for c in best))
    settled = [c for c in best if c.closing_manner in SETTLED]
    return Signal(
        rule="mass_suits",
        score=min(1.0, 0.5 + 0.05 * len(sued) + 0.2 * len(settled) / len(best)),
        reasons=[
            _(
                "%(first)s 至 %(last)s 就同一权利起诉 %(n)d 个被告（%(suits)d 件），"
                "其中 %(settled)d 件以撤诉或调解结案（阈值：%(days)d 天内 %(need)d 个被告）"
            )
            % {
                "first": best[0].filing_date,
                "last": best[-1].filing_date,
                "n": len(sued),
                "suits": len(best),
                "settled": len(settled),
                "days": days,
                "need": need,
            },
            _("登记簿中没有和解条件；是否滥用诉权须由人判断"),
        ],
        legal_basis=BASIS,
        evidence=_evidence(best),
    )


def _invalid_right(party: Party, cases: list[Case]) -> Signal | None:
    rested: list[Case] = []
    reasons: list[str] = []
    for case in cases:
        patents = list(case.patents.all())
        marks = list(case.trademarks.all())
        decided = Proceeding.objects.filter(
            Q(patent__in=patents, kind=ProceedingKind.PATENT_INVALIDATION)
            | Q(trademark__in=marks, kind=ProceedingKind.TRADEMARK_INVALIDATION),
            status=ProceedingStatus.DECIDED,
            outcome=ProceedingOutcome.INVALID,
        ).select_related("patent", "trademark")
        for p in decided:
            rested.append(case)
            when = _("起诉后") if p.decision_date and p.decision_date >= case.filing_date else ""
            reasons.append(
                _(
                    "案件 %(case)s 所涉权利 %(right)s 已于 %(date)s %(when)s被宣告全部无效（%(ref)s）"
                )
                % {
                    "case": case.number,
                    "right": p.patent.application_number if p.patent_id else p.trademark.number,
                    "date": p.decision_date,
                    "when": when,
                    "ref": p.decision_number or p.number,
                }
            )
        bad_marks = Finding.objects.filter(
            Q(trademark__in=marks)
            | Q(party_id=party.pk, subject_text__in=[m.mark_text for m in marks]),
            kind__in=(FindingKind.TRADEMARK_SIMILARITY, FindingKind.PROTECTED_SIGN),
            status=FindingStatus.CONFIRMED,
            sealed=False,  # a sealed finding is its office's alone; this lead may go elsewhere
        ).exclude(subject_text="", trademark__isnull=True)
        for f in bad_marks:
            rested.append(case)
            reasons.append(
                _("案件 %(case)s 所涉商标经甄别确认为恶意注册（线索 %(id)s，%(office)s）")
                % {"case": case.number, "id": f.pk, "office": f.owner_org.name}
            )
    if not rested:
        return None
    return Signal(
        rule="invalid_right",
        score=min(1.0, 0.6 + 0.1 * len(set(rested))),
        reasons=reasons[:MAX_LISTED],
        legal_basis=BASIS,
        evidence=_evidence(rested),
    )


def _abnormal_patent_right(cases: list[Case], office_id: int | None) -> Signal | None:
    rested: list[Case] = []
    reasons: list[str] = []
    # Open leads stay with the office that raised them: another office's lead is not cited.
    standing = Q(status=FindingStatus.CONFIRMED)
    if office_id is not None:
        standing |= Q(status=FindingStatus.LEAD, owner_org_id=office_id)
    for case in cases:
        found = (
            Finding.objects.filter(
                standing,
                patent__in=case.patents.all(),
                kind=FindingKind.ABNORMAL_PATENT,
            )
            # A sealed case's court notice is for its court and the offices it was sent to;
            # a lead any office may read must not reveal it.
            .exclude(sealed=True, rule=COURT_NOTICE)
            .select_related("patent")
        )
        for f in found:
            rested.append(case)
            reasons.append(
                _("案件 %(case)s 所涉专利 %(number)s 有非正常专利申请线索（%(status)s，%(rule)s）")
                % {
                    "case": case.number,
                    "number": f.patent.application_number,
                    "status": f.get_status_display(),
                    "rule": f.legal_basis,
                }
            )
    if not rested:
        return None
    return Signal(
        rule="abnormal_patent_right",
        score=min(1.0, 0.5 + 0.1 * len(set(rested))),
        reasons=reasons[:MAX_LISTED],
        legal_basis=f"{BASIS}；《规范申请专利行为的规定》",
        evidence=_evidence(rested),
    )


def _earlier_mark(cases: list[Case], defendants: dict[int, set[int]]) -> Signal | None:
    rested: list[Case] = []
    reasons: list[str] = []
    for case in cases:
        marks = list(case.trademarks.all())
        sued = defendants.get(case.pk, set())
        if not marks or not sued:
            continue
        first = min(m.application_date for m in marks)
        earlier = (
            Trademark.objects.filter(owner_id__in=sued, application_date__lt=first)
            .select_related("owner")
            .order_by("application_date", "pk")
        )
        for theirs in earlier:
            for mark in marks:
                if theirs.pk == mark.pk or not compare(mark.mark_text, theirs.mark_text).similar:
                    continue
                rested.append(case)
                reasons.append(
                    _(
                        "案件 %(case)s：被告%(defendant)s于 %(date)s 申请近似商标「%(theirs)s」"
                        "（%(number)s），早于原告商标「%(mark)s」的申请日 %(filed)s"
                    )
                    % {
                        "case": case.number,
                        "defendant": theirs.owner.name,
                        "date": theirs.application_date,
                        "theirs": theirs.mark_text,
                        "number": theirs.number,
                        "mark": mark.mark_text,
                        "filed": mark.application_date,
                    }
                )
    if not rested:
        return None
    reasons = reasons[:MAX_LISTED]
    reasons.append(_("登记簿只记载申请，不记载使用；被告是否在先使用，须由人核实"))
    return Signal(
        rule="earlier_mark",
        score=min(1.0, 0.6 + 0.1 * len(set(rested))),
        reasons=reasons,
        legal_basis=f"{BASIS}；商标法第三十二条、第五十九条第三款",
        evidence=_evidence(rested),
    )


def litigation_signals(*, party: Party, office: Organisation | None = None) -> list[Signal]:
    """The malicious-litigation signals the cases register shows about `party` as plaintiff
    (no writes), for `office` (its own open leads count; others' only once confirmed).
    Caveat: reads every case; the caller decides who may see the result."""
    case_ids = CaseParty.objects.filter(party=party, role=CaseRole.PLAINTIFF).values("case_id")
    cases = list(Case.objects.filter(pk__in=case_ids).prefetch_related("patents", "trademarks"))
    if not cases:
        return []
    defendants: dict[int, set[int]] = defaultdict(set)
    for case_id, party_id in CaseParty.objects.filter(
        case_id__in=[c.pk for c in cases], role=CaseRole.DEFENDANT
    ).values_list("case_id", "party_id"):
        defendants[case_id].add(party_id)
    found = [
        _mass_suits(cases, defendants),
        _invalid_right(party, cases),
        _abnormal_patent_right(cases, office.pk if office is not None else None),
        _earlier_mark(cases, defendants),
    ]
    return [s for s in found if s is not None]


def _lead(party: Party, signal: Signal) -> Lead:
    cases = signal.evidence.get("cases", [])
    return Lead(
        kind=FindingKind.MALICIOUS_LITIGATION,
        rule=signal.rule,
        legal_basis=signal.legal_basis,
        score=signal.score,
        reasons=signal.reasons,
        evidence=signal.evidence,
        party_id=party.pk,
        case_id=cases[0] if cases else None,
    )


@transaction.atomic
def litigation_screen(*, actor: User | None, party: Party | None = None) -> ScreeningRun:
    """Screen every plaintiff in the cases register (or only `party`) and record each signal
    as a lead of the actor's office; an open lead of the same rule for the party is reused.
    Only IP officers screen. Caveat: runs in the request; the register is read case by case.
    """
    office = acting_office(actor)
    run = ScreeningRun.objects.create(
        owner_org=office,
        actor=actor,
        source=RunSource.LITIGATION,
        applicant=party,
        status=RunStatus.RUNNING,
    )
    if party is not None:
        parties = [party]
    else:
        plaintiffs = CaseParty.objects.filter(role=CaseRole.PLAINTIFF).values("party_id")
        parties = list(Party.objects.filter(pk__in=plaintiffs).order_by("pk"))
    signals = new = 0
    for who in parties:
        for signal in litigation_signals(party=who, office=office):
            signals += 1
            new += record_lead(actor=actor, office=office, run=run, lead=_lead(who, signal))[1]
    ScreeningRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE,
        rows_total=len(parties),
        rows_done=len(parties),
        hit_count=signals,
        finding_count=new,
        finished_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="integrity.litigation_screen",
        obj=run,
        organisation=office,
        after={"parties": len(parties), "signals": signals, "findings": new},
    )
    run.refresh_from_db()
    return run
