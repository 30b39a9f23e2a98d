"""Court case numbers (案号): `（2023）最高法知民终123号`, and the pre-2016 `字第` form.

Public names are re-exported by `ipcoord.core.identifiers`. No Django import.
"""

import datetime
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from ipcoord.core.courtcodes import CourtLevel, court_info
from ipcoord.core.identifiers_base import IdentifierError, clean_text

__all__ = ["CASE_TYPE_CODES", "CaseNumber", "Nature", "Procedure", "parse_case_number"]

Procedure = Literal[
    "first_instance",
    "second_instance",
    "retrial_review",
    "retrial",
    "enforcement",
    "preservation",
    "other",
]
Nature = Literal["civil", "administrative", "criminal", "enforcement", "other"]

# Case-type code → (procedure, nature). `知` + any 民/行/刑 code is accepted as well.
CASE_TYPE_CODES: dict[str, tuple[Procedure, Nature]] = {
    "民初": ("first_instance", "civil"),
    "民终": ("second_instance", "civil"),
    "民申": ("retrial_review", "civil"),
    "民监": ("retrial_review", "civil"),
    "民抗": ("retrial_review", "civil"),
    "民再": ("retrial", "civil"),
    "民特": ("other", "civil"),
    "民辖": ("other", "civil"),
    "民辖终": ("second_instance", "civil"),
    "民辖监": ("retrial_review", "civil"),
    "民撤": ("other", "civil"),
    "民督": ("other", "civil"),
    "民催": ("other", "civil"),
    "民破": ("other", "civil"),
    "民他": ("other", "civil"),
    "行初": ("first_instance", "administrative"),
    "行终": ("second_instance", "administrative"),
    "行申": ("retrial_review", "administrative"),
    "行监": ("retrial_review", "administrative"),
    "行再": ("retrial", "administrative"),
    "行审": ("other", "administrative"),
    "行审复": ("other", "administrative"),
    "行辖": ("other", "administrative"),
    "行辖终": ("second_instance", "administrative"),
    "行赔初": ("first_instance", "administrative"),
    "行赔终": ("second_instance", "administrative"),
    "行保": ("preservation", "administrative"),
    "刑初": ("first_instance", "criminal"),
    "刑终": ("second_instance", "criminal"),
    "刑申": ("retrial_review", "criminal"),
    "刑监": ("retrial_review", "criminal"),
    "刑再": ("retrial", "criminal"),
    "执": ("enforcement", "enforcement"),
    "执恢": ("enforcement", "enforcement"),
    "执异": ("enforcement", "enforcement"),
    "执复": ("enforcement", "enforcement"),
    "执监": ("enforcement", "enforcement"),
    "执协": ("enforcement", "enforcement"),
    "执他": ("enforcement", "enforcement"),
    "执保": ("preservation", "enforcement"),
    "财保": ("preservation", "civil"),
    "证保": ("preservation", "civil"),
    "诉前保": ("preservation", "civil"),
    "诉前调": ("other", "civil"),
    "协外认": ("other", "other"),
}

_IP_MARK = "知"
_MAX_COURT_PREFIX = 3  # `最高法`; every other code without digits is one character
_SHAPE = re.compile(r"[(\[〔【](?P<year>\d+)[)\]〕】](?P<rest>.*)", re.ASCII)
# Rulings after the first in one case add 之一, 之二 … after 号.
_SERIAL = re.compile(
    r"(?P<head>.*?)(?P<marker>字第|第)?(?P<serial>\d+)(?:号(?P<suffix>之[一二三四五六七八九十]+)?)?",
    re.ASCII,
)
_DIGIT_SPLIT = re.compile(r"(?P<court>.*\d)(?P<type>\D+)", re.ASCII)
_FIRST_YEAR = 1949
_REFORM_YEAR = 2016  # the SPC case-number rules took effect on 2016-01-01


def _type_info(type_code: str) -> tuple[Procedure, Nature] | None:
    if type_code in CASE_TYPE_CODES:
        return CASE_TYPE_CODES[type_code]
    base = type_code.removeprefix(_IP_MARK)
    if base != type_code and base[:1] in ("民", "行", "刑"):
        return CASE_TYPE_CODES.get(base)
    return None


def _is_court(code: str) -> bool:
    try:
        court_info(code)
    except IdentifierError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class CaseNumber:
    """A parsed case number; `raw` is kept but does not take part in equality."""

    raw: str = field(compare=False)
    year: int
    court_code: str
    type_code: str
    serial: int
    pre2016: bool
    procedure: Procedure
    nature: Nature
    ip: bool
    court_level: CourtLevel
    suffix: str = ""

    @property
    def normalized(self) -> str:
        marker = "字第" if self.pre2016 else ""
        head = f"（{self.year}）{self.court_code}{self.type_code}"
        return f"{head}{marker}{self.serial}号{self.suffix}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "court_code": self.court_code,
            "type_code": self.type_code,
            "serial": self.serial,
            "pre2016": self.pre2016,
            "procedure": self.procedure,
            "nature": self.nature,
            "ip": self.ip,
            "court_level": self.court_level,
            "suffix": self.suffix,
            "normalized": self.normalized,
        }


def _error(
    message: str, part: str, code: str, fields: dict[str, Any], **params: Any
) -> IdentifierError:
    return IdentifierError(message, part=part, code=code, params=params, fields=fields)


def _split_court_and_type(head: str, fields: dict[str, Any]) -> tuple[str, str]:
    """Split `最高法知民终` / `京0108民初` into court code and case-type code."""
    m = _DIGIT_SPLIT.fullmatch(head)
    if m is not None:
        return m["court"], m["type"]
    if any("0" <= ch <= "9" for ch in head) or _is_court(head):
        raise _error("case type code is missing", "type_code", "missing_type_code", fields)
    # No digits: take the longest known court prefix that leaves a known type code.
    lengths = range(min(_MAX_COURT_PREFIX, len(head) - 1), 0, -1)
    courts = [n for n in lengths if _is_court(head[:n])]
    for n in courts:
        if _type_info(head[n:]) is not None:
            return head[:n], head[n:]
    if courts:
        return head[: courts[0]], head[courts[0] :]
    types = [n for n in range(1, len(head)) if _type_info(head[n:]) is not None]
    if types:
        return head[: types[0]], head[types[0] :]
    raise _error(
        f"cannot tell the court code from the case type in {head}",
        "format",
        "unrecognised_court_and_type",
        fields,
        text=head,
    )


def parse_case_number(text: str) -> CaseNumber:
    """Parse a case number; brackets may be full- or half-width, spaces are ignored."""
    s = clean_text(text)
    fields: dict[str, Any] = {}
    shape = _SHAPE.fullmatch(s)
    if shape is None:
        raise _error(
            "a case number starts with the year in brackets, like （2023）最高法知民终123号",
            "format",
            "bad_format",
            fields,
        )
    year_text = shape["year"]
    if len(year_text) != 4:
        raise _error(
            f"year must have four digits, not {year_text}",
            "year",
            "bad_year",
            fields,
            year=year_text,
        )
    year = int(year_text)
    fields["year"] = year
    last_year = datetime.date.today().year + 1
    if not _FIRST_YEAR <= year <= last_year:
        raise _error(
            f"year must be between {_FIRST_YEAR} and {last_year}, not {year}",
            "year",
            "year_out_of_range",
            fields,
            year=year,
            min=_FIRST_YEAR,
            max=last_year,
        )
    body = _SERIAL.fullmatch(shape["rest"])
    if body is None or not body["head"]:
        raise _error("serial number is missing", "serial", "missing_serial", fields)
    court_code, type_code = _split_court_and_type(body["head"], fields)
    fields |= {"court_code": court_code, "type_code": type_code}
    try:
        level = court_info(court_code).level
    except IdentifierError as exc:
        exc.fields = dict(fields)
        raise
    fields["court_level"] = level
    info = _type_info(type_code)
    if info is None:
        raise _error(
            f"unknown case type code {type_code}",
            "type_code",
            "unknown_type_code",
            fields,
            type_code=type_code,
        )
    procedure, nature = info
    fields |= {"procedure": procedure, "nature": nature, "ip": type_code.startswith(_IP_MARK)}
    serial = int(body["serial"])
    fields["serial"] = serial
    if serial <= 0:
        raise _error(
            f"serial number must be positive, not {serial}", "serial", "bad_serial", fields
        )
    marker = body["marker"] or ""
    # A lone 第 is a common slip; the year decides which form was meant.
    pre2016 = marker == "字第" or (marker == "第" and year < _REFORM_YEAR)
    fields["pre2016"] = pre2016
    if pre2016 and year >= _REFORM_YEAR:
        raise _error(
            f"the 字第 form was abolished in 2016; a case number of {year} has no 字第",
            "format",
            "old_form_after_2016",
            fields,
            year=year,
        )
    if not pre2016 and year < _REFORM_YEAR:
        raise _error(
            f"case numbers before 2016 use the 字第 form (…初字第58号); year {year} is too early "
            "for the current form",
            "year",
            "new_form_before_2016",
            fields,
            year=year,
        )
    return CaseNumber(
        raw=text,
        year=year,
        court_code=court_code,
        type_code=type_code,
        serial=serial,
        pre2016=pre2016,
        procedure=procedure,
        nature=nature,
        ip=type_code.startswith(_IP_MARK),
        court_level=level,
        suffix=body["suffix"] or "",
    )
