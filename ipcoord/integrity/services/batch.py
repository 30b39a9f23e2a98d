"""Batch screening: a file of applications screened in the background.

`screen_batch` checks the rows and queues a run (the task starts once the transaction
commits); `screen_batch_run` does the work for the task. Every hit becomes a lead of the
office that submitted the batch. A run is claimed with a conditional update (queued →
running), so a task delivered twice screens the file once.

Rows are {text, classes, applicant}: `applicant` is a USCC or a party's exact name; when no
registered party matches, the name is kept on the lead as text.
"""

import csv
import json
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcoord.core.audit import audit_record
from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import User
from ipcoord.integrity import rules
from ipcoord.integrity.models import RunSource, RunStatus, ScreeningRun
from ipcoord.integrity.services._common import acting_office
from ipcoord.integrity.services.screening import (
    clean_classes,
    clean_mark,
    record_hit,
    screen_hits,
)
from ipcoord.registry.models import Party

log = logging.getLogger(__name__)


def read_batch_file(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a CSV (header: text, classes, applicant) or JSON-lines file (.jsonl/.json)."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            if path.suffix.lower() in (".jsonl", ".json", ".ndjson"):
                return [json.loads(line) for line in fh if line.strip()]
            return [dict(row) for row in csv.DictReader(fh)]
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise ApplicationError(
            _("无法读取文件 %(name)s：%(error)s") % {"name": path.name, "error": exc},
            code="unreadable_file",
        ) from exc


def _clean_rows(rows: Iterable[Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for n, row in enumerate(rows, 1):
        if len(out) >= rules.batch_max_rows():
            raise ApplicationError(
                _("一个文件最多 %(max)d 件，请拆分后再提交。") % {"max": rules.batch_max_rows()},
                code="too_many_rows",
            )
        try:
            if not isinstance(row, dict):
                raise ApplicationError(_("每行应包含 text、classes、applicant 三项。"))
            out.append(
                {
                    "text": clean_mark(str(row.get("text") or "")),
                    "classes": clean_classes(row.get("classes") or None),
                    "applicant": str(row.get("applicant") or "").strip()[:200],
                }
            )
        except ApplicationError as err:
            raise ApplicationError(
                _("第 %(n)d 行：%(message)s") % {"n": n, "message": err.message},
                code="invalid_row",
                extra={"row": n},
            ) from err
    if not out:
        raise ApplicationError(_("文件中没有需要甄别的商标。"), code="empty_batch")
    return out


@transaction.atomic
def screen_batch(*, actor: User | None, rows: Iterable[Any], file_name: str = "") -> ScreeningRun:
    """Check the rows and queue a batch run for the background worker.

    Bad rows are refused as a whole (the error names the row) and nothing is written.
    """
    office = acting_office(actor)
    clean = _clean_rows(rows)
    run = ScreeningRun.objects.create(
        owner_org=office,
        actor=actor,
        source=RunSource.BATCH,
        file_name=file_name[:255],
        rows=clean,
        rows_total=len(clean),
        status=RunStatus.QUEUED,
    )
    audit_record(
        actor=actor,
        action="integrity.batch_submit",
        obj=run,
        organisation=office,
        after={"file": run.file_name, "rows": len(clean)},
    )
    from ipcoord.integrity.tasks import screen_batch_task

    transaction.on_commit(lambda: screen_batch_task.enqueue(run.pk))
    return run


def _applicant(value: str) -> Party | None:
    if not value:
        return None
    return (
        Party.objects.filter(uscc=value.upper()).first()
        or Party.objects.filter(name=value).order_by("id").first()
    )


def screen_batch_run(*, run_id: int) -> ScreeningRun:
    """Screen every row of a queued batch run (idempotent: a run not queued is left alone).

    Each row is screened and its leads written in one transaction; the run's progress is
    updated as it goes. An unexpected error marks the run failed; the rows done keep their
    leads. Caveat: the register index is the one current when each row is screened.
    """
    claimed = ScreeningRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(
        status=RunStatus.RUNNING, updated_at=timezone.now()
    )
    run = ScreeningRun.objects.select_related("owner_org", "actor").get(pk=run_id)
    if not claimed:
        return run
    try:
        for row in run.rows[run.rows_done :]:
            with transaction.atomic():
                applicant = _applicant(row["applicant"])
                hits = screen_hits(row["text"], row["classes"], applicant)
                new = 0
                for hit in hits:
                    _f, created = record_hit(
                        actor=run.actor,
                        office=run.owner_org,
                        run=run,
                        hit=hit,
                        text=row["text"],
                        classes=row["classes"],
                        applicant=applicant,
                        applicant_name=row["applicant"],
                    )
                    new += created
                ScreeningRun.objects.filter(pk=run.pk).update(
                    rows_done=F("rows_done") + 1,
                    hit_count=F("hit_count") + len(hits),
                    finding_count=F("finding_count") + new,
                )
    except Exception as exc:
        log.exception("batch screening run %s failed", run_id)
        ScreeningRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
    else:
        with transaction.atomic():
            ScreeningRun.objects.filter(pk=run.pk).update(
                status=RunStatus.DONE, rows=[], finished_at=timezone.now()
            )
            run.refresh_from_db()
            audit_record(
                actor=run.actor,
                action="integrity.batch_done",
                obj=run,
                organisation=run.owner_org,
                after={"rows": run.rows_done, "hits": run.hit_count, "findings": run.finding_count},
            )
    run.refresh_from_db()
    return run
