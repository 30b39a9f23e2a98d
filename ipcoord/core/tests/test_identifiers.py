"""Identifier parsers and court codes: real examples, error messages and properties."""

import datetime
import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from ipcoord.core import courtcodes
from ipcoord.core.identifiers import (
    CASE_TYPE_CODES,
    PATENT_KINDS,
    IdentifierError,
    all_court_codes,
    court_code_for_division,
    court_division,
    court_level,
    court_name,
    identify,
    is_known_court_code,
    parse_case_number,
    parse_ipc,
    parse_nice_class,
    parse_nice_classes,
    parse_patent_application,
    parse_patent_number,
    parse_resident_id,
    parse_trademark_number,
    parse_uscc,
    patent_check_digit,
)

THIS_YEAR = datetime.date.today().year
FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
CHECK_CHARS = "0123456789X"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


# --- case numbers -------------------------------------------------------------------------


CaseFields = tuple[int, str, str, int, str, str, str]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(2021)最高法知民终2270号", (2021, "最高法", "知民终", 2270, "supreme", "second_instance", "civil")),
        ("(2020)浙01知民初277号", (2020, "浙01", "知民初", 277, "intermediate", "first_instance", "civil")),
        ("(2023)最高法知民终1503号", (2023, "最高法", "知民终", 1503, "supreme", "second_instance", "civil")),
        ("(2020)最高法知行终197号", (2020, "最高法", "知行终", 197, "supreme", "second_instance", "administrative")),
        ("(2024)京73行初7027号", (2024, "京73", "行初", 7027, "specialised", "first_instance", "administrative")),
        ("(2023)京73民终3802号", (2023, "京73", "民终", 3802, "specialised", "second_instance", "civil")),
        ("(2024)沪73知民初164号", (2024, "沪73", "知民初", 164, "specialised", "first_instance", "civil")),
        ("(2019)京行终1971号", (2019, "京", "行终", 1971, "high", "second_instance", "administrative")),
    ],
)  # fmt: skip
def test_real_case_numbers(text: str, expected: CaseFields) -> None:
    c = parse_case_number(text)
    got = (c.year, c.court_code, c.type_code, c.serial, c.court_level, c.procedure, c.nature)
    assert got == expected
    assert c.ip is c.type_code.startswith("知")
    assert not c.pre2016
    assert c.raw == text
    assert c.normalized == text.replace("(", "（").replace(")", "）")


def test_pre_2016_form_is_kept_and_marked() -> None:
    case = parse_case_number("(2015)沪知民初字第58号")
    assert case.pre2016
    assert (case.year, case.court_code, case.type_code, case.serial) == (2015, "沪", "知民初", 58)
    assert case.normalized == "（2015）沪知民初字第58号"


def test_spaces_full_width_digits_and_brackets() -> None:
    spaced = parse_case_number("( 2023 ) 京 0108 民初 12 号")
    assert spaced.normalized == "（2023）京0108民初12号"
    assert spaced.court_level == "basic"
    full = parse_case_number("（２０２３）\u3000京７３民终３８０２号")
    assert full.normalized == "（2023）京73民终3802号"
    assert parse_case_number("〔2024〕沪73知民初164号") == parse_case_number(
        "[2024]沪73知民初164号"
    )


def test_enforcement_and_preservation_codes() -> None:
    assert parse_case_number("(2022)京73执保12号").procedure == "preservation"
    assert parse_case_number("(2022)浙01执恢3号").nature == "enforcement"
    assert parse_case_number("(2022)京0108财保7号").procedure == "preservation"


@pytest.mark.parametrize(
    ("text", "part", "code", "needle"),
    [
        ("(2023)火星73知民初1号", "court_code", "unknown_court_code", "火星73"),
        ("(2023)火星知民初1号", "court_code", "unknown_court_code", "火星"),
        ("(2023)京73知民啊1号", "type_code", "unknown_type_code", "知民啊"),
        ("(1900)京73民初1号", "year", "year_out_of_range", "1900"),
        (f"({THIS_YEAR + 2})京73民初1号", "year", "year_out_of_range", str(THIS_YEAR + 2)),
        ("(23)京73民初1号", "year", "bad_year", "23"),
        ("(2012)京73民初1号", "year", "new_form_before_2016", "2012"),
        ("(2017)京73民初字第1号", "format", "old_form_after_2016", "2017"),
        ("(2023)京73民初0号", "serial", "bad_serial", "0"),
        ("2023京73民初1号", "format", "bad_format", "bracket"),
    ],
)
def test_case_number_errors(text: str, part: str, code: str, needle: str) -> None:
    with pytest.raises(IdentifierError) as info:
        parse_case_number(text)
    assert (info.value.part, info.value.code) == (part, code)
    assert needle in str(info.value)


def test_case_number_error_keeps_parsed_fields() -> None:
    with pytest.raises(IdentifierError) as info:
        parse_case_number("(2023)火星73知民初1号")
    assert info.value.fields == {"year": 2023, "court_code": "火星73", "type_code": "知民初"}
    assert info.value.params == {"court_code": "火星73"}


BRACKETS = [("(", ")"), ("（", "）"), ("〔", "〕"), ("[", "]"), ("(", "）")]


@st.composite
def case_number_texts(draw: st.DrawFn) -> tuple[str, int, str, str, int]:
    pre2016 = draw(st.booleans())
    year = draw(st.integers(1949, 2015) if pre2016 else st.integers(2016, THIS_YEAR))
    court = draw(st.sampled_from(all_court_codes()))
    type_code = draw(st.sampled_from(sorted(CASE_TYPE_CODES)))
    serial = draw(st.integers(1, 10**6))
    opening, closing = draw(st.sampled_from(BRACKETS))
    marker = "字第" if pre2016 else ""
    parts = [opening, str(year), closing, court, type_code, marker, str(serial), "号"]
    text = draw(st.sampled_from(["", " ", "\u3000"])).join(parts)
    if draw(st.booleans()):
        text = text.translate(FULL_WIDTH_DIGITS)
    return text, year, court, type_code, serial


@settings(max_examples=200, deadline=None)
@given(case_number_texts())
def test_case_number_normalization_is_idempotent(
    generated: tuple[str, int, str, str, int],
) -> None:
    text, year, court, type_code, serial = generated
    case = parse_case_number(text)
    assert (case.year, case.court_code, case.type_code, case.serial) == (
        year,
        court,
        type_code,
        serial,
    )
    again = parse_case_number(case.normalized)
    assert again == case
    assert again.normalized == case.normalized


# --- court codes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "level", "name", "division"),
    [
        ("最高法", "supreme", "最高人民法院", None),
        ("京", "high", "北京市高级人民法院", "110000"),
        ("黔", "high", "贵州省高级人民法院", "520000"),
        ("京0108", "basic", "北京市海淀区人民法院", "110108"),
        ("沪0115", "basic", "上海市浦东新区人民法院", "310115"),
        ("浙01", "intermediate", "杭州市中级人民法院", "330100"),
        ("黔01", "intermediate", "贵阳市中级人民法院", "520100"),
        ("京01", "intermediate", "北京市第一中级人民法院", "110000"),
        ("渝05", "intermediate", "重庆市第五中级人民法院", "500000"),
        ("京73", "specialised", "北京知识产权法院", "110000"),
        ("沪73", "specialised", "上海知识产权法院", "310000"),
        ("粤73", "specialised", "广州知识产权法院", "440000"),
        ("琼73", "specialised", "海南自由贸易港知识产权法院", "460000"),
        ("京71", "specialised", "北京铁路运输中级法院", "110000"),
        ("浙0192", "basic", "杭州互联网法院", "330100"),
    ],
)
def test_court_codes(code: str, level: str, name: str, division: str | None) -> None:
    assert is_known_court_code(code)
    assert court_level(code) == level
    assert court_name(code) == name
    assert court_division(code) == division


def test_unknown_court_codes() -> None:
    for code in ("火星73", "京0199x", "杭州", "浙0150", ""):
        assert not is_known_court_code(code)
    with pytest.raises(IdentifierError) as info:
        court_level("火星73")
    assert info.value.code == "unknown_court_code"
    assert "火星73" in str(info.value)


def test_generated_court_table() -> None:
    codes = all_court_codes()
    assert len(codes) == len(set(codes)) > 3000
    assert all(court_name(code) for code in codes)
    table = courtcodes._tables()
    for division, code in table.by_division.items():
        assert court_code_for_division(division) == code
        assert court_division(code) == division
    assert court_code_for_division("110108") == "京0108"
    assert court_code_for_division("330100") == "浙01"
    with pytest.raises(IdentifierError):
        court_code_for_division("999999")


# --- patents ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "normalized", "year", "kind", "pre2003"),
    [
        # Huawei v Samsung, Xiao-i v Apple, IWNCOMM v Sony: real numbers.
        ("ZL201110269715.3", "201110269715.3", 2011, "invention", False),
        ("ZL 2004 1 0053749.9", "200410053749.9", 2004, "invention", False),
        ("ZL02139508.X", "02139508.X", 2002, "invention", True),
        ("98123456.9", "98123456.9", 1998, "invention", True),
        ("CN202310123456.6", "202310123456.6", 2023, "invention", False),
        ("2023101234566", "202310123456.6", 2023, "invention", False),
    ],
)
def test_real_patent_numbers(
    text: str, normalized: str, year: int, kind: str, pre2003: bool
) -> None:
    patent = parse_patent_number(text)
    assert patent.normalized == normalized
    assert patent.patent_number == "ZL" + normalized
    assert (patent.year, patent.kind, patent.pre2003) == (year, kind, pre2003)
    assert parse_patent_application(normalized) == patent


@pytest.mark.parametrize(("digit", "kind"), sorted(PATENT_KINDS.items()))
def test_every_patent_kind(digit: str, kind: str) -> None:
    digits = f"2023{digit}0123456"
    patent = parse_patent_application(f"{digits}.{patent_check_digit(digits)}")
    assert patent.kind == kind


def test_patent_errors() -> None:
    with pytest.raises(IdentifierError) as info:
        parse_patent_application("201110269715.7")
    assert (info.value.part, info.value.code) == ("check_digit", "bad_check_digit")
    assert str(info.value) == "check digit should be 3, not 7"
    assert info.value.params == {"expected": "3", "actual": "7"}
    with pytest.raises(IdentifierError) as info:
        parse_patent_application("202340123456.0")
    assert info.value.part == "type_digit"
    with pytest.raises(IdentifierError) as info:
        parse_patent_application("20231012345.6")
    assert info.value.part == "format"
    with pytest.raises(IdentifierError) as info:
        parse_patent_application("202310123456")
    assert info.value.code == "missing_check_digit"
    assert "6" in str(info.value)


@st.composite
def application_digits(draw: st.DrawFn) -> str:
    type_digit = draw(st.sampled_from(sorted(PATENT_KINDS)))
    if draw(st.booleans()):
        yy = draw(st.sampled_from([*range(85, 100), *range(4)]))
        return f"{yy:02d}{type_digit}{draw(st.integers(0, 99999)):05d}"
    year = draw(st.integers(2003, THIS_YEAR))
    return f"{year}{type_digit}{draw(st.integers(0, 9999999)):07d}"


@settings(max_examples=150, deadline=None)
@given(application_digits())
def test_every_wrong_patent_check_digit_is_refused(digits: str) -> None:
    good = patent_check_digit(digits)
    assert parse_patent_application(f"{digits}.{good}").check_digit == good
    for wrong in CHECK_CHARS.replace(good, ""):
        with pytest.raises(IdentifierError) as info:
            parse_patent_application(f"{digits}.{wrong}")
        assert info.value.part == "check_digit"
        assert str(info.value) == f"check digit should be {good}, not {wrong}"


# --- USCC and resident ID -----------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(
    st.text("0123456789", min_size=8, max_size=8),
    st.text(USCC_ALPHABET, min_size=9, max_size=9),
)
def test_every_wrong_uscc_check_digit_is_refused(head: str, body: str) -> None:
    stem = head + body
    good = stdnum_uscc.calc_check_digit(stem)
    assert parse_uscc(stem + good).normalized == stem + good
    for wrong in USCC_ALPHABET.replace(good, ""):
        with pytest.raises(IdentifierError) as info:
            parse_uscc(stem + wrong)
        assert info.value.part == "check_digit"
        assert str(info.value) == f"check digit should be {good}, not {wrong}"


def test_uscc_and_resident_id() -> None:
    code = parse_uscc("9111 0000 6000 3734 1l")
    assert (code.normalized, code.region) == ("91110000600037341L", "110000")
    with pytest.raises(IdentifierError) as info:
        parse_uscc("9111000060003734")
    assert info.value.part == "format"
    person = parse_resident_id("11010519491231002x")
    assert person.normalized == "11010519491231002X"
    assert person.birth_date == datetime.date(1949, 12, 31)
    assert person.region_code == "110105"
    with pytest.raises(IdentifierError) as info:
        parse_resident_id("110105194912310021")
    assert (info.value.part, str(info.value)) == ("check_digit", "check digit should be X, not 1")


# --- trademarks and IPC -------------------------------------------------------------------


def test_trademarks_and_nice_classes() -> None:
    assert parse_trademark_number("第 0012345678 号").normalized == "12345678"
    with pytest.raises(IdentifierError):
        parse_trademark_number("1234567890")
    assert parse_nice_class("第9类") == parse_nice_class("09") == parse_nice_class(9) == 9
    with pytest.raises(IdentifierError) as info:
        parse_nice_class(46)
    assert info.value.part == "class"
    assert str(info.value) == "Nice class must be between 1 and 45, not 46"
    assert parse_nice_classes("9,35，42;9、 1") == (1, 9, 35, 42)
    with pytest.raises(IdentifierError):
        parse_nice_class(True)


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("H04L 9/32", "H04L 9/32"),
        ("H04L9/32", "H04L 9/32"),
        ("g06f 16/215", "G06F 16/215"),
        ("A61K 31/00 (2006.01)", "A61K 31/00"),
    ],
)
def test_ipc(text: str, normalized: str) -> None:
    assert parse_ipc(text).normalized == normalized


def test_ipc_errors() -> None:
    with pytest.raises(IdentifierError) as info:
        parse_ipc("Z04L 9/32")
    assert info.value.part == "section"
    with pytest.raises(IdentifierError) as info:
        parse_ipc("H04L 9/3")
    assert info.value.part == "subgroup"


# --- identify -----------------------------------------------------------------------------

KEYS = {"input", "kind", "valid", "fields", "normalized", "error"}


@pytest.mark.parametrize(
    ("text", "kind", "valid"),
    [
        ("(2021)最高法知民终2270号", "case_number", True),
        ("（2015）沪知民初字第58号", "case_number", True),
        ("(2023)火星73知民初1号", "case_number", False),
        ("ZL201110269715.3", "patent_number", True),
        ("ZL201110269715.4", "patent_number", False),
        ("201110269715.3", "patent_application", True),
        ("2011102697153", "patent_application", True),
        ("12345678", "trademark_number", True),
        ("第12345678号", "trademark_number", True),
        ("第9类", "nice_class", True),
        ("第46类", "nice_class", False),
        ("H04L 9/32", "ipc", True),
        ("91110000600037341L", "uscc", True),
        ("91110000600037341A", "uscc", False),
        ("11010519491231002X", "resident_id", True),
        ("110105194912310021", "resident_id", False),
        ("hello", "unknown", False),
        ("", "unknown", False),
    ],
)
def test_identify(text: str, kind: str, valid: bool) -> None:
    result = identify(text)
    assert set(result) == KEYS
    assert (result["input"], result["kind"], result["valid"]) == (text, kind, valid)
    assert (result["error"] is None) is valid
    assert (result["normalized"] is not None) is valid
    json.dumps(result)


def test_identify_fields() -> None:
    case = identify("(2020)浙01知民初277号")["fields"]
    assert {"year": 2020, "court_code": "浙01", "type_code": "知民初", "serial": 277}.items() <= (
        case.items()
    )
    assert {"procedure", "nature", "pre2016", "court_level"} <= set(case)
    bad = identify("ZL201110269715.4")
    assert bad["fields"]["kind"] == "invention"
    assert bad["error"] == "check digit should be 3, not 4"


def test_no_django_needed() -> None:
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'django' or name.startswith('django.'):\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "import ipcoord.core.identifiers as m\n"
        "assert m.identify('(2021)最高法知民终2270号')['valid']\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
