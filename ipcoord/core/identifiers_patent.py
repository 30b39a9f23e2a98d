"""Chinese patent application and patent numbers (申请号, 专利号 `ZL…`).

Since 2003: year (4) + type digit + serial (7) + `.` + check digit; before: year (2) + type
digit + serial (5) + check digit. The check digit is Σ digit × weight (2…9 repeating) mod 11,
10 written `X`. Public names are re-exported by `ipcoord.core.identifiers`. No Django import.
"""

import datetime
import functools
import operator
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from ipcoord.core.identifiers_base import IdentifierError, clean_text

__all__ = [
    "PATENT_KINDS",
    "PatentKind",
    "PatentNumber",
    "parse_patent_application",
    "parse_patent_number",
    "patent_check_digit",
]

PatentKind = Literal["invention", "utility_model", "design", "pct_invention", "pct_utility_model"]

PATENT_KINDS: dict[str, PatentKind] = {
    "1": "invention",
    "2": "utility_model",
    "3": "design",
    "8": "pct_invention",
    "9": "pct_utility_model",
}

_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9)
_CYCLE = _WEIGHTS * 2  # enough for 12 digits
_SHAPE = re.compile(r"(?P<prefix>ZL|CN)?(?P<digits>\d+)(?:\.?(?P<check>[\dX]))?", re.ASCII)
_FIRST_OLD_YEAR = 85  # the Patent Law took effect in 1985
_LAST_OLD_YEAR = 2003  # the 12-digit numbers started on 2003-10-01


def patent_check_digit(digits: str) -> str:
    """Check digit for an 8- or 12-digit application number (without its check digit)."""
    if not digits.isascii() or not digits.isdigit() or len(digits) not in (8, 12):
        raise IdentifierError(
            f"an application number has 8 or 12 digits before the check digit, not {digits!r}",
            part="format",
            code="bad_length",
            params={"digits": digits},
        )
    remainder = sum(map(operator.mul, map(int, digits), _CYCLE)) % 11
    return "X" if remainder == 10 else str(remainder)


@dataclass(frozen=True, slots=True)
class PatentNumber:
    """A validated application number; `normalized` is `202310123456.7`."""

    raw: str = field(compare=False)
    digits: str
    check_digit: str
    year: int
    kind: PatentKind
    serial: int
    pre2003: bool

    @property
    def normalized(self) -> str:
        return f"{self.digits}.{self.check_digit}"

    @property
    def application_number(self) -> str:
        return self.normalized

    @property
    def patent_number(self) -> str:
        return f"ZL{self.normalized}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "application_number": self.normalized,
            "patent_number": self.patent_number,
            "digits": self.digits,
            "check_digit": self.check_digit,
            "year": self.year,
            "kind": self.kind,
            "serial": self.serial,
            "pre2003": self.pre2003,
            "normalized": self.normalized,
        }


def _error(
    message: str, part: str, code: str, fields: dict[str, Any], **params: Any
) -> IdentifierError:
    return IdentifierError(message, part=part, code=code, params=params, fields=fields)


def _year(digits: str, fields: dict[str, Any]) -> int:
    if len(digits) == 12:
        year = int(digits[:4])
        last = datetime.date.today().year + 1
        if not _LAST_OLD_YEAR <= year <= last:
            raise _error(
                f"year of a 13-digit application number must be between {_LAST_OLD_YEAR} "
                f"and {last}, not {year}",
                "year",
                "year_out_of_range",
                fields,
                year=year,
                min=_LAST_OLD_YEAR,
                max=last,
            )
        return year
    yy = int(digits[:2])
    if yy >= _FIRST_OLD_YEAR:
        return 1900 + yy
    if yy <= _LAST_OLD_YEAR % 100:
        return 2000 + yy
    raise _error(
        f"two-digit year {digits[:2]} is not a year of the old numbering (85–99, 00–03)",
        "year",
        "year_out_of_range",
        fields,
        year=digits[:2],
    )


def parse_patent_application(text: str) -> PatentNumber:
    """Parse `202310123456.7`, `2023101234567`, `CN202310123456.7`, `98123456.9`, …"""
    # Pure and immutable: batches parse each number twice (the file's column, then the
    # service's rule), and the second time is a lookup.
    return _parse_cached(text) if isinstance(text, str) else _parse_application(text)


def _parse_application(text: str) -> PatentNumber:
    s = clean_text(text).upper()
    fields: dict[str, Any] = {}
    m = _SHAPE.fullmatch(s)
    if m is None:
        raise _error(
            "an application number looks like 202310123456.7 (or ZL202310123456.7)",
            "format",
            "bad_format",
            fields,
        )
    digits, check = m["digits"], m["check"] or ""
    if len(digits) in (9, 13) and not check:
        # Written without the dot: the last digit is the check digit.
        digits, check = digits[:-1], digits[-1]
    if len(digits) not in (8, 12):
        raise _error(
            f"an application number has 9 or 13 characters with its check digit, not "
            f"{len(digits) + len(check)}",
            "format",
            "bad_length",
            fields,
            length=len(digits) + len(check),
        )
    pre2003 = len(digits) == 8
    fields |= {"digits": digits, "pre2003": pre2003}
    fields["year"] = _year(digits, fields)
    type_digit = digits[4 if len(digits) == 12 else 2]
    kind = PATENT_KINDS.get(type_digit)
    if kind is None:
        raise _error(
            f"unknown patent type digit {type_digit} (expected 1, 2, 3, 8 or 9)",
            "type_digit",
            "unknown_patent_type",
            fields,
            type_digit=type_digit,
        )
    fields |= {"kind": kind, "serial": int(digits[-7:] if len(digits) == 12 else digits[-5:])}
    expected = patent_check_digit(digits)
    if not check:
        raise _error(
            f"check digit is missing; it should be {expected}",
            "check_digit",
            "missing_check_digit",
            fields,
            expected=expected,
        )
    fields["check_digit"] = check
    if check != expected:
        raise _error(
            f"check digit should be {expected}, not {check}",
            "check_digit",
            "bad_check_digit",
            fields,
            expected=expected,
            actual=check,
        )
    return PatentNumber(
        raw=text,
        digits=digits,
        check_digit=check,
        year=fields["year"],
        kind=kind,
        serial=fields["serial"],
        pre2003=pre2003,
    )


_parse_cached = functools.lru_cache(maxsize=65536)(_parse_application)


def parse_patent_number(text: str) -> PatentNumber:
    """Parse a patent number `ZL 2023 1 0123456.7`; the `ZL` may be left out."""
    return parse_patent_application(text)
