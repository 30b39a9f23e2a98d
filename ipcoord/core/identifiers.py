"""Parse and validate the identifiers the platform meets: case numbers (案号), patent and
application numbers, trademark numbers and Nice classes, IPC symbols, unified social credit
codes and resident ID numbers.

Pure Python, no Django import: the parsers live in `identifiers_*` modules and are re-exported
here, which is the one place to import them from. `identify()` guesses the kind of a string.
"""

import datetime
import re
from collections.abc import Callable
from typing import Any, Literal

from ipcoord.core.courtcodes import (
    Court,
    CourtLevel,
    all_court_codes,
    court_code_for_division,
    court_division,
    court_info,
    court_level,
    court_name,
    is_known_court_code,
)
from ipcoord.core.identifiers_base import IdentifierError, clean_text
from ipcoord.core.identifiers_casenum import (
    CASE_TYPE_CODES,
    CaseNumber,
    Nature,
    Procedure,
    parse_case_number,
)
from ipcoord.core.identifiers_other import (
    USCC,
    IPCSymbol,
    ResidentID,
    TrademarkNumber,
    parse_ipc,
    parse_nice_class,
    parse_nice_classes,
    parse_resident_id,
    parse_trademark_number,
    parse_uscc,
)
from ipcoord.core.identifiers_patent import (
    PATENT_KINDS,
    PatentKind,
    PatentNumber,
    parse_patent_application,
    parse_patent_number,
    patent_check_digit,
)

__all__ = [
    "CASE_TYPE_CODES",
    "PATENT_KINDS",
    "USCC",
    "CaseNumber",
    "Court",
    "CourtLevel",
    "IPCSymbol",
    "IdentifierError",
    "IdentifierKind",
    "Nature",
    "PatentKind",
    "PatentNumber",
    "Procedure",
    "ResidentID",
    "TrademarkNumber",
    "all_court_codes",
    "court_code_for_division",
    "court_division",
    "court_info",
    "court_level",
    "court_name",
    "identify",
    "is_known_court_code",
    "parse_case_number",
    "parse_ipc",
    "parse_nice_class",
    "parse_nice_classes",
    "parse_patent_application",
    "parse_patent_number",
    "parse_resident_id",
    "parse_trademark_number",
    "parse_uscc",
    "patent_check_digit",
]

IdentifierKind = Literal[
    "case_number",
    "patent_number",
    "patent_application",
    "trademark_number",
    "nice_class",
    "ipc",
    "uscc",
    "resident_id",
    "unknown",
]

_CASE_HINT = re.compile(r"[(\[〔【]\d{4}[)\]〕】]|字第|号", re.ASCII)
_TRADEMARK_LIKE = re.compile(r"(?:注册号|申请号)?[:：]?第?\d+号?", re.ASCII)
_PATENT_LIKE = re.compile(r"(?:ZL|CN).*|\d+\.[\dX]|\d{12}[\dX]", re.ASCII)
_EIGHTEEN = re.compile(r"[0-9A-Z]{18}", re.ASCII)
_RIC_LIKE = re.compile(r"\d{17}[\dX]", re.ASCII)
_IPC_LIKE = re.compile(r"[A-Z]\d{2}[A-Z]\d+/\d+.*", re.ASCII)
_NICE_LIKE = re.compile(r"第\d+类|\d+类", re.ASCII)


def _plausible_birth_date(number: str) -> bool:
    try:
        born = datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return born.year >= 1900 and born <= datetime.date.today()


def _eighteen_kind(number: str) -> IdentifierKind:
    """Resident ID or USCC for an 18-character string: whichever validates, else the likelier."""
    if not _RIC_LIKE.fullmatch(number):
        return "uscc"
    for kind, parser in (("resident_id", parse_resident_id), ("uscc", parse_uscc)):
        try:
            parser(number)
        except IdentifierError:
            continue
        return kind
    return "resident_id" if _plausible_birth_date(number) else "uscc"


def _classify(s: str) -> IdentifierKind:
    upper = s.upper()
    if _CASE_HINT.search(s) and not _TRADEMARK_LIKE.fullmatch(s):
        return "case_number"
    if upper.startswith("ZL"):
        return "patent_number"
    if _PATENT_LIKE.fullmatch(upper):
        return "patent_application"
    if _EIGHTEEN.fullmatch(upper):
        return _eighteen_kind(upper)
    if _IPC_LIKE.fullmatch(upper):
        return "ipc"
    if _NICE_LIKE.fullmatch(s):
        return "nice_class"
    if _TRADEMARK_LIKE.fullmatch(s):
        return "trademark_number"
    return "unknown"


def _parse_nice(text: str) -> dict[str, Any]:
    n = parse_nice_class(text)
    return {"class": n, "normalized": str(n)}


_PARSERS: dict[IdentifierKind, Callable[[str], Any]] = {
    "case_number": parse_case_number,
    "patent_number": parse_patent_number,
    "patent_application": parse_patent_application,
    "trademark_number": parse_trademark_number,
    "nice_class": _parse_nice,
    "ipc": parse_ipc,
    "uscc": parse_uscc,
    "resident_id": parse_resident_id,
}


def identify(text: str) -> dict[str, Any]:
    """Guess what `text` is and validate it.

    Returns exactly {"input", "kind", "valid", "fields", "normalized", "error"}; all values
    are JSON-serializable. A string that looks like a kind but fails validation keeps that
    kind with `valid` false, the error message and the fields parsed before the failure.
    """
    result: dict[str, Any] = {
        "input": text,
        "kind": "unknown",
        "valid": False,
        "fields": {},
        "normalized": None,
        "error": None,
    }
    try:
        s = clean_text(text)
    except IdentifierError as exc:
        result["error"] = exc.message
        return result
    kind = _classify(s) if s else "unknown"
    result["kind"] = kind
    if kind == "unknown":
        result["error"] = "not a recognised identifier" if s else "empty input"
        return result
    try:
        parsed = _PARSERS[kind](text)
    except IdentifierError as exc:
        result["fields"] = exc.fields
        result["error"] = exc.message
        return result
    fields = parsed if isinstance(parsed, dict) else parsed.to_dict()
    result["normalized"] = fields.pop("normalized")
    if kind == "patent_number":
        # A patent number is written ZL + application number; keep the form the user gave.
        result["normalized"] = fields["patent_number"]
    result["fields"] = fields
    result["valid"] = True
    return result
