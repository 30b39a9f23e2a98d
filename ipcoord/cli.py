"""The `ipcoord` console script: Django's management commands with ipcoord's settings.

`ipcoord identify TEXT…` parses identifiers without touching the database or settings.
"""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "identify":
        from ipcoord.core.identify_cli import run

        return run(argv[2:])
    with_file = any(a == "--register" or a.startswith("--register=") for a in argv[3:])
    if argv[1:3] == ["screen", "compare"] or (argv[1:3] == ["screen", "mark"] and with_file):
        # compare, and mark against a register file, need no database: the engine is plain
        # Python. mark against the database, batch, patents and litigation are Django's.
        from ipcoord.integrity.engine.cli import run as screen

        return screen(argv[2:])
    aliases = {
        # The background worker is django-tasks-db's database worker.
        "worker": "db_worker",
        "demo-logins": "demo_logins",
    }
    if len(argv) > 1 and argv[1] in aliases:
        argv = [argv[0], aliases[argv[1]], *argv[2:]]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipcoord.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
