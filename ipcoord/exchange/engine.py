"""The import engine (all or nothing, with a row-by-row report) and exports.

Import runs in two phases:

1. Read and parse every row (headers, required cells, identifiers, dates, choices) without
   touching the database; any error → the report lists them all and nothing is written.
2. In one transaction, for each row: find the existing record by its natural key; identical →
   "unchanged" (no service call, no audit event); different → the kind's update service, or a
   conflict; missing → the create service, with the importing actor. Each row runs in a
   savepoint so every failing row is reported; if any row failed, or for a dry run, the whole
   transaction is rolled back. The rows' audit events are spooled and appended when every
   row is in (`core.audit.audit_deferred`), so other users' writes are not held meanwhile.

Caveats: rows are applied one service call at a time (about a hundred rows a second on
SQLite); the batch door of issue 5 §2 is the fast path. Rows of the same file may refer to
earlier rows (a parent organisation, a previous instance) because phase 2 sees its own
writes. A dry run executes the services and rolls back, so its preview is exact but costs
as much as the import.
"""

import os
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext as _

from ipcoord.core.audit import audit_deferred
from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import Organisation, User
from ipcoord.exchange.formats import Table, format_for, read_table, write_table
from ipcoord.exchange.kinds import Context, Kind, get_kind
from ipcoord.exchange.kinds.base import CellError, Column, Record, row_issue, service_issue
from ipcoord.exchange.report import CREATED, UNCHANGED, UPDATED, Issue, Report, RowResult

Progress = Callable[[int], None]


def _kind(kind: Kind | str) -> Kind:
    return get_kind(kind) if isinstance(kind, str) else kind


def _match(kind: Kind, header: str) -> Column | None:
    wanted = header.strip().lower()
    for column in kind.columns:
        if wanted in (column.key, column.zh.lower(), column.en.lower()):
            return column
    return None


def _map_header(kind: Kind, table: Table, report: Report) -> list[tuple[int, Column, str]]:
    """(cell index, column, header as written) for each known header; problems → report."""
    mapped: list[tuple[int, Column, str]] = []
    seen: dict[str, str] = {}
    for index, header in enumerate(table.header):
        if not header:
            continue
        column = _match(kind, header)
        if column is None:
            known = "、".join(c.zh for c in kind.columns)
            report.issues.append(
                Issue(1, header, header, _("未知的列；可用的列：%(known)s。") % {"known": known})
            )
        elif column.key in seen:
            report.issues.append(
                Issue(1, header, header, _("与“%(other)s”重复。") % {"other": seen[column.key]})
            )
        else:
            seen[column.key] = header
            mapped.append((index, column, header))
    for column in kind.columns:
        if column.required and column.key not in seen:
            report.issues.append(Issue(1, column.zh, "", _("缺少必填的列。")))
    return mapped


def parse_rows(
    kind: Kind, table: Table, report: Report
) -> list[tuple[int, Record, dict[str, tuple[str, str]]]]:
    """Phase 1: clean records for every row; every problem goes into `report.issues`."""
    if not table.header and not table.rows:  # an empty file (an empty export) imports nothing
        return []
    mapped = _map_header(kind, table, report)
    if report.issues:  # rows cannot be read against a header that is wrong
        return []
    parsed = []
    first_row_of: dict[str, int] = {}
    for number, cells in table.rows:
        rec: Record = {}
        raw: dict[str, tuple[str, str]] = {}  # key → (header, cell text)
        ok = True
        for index, column, header in mapped:
            value = (cells[index] if index < len(cells) else "").strip()
            raw[column.key] = (header, value)
            if column.export_only:
                continue
            if not value:
                if column.required:
                    report.issues.append(Issue(number, header, "", _("必填，不能为空。")))
                    ok = False
                else:
                    rec[column.key] = column.blank
                continue
            try:
                rec[column.key] = column.parse(value)
            except CellError as exc:
                report.issues.append(Issue(number, header, value, exc.reason))
                ok = False
        if ok:
            try:
                kind.check(rec)
            except CellError as exc:
                report.issues.append(row_issue(kind, number, raw, exc.column, exc.reason))
                ok = False
        if ok:
            key = kind.key(rec)
            if key in first_row_of:
                report.issues.append(
                    row_issue(
                        kind,
                        number,
                        raw,
                        "",
                        _("与第 %(row)s 行是同一条记录（%(key)s）。")
                        % {"row": first_row_of[key], "key": key},
                    )
                )
                continue
            first_row_of[key] = number
            parsed.append((number, rec, raw))
    return parsed


def _apply_row(kind: Kind, rec: Record, ctx: Context) -> tuple[str, tuple[str, ...]]:
    existing = kind.find(rec, ctx)
    if existing is None:
        kind.create(rec, ctx)
        return CREATED, ()
    changed = kind.changes(existing, rec, ctx)
    if not changed:
        return UNCHANGED, ()
    kind.update(existing, rec, changed, ctx)
    return UPDATED, tuple(changed)


def apply_rows(
    kind: Kind,
    rows: Iterable[tuple[int, Record, dict[str, tuple[str, str]]]],
    ctx: Context,
    report: Report,
    *,
    progress: Progress | None = None,
) -> None:
    """Phase 2 without its transaction: apply each parsed row in a savepoint.

    A failing row is rolled back to its savepoint and reported; the caller decides whether
    to commit (no issues) or roll everything back. Used by `import_table` and the batch door.
    """
    for number, rec, raw in rows:
        ctx.cache.pop("right", None)
        savepoint = transaction.savepoint_create()
        try:
            action, changed = _apply_row(kind, rec, ctx)
        except CellError as exc:
            transaction.savepoint_rollback(savepoint)
            report.issues.append(row_issue(kind, number, raw, exc.column, exc.reason))
        except ApplicationError as exc:
            transaction.savepoint_rollback(savepoint)
            report.issues.append(service_issue(kind, number, raw, exc))
        else:
            transaction.savepoint_commit(savepoint)
            report.results.append(RowResult(number, kind.key(rec), action, changed))
        if progress is not None:
            progress(1)


class _Rollback(Exception):
    pass


def import_table(
    kind: Kind | str,
    table: Table,
    *,
    actor: User | None,
    dry_run: bool = False,
    progress: Progress | None = None,
    organisation: Organisation | None = None,
) -> Report:
    """Import a table whole or not at all; see the module docstring for the two phases.

    `organisation`: the one the file is imported for; new records whose row names no
    `owner_org` are recorded for it (see `Context`)."""
    kind = get_kind(kind) if isinstance(kind, str) else kind
    report = Report(kind=kind.name, total=len(table.rows), dry_run=dry_run)
    rows = parse_rows(kind, table, report)
    if report.issues:
        return report
    try:
        # The rows' audit events wait in a spool and join the chain at the end: a long file
        # holds the chain's head, which every audited write waits for, only for that step.
        with transaction.atomic(), audit_deferred():
            ctx = Context(actor=actor, organisation=organisation)
            apply_rows(kind, rows, ctx, report, progress=progress)
            if report.issues or dry_run:
                raise _Rollback
    except _Rollback:
        report.results = report.results if not report.issues else []
    else:
        report.applied = True
    return report


def import_file(
    kind: Kind | str,
    source: str | os.PathLike[str] | IO[bytes],
    *,
    actor: User | None,
    dry_run: bool = False,
    name: str | None = None,
    progress: Progress | None = None,
) -> Report:
    """Read a CSV/XLSX/JSONL file (format from its ending) and import it; see import_table.

    Raises FormatError when the file cannot be read as a table at all (encoding, formulas,
    merged cells) — nothing is written then either.
    """
    return import_table(
        kind, read_table(source, name=name), actor=actor, dry_run=dry_run, progress=progress
    )


def export_rows(
    kind: Kind | str,
    *,
    viewer: User | None,
    lang: str = "zh",
    filters: dict[str, Any] | None = None,
) -> tuple[list[str], list[str], Iterator[list[str]]]:
    """(headers, keys, rows) of what `viewer` may see; viewer None is the trusted operator.

    Rows are in an order the import accepts (parents, previous instances and earlier events
    first).
    """
    kind = get_kind(kind) if isinstance(kind, str) else kind
    headers = [c.header(lang) for c in kind.columns]
    keys = [c.key for c in kind.columns]
    objects: Iterable[Any] = kind.queryset(viewer, dict(filters or {}))
    if hasattr(objects, "iterator") and not getattr(objects, "_prefetch_related_lookups", ()):
        objects = objects.iterator(chunk_size=2000)
    return headers, keys, (kind.row(obj, lang) for obj in objects)


def export_file(
    kind: Kind | str,
    target: str | os.PathLike[str] | IO[bytes],
    *,
    viewer: User | None,
    lang: str = "zh",
    filters: dict[str, Any] | None = None,
    fmt: str | None = None,
    progress: Progress | None = None,
) -> int:
    """Write what `viewer` may see to `target` (CSV/XLSX/JSONL from its ending or `fmt`)."""
    if fmt is None:
        name = target if isinstance(target, str | os.PathLike) else getattr(target, "name", "")
        fmt = format_for(name) if name else "xlsx"
    # JSON Lines is for programs: stable codes and true/false rather than labels.
    value_lang = "en" if fmt == "jsonl" else lang
    headers, keys, rows = export_rows(kind, viewer=viewer, lang=value_lang, filters=filters)
    if value_lang != lang:
        headers = [c.header(lang) for c in _kind(kind).columns]

    def counted() -> Iterator[list[str]]:
        for row in rows:
            if progress is not None:
                progress(1)
            yield row

    return write_table(target, headers, counted(), fmt=fmt, keys=keys)
