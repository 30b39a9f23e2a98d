"""Inquiry (查询): a court user looks up a party's patents and trademarks inside a case."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from ipcoord.core import identifiers
from ipcoord.core.audit import audit_record
from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import User
from ipcoord.preservation import selectors
from ipcoord.preservation.models import Inquiry
from ipcoord.preservation.services._common import open_case_of_court
from ipcoord.registry.models import Party
from ipcoord.registry.selectors import party_list_for


@dataclass
class InquiryResult:
    inquiry: Inquiry
    parties: list[Party]
    rights: list[selectors.RightState]


def _query_kind(query: str) -> str:
    for parse, kind in (
        (identifiers.parse_uscc, "uscc"),
        (identifiers.parse_resident_id, "id_number"),
    ):
        try:
            parse(query)
        except identifiers.IdentifierError:
            continue
        return kind
    return "name"


@transaction.atomic
def inquiry_run(*, actor: User, case_number: str, query: str) -> InquiryResult:
    """Every patent, application and trademark held by the party named by `query`.

    `query` is a USCC, a resident ID number, or a name matched against names and aliases in
    simplified and traditional characters (the register's party search). The case must be an
    open case of the actor's court. The inquiry is recorded (who, case, query, how many) and
    audited. Caveat: a name matches by substring, so a short name can match many parties;
    each result names its holder.
    """
    case = open_case_of_court(actor, case_number)
    query = (query or "").strip()
    if len(query) < 2 or len(query) > 200:
        raise ApplicationError(
            _("请输入当事人的名称（至少 2 个字）、统一社会信用代码或身份证号码。"),
            code="invalid_query",
            extra={"field": "query"},
        )
    # The holders show by name only: no need for the owning organisation's join.
    parties = list(party_list_for(user=actor, q=query).select_related(None)[:200])
    rights = selectors.rights_of_parties(parties=parties)
    inquiry = Inquiry.objects.create(
        court=case.owner_org,
        actor=actor,
        case=case,
        query=query,
        query_kind=_query_kind(query),
        party_ids=[p.pk for p in parties],
        result_count=len(rights),
    )
    audit_record(
        actor=actor,
        action="preservation.inquiry",
        obj=inquiry,
        organisation=case.owner_org,
        after={
            "case": case.number,
            "query": query,
            "query_kind": inquiry.query_kind,
            "parties": inquiry.party_ids,
            "result_count": inquiry.result_count,
        },
    )
    return InquiryResult(inquiry=inquiry, parties=parties, rights=rights)
