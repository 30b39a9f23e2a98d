"""Property tests: symmetry, reflexivity, idempotent normalisation, index = brute force."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ipcoord.integrity.engine import MarkIndex, compare, normalise
from ipcoord.integrity.engine.normalise import clean, strip_generic

# Few characters, full of look-alikes, homophones, traditional forms and generic words, so that
# random marks often resemble each other.
ALPHABET = "康师帅傅付師娃哈大白兔免雪雷碧华为润小米中国食品牌科技未末己已土士长乐行 Aa1-！"
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
