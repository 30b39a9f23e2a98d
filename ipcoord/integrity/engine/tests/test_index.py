"""The index against brute force on a synthetic register, persistence, and protected lists."""

import json
import random

import pytest

from ipcoord.integrity.engine import MarkIndex, screen_protected
from ipcoord.integrity.engine.cli import run
from ipcoord.integrity.engine.tests.synthetic import register


@pytest.fixture(scope="module")
def synthetic() -> tuple[MarkIndex, list[str]]:
    rows, planted = register(3000, 300)
    rng = random.Random(1)
    queries = planted[:40] + [rng.choice(rows)[1] for _ in range(20)]
    return MarkIndex(rows), queries


def test_index_recall_against_brute_force(synthetic: tuple[MarkIndex, list[str]]) -> None:
    index, queries = synthetic
    truth = [set(index.brute_force(q)) for q in queries]
    found = [{h.id for h in index.query(q, limit=None)} for q in queries]
    pairs = sum(len(t) for t in truth)
    recall = sum(len(t & f) for t, f in zip(truth, found, strict=True)) / pairs
    assert pairs > len(queries)  # every planted variant finds at least its source
    assert recall >= 0.98
    assert all(f <= t for t, f in zip(truth, found, strict=True))  # verified: no extras
    # the speed is measured by benchmarks/screening.py, not asserted here


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("太白免", {"大白兔"}),  # look-alikes in two places
        ("康帅博", {"康师傅"}),
        ("8号", {"八号"}),  # digits read aloud
        ("三六一度", {"361度"}),
        ("Starbux", {"STARBUCKS"}),  # Latin near-spelling
        ("KANSIHU", {"康师傅"}),  # pinyin as commonly misheard
        ("KANGSIFU", {"康师傅"}),  # read as kang si fu first
        ("金六福", set()),  # shares only 金 with 金龙鱼
        ("NOKIA", set()),  # the code NK of NIKE is too short to count
    ],
)
def test_index_finds_each_new_kind(query: str, expected: set[str]) -> None:
    marks = ["大白兔", "康师傅", "八号", "361度", "STARBUCKS", "金龙鱼", "NIKE", "茅台", "华为"]
    index = MarkIndex((text, text, ()) for text in marks)
    assert {h.id for h in index.query(query, limit=None)} == expected
    assert set(index.brute_force(query)) == expected


def test_query_reports_reasons_and_class_relation() -> None:
    index = MarkIndex(
        [(1, "康师傅", [30]), (2, "华润", [35]), (3, "康帅傅", [32]), (4, "茅台", None)]
    )
    hits = index.query("康師傅食品", classes=[30])
    assert [h.id for h in hits] == [1, 3]
    assert hits[0].class_relation == "same" and hits[1].class_relation == "similar"
    assert "在他人商标「康师傅」基础上增加通用词「食品」" in hits[0].reasons
    assert index.query("华为") == []


def test_save_and_load(tmp_path, synthetic: tuple[MarkIndex, list[str]]) -> None:
    index, queries = synthetic
    index.save(tmp_path / "marks.idx")
    again = MarkIndex.load(tmp_path / "marks.idx")
    assert len(again) == len(index)
    for q in queries[:10]:
        assert again.query(q) == index.query(q)


def test_extend_keeps_earlier_rows() -> None:
    index = MarkIndex([(1, "康师傅", ())])
    index.extend([(2, "娃哈哈", ())])
    assert [h.id for h in index.query("康帅傅")] == [1]
    assert [h.id for h in index.query("娃娃哈")] == [2]


@pytest.mark.parametrize(
    ("text", "sign", "reason"),
    [
        ("紅十字", "红十字", "与禁用标志「红十字」相同（商标法第十条第一款）"),
        ("中国银行", "中国", "包含禁用标志「中国」"),
        ("BINGDUNDUN", "冰墩墩", "与特殊标志「冰墩墩」近似"),
        ("康帅傅食品", "康师傅", "与知名商标「康师傅」近似"),
        ("北京", "北京", "县级以上行政区划地名「北京」相同"),
        ("大白免", "大白兔", "与知名商标「大白兔」近似"),
    ],
)
def test_protected_lists(text: str, sign: str, reason: str) -> None:
    hits = {h.text: h for h in screen_protected(text)}
    assert sign in hits
    assert any(reason in r for r in hits[sign].reasons), hits[sign].reasons


def test_protected_lists_do_not_fire_on_a_shared_common_character() -> None:
    assert screen_protected("华润") == []
    assert screen_protected("小鹏") == []


def test_cli_compare(capsys) -> None:
    assert run(["compare", "康师傅", "康帅傅"]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    got = json.loads(out[0])
    assert got["similar"] is True and got["a"] == "康师傅" and "「帅」" in out[0]


def test_cli_mark_with_register(tmp_path, capsys) -> None:
    reg = tmp_path / "reg.jsonl"
    reg.write_text(
        '{"id": 7, "text": "康帅傅", "classes": [32]}\n{"id": 8, "text": "华润"}\n', "utf-8"
    )
    assert run(["mark", "康师傅食品", "--classes", "30", "--register", str(reg)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(h["source"], h["id"]) for h in lines] == [
        ("protected", "famous:康师傅"),
        ("register", 7),
    ]
    assert lines[1]["class_relation"] == "similar"


def test_cli_rejects_bad_classes(capsys) -> None:
    assert run(["mark", "康师傅", "--classes", "99"]) == 2
    assert "1 to 45" in capsys.readouterr().err
