"""`ipcoord import KIND FILE [--as USERNAME] [--dry-run] [--report out.xlsx]`.

Imports the whole file or nothing. Exit status 1 when the file was refused; the reasons are
printed (and written to --report as XLSX/CSV, in --lang).
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ipcoord.core.exceptions import ApplicationError
from ipcoord.exchange.engine import import_table
from ipcoord.exchange.formats import read_table
from ipcoord.exchange.management.commands._common import (
    acting_user,
    activate,
    add_common,
    progress_bar,
)
from ipcoord.exchange.report import write_report

SHOWN_ISSUES = 50


class Command(BaseCommand):
    help = "Import organisations, parties, patents, trademarks, events, cases or proceedings."

    def add_arguments(self, parser: CommandParser) -> None:
        add_common(parser)
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would change; write nothing"
        )
        parser.add_argument("--report", metavar="FILE", help="write the row-by-row report here")

    def handle(self, *args: Any, **options: Any) -> None:
        activate(options["lang"])
        actor = acting_user(options["as_user"])
        try:
            table = read_table(options["file"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        with progress_bar(len(table.rows), options["kind"]) as update:
            report = import_table(
                options["kind"], table, actor=actor, dry_run=options["dry_run"], progress=update
            )
        if options["report"]:
            write_report(report, options["report"])
        for issue in report.issues[:SHOWN_ISSUES]:
            self.stderr.write(f"{issue.row}\t{issue.column}\t{issue.value}\t{issue.reason}")
        if len(report.issues) > SHOWN_ISSUES:
            self.stderr.write(f"… {len(report.issues) - SHOWN_ISSUES} more")
        if report.issues:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
