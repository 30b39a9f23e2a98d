"""Background work of the data line (django.tasks; run by `ipcoord worker`)."""

from django.tasks import task

from ipcoord.exchange import services


@task()
def import_job_run(job_id: int) -> str:
    """Preview or import the job's file, whichever it is waiting for; returns the new status.

    Idempotent: the job is claimed with a conditional update, so a job that is done, refused,
    failed or already taken by another worker is left alone.
    """
    return services.import_job_execute(job_id=job_id)


@task()
def batch_import(batch_pk: int) -> str:
    """Import a received machine batch whole or refuse it whole; returns its status.

    Idempotent: the batch row is locked for the import and a settled batch is left alone, so
    a duplicate or re-queued task does nothing more.
    """
    from ipcoord.exchange.batches import batch_process

    return batch_process(batch_pk=batch_pk).status
