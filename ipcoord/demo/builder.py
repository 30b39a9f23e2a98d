"""Build the whole demo world in one transaction: organisations and users through the
services, then parties, rights, events, cases, proceedings and links in bulk, and one audit
event `demo.build` with the counts. Last, inside the same transaction, a few dozen showcase
records of the newer apps through their own services (`extras`: freezes, inquiries, screening
leads, listings, notices, a machine client), each with its own audit events.

Deterministic: every phase draws from its own `random.Random` seeded with the seed and the
phase's name, Faker is seeded the same way, and "today" is the fixed `timeline.AS_OF`; the same
seed gives the same names, numbers and dates (database ids may differ). Exception: the
`extras` records are dated from the real `timezone.localdate()`, which their services use.
"""

import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from django.db import reset_queries, transaction

from ipcoord.core.audit import audit_record
from ipcoord.core.models import Organisation, Role, User
from ipcoord.demo.casebook import CaseContext, CaseNumbers
from ipcoord.demo.cases import build_cases
from ipcoord.demo.extras import build_extras
from ipcoord.demo.orgs import build_organisations
from ipcoord.demo.parties import build_parties
from ipcoord.demo.people import DEMO_USERS, build_users
from ipcoord.demo.rights import RightsResult, build_patents, build_trademarks

DEFAULT_SEED = 1


@dataclass(frozen=True, slots=True)
class Size:
    """Targets of one size. `cases` counts first-instance civil cases; appeals and
    administrative cases come on top (about a quarter more)."""

    name: str
    patents: int
    trademarks: int
    parties: int
    cases: int
    chunk: int


SIZES: dict[str, Size] = {
    "tiny": Size("tiny", patents=70, trademarks=30, parties=60, cases=40, chunk=500),
    "small": Size("small", patents=1_400, trademarks=600, parties=700, cases=800, chunk=2_000),
    "medium": Size(
        "medium", patents=35_000, trademarks=15_000, parties=8_000, cases=8_000, chunk=5_000
    ),
    "large": Size(
        "large", patents=700_000, trademarks=300_000, parties=120_000, cases=160_000, chunk=10_000
    ),
}
PUBLIC_SIZES = ("small", "medium", "large")  # `tiny` is for tests


class DemoError(Exception):
    """The demo cannot be built here (the database is not empty)."""


def build_demo(
    *, size: str = "small", seed: int = DEFAULT_SEED, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Build the demo world into an empty database and return the counts of what was made."""
    spec = SIZES[size]
    started = time.monotonic()

    def say(message: str) -> None:
        # With DEBUG on Django keeps the last 9,000 queries; bulk inserts make them huge.
        reset_queries()
        if progress is not None:
            progress(f"[{time.monotonic() - started:6.1f}s] {message}")

    if Organisation.objects.exists():
        raise DemoError(
            "The database already holds organisations, so the demo was not built. Start from an "
            "empty database: run `ipcoord demo --reset` (empties every table), or `ipcoord flush`, "
            "or delete var/ipcoord.sqlite3 (the file SQLITE_PATH names) and run `ipcoord migrate`."
        )
    with transaction.atomic():
        say("organisations")
        directory = build_organisations(say)
        users = build_users(directory, seed=seed, progress=say)
        cnipa = directory.cnipa
        say("parties")
        parties = build_parties(
            count=spec.parties,
            seed=seed,
            owner_org_id=cnipa["cnipa"].pk,
            chunk=spec.chunk,
            progress=say,
        )
        rights = RightsResult()
        say("patents")
        build_patents(
            count=spec.patents,
            seed=seed,
            pool_share=min(0.5, spec.cases * 0.5 / spec.patents),
            parties=parties,
            owner_org_id=cnipa["patent"].pk,
            chunk=spec.chunk,
            progress=say,
            result=rights,
        )
        say("trademarks")
        build_trademarks(
            count=spec.trademarks,
            seed=seed,
            pool_share=min(0.5, spec.cases * 0.3 / spec.trademarks),
            parties=parties,
            owner_org_id=cnipa["trademark"].pk,
            chunk=spec.chunk,
            progress=say,
            result=rights,
        )
        say("cases")
        ctx = CaseContext(
            rng=random.Random(f"{seed}:cases"),
            directory=directory,
            parties=parties,
            rights=rights,
            numbers=CaseNumbers(random.Random(f"{seed}:numbers")),
            court_orgs={code: org.pk for code, org in directory.courts.items()},
            judges=_judges(users),
            counts=Counter(),
        )
        build_cases(ctx, count=spec.cases, chunk=spec.chunk, progress=say)
        counts: dict[str, int] = {
            "organisations": Organisation.objects.count(),
            "users": len(users),
            "parties": parties.count,
            "patents": rights.counts["patents"],
            "trademarks": rights.counts["trademarks"],
            "legal_events": rights.counts["events"] + ctx.counts["events"],
            "cases": ctx.counts["cases"],
            "appeals": ctx.counts["appeals"],
            "administrative_cases": ctx.counts["admin_cases"],
            "case_parties": ctx.counts["case_parties"],
            "proceedings": ctx.counts["proceedings"],
            "case_links": ctx.counts["links"],
        }
        # Last: the showcase records of the newer apps, through their services (own audit).
        counts |= build_extras(directory=directory, users=users, seed=seed, size=size, progress=say)
        audit_record(
            actor=None,
            action="demo.build",
            organisation=directory.other["platform"],
            object_type="demo",
            object_id=size,
            object_repr=f"demo world ({size}, seed {seed})",
            after={"size": size, "seed": seed, **counts},
        )
    counts["seconds"] = round(time.monotonic() - started)
    say("done")
    return counts


def _judges(users: dict[str, User]) -> dict[str, int]:
    """Court code → the demo judge who decides that court's links."""
    out: dict[str, int] = {}
    for spec in DEMO_USERS:
        if spec.role == Role.JUDGE and spec.org.startswith("court:"):
            out.setdefault(spec.org.removeprefix("court:"), users[spec.username].pk)
    return out
