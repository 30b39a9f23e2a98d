"""Writes on administrative proceedings before IP offices: file, advance, decide, withdraw."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcoord.cases.models import (
    CaseLink,
    LinkStatus,
    Proceeding,
    ProceedingKind,
    ProceedingOutcome,
    ProceedingStatus,
)
from ipcoord.cases.services._common import (
    OFFICE_ROLES,
    Right,
    court_side_may_know,
    notify_orgs,
    proceeding_url,
    require_office_member,
    right_kind,
)
from ipcoord.cases.services.links import INVALIDATION_KINDS, links_propose_for_right
from ipcoord.core.audit import audit_record, snapshot
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import Membership, Organisation, OrgKind, User
from ipcoord.core.services import require_role
from ipcoord.registry import services as registry_services
from ipcoord.registry.models import Party, Patent, PatentKind, RightStatus

PATENT_KINDS = {
    ProceedingKind.PATENT_INVALIDATION,
    ProceedingKind.EVALUATION_REPORT,
    ProceedingKind.ADMIN_ADJUDICATION,
}
TRADEMARK_KINDS = {
    ProceedingKind.TRADEMARK_OPPOSITION,
    ProceedingKind.TRADEMARK_INVALIDATION,
    ProceedingKind.TRADEMARK_REVIEW,
}
_INVALIDITY = {
    ProceedingOutcome.UPHELD,
    ProceedingOutcome.PARTLY_INVALID,
    ProceedingOutcome.INVALID,
}
_OPPOSITION = {ProceedingOutcome.OPPOSITION_REJECTED, ProceedingOutcome.OPPOSITION_UPHELD}
# Which decisions each kind can end in; withdrawal has its own service.
OUTCOMES_BY_KIND: dict[str, set[str]] = {
    ProceedingKind.PATENT_INVALIDATION: _INVALIDITY,
    ProceedingKind.TRADEMARK_INVALIDATION: _INVALIDITY,
    ProceedingKind.TRADEMARK_OPPOSITION: _OPPOSITION,
    ProceedingKind.TRADEMARK_REVIEW: _INVALIDITY | _OPPOSITION,
    ProceedingKind.EVALUATION_REPORT: {ProceedingOutcome.REPORT_ISSUED},
    ProceedingKind.ADMIN_ADJUDICATION: {
        ProceedingOutcome.INFRINGEMENT_FOUND,
        ProceedingOutcome.NO_INFRINGEMENT,
    },
}
# The one transition table for proceedings.
TRANSITIONS: dict[str, set[str]] = {
    ProceedingStatus.FILED: {
        ProceedingStatus.EXAMINING,
        ProceedingStatus.DECIDED,
        ProceedingStatus.WITHDRAWN,
    },
    ProceedingStatus.EXAMINING: {ProceedingStatus.DECIDED, ProceedingStatus.WITHDRAWN},
    ProceedingStatus.DECIDED: set(),
    ProceedingStatus.WITHDRAWN: set(),
}
# 专利法 art. 66: evaluation reports exist for utility models and designs only.
_EVALUATION_PATENT_KINDS = {
    PatentKind.UTILITY_MODEL,
    PatentKind.DESIGN,
    PatentKind.PCT_UTILITY_MODEL,
}
_NOT_GRANTED = {RightStatus.PENDING, RightStatus.REJECTED}


def _office_for(actor: User | None, owner_org: Organisation | None) -> Organisation:
    if actor is None:
        if owner_org is None:
            owner_org = registry_services.national_ip_admin()
        if owner_org.kind != OrgKind.IP_ADMIN:
            raise ApplicationError(
                _("请指定受理该程序的知识产权管理部门。"),
                code="office_required",
                extra={"field": "owner_org"},
            )
        return owner_org
    offices = Organisation.objects.filter(
        kind=OrgKind.IP_ADMIN,
        is_active=True,
        pk__in=Membership.objects.filter(user=actor, role__in=OFFICE_ROLES).values(
            "organisation_id"
        ),
    )
    if owner_org is not None:
        offices = offices.filter(pk=owner_org.pk)
    found = list(offices[:2])
    if not found:
        raise PermissionDenied(
            _("只有知识产权管理部门的业务人员可以受理此类程序。"), code="not_office_member"
        )
    if len(found) > 1:
        raise ApplicationError(
            _("您在多个知识产权管理部门任职，请选择受理部门。"),
            code="office_required",
            extra={"field": "owner_org"},
        )
    return found[0]


def _check_kind(kind: str, right: Right) -> None:
    fits = PATENT_KINDS if right_kind(right) == "patent" else TRADEMARK_KINDS
    if kind not in fits:
        raise ApplicationError(
            _("“%(kind)s”不适用于%(right)s。")
            % {
                "kind": ProceedingKind(kind).label if kind in ProceedingKind.values else kind,
                "right": _("专利") if right_kind(right) == "patent" else _("商标"),
            },
            code="kind_not_for_right",
            extra={"field": "kind"},
        )
    if (
        kind == ProceedingKind.EVALUATION_REPORT
        and isinstance(right, Patent)
        and right.kind not in _EVALUATION_PATENT_KINDS
    ):
        raise ApplicationError(
            _("专利权评价报告只适用于实用新型和外观设计专利。"),
            code="kind_not_for_right",
            extra={"field": "kind"},
        )
    if kind == ProceedingKind.PATENT_INVALIDATION and right.status in _NOT_GRANTED:
        raise ApplicationError(
            _("该专利尚未授权，不能请求宣告无效。"),
            code="right_not_granted",
            extra={"field": "right"},
        )
    if kind in INVALIDATION_KINDS and right.status == RightStatus.INVALIDATED:
        raise ApplicationError(
            _("该权利已被宣告全部无效。"), code="right_invalidated", extra={"field": "right"}
        )


def _check_date(
    value: datetime.date, field: str, *, not_before: datetime.date | None = None
) -> None:
    if value > timezone.localdate():
        raise ApplicationError(
            _("日期 %(date)s 晚于今天，请核对。") % {"date": value.isoformat()},
            code="date_in_future",
            extra={"field": field},
        )
    if not_before is not None and value < not_before:
        raise ApplicationError(
            _("日期 %(date)s 早于受理日 %(filed)s。")
            % {"date": value.isoformat(), "filed": not_before.isoformat()},
            code="date_before_filing",
            extra={"field": field},
        )


@transaction.atomic
def proceeding_file(
    *,
    actor: User | None,
    kind: str,
    number: str,
    right: Right,
    requester: Party,
    respondent: Party | None = None,
    filing_date: datetime.date,
    grounds: str = "",
    owner_org: Organisation | None = None,
    sealed: bool = False,
) -> Proceeding:
    """Record a proceeding the office has accepted; links to cases on the right are proposed.

    The owner is the actor's IP office (`owner_org` chooses among several); actor None must
    name `owner_org` or gets the national office (the IP administration without a parent).
    Caveat: an administrative adjudication needs a respondent (the alleged infringer).
    """
    require_role(actor, *OFFICE_ROLES)
    office = _office_for(actor, owner_org)
    if kind not in ProceedingKind.values:
        raise ApplicationError(
            _("未知的程序类型“%(kind)s”。") % {"kind": kind},
            code="unknown_kind",
            extra={"field": "kind"},
        )
    _check_kind(kind, right)
    if kind == ProceedingKind.ADMIN_ADJUDICATION and respondent is None:
        raise ApplicationError(
            _("行政裁决请写明被请求人。"), code="respondent_required", extra={"field": "respondent"}
        )
    number = number.strip()
    if not number:
        raise ApplicationError(
            _("请填写案件编号。"), code="number_required", extra={"field": "number"}
        )
    _check_date(filing_date, "filing_date")
    duplicate = _("编号 %(number)s 已经登记。") % {"number": number}
    if Proceeding.objects.filter(number=number).exists():
        raise ApplicationError(duplicate, code="duplicate_proceeding", extra={"field": "number"})
    proceeding = Proceeding(
        owner_org=office,
        kind=kind,
        number=number,
        requester=requester,
        respondent=respondent,
        filing_date=filing_date,
        grounds=grounds,
        sealed=sealed,
        **{right_kind(right): right},
    )
    try:
        with transaction.atomic():
            proceeding.save()
    except IntegrityError as exc:
        raise ApplicationError(
            duplicate, code="duplicate_proceeding", extra={"field": "number"}
        ) from exc
    audit_record(
        actor=actor,
        action="proceeding.file",
        obj=proceeding,
        organisation=office,
        after=snapshot(proceeding),
    )
    links_propose_for_right(right)
    return proceeding


def _transition(
    *, actor: User | None, proceeding: Proceeding, status: str, action: str, **values: object
) -> Proceeding:
    """Move along TRANSITIONS by a conditional update, audit, tell the linked courts."""
    require_office_member(actor, proceeding)
    sources = [s for s, targets in TRANSITIONS.items() if status in targets]
    before = snapshot(proceeding)
    changed = Proceeding.objects.filter(pk=proceeding.pk, status__in=sources).update(
        status=status, updated_at=timezone.now(), **values
    )
    if not changed:
        proceeding.refresh_from_db(fields=["status"])
        raise ApplicationError(
            _("该程序当前为“%(status)s”，不能改为“%(target)s”。")
            % {
                "status": ProceedingStatus(proceeding.status).label,
                "target": ProceedingStatus(status).label,
            },
            code="bad_transition",
        )
    proceeding.refresh_from_db()
    audit_record(
        actor=actor,
        action=action,
        obj=proceeding,
        organisation=proceeding.owner_org,
        before=before,
        after=snapshot(proceeding),
    )
    return proceeding


def _notify_linked_courts(proceeding: Proceeding) -> None:
    links = CaseLink.objects.filter(
        proceeding=proceeding, status=LinkStatus.CONFIRMED
    ).select_related("case", "proceeding")
    status = str(ProceedingStatus(proceeding.status).label)
    outcome = str(ProceedingOutcome(proceeding.outcome).label) if proceeding.outcome else ""
    for link in links:
        if not court_side_may_know(link):
            continue
        notify_orgs(
            [link.case.owner_org_id],
            verb="linked.proceeding_changed",
            params={
                "case": link.case.number,
                "proceeding": str(proceeding),
                # The court wants the result, not only that something was decided.
                "status": f"{status}（{outcome}）" if outcome else status,
                "outcome": outcome,
            },
            url=proceeding_url(proceeding.pk),
        )


@transaction.atomic
def proceeding_advance(*, actor: User | None, proceeding: Proceeding, status: str) -> Proceeding:
    """Move a proceeding on without deciding it (filed → examining)."""
    if (
        status in (ProceedingStatus.DECIDED, ProceedingStatus.WITHDRAWN)
        or status not in ProceedingStatus.values
    ):
        raise ApplicationError(
            _("请用“作出决定”或“撤回”办理该状态变更。"),
            code="bad_transition",
            extra={"field": "status"},
        )
    proceeding = _transition(
        actor=actor, proceeding=proceeding, status=status, action="proceeding.advance"
    )
    _notify_linked_courts(proceeding)
    return proceeding


@transaction.atomic
def proceeding_decide(
    *,
    actor: User | None,
    proceeding: Proceeding,
    decision_date: datetime.date,
    decision_number: str,
    outcome: str,
) -> Proceeding:
    """Decide a proceeding; an invalidation declared (partly) invalid is entered in the register.

    The register entry goes through `registry.services.invalidation_record` in this same
    transaction, so a refusal there (e.g. a back-dated event) undoes the decision too.
    """
    require_office_member(actor, proceeding)
    if outcome not in OUTCOMES_BY_KIND.get(proceeding.kind, set()):
        raise ApplicationError(
            _("“%(outcome)s”不是%(kind)s可以作出的结论。")
            % {
                "outcome": ProceedingOutcome(outcome).label
                if outcome in ProceedingOutcome.values
                else outcome,
                "kind": proceeding.get_kind_display(),
            },
            code="outcome_not_for_kind",
            extra={"field": "outcome"},
        )
    decision_number = decision_number.strip()
    if not decision_number:
        raise ApplicationError(
            _("请填写决定书编号。"),
            code="decision_number_required",
            extra={"field": "decision_number"},
        )
    _check_date(decision_date, "decision_date", not_before=proceeding.filing_date)
    proceeding = _transition(
        actor=actor,
        proceeding=proceeding,
        status=ProceedingStatus.DECIDED,
        action="proceeding.decide",
        decision_date=decision_date,
        decision_number=decision_number,
        outcome=outcome,
    )
    if proceeding.kind in INVALIDATION_KINDS and outcome in (
        ProceedingOutcome.INVALID,
        ProceedingOutcome.PARTLY_INVALID,
    ):
        registry_services.invalidation_record(
            actor=actor,
            right=proceeding.patent if proceeding.patent_id else proceeding.trademark,
            date=decision_date,
            partial=outcome == ProceedingOutcome.PARTLY_INVALID,
            reference=decision_number,
            authority=proceeding.owner_org.name,
        )
    _notify_linked_courts(proceeding)
    return proceeding


@transaction.atomic
def proceeding_withdraw(
    *,
    actor: User | None,
    proceeding: Proceeding,
    withdrawal_date: datetime.date | None = None,
    reason: str = "",
) -> Proceeding:
    """Close a proceeding the requester withdrew; the date defaults to today."""
    require_office_member(actor, proceeding)
    when = withdrawal_date or timezone.localdate()
    _check_date(when, "withdrawal_date", not_before=proceeding.filing_date)
    values: dict[str, object] = {"decision_date": when, "outcome": ProceedingOutcome.WITHDRAWN}
    if reason.strip():
        values["grounds"] = f"{proceeding.grounds}\n{_('撤回理由')}：{reason.strip()}".strip()
    proceeding = _transition(
        actor=actor,
        proceeding=proceeding,
        status=ProceedingStatus.WITHDRAWN,
        action="proceeding.withdraw",
        **values,
    )
    _notify_linked_courts(proceeding)
    return proceeding
