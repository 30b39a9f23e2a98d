"""The trademark register's resemblance index, built from the register and kept on disk.

`register_index()` returns a `MarkIndex` over every pending or registered (valid) trademark.
It is cached on disk under `settings.VAR_DIR / "indexes"` and in this process, keyed by the
number of such marks, their highest id and their latest update time: a new mark, a mark that
leaves the set (refused, invalidated, lapsed) or an edited mark changes the key, and the next
call rebuilds the index from scratch and removes the older files.

Caveats:
- A change that keeps all three the same (a mark deleted while another with a lower id is
  edited in the same second) is missed until the next change; run `register_index(rebuild=True)`
  after bulk repairs.
- The rebuild is full, not incremental: about a minute per 500,000 marks. The first screening
  after a register change pays it; two processes may both rebuild (the last write wins, the
  files are identical).
- The file is a pickle (see engine/index.py): only this platform writes it, under VAR_DIR.
"""

import logging
import os
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max

from ipcoord.integrity.engine import MarkIndex
from ipcoord.registry.models import RightStatus, Trademark

log = logging.getLogger(__name__)

INDEXED_STATUSES = (RightStatus.PENDING, RightStatus.VALID)
_memo: dict[str, MarkIndex] = {}


def _register():
    return Trademark.objects.filter(status__in=INDEXED_STATUSES)


def register_key() -> str:
    """The register's current state as a file-name-safe key (count, max id, last update)."""
    agg = _register().aggregate(n=Count("id"), top=Max("id"), upd=Max("updated_at"))
    stamp = int(agg["upd"].timestamp()) if agg["upd"] else 0
    return f"marks-{agg['n']}-{agg['top'] or 0}-{stamp}"


def index_dir() -> Path:
    return Path(settings.VAR_DIR) / "indexes"


def _build() -> MarkIndex:
    rows = (
        (pk, text, [int(c) for c in classes.strip(",").split(",") if c])
        for pk, text, classes in _register().values_list("id", "mark_text", "nice_classes")
    )
    return MarkIndex(rows)


def register_index(*, rebuild: bool = False) -> MarkIndex:
    """The index over the current register (module docstring: key, caveats)."""
    key = register_key()
    if not rebuild and key in _memo:
        return _memo[key]
    folder = index_dir()
    path = folder / f"{key}.pkl"
    index = None
    if not rebuild and path.exists():
        try:
            index = MarkIndex.load(path)
        except (OSError, ValueError, EOFError) as exc:
            log.warning("rebuilding unreadable trademark index %s: %s", path, exc)
    if index is None:
        index = _build()
        folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        index.save(tmp)
        os.replace(tmp, path)
        for old in folder.glob("marks-*.pkl"):
            if old != path:
                old.unlink(missing_ok=True)
    _memo.clear()
    _memo[key] = index
    return index
