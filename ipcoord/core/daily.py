"""The platform's daily jobs: each app registers its idempotent django.tasks task here (in
its AppConfig.ready), and `ipcoord sweep`, run daily from cron, queues them all.

There is deliberately no scheduler in the platform: cron (or a systemd timer) says when,
the task queue and its worker do the work.
"""

from typing import Any

_DAILY: dict[str, Any] = {}


def register_daily(name: str, task: Any) -> None:
    _DAILY[name] = task


def daily_tasks() -> dict[str, Any]:
    return dict(sorted(_DAILY.items()))
