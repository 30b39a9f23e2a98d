"""Writing many rows at once: reserved primary keys and COPY, for the services' bulk paths.

Services that record thousands of records in one transaction (a machine client's batch)
call these instead of `Model.objects.create` per row. They write rows exactly as given: the
calling service has already applied its rules, and audits what it wrote.

- PostgreSQL: keys come from the table's own identity sequence (`nextval`), rows go in by
  `COPY … FROM STDIN` (psycopg 3), the fastest way into the server.
- SQLite (the embedded default): keys are taken above the table's largest one (and above
  AUTOINCREMENT's high-water mark), which is safe because the project opens SQLite transactions as IMMEDIATE (the whole database is
  write-locked until commit); rows go in by `executemany`.

Caveats: nothing here runs `save()`, signals or field defaults; callers pass every column
(use `now()` for timestamps). Must run inside the caller's transaction.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models, transaction
from psycopg.copy import QueuedLibpqWriter


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
            # A thread sends while this one formats rows: the server indexes the rows
            # meanwhile instead of waiting for the whole formatted block.
            writer = QueuedLibpqWriter(raw)
            with raw.copy(f'COPY "{table}" ({names}) FROM STDIN', writer=writer) as copy:
                for row in rows:
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
