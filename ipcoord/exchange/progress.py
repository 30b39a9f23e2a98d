"""Progress of a long import, shared between the process that runs it and the pages or API
that show it: a small file holding "done total", rewritten every 1/`steps` of the way."""

from collections.abc import Callable
from pathlib import Path

Progress = Callable[[int], None]


def progress_file_writer(
    path: Path, total: int, *, steps: int = 100, also: Progress | None = None
) -> Progress:
    """A callback taking how many more rows are done; it writes the file each time the count
    passes the next step (rows may come one by one or a chunk at a time) and at the end."""
    step = max(1, total // steps)
    done = 0
    next_write = step

    def update(n: int) -> None:
        nonlocal done, next_write
        done += n
        if done >= next_write or done >= total:
            path.write_text(f"{done} {total}")
            next_write = (done // step + 1) * step
        if also is not None:
            also(n)

    return update


def progress_file_read(path: Path, total: int) -> tuple[int, int]:
    """(done, total) from the file, or (0, `total`) while there is none yet."""
    try:
        done, written = path.read_text().split()
        return int(done), int(written)
    except (OSError, ValueError):
        return 0, total
