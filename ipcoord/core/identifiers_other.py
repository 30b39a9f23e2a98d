"""Trademark numbers, Nice classes, IPC symbols, USCC and resident ID numbers.

USCC and resident ID validation is python-stdnum's (`stdnum.cn.uscc`, `stdnum.cn.ric`); this
module only names the faulty part. Public names are re-exported by `ipcoord.core.identifiers`.
No Django import.
"""

import datetime
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from stdnum.cn import ric, uscc
from stdnum.exceptions import (
    InvalidChecksum,
    InvalidComponent,
    InvalidLength,
    ValidationError,
)

from ipcoord.core.identifiers_base import IdentifierError, clean_text

__all__ = [
    "IPCSymbol",
    "ResidentID",
    "TrademarkNumber",
    "USCC",
    "parse_ipc",
    "parse_nice_class",
    "parse_nice_classes",
    "parse_resident_id",
    "parse_trademark_number",
    "parse_uscc",
]

NICE_CLASS_MIN, NICE_CLASS_MAX = 1, 45
_TRADEMARK_MAX_DIGITS = 9
_TRADEMARK = re.compile(r"(?:注册号|申请号)?[:：]?第?(?P<digits>\d+)号?", re.ASCII)
_NICE = re.compile(r"第?(?P<n>\d+)类?", re.ASCII)
_NICE_SEPARATORS = re.compile(r"[,，;；、\s]+")
_IPC = re.compile(
    r"(?P<section>[A-Z])(?P<cls>\d{2})(?P<subclass>[A-Z])(?P<group>\d+)/(?P<subgroup>\d+)"
    r"(?:\(\d{4}\.\d{2}\))?",  # a trailing version such as (2006.01) is dropped
    re.ASCII,
)
_IPC_SECTIONS = "ABCDEFGH"


def _error(
    message: str, part: str, code: str, fields: dict[str, Any] | None = None, **params: Any
) -> IdentifierError:
    return IdentifierError(message, part=part, code=code, params=params, fields=fields)


@dataclass(frozen=True, slots=True)
class TrademarkNumber:
    raw: str = field(compare=False)
    number: str

    @property
    def normalized(self) -> str:
        return self.number

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "normalized": self.normalized}


def parse_trademark_number(text: str) -> TrademarkNumber:
    """Registration or application number: digits, `第…号` tolerated, leading zeros dropped."""
    m = _TRADEMARK.fullmatch(clean_text(text))
    if m is None:
        raise _error("a trademark number is made of digits, like 12345678", "format", "bad_format")
    number = m["digits"].lstrip("0")
    if not number:
        raise _error("trademark number cannot be zero", "number", "zero_number")
    if len(number) > _TRADEMARK_MAX_DIGITS:
        raise _error(
            f"a trademark number has at most {_TRADEMARK_MAX_DIGITS} digits, not {len(number)}",
            "format",
            "bad_length",
            length=len(number),
        )
    return TrademarkNumber(raw=text, number=number)


def parse_nice_class(value: int | str) -> int:
    """A Nice class 1–45 from 9, "09", "第9类"."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise _error(f"a Nice class is a number, not {value!r}", "format", "bad_format")
    if isinstance(value, str):
        m = _NICE.fullmatch(clean_text(value))
        if m is None:
            raise _error(
                f"a Nice class is a number like 9 or 第9类, not {value}", "format", "bad_format"
            )
        value = int(m["n"])
    if not NICE_CLASS_MIN <= value <= NICE_CLASS_MAX:
        raise _error(
            f"Nice class must be between {NICE_CLASS_MIN} and {NICE_CLASS_MAX}, not {value}",
            "class",
            "class_out_of_range",
            {"class": value},
            value=value,
            min=NICE_CLASS_MIN,
            max=NICE_CLASS_MAX,
        )
    return value


def parse_nice_classes(value: str | Iterable[int | str]) -> tuple[int, ...]:
    """Sorted unique classes from "9,35，42、9" or an iterable of classes."""
    items = [p for p in _NICE_SEPARATORS.split(value) if p] if isinstance(value, str) else value
    classes = sorted({parse_nice_class(item) for item in items})
    if not classes:
        raise _error("no Nice class given", "class", "no_class")
    return tuple(classes)


@dataclass(frozen=True, slots=True)
class IPCSymbol:
    raw: str = field(compare=False)
    section: str
    ipc_class: str
    subclass: str
    main_group: int
    subgroup: str

    @property
    def subclass_symbol(self) -> str:
        return f"{self.section}{self.ipc_class}{self.subclass}"

    @property
    def normalized(self) -> str:
        return f"{self.subclass_symbol} {self.main_group}/{self.subgroup}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "ipc_class": self.ipc_class,
            "subclass": self.subclass,
            "main_group": self.main_group,
            "subgroup": self.subgroup,
            "normalized": self.normalized,
        }


def parse_ipc(text: str) -> IPCSymbol:
    """Parse an IPC symbol such as `H04L 9/32` (cached: a register uses a few thousand)."""
    return _ipc_cached(text) if isinstance(text, str) else _parse_ipc(text)


def _parse_ipc(text: str) -> IPCSymbol:
    """An IPC group symbol such as `H04L 9/32`, `G06F16/215`."""
    m = _IPC.fullmatch(clean_text(text).upper())
    if m is None:
        raise _error("an IPC symbol looks like H04L 9/32", "format", "bad_format")
    fields = {"section": m["section"], "ipc_class": m["cls"], "subclass": m["subclass"]}
    if m["section"] not in _IPC_SECTIONS:
        raise _error(
            f"IPC section must be a letter from A to H, not {m['section']}",
            "section",
            "bad_section",
            fields,
            section=m["section"],
        )
    significant = m["group"].lstrip("0")
    if not 1 <= len(significant) <= 4:
        raise _error(
            f"IPC main group must be a number from 1 to 9999, not {m['group']}",
            "main_group",
            "bad_main_group",
            fields,
            main_group=m["group"],
        )
    group = int(significant)
    fields["main_group"] = group
    if not 2 <= len(m["subgroup"]) <= 6:
        raise _error(
            f"IPC subgroup must have 2 to 6 digits, not {m['subgroup']}",
            "subgroup",
            "bad_subgroup",
            fields,
            subgroup=m["subgroup"],
        )
    return IPCSymbol(
        raw=text,
        section=m["section"],
        ipc_class=m["cls"],
        subclass=m["subclass"],
        main_group=group,
        subgroup=m["subgroup"],
    )


@dataclass(frozen=True, slots=True)
class USCC:
    """Unified social credit code (统一社会信用代码)."""

    raw: str = field(compare=False)
    code: str

    @property
    def normalized(self) -> str:
        return self.code

    @property
    def registration_authority(self) -> str:
        return self.code[0]

    @property
    def entity_type(self) -> str:
        return self.code[1]

    @property
    def region(self) -> str:
        return self.code[2:8]

    @property
    def organisation_code(self) -> str:
        return self.code[8:17]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "registration_authority": self.registration_authority,
            "entity_type": self.entity_type,
            "region": self.region,
            "organisation_code": self.organisation_code,
            "normalized": self.normalized,
        }


_ipc_cached = functools.lru_cache(maxsize=4096)(_parse_ipc)


def parse_uscc(text: str) -> USCC:
    number = uscc.compact(clean_text(text))
    try:
        uscc.validate(number)
    except InvalidChecksum:
        expected = uscc.calc_check_digit(number)
        raise _error(
            f"check digit should be {expected}, not {number[-1]}",
            "check_digit",
            "bad_check_digit",
            {"code": number},
            expected=expected,
            actual=number[-1],
        ) from None
    except InvalidLength:
        raise _error(
            f"a unified social credit code has 18 characters, not {len(number)}",
            "format",
            "bad_length",
            length=len(number),
        ) from None
    except ValidationError:
        raise _error(
            "a unified social credit code is 8 digits then 10 digits or capital letters "
            "(no I, O, S, V or Z)",
            "format",
            "bad_format",
        ) from None
    return USCC(raw=text, code=number)


@dataclass(frozen=True, slots=True)
class ResidentID:
    """Resident identity card number (居民身份证号码)."""

    raw: str = field(compare=False)
    number: str
    birth_date: datetime.date
    region_code: str

    @property
    def normalized(self) -> str:
        return self.number

    @property
    def sex(self) -> str:
        return "male" if int(self.number[16]) % 2 else "female"

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "birth_date": self.birth_date.isoformat(),
            "region_code": self.region_code,
            "sex": self.sex,
            "normalized": self.normalized,
        }


def parse_resident_id(text: str) -> ResidentID:
    number = ric.compact(clean_text(text))
    fields: dict[str, Any] = {"region_code": number[:6]}
    try:
        ric.validate(number)
    except InvalidChecksum:
        expected = ric.calc_check_digit(number)
        raise _error(
            f"check digit should be {expected}, not {number[-1]}",
            "check_digit",
            "bad_check_digit",
            fields,
            expected=expected,
            actual=number[-1],
        ) from None
    except InvalidLength:
        raise _error(
            f"a resident ID number has 18 characters, not {len(number)}",
            "format",
            "bad_length",
            length=len(number),
        ) from None
    except InvalidComponent:
        try:
            ric.get_birth_date(number)
        except ValidationError:
            raise _error(
                f"birth date {number[6:14]} is not a valid date",
                "birth_date",
                "bad_birth_date",
                fields,
                birth_date=number[6:14],
            ) from None
        raise _error(
            f"unknown region code {number[:6]}",
            "region",
            "unknown_region",
            fields,
            region_code=number[:6],
        ) from None
    except ValidationError:
        raise _error(
            "a resident ID number is 17 digits then a digit or X", "format", "bad_format"
        ) from None
    birth_date = ric.get_birth_date(number)
    if birth_date > datetime.date.today():
        raise _error(
            f"birth date {birth_date.isoformat()} is in the future",
            "birth_date",
            "future_birth_date",
            fields,
            birth_date=birth_date.isoformat(),
        )
    return ResidentID(raw=text, number=number, birth_date=birth_date, region_code=number[:6])
