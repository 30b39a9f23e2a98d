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


@task()
def deliver(subscription_id: int) -> str:
    """Deliver a subscription's pending feed items (see exchange.webhooks); returns the outcome.

    Idempotent: the subscription is claimed with a conditional update, so a second run while
    one is at work (or before the retry is due) does nothing. After a failure it re-enqueues
    itself for the backoff time when the task backend can defer; otherwise `ipcoord webhooks
    dispatch` (cron) picks it up once due. With more to send than one run takes, it
    re-enqueues itself at once.
    """
    from django.db import transaction

    from ipcoord.exchange.webhooks import subscription_deliver

    result = subscription_deliver(subscription_id=subscription_id)
    backend = deliver.get_backend()
    if result.outcome == "retry" and backend.supports_defer:
        when = result.retry_at
        transaction.on_commit(lambda: deliver.using(run_after=when).enqueue(subscription_id))
    elif result.outcome == "more":
        transaction.on_commit(lambda: deliver.enqueue(subscription_id))
    return result.outcome


@task()
def feed_dispatch() -> int:
    """Enqueue `deliver` for every active subscription behind the feed; returns how many."""
    from ipcoord.exchange.webhooks import subscriptions_due

    due = subscriptions_due()
    for pk in due:
        deliver.enqueue(pk)
    return len(due)
