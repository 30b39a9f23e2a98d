"""Recording many new patent applications in one call: the bulk path of `patent_record`.

Used by the data line for machine batches of thousands of records. The rules are the single
service's (`patent_clean`, the duplicate check, `status.refusal` of the filing, the event
guards); only the writing differs: keys reserved and rows copied in (`core.bulk`), and one
chained audit event per patent (`core.audit.audit_record_many`) whose `after` holds the
patent as `patent_record` audits it plus its filing event — so the change feed and webhooks
carry every patent recorded here.

Caveat: all or nothing — if any record breaks a rule, `PatentsRefused` lists every such
record by its position and nothing is written.
"""

import datetime
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from django.db import transaction
from django.utils import timezone

from ipcoord.core import identifiers
from ipcoord.core.audit import BulkEvent, audit_record_many
from ipcoord.core.bulk import insert_rows, reserve_ids
from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.identifiers import IdentifierError
from ipcoord.core.models import Organisation, User
from ipcoord.registry import status as st
from ipcoord.registry.models import EventKind, LegalEvent, Patent, PatentOwner
from ipcoord.registry.services.common import (
    ProposedEvent,
    officer_org,
    resolve_owner_org,
    run_event_guards,
)
from ipcoord.registry.services.ledger import refusal_error
from ipcoord.registry.services.rights import CleanPatent, duplicate_patent, patent_clean

_LOOKUP_CHUNK = 5000
_NOTHING_FILED = st.RightState(right_type=st.PATENT)
# The model's own field order, so `Patent(*values)` and the copied row share one tuple; a
# change to the model's fields must be made here too (the check below says so at import).
_COLUMNS = (
    "id", "updated_at", "owner_org_id", "sealed", "application_number", "kind", "title",
    "abstract", "ipc", "filing_date", "grant_date", "status", "partially_invalidated", "agency",
    "claims", "created_at",
)  # fmt: skip
if tuple(f.attname for f in Patent._meta.concrete_fields) != _COLUMNS:
    raise ImportError("registry.services.bulk: Patent's fields changed; update _COLUMNS")


class NewPatent(NamedTuple):
    """One patent application for `patent_record_many`; `owners` are party ids in order.
    (A named tuple, not a frozen dataclass: a million of them are built for a batch.)"""

    application_number: str
    title: str
    filing_date: datetime.date
    owners: Sequence[int]
    abstract: str = ""
    ipc: Sequence[str] | str = ()
    sealed: bool = False
    agency: str = ""
    claims: str = ""


class PatentsRefused(Exception):
    """`errors` maps the position of each refused record to its ApplicationError."""

    def __init__(self, errors: dict[int, ApplicationError]) -> None:
        super().__init__(f"{len(errors)} patents refused")
        self.errors = errors


def _clean(p: NewPatent, today: datetime.date) -> CleanPatent:
    return patent_clean(
        application_number=p.application_number,
        title=p.title,
        filing_date=p.filing_date,
        owners=list(p.owners),
        abstract=p.abstract,
        ipc=p.ipc,
        agency=p.agency,
        claims=p.claims,
        today=today,
    )


def _registered(patents: Sequence[NewPatent]) -> dict[str, int]:
    """Number → id of those of `patents` already on the register (unparsable numbers are
    left to `patent_clean` to refuse)."""
    numbers = []
    for p in patents:
        try:
            numbers.append(identifiers.parse_patent_application(p.application_number).normalized)
        except IdentifierError:
            continue
    found: dict[str, int] = {}
    for start in range(0, len(numbers), _LOOKUP_CHUNK):
        chunk = numbers[start : start + _LOOKUP_CHUNK]
        found.update(
            Patent.objects.filter(application_number__any_of=chunk).values_list(
                "application_number", "id"
            )
        )
    return found


@transaction.atomic
def patent_record_many(
    *,
    actor: User | None,
    patents: Sequence[NewPatent],
    owner_org: Organisation | None = None,
) -> list[int]:
    """Record every patent of `patents` with its filing event; returns their ids in order.

    Same permissions, defaults and rules as `patent_record` (see it); raises PatentsRefused
    listing every record that breaks one, and then writes nothing. Owner ids must name
    existing parties (the database refuses others at commit).

    Records are checked as their rows stream to the database, so the server stores one
    while the next is checked; from the first refused record on, the rest are only checked,
    and the savepoint undoes what went in.
    """
    acting_org = officer_org(actor)
    org = resolve_owner_org(actor, acting_org, owner_org)
    registered = _registered(patents)
    now, today = timezone.now(), timezone.localdate()
    ids = reserve_ids(Patent, len(patents))
    event_ids = reserve_ids(LegalEvent, len(patents))
    recorded_by = actor.pk if actor is not None and actor.pk else None
    errors: dict[int, ApplicationError] = {}
    written: list[tuple[Patent, CleanPatent]] = []
    filed: dict[datetime.date, st.RightState] = {}  # the ledger's answer, by filing date

    def patent_rows() -> Iterator[tuple[Any, ...]]:
        seen: set[str] = set()
        for i, (pk, p) in enumerate(zip(ids, patents, strict=True)):
            try:
                clean = _clean(p, today)
            except ApplicationError as exc:
                errors[i] = exc
                continue
            number = clean.number.normalized
            if number in seen:  # the same number twice in one call: the later one is refused
                errors[i] = duplicate_patent(number, 0)
                continue
            seen.add(number)
            if number in registered:
                errors[i] = duplicate_patent(number, registered[number])
                continue
            if errors:  # refused already: check the rest, write nothing more
                continue
            state = filed.get(clean.filing_date)
            if state is None:
                filing = st.Event(kind=EventKind.FILING, date=clean.filing_date)
                code = st.refusal(_NOTHING_FILED, filing)
                if code is not None:  # a new right can always be filed; the ledger's rule
                    right = Patent(application_number=number)
                    raise refusal_error(code, right, _NOTHING_FILED, filing)
                state = filed[clean.filing_date] = st.apply(_NOTHING_FILED, filing)
            values = (
                pk, now, org.pk, p.sealed, number, clean.number.kind, clean.title,
                clean.abstract, clean.ipc, clean.filing_date, state.grant_date,
                str(state.status), state.partially_invalidated, clean.agency, clean.claims, now,
            )  # fmt: skip
            patent = Patent(*values)
            run_event_guards(
                ProposedEvent(
                    actor=actor, right=patent, kind=EventKind.FILING, date=clean.filing_date
                )
            )
            written.append((patent, clean))
            yield values

    insert_rows(Patent, _COLUMNS, patent_rows())
    if errors:
        raise PatentsRefused(errors)
    insert_rows(
        PatentOwner,
        ("patent_id", "party_id", "position"),
        (
            (p.id, party, position)
            for p, clean in written
            for position, party in enumerate(clean.owners)
        ),
    )
    insert_rows(
        LegalEvent,
        (
            "id",
            "created_at",
            "updated_at",
            "patent_id",
            "trademark_id",
            "kind",
            "date",
            "counterparty_id",
            "pledge_id",
            "licence_kind",
            "partial",
            "expiry_date",
            "authority",
            "reference",
            "note",
            "recorded_by_id",
        ),  # fmt: skip
        (
            (
                event_id,
                now,
                now,
                p.id,
                None,
                EventKind.FILING.value,
                p.filing_date,
                None,
                None,
                "",
                False,
                None,
                "",
                "",
                "",
                recorded_by,
            )  # fmt: skip
            for event_id, (p, _c) in zip(event_ids, written, strict=True)
        ),
    )
    audit_record_many(
        actor=actor,
        action="patent.record",
        object_type=Patent._meta.label_lower,
        organisation=acting_org or org,
        events=(
            BulkEvent(str(p.id), str(p)[:255], _after(p, clean.owners, event_id, now))
            for (p, clean), event_id in zip(written, event_ids, strict=True)
        ),
    )
    return ids


def _after(p: Patent, owners: list[int], event_id: int, now: datetime.datetime) -> dict[str, Any]:
    """What `patent_record` audits (`snapshot(patent)` and the owners), with the filing."""
    stamp = str(now)
    return {
        "id": p.id,
        "created_at": stamp,
        "updated_at": stamp,
        "owner_org_id": p.owner_org_id,
        "sealed": p.sealed,
        "application_number": p.application_number,
        "kind": p.kind,
        "title": p.title,
        "abstract": p.abstract,
        "ipc": p.ipc,
        "filing_date": p.filing_date.isoformat(),
        "grant_date": p.grant_date.isoformat() if p.grant_date else None,
        "status": p.status,
        "partially_invalidated": p.partially_invalidated,
        "agency": p.agency,
        "claims": p.claims,
        "owners": list(owners),
        "event": {
            "id": event_id,
            "kind": EventKind.FILING.value,
            "date": p.filing_date.isoformat(),
        },
    }
