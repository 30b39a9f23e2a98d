"""Benchmark of the data line's machine door (issue 5, "Speed"). Not a test.

    .venv/bin/python benchmarks/exchange_import.py --quick     # 50,000 records, < 1 min
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/exchange_import.py

Runs on a throw-away database: with DATABASE_URL, `ipcoord_bench_exchange` on that server
(made afresh each run from a migrated template database, which is kept); otherwise a new
SQLite file under /tmp. A national IP administration, 1,000 owner parties and a CNIPA
machine client with an Ed25519 key are created through the services.

Measures, in the same run:
  (a) a signed batch of N new patents (JSON Lines, owners by USCC) received and imported
      through `exchange.batches.batch_receive` — signature, payload hash, every record
      parsed, checked by the registry's rules, written with its owners, filing event and
      chained audit event, source versions recorded — records per second;
  (b) the physical limit: the same N patent rows (read back from the register as a binary
      COPY file), sent by a bare binary `COPY` into a table made `LIKE registry_patent
      INCLUDING ALL` (on SQLite: `executemany` INSERT into a table with the same columns and
      unique index): rows per second;
  peak RSS of the process after the import (the payload is generated to a file first and
  never held whole);
  and, to show where the time goes, the CPU each record cost the importing process (all its
  threads) and the PostgreSQL backend serving it (read from /proc);
  on PostgreSQL, how long another user's audited save (one every 0.2 s) waited at most for
  the audit chain's head while the batch imported;
  (c) on PostgreSQL, the database's own floor: every row the import wrote (patents, owners,
      filing events, audit events, source versions) binary-copied from ready files into
      copies of the five tables with the same indexes, checks and foreign keys — the rate no
      importer of these records can beat on this server, whatever its language.
The last line is `records_per_s=… copy_ratio=… peak_rss_mb=…` (copy_ratio = how many
times slower than the bare COPY the import is).
"""

import argparse
import json
import os
import random
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from exchange_measures import FLOOR_TABLES, CpuClock, OtherWriter, database_floor, settle

ROOT = Path(__file__).resolve().parent.parent
BENCH_DB = "ipcoord_bench_exchange"
TEMPLATE_DB = "ipcoord_bench_exchange_tpl"
WORDS = (  # noqa: SIM905
    "数据 传输 方法 装置 系统 图像 识别 电池 电极 材料 控制 电路 通信 网络 终端 存储 "
    "显示 面板 传感器 检测 无人机 车辆 制动 医疗 器械 药物 组合物 制备 工艺 结构"
).split()


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--quick", action="store_true", help="50,000 records instead of 1,000,000")
    p.add_argument("--records", type=int, help="records in the batch")
    p.add_argument("--parties", type=int, default=1000)
    args = p.parse_args()
    args.records = args.records or (50_000 if args.quick else 1_000_000)
    return args


def say(message: str) -> None:
    print(message, flush=True)


def _with_db(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def prepare_database() -> str:
    """Point Django at a fresh database; returns the vendor ('postgresql' or 'sqlite')."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        path = Path("/tmp/ipcoord-bench-exchange.sqlite3")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["SQLITE_PATH"] = str(path)
        return "sqlite"
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [TEMPLATE_DB]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{TEMPLATE_DB}"')
    if not exists:  # migrate the template once; later runs copy it
        env = {**os.environ, "DATABASE_URL": _with_db(url, TEMPLATE_DB)}
        import subprocess

        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "-v", "0"], env=env, check=True
        )
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}" TEMPLATE "{TEMPLATE_DB}"')
    os.environ["DATABASE_URL"] = _with_db(url, BENCH_DB)
    return "postgresql"


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipcoord.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.DEBUG = False
    settings.MEDIA_ROOT = "/tmp/ipcoord-bench-exchange-media"
    call_command("migrate", verbosity=0)


def uscc(i: int) -> str:
    from stdnum.cn import uscc as stdnum_uscc

    body = f"91110000{i:09d}"
    return body + stdnum_uscc.calc_check_digit(body)


def build_world(parties: int):  # -> (client, private key)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from django.db import transaction

    from ipcoord.core import services as core
    from ipcoord.core.models import OrgKind, OrgLevel, Role
    from ipcoord.exchange.clients import machine_client_register
    from ipcoord.exchange.signing import public_pem
    from ipcoord.registry import services as registry

    cnipa = core.organisation_create(
        actor=None, name="国家知识产权局", kind=OrgKind.IP_ADMIN, level=OrgLevel.NATIONAL
    )
    admin = core.user_create(actor=None, username="bench-admin", password="bench-Pass-2026!")
    core.membership_grant(actor=None, user=admin, organisation=cnipa, role=Role.ORG_ADMIN)
    with transaction.atomic():
        for i in range(parties):
            registry.party_create(
                actor=None, kind="legal", name=f"测试科技有限公司{i}", uscc=uscc(i)
            )
    key = Ed25519PrivateKey.generate()
    client, _token = machine_client_register(
        actor=admin,
        organisation=cnipa,
        name="专利审查系统",
        public_key=public_pem(key.public_key()),
        allowed_kinds=["patents"],
    )
    return client, key


def check_digit(digits: str) -> str:
    weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
    total = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    return "X" if total == 10 else str(total)


def write_payload(path: Path, records: int, parties: int) -> None:
    rng = random.Random(20261202)
    with path.open("w", encoding="utf-8") as f:
        for i in range(records):
            digits = f"2024{rng.choice('1238')}{i:07d}"
            title = "一种" + "".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5)))
            owners = [uscc(rng.randrange(parties)) for _ in range(rng.choice((1, 1, 1, 2)))]
            record = {
                "source_id": f"CNIPA-{i}",
                "version": 1,
                "application_number": f"{digits}.{check_digit(digits)}",
                "title": title,
                "filing_date": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                "owners": owners,
                "abstract": title + "，" + "".join(rng.choice(WORDS) for _ in range(30)),
                "ipc": rng.choice(("H04L 9/32", "G06F 21/60", "H01M 10/05; H01M 4/13")),
            }
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def copy_rows(path: Path) -> Iterator[tuple]:
    """The patent rows the import writes, one payload line at a time."""
    from django.utils import timezone

    from ipcoord.core.identifiers import parse_patent_application

    now = timezone.now().isoformat(" ")
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, start=1):
            r = json.loads(line)
            number = parse_patent_application(r["application_number"])
            yield (
                n, now, now, 1, False, number.normalized, number.kind, r["title"],
                r["abstract"], r["ipc"], r["filing_date"], None, "pending", False, "", "",
            )  # fmt: skip


COLUMNS = (
    "id, created_at, updated_at, owner_org_id, sealed, application_number, kind, title, "
    "abstract, ipc, filing_date, grant_date, status, partially_invalidated, agency, claims"
)


def bare_copy(vendor: str, payload: Path) -> float:
    """Seconds to put the payload's patent rows, prepared beforehand, into an equivalent
    table by the fastest bare means (PostgreSQL: binary COPY of a ready file holding the
    very rows the import wrote; SQLite: executemany INSERT)."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        if vendor == "postgresql":
            ready = payload.with_suffix(".copy")
            out_sql = f"COPY registry_patent ({COLUMNS}) TO STDOUT (FORMAT BINARY)"
            with ready.open("wb") as out, cursor.cursor.copy(out_sql) as rows:
                for block in rows:
                    out.write(block)
            cursor.execute("CREATE TABLE bench_copy (LIKE registry_patent INCLUDING ALL)")
            sql = f"COPY bench_copy ({COLUMNS}) FROM STDIN (FORMAT BINARY)"
            started = time.perf_counter()
            with ready.open("rb") as f, transaction.atomic(), cursor.cursor.copy(sql) as copy:
                while block := f.read(1 << 20):
                    copy.write(block)
            seconds = time.perf_counter() - started
            ready.unlink()
            return seconds
        cursor.execute("CREATE TABLE bench_copy AS SELECT * FROM registry_patent WHERE 0")
        cursor.execute("CREATE UNIQUE INDEX bench_copy_number ON bench_copy (application_number)")
        sql = f"INSERT INTO bench_copy ({COLUMNS}) VALUES ({', '.join(['%s'] * 16)})"  # noqa: S608
        rows = list(copy_rows(payload))
        started = time.perf_counter()
        with transaction.atomic():
            for i in range(0, len(rows), 5000):
                cursor.executemany(sql, rows[i : i + 5000])
        return time.perf_counter() - started


def main() -> None:
    args = parse_args()
    vendor = prepare_database()
    setup_django()
    say(f"database: {vendor}; records: {args.records:,}; owner parties: {args.parties:,}")
    client, key = build_world(args.parties)

    from ipcoord.core.audit import audit_verify
    from ipcoord.exchange.batches import batch_receive
    from ipcoord.exchange.models import BatchStatus
    from ipcoord.exchange.signing import sign_payload
    from ipcoord.registry.models import Patent

    payload = Path(f"/tmp/ipcoord-bench-exchange-{args.records}.jsonl")
    started = time.perf_counter()
    write_payload(payload, args.records, args.parties)
    say(
        f"payload: {payload.stat().st_size / 2**20:,.0f} MB in {time.perf_counter() - started:.1f} s"
    )
    manifest = sign_payload(payload, key, record_kind="patents", source_system="cnipa-bench")

    settle(vendor)
    other = OtherWriter(vendor)
    cpu = CpuClock(vendor)
    started = time.perf_counter()
    batch = batch_receive(client=client, manifest=manifest, payload=payload, inline=True)
    seconds = time.perf_counter() - started
    longest_wait = other.longest()
    importer_s, server_s = cpu.spent()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if batch.status != BatchStatus.ACCEPTED:
        raise SystemExit(f"batch refused: {json.dumps(batch.receipt, ensure_ascii=False)[:2000]}")
    assert Patent.objects.count() == args.records
    rate = args.records / seconds
    say(f"(a) import: {seconds:.1f} s, {rate:,.0f} records/s, peak RSS {peak_mb:,.0f} MB")
    per = 1e6 / args.records
    if vendor == "sqlite":
        server = "none apart (SQLite runs inside the importing process)"
    else:
        server = f"{server_s * per:.0f} µs" if server_s is not None else "not measurable here"
    say(f"    CPU a record: importer {importer_s * per:.0f} µs, database server {server}")
    if longest_wait is not None:
        say(f"    another user's audited save meanwhile waited at most {longest_wait:.1f} s")

    settle(vendor)
    copy_seconds = bare_copy(vendor, payload)
    copy_rate = args.records / copy_seconds
    say(f"(b) bare copy: {copy_seconds:.1f} s, {copy_rate:,.0f} rows/s")
    if vendor == "postgresql":
        settle(vendor)
        floor_rate = args.records / database_floor()
        say(
            f"(c) database floor: all {len(FLOOR_TABLES)} tables' rows of the batch copied in "
            f"by binary COPY with the same indexes and keys: {floor_rate:,.0f} records/s"
        )
    check = audit_verify()
    say(f"audit chain: {'intact' if check.ok else 'BROKEN'} ({check.checked:,} events)")
    say(f"batch {batch.batch_id}: {batch.receipt['message']}")
    payload.unlink()
    say(f"records_per_s={rate:.0f} copy_ratio={copy_rate / rate:.2f} peak_rss_mb={peak_mb:.0f}")


if __name__ == "__main__":
    main()
