"""Property tests: symmetry, reflexivity, idempotent normalisation, index = brute force."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypinyin import Style, lazy_pinyin

from ipcoord.integrity.engine import MarkIndex, compare, normalise
from ipcoord.integrity.engine.index import _hashes
from ipcoord.integrity.engine.normalise import (
    _pinyin_syllables,
    _syllables,
    clean,
    pinyin_split,
    strip_generic,
)

# Few characters, full of look-alikes, homophones, traditional forms and generic words, so that
# random marks often resemble each other.
ALPHABET = (
    "康师帅傅付博師娃哈大太白兔免雪雷碧华为润小米中国食品牌科技未末己已土士长乐行八三 Aa18-！"
)
marks = st.text(alphabet=ALPHABET, min_size=1, max_size=6)
fast = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@fast
@given(marks, marks)
def test_compare_is_symmetric(a: str, b: str) -> None:
    ab, ba = compare(a, b), compare(b, a)
    assert ab.score == ba.score
    assert ab.similar == ba.similar


@fast
@given(marks)
def test_a_mark_is_similar_to_itself(a: str) -> None:
    got = compare(a, a)
    assert got.similar and got.score == 1.0


@fast
@given(marks)
def test_normalisation_is_idempotent(a: str) -> None:
    once = normalise(a)
    assert clean(once.text) == once.text
    assert normalise(once.text).text == once.text
    assert strip_generic(once.core)[0] == once.core


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(marks, min_size=1, max_size=25), marks)
def test_index_finds_what_brute_force_finds(register: list[str], query: str) -> None:
    index = MarkIndex((i, text, ()) for i, text in enumerate(register))
    expected = set(index.brute_force(query))
    assert {hit.id for hit in index.query(query, limit=None)} == expected


@fast
@given(st.text(alphabet="长城银行重庆朝阳会计乐和中国人民音乐家康师傅", min_size=1, max_size=8))
def test_cached_pinyin_equals_pypinyin(run: str) -> None:
    # the per-word cache must read a run exactly as pypinyin does, phrases included
    plain, tones = _syllables(run)
    assert plain == lazy_pinyin(run, style=Style.NORMAL)
    assert tones == lazy_pinyin(run, style=Style.TONE3)


@fast
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=6))
def test_hashes_do_not_depend_on_the_batch(key: str) -> None:
    alone = _hashes([key])[0]
    assert _hashes([key, key + "长长长长长长长长", "x"])[0] == alone


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(alphabet="starbuxkcod", min_size=3, max_size=9), min_size=1, max_size=25))
def test_index_finds_latin_marks_like_brute_force(register: list[str]) -> None:
    # few letters, so that Metaphone codes and near spellings collide often
    index = MarkIndex((i, text, ()) for i, text in enumerate(register))
    for query in register[:3]:
        assert {hit.id for hit in index.query(query, limit=None)} == set(index.brute_force(query))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.text(alphabet=ALPHABET[:40], min_size=2, max_size=7), min_size=1, max_size=15),
    st.integers(min_value=0, max_value=6),
    st.sampled_from(ALPHABET[:40]),
)
def test_index_finds_added_and_contained_marks(register: list[str], at: int, c: str) -> None:
    # queries one unit longer or shorter than a register mark, and parts of it: the directed
    # keys (shorter / longer, contained / container) must still meet
    index = MarkIndex((i, text, ()) for i, text in enumerate(register))
    first = register[0]
    at = at % (len(first) + 1)
    for query in (
        first[:at] + c + first[at:],
        first[:at] + first[at + 1 :],
        first[1:],
        "老" + first + "园",
    ):
        if query:
            assert {h.id for h in index.query(query, limit=None)} == set(index.brute_force(query))


@fast
@given(st.text(alphabet="0123456789", min_size=1, max_size=4))
def test_digits_sound_like_their_chinese_numerals(digits: str) -> None:
    numerals = digits.translate(str.maketrans("0123456789", "零一二三四五六七八九"))
    got = compare(digits + "号", numerals + "号")
    assert got.similar and got.rule == "sound", got


@fast
@given(st.lists(st.sampled_from(sorted(_pinyin_syllables())), min_size=1, max_size=5))
def test_pinyin_split_reads_back_the_letters(syllables: list[str]) -> None:
    letters = "".join(syllables)
    split = pinyin_split(letters)
    assert split is not None and "".join(split) == letters
    assert len(split) <= len(syllables)
