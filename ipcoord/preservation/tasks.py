"""Background work of preservation (django.tasks; run by `ipcoord worker`)."""

from typing import Any

from django.tasks import task

from ipcoord.preservation.services import freeze_sweep


@task()
def freeze_sweep_task() -> dict[str, Any]:
    """Expire, promote and remind (services.freeze_sweep); idempotent, run it daily or more."""
    report = freeze_sweep()
    return {
        "expired": len(report.expired),
        "promoted": len(report.promoted),
        "reminded": sum(report.reminded.values()),
    }
