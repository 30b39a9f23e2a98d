"""Links between a court case and an IP office's proceeding on the same right.

A link is proposed (by the system when both name the same right, or by a person), then
confirmed or rejected by a person on either side. Status changes follow `LINK_TRANSITIONS`.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcoord.cases import selectors
from ipcoord.cases.models import (
    Case,
    CaseLink,
    CaseStatus,
    LinkKind,
    LinkStatus,
    Nature,
    Proceeding,
    ProceedingStatus,
)
from ipcoord.cases.selectors import INVALIDATION_KINDS
from ipcoord.cases.services._common import (
    COURT_ROLES,
    OFFICE_ROLES,
    Right,
    holds_role_in,
    notify_link_sides,
    right_kind,
)
from ipcoord.core.audit import audit_record, snapshot
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import User

# Never back to proposed: a wrong decision is corrected by the opposite decision.
LINK_TRANSITIONS: dict[str, set[str]] = {
    LinkStatus.PROPOSED: {LinkStatus.CONFIRMED, LinkStatus.REJECTED},
    LinkStatus.CONFIRMED: {LinkStatus.REJECTED},
    LinkStatus.REJECTED: {LinkStatus.CONFIRMED},
}


def _same_right(case: Case, proceeding: Proceeding) -> bool:
    if proceeding.patent_id:
        return case.patents.filter(pk=proceeding.patent_id).exists()
    return case.trademarks.filter(pk=proceeding.trademark_id).exists()


def suggested_kind(case: Case, proceeding: Proceeding) -> str:
    """validity_challenge for a civil case against an invalidation request; admin_review for
    an administrative case on a decided proceeding (the suit against the decision);
    related_dispute otherwise."""
    if case.nature == Nature.CIVIL and proceeding.kind in INVALIDATION_KINDS:
        return LinkKind.VALIDITY_CHALLENGE
    if case.nature == Nature.ADMINISTRATIVE and proceeding.status == ProceedingStatus.DECIDED:
        return LinkKind.ADMIN_REVIEW
    return LinkKind.RELATED_DISPUTE


def _may_act_on(actor: User, case: Case, proceeding: Proceeding) -> bool:
    """A judge/clerk of the case's court or an IP officer of the proceeding's office."""
    return holds_role_in(actor, case.owner_org_id, COURT_ROLES) or holds_role_in(
        actor, proceeding.owner_org_id, OFFICE_ROLES
    )


def _create(
    *, actor: User | None, case: Case, proceeding: Proceeding, kind: str, reason: str
) -> CaseLink:
    link = CaseLink.objects.create(
        case=case,
        proceeding=proceeding,
        kind=kind,
        automatic=actor is None,
        proposed_by=actor,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action="link.propose",
        obj=link,
        organisation=case.owner_org,
        after=snapshot(link),
    )
    notify_link_sides(link, verb="link.proposed")
    return link


@transaction.atomic
def link_propose(
    *, actor: User | None, case: Case, proceeding: Proceeding, kind: str, reason: str = ""
) -> CaseLink:
    """Propose a link by hand (actor None = the system).

    Both must name the same right. Caveat: the proposer must belong to one side; the other
    side's record must not be sealed (a sealed record is known to its owner only).
    """
    if kind not in LinkKind.values:
        raise ApplicationError(
            _("未知的关联类型“%(kind)s”。") % {"kind": kind},
            code="unknown_link_kind",
            extra={"field": "kind"},
        )
    if actor is not None:
        if not _may_act_on(actor, case, proceeding):
            raise PermissionDenied(
                _("只有案件承办法院或程序受理部门的人员可以提议关联。"), code="not_link_party"
            )
        if not selectors.link_pair_visible(user=actor, case=case, proceeding=proceeding):
            raise ApplicationError(
                _("没有找到该记录，或您无权查看。"), code="not_found", status=404
            )
    if not _same_right(case, proceeding):
        raise ApplicationError(
            _("案件 %(case)s 与 %(proceeding)s 不涉及同一权利，不能关联。")
            % {"case": case.number, "proceeding": proceeding.number},
            code="different_rights",
        )
    if CaseLink.objects.filter(case=case, proceeding=proceeding).exists():
        raise ApplicationError(
            _("案件 %(case)s 与 %(proceeding)s 已有关联记录，请确认或排除已有的关联。")
            % {"case": case.number, "proceeding": proceeding.number},
            code="link_exists",
        )
    return _create(actor=actor, case=case, proceeding=proceeding, kind=kind, reason=reason)


@transaction.atomic
def links_propose_for_right(right: Right) -> list[CaseLink]:
    """Propose a link for every open case and every live proceeding naming `right`.

    Pairs that already have a link (in any status, so a rejection sticks) are skipped.
    Caveat: closed cases and withdrawn proceedings are left out; a decided proceeding is
    kept, its outcome matters to a case still open. Returns the links created.
    """
    kind = right_kind(right)
    cases = Case.objects.filter(status=CaseStatus.OPEN, **{f"{kind}s": right})
    proceedings = Proceeding.objects.filter(**{kind: right}).exclude(
        status=ProceedingStatus.WITHDRAWN
    )
    cases_list = list(cases.select_related("owner_org"))
    proceedings_list = list(proceedings.select_related("owner_org"))
    if not cases_list or not proceedings_list:
        return []
    existing = set(
        CaseLink.objects.filter(case__in=cases_list, proceeding__in=proceedings_list).values_list(
            "case_id", "proceeding_id"
        )
    )
    created = []
    for case in cases_list:
        for proceeding in proceedings_list:
            if (case.pk, proceeding.pk) in existing:
                continue
            created.append(
                _create(
                    actor=None,
                    case=case,
                    proceeding=proceeding,
                    kind=suggested_kind(case, proceeding),
                    reason=_("双方涉及同一权利，系统自动提议。"),
                )
            )
    return created


def _decide(*, actor: User | None, link: CaseLink, status: str, reason: str) -> CaseLink:
    if actor is not None:
        if not selectors.link_list_for(user=actor).filter(pk=link.pk).exists():
            raise ApplicationError(
                _("没有找到该记录，或您无权查看。"), code="not_found", status=404
            )
        if not _may_act_on(actor, link.case, link.proceeding):
            raise PermissionDenied(
                _("只有案件承办法院的法官、书记员或程序受理部门的业务人员可以确认或排除关联。"),
                code="not_link_party",
            )
    sources = [s for s, targets in LINK_TRANSITIONS.items() if status in targets]
    before = snapshot(link)
    now = timezone.now()
    # Conditional update: of two people deciding at once, the database lets one win.
    changed = CaseLink.objects.filter(pk=link.pk, status__in=sources).update(
        status=status, decided_by=actor, decided_at=now, reason=reason, updated_at=now
    )
    if not changed:
        link.refresh_from_db(fields=["status"])
        raise ApplicationError(
            _("该关联当前为“%(status)s”，不能改为“%(target)s”。")
            % {"status": LinkStatus(link.status).label, "target": LinkStatus(status).label},
            code="bad_transition",
        )
    link.refresh_from_db()
    audit_record(
        actor=actor,
        action=f"link.{'confirm' if status == LinkStatus.CONFIRMED else 'reject'}",
        obj=link,
        organisation=link.case.owner_org,
        before=before,
        after=snapshot(link),
    )
    return link


@transaction.atomic
def link_confirm(*, actor: User | None, link: CaseLink, reason: str = "") -> CaseLink:
    """Confirm a proposed (or earlier rejected) link; both sides are told."""
    link = _decide(actor=actor, link=link, status=LinkStatus.CONFIRMED, reason=reason)
    notify_link_sides(link, verb="link.confirmed")
    return link


@transaction.atomic
def link_reject(*, actor: User | None, link: CaseLink, reason: str) -> CaseLink:
    """Reject a proposed link, or undo a confirmation; a reason is required."""
    if not reason.strip():
        raise ApplicationError(
            _("排除关联时请说明理由。"), code="reason_required", extra={"field": "reason"}
        )
    return _decide(actor=actor, link=link, status=LinkStatus.REJECTED, reason=reason.strip())
