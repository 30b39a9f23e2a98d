"""Patent text → character n-gram shingle hashes, in numpy (used by neardup.py).

Normalisation (title + abstract + claims as one string): NFKC (full-width letters, digits and
punctuation → half-width), traditional → simplified, case-folded, and everything but CJK
characters, Latin letters and digits removed (punctuation, whitespace, symbols) — the same
folding as the trademark `clean`, done on a code-point array instead of per character.
Shingles: character n-grams, n = 3 (`NGRAM`; why 3: see neardup.py), each packed exactly
into 63 bits (21 bits a code point), mixed by splitmix64 and kept as 32 bits. n-grams lying
wholly inside patent boilerplate (`BOILERPLATE`: 根据权利要求#所述的, 其特征在于 …) are dropped, so
that claim formulas every patent shares do not make unrelated texts look alike.

Caveats: the t2s step is OpenCC applied character by character (phrase-level choices do not
matter for shingles); texts with compatibility characters (①, ㈱, CJK compatibility
ideographs, half-width katakana) take a slower per-text `unicodedata` NFKC path.
"""

import unicodedata
from collections.abc import Sequence
from functools import cache

import numpy as np

from .normalise import _t2s

NGRAM = 3
_PAD = "\u3400"  # a rare CJK code point pads texts shorter than n
# Patent boilerplate: n-grams lying wholly inside these phrases are dropped ("#" = each digit),
# so that claim formulas shared by every patent do not make unrelated texts look alike.
BOILERPLATE = (
    "根据权利要求#所述的",
    "根据权利要求#或#所述的",
    "权利要求#至#中任一项所述的",
    "#其特征在于所述",
    "其特征在于包括",
    "本发明涉及",
    "技术领域具体涉及一种",
    "本发明公开了一种",
    "本实用新型公开了一种",
    "本实用新型涉及",
    "本申请涉及",
    "一种基于",
    "及其制备方法",
    "所述的",
)


@cache
def stop_shingles(n: int = NGRAM) -> frozenset[str]:
    """The boilerplate n-grams as strings (reference for tests and generators)."""
    phrases = normalise_texts([p.replace("#", str(d)) for p in BOILERPLATE for d in range(10)])
    return frozenset(p[i : i + n] for p in phrases for i in range(len(p) - n + 1))


@cache
def STOP_HASHES() -> np.ndarray:  # noqa: N802 - a constant, computed once
    """Sorted hashes of the boilerplate n-grams for the default n."""
    return _stop_hashes(NGRAM)


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser on a uint64 array (wrapping arithmetic)."""
    x = x ^ (x >> np.uint64(30))
    x = x * np.uint64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> np.uint64(27))
    x = x * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _plain(cps: np.ndarray) -> np.ndarray:
    """Code points NFKC leaves alone or maps the fast way (ASCII, CJK, CJK and full-width punctuation)."""
    return (
        (cps < 0x80)
        | ((cps >= 0x3400) & (cps <= 0x9FFF))
        | ((cps >= 0x3000) & (cps <= 0x303F) & ((cps < 0x3038) | (cps > 0x303A)))
        | ((cps >= 0xFF01) & (cps <= 0xFF5E))
    )


def _encode(texts: Sequence[str]) -> np.ndarray:
    return np.frombuffer("\n".join(texts).encode("utf-32-le"), dtype=np.uint32)


@cache
def _t2s_table() -> np.ndarray:
    """Code point → simplified code point over the BMP, from OpenCC t2s applied to each CJK
    character alone (phrase-level choices such as 乾隆 do not matter for shingles)."""
    table = np.arange(0x10000, dtype=np.uint32)
    cjk = list(range(0x3400, 0xA000)) + list(range(0xF900, 0xFB00))
    out = _t2s().convert("\n".join(map(chr, cjk))).split("\n")
    if len(out) == len(cjk):
        for c, t in zip(cjk, out, strict=True):
            if len(t) == 1:
                table[c] = ord(t)
    return table


def normalised_codepoints(texts: Sequence[str]) -> np.ndarray:
    """Normalised texts (module doc, 1) as one uint32 code-point array, texts separated by 10.

    Fast path in numpy: a t2s lookup table (`_t2s_table`), full-width ASCII → ASCII by
    offset, A–Z → a–z, then a keep-mask. Only texts holding other characters (compatibility
    ideographs, circled digits, half-width katakana …) go through `unicodedata` NFKC first.
    """
    texts = [t.replace("\n", " ") for t in texts]
    cps = _encode(texts)
    odd = ~_plain(cps)
    if odd.any():
        doc = np.cumsum(cps == 10)[odd]
        for i in np.unique(doc).tolist():
            texts[i] = unicodedata.normalize("NFKC", texts[i]).replace("\n", " ")
    cps = _encode(texts)
    bmp = cps < 0x10000
    cps = np.where(bmp, _t2s_table()[np.where(bmp, cps, 0)], cps)
    cps[(cps >= 0xFF01) & (cps <= 0xFF5E)] -= 0xFEE0
    cps[(cps >= 0x41) & (cps <= 0x5A)] += 0x20
    keep = (
        (cps == 10)
        | ((cps >= 0x30) & (cps <= 0x39))
        | ((cps >= 0x61) & (cps <= 0x7A))
        | ((cps >= 0x3400) & (cps <= 0x9FFF))
        | ((cps >= 0x20000) & (cps <= 0x3134F))
    )
    return cps[keep]


def normalise_texts(texts: Sequence[str]) -> list[str]:
    """Normalised texts as strings (module doc, 1); the reference form for tests."""
    if not texts:
        return []
    return normalised_codepoints(texts).tobytes().decode("utf-32-le").split("\n")


def _ngram_hashes(cps: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(hashes uint32, offsets) of the n-grams of separator-joined code points."""
    seps = np.flatnonzero(cps == 10)
    lengths = np.diff(np.concatenate(([-1], seps, [len(cps)]))) - 1
    counts = np.maximum(lengths - n + 1, 0)
    offsets = np.concatenate(([0], np.cumsum(counts)))
    if len(cps) < n:
        return np.empty(0, dtype=np.uint32), offsets
    c = cps.astype(np.uint64)
    m = len(c) - n + 1
    key = c[:m].copy()
    for k in range(1, n):  # n ≤ 3: exact 21-bit packing; n > 3: FNV-style polynomial
        key = (
            (key << np.uint64(21)) | c[k : k + m]
            if n <= 3
            else key * np.uint64(0x100000001B3) + c[k : k + m]
        )
    # a window is valid when no separator lies in it
    sep = np.concatenate(([0], np.cumsum(cps == 10)))
    valid = sep[n : n + m] == sep[:m]
    return (_mix64(key[valid]) >> np.uint64(32)).astype(np.uint32), offsets


def _stop_hashes(n: int) -> np.ndarray:
    phrases = [p.replace("#", str(d)) for p in BOILERPLATE for d in range(10)]
    hashes, _ = _ngram_hashes(normalised_codepoints(phrases), n)
    return np.unique(hashes)


def shingle_hashes(
    texts: Sequence[str], n: int = NGRAM, stop: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """32-bit hashes of the character n-grams of (raw) texts, boilerplate n-grams removed.

    Returns (hashes uint32, offsets int64) in CSR form: text i owns
    hashes[offsets[i]:offsets[i + 1]] (with repeats, in text order). A non-empty text
    shorter than n is one n-gram padded with a rare CJK code point.
    """
    cps = normalised_codepoints(texts)
    seps = np.flatnonzero(cps == 10)
    lengths = np.diff(np.concatenate(([-1], seps, [len(cps)]))) - 1
    if ((lengths > 0) & (lengths < n)).any():
        parts = cps.tobytes().decode("utf-32-le").split("\n")
        cps = _encode([t if len(t) >= n or not t else t.ljust(n, _PAD) for t in parts])
    hashes, offsets = _ngram_hashes(cps, n)
    if stop:
        table = _stop_hashes(n) if n != NGRAM else STOP_HASHES()
        at = np.minimum(np.searchsorted(table, hashes), len(table) - 1)
        keep = table[at] != hashes
        doc = np.repeat(np.arange(len(offsets) - 1), np.diff(offsets))
        hashes = hashes[keep]
        counts = np.bincount(doc[keep], minlength=len(offsets) - 1)
        offsets = np.concatenate(([0], np.cumsum(counts)))
    return hashes, offsets
