"""Writing many rows at once: reserved primary keys and COPY, for the services' bulk paths.

Services that record thousands of records in one transaction (a machine client's batch)
call these instead of `Model.objects.create` per row. They write rows exactly as given: the
calling service has already applied its rules, and audits what it wrote.

- PostgreSQL: keys come from the table's own identity sequence (`nextval`), rows go in by
  binary `COPY … FROM STDIN` (psycopg 3), the fastest way into the server.
- SQLite (the embedded default): keys are taken above the table's largest one (and above
  AUTOINCREMENT's high-water mark), which is safe because the project opens SQLite transactions as IMMEDIATE (the whole database is
  write-locked until commit); rows go in by `executemany`.

Caveats: nothing here runs `save()`, signals or field defaults; callers pass every column
(use `now()` for timestamps). Must run inside the caller's transaction.
"""

import ipaddress
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models, transaction
from psycopg import pq
from psycopg.adapt import Dumper
from psycopg.copy import QueuedLibpqWriter

_JSONB_OID = 3802


class _JsonText(str):
    """JSON text for a jsonb column of a binary COPY (the callers' JSON columns hold text)."""


class _JsonTextBinaryDumper(Dumper):
    """jsonb's binary form is a version byte and the text; psycopg's own jsonb dumper would
    serialise the (already serialised) text again."""

    format = pq.Format.BINARY
    oid = _JSONB_OID

    def dump(self, obj: str) -> bytes:
        return b"\x01" + obj.encode()


def _require_atomic() -> None:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("bulk writes must run inside the service's transaction")


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` fresh primary keys for `model`, in increasing order."""
    _require_atomic()
    if count <= 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        # Above both the largest key and AUTOINCREMENT's high-water mark: a deleted row's
        # key is never given out again (its audit history must not pass to a new record).
        cursor.execute(
            f'SELECT MAX(COALESCE((SELECT MAX("{pk}") FROM "{table}"), 0), '  # noqa: S608
            "COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0))",
            [table],
        )
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def _binary_types(
    model: type[models.Model], columns: Sequence[str]
) -> tuple[list[str], list[Any] | None]:
    """The PostgreSQL type of each column for a binary COPY, and per column how a value must
    be turned into what psycopg's binary dumper of that type takes (None: as it is; and
    None for all when no column needs it)."""
    by_column = {f.column: f for f in model._meta.concrete_fields}
    types: list[str] = []
    fix: list[Any] = []
    for name in columns:
        db_type = by_column[name].db_type(connection) or ""
        types.append(db_type.split("(", 1)[0])
        fix.append({"jsonb": _JsonText, "inet": ipaddress.ip_address}.get(types[-1]))
    return types, fix if any(fix) else None


def _preparers(model: type[models.Model], columns: Sequence[str]) -> list[Any]:
    """Per column, how Django turns a Python value into this backend's value (JSON columns
    already hold JSON text and pass as they are)."""
    by_column = {f.column: f for f in model._meta.concrete_fields}
    out = []
    for name in columns:
        field = by_column[name]
        if isinstance(field, models.JSONField):
            out.append(None)
        else:
            out.append(lambda v, f=field: f.get_db_prep_save(v, connection))
    return out


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert `rows` (tuples in the order of `columns`, database column names); returns the
    number written. JSON columns take JSON text."""
    _require_atomic()
    table = model._meta.db_table
    names = ", ".join(f'"{c}"' for c in columns)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg's own cursor: COPY is not in the DB-API
            raw.adapters.register_dumper(_JsonText, _JsonTextBinaryDumper)
            types, fix = _binary_types(model, columns)
            # Binary, not text: a fifth of the client's and half the server's work a row (no
            # values written out as text and parsed back). A thread sends while this one
            # formats rows: the server stores the rows meanwhile.
            writer = QueuedLibpqWriter(raw)
            sql = f'COPY "{table}" ({names}) FROM STDIN (FORMAT BINARY)'
            with raw.copy(sql, writer=writer) as copy:
                copy.set_types(types)
                for row in rows:
                    if fix:
                        row = [
                            v if f is None or v is None else f(v)
                            for f, v in zip(fix, row, strict=True)
                        ]
                    copy.write_row(row)
                    written += 1
            return written
        marks = ", ".join(["%s"] * len(columns))
        prepare = _preparers(model, columns)
        batch: list[Sequence[Any]] = []
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({marks})'  # noqa: S608
        for row in rows:
            batch.append([v if p is None else p(v) for p, v in zip(prepare, row, strict=True)])
            if len(batch) == 2000:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written
