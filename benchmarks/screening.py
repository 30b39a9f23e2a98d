"""Benchmark of integrity screening (issue 6, "Speed"). Not a test; no database needed.

    .venv/bin/python benchmarks/screening.py --quick     # 50,000 marks / 50,000 patents, < 1 min
    .venv/bin/python benchmarks/screening.py             # 500,000 / 500,000 (long)
    .venv/bin/python benchmarks/screening.py --marks 100000 --patents 100000

Data are synthetic and deterministic: marks from engine/tests/synthetic.py (random marks plus
planted similar variants), patent texts from engine/tests/synthetic_patents.py (random
title + abstract + claims plus 2 % planted twins at exact 3-gram Jaccard 0.6–0.95).
Each part runs in a forked child, so its peak RSS (getrusage) is its own.

(a) Marks. 1,000 new marks (variants of register marks and fresh random marks) through
    `MarkIndex.query`, against a brute force that applies the engine's own judgement to the
    whole register: rapidfuzz `process.cdist` (workers=-1) of the query's core against every
    core (fuzz.ratio) and of its pinyin against every pinyin; every mark at core ratio ≥ 40 or
    pinyin ratio ≥ 60 is shortlisted and judged by `compare_normalised`. The cut is generous
    on purpose: every rule of compare.py leaves a ratio above it for register marks of ≤ 5
    units plus generic words (two characters sharing one: 50; 3 of 10 contained: 46; same
    pinyin: 100). Brute force runs on `--brute-queries` of the 1,000 (all by default, 200
    with --quick) and its time is scaled per query; recall = |index ∩ brute| / |brute|.
(b) Near-duplicate patents over the whole register, every library timed from the same raw
    texts to verified pairs: `NearDupIndex` (normalisation, shingling, signatures, LSH, exact
    verification); rensa (RMinHash + RMinHashLSH) and datasketch (MinHash + MinHashLSH) from
    the same shingle strings (boilerplate removed), whose preparation from the raw texts
    (normalise_texts + Python sets of 3-grams) is timed once and added to each; their time
    from the shingle strings alone is printed too. Same 128
    permutations, 4 rows a band and the same exact-Jaccard verification of the candidates;
    rensa and datasketch take 32 bands (the most 128 values give them at 4 rows), ours 64:
    its default reads the 128 values twice, in two orders (neardup.py, 4), for recall near
    the threshold at the same signature cost. datasketch is slow, so it runs on the first `--ds-docs` texts and its time
    is scaled linearly to the register (its LSH work is linear in the texts); recall is
    measured on the planted pairs inside what each library saw. Ours is timed after a
    one-text warm-up that builds its process-wide tables (t2s lookup, boilerplate hashes).
Last line: `mark_speedup=… mark_recall=… dup_speedup=… dup_vs_rensa=… dup_recall=… peak_rss_mb=…`
(dup_speedup = datasketch time / ours, dup_vs_rensa = rensa time / ours, > 1 means faster).
"""

import argparse
import multiprocessing as mp
import random
import resource
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ipcoord.integrity.engine.compare import SIMILAR_THRESHOLD, compare_normalised  # noqa: E402
from ipcoord.integrity.engine.index import MarkIndex  # noqa: E402
from ipcoord.integrity.engine.neardup import (  # noqa: E402
    NearDupIndex,
    exact_jaccard,
    normalise_texts,
    shingle_hashes,
    stop_shingles,
)
from ipcoord.integrity.engine.normalise import normalise  # noqa: E402
from ipcoord.integrity.engine.tests import synthetic  # noqa: E402
from ipcoord.integrity.engine.tests.synthetic_patents import patent_register  # noqa: E402

NUM_PERM, BANDS, ROWS, THRESHOLD = 128, 32, 4, 0.6
OUR_BANDS = 64  # NearDupIndex's default at 128 / 0.6: each value in two bands
PREP_CHUNK = 25_000  # texts per chunk of shingle strings for rensa and datasketch


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_child(fn, *args) -> dict:
    with mp.get_context("fork").Pool(1) as pool:
        return pool.apply(fn, args)


def marks_part(n: int, queries: int, brute_queries: int) -> dict:
    from rapidfuzz import fuzz, process

    rows, _ = synthetic.register(n, n // 50)
    rng = random.Random(16)
    new = [synthetic.variant(rng.choice(rows)[1], rng) for _ in range(queries // 2)]
    new += [synthetic._random_mark(rng) for _ in range(queries - len(new))]
    start = time.perf_counter()
    index = MarkIndex(rows)
    build = time.perf_counter() - start
    index.query("康师傅")  # one-time set-up both sides share (jieba's word list), not timed
    start = time.perf_counter()
    found = [{h.id for h in index.query(q, limit=None)} for q in new]
    t_index = time.perf_counter() - start

    marks = [normalise(t) for _, t, _ in rows]  # shared preprocessing, not timed
    cores = [m.core for m in marks]
    pinyin = ["".join(m.syllables) for m in marks]
    sub = new[:brute_queries]
    start = time.perf_counter()
    qn = [normalise(q) for q in sub]
    s_core = process.cdist(
        [m.core for m in qn], cores, scorer=fuzz.ratio, dtype=np.uint8, workers=-1
    )
    s_pin = process.cdist(
        ["".join(m.syllables) for m in qn], pinyin, scorer=fuzz.ratio, dtype=np.uint8, workers=-1
    )
    truth = []
    shortlisted = 0
    for k, q in enumerate(qn):
        short = np.flatnonzero((s_core[k] >= 40) | (s_pin[k] >= 60))
        shortlisted += len(short)
        truth.append(
            {
                rows[i][0]
                for i in short.tolist()
                if compare_normalised(q, marks[i])[0] >= SIMILAR_THRESHOLD
            }
        )
    t_brute = (time.perf_counter() - start) * len(new) / len(sub)
    pairs = sum(len(t) for t in truth)
    hit = sum(len(t & f) for t, f in zip(truth, found, strict=False))
    return {
        "build_s": build,
        "index_s": t_index,
        "brute_s": t_brute,
        "speedup": t_brute / t_index,
        "recall": hit / pairs if pairs else 1.0,
        "pairs": pairs,
        "shortlist_per_query": shortlisted / len(sub),
        "rss": peak_mb(),
    }


def _recall(
    found: set[tuple[int, int]], planted: list[tuple[int, int, float]], limit: int
) -> float:
    truth = [(a, b) for a, b, j in planted if j >= THRESHOLD and b < limit]
    return sum((min(a, b), max(a, b)) in found for a, b in truth) / max(1, len(truth))


def _verified(
    pairs: set[tuple[int, int]], hashes: np.ndarray, offsets: np.ndarray
) -> set[tuple[int, int]]:
    if not pairs:
        return set()
    arr = np.array(sorted(pairs), dtype=np.int64)
    sim = exact_jaccard(hashes, offsets, arr[:, 0], arr[:, 1])
    return {(int(a), int(b)) for (a, b), s in zip(arr.tolist(), sim, strict=True) if s >= THRESHOLD}


def dup_part(n: int, ds_docs: int) -> dict:
    ids, texts, planted = patent_register(n, n // 50)
    stop = stop_shingles()
    NearDupIndex().add_many([0], [texts[0]])  # one-time set-up (t2s table, boilerplate hashes)
    start = time.perf_counter()
    index = NearDupIndex(NUM_PERM, OUR_BANDS, ROWS, THRESHOLD)
    index.add_many(ids, texts)
    a, b, _ = index.pair_arrays()
    t_ours = time.perf_counter() - start
    ours = set(zip(a.tolist(), b.tolist(), strict=True))
    out = {"ours_s": t_ours, "ours_recall": _recall(ours, planted, len(texts)), "pairs": len(ours)}
    out["rss_ours"] = peak_mb()

    # the same shingles as strings for the other libraries: timed once and added to each of
    # them, so that every library is timed from the same raw texts to verified pairs. Made a
    # chunk at a time: Python sets of strings for a whole large register do not fit in memory.
    # rensa's signatures are made per chunk too (timed as rensa's); datasketch keeps only the
    # shingles of its sample.
    hashes, offsets = shingle_hashes(texts)
    m = min(ds_docs, len(texts))
    twins = planted[: m // 50]  # datasketch's sample: planted twins, their sources, then fill
    sample = {a for a, _, _ in twins} | {b for _, b, _ in twins}
    sample = sorted(sample | set(range(m - len(sample))))
    wanted = set(sample)
    sample_shingles: dict[int, list[str]] = {}
    try:
        import rensa
    except ImportError:
        rensa = None
    mhs: list = []
    t_prep = t_rensa_sigs = 0.0
    for lo in range(0, len(texts), PREP_CHUNK):
        start = time.perf_counter()
        norm = normalise_texts(texts[lo : lo + PREP_CHUNK])
        shingles = [sorted({t[i : i + 3] for i in range(len(t) - 2)} - stop) for t in norm]
        t_prep += time.perf_counter() - start
        if rensa is not None:
            start = time.perf_counter()
            mhs.extend(rensa.RMinHash.from_token_sets(shingles, NUM_PERM, 1))
            t_rensa_sigs += time.perf_counter() - start
        sample_shingles.update((lo + k, sh) for k, sh in enumerate(shingles) if lo + k in wanted)
        del norm, shingles
    out["prep_s"] = t_prep
    if rensa is not None:
        start = time.perf_counter()
        lsh = rensa.RMinHashLSH(THRESHOLD, NUM_PERM, BANDS)
        lsh.insert_many(mhs)
        cand = {
            (min(i, j), max(i, j)) for i, c in enumerate(lsh.query_all(mhs)) for j in c if j != i
        }
        found = _verified(cand, hashes, offsets)
        out["rensa_lib_s"] = t_rensa_sigs + time.perf_counter() - start
        out["rensa_s"] = t_prep + out["rensa_lib_s"]
        out["rensa_recall"] = _recall(found, planted, len(texts))
        del mhs, lsh, cand
    else:
        out["rensa_s"] = out["rensa_lib_s"] = out["rensa_recall"] = float("nan")
    try:
        from datasketch import MinHash, MinHashLSH

        start = time.perf_counter()
        lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
        sigs = {}
        for i in sample:
            mh = MinHash(num_perm=NUM_PERM)
            mh.update_batch([s.encode() for s in sample_shingles[i]])
            sigs[i] = mh
            lsh.insert(i, mh)
        cand = {(min(i, j), max(i, j)) for i in sample for j in lsh.query(sigs[i]) if j != i}
        found = _verified(cand, hashes, offsets)
        out["ds_lib_s"] = (time.perf_counter() - start) * len(texts) / len(sample)
        out["ds_s"] = t_prep + out["ds_lib_s"]
        truth = [(x, y) for x, y, j in planted if j >= THRESHOLD and x in sigs and y in sigs]
        out["ds_recall"] = sum((min(x, y), max(x, y)) in found for x, y in truth) / max(
            1, len(truth)
        )
        out["ds_docs"] = len(sample)
    except ImportError:
        out["ds_s"] = out["ds_lib_s"] = out["ds_recall"] = float("nan")
    out["rss"] = peak_mb()
    return out


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--quick", action="store_true", help="50,000 of each")
    p.add_argument("--marks", type=int)
    p.add_argument("--patents", type=int)
    p.add_argument("--queries", type=int, default=1000)
    p.add_argument("--brute-queries", type=int)
    p.add_argument("--ds-docs", type=int)
    args = p.parse_args()
    size = 50_000 if args.quick else 500_000
    n_marks, n_pat = args.marks or size, args.patents or size
    brute = args.brute_queries or (200 if args.quick else args.queries)
    ds_docs = args.ds_docs or (5_000 if args.quick else 20_000)

    print(f"(a) marks: {n_marks:,} in the register, {args.queries:,} new marks", flush=True)
    m = in_child(marks_part, n_marks, args.queries, brute)
    print(
        f"    index build {m['build_s']:.1f} s; queries {m['index_s']:.2f} s; brute force "
        f"{m['brute_s']:.1f} s (timed on {brute}, shortlist {m['shortlist_per_query']:.0f}/query); "
        f"{m['pairs']} similar pairs; recall {m['recall']:.4f}; peak RSS {m['rss']:.0f} MB",
        flush=True,
    )
    print(f"(b) near-duplicate patents: {n_pat:,} + {n_pat // 50:,} planted twins", flush=True)
    d = in_child(dup_part, n_pat, ds_docs)
    print(
        "    all timed from the raw texts to verified pairs (normalise, shingle, MinHash, LSH,\n"
        "    exact Jaccard of the candidates); rensa and datasketch get the shared shingle-string\n"
        f"    preparation ({d['prep_s']:.2f} s, pure Python) added to their own time\n"
        f"    ours {d['ours_s']:.2f} s (recall {d['ours_recall']:.4f}, {d['pairs']} pairs, "
        f"peak RSS {d['rss_ours']:.0f} MB)\n"
        f"    rensa {d['rensa_s']:.2f} s = prep + {d['rensa_lib_s']:.2f} s from the shingle "
        f"strings (recall {d['rensa_recall']:.4f})\n"
        f"    datasketch {d['ds_s']:.1f} s = prep + {d['ds_lib_s']:.1f} s from the shingle strings, "
        f"scaled from {d.get('ds_docs', 0):,} texts (recall {d['ds_recall']:.4f}); "
        f"part peak RSS {d['rss']:.0f} MB\n"
        f"    from the shingle strings alone (prep not counted for them, counted for ours): "
        f"vs rensa {d['rensa_lib_s'] / d['ours_s']:.2f}, vs datasketch "
        f"{d['ds_lib_s'] / d['ours_s']:.1f}",
        flush=True,
    )
    recall = min(d["ours_recall"], 1.0)
    print(
        f"mark_speedup={m['brute_s'] / m['index_s']:.1f} mark_recall={m['recall']:.4f} "
        f"dup_speedup={d['ds_s'] / d['ours_s']:.1f} dup_vs_rensa={d['rensa_s'] / d['ours_s']:.2f} "
        f"dup_recall={recall:.4f} peak_rss_mb={max(m['rss'], d['rss']):.0f}"
    )


if __name__ == "__main__":
    main()
