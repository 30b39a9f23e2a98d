"""Near-duplicate patent texts (neardup.py) and the order-77 count signals (patent_signals.py)."""

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ipcoord.integrity.engine.neardup import (
    NearDupIndex,
    band_columns,
    candidate_probability,
    choose_bands,
    normalise_texts,
    shingle_hashes,
    sketch,
)
from ipcoord.integrity.engine.patent_signals import (
    Filing,
    Transfer,
    bulk_same_day,
    frequent_transfers,
    order77_findings,
    out_of_scale,
    rule_name,
    split_filings,
)
from ipcoord.integrity.engine.tests.synthetic_patents import jaccard, patent_register, shingle_set

BASE = "一种电池管理系统，包括控制器、温度传感器和显示屏，所述控制器通过总线连接温度传感器，用于在电池过热时切断充电回路。"


@pytest.fixture(scope="module")
def corpus() -> tuple[NearDupIndex, list[str], list[tuple[int, int, float]]]:
    ids, texts, planted = patent_register(3000, 300, seed=5)
    index = NearDupIndex()
    index.add_many(ids, texts)
    return index, texts, planted


def test_s_curve_candidate_probability_at_threshold() -> None:
    bands, rows = choose_bands(128, 0.6)
    assert (bands, rows) == (64, 4)  # two passes over 128 values
    assert candidate_probability(0.6, bands, rows) >= 0.999
    assert candidate_probability(0.1, bands, rows) < 0.01
    assert choose_bands(128, 0.6, min_prob=0.98, passes=1) == (32, 4)
    # an LSH threshold equal to the decision threshold would lose many pairs near it
    assert candidate_probability(0.6, 8, 16) < 0.2
    assert (NearDupIndex().bands, NearDupIndex().rows) == (64, 4)
    with pytest.raises(ValueError):
        NearDupIndex(num_perm=64, bands=32, rows=65)


def test_band_columns_read_every_slot_once_per_pass() -> None:
    cols = band_columns(128, 64, 4)
    assert cols.shape == (64, 4)
    assert sorted(cols[:32].ravel().tolist()) == list(range(128))  # pass 0: slot order
    assert cols[:32].ravel().tolist() == list(range(128))
    assert sorted(cols[32:].ravel().tolist()) == list(range(128))  # pass 1: shuffled
    assert (band_columns(128, 64, 4) == cols).all()  # fixed: saved indexes still agree
    # no band of pass 1 repeats a band of pass 0
    assert not {tuple(sorted(b)) for b in cols[:32].tolist()} & {
        tuple(sorted(b)) for b in cols[32:].tolist()
    }


def test_planted_pairs_found_and_unrelated_not_paired(corpus) -> None:
    index, texts, planted = corpus
    found = {(a, b): j for a, b, j in index.pairs()}
    truth = [(a, b) for a, b, j in planted if j >= 0.6]
    assert len(truth) >= 290
    recall = sum((min(a, b), max(a, b)) in found for a, b in truth) / len(truth)
    assert recall >= 0.98
    planted_keys = {(min(a, b), max(a, b)) for a, b, _ in planted}
    for (a, b), j in found.items():
        assert j >= 0.6
        # every reported pair is a real near-duplicate by exact Jaccard on the reference sets
        assert jaccard(shingle_set(texts[a]), shingle_set(texts[b])) == pytest.approx(j, abs=0.02)
    # anything else is two twins of one source, never two unrelated texts
    source = {twin: src for src, twin, _ in planted}
    stray = [k for k in found if k not in planted_keys]
    assert all(source.get(a, a) == source.get(b, b) for a, b in stray)


def test_normalisation_folds_script_width_and_punctuation() -> None:
    trad = "一種電池管理系統，包括控制器、溫度傳感器和顯示屏；所述控制器通過總線連接溫度傳感器，用於在電池過熱時切斷充電回路。"
    assert normalise_texts([BASE])[0] == normalise_texts([trad])[0]
    assert normalise_texts(["ＡＢＣ１２３ x y"]) == ["abc123xy"]
    index = NearDupIndex()
    index.add_many(["a", "b", "c"], [BASE, trad, "一种茶叶加工方法"])
    assert index.pairs() == [("a", "b", 1.0)]
    assert [i for i, _ in index.query(BASE)] == ["a", "b"]


def test_short_and_empty_texts() -> None:
    h, o = shingle_hashes(["", "茶", "茶叶机"])
    assert np.diff(o).tolist() == [0, 1, 1]
    index = NearDupIndex()
    index.add_many([1, 2, 3, 4], ["", "", "茶", "茶"])
    assert index.pairs() == [(3, 4, 1.0)]


def test_save_and_load(tmp_path, corpus) -> None:
    index, texts, planted = corpus
    index.save(tmp_path / "dup.npz")
    again = NearDupIndex.load(tmp_path / "dup.npz")
    assert len(again) == len(index)
    src, twin, _ = planted[0]
    assert again.query(texts[twin]) == index.query(texts[twin])
    assert src in {i for i, _ in again.query(texts[twin])}


def test_estimate_verification_mode() -> None:
    index = NearDupIndex(verify="estimate")
    index.add_many(["a", "b"], [BASE, BASE + "还包括报警器。"])
    ((a, b, j),) = index.pairs()
    assert (a, b) == ("a", "b") and j > 0.7


@settings(max_examples=40, deadline=None)
@given(
    st.sets(st.integers(0, 2**32 - 1), min_size=200, max_size=600),
    st.sets(st.integers(0, 2**32 - 1), min_size=0, max_size=400),
    st.floats(0.2, 1.0),
)
def test_minhash_estimate_close_to_exact_jaccard(shared, extra, keep) -> None:
    a = sorted(shared)
    b = sorted(list(shared)[: max(1, int(len(shared) * keep))] + list(extra))
    exact = len(set(a) & set(b)) / len(set(a) | set(b))
    hashes = np.array(a + b, dtype=np.uint32)
    offsets = np.array([0, len(a), len(a) + len(b)])
    sig, _ = sketch(hashes, offsets, 256)
    estimate = float((sig[0] == sig[1]).mean())
    assert abs(estimate - exact) <= 0.15  # ≈ 5 standard deviations at 256 slots


def test_order77_findings_describe_the_pair() -> None:
    (f,) = order77_findings([("CN1", "CN2", 0.8734)])
    assert f.rule == "《规范申请专利行为的规定》第三条第（一）项" == rule_name(1)
    assert f.evidence == {"twin": "CN2", "overlap": 0.8734}
    assert "CN2" in f.reason and "87%" in f.reason
    assert len(order77_findings([("CN1", "CN2", 0.7)], both_sides=True)) == 2


def test_bulk_same_day_and_scale() -> None:
    day = date(2025, 3, 1)
    filings = [
        Filing(f"A{i}", "甲公司", day, agency="乙代理", ipc=f"A0{i % 9}B 1/00") for i in range(25)
    ]
    filings += [Filing(f"B{i}", "丙公司", day + timedelta(days=i)) for i in range(25)]
    (f,) = bulk_same_day(filings)
    assert f.subject == "甲公司" and f.evidence["count"] == 25 and f.item == 3
    (g,) = bulk_same_day(filings, by="agency")
    assert g.subject == "乙代理" and g.item == 8
    assert bulk_same_day(filings, threshold=26) == []
    found = out_of_scale(filings, {"甲公司": 3, "丙公司": 100})
    assert {(x.kind, x.subject) for x in found} == {
        ("out_of_scale", "甲公司"),
        ("out_of_field", "甲公司"),
    }
    assert out_of_scale(filings, {}) == []


def test_frequent_transfers_without_use() -> None:
    d = date(2025, 1, 1)
    ts = [Transfer("ZL1", d + timedelta(days=90 * i), assignee=f"P{i}") for i in range(3)]
    ts += [Transfer("ZL2", d + timedelta(days=200 * i)) for i in range(3)]
    (f,) = frequent_transfers(ts)
    assert f.subject == "ZL1" and f.item == 7 and f.evidence["count"] == 3
    assert frequent_transfers(ts, uses={"ZL1": [d + timedelta(days=100)]}) == []


def test_split_filings_across_related_applicants() -> None:
    day = date(2025, 6, 2)
    # 甲 and 乙 share an address: 12 + 9 = 21 on one day, neither reaching 20 alone
    filings = [Filing(f"J{i}", "甲公司", day) for i in range(12)]
    filings += [Filing(f"Y{i}", "乙公司", day) for i in range(9)]
    # 丙 is at another address; 丁 shares 甲's address but files the next day
    filings += [Filing(f"B{i}", "丙公司", day) for i in range(15)]
    filings += [Filing(f"D{i}", "丁公司", day + timedelta(days=1)) for i in range(15)]
    related = {"甲公司": "杭州市某路1号", "乙公司": "杭州市某路1号", "丁公司": "杭州市某路1号"}
    related["丙公司"] = "宁波市某路2号"
    (f,) = split_filings(filings, related)
    assert f.item == 6 and f.rule == rule_name(6) and f.subject == "杭州市某路1号"
    assert f.evidence["by_applicant"] == {"甲公司": 12, "乙公司": 9}
    assert f.evidence["count"] == 21 and len(f.evidence["applications"]) == 21
    assert "甲公司 12件、乙公司 9件，合计21件，达到阈值20件" in f.reason
    # not split when one of them reaches the threshold alone (bulk_same_day raises that)
    more = filings + [Filing(f"J{i}", "甲公司", day) for i in range(12, 20)]
    assert split_filings(more, related) == []
    # nor below the threshold, nor for applicants with no known relation
    assert split_filings(filings, related, threshold=22) == []
    assert split_filings(filings, {}) == []
