"""Normalising a word mark into the forms the engine compares.

`normalise(text)` gives a `NormalisedMark`:
- `text`: NFKC (full-width → half-width), traditional → simplified (OpenCC t2s), case-folded,
  with spaces, punctuation and symbols removed; one unit per character (a Latin letter or a
  digit is a unit, like a Chinese character).
- `core`: `text` with generic words (食品, 科技, 有限公司, 牌 …) and model numbers / model words
  (X200, Pro, 2024 …) removed from its start and end, repeatedly; `stripped` lists what went.
  The core keeps at least one unit: a mark made only of generic words is its own core.
- `syllables`: toneless pinyin per unit of the core, default reading (pypinyin, phrase-aware),
  `tones` the same with tone numbers; a digit is read aloud (8 → ba, `lexicon.DIGIT_READINGS`),
  a Latin letter stands for itself.
- `readings`: whole-core toneless readings: the default one, plus for each unit with other
  readings (heteronyms; 1 → yi/yao, 2 → er/liang) the default with that one unit changed (at
  most MAX_READINGS). A Latin-only mark's reading is its letters, which is how "KANGSHIFU"
  meets 康师傅.
- `near_readings`: the readings with commonly merged initials/finals collapsed (`chars.near`);
  a Latin mark is also read as pinyin syllables (`pinyin_split`) and collapsed, so that
  "KANGSIFU" (kang si fu) meets 康师傅 (kang shi fu) there.
- `phonetic`: the Metaphone code (jellyfish) of an all-Latin core of four letters or more, so
  that English word marks spelled differently but read alike meet (STARBUCKS / STARBUX).

Caveats: a Latin mark is split into pinyin syllables only for `near_readings` (fewest
syllables, so "xian" is one syllable, never xi an); English that happens to spell pinyin
(BANANA → ba na na) is read as pinyin there too. Digits are read one by one, never as a
number (365 is san liu wu, not san bai liu shi wu); Metaphone is for English and reads
other languages roughly; a generic word inside the mark is kept.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache

import jellyfish
import opencc
from pypinyin import Style, lazy_pinyin
from pypinyin.seg.simpleseg import seg as _segment

from .chars import is_han, near, readings
from .lexicon import DIGIT_READINGS, DIGIT_TONES, GENERIC_WORDS, MODEL_WORDS

MAX_READINGS = 6
MIN_PHONETIC_LETTERS = 4

_KEEP = re.compile(r"[0-9a-z\u3400-\u9fff\U00020000-\U0003134f]")
_MODEL = re.compile(r"[a-z]*\d[a-z\d]*$")
_AFFIXES = GENERIC_WORDS | MODEL_WORDS
_AFFIX_LENGTHS = sorted({len(w) for w in _AFFIXES}, reverse=True)


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
    phonetic: str = ""

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
    """Remove generic words and model numbers from both ends; returns (core, removed).

    Each step removes a model number after a Chinese character if there is one, else the
    longest generic word at either end (the end first when both ends have one as long).
    """
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
        for n in _AFFIX_LENGTHS:
            if len(core) <= n:
                continue
            if core[-n:] in _AFFIXES:
                removed.append(core[-n:])
                core, changed = core[:-n], True
                break
            if core[:n] in GENERIC_WORDS:  # model words only end a mark
                removed.append(core[:n])
                core, changed = core[n:], True
                break
    if core in GENERIC_WORDS or core in MODEL_WORDS:  # nothing distinctive was left
        return text, ()
    return core, tuple(removed)


@lru_cache(maxsize=262144)
def _word_pinyin(word: str, style: Style) -> tuple[str, ...]:
    """Pinyin of one word of pypinyin's phrase segmentation. Marks share a few thousand
    characters and phrases, so converting each once (not once per mark) makes an index of
    a large register build several times faster; the result is the same as converting the
    whole run (`test_cached_pinyin_equals_pypinyin`)."""
    return tuple(lazy_pinyin(word, style=style, errors=lambda x: list(x)))


def _syllables(core: str) -> tuple[list[str], list[str]]:
    """Toneless and tone-numbered pinyin per unit; digits read aloud, letters themselves."""
    plain: list[str] = []
    tones: list[str] = []
    run = ""
    for c in core + "\0":
        if is_han(c):
            run += c
            continue
        if run:
            for word in _segment(run):  # one phrase segmentation for both styles
                plain.extend(_word_pinyin(word, Style.NORMAL))
                tones.extend(_word_pinyin(word, Style.TONE3))
            run = ""
        if c in DIGIT_READINGS:
            plain.append(DIGIT_READINGS[c][0])
            tones.append(DIGIT_TONES[c])
        elif c != "\0":
            plain.append(c)
            tones.append(c)
    return plain, tones


@cache
def _pinyin_syllables() -> frozenset[str]:
    """Every toneless pinyin syllable pypinyin knows (≈ 425; ü written v, as NORMAL does)."""
    from pypinyin.pinyin_dict import pinyin_dict

    out = set()
    for value in set(pinyin_dict.values()):
        for p in value.split(","):
            p = re.sub("[üǖǘǚǜ]", "v", p)
            p = "".join(c for c in unicodedata.normalize("NFD", p) if not unicodedata.combining(c))
            if p.isascii() and p.isalpha():
                out.add(p)
    return frozenset(out)


def pinyin_split(letters: str) -> tuple[str, ...] | None:
    """Latin letters read as pinyin syllables: fewest syllables (xian, not xi an), then
    fewest starting with a vowel after the first, which pinyin would mark with an apostrophe
    (banana is ba na na, not ban an a); None when they are not pinyin (STARBUCKS)."""
    known = _pinyin_syllables()
    best: list[tuple[tuple[int, int], tuple[str, ...]] | None] = [((0, 0), ())]
    best += [None] * len(letters)
    for end in range(1, len(letters) + 1):
        for size in range(1, min(6, end) + 1):
            head = best[end - size]
            piece = letters[end - size : end]
            if head is None or piece not in known:
                continue
            (count, vowels), parts = head
            cost = (count + 1, vowels + (bool(parts) and piece[0] in "aeo"))
            if best[end] is None or cost < best[end][0]:  # type: ignore[index]
                best[end] = (cost, (*parts, piece))
    last = best[-1]
    return last[1] if last else None


def _phonetic(core: str) -> str:
    """Metaphone code of an all-Latin core of four letters or more ("" otherwise)."""
    if len(core) < MIN_PHONETIC_LETTERS or not (core.isascii() and core.isalpha()):
        return ""
    return jellyfish.metaphone(core)


def _near_readings(core: str, variants: list[tuple[str, ...]]) -> frozenset[str]:
    got = {"".join(map(near, v)) for v in variants}
    if len(core) >= 2 and core.isascii() and core.isalpha():
        split = pinyin_split(core)  # KANGSIFU read as kang si fu collapses like 康师傅
        if split:
            got.add("".join(map(near, split)))
    return frozenset(got)


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
    cleaned = "".join(_KEEP.findall(simplified.casefold()))  # = clean(text), one conversion
    core, stripped = strip_generic(cleaned)
    syl, tones = _syllables(core)
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
        near_readings=_near_readings(core, variants),
        phonetic=_phonetic(core),
    )
