"""`ipcoord demo [--size small|medium|large] [--seed N] [--reset]`: build the demo world."""

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ipcoord.demo.builder import DEFAULT_SEED, PUBLIC_SIZES, SIZES, DemoError, build_demo


class Command(BaseCommand):
    help = (
        "Build a deterministic demo world into an empty database: courts, CNIPA and the IP "
        "offices, parties, patents, trademarks, cases, proceedings, links and demo users. "
        "Sizes: small (about 2,000 rights and 1,000 cases), medium (50,000 / 10,000), "
        "large (1,000,000 / 200,000; use PostgreSQL)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size", default="small", help=f"one of {', '.join(PUBLIC_SIZES)} (default small)"
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="the same seed builds the same world"
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="empty every table of the database first (like `ipcoord flush`)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        size = options["size"]
        if size not in SIZES:
            raise CommandError(f"Unknown size {size!r}: choose {', '.join(PUBLIC_SIZES)}.")
        if options["reset"]:
            self.stdout.write("Emptying the database …")
            call_command("flush", interactive=False, verbosity=0)
        self.stdout.write(f"Building the {size} demo world with seed {options['seed']} …")
        try:
            counts = build_demo(size=size, seed=options["seed"], progress=self.stdout.write)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        width = max(len(k) for k in counts)
        for key, value in counts.items():
            self.stdout.write(f"  {key:<{width}}  {value:>10,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo world built in {counts['seconds']} s. Logins: `ipcoord demo_logins`."
            )
        )
