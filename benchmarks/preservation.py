"""Benchmark of patent inquiry-and-control (issue 4, "Speed"). Not a test.

    .venv/bin/python benchmarks/preservation.py --quick      # small world, < 1 min on SQLite
    .venv/bin/python benchmarks/preservation.py              # large world (~1,000,000 rights)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ipcoord_bench .venv/bin/python benchmarks/preservation.py

Runs on a throw-away database: with DATABASE_URL that database, otherwise a SQLite file under
/tmp (one per size, kept and reused by later runs; `--fresh` deletes it first). The demo world
is built with `ipcoord.demo` when the database is empty and reused when it already holds a
demo world of that size; a database holding anything else is refused. About one freeze order
per ten rights is then seeded in bulk (the large world: 100,000), one right each, a fifth of
them queued behind another court's.

Measures
  (a) transfers recorded through `registry.services.right_transfer`, with the freeze guard
      registered and unregistered, interleaved in ABBA rounds in the same run: overhead %;
  (b) inquiries (`inquiry_run`) by USCC and by party name, alias and traditional characters:
      median and 95th percentile in ms (the inquiry is recorded and audited, as in use);
  (c) 32 threads, each registering one order on its own patent at the same moment: orders
      registered per second (SQLite serialises writers: the figure is still reported).
The last line is `transfer_check_overhead_pct=… inquiry_p95_ms=… freezes_per_s=…`
(`--only inquiries` and the like run one measurement; the others print nan).
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_NOTE = "benchmark seed"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--quick", action="store_true", help="small world, fewer transfers")
    p.add_argument("--size", choices=("small", "medium", "large"), help="demo world size")
    p.add_argument("--transfers", type=int, help="transfers per mode (default 10,000)")
    p.add_argument("--inquiries", type=int, help="inquiries per kind of query")
    p.add_argument("--threads", type=int, default=32)
    p.add_argument("--fresh", action="store_true", help="delete the SQLite file first")
    p.add_argument(
        "--only",
        choices=("transfers", "inquiries", "freezes"),
        action="append",
        help="run only this measurement (repeatable); the others print as n/a",
    )
    args = p.parse_args()
    args.size = args.size or ("small" if args.quick else "large")
    args.transfers = args.transfers or (1_000 if args.quick else 10_000)
    args.inquiries = args.inquiries or (40 if args.quick else 200)
    return args


def setup_django(args: argparse.Namespace) -> None:
    sys.path.insert(0, str(ROOT))
    if not os.environ.get("DATABASE_URL"):
        path = Path(f"/tmp/ipcoord-bench-{args.size}.sqlite3")
        if args.fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["SQLITE_PATH"] = str(path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipcoord.settings")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # no query log: it would grow without end and cost time


def say(message: str) -> None:
    print(message, flush=True)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


# ---------------------------------------------------------------- world
def ensure_world(size: str) -> None:
    from django.core.management import call_command
    from django.db import connection

    from ipcoord.core.models import AuditEvent, Organisation
    from ipcoord.demo.builder import build_demo

    say(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    if Organisation.objects.exists():
        built = AuditEvent.objects.filter(action="demo.build").values_list("object_id", flat=True)
        if size not in set(built):
            sys.exit(
                f"The database holds data that is not a demo world of size {size!r}; the "
                "benchmark runs only on a throw-away database (empty, or built by it)."
            )
        say(f"reusing the {size} demo world")
        return
    started = time.monotonic()
    counts = build_demo(size=size, progress=lambda m: say(f"  demo {m}"))
    say(f"built the {size} demo world in {time.monotonic() - started:.0f}s: {counts}")


def seed_freezes() -> None:
    """About one order per ten rights, one right each; a fifth queued behind another court's."""
    from django.db import transaction
    from django.utils import timezone

    from ipcoord.cases.models import Case
    from ipcoord.preservation.models import (
        FreezeItem,
        FreezeKind,
        FreezeOrder,
        ItemStatus,
        OrderStatus,
    )
    from ipcoord.preservation.rules import term_end
    from ipcoord.registry.models import Patent, RightStatus, Trademark

    # The demo world freezes a few rights itself: leave those alone (one active per right).
    taken = FreezeItem.objects.all()
    patents = list(
        Patent.objects.filter(status=RightStatus.VALID)
        .exclude(pk__in=taken.filter(patent_id__isnull=False).values("patent_id"))
        .values_list("pk", flat=True)
    )
    marks = list(
        Trademark.objects.filter(status=RightStatus.VALID)
        .exclude(pk__in=taken.filter(trademark_id__isnull=False).values("trademark_id"))
        .values_list("pk", flat=True)
    )
    target = (Patent.objects.count() + Trademark.objects.count()) // 10
    have = FreezeOrder.objects.filter(note=SEED_NOTE).count()
    if have >= target:
        say(f"reusing {have} seeded freeze orders")
        return
    rng = random.Random("bench-freezes")
    cases = list(Case.objects.values_list("pk", "owner_org_id"))
    now, today = timezone.now(), timezone.localdate()
    n_active = target * 4 // 5
    rights = [("patent", pk) for pk in rng.sample(patents, min(len(patents), n_active * 7 // 10))]
    rights += [
        ("trademark", pk) for pk in rng.sample(marks, min(len(marks), n_active - len(rights)))
    ]
    plan = [(r, ItemStatus.ACTIVE, 1) for r in rights]
    plan += [(r, ItemStatus.QUEUED, 2) for r in rng.sample(rights, target - len(rights))]
    started = time.monotonic()
    with transaction.atomic():
        for at in range(0, len(plan), 5_000):
            chunk = plan[at : at + 5_000]
            orders = []
            for i, _ in enumerate(chunk, start=at):
                case_id, court_id = rng.choice(cases)
                orders.append(
                    FreezeOrder(
                        owner_org_id=court_id,
                        case_id=case_id,
                        kind=rng.choice(FreezeKind.values),
                        ruling_number=f"BENCH裁{i}",
                        notice_number=f"BENCH协{i}",
                        months=6,
                        status=OrderStatus.REGISTERED,
                        registered_at=now,
                        note=SEED_NOTE,
                    )
                )
            orders = FreezeOrder.objects.bulk_create(orders)
            items = []
            for order, ((column, pk), status, seq) in zip(orders, chunk, strict=True):
                start = today - datetime.timedelta(days=rng.randrange(0, 150))
                active = status == ItemStatus.ACTIVE
                items.append(
                    FreezeItem(
                        order=order,
                        status=status,
                        seq=seq,
                        registered_at=now,
                        starts_on=start if active else None,
                        ends_on=term_end(start, 6) if active else None,
                        **{f"{column}_id": pk},
                    )
                )
            FreezeItem.objects.bulk_create(items)
    say(f"seeded {len(plan)} freeze orders in {time.monotonic() - started:.1f}s")


def unfrozen_patents(count: int, rng: random.Random) -> list:
    from ipcoord.preservation.models import FreezeItem
    from ipcoord.registry.models import Patent, RightStatus

    frozen = FreezeItem.objects.filter(patent_id__isnull=False).values("patent_id")
    ids = list(
        Patent.objects.filter(status=RightStatus.VALID)
        .exclude(pk__in=frozen)
        .values_list("pk", flat=True)
    )
    return list(Patent.objects.filter(pk__in=rng.sample(ids, min(count, len(ids)))))


# ---------------------------------------------------------------- (a) transfers
def bench_transfers(n: int) -> float:
    from django.utils import timezone

    from ipcoord.preservation.guard import freeze_guard
    from ipcoord.registry import services as registry
    from ipcoord.registry.models import Party, PatentOwner

    rng = random.Random("bench-transfers")
    patents = unfrozen_patents(min(n, 2_000), rng)
    parties = list(Party.objects.order_by("?")[:500])
    owners: dict[int, set[int]] = {p.pk: set() for p in patents}
    for patent_id, party_id in PatentOwner.objects.filter(patent__in=patents).values_list(
        "patent_id", "party_id"
    ):
        owners[patent_id].add(party_id)
    today = timezone.localdate()
    spent: dict[bool, list[float]] = {True: [], False: []}
    rounds, per_round = 0, max(10, min(250, n // 8))
    modes = [True, False, False, True]  # ABBA: drift in the machine cancels out
    say(f"(a) {n} transfers with the freeze check and {n} without, {per_round} per round")
    done = {True: 0, False: 0}
    warm = max(20, n // 20)  # untimed first transfers: caches, statement plans, file pages

    def one(patent) -> float:
        assignee = rng.choice(parties)
        while assignee.pk in owners[patent.pk]:
            assignee = rng.choice(parties)
        t0 = time.perf_counter()
        registry.right_transfer(actor=None, right=patent, date=today, assignee=assignee)
        elapsed = time.perf_counter() - t0
        owners[patent.pk] = {assignee.pk}
        return elapsed

    for i in range(warm):
        one(patents[-1 - i % len(patents)])
    while done[True] < n or done[False] < n:
        on = modes[rounds % 4]
        rounds += 1
        if done[on] >= n:
            continue
        if on:
            registry.register_event_guard(freeze_guard)
        else:
            registry.unregister_event_guard(freeze_guard)
        for _ in range(min(per_round, n - done[on])):
            patent = patents[(done[True] + done[False]) % len(patents)]
            spent[on].append(one(patent))
            done[on] += 1
    registry.register_event_guard(freeze_guard)
    on_s, off_s = sum(spent[True]), sum(spent[False])
    overhead = (on_s - off_s) / off_s * 100
    med_on, med_off = median_ms(spent[True]), median_ms(spent[False])
    say(
        f"    with check {on_s:.2f}s (median {med_on:.2f} ms), without {off_s:.2f}s "
        f"(median {med_off:.2f} ms): overhead {overhead:.1f} % (target ≤ 10 %)"
    )
    return overhead


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


# ---------------------------------------------------------------- (b) inquiries
def court_user_and_case():
    from ipcoord.cases.models import Case, CaseStatus
    from ipcoord.core.models import Membership, OrgKind, Role

    for m in Membership.objects.filter(
        role__in=(Role.JUDGE, Role.CLERK), organisation__kind=OrgKind.COURT
    ).select_related("user", "organisation"):
        case = Case.objects.filter(owner_org=m.organisation, status=CaseStatus.OPEN).first()
        if case is not None:
            return m.user, case
    sys.exit("no judge or clerk with an open case in the demo world")


def bench_inquiries(n: int) -> tuple[float, float]:
    import opencc

    from ipcoord.preservation import services
    from ipcoord.registry.models import Party, PatentOwner

    rng = random.Random("bench-inquiries")
    user, case = court_user_and_case()
    holders = Party.objects.filter(pk__in=PatentOwner.objects.values("party_id"))
    s2t = opencc.OpenCC("s2t")
    by_uscc = list(holders.exclude(uscc="").values_list("uscc", flat=True)[:5_000])
    named = list(holders.values_list("name", "aliases")[:5_000])
    with_alias = [a.splitlines()[0] for _, a in named if a.strip()]
    # Names whose traditional form differs: the search has to fold them back.
    traditional = [t for name, _ in named if (t := s2t.convert(name)) != name]
    pools = {
        "uscc": [u for u in by_uscc if u],
        "name": [name for name, _ in named],
        "alias": with_alias,
        "traditional": traditional,
    }
    queries = {
        kind: rng.sample(texts, min(n, len(texts)))
        for kind, texts in (
            (k, [t.strip() for t in v if len(t.strip()) >= 2]) for k, v in pools.items()
        )
    }
    say(f"(b) inquiries as {user} in {case.number}")
    say(f"    {queries_per_inquiry(case.number, queries['name'][0])} queries per inquiry")
    everything: list[float] = []
    for kind, texts in queries.items():
        times, found = [], 0
        for text in texts:
            t0 = time.perf_counter()
            result = services.inquiry_run(actor=user, case_number=case.number, query=text)
            times.append((time.perf_counter() - t0) * 1000)
            found += len(result.rights)
        everything += times
        if times:
            say(
                f"    {kind:<12} n={len(times):<4} median {statistics.median(times):6.1f} ms  "
                f"p95 {pct(times, 0.95):6.1f} ms  ({found / len(times):.1f} rights each)"
            )
    median, p95 = statistics.median(everything), pct(everything, 0.95)
    say(f"    all          median {median:.1f} ms  p95 {p95:.1f} ms (target < 50 ms)")
    return median, p95


def queries_per_inquiry(case_number: str, text: str) -> int:
    """Statements one inquiry sends, as in a request: a fresh user object (nothing cached)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from ipcoord.core.models import User
    from ipcoord.preservation import services

    user, _ = court_user_and_case()
    fresh = User.objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as ctx:
        services.inquiry_run(actor=fresh, case_number=case_number, query=text)
    return len(ctx.captured_queries)


# ---------------------------------------------------------------- (c) concurrent freezes
def bench_concurrent_freezes(threads: int) -> float:
    from django.db import close_old_connections, connections

    from ipcoord.cases.models import Case, CaseStatus
    from ipcoord.core.models import Membership, Role
    from ipcoord.preservation import services
    from ipcoord.preservation.models import FreezeKind
    from ipcoord.preservation.services._common import registry_office

    rng = random.Random(f"bench-concurrent-{time.time_ns()}")
    patents = unfrozen_patents(threads, rng)
    cases: dict[int, Case] = {}
    for case in Case.objects.filter(status=CaseStatus.OPEN).order_by("owner_org_id", "id"):
        cases.setdefault(case.owner_org_id, case)
    courts = list(cases.values())
    office = registry_office()
    officer = next(
        (
            m.user
            for m in Membership.objects.filter(
                organisation=office, role=Role.IP_OFFICER
            ).select_related("user")
        ),
        None,
    )
    tag = time.strftime("%Y%m%d%H%M%S")
    orders = [
        services.freeze_order_submit(
            actor=None,
            case_number=courts[i % len(courts)].number,
            kind=FreezeKind.PRE_LITIGATION,
            ruling_number=f"BENCH并发裁{tag}-{i}",
            notice_number=f"BENCH并发协{tag}-{i}",
            months=6,
            rights=[patent],
        )
        for i, patent in enumerate(patents)
    ]
    distinct = len({o.owner_org_id for o in orders})
    say(f"(c) {len(orders)} orders of {distinct} courts registered by {len(orders)} threads")
    barrier = threading.Barrier(len(orders) + 1)
    errors: list[str] = []
    finished: list[float] = []

    def work(order) -> None:
        try:
            barrier.wait()
            services.freeze_order_register(actor=officer, order=order)
            finished.append(time.perf_counter())
        except Exception as exc:  # noqa: BLE001  (counted and reported)
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work, args=(o,)) for o in orders]
    for w in workers:
        w.start()
    close_old_connections()
    barrier.wait()
    t0 = time.perf_counter()
    for w in workers:
        w.join()
    elapsed = (max(finished) if finished else time.perf_counter()) - t0
    rate = len(finished) / elapsed if elapsed > 0 else 0.0
    say(f"    {len(finished)} registered in {elapsed * 1000:.0f} ms: {rate:.1f} orders/s")
    for e in errors[:5]:
        say(f"    error: {e}")
    return rate


def analyze() -> None:
    """Refresh the planner's statistics, and on PostgreSQL vacuum too, as autovacuum would
    in a database in use: bulk-loaded tables have no statistics (the inquiry's joins get
    planned as full scans), and the demo build leaves a dead row version for every row it
    writes and then updates. Unvacuumed, those sit at the ends of the indexes, where the
    planner probes for a column's actual range: planning one inquiry join took 25-30 ms
    instead of under 1 ms. VACUUM of an already vacuumed database is quick."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def main() -> None:
    args = parse_args()
    started = time.monotonic()
    setup_django(args)
    ensure_world(args.size)
    seed_freezes()
    analyze()
    parts = set(args.only or ("transfers", "inquiries", "freezes"))
    nan = float("nan")
    overhead = bench_transfers(args.transfers) if "transfers" in parts else nan
    p95 = bench_inquiries(args.inquiries)[1] if "inquiries" in parts else nan
    rate = bench_concurrent_freezes(args.threads) if "freezes" in parts else nan
    say(f"total {time.monotonic() - started:.0f}s")
    print(
        f"transfer_check_overhead_pct={overhead:.1f} inquiry_p95_ms={p95:.1f} "
        f"freezes_per_s={rate:.1f}"
    )


if __name__ == "__main__":
    main()
