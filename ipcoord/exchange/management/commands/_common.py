"""Shared by the import and export commands: the acting user, the language, a progress bar."""

import sys
from contextlib import contextmanager
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import translation

from ipcoord.core.models import User

# Below this many rows a progress bar is noise.
PROGRESS_FROM = 500


def add_common(parser: CommandParser) -> None:
    from ipcoord.exchange.kinds import KINDS

    parser.add_argument("kind", choices=sorted(KINDS), help="kind of record")
    parser.add_argument("file", help="path ending in .csv, .xlsx or .jsonl")
    parser.add_argument(
        "--as",
        dest="as_user",
        metavar="USERNAME",
        help="act as this user: their permissions and visibility apply (default: operator)",
    )
    parser.add_argument(
        "--lang", choices=("zh", "en"), default="zh", help="header and message language"
    )


def acting_user(username: str | None) -> User | None:
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"no active user named {username!r}")
    return user


def activate(lang: str) -> None:
    translation.activate("zh-hans" if lang == "zh" else "en")


@contextmanager
def progress_bar(total: int, desc: str) -> Any:
    """A tqdm bar on stderr for long files; a no-op callback for short ones."""
    if total < PROGRESS_FROM:
        yield lambda n: None
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=desc, unit="row", file=sys.stderr) as bar:
        yield _Bar(bar, desc)


class _Bar:
    """A progress callback (rows done) that also names a later phase on the bar, e.g. the
    audit append after a batch's last record (`ProgressFile.phase` passes it on)."""

    def __init__(self, bar: Any, desc: str) -> None:
        self.bar, self.desc = bar, desc

    def __call__(self, n: int) -> None:
        self.bar.update(n)

    def phase(self, label: str) -> None:
        self.bar.set_description(f"{self.desc}: {label}")
