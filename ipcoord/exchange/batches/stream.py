"""A machine batch's records, streamed from disk in chunks: all or nothing, memory flat.

Records are read through the import engine's row parsers (so a batch and a file obey the
same rules), but the payload is never held whole: the stored file is read twice — once for
its SHA-256 and encoding, once in chunks of `CHUNK` records, parsed one chunk ahead by a
reader thread. For each chunk, in the batch's transaction:

1. rows parsed by the engine (`parse_rows`), source ids and versions checked;
2. records whose version is not newer than the stored one are stale; a source id or a
   natural key that an earlier chunk of this batch already carried is refused as repeated
   (found through the `SourceRecord` rows this batch has written);
3. records go through the per-row path (find, compare, create or update through the kind's
   services, each in a savepoint); for a kind with a bulk service (patents) only those
   already on the register do, and new ones go through the kind's `create_many`, i.e. the
   registry's bulk service, which applies the single service's rules and audits every
   record (hundreds of times fewer statements);
4. `SourceRecord` versions are written.

Any rejected record → `RecordsRefused` (the caller rolls the whole batch back); checking goes
on to the end so the receipt lists every rejected record (up to `MAX_LISTED`).

Caveats: a record repeating one from a chunk whose bulk write was refused is not reported as
repeated (that chunk wrote nothing to find it by) — the batch is refused anyway. Every
audit event of the batch — the bulk path's and those the per-row services write — is
spooled and appended after the last chunk (`audit_deferred`), so other writers wait for the
chain's head only from then to the commit, whatever the kind. That append is a phase of its
own in the progress file ("audit"): every record is counted by then. A rejected row's events
stay in the spool, harmless: any rejected row refuses the batch, and nothing is appended.
"""

import codecs
import contextlib
import gc
import hashlib
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ipcoord.core.audit import audit_deferred
from ipcoord.core.bulk import insert_rows
from ipcoord.exchange.batches.records import RecordsRefused, check_sources, split_source_columns
from ipcoord.exchange.engine import apply_rows, parse_rows
from ipcoord.exchange.formats import FormatError, Table, json_cell, json_record
from ipcoord.exchange.kinds import Context, Kind
from ipcoord.exchange.models import Batch, SourceRecord
from ipcoord.exchange.progress import AUDIT
from ipcoord.exchange.report import Issue, Report

CHUNK = 5000
CACHE_MAX = 50000
MAX_LISTED = 10000
_READ = 1 << 20


def scan_payload(path: Path) -> tuple[str, str]:
    """(SHA-256, encoding) of the stored payload, read in blocks: UTF-8 unless it is not
    valid UTF-8 and is valid GB18030 (as `formats.decode_csv_bytes` decides for a file)."""
    digest = hashlib.sha256()
    decoders = {e: codecs.getincrementaldecoder(e)() for e in ("utf-8", "gb18030")}
    with path.open("rb") as f:
        while block := f.read(_READ):
            digest.update(block)
            for name, decoder in list(decoders.items()):
                try:
                    decoder.decode(block)
                except UnicodeDecodeError:
                    del decoders[name]
    for name, decoder in decoders.items():
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return digest.hexdigest(), name
    raise FormatError(
        _("载荷既不是 UTF-8 也不是 GB18030 编码；请以 UTF-8 保存后重新签名发送。"),
        code="bad_encoding",
    )


def read_chunks(path: Path, encoding: str) -> Iterator[list[tuple[int, dict[str, Any]]]]:
    """Chunks of (line number, JSON object); a line that is not a JSON object refuses all."""
    chunk: list[tuple[int, dict[str, Any]]] = []
    with path.open("r", encoding="utf-8-sig" if encoding == "utf-8" else encoding) as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            chunk.append((number, json_record(number, line)))
            if len(chunk) == CHUNK:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


@dataclass
class _Prepared:
    size: int
    report: Report
    sources: dict[int, tuple[str, str]]
    versions: dict[int, int]
    parsed: list[Any]


def prepared_chunks(run: "_Run", chunks: Iterator[list[Any]]) -> Iterator[_Prepared]:
    """`run.prepare(chunk)` for each chunk, one chunk ahead, in a reader thread.

    While this thread waits for the database (COPY, look-ups), the reader parses the next
    chunk: on two cores the parsing then costs almost nothing. The kind's column parsers
    and `check` must not use the database (they never do: phase 1 is database-free).
    """
    ahead: queue.Queue[Any] = queue.Queue(maxsize=1)
    stop = threading.Event()
    language = translation.get_language()

    def put(item: Any) -> bool:
        while not stop.is_set():
            try:
                ahead.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        with translation.override(language):
            try:
                for chunk in chunks:
                    if not put(run.prepare(chunk)):
                        return
            except BaseException as exc:  # handed to the importing thread, raised there
                put(exc)
                return
            put(None)

    reader = threading.Thread(target=read, name="batch-reader", daemon=True)
    reader.start()
    try:
        while (item := ahead.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        reader.join()


class _Run:
    """One batch's streamed import: running counts and the rejected records."""

    def __init__(self, batch: Batch, kind: Kind, progress: Callable[[int], None]) -> None:
        self.batch, self.kind, self.progress = batch, kind, progress
        self.reported = 0  # rows of the current chunk whose progress was reported one by one
        self.ctx = Context(actor=batch.client.user)
        self.keys = [c.key for c in kind.columns]
        self.known = {*self.keys, "source_id", "version"}
        self.unknown_seen: set[str] = set()
        self.counts = {"created": 0, "updated": 0, "unchanged": 0, "stale": 0}
        self.rejected: list[dict[str, Any]] = []
        self.rejected_count = 0

    def reject(self, issues: list[Issue], sources: dict[int, tuple[str, str]]) -> None:
        self.rejected_count += len(issues)
        room = MAX_LISTED - len(self.rejected)
        for issue in sorted(issues, key=lambda i: i.row)[: max(room, 0)]:
            self.rejected.append(
                {
                    "line": issue.row,
                    "source_id": sources.get(issue.row, ("", ""))[0],
                    "column": issue.column,
                    "value": issue.value,
                    "reason": issue.reason,
                }
            )

    def table(self, chunk: list[tuple[int, dict[str, Any]]], report: Report) -> Table:
        header = [*self.keys, "source_id", "version"]
        table = Table(header=header, fmt="jsonl")
        for number, obj in chunk:
            for key in obj.keys() - self.known - self.unknown_seen:
                self.unknown_seen.add(key)
                known = "、".join(self.keys)
                report.issues.append(
                    Issue(
                        number,
                        key,
                        key,
                        _("未知的字段；可用的字段：%(known)s。") % {"known": known},
                    )
                )
            table.rows.append((number, [json_cell(obj.get(k)) for k in header]))
        return table

    def prepare(self, chunk: list[tuple[int, dict[str, Any]]]) -> _Prepared:
        """The chunk's rows parsed and checked without the database (reader thread)."""
        report = Report(kind=self.kind.name, total=len(chunk))
        table, sources = split_source_columns(self.table(chunk, report))
        parsed = parse_rows(self.kind, table, report)
        versions = check_sources(sources, report)
        bad = {i.row for i in report.issues}
        parsed = [row for row in parsed if row[0] not in bad and row[0] in versions]
        return _Prepared(len(chunk), report, sources, versions, parsed)

    def chunk(self, prepared: _Prepared) -> None:
        report, sources, versions, parsed = (
            prepared.report,
            prepared.sources,
            prepared.versions,
            prepared.parsed,
        )
        if len(self.ctx.cache) > CACHE_MAX:  # parties looked up: reused, but bounded
            self.ctx.cache.clear()
        stored = dict(
            (sid, (version, batch_id))
            for sid, version, batch_id in SourceRecord.objects.filter(
                client=self.batch.client,
                kind=self.kind.name,
                source_id__any_of=[sources[n][0] for n, _rec, _raw in parsed],
            ).values_list("source_id", "version", "batch_id")
        )
        fresh = []
        for number, rec, raw in parsed:
            source_id = sources[number][0]
            version, batch_id = stored.get(source_id, (None, None))
            if batch_id == self.batch.pk:
                report.issues.append(
                    Issue(number, "source_id", source_id, _("该 source_id 在本批次中已出现过。"))
                )
            elif version is not None and versions[number] <= version:
                self.counts["stale"] += 1
            else:
                fresh.append((number, rec, raw))
        written = self.apply(fresh, report)
        if report.issues:
            self.reject(report.issues, sources)
        self.write_sources(written, sources, versions, stored)
        self.progress(prepared.size - self.reported)  # the rest of the chunk at once
        self.reported = 0

    def apply(self, fresh: list[Any], report: Report) -> list[Any]:
        """Apply the fresh rows; returns those written (created, updated or unchanged)."""
        keys = [self.kind.key(rec) for _n, rec, _raw in fresh]
        # A bulk kind creates new records through its bulk service; only those already on
        # the register (a repeated one among them) go row by row. Other kinds: all rows.
        existing = self.kind.existing_keys(keys) if self.kind.bulk else set(keys)
        repeated = set(
            SourceRecord.objects.filter(
                batch=self.batch,
                kind=self.kind.name,
                natural_key__any_of=[k[:255] for k in existing],
            ).values_list("natural_key", flat=True)
        )
        old, new = [], []
        for row, key in zip(fresh, keys, strict=True):
            if key[:255] in repeated:
                reason = _("本批次中已有同一条记录（%(key)s）。") % {"key": key}
                report.issues.append(Issue(row[0], "", "", reason))
            else:
                (old if key in existing else new).append(row)
        apply_rows(self.kind, old, self.ctx, report, progress=self.progress)
        self.reported += len(old)
        for result in report.results:
            self.counts[result.action] += 1
        done = {r.row for r in report.results}
        issues = self.kind.create_many(new, self.ctx) if new else []
        report.issues.extend(issues)
        if not issues:  # the bulk service writes all of them or none
            self.counts["created"] += len(new)
            done.update(n for n, _rec, _raw in new)
        return [row for row in fresh if row[0] in done]

    def write_sources(
        self,
        rows: list[Any],
        sources: dict[int, tuple[str, str]],
        versions: dict[int, int],
        stored: dict[str, Any],
    ) -> None:
        now = timezone.now()
        client, kind, batch = self.batch.client_id, self.kind.name, self.batch.pk
        newer = []
        first = []
        for number, rec, _raw in rows:
            source_id = sources[number][0]
            values = (source_id, versions[number], self.kind.key(rec)[:255])
            (newer if source_id in stored else first).append(values)
        insert_rows(
            SourceRecord,
            (
                "created_at",
                "updated_at",
                "client_id",
                "kind",
                "source_id",
                "version",
                "natural_key",
                "batch_id",
            ),  # fmt: skip
            ((now, now, client, kind, sid, v, key, batch) for sid, v, key in first),
        )
        if newer:
            SourceRecord.objects.bulk_create(
                [
                    SourceRecord(
                        client_id=client,
                        kind=kind,
                        source_id=sid,
                        version=v,
                        natural_key=key,
                        batch_id=batch,
                    )
                    for sid, v, key in newer
                ],
                update_conflicts=True,
                unique_fields=["client", "kind", "source_id"],
                update_fields=["version", "natural_key", "batch", "updated_at"],
            )


def apply_streamed(
    batch: Batch,
    kind: Kind,
    path: Path,
    encoding: str,
    *,
    progress: Callable[[int], None],
    phase: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Import the stored payload chunk by chunk, all or nothing; returns the counts or raises
    RecordsRefused (the caller's transaction must be rolled back then: this function runs in
    a savepoint of its own and undoes it). `phase("audit")` is called when the records are
    all in and the spooled audit events begin to be appended."""
    run = _Run(batch, kind, progress)
    on_append = None if phase is None else (lambda _n: phase(AUDIT))

    class _Rollback(Exception):
        pass

    try:
        # Every audit event is appended at the end (audit_deferred): the chain's head, which
        # every audited write waits for, is held for that last step, not the whole import.
        with transaction.atomic(), young_gc_only(), audit_deferred(on_append):
            immediate_constraints()
            for number, prepared in enumerate(prepared_chunks(run, read_chunks(path, encoding))):
                run.chunk(prepared)
                if number % 20 == 19:
                    gc.collect(1)
            if run.rejected_count:
                raise _Rollback
    except _Rollback:
        raise RecordsRefused(run.rejected, total=run.rejected_count) from None
    return run.counts


def immediate_constraints() -> None:
    """Check foreign keys as each row goes in rather than all at commit (PostgreSQL; Django
    makes them deferrable): the same checks, but the server does them while this process
    prepares the next chunk instead of after the last one, when nothing else can run."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


@contextlib.contextmanager
def young_gc_only() -> Iterator[None]:
    """Pause Python's automatic collector (the caller collects the young generations now and
    then): a full collection walks every object of the process (Django's included) and,
    triggered by the many short-lived rows of a chunk, took half the import's time. Rows are
    freed by reference counting; only rare cycles wait for the next collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
