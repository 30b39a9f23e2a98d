"""`ipcoord export KIND FILE [--as USERNAME] [--lang zh|en] [--q …] [--status …] …`.

Writes what the user may see (everything for the operator, without --as) in a form
`ipcoord import` takes back unchanged.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ipcoord.core.exceptions import ApplicationError
from ipcoord.exchange.engine import export_file
from ipcoord.exchange.kinds import get_kind
from ipcoord.exchange.management.commands._common import (
    acting_user,
    activate,
    add_common,
    progress_bar,
)

FILTERS = ("q", "status", "kind", "cause", "court_code", "year")


class Command(BaseCommand):
    help = "Export a register to CSV, XLSX or JSON Lines, limited to what the user may see."

    def add_arguments(self, parser: CommandParser) -> None:
        add_common(parser)
        parser.add_argument("--q", help="search text, as on the list pages")
        parser.add_argument("--status", help="status code (e.g. valid, open, decided)")
        parser.add_argument("--type", dest="kind_filter", help="record type code (e.g. invention)")
        parser.add_argument("--cause", help="cause code (cases)")
        parser.add_argument("--court", dest="court_code", help="court code (cases), e.g. 京73")
        parser.add_argument("--year", type=int, help="year (cases)")

    def handle(self, *args: Any, **options: Any) -> None:
        activate(options["lang"])
        viewer = acting_user(options["as_user"])
        filters = {k: options.get(k) for k in FILTERS if k != "kind"}
        filters["kind"] = options.get("kind_filter")
        if filters.get("q") and viewer is None and options["kind"] in ("cases", "proceedings"):
            raise CommandError("--q needs --as for cases and proceedings")
        kind = get_kind(options["kind"])
        total = kind.queryset(viewer, filters).count()
        try:
            with progress_bar(total, kind.name) as update:
                count = export_file(
                    kind,
                    options["file"],
                    viewer=viewer,
                    lang=options["lang"],
                    filters=filters,
                    progress=update,
                )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"{count} {kind.name} → {options['file']}")
