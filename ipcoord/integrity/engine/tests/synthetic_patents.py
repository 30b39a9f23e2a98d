"""A synthetic patent register: random texts plus planted near-duplicates at known Jaccard.

Texts are title + abstract + claims built from patent boilerplate (本发明涉及, 所述, 其特征在于)
and random technical "words" of 2–4 characters, so unrelated texts share some 3-grams, as
real claims do. A planted twin starts from a register text and gets word substitutions until
its exact 3-gram Jaccard with the source (after `normalise_texts`) is just at or above a target
drawn from 0.6–0.95; some twins also swap two claims (simple recombination) or are written
in traditional characters with full-width punctuation (normalisation must undo that).
Deterministic for a seed. Used by the tests and by benchmarks/screening.py.
"""

import random

import numpy as np
import opencc

from ..neardup import NGRAM, normalise_texts, stop_shingles

CHARS = (
    "电池管理系统控制器传感器显示屏温度压力信号模块单元电路板连接件壳体支架固定转轴齿轮电机"
    "驱动装置方法步骤数据处理通信网络终端服务器存储介质程序图像识别检测光源透镜散热风扇叶片"
    "阀门管道流体泵体密封圈弹簧卡扣螺栓底座顶盖侧板滑轨导向机构夹持组件切割刀具加热冷却"
    "材料组合物制备工艺催化剂反应釜溶液浓度混合搅拌过滤干燥颗粒纤维涂层薄膜基板芯片封装"
)
TITLE = ("一种{}及其{}", "一种{}的{}", "{}{}", "一种基于{}的{}")
OPEN = ("本发明涉及{}技术领域，具体涉及一种{}。", "本实用新型公开了一种{}，包括{}。")
CLAIM = ("根据权利要求{}所述的{}，其特征在于，所述{}包括{}和{}。", "{}，其特征在于：{}与{}连接，")
_s2t = opencc.OpenCC("s2t")


def _vocab(rng: random.Random, size: int = 6000) -> list[str]:
    return [
        "".join(rng.choice(CHARS) for _ in range(rng.choice((2, 2, 3, 4)))) for _ in range(size)
    ]


def _text(rng: random.Random, vocab: list[str], words: np.ndarray) -> list[str]:
    """A text as a list of pieces (words and boilerplate), so twins can swap words."""
    w = [vocab[i] for i in words.tolist()]
    out = [rng.choice(TITLE).format(w[0], w[1]), "。"]
    out += rng.choice(OPEN).format(w[2], w[3]).split("{}")
    k = 4
    for claim in range(1, 5):
        out.append(rng.choice(CLAIM).format(claim, w[k], w[k + 1], w[k + 2], w[k + 3]))
        out += w[k + 4 : k + 10]
        out.append("。")
        k += 10
    out += w[k:]
    return out


def shingle_set(text: str, n: int = NGRAM) -> set[str]:
    """Exact n-gram set of a text after normalisation, boilerplate dropped (plain Python)."""
    t = normalise_texts([text])[0]
    if 0 < len(t) < n:
        t = t.ljust(n, "\u3400")
    return {t[i : i + n] for i in range(len(t) - n + 1)} - stop_shingles(n)


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _twin(
    rng: random.Random, pieces: list[str], vocab: list[str], target: float
) -> tuple[str, float]:
    src = shingle_set("".join(pieces))
    pieces = list(pieces)
    if rng.random() < 0.3:  # simple recombination: two claims change places
        cut = [i for i, p in enumerate(pieces) if p == "。"]
        if len(cut) >= 4:
            a, b, c = cut[1], cut[2], cut[3]
            pieces = (
                pieces[: a + 1] + pieces[b + 1 : c + 1] + pieces[a + 1 : b + 1] + pieces[c + 1 :]
            )
    word_at = [i for i, p in enumerate(pieces) if 2 <= len(p) <= 4]
    rng.shuffle(word_at)
    edits = [(i, rng.choice(vocab)) for i in word_at]

    def build(m: int) -> list[str]:
        out = list(pieces)
        for i, w in edits[:m]:
            out[i] = w
        return out

    lo, hi = 0, len(edits)  # largest m with J ≥ target (J falls as m grows, roughly)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if jaccard(src, shingle_set("".join(build(mid)))) >= target:
            lo = mid
        else:
            hi = mid - 1
    text = "".join(build(lo))
    got = jaccard(src, shingle_set(text))
    if rng.random() < 0.2:
        text = _s2t.convert(text).replace("，", "，").replace("。", "．")
    return text, got


def patent_register(
    n: int, planted: int, seed: int = 77, low: float = 0.6, high: float = 0.95
) -> tuple[list[int], list[str], list[tuple[int, int, float]]]:
    """`n` random texts plus `planted` twins; returns (ids, texts, [(source, twin, exact J)])."""
    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    vocab = _vocab(rng)
    words = nrng.integers(0, len(vocab), size=(n, 60))
    pieces = [_text(rng, vocab, words[i]) for i in range(n)]
    texts = ["".join(p) for p in pieces]
    pairs = []
    for k in range(planted):
        src = rng.randrange(n)
        text, got = _twin(rng, pieces[src], vocab, rng.uniform(low, high))
        texts.append(text)
        pairs.append((src, n + k, got))
    return list(range(len(texts))), texts, pairs
