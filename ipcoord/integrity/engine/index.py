"""Screening a mark against a large register without comparing it with every mark.

Blocking: every rule in `compare.py` that can make two marks similar implies that the two
share at least one blocking key (`blocking_keys`), so looking up the query's keys and verifying
only the marks found gives the same similar pairs as comparing against all marks:
  T<text>, T<core>            identical, generic-word rules
  R<reading>, N<near reading> sound, near_sound (cores of two or more units)
  M<sorted core>              reorder
  P<i><core minus unit i>     one_char (cores of 3+: both delete the differing unit i)
  a<core> / b<core minus one> added_char: a register mark is offered as the shorter mark (a)
                              and the longer one (b); a query looks up the other role
  c<core> / d<substring>      contains, the same way: c for a core of 3+ as the contained
                              mark, d for each substring of 3 to n−1 units as the container
  W<pos><other char><key>     two-character marks: the kept character in place plus each sound
                              and shape key of the changed one (`chars.sound_keys/shape_keys`)
  E<metaphone>                latin_sound
  S<core with P blanked><key> look_alike: for every set P of 2 (3 for cores of 6–8) positions,
                              the kept characters in place plus each shape key of the first
                              changed one

Storage: keys are hashed to 64-bit integers (FNV-1a over code points, vectorised in numpy);
the index is two parallel numpy arrays,
key hashes sorted and mark numbers, so a lookup is a binary search. A hash collision only adds
a candidate that verification then drops. Build is O(N · k log(N · k)) for N marks and k ≈ 10–15
keys each; a query is O(k log(N · k) + c · v) for c candidates at v ≈ 20–50 µs each, so its cost
follows the size of the posting lists it touches, not N. Hot keys (a 3-character register full of
中国X) grow c; they cost time, never recall.

Persistence: `save`/`load` pickle the arrays and the (id, text, classes) rows. Pickle runs code
on load: load only files this platform wrote.
"""

import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import numpy as np

from .chars import shape_keys, sound_keys
from .compare import SIMILAR_THRESHOLD, class_relation, compare_normalised, shape_diff_limit
from .normalise import NormalisedMark, normalise

FORMAT_VERSION = 2  # 2: FNV-1a key hashes, E and S keys
Row = tuple[object, str, tuple[int, ...]]


@dataclass(frozen=True, slots=True)
class Hit:
    """One register mark found similar to the query."""

    id: object
    text: str
    score: float
    reasons: list[str] = field(default_factory=list)
    class_relation: str = "unknown"
    rule: str = ""
    classes: tuple[int, ...] = ()


def blocking_keys(m: NormalisedMark, query: bool = False) -> set[str]:
    """Keys a register mark offers (or, with `query`, the keys a query looks up); any similar
    pair meets on one of them. See the module docstring."""
    core = m.core
    n = len(core)
    # the directed rules: a register mark is offered as the shorter mark (a, c) and as the
    # longer one (b, d); a query looks for the other role
    short_a, long_b, short_c, long_d = ("b", "a", "d", "c") if query else ("a", "b", "c", "d")
    keys = {"T" + m.text, "T" + core, short_a + core}
    if n >= 2:
        keys.update("R" + r for r in m.readings)
        keys.update("N" + r for r in m.near_readings)
        keys.add("M" + "".join(sorted(core)))
    if n >= 3:
        deletions = [core[:i] + core[i + 1 :] for i in range(n)]
        keys.update(f"P{i}{d}" for i, d in enumerate(deletions))
        keys.update(long_b + d for d in deletions)
        keys.add(short_c + core)
    if n >= 4:
        keys.update(
            long_d + core[i:j] for i in range(n) for j in range(i + 3, min(n, i + n - 1) + 1)
        )
    if n == 2:
        for i in (0, 1):
            other = core[1 - i]
            for k in sound_keys(core[i]) | shape_keys(core[i]):
                keys.add(f"W{i}{other}{k}")
    if m.phonetic:
        keys.add("E" + m.phonetic)
    keys.update(_look_alike_keys(core))
    return keys


def _look_alike_keys(core: str) -> set[str]:
    """For each set P of positions the look-alike rule may change: the core with P blanked
    out, plus each shape key of the character at P's first position."""
    out: set[str] = set()
    n = len(core)
    for size in range(2, shape_diff_limit(n) + 1):
        for blanks in combinations(range(n), size):
            first = shape_keys(core[blanks[0]])
            if not first:  # no look-alike for that character: no key can be shared
                continue
            pattern = "".join("\x01" if i in blanks else c for i, c in enumerate(core))
            out.update(f"S{pattern}{k}" for k in first)
    return out


_FNV_OFFSET = np.uint64(0xCBF29CE484222325)
_FNV_PRIME = np.uint64(0x100000001B3)
_BATCH = 20_000  # marks hashed per numpy pass: bounds the padded key matrix


def _hashes(keys: list[str]) -> np.ndarray:
    """64-bit FNV-1a of each key's code points; stable across processes (saved indexes)."""
    if not keys:
        return np.empty(0, dtype=np.uint64)
    units = np.array(keys, dtype=np.str_)
    units = units.view(np.uint32).reshape(len(keys), -1)  # padded with 0 after each key
    h = np.full(len(keys), _FNV_OFFSET, dtype=np.uint64)
    for column in units.T:
        # padding leaves the hash alone, so a key hashes alike in any batch
        h = np.where(column != 0, (h ^ column) * _FNV_PRIME, h)
    return h


class MarkIndex:
    """Blocking index over (id, text, classes) rows; `query` verifies with `compare`."""

    def __init__(self, rows: Iterable[tuple[object, str, Iterable[int] | None]] = ()) -> None:
        self._rows: list[Row] = []
        self._keys = np.empty(0, dtype=np.uint64)
        self._marks = np.empty(0, dtype=np.int32)
        self._normalised: list[NormalisedMark] = []  # filled by brute_force only
        self.extend(rows)

    def __len__(self) -> int:
        return len(self._rows)

    def extend(self, rows: Iterable[tuple[object, str, Iterable[int] | None]]) -> None:
        """Add rows; re-sorts the arrays once per call, so add in large batches."""
        keys: list[np.ndarray] = [self._keys]
        marks: list[np.ndarray] = [self._marks]
        batch: list[str] = []
        counts: list[int] = []

        def flush() -> None:
            first = len(self._rows) - len(counts)
            keys.append(_hashes(batch))
            marks.append(np.repeat(np.arange(first, len(self._rows), dtype=np.int32), counts))
            batch.clear()
            counts.clear()

        for ident, text, classes in rows:
            self._rows.append((ident, text, tuple(sorted(classes or ()))))
            got = blocking_keys(normalise(text))
            batch.extend(got)
            counts.append(len(got))
            if len(counts) >= _BATCH:
                flush()
        flush()
        all_keys = np.concatenate(keys)
        all_marks = np.concatenate(marks)
        order = np.argsort(all_keys, kind="stable")
        self._keys, self._marks = all_keys[order], all_marks[order]

    def candidates(self, text: str) -> np.ndarray:
        """Row numbers sharing a blocking key with `text` (before verification)."""
        q = _hashes(list(blocking_keys(normalise(text), query=True)))
        lo = np.searchsorted(self._keys, q, side="left")
        hi = np.searchsorted(self._keys, q, side="right")
        parts = [self._marks[a:b] for a, b in zip(lo, hi, strict=True) if b > a]
        if not parts:
            return np.empty(0, dtype=np.int32)
        return np.unique(np.concatenate(parts))

    def query(
        self,
        text: str,
        classes: Iterable[int] | None = None,
        limit: int | None = 20,
        min_score: float = SIMILAR_THRESHOLD,
    ) -> list[Hit]:
        """Register marks similar to `text` (score ≥ min_score), best first.

        `classes` only fills in each hit's class relation; it does not filter, because a
        famous mark is protected across classes and a person decides.
        """
        q = normalise(text)
        wanted = set(classes) if classes else None
        hits: list[Hit] = []
        for number in self.candidates(text).tolist():
            ident, other, their_classes = self._rows[number]
            score, reasons, rule = compare_normalised(q, normalise(other))
            if score < min_score:
                continue
            relation = class_relation(wanted, set(their_classes))
            hits.append(Hit(ident, other, score, reasons, relation, rule, their_classes))
        hits.sort(key=lambda h: (-h.score, str(h.id)))
        return hits if limit is None else hits[:limit]

    def brute_force(self, text: str, min_score: float = SIMILAR_THRESHOLD) -> list[object]:
        """Ids of all rows at or above `min_score`, comparing with every row (for tests)."""
        if len(self._normalised) != len(self._rows):
            self._normalised = [normalise(other) for _, other, _ in self._rows]
        q = normalise(text)
        return [
            row[0]
            for row, other in zip(self._rows, self._normalised, strict=True)
            if compare_normalised(q, other)[0] >= min_score
        ]

    def save(self, path: str | Path) -> None:
        state = {
            "version": FORMAT_VERSION,
            "rows": self._rows,
            "keys": self._keys,
            "marks": self._marks,
        }
        with open(path, "wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def load(cls, path: str | Path) -> "MarkIndex":
        with open(path, "rb") as fh:
            state = pickle.load(fh)  # noqa: S301 - only files written by `save`
        if state.get("version") != FORMAT_VERSION:
            raise ValueError(f"index format {state.get('version')} is not {FORMAT_VERSION}")
        index = cls()
        index._normalised = []
        index._rows, index._keys, index._marks = state["rows"], state["keys"], state["marks"]
        return index
