"""Checks made when a case is filed or changed: the court, the previous instance, parties."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from ipcoord.cases import selectors
from ipcoord.cases.models import Case, CaseRole, Procedure
from ipcoord.cases.services._common import COURT_ROLES, holds_role_in
from ipcoord.core import identifiers
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import Organisation, OrgKind, User
from ipcoord.core.selectors import visible
from ipcoord.registry.models import Party

# Court levels from the number's court code; the specialised courts that try IP cases
# (京73 and the other IP, maritime and railway intermediate courts) rank as intermediate.
_LEVEL_RANK = {"basic": 1, "intermediate": 2, "specialised": 2, "high": 3, "supreme": 4}


def court_for(actor: User | None, code: str, court: Organisation | None) -> Organisation:
    if court is None:
        court = Organisation.objects.filter(
            court_code=code, kind=OrgKind.COURT, is_active=True
        ).first()
        if court is None:
            raise ApplicationError(
                _("平台上没有法院代字为“%(code)s”的法院，请核对案号或先登记该法院。")
                % {"code": code},
                code="unknown_court",
                extra={"field": "number", "part": "court_code"},
            )
    elif court.court_code != code:
        raise ApplicationError(
            _("案号中的法院代字“%(code)s”不是%(court)s的代字（%(own)s）。")
            % {"code": code, "court": court.name, "own": court.court_code or "-"},
            code="court_code_mismatch",
            extra={"field": "number", "part": "court_code"},
        )
    if actor is not None and not holds_role_in(actor, court.pk, COURT_ROLES):
        raise PermissionDenied(
            _("您不是%(court)s的法官或书记员，不能以代字“%(code)s”立案。")
            % {"court": court.name, "code": code},
            code="not_court_member",
        )
    return court


def check_previous(actor: User | None, parsed: identifiers.CaseNumber, previous: Case) -> None:
    """Lower or same-level court, not a later year; an appeal follows a first instance.

    Caveat: a remanded retrial (发回重审) gets a new first-instance number whose "previous"
    would be the higher court's appeal; this rule refuses that, record it in the summary.
    """
    if (
        actor is not None
        and not selectors.case_list_for(user=actor).filter(pk=previous.pk).exists()
    ):
        raise ApplicationError(
            _("您无权查看前审案件 %(case)s；请前审法院先共享该案件。") % {"case": previous.number},
            code="previous_not_visible",
            extra={"field": "previous_instance"},
        )
    problem = ""
    prev_level = _LEVEL_RANK[identifiers.court_level(previous.court_code)]
    if previous.year > parsed.year:
        problem = _("前审案件的年度晚于本案。")
    elif prev_level > _LEVEL_RANK[parsed.court_level]:
        problem = _("前审法院的审级高于本院。")
    elif parsed.procedure == Procedure.SECOND_INSTANCE and (
        previous.procedure != Procedure.FIRST_INSTANCE or previous.nature != parsed.nature
    ):
        problem = _("二审案件的前审必须是同一性质的一审案件。")
    if problem:
        raise ApplicationError(
            _("%(case)s 不能作为本案的前审案件：%(problem)s")
            % {"case": previous.number, "problem": problem},
            code="bad_previous_instance",
            extra={"field": "previous_instance"},
        )


def check_parties(
    actor: User | None, parties: Iterable[tuple[Party, str]]
) -> list[tuple[Party, str]]:
    pairs = list(dict.fromkeys((party, role) for party, role in parties))
    for _party, role in pairs:
        if role not in CaseRole.values:
            raise ApplicationError(
                _("未知的诉讼地位“%(role)s”。") % {"role": role},
                code="unknown_case_role",
                extra={"field": "parties"},
            )
    check_register_visible(actor, Party, [p for p, _r in pairs], field="parties")
    return pairs


def check_register_visible(
    actor: User | None, model: type, rows: Sequence[Any], *, field: str
) -> None:
    """Parties and rights come from the public register; a sealed row of another org is refused."""
    if actor is None or not rows:
        return
    ids = {r.pk for r in rows}
    seen = set(
        visible(model.objects.filter(pk__in=ids), actor, public=True).values_list("pk", flat=True)
    )
    if ids - seen:
        raise ApplicationError(
            _("所选记录不存在或您无权使用。"), code="not_found", extra={"field": field}, status=404
        )
