"""`ipcoord screen mark TEXT [--classes 30,32]`: one JSON line per hit, the protected signs
first, then the register (the database's marks, through the cached index).
`ipcoord screen batch FILE [--as USERNAME]`: queue a file of applications for screening.
`ipcoord screen patents [--as USERNAME] [--now]`: screen the patent register for abnormal
applications (order 77); `ipcoord screen litigation [--as USERNAME]`: screen the cases
register for malicious litigation. Both print the run's counts.

FILE is CSV (header: text, classes, applicant) or JSON lines ({"text", "classes",
"applicant"}); classes like "30,32". The run is screened by the background worker
(`ipcoord worker`); `--now` screens it here. `ipcoord screen compare` and
console script to the engine's own command line and never reach this command;
`mark --register FILE` (a register from a file, no database) too.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import User
from ipcoord.integrity import services


class Command(BaseCommand):
    help = (
        "Screen one mark (mark TEXT), a batch file (batch FILE), the patent register (patents) "
        "or the cases (litigation)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("action", choices=["mark", "batch", "patents", "litigation"])
        parser.add_argument("arg", nargs="?", help="mark: TEXT; batch: CSV or JSON-lines FILE")
        parser.add_argument("--classes", default="", help="mark: Nice classes, e.g. 30,32")
        parser.add_argument("--as", dest="username", default=None, help="screen as this IP officer")
        parser.add_argument("--now", action="store_true", help="screen here, not in the worker")

    def handle(self, *args: object, **options: object) -> None:
        arg = options["arg"]
        if options["action"] == "mark":
            self._mark(str(arg or ""), str(options["classes"] or ""))
            return
        path = Path(str(arg)) if arg else None
        actor = None
        if options["username"]:
            actor = User.objects.filter(username=options["username"], is_active=True).first()
            if actor is None:
                raise CommandError(f"no active user {options['username']!r}")
        if options["action"] != "batch":
            self._register(str(options["action"]), actor, bool(options["now"]))
            return
        if path is None:
            raise CommandError("batch needs a FILE")
        try:
            rows = services.read_batch_file(path)
            run = services.screen_batch(actor=actor, rows=rows, file_name=path.name)
        except ApplicationError as err:
            raise CommandError(err.message) from err
        if options["now"]:
            run = services.screen_batch_run(run_id=run.pk)
        else:
            run.refresh_from_db()
        self.stdout.write(
            f"run {run.pk}: {run.status}, {run.rows_done}/{run.rows_total} rows, "
            f"{run.hit_count} hits, {run.finding_count} findings"
        )

    def _mark(self, text: str, classes: str) -> None:
        """Print the hits of one mark as JSON lines (no writes)."""
        try:
            cleaned = services.clean_mark(text)
            wanted = services.clean_classes(classes)
        except ApplicationError as err:
            raise CommandError(err.message) from err
        for hit in services.screen_hits(cleaned, wanted):
            self.stdout.write(json.dumps(hit, ensure_ascii=False))

    def _register(self, action: str, actor: User | None, now: bool) -> None:
        """Screen a whole register: patents (queued, or here with --now) or litigation."""
        try:
            if action == "patents":
                run = services.patent_register_screen(actor=actor)
                if now:
                    run = services.patent_screen_run(run_id=run.pk)
            else:
                run = services.litigation_screen(actor=actor)
        except ApplicationError as err:
            raise CommandError(err.message) from err
        run.refresh_from_db()
        self.stdout.write(
            f"run {run.pk}: {run.status}, {run.hit_count} signals, {run.finding_count} new findings"
        )
