"""Reads of the rights register, scoped by the viewer.

The register is public to signed-in users (`visible(..., public=True)`): every unsealed
party, patent and trademark, plus the sealed ones their own organisation owns. Anonymous
users see nothing here.

Search `q` understands numbers in the forms people type (`ZL 2023 1 0123456.7`,
`2023101234567`, `第12345678号`), and text: titles, mark text, owner names and aliases.
Traditional characters are converted to simplified (OpenCC t2s) and both forms are matched.
"""

import contextlib
import functools
import re

import opencc
from django.db.models import Prefetch, Q, QuerySet

from ipcoord.core import identifiers
from ipcoord.core.identifiers import IdentifierError, clean_text
from ipcoord.core.models import User
from ipcoord.core.selectors import visible
from ipcoord.registry.models import LegalEvent, Party, Patent, PatentOwner, Trademark

_NUMBER_FRAGMENT = re.compile(r"(?:ZL|CN)?(?P<digits>\d{6,13})(?:\.(?P<check>[\dX]))?", re.ASCII)


@functools.cache
def _t2s() -> opencc.OpenCC:
    # Loading the dictionaries takes a while; one converter per process is enough.
    return opencc.OpenCC("t2s")


def text_variants(q: str) -> list[str]:
    """The query as typed and, if different, in simplified characters."""
    q = q.strip()
    simplified = _t2s().convert(q)
    return [q] if simplified == q else [q, simplified]


def _matching_parties(variants: list[str]) -> QuerySet[Party]:
    cond = Q()
    for v in variants:
        cond |= Q(name__icontains=v) | Q(aliases__icontains=v)
    return Party.objects.filter(cond)


def _party_by_identifier(q: str) -> Q | None:
    for parse, column in (
        (identifiers.parse_uscc, "uscc"),
        (identifiers.parse_resident_id, "id_number"),
    ):
        try:
            return Q(**{column: parse(q).normalized})
        except IdentifierError:
            continue
    return None


def party_list_for(*, user: User, q: str | None = None) -> QuerySet[Party]:
    """Parties the user may see; `q` matches a USCC/ID number, a name or an alias."""
    qs = visible(Party.objects.select_related("owner_org"), user, public=True)
    if q and q.strip():
        by_id = _party_by_identifier(q)
        if by_id is not None:
            return qs.filter(by_id)
        qs = qs.filter(pk__in=_matching_parties(text_variants(q)).values("pk"))
    return qs


def _patent_number_q(q: str) -> Q | None:
    """Exact match for a full application/patent number, prefix match for a fragment."""
    try:
        return Q(application_number=identifiers.parse_patent_number(q).normalized)
    except IdentifierError:
        pass
    try:
        s = clean_text(q).upper()
    except IdentifierError:
        return None
    m = _NUMBER_FRAGMENT.fullmatch(s)
    if m is None:
        return None
    fragment = m["digits"] + (f".{m['check']}" if m["check"] else "")
    return Q(application_number__startswith=fragment)


def patent_list_for(
    *,
    user: User,
    q: str | None = None,
    kind: str | None = None,
    status: str | None = None,
    owner: Party | int | None = None,
    ipc: str | None = None,
) -> QuerySet[Patent]:
    """Patents the user may see, with `owners` prefetched (and `owner_links`: the PatentOwner
    rows with their party, in recorded order — use these where the first applicant matters).

    `q` matches a full number in any form, the start of a number (6+ digits), the title, or
    an owner's name or alias. `ipc` takes a full symbol (`H04L 9/32`) or a prefix (`H04L`).
    """
    qs = visible(Patent.objects.all(), user, public=True)
    if q and q.strip():
        variants = text_variants(q)
        owners_match = PatentOwner.objects.filter(party__in=_matching_parties(variants))
        cond = Q(pk__in=owners_match.values("patent_id"))
        for v in variants:
            cond |= Q(title__icontains=v)
        qs = qs.filter(cond | (_patent_number_q(q) or Q(pk__in=[])))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if owner is not None:
        owner_id = owner.pk if isinstance(owner, Party) else owner
        qs = qs.filter(pk__in=PatentOwner.objects.filter(party_id=owner_id).values("patent_id"))
    if ipc and ipc.strip():
        try:
            symbol = identifiers.parse_ipc(ipc).normalized
        except IdentifierError:
            symbol = " ".join(ipc.upper().split())
        qs = qs.filter(Q(ipc__istartswith=symbol) | Q(ipc__icontains=f"; {symbol}"))
    owners = PatentOwner.objects.select_related("party").order_by("position")
    return qs.select_related("owner_org").prefetch_related(
        "owners", Prefetch("patentowner_set", queryset=owners, to_attr="owner_links")
    )


def trademark_list_for(
    *,
    user: User,
    q: str | None = None,
    nice_class: int | str | None = None,
    status: str | None = None,
) -> QuerySet[Trademark]:
    """Trademarks the user may see; `q` matches the number, mark text, owner name or alias.

    An invalid `nice_class` gives an empty result rather than an error.
    """
    qs = visible(Trademark.objects.select_related("owner", "owner_org"), user, public=True)
    if q and q.strip():
        variants = text_variants(q)
        cond = Q(owner__in=_matching_parties(variants))
        for v in variants:
            cond |= Q(mark_text__icontains=v)
        with contextlib.suppress(IdentifierError):
            cond |= Q(number=identifiers.parse_trademark_number(q).normalized)
        qs = qs.filter(cond)
    if nice_class not in (None, ""):
        try:
            cls = identifiers.parse_nice_class(nice_class)  # type: ignore[arg-type]
        except IdentifierError:
            return qs.none()
        qs = qs.filter(nice_classes__contains=f",{cls},")
    if status:
        qs = qs.filter(status=status)
    return qs


def event_list_for(*, user: User, right: Patent | Trademark) -> QuerySet[LegalEvent]:
    """The legal history of `right` in recorded order; empty if the user may not see the right."""
    model = type(right)
    if not visible(model.objects.filter(pk=right.pk), user, public=True).exists():
        return LegalEvent.objects.none()
    column = "patent" if isinstance(right, Patent) else "trademark"
    return (
        LegalEvent.objects.filter(**{column: right.pk})
        .select_related("counterparty", "pledge", "recorded_by")
        .order_by("date", "id")
    )
