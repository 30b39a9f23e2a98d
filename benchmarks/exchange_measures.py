"""Measurements for benchmarks/exchange_import.py beside the import itself: the database's
floor for the batch's rows, another writer's wait for the audit chain, CPU by process."""

import os
import resource
import time
from pathlib import Path


def settle(vendor: str) -> None:
    """Write out the dirty buffers the previous phase left (PostgreSQL CHECKPOINT, where this
    role may): each measured phase then pays only for its own writes."""
    if vendor != "postgresql":
        return
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")
    except DatabaseError:  # not a superuser or pg_checkpoint member: measure as it is
        pass


# Every row a new patent record makes, parents first.
FLOOR_TABLES = (
    "registry_patent",
    "registry_patentowner",
    "registry_legalevent",
    "core_auditevent",
    "exchange_sourcerecord",
)


def database_floor() -> float:
    """Seconds to binary-COPY every row the import wrote — patents, owners, filing events,
    audit events, source versions — from ready files into copies of those tables with the
    same indexes, checks and foreign keys (PostgreSQL): what the database alone needs for
    the batch, with no parsing, rules or formatting at all."""
    from django.db import connection, transaction

    files = {}
    with connection.cursor() as cursor:
        raw = cursor.cursor
        for table in FLOOR_TABLES:
            where = "WHERE action = 'patent.record'" if table == "core_auditevent" else ""
            files[table] = path = Path(f"/tmp/ipcoord-bench-floor-{table}.copy")
            out_sql = f"COPY (SELECT * FROM {table} {where}) TO STDOUT (FORMAT BINARY)"  # noqa: S608
            with path.open("wb") as out, raw.copy(out_sql) as rows:
                for block in rows:
                    out.write(block)
            cursor.execute(f"CREATE TABLE floor_{table} (LIKE {table} INCLUDING ALL)")
        cursor.execute(
            "SELECT conrelid::regclass::text, confrelid::regclass::text, "
            "pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)",
            [list(FLOOR_TABLES)],
        )
        for table, parent, definition in cursor.fetchall():  # the same foreign keys
            if parent in FLOOR_TABLES:
                definition = definition.replace(f" {parent}(", f" floor_{parent}(")
            cursor.execute(f"ALTER TABLE floor_{table} ADD {definition}")
        started = time.perf_counter()
        with transaction.atomic():
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # as the import checks them
            for table in FLOOR_TABLES:
                sql = f"COPY floor_{table} FROM STDIN (FORMAT BINARY)"
                with files[table].open("rb") as f, raw.copy(sql) as copy:
                    while block := f.read(1 << 20):
                        copy.write(block)
        seconds = time.perf_counter() - started
    for path in files.values():
        path.unlink()
    return seconds


class OtherWriter:
    """Another user's audited save every 0.2 s while the batch imports (PostgreSQL; SQLite
    lets one writer in at a time): how long the longest one waited for the chain's head."""

    def __init__(self, vendor: str) -> None:
        import threading

        self.waits: list[float] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True) if vendor != "sqlite" else None
        if self.thread:
            self.thread.start()

    def run(self) -> None:
        from django.db import connection, transaction

        from ipcoord.core.audit import audit_record

        try:
            while not self.stop.wait(0.2):
                started = time.perf_counter()
                with transaction.atomic():
                    audit_record(actor=None, action="bench.other", object_type="bench")
                self.waits.append(time.perf_counter() - started)
        finally:
            connection.close()

    def longest(self) -> float | None:
        self.stop.set()
        if self.thread:
            self.thread.join()
        return max(self.waits, default=None)


class CpuClock:
    """CPU seconds spent by this process (all its threads) and by its database server
    process (PostgreSQL's backend, read from /proc when it runs on this machine)."""

    def __init__(self, vendor: str) -> None:
        from django.db import connection

        self.backend: int | None = None
        if vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                self.backend = cursor.fetchone()[0]
        self.start = self._now()

    def _server(self) -> float | None:
        try:
            fields = Path(f"/proc/{self.backend}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, TypeError):
            return None
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def _now(self) -> tuple[float, float | None]:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime, self._server()

    def spent(self) -> tuple[float, float | None]:
        (own0, server0), (own1, server1) = self.start, self._now()
        server = server1 - server0 if server0 is not None and server1 is not None else None
        return own1 - own0, server
