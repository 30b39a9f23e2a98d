"""Near-duplicate patent texts across a whole register (CNIPA order 77, art. 3 item 1).

Pipeline, all numpy, no Python loop per character or per shingle:

1. Text. Title + abstract + claims, normalised as one string (`normalise_texts`): NFKC (so
   full-width letters, digits and punctuation become half-width), traditional → simplified
   (OpenCC t2s), case-folded, and everything but CJK characters, Latin letters and digits
   removed (punctuation, whitespace, symbols). Same folding as the trademark `clean`.
2. Shingles. Character n-grams, n = 3 by default (`NGRAM`): for Chinese a 2-gram is about a
   word and matches across unrelated texts of one field (装置, 连接, 所述); 3-grams pair up two
   words and keep the background Jaccard of unrelated claims low (≈ 0.05) while a rewording
   of one word in every ten characters still keeps most 3-grams. A code point fits 21 bits,
   so a 3-gram packs exactly into 63 bits and is then mixed (splitmix64) to a 32-bit shingle
   hash. Texts shorter than n are one padded shingle; empty texts have none and never pair.
   n-grams wholly inside patent boilerplate (其特征在于, 根据权利要求#所述的 …) are dropped.
   Steps 1–2 live in shingles.py.
3. Signatures. `num_perm` MinHash values per text by one-permutation hashing (Li, Owen and
   Zhang 2012) with optimal densification (Shrivastava 2017): each shingle hash is mixed once
   to 64 bits, its high bits choose one of the `num_perm` slots and its low 32 bits are the
   value; a slot keeps its minimum (`np.minimum.at`), and an empty slot copies the slot its
   own probe sequence hits first. P[slot agrees] = Jaccard, as for k independent
   permutations, at O(shingles) instead of O(shingles × k) work. Caveat: with few shingles
   (< num_perm) the slots are correlated and the estimate is noisier than k-permutation
   MinHash; verification below uses exact Jaccard by default, so this costs no precision.
4. LSH. A pair becomes a candidate when all `rows` values of at least one of `bands` bands
   agree, with probability ≈ 1 − (1 − J^rows)^bands (`candidate_probability`). An LSH
   threshold equal to the decision threshold loses about half the pairs near it, so
   `choose_bands` takes the largest `rows` (fewest chance candidates) that still gives
   P ≥ `min_prob` (0.999) at the decision threshold, with the signature read in `passes` (2)
   partitions into bands: the first in slot order, the next in a fixed shuffled order
   (`band_columns`), so each value sits in two bands and the signature costs nothing more.
   For 128 slots and threshold 0.6 that is 64 bands × 4 rows: P(0.6) ≈ 0.9999, P(0.5) ≈
   0.98, P(0.3) ≈ 0.41, P(0.1) ≈ 0.006 (one pass, 32 × 4, gives 0.988 at 0.6 and loses about
   one pair in a thousand of those planted at 0.6–0.95). Caveat: bands of two passes share
   values, so they are not independent and the true P is a little below the formula; the
   benchmark measures recall, and verification removes every chance candidate.
5. Verification. Candidates are checked by exact Jaccard of their shingle-hash sets
   (`verify="exact"`, default; vectorised over all candidates at once) or by signature
   agreement (`verify="estimate"`, no stored shingles needed, ± ≈ 0.04 at J = 0.6 with 128
   slots, so it loses and admits pairs near the threshold).

Persistence: `save`/`load` write one `.npz` (no pickle); ids must be str or int.
Caveats: 32-bit shingle hashes collide with probability ≈ 2⁻³²/pair of shingles (negligible
for Jaccard); a text that is a subset of a much longer one has a low Jaccard even when fully
copied (containment is not measured); huge buckets (the same boilerplate in thousands of
texts) cost quadratic pairs — they are real near-duplicates, but cap them upstream if needed.
"""

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .shingles import (  # noqa: F401 - re-exported
    _BLOCK,
    BOILERPLATE,
    NGRAM,
    _mix64,
    _mix64_into,
    normalise_texts,
    shingle_hashes,
    stop_shingles,
)

DEFAULT_THRESHOLD = 0.6
FORMAT_VERSION = 1
# Candidates whose signature agreement is this far below the threshold skip exact Jaccard:
# with 128 slots the estimate's standard deviation at J = 0.6 is ≈ 0.043, so 0.2 is ≈ 4.6 sd.
PREFILTER = 0.2
_M32 = np.uint64(0xFFFFFFFF)


def candidate_probability(j: float | np.ndarray, bands: int, rows: int) -> float | np.ndarray:
    """P[a pair at Jaccard j shares at least one band] = 1 − (1 − j^rows)^bands."""
    return 1.0 - (1.0 - np.asarray(j, dtype=float) ** rows) ** bands


def choose_bands(
    num_perm: int, threshold: float, min_prob: float = 0.999, passes: int = 2
) -> tuple[int, int]:
    """(bands, rows): the largest rows with P(candidate | J = threshold) ≥ min_prob when the
    `num_perm` values are read `passes` times into bands of `rows` (module doc, 4)."""
    for rows in range(num_perm, 0, -1):
        bands = passes * (num_perm // rows)
        if candidate_probability(threshold, bands, rows) >= min_prob:
            return bands, rows
    raise ValueError(f"no banding of {num_perm} reaches {min_prob} at {threshold}")


def band_columns(num_perm: int, bands: int, rows: int) -> np.ndarray:
    """Slot numbers [bands, rows] of each band: pass 0 in slot order, pass p ≥ 1 in a fixed
    shuffle of the slots (seed p), so saved indexes and queries agree."""
    per_pass = num_perm // rows
    passes = -(-bands // per_pass)
    order = [np.arange(num_perm)]
    order += [np.random.default_rng(p).permutation(num_perm) for p in range(1, passes)]
    slots = np.concatenate([o[: per_pass * rows] for o in order])
    return slots[: bands * rows].reshape(bands, rows)


def sketch(
    hashes: np.ndarray, offsets: np.ndarray, num_perm: int, seed: int = 1
) -> tuple[np.ndarray, np.ndarray]:
    """One-permutation MinHash with optimal densification (module doc, 3).

    Returns (signatures uint32 [docs, num_perm], empty bool [docs]).
    """
    docs = len(offsets) - 1
    sig = np.full(docs * num_perm, np.iinfo(np.uint32).max, dtype=np.uint32)
    filled = np.zeros(docs * num_perm, dtype=bool)
    salt = np.uint64(seed * 0x9E3779B97F4A7C15 & 0xFFFFFFFFFFFFFFFF)
    x = np.empty(_BLOCK, dtype=np.uint64)
    y = np.empty(_BLOCK, dtype=np.uint64)
    total = int(offsets[-1])
    for lo in range(0, total, _BLOCK):  # blockwise, in place: see shingles._BLOCK
        hi = min(total, lo + _BLOCK)
        h, t = x[: hi - lo], y[: hi - lo]
        h[:] = hashes[lo:hi]
        h ^= salt
        _mix64_into(h, t)
        np.right_shift(h, np.uint64(32), out=t)
        t *= np.uint64(num_perm)
        t >>= np.uint64(32)  # slot
        d0, d1 = np.searchsorted(offsets, [lo, hi - 1], "right") - 1
        lens = np.minimum(offsets[d0 + 1 : d1 + 2], hi) - np.maximum(offsets[d0 : d1 + 1], lo)
        flat = np.repeat(np.arange(d0, d1 + 1, dtype=np.int64) * num_perm, lens)
        flat += t.view(np.int64)
        h &= _M32
        np.minimum.at(sig, flat, h.astype(np.uint32))
        filled[flat] = True
    empty_doc = np.diff(offsets) == 0
    filled.reshape(docs, num_perm)[empty_doc] = True  # nothing to borrow: leave as is
    todo = np.flatnonzero(~filled)
    source = sig.copy()
    attempt = 0
    while todo.size:
        attempt += 1
        j = (todo % num_perm).astype(np.uint64)
        probe = _mix64(j * np.uint64(0x100000001B3) + np.uint64(attempt * 0x9E37 + seed))
        t = (((probe >> np.uint64(32)) * np.uint64(num_perm)) >> np.uint64(32)).astype(np.int64)
        src = todo - todo % num_perm + t
        ok = filled[src]
        sig[todo[ok]] = source[src[ok]]
        todo = todo[~ok]
    return sig.reshape(docs, num_perm), empty_doc


def _gather(values: np.ndarray, offsets: np.ndarray, rows: np.ndarray) -> np.ndarray:
    lens = offsets[rows + 1] - offsets[rows]
    base = np.concatenate(([0], np.cumsum(lens)[:-1]))
    idx = np.repeat(offsets[rows] - base, lens) + np.arange(int(lens.sum()), dtype=np.int64)
    return values[idx]


def exact_jaccard(
    hashes: np.ndarray, offsets: np.ndarray, a: np.ndarray, b: np.ndarray, chunk: int = 50_000
) -> np.ndarray:
    """Exact Jaccard of the shingle-hash sets of texts a[i] and b[i], for all i at once."""
    out = np.empty(len(a), dtype=np.float64)
    for lo in range(0, len(a), chunk):
        pa, pb = a[lo : lo + chunk], b[lo : lo + chunk]
        p = np.arange(len(pa), dtype=np.uint64)
        sizes = []
        keys = []
        for side, rows in enumerate((pa, pb)):
            lens = offsets[rows + 1] - offsets[rows]
            owner = np.repeat(p, lens)
            k = (owner << np.uint64(33)) | (np.uint64(side) << np.uint64(32))
            k |= _gather(hashes, offsets, rows)
            k.sort()
            k = k[np.concatenate(([True], k[1:] != k[:-1]))]
            sizes.append(np.bincount((k >> np.uint64(33)).astype(np.int64), minlength=len(pa)))
            keys.append(k & ~(np.uint64(1) << np.uint64(32)))
        both = np.sort(np.concatenate(keys))
        dup = both[1:][both[1:] == both[:-1]]
        inter = np.bincount((dup >> np.uint64(33)).astype(np.int64), minlength=len(pa))
        union = sizes[0] + sizes[1] - inter
        out[lo : lo + chunk] = np.where(union > 0, inter / np.maximum(union, 1), 0.0)
    return out


def band_keys(sig: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """uint64 key per (text, band): the band's `rows` values mixed together."""
    block = sig[:, band_columns(sig.shape[1], bands, rows)]
    keys = np.empty((len(sig), bands), dtype=np.uint64)
    keys[:] = np.arange(1, bands + 1, dtype=np.uint64)
    tmp = np.empty_like(keys)
    for col in range(rows):
        keys ^= block[:, :, col]
        _mix64_into(keys, tmp)
    return keys


def _bucket_pairs(keys: np.ndarray) -> np.ndarray:
    """Codes i * 2^32 + j (i < j) of the rows sharing a key in some band; keys [bands, rows].

    Per band, a counting table on the keys' high bits first drops the rows whose key is
    certainly unique (most of them), so that only the few others are sorted."""
    bands, n = keys.shape
    bits = int(min(24, max(16, np.ceil(np.log2(max(n, 2))) + 3)))
    count = np.zeros(1 << bits, dtype=np.int32)
    shift = np.uint64(64 - bits)
    band_l, rows_l, keys_l = [], [], []
    for band in range(bands):
        k = keys[band]
        slot = (k >> shift).astype(np.intp)
        np.add.at(count, slot, np.int32(1))  # (a Python 1 takes a slow path)
        maybe = np.flatnonzero(count[slot] > 1)
        count[slot] = 0
        order = maybe[np.argsort(k[maybe])]
        ks = k[order]
        same = ks[1:] == ks[:-1]
        member = np.zeros(len(ks), dtype=bool)
        member[1:] |= same
        member[:-1] |= same
        rows_l.append(order[member])
        keys_l.append(ks[member])
        band_l.append(np.full(int(member.sum()), band, dtype=np.int32))
    band, rows, ks = (np.concatenate(x) for x in (band_l, rows_l, keys_l))
    out = []
    d = 1
    while d < len(rows):
        hit = (ks[d:] == ks[:-d]) & (band[d:] == band[:-d])
        if not hit.any():
            break
        i, j = rows[:-d][hit], rows[d:][hit]
        out.append((np.minimum(i, j).astype(np.int64) << 32) | np.maximum(i, j))
        d += 1
    return np.concatenate(out) if out else np.empty(0, dtype=np.int64)


class NearDupIndex:
    """MinHash-LSH index of patent texts; `pairs()` finds all near-duplicates in it.

    bands/rows default to `choose_bands(num_perm, threshold)`; pass both to override (rows
    ≤ num_perm; bands beyond num_perm // rows read the slots again in another order). Texts are added in batches (`add_many`); band buckets
    are rebuilt lazily on the next `pairs`/`query`.
    """

    def __init__(
        self,
        num_perm: int = 128,
        bands: int | None = None,
        rows: int | None = None,
        threshold: float = DEFAULT_THRESHOLD,
        ngram: int = NGRAM,
        verify: str = "exact",
        seed: int = 1,
    ) -> None:
        if (bands is None) != (rows is None):
            raise ValueError("give both bands and rows, or neither")
        if bands is None or rows is None:
            bands, rows = choose_bands(num_perm, threshold)
        if not 0 < rows <= num_perm or bands <= 0:
            raise ValueError(f"need 0 < rows ≤ num_perm = {num_perm} and bands > 0")
        if verify not in ("exact", "estimate"):
            raise ValueError("verify is 'exact' or 'estimate'")
        self.num_perm, self.bands, self.rows = num_perm, bands, rows
        self.threshold, self.ngram, self.verify, self.seed = threshold, ngram, verify, seed
        self.ids: list[str | int] = []
        self._sig = np.empty((0, num_perm), dtype=np.uint32)
        self._empty = np.empty(0, dtype=bool)
        self._hashes = np.empty(0, dtype=np.uint32)
        self._offsets = np.zeros(1, dtype=np.int64)
        self._keys: np.ndarray | None = None  # [texts, bands] band keys
        self._sorted: list[tuple[np.ndarray, np.ndarray]] | None = None  # per band: keys, rows

    def __len__(self) -> int:
        return len(self.ids)

    def _prepare(
        self, texts: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        hashes, offsets = shingle_hashes(normalise_texts(texts), self.ngram)
        sig, empty = sketch(hashes, offsets, self.num_perm, self.seed)
        return hashes, offsets, sig, empty

    def add_many(self, ids: Sequence[str | int], texts: Sequence[str], batch: int = 20_000) -> None:
        """Add texts (title + abstract + claims joined) under their ids, in batches."""
        if len(ids) != len(texts):
            raise ValueError("ids and texts differ in length")
        hashes, offsets, sigs, empties = [self._hashes], [self._offsets], [self._sig], [self._empty]
        end = int(self._offsets[-1])
        for lo in range(0, len(texts), batch):
            h, o, s, e = self._prepare(texts[lo : lo + batch])
            hashes.append(h)
            offsets.append(o[1:] + end)
            end += int(o[-1])
            sigs.append(s)
            empties.append(e)
        self._hashes, self._offsets = np.concatenate(hashes), np.concatenate(offsets)
        self._sig, self._empty = np.concatenate(sigs), np.concatenate(empties)
        self.ids.extend(ids)
        self._keys = self._sorted = None

    def add(self, ident: str | int, text: str) -> None:
        self.add_many([ident], [text])

    def _band_keys(self) -> np.ndarray:
        if self._keys is None:
            self._keys = band_keys(self._sig, self.bands, self.rows)
        return self._keys

    def candidate_pairs(self) -> np.ndarray:
        """[m, 2] row numbers (i < j) sharing at least one band, before verification."""
        keys = self._band_keys()
        live = np.flatnonzero(~self._empty)
        c = _bucket_pairs(np.ascontiguousarray(keys[live].T))
        i, j = live[c >> 32], live[c & 0xFFFFFFFF]
        codes = np.unique((i.astype(np.int64) << 32) | j)
        return np.stack([codes >> 32, codes & 0xFFFFFFFF], axis=1)

    def _similarity(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Estimated Jaccard; with verify="exact", exact Jaccard where the estimate is within
        PREFILTER of the threshold (others keep the estimate, which is far below it)."""
        out = np.empty(len(a))
        for lo in range(0, len(a), 20_000):
            sa, sb = self._sig[a[lo : lo + 20_000]], self._sig[b[lo : lo + 20_000]]
            out[lo : lo + 20_000] = (sa == sb).sum(axis=1) / self.num_perm
        if self.verify == "exact":
            near = np.flatnonzero(out >= self.threshold - PREFILTER)
            out[near] = exact_jaccard(self._hashes, self._offsets, a[near], b[near])
        return out

    def pair_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(rows_a, rows_b, jaccard) of all verified pairs at or above the threshold."""
        cand = self.candidate_pairs()
        sim = self._similarity(cand[:, 0], cand[:, 1])
        keep = sim >= self.threshold
        return cand[keep, 0], cand[keep, 1], sim[keep]

    def pairs(self) -> list[tuple[str | int, str | int, float]]:
        """(id_a, id_b, jaccard) above the threshold, most similar first."""
        a, b, sim = self.pair_arrays()
        order = np.lexsort((b, a, -sim))
        return [(self.ids[a[k]], self.ids[b[k]], float(sim[k])) for k in order.tolist()]

    def query(self, text: str) -> list[tuple[str | int, float]]:
        """(id, jaccard) of indexed texts near-duplicating `text`, most similar first."""
        h, o, s, e = self._prepare([text])
        if e[0] or not len(self):
            return []
        if self._sorted is None:
            keys = self._band_keys()
            self._sorted = []
            for band in range(self.bands):
                order = np.argsort(keys[:, band], kind="stable")
                self._sorted.append((keys[order, band], order))
        qk = band_keys(s, self.bands, self.rows)[0]
        found = []
        for band, (ks, order) in enumerate(self._sorted):
            lo, hi = np.searchsorted(ks, qk[band], "left"), np.searchsorted(ks, qk[band], "right")
            found.append(order[lo:hi])
        cand = np.unique(np.concatenate(found))
        cand = cand[~self._empty[cand]]
        if self.verify == "exact":
            hashes = np.concatenate([self._hashes, h])
            offsets = np.concatenate([self._offsets, o[1:] + self._offsets[-1]])
            me = np.full(len(cand), len(self.ids), dtype=np.int64)
            sim = exact_jaccard(hashes, offsets, cand, me)
        else:
            sim = (self._sig[cand] == s[0]).mean(axis=1)
        keep = np.flatnonzero(sim >= self.threshold)
        keep = keep[np.argsort(-sim[keep], kind="stable")]
        return [(self.ids[cand[k]], float(sim[k])) for k in keep.tolist()]

    def save(self, path: str | Path) -> None:
        """One .npz, no pickle: ids are stored as JSON (str or int only)."""
        meta = {
            "version": FORMAT_VERSION,
            "ids": self.ids,
            **{k: getattr(self, k) for k in ("num_perm", "bands", "rows", "threshold")},
            **{k: getattr(self, k) for k in ("ngram", "verify", "seed")},
        }
        with open(path, "wb") as fh:
            np.savez(
                fh,
                meta=np.array(json.dumps(meta, ensure_ascii=False)),
                sig=self._sig,
                empty=self._empty,
                hashes=self._hashes,
                offsets=self._offsets,
            )

    @classmethod
    def load(cls, path: str | Path) -> "NearDupIndex":
        with np.load(path, allow_pickle=False) as data:
            meta = json.loads(str(data["meta"]))
            if meta.get("version") != FORMAT_VERSION:
                raise ValueError(f"index format {meta.get('version')} is not {FORMAT_VERSION}")
            index = cls(
                **{k: meta[k] for k in ("num_perm", "bands", "rows", "threshold")},
                **{k: meta[k] for k in ("ngram", "verify", "seed")},
            )
            index.ids = list(meta["ids"])
            index._sig, index._empty = data["sig"], data["empty"]
            index._hashes, index._offsets = data["hashes"], data["offsets"]
        return index
