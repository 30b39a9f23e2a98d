"""Progress of a long import, shared between the process that runs it and the pages or API
that show it: a small file holding "done total", rewritten every 1/`steps` of the way, and
"done total phase" once the import has moved past its records to a later phase.

Phases: `RECORDS` (the rows; the file says just "done total", as files always did) and
`AUDIT` (every record is in; the spooled audit events are being appended, which for a
million records takes tens of seconds). A reader takes both forms.
"""

from collections.abc import Callable
from pathlib import Path

from django.utils.translation import gettext_lazy as _

Progress = Callable[[int], None]

RECORDS = "records"
AUDIT = "audit"
PHASES = {RECORDS: _("导入记录"), AUDIT: _("写入审计记录")}


class ProgressFile:
    """A `Progress` callback taking how many more rows are done; it writes the file each time
    the count passes the next step (rows may come one by one or a chunk at a time) and at
    the end. `phase(name)` moves to a later phase and writes it at once (and tells `also`,
    if it has a `phase(label)` method too)."""

    def __init__(
        self, path: Path, total: int, *, steps: int = 100, also: Progress | None = None
    ) -> None:
        self.path, self.total, self.also = path, total, also
        self.step = max(1, total // steps)
        self.done = 0
        self.next_write = self.step
        self.current = RECORDS

    def __call__(self, n: int) -> None:
        self.done += n
        if self.done >= self.next_write or self.done >= self.total:
            self._write()
            self.next_write = (self.done // self.step + 1) * self.step
        if self.also is not None:
            self.also(n)

    def phase(self, name: str) -> None:
        if name not in PHASES:
            raise ValueError(f"unknown progress phase {name!r}")
        self.current = name
        self._write()
        if (tell := getattr(self.also, "phase", None)) is not None:  # e.g. a command's bar
            tell(str(PHASES[name]))

    def _write(self) -> None:
        words = [str(self.done), str(self.total)]
        if self.current != RECORDS:
            words.append(self.current)
        # Written aside and renamed into place: a reader never sees a half-written file.
        part = self.path.with_name(self.path.name + ".part")
        part.write_text(" ".join(words))
        part.replace(self.path)


def progress_file_writer(
    path: Path, total: int, *, steps: int = 100, also: Progress | None = None
) -> ProgressFile:
    """The writer of `path` for an import of `total` rows (see `ProgressFile`)."""
    return ProgressFile(path, total, steps=steps, also=also)


def progress_file_state(path: Path, total: int) -> tuple[int, int, str]:
    """(done, total, phase) from the file, or (0, `total`, RECORDS) while there is none yet;
    a file of two words ("done total") is in the RECORDS phase."""
    try:
        words = path.read_text().split()
        done, written = int(words[0]), int(words[1])
    except (OSError, ValueError, IndexError):
        return 0, total, RECORDS
    phase = words[2] if len(words) > 2 and words[2] in PHASES else RECORDS
    return done, written, phase


def progress_file_read(path: Path, total: int) -> tuple[int, int]:
    """(done, total) from the file, or (0, `total`) while there is none yet."""
    done, written, _phase = progress_file_state(path, total)
    return done, written
