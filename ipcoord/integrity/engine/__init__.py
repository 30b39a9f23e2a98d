"""Trademark resemblance engine (issue 6, part 1): plain Python, no Django.

- `normalise(text)` → `NormalisedMark` (normalise.py)
- `compare(a, b, classes_a=None, classes_b=None)` → `Comparison` (compare.py; rules, scores and
  SIMILAR_THRESHOLD documented there)
- `MarkIndex(rows).query(text, classes=None, limit=20)` → list of `Hit` (index.py)
- `screen_protected(text)` → list of `Hit` against the shipped protected lists (protected.py)
- `cli.run(argv)` for `ipcoord screen compare|mark`
"""

from .compare import SIMILAR_THRESHOLD, Comparison, class_relation, compare
from .index import Hit, MarkIndex
from .normalise import NormalisedMark, normalise
from .protected import screen_protected

__all__ = [
    "SIMILAR_THRESHOLD",
    "Comparison",
    "Hit",
    "MarkIndex",
    "NormalisedMark",
    "class_relation",
    "compare",
    "normalise",
    "screen_protected",
]
