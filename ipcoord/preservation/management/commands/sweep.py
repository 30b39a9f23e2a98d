"""`ipcoord sweep`: queue the daily freeze sweep for the worker (or run it here with --now).

Run it once a day from cron or a systemd timer, e.g. `5 0 * * * ipcoord sweep`: the platform
has no scheduler of its own, and a second run on the same day changes nothing.
"""

from django.core.management.base import BaseCommand

from ipcoord.preservation.tasks import freeze_sweep_task


class Command(BaseCommand):
    help = "Queue (or with --now run) the freeze sweep: expiries, queue promotions, reminders."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--now", action="store_true", help="run here instead of queueing")

    def handle(self, *args: object, now: bool = False, **options: object) -> None:
        if now:
            self.stdout.write(str(freeze_sweep_task.call()))
        else:
            result = freeze_sweep_task.enqueue()
            self.stdout.write(f"queued freeze sweep {result.id}")
