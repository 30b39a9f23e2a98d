"""The records of a batch: source ids and versions, then the import engine's two phases.

A batch's payload is JSON Lines keyed by the kind's column keys (what `ipcoord export KIND
x.jsonl` writes), plus `source_id` (text, unique in the batch) and `version` (a
non-negative integer, or digits as text) on every record. The engine's `parse_rows` and
`apply_rows` do the rest, so a batch and a file obey exactly the same rules.

Caveats: a stored SourceRecord whose natural key differs from the record's now (the source
renamed the record) is overwritten with the new key; the old register record stays.
"""

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ipcoord.exchange.engine import apply_rows, parse_rows
from ipcoord.exchange.formats import FormatError, Table
from ipcoord.exchange.kinds import Context, get_kind
from ipcoord.exchange.models import Batch, SourceRecord
from ipcoord.exchange.report import Issue, Report

SOURCE_KEYS = ("source_id", "version")
_LOOKUP_CHUNK = 5000


class RecordsRefused(Exception):
    """Some records are wrong; `rejected` lists each with its line, source id and reason."""

    def __init__(self, rejected: list[dict[str, Any]], total: int | None = None) -> None:
        super().__init__(f"{len(rejected)} rejected records")
        self.rejected = rejected
        self.total = len(rejected) if total is None else total


class _Rollback(Exception):
    pass


def split_source_columns(table: Table) -> tuple[Table, dict[int, tuple[str, str]]]:
    """The table without `source_id`/`version`, and line → (source id, version text)."""
    missing = [k for k in SOURCE_KEYS if k not in table.header]
    if missing and table.rows:
        raise FormatError(
            _("每条记录都须有 source_id 和 version；载荷中没有：%(keys)s。")
            % {"keys": "、".join(missing)},
            code="no_source_keys",
        )
    where = {k: table.header.index(k) for k in SOURCE_KEYS if k in table.header}
    keep = [i for i in range(len(table.header)) if i not in where.values()]
    stripped = Table(header=[table.header[i] for i in keep], fmt=table.fmt)
    sources: dict[int, tuple[str, str]] = {}
    for number, cells in table.rows:
        sources[number] = (cells[where["source_id"]].strip(), cells[where["version"]].strip())
        stripped.rows.append((number, [cells[i] for i in keep]))
    return stripped, sources


def check_sources(sources: dict[int, tuple[str, str]], report: Report) -> dict[int, int]:
    """line → version as int; problems (blank, not an integer, repeated id) → report."""
    versions: dict[int, int] = {}
    first_line: dict[str, int] = {}
    for line, (source_id, version) in sources.items():
        if not source_id or len(source_id) > 128:
            report.issues.append(
                Issue(line, "source_id", source_id, _("必填，不超过 128 个字符。"))
            )
        elif source_id in first_line:
            reason = _("与第 %(line)s 行的 source_id 相同；同一批次内每条记录只能出现一次。")
            report.issues.append(
                Issue(line, "source_id", source_id, reason % {"line": first_line[source_id]})
            )
        else:
            first_line[source_id] = line
        if not version.isdigit() or int(version) >= 2**63:
            report.issues.append(Issue(line, "version", version, _("应是非负整数。")))
        else:
            versions[line] = int(version)
    return versions


def _stored_versions(batch: Batch, source_ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(source_ids), _LOOKUP_CHUNK):
        chunk = source_ids[start : start + _LOOKUP_CHUNK]
        found.update(
            SourceRecord.objects.filter(
                client=batch.client, kind=batch.record_kind, source_id__in=chunk
            ).values_list("source_id", "version")
        )
    return found


def _rejected(report: Report, sources: dict[int, tuple[str, str]]) -> list[dict[str, Any]]:
    return [
        {
            "line": issue.row,
            "source_id": sources.get(issue.row, ("", ""))[0],
            "column": issue.column,
            "value": issue.value,
            "reason": issue.reason,
        }
        for issue in sorted(report.issues, key=lambda i: i.row)
    ]


def apply_batch(
    batch: Batch,
    table: Table,
    sources: dict[int, tuple[str, str]],
    *,
    progress: Callable[[int], None],
) -> dict[str, int]:
    """Apply every newer record, all or nothing; returns the counts or raises RecordsRefused.

    Runs inside the caller's transaction, in a savepoint of its own, so a refusal rolls back
    the records while the caller still records the refused receipt.
    """
    kind = get_kind(batch.record_kind)
    report = Report(kind=kind.name, total=len(table.rows))
    parsed = parse_rows(kind, table, report)  # first: it stops early on issues already there
    versions = check_sources(sources, report)
    if report.issues:
        raise RecordsRefused(_rejected(report, sources))
    stored = _stored_versions(batch, [sources[n][0] for n, _rec, _raw in parsed])
    fresh = []
    for row in parsed:
        source_id = sources[row[0]][0]
        if source_id in stored and versions[row[0]] <= stored[source_id]:
            progress(1)
        else:
            fresh.append(row)
    try:
        with transaction.atomic():
            apply_rows(kind, fresh, Context(actor=batch.client.user), report, progress=progress)
            if report.issues:
                raise _Rollback
            SourceRecord.objects.bulk_create(
                [
                    SourceRecord(
                        client=batch.client,
                        kind=kind.name,
                        source_id=sources[number][0],
                        version=versions[number],
                        natural_key=kind.key(rec)[:255],
                        batch=batch,
                    )
                    for number, rec, _raw in fresh
                ],
                batch_size=1000,
                update_conflicts=True,
                unique_fields=["client", "kind", "source_id"],
                update_fields=["version", "natural_key", "batch", "updated_at"],
            )
    except _Rollback:
        raise RecordsRefused(_rejected(report, sources)) from None
    counts = report.counts()
    counts["stale"] = len(parsed) - len(fresh)
    return counts
