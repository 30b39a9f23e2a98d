"""Normalising a word mark into the forms the engine compares.

`normalise(text)` gives a `NormalisedMark`:
- `text`: NFKC (full-width → half-width), traditional → simplified (OpenCC t2s), case-folded,
  with spaces, punctuation and symbols removed; one unit per character (a Latin letter or a
  digit is a unit, like a Chinese character).
- `core`: `text` with generic words (食品, 科技, 有限公司, 牌 …) and model numbers / model words
  (X200, Pro, 2024 …) removed from its start and end, repeatedly; `stripped` lists what went.
  The core keeps at least one unit: a mark made only of generic words is its own core.
- `syllables`: toneless pinyin per unit of the core, default reading (pypinyin, phrase-aware),
  `tones` the same with tone numbers; Latin letters and digits stand for themselves.
- `readings`: whole-core toneless readings: the default one, plus for each unit with other
  readings (heteronyms) the default with that one unit changed (at most MAX_READINGS).
  A Latin-only mark's reading is its letters, which is how "KANGSHIFU" meets 康师傅.
- `near_readings`: the readings with commonly merged initials/finals collapsed (`chars.near`).

Caveats: Latin text is not split into pinyin syllables, so a Latin mark only meets a Chinese
one when its letters equal the pinyin exactly (no near-sound match); digits are not read
aloud (8 ≠ 八); a generic word inside the mark is kept.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

import opencc
from pypinyin import Style, lazy_pinyin

from .chars import is_han, near, readings
from .lexicon import GENERIC_WORDS, MODEL_WORDS

MAX_READINGS = 6

_KEEP = re.compile(r"[0-9a-z\u3400-\u9fff\U00020000-\U0003134f]")
_MODEL = re.compile(r"[a-z]*\d[a-z\d]*$")
_AFFIXES = sorted(GENERIC_WORDS | MODEL_WORDS, key=len, reverse=True)


@dataclass(frozen=True, slots=True)
class NormalisedMark:
    """A mark in comparable forms; see the module docstring for each field."""

    original: str
    text: str
    simplified_only: str  # NFKC + t2s, before case-folding and stripping: tells 繁简 apart
    core: str
    stripped: tuple[str, ...]
    syllables: tuple[str, ...]
    tones: tuple[str, ...]
    readings: frozenset[str] = field(default_factory=frozenset)
    near_readings: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_latin(self) -> bool:
        return bool(self.core) and self.core.isascii() and self.core.isalpha()

    @property
    def has_han(self) -> bool:
        return any(is_han(c) for c in self.core)


@cache
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def clean(text: str) -> str:
    """Width, script, case and punctuation folded: the `text` form. Idempotent."""
    folded = _t2s().convert(unicodedata.normalize("NFKC", text)).casefold()
    return "".join(_KEEP.findall(folded))


def strip_generic(text: str) -> tuple[str, tuple[str, ...]]:
    """Remove generic words and model numbers from both ends; returns (core, removed)."""
    core, removed = text, []
    changed = True
    while changed and len(core) > 1:
        changed = False
        m = _MODEL.search(core)
        # A model number is only recognised after a Chinese character: in "iphone15" the
        # script gives no boundary to cut at.
        if m and m.start() > 0 and is_han(core[m.start() - 1]):
            removed.append(m.group())
            core, changed = core[: m.start()], True
            continue
        for w in _AFFIXES:
            if len(core) > len(w) and core.endswith(w):
                removed.append(w)
                core, changed = core[: -len(w)], True
                break
            if len(core) > len(w) and core.startswith(w) and w not in MODEL_WORDS:
                removed.append(w)
                core, changed = core[len(w) :], True
                break
    if core in GENERIC_WORDS or core in MODEL_WORDS:  # nothing distinctive was left
        return text, ()
    return core, tuple(removed)


def _syllables(core: str, style: Style) -> list[str]:
    out: list[str] = []
    run = ""
    for c in core + "\0":
        if is_han(c):
            run += c
            continue
        if run:
            out.extend(lazy_pinyin(run, style=style, errors=lambda x: list(x)))
            run = ""
        if c != "\0":
            out.append(c)
    return out


def _variants(core: str, syllables: list[str]) -> list[tuple[str, ...]]:
    base = tuple(syllables)
    got = [base]
    if len(syllables) != len(core):
        return got
    for i, c in enumerate(core):
        for alt in readings(c):
            if len(got) >= MAX_READINGS:
                return got
            if alt != syllables[i]:
                got.append(base[:i] + (alt,) + base[i + 1 :])
    return got


@lru_cache(maxsize=65536)
def normalise(text: str) -> NormalisedMark:
    """Normalise one mark. Cached: marks repeat across a register and across queries."""
    simplified = _t2s().convert(unicodedata.normalize("NFKC", text))
    cleaned = clean(text)
    core, stripped = strip_generic(cleaned)
    syl = _syllables(core, Style.NORMAL)
    tones = _syllables(core, Style.TONE3)
    if len(syl) != len(core):  # pypinyin merged something: fall back to per-unit readings
        syl = [readings(c)[0] for c in core]
        tones = syl
    variants = _variants(core, syl)
    return NormalisedMark(
        original=text,
        text=cleaned,
        simplified_only=simplified,
        core=core,
        stripped=stripped,
        syllables=tuple(syl),
        tones=tuple(tones),
        readings=frozenset("".join(v) for v in variants),
        near_readings=frozenset("".join(map(near, v)) for v in variants),
    )
