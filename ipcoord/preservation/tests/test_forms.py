"""The order form's reading of right numbers, one per line."""

from ipcoord.preservation.forms import split_right_numbers


def test_it_tells_patents_from_trademarks():
    text = "ZL202310100000.8\n 2023101000008 \n\n商标 12345678\n30000002；\n专利：ZL202310100001.2"
    patents, marks, bad = split_right_numbers(text)
    assert patents == ["ZL202310100000.8", "2023101000008", "ZL202310100001.2"]
    assert marks == ["12345678", "30000002"]
    assert bad == []


def test_it_returns_the_lines_it_cannot_read():
    patents, marks, bad = split_right_numbers("ZL20231010000\n专利 12345678\nabc")
    assert (patents, marks) == ([], [])
    assert bad == ["ZL20231010000", "专利 12345678", "abc"]
