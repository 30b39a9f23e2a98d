"""Import jobs of the pages: upload, preview (a dry run), confirm, import.

A job is a durable row claimed with conditional updates (PREVIEW_QUEUED → PREVIEWING,
QUEUED → RUNNING), so a job is never previewed or imported twice, whichever process gets it.
Small files run inline in the request; large ones (by rows or bytes) go to the
`import_job_run` task, queued on commit.

Caveats: the import of a job and the job's final state are written in one transaction, so a
killed import leaves the job RUNNING with nothing written (an operator re-queues it by
setting it back to QUEUED). The stored upload is deleted once the job is settled; its report
stays on the row. Progress is kept in a small file beside the upload, because the import's
own transaction is not visible to the page that polls (and on SQLite holds the write lock).
"""

import datetime
import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ipcoord.core.audit import audit_record
from ipcoord.core.exceptions import ApplicationError, PermissionDenied
from ipcoord.core.models import Organisation, User
from ipcoord.exchange.access import importer_orgs
from ipcoord.exchange.engine import import_table
from ipcoord.exchange.formats import FormatError, format_for, read_table
from ipcoord.exchange.kinds import get_kind
from ipcoord.exchange.models import ImportJob, ImportStatus
from ipcoord.exchange.progress import progress_file_read, progress_file_writer
from ipcoord.exchange.report import Issue, Report, RowResult

# Above either threshold a file is previewed and imported by the background task.
BACKGROUND_ROWS = 2000
BACKGROUND_BYTES = 1024 * 1024
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def import_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _stored_path(job: ImportJob) -> Path:
    # stored_name is generated here, never taken from the client; a name with a path in it
    # would be a bug, so refuse it rather than follow it.
    name = Path(job.stored_name).name
    if name != job.stored_name or not name:
        raise ApplicationError(_("导入文件的存储名无效。"), code="bad_stored_name")
    return import_dir() / name


def _progress_path(job: ImportJob) -> Path:
    return _stored_path(job).with_suffix(".progress")


def import_job_upload(
    *, actor: User, organisation: Organisation, kind: str, upload: UploadedFile
) -> ImportJob:
    """Store the upload under a random name and preview it (inline, or queue the task).

    Raises PermissionDenied unless the actor imports for `organisation` (an organisation
    administrator or IP officer there), and ApplicationError for an unknown kind, an
    unsupported ending, an oversized file or a file that cannot be read as a table; nothing
    is stored then.
    """
    if organisation.pk not in {o.pk for o in importer_orgs(actor)}:
        raise PermissionDenied(
            _("您不能以 %(org)s 的名义导入；请选择您所在的机构。") % {"org": organisation.name}
        )
    get_kind(kind)
    fmt = format_for(upload.name or "")
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise ApplicationError(
            _("文件太大（上限 %(mb)s MB）；请拆分后分批导入，或使用命令行。")
            % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="too_large",
        )
    import_dir().mkdir(parents=True, exist_ok=True)
    stored = f"{secrets.token_hex(16)}.{fmt}"
    path = import_dir() / stored
    with path.open("wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    total = 0
    background = path.stat().st_size > BACKGROUND_BYTES
    if not background:
        try:
            total = len(read_table(path).rows)
        except FormatError:
            path.unlink(missing_ok=True)
            raise
        background = total > BACKGROUND_ROWS
    job = ImportJob.objects.create(
        uploaded_by=actor,
        organisation=organisation,
        kind=get_kind(kind).name,
        original_name=Path(upload.name or stored).name[:255],
        stored_name=stored,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        background=background,
        total_rows=total,
    )
    _start(job)
    return job


def import_job_confirm(*, actor: User, job: ImportJob) -> ImportJob:
    """Import a previewed job for real (the same file, run again without dry run)."""
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.QUEUED, updated_at=timezone.now()
    )
    if not claimed:
        raise ApplicationError(
            _("这项导入不在待确认状态，不能再次确认；请刷新页面查看它的状态。"),
            code="not_previewed",
        )
    job.status = ImportStatus.QUEUED
    _start(job)
    job.refresh_from_db()
    return job


def _start(job: ImportJob) -> None:
    if job.background:
        from ipcoord.exchange.tasks import import_job_run

        transaction.on_commit(lambda: import_job_run.enqueue(job.pk))
    else:
        import_job_execute(job_id=job.pk)


def _claim(job_id: int) -> bool | None:
    """True for a preview, False for an import, None when there is nothing to do."""
    now = timezone.now()
    jobs = ImportJob.objects.filter(pk=job_id)
    if jobs.filter(status=ImportStatus.PREVIEW_QUEUED).update(
        status=ImportStatus.PREVIEWING, updated_at=now
    ):
        return True
    if jobs.filter(status=ImportStatus.QUEUED).update(status=ImportStatus.RUNNING, updated_at=now):
        return False
    return None


def import_job_execute(*, job_id: int) -> str:
    """Run the preview or the import the job waits for; returns the job's status afterwards."""
    dry_run = _claim(job_id)
    job = ImportJob.objects.select_related("uploaded_by", "organisation").get(pk=job_id)
    if dry_run is None:
        return job.status
    with translation.override(job.language), transaction.atomic():
        try:
            table = read_table(_stored_path(job))
        except (FormatError, OSError) as exc:
            message = (
                exc.message if isinstance(exc, ApplicationError) else _("上传的文件已不存在。")
            )
            report = Report(kind=job.kind, dry_run=dry_run, issues=[Issue(0, "", "", message)])
        else:
            job.total_rows = len(table.rows)
            report = import_table(
                job.kind,
                table,
                actor=job.uploaded_by,
                dry_run=dry_run,
                progress=progress_file_writer(_progress_path(job), len(table.rows)),
                organisation=job.organisation,
            )
        _settle(job, report, dry_run=dry_run)
    return job.status


def _settle(job: ImportJob, report: Report, *, dry_run: bool) -> None:
    counts = report.counts()
    job.created_count = counts["created"]
    job.updated_count = counts["updated"]
    job.unchanged_count = counts["unchanged"]
    job.error_count = len(report.issues)
    job.report = report.as_dict()
    if dry_run:
        job.status = ImportStatus.REFUSED if report.issues else ImportStatus.PREVIEWED
    else:
        job.status = ImportStatus.DONE if report.applied else ImportStatus.FAILED
        job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "status",
            "total_rows",
            "created_count",
            "updated_count",
            "unchanged_count",
            "error_count",
            "report",
            "finished_at",
            "updated_at",
        ]
    )
    _progress_path(job).unlink(missing_ok=True)
    if job.status != ImportStatus.PREVIEWED:
        # Settled: the report is on the row; the file is not needed and should not linger.
        _stored_path(job).unlink(missing_ok=True)


def stall_after() -> datetime.timedelta:
    """How long a running preview or import may show no progress before it counts as stalled."""
    return datetime.timedelta(minutes=int(getattr(settings, "EXCHANGE_IMPORT_STALL_MINUTES", 10)))


def import_job_stalled(job: ImportJob) -> bool:
    """A preview or import that has shown no progress for `stall_after()`: its runner was
    most likely killed. It wrote nothing (the import is one transaction)."""
    if job.status not in (ImportStatus.PREVIEWING, ImportStatus.RUNNING):
        return False
    last = job.updated_at
    try:
        moved = _progress_path(job).stat().st_mtime
        last = max(last, datetime.datetime.fromtimestamp(moved, tz=datetime.UTC))
    except OSError:
        pass
    return timezone.now() - last > stall_after()


@transaction.atomic
def import_job_restart(*, actor: User, job: ImportJob) -> ImportJob:
    """Start a stalled preview or import again, from the start, with the same file.

    Only the uploader may. Caveat: a runner that was merely slow, not dead, goes on beside the
    new one; imports are idempotent, so whichever commits second changes nothing.
    """
    if actor.pk != job.uploaded_by_id:
        raise PermissionDenied(_("只有上传人可以重新开始这项导入。"))
    if not import_job_stalled(job):
        raise ApplicationError(
            _("这项导入仍在进行或已经结束，不能重新开始；请刷新页面查看它的状态。"),
            code="not_stalled",
        )
    back = (
        ImportStatus.PREVIEW_QUEUED
        if job.status == ImportStatus.PREVIEWING
        else ImportStatus.QUEUED
    )
    claimed = ImportJob.objects.filter(
        pk=job.pk, status=job.status, updated_at=job.updated_at
    ).update(status=back, updated_at=timezone.now())
    if not claimed:  # somebody restarted it a moment ago
        raise ApplicationError(
            _("这项导入刚刚已被重新开始；请刷新页面查看它的状态。"), code="not_stalled"
        )
    audit_record(
        actor=actor,
        action="exchange.import.restart",
        obj=job,
        organisation=job.organisation,
        before={"status": job.status},
        after={"status": back},
    )
    job.status = back
    _start(job)
    job.refresh_from_db()
    return job


def import_job_progress(job: ImportJob) -> tuple[int, int]:
    """(rows done, rows in total) of a running preview or import, read from its progress file."""
    return progress_file_read(_progress_path(job), job.total_rows)


def report_of(job: ImportJob) -> Report:
    """The job's stored report as a Report again (for the XLSX download)."""
    data = job.report or {}
    return Report(
        kind=job.kind,
        total=int(data.get("total", job.total_rows)),
        dry_run=bool(data.get("dry_run", False)),
        applied=bool(data.get("applied", False)),
        issues=[Issue(**i) for i in data.get("issues", [])],
        results=[
            RowResult(r["row"], r["key"], r["action"], tuple(r.get("changed", ())))
            for r in data.get("results", [])
        ],
    )
