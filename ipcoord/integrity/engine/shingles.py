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


_ODD = np.uint32(0x80000000)  # flag in `_fold_table`: the code point needs NFKC first
# Work is done in blocks of this many elements with reused buffers: one pass per block stays
# in cache and no large temporary arrays are allocated (and page-faulted) per operation.
_BLOCK = 1 << 16


@cache
def _fold_table() -> np.ndarray:
    """Code point → normalised code point over all of Unicode: t2s, full-width ASCII → ASCII,
    A–Z → a–z, 0 for removed characters; `_ODD` set on code points off the fast path."""
    cps = np.arange(0x110000, dtype=np.uint32)
    out = cps.copy()
    out[:0x10000] = _t2s_table()
    out[(out >= 0xFF01) & (out <= 0xFF5E)] -= 0xFEE0
    out[(out >= 0x41) & (out <= 0x5A)] += 0x20
    keep = (
        (out == 10)
        | ((out >= 0x30) & (out <= 0x39))
        | ((out >= 0x61) & (out <= 0x7A))
        | ((out >= 0x3400) & (out <= 0x9FFF))
        | ((out >= 0x20000) & (out <= 0x3134F))
    )
    out[~keep] = 0
    out[~_plain(cps)] |= _ODD
    return out


def _fold(cps: np.ndarray, odd_ok: bool) -> tuple[np.ndarray, np.ndarray] | None:
    """(folded code points, positions of the separators 10) by `_fold_table`, blockwise;
    None when a code point needs NFKC first (unless odd_ok, which ignores the flag)."""
    table = _fold_table()
    out = np.empty(len(cps), dtype=np.uint32)
    buf = np.empty(_BLOCK, dtype=np.uint32)
    seps = []
    pos = 0
    for lo in range(0, len(cps), _BLOCK):
        part = cps[lo : lo + _BLOCK]
        w = buf[: len(part)]
        np.take(table, part, out=w)
        if odd_ok:
            w &= ~_ODD
        elif w.max() >= _ODD:
            return None
        k = w[w != 0]
        out[pos : pos + len(k)] = k
        seps.append(np.flatnonzero(k == 10) + pos)
        pos += len(k)
    return out[:pos], np.concatenate(seps) if seps else np.empty(0, dtype=np.int64)


def _folded(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    texts = [t.replace("\n", " ") for t in texts]
    cps = _encode(texts)
    done = _fold(cps, odd_ok=False)
    if done is not None:
        return done
    odd = _fold_table()[cps] >= _ODD
    doc = np.cumsum(cps == 10)[odd]
    for i in np.unique(doc).tolist():
        texts[i] = unicodedata.normalize("NFKC", texts[i]).replace("\n", " ")
    done = _fold(_encode(texts), odd_ok=True)
    assert done is not None
    return done


def normalised_codepoints(texts: Sequence[str]) -> np.ndarray:
    """Normalised texts (module doc, 1) as one uint32 code-point array, texts separated by 10.

    Fast path in numpy: one lookup table (`_fold_table`: t2s, full-width ASCII → ASCII by
    offset, A–Z → a–z, removed characters → 0), applied blockwise. Only texts holding other
    characters (compatibility ideographs, circled digits, half-width katakana …) go through
    `unicodedata` NFKC first.
    """
    return _folded(texts)[0]


def normalise_texts(texts: Sequence[str]) -> list[str]:
    """Normalised texts as strings (module doc, 1); the reference form for tests."""
    if not texts:
        return []
    return normalised_codepoints(texts).tobytes().decode("utf-32-le").split("\n")


def _mix64_into(x: np.ndarray, tmp: np.ndarray) -> None:
    """`_mix64` in place on uint64 x, with tmp (same shape) as scratch."""
    np.right_shift(x, np.uint64(30), out=tmp)
    x ^= tmp
    x *= np.uint64(0xBF58476D1CE4E5B9)
    np.right_shift(x, np.uint64(27), out=tmp)
    x ^= tmp
    x *= np.uint64(0x94D049BB133111EB)
    np.right_shift(x, np.uint64(31), out=tmp)
    x ^= tmp


def _window_hashes(cps: np.ndarray, n: int) -> np.ndarray:
    """uint32 hash of every n-code-point window of cps (separators included), blockwise:
    n ≤ 3: exact 21-bit packing; n > 3: FNV-style polynomial; then splitmix64, high 32 bits."""
    m = len(cps) - n + 1
    out = np.empty(max(m, 0), dtype=np.uint32)
    key = np.empty(_BLOCK, dtype=np.uint64)
    tmp = np.empty(_BLOCK, dtype=np.uint64)
    for lo in range(0, m, _BLOCK):
        hi = min(m, lo + _BLOCK)
        k, t = key[: hi - lo], tmp[: hi - lo]
        k[:] = cps[lo:hi]
        for j in range(1, n):
            t[:] = cps[lo + j : hi + j]
            if n <= 3:
                k <<= np.uint64(21)
                k |= t
            else:
                k *= np.uint64(0x100000001B3)
                k += t
        _mix64_into(k, t)
        k >>= np.uint64(32)
        out[lo:hi] = k
    return out


def _ngrams(
    cps: np.ndarray, seps: np.ndarray, n: int, stop: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """(hashes uint32, offsets) of the n-grams of separator-joined code points, without those
    whose hash is in the sorted array `stop`."""
    lengths = np.diff(np.concatenate(([-1], seps, [len(cps)]))) - 1
    counts = np.maximum(lengths - n + 1, 0)
    if len(cps) < n:
        return np.empty(0, dtype=np.uint32), np.concatenate(([0], np.cumsum(counts)))
    h = _window_hashes(cps, n)
    m = len(h)
    keep = np.ones(m, dtype=bool)  # a window is valid when no separator lies in it
    for d in range(n):
        at = seps - d
        keep[at[(at >= 0) & (at < m)]] = False
    if stop is not None and len(stop):
        # a 2^20-entry filter on the high bits, then an exact look-up of the few that pass
        filt = np.zeros(1 << 20, dtype=bool)
        filt[stop >> np.uint32(12)] = True
        drop = []
        for lo in range(0, m, _BLOCK):
            part = h[lo : lo + _BLOCK]
            c = np.flatnonzero(filt[part >> np.uint32(12)])
            v = part[c]
            at = np.minimum(np.searchsorted(stop, v), len(stop) - 1)
            drop.append(c[stop[at] == v] + lo)
        drop = np.concatenate(drop)
        drop = drop[keep[drop]]
        keep[drop] = False
        starts = np.concatenate(([0], seps + 1))
        counts = counts - np.diff(np.searchsorted(drop, np.concatenate((starts, [m]))))
    return h[keep], np.concatenate(([0], np.cumsum(counts)))


def _ngram_hashes(cps: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(hashes uint32, offsets) of the n-grams of separator-joined code points."""
    return _ngrams(cps, np.flatnonzero(cps == 10), n, None)


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
    cps, seps = _folded(texts)
    lengths = np.diff(np.concatenate(([-1], seps, [len(cps)]))) - 1
    if ((lengths > 0) & (lengths < n)).any():
        parts = cps.tobytes().decode("utf-32-le").split("\n")
        cps = _encode([t if len(t) >= n or not t else t.ljust(n, _PAD) for t in parts])
        seps = np.flatnonzero(cps == 10)
    table = (_stop_hashes(n) if n != NGRAM else STOP_HASHES()) if stop else None
    return _ngrams(cps, seps, n, table)
