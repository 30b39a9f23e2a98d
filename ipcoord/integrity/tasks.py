"""Background work of integrity screening (django.tasks; run by `ipcoord worker`)."""

from typing import Any

from django.tasks import task

from ipcoord.integrity.services import (
    listing_expire_sweep,
    patent_screen_run,
    screen_batch_run,
)


@task()
def screen_batch_task(run_id: int) -> dict[str, Any]:
    """Screen a queued batch run (services.screen_batch_run); idempotent by the run's status."""
    run = screen_batch_run(run_id=run_id)
    return {
        "run": run.pk,
        "status": run.status,
        "rows": run.rows_done,
        "hits": run.hit_count,
        "findings": run.finding_count,
    }


@task()
def credit_expire_task() -> dict[str, Any]:
    """Expire listings whose term has ended (services.listing_expire_sweep); idempotent,
    run it daily or more often."""
    return {"expired": listing_expire_sweep()}


@task()
def patent_screen_task(run_id: int) -> dict[str, Any]:
    """Screen the patent register for a queued run (services.patent_screen_run); idempotent."""
    run = patent_screen_run(run_id=run_id)
    return {"run": run.pk, "status": run.status, "signals": run.hit_count}
