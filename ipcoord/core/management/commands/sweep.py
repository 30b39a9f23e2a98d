"""`ipcoord sweep`: queue the daily jobs for the worker (or run them here with --now).

Run it once a day from cron or a systemd timer, e.g. `5 0 * * * ipcoord sweep`. Every daily
job is idempotent, so a second run on the same day changes nothing.
"""

from django.core.management.base import BaseCommand

from ipcoord.core.daily import daily_tasks


class Command(BaseCommand):
    help = "Queue (or with --now run) the daily jobs: freeze expiries and reminders, listing expiries …"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--now", action="store_true", help="run here instead of queueing")

    def handle(self, *args: object, now: bool = False, **options: object) -> None:
        for name, task in daily_tasks().items():
            if now:
                self.stdout.write(f"{name}: {task.call()}")
            else:
                self.stdout.write(f"queued {name} {task.enqueue().id}")
