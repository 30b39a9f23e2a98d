"""Writes on court cases: file, close, update, add a right."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ipcoord.cases.models import (
    Case,
    CaseLink,
    CaseParty,
    CaseStatus,
    Cause,
    ClosingManner,
    LinkStatus,
    Outcome,
    Procedure,
)
from ipcoord.cases.services._checks import (
    check_parties,
    check_previous,
    check_register_visible,
    court_for,
)
from ipcoord.cases.services._common import (
    COURT_ROLES,
    Right,
    case_url,
    not_in_future,
    notify_orgs,
    office_side_may_know,
    require_court_member,
    require_open,
    right_kind,
    right_label,
)
from ipcoord.cases.services._numbers import parse_case_number
from ipcoord.cases.services.links import links_propose_for_right
from ipcoord.core.audit import audit_record, snapshot
from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import Organisation, User
from ipcoord.core.services import require_role
from ipcoord.registry.models import Party, Patent, Trademark

# Outcomes that describe what a higher court did with an earlier judgment.
_REVIEW_OUTCOMES = {Outcome.UPHELD, Outcome.REVERSED, Outcome.REMANDED}
_UPDATABLE = {"summary", "cause", "parties", "patents", "trademarks"}
_UPDATABLE_WHEN_CLOSED = {"summary"}


def _set_parties(case: Case, pairs: list[tuple[Party, str]]) -> None:
    CaseParty.objects.filter(case=case).delete()
    CaseParty.objects.bulk_create(CaseParty(case=case, party=p, role=r) for p, r in pairs)


def _rights_state(case: Case) -> dict[str, Any]:
    return {
        "patents": sorted(case.patents.values_list("pk", flat=True)),
        "trademarks": sorted(case.trademarks.values_list("pk", flat=True)),
        "parties": sorted(case.case_parties.values_list("party_id", "role")),
    }


def _state(case: Case) -> dict[str, Any]:
    state = snapshot(case) | _rights_state(case)
    state.pop("created_at", None)
    state.pop("updated_at", None)
    return state


@transaction.atomic
def case_file(
    *,
    actor: User | None,
    number: str,
    cause: str,
    filing_date: datetime.date,
    parties: Iterable[tuple[Party, str]] = (),
    patents: Iterable[Patent] = (),
    trademarks: Iterable[Trademark] = (),
    previous_instance: Case | None = None,
    summary: str = "",
    sealed: bool = False,
    court: Organisation | None = None,
) -> Case:
    """File a case under its number; the court is the one whose code the number carries.

    Procedure and nature come from the number's type code; the filing year must be the
    number's year (案号年度 is the year of filing). With no rights given, an appeal inherits
    its previous instance's patents and trademarks. Links to proceedings on the same rights
    are proposed automatically. Caveat: a user files only for a court they belong to as
    judge or clerk; actor None (operator) may name `court` or let the code find it.
    """
    require_role(actor, *COURT_ROLES)
    parsed = parse_case_number(number)
    owner = court_for(actor, parsed.court_code, court)
    if cause not in Cause.values:
        raise ApplicationError(
            _("未知的案由“%(cause)s”。") % {"cause": cause},
            code="unknown_cause",
            extra={"field": "cause"},
        )
    not_in_future(filing_date, "filing_date")
    if filing_date.year != parsed.year:
        raise ApplicationError(
            _("案号年度 %(year)s 与立案日期 %(date)s 不一致：案号年度即立案年度。")
            % {"year": parsed.year, "date": filing_date.isoformat()},
            code="filing_year_mismatch",
            extra={"field": "filing_date"},
        )
    if previous_instance is not None:
        check_previous(actor, parsed, previous_instance)
    pairs = check_parties(actor, parties)
    patents, trademarks = list(dict.fromkeys(patents)), list(dict.fromkeys(trademarks))
    if previous_instance is not None and not patents and not trademarks:
        patents = list(previous_instance.patents.all())
        trademarks = list(previous_instance.trademarks.all())
    check_register_visible(actor, Patent, patents, field="patents")
    check_register_visible(actor, Trademark, trademarks, field="trademarks")
    duplicate = _("案号 %(number)s 已经立案，不能重复登记。") % {"number": parsed.normalized}
    key = {"year": parsed.year, "court_code": parsed.court_code}
    key |= {"type_code": parsed.type_code, "serial": parsed.serial}
    if Case.objects.filter(**key).exists():
        raise ApplicationError(duplicate, code="duplicate_case", extra={"field": "number"})
    case = Case(
        owner_org=owner,
        sealed=sealed,
        number=parsed.normalized,
        raw_number=number.strip()[:80],
        pre2016=parsed.pre2016,
        procedure=parsed.procedure,
        nature=parsed.nature,
        cause=cause,
        filing_date=filing_date,
        previous_instance=previous_instance,
        summary=summary,
        **key,
    )
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError as exc:
        # Two clerks filing the same number at once: the unique constraint decides.
        raise ApplicationError(duplicate, code="duplicate_case", extra={"field": "number"}) from exc
    case.patents.set(patents)
    case.trademarks.set(trademarks)
    _set_parties(case, pairs)
    audit_record(
        actor=actor,
        action="case.file",
        obj=case,
        organisation=owner,
        after=snapshot(case) | _rights_state(case),
    )
    for right in [*patents, *trademarks]:
        links_propose_for_right(right)
    return case


@transaction.atomic
def case_close(
    *,
    actor: User | None,
    case: Case,
    closing_date: datetime.date,
    closing_manner: str,
    outcome: str,
) -> Case:
    """Close an open case; the offices of proceedings linked by a confirmed link are told.

    Caveat: upheld/reversed/remanded describe a review of an earlier judgment and are
    refused for first-instance cases.
    """
    require_court_member(actor, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    require_open(case)
    if closing_manner not in ClosingManner.values:
        raise ApplicationError(
            _("未知的结案方式“%(v)s”。") % {"v": closing_manner},
            code="unknown_closing_manner",
            extra={"field": "closing_manner"},
        )
    if outcome not in Outcome.values:
        raise ApplicationError(
            _("未知的裁判结果“%(v)s”。") % {"v": outcome},
            code="unknown_outcome",
            extra={"field": "outcome"},
        )
    if outcome in _REVIEW_OUTCOMES and case.procedure == Procedure.FIRST_INSTANCE:
        raise ApplicationError(
            _("一审案件的结果不能是“%(v)s”，请选择支持、部分支持或驳回诉讼请求等。")
            % {"v": Outcome(outcome).label},
            code="outcome_not_for_procedure",
            extra={"field": "outcome"},
        )
    not_in_future(closing_date, "closing_date")
    if closing_date < case.filing_date:
        raise ApplicationError(
            _("结案日期 %(closing)s 早于立案日期 %(filing)s。")
            % {"closing": closing_date.isoformat(), "filing": case.filing_date.isoformat()},
            code="closing_before_filing",
            extra={"field": "closing_date"},
        )
    before = snapshot(case)
    case.status = CaseStatus.CLOSED
    case.closing_date = closing_date
    case.closing_manner = closing_manner
    case.outcome = outcome
    fields = ["status", "closing_date", "closing_manner", "outcome", "updated_at"]
    case.save(update_fields=fields)
    audit_record(
        actor=actor,
        action="case.close",
        obj=case,
        organisation=case.owner_org,
        before=before,
        after=snapshot(case, fields),
    )
    _notify_linked_offices(case)
    return case


def _notify_linked_offices(case: Case) -> None:
    links = CaseLink.objects.filter(case=case, status=LinkStatus.CONFIRMED).select_related(
        "case", "proceeding"
    )
    for link in links:
        if not office_side_may_know(link):
            continue
        notify_orgs(
            [link.proceeding.owner_org_id],
            verb="linked.case_changed",
            params={
                "case": case.number,
                "proceeding": str(link.proceeding),
                "status": str(CaseStatus(case.status).label),
            },
            url=case_url(case.pk),
        )


@transaction.atomic
def case_update(*, actor: User | None, case: Case, **fields: Any) -> Case:
    """Change summary, cause, parties (list of (Party, role), replaces all) or rights (replace).

    A closed case keeps its parties, cause and rights; only its summary can still change.
    Rights that are new to the case get link proposals.
    """
    unknown = set(fields) - _UPDATABLE
    if unknown:
        raise ApplicationError(
            _("不能修改这些字段：%(f)s。") % {"f": ", ".join(sorted(unknown))}, code="unknown_field"
        )
    require_court_member(actor, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if set(fields) - _UPDATABLE_WHEN_CLOSED:
        require_open(case)
    before = _state(case)
    old_rights = set(case.patents.all()) | set(case.trademarks.all())
    scalar = [f for f in ("summary", "cause") if f in fields]
    if "cause" in fields and fields["cause"] not in Cause.values:
        raise ApplicationError(
            _("未知的案由“%(cause)s”。") % {"cause": fields["cause"]},
            code="unknown_cause",
            extra={"field": "cause"},
        )
    if "parties" in fields:
        _set_parties(case, check_parties(actor, fields["parties"]))
    for name, model in (("patents", Patent), ("trademarks", Trademark)):
        if name in fields:
            rows = list(dict.fromkeys(fields[name]))
            check_register_visible(actor, model, rows, field=name)
            getattr(case, name).set(rows)
    for name in scalar:
        setattr(case, name, fields[name])
    after = _state(case)
    if after != before:
        # updated_at also moves for party and right changes: pages sort by it.
        case.save(update_fields=[*scalar, "updated_at"])
        audit_record(
            actor=actor,
            action="case.update",
            obj=case,
            organisation=case.owner_org,
            before={k: v for k, v in before.items() if after.get(k) != v},
            after={k: v for k, v in after.items() if before.get(k) != v},
        )
    new_rights = (set(case.patents.all()) | set(case.trademarks.all())) - old_rights
    for right in new_rights:
        links_propose_for_right(right)
    return case


@transaction.atomic
def case_add_right(*, actor: User | None, case: Case, right: Right) -> Case:
    """Add one patent or trademark to an open case and propose links; a no-op if present."""
    kind = right_kind(right)
    require_court_member(actor, case)
    require_open(case)
    check_register_visible(actor, type(right), [right], field=kind)
    related = case.patents if kind == "patent" else case.trademarks
    if related.filter(pk=right.pk).exists():
        return case
    related.add(right)
    audit_record(
        actor=actor,
        action="case.add_right",
        obj=case,
        organisation=case.owner_org,
        after={kind: right.pk, "label": right_label(right)},
    )
    links_propose_for_right(right)
    return case
