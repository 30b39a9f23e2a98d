"""Case numbers for services: parse, and turn a parser error into a Chinese message.

The parser (`core.identifiers`) speaks English and gives a stable `code` and `part`; the
messages here are what a clerk reads, so each one says which part is wrong and how it
should look.
"""

from typing import Any

from django.utils.translation import gettext as _

from ipcoord.core import identifiers
from ipcoord.core.exceptions import ApplicationError


def _part_name(part: str) -> str:
    # Translated here rather than at import so the reader's language is used.
    names = {
        "format": _("格式"),
        "year": _("年度"),
        "court_code": _("法院代字"),
        "type_code": _("类型代字"),
        "serial": _("序号"),
        "suffix": _("序号后缀"),
    }
    return names.get(part, part)


def _message(code: str, params: dict[str, Any]) -> str | None:
    messages = {
        "bad_format": _("案号格式不对：应以括号中的年度开头，如（2023）最高法知民终123号。"),
        "bad_year": _("案号的年度应为四位数字，而不是“%(year)s”。"),
        "year_out_of_range": _("案号的年度应在 %(min)s 至 %(max)s 之间，而不是 %(year)s。"),
        "missing_serial": _("案号缺少序号：请在“号”字前写明数字序号。"),
        "missing_type_code": _("案号缺少类型代字：请在法院代字后写明，如 民初、知民终。"),
        "unrecognised_court_and_type": _(
            "无法从“%(text)s”中分出法院代字和类型代字，请核对，如 京73民初、最高法知民终。"
        ),
        "unknown_court_code": _(
            "案号中的法院代字“%(court_code)s”不存在，请核对，如 最高法、京73、浙01、京0108。"
        ),
        "unknown_type_code": _(
            "案号中的类型代字“%(type_code)s”不存在，请核对，如 民初、知民终、行初。"
        ),
        "bad_serial": _("案号的序号必须是正整数。"),
        "old_form_after_2016": _(
            "2016 年起的案号不再使用“字第”，请删去，如（%(year)s）京73民初1号。"
        ),
        "new_form_before_2016": _(
            "2016 年以前的案号使用“字第”形式，如（2015）沪知民初字第58号；请核对年度 %(year)s。"
        ),
    }
    template = messages.get(code)
    if template is None:
        return None
    try:
        return template % params
    except (KeyError, TypeError, ValueError):
        return None


def case_number_error(exc: identifiers.IdentifierError) -> ApplicationError:
    """An `ApplicationError(code="invalid_case_number")` naming the faulty part."""
    part = _part_name(exc.part)
    detail = _message(exc.code, exc.params) or _("请核对后重新输入。")
    return ApplicationError(
        _("案号的%(part)s有误：%(detail)s") % {"part": part, "detail": detail},
        code="invalid_case_number",
        extra={"field": "number", "part": exc.part, "reason": exc.code, "params": exc.params},
    )


def parse_case_number(text: str) -> identifiers.CaseNumber:
    """Parse a case number for filing; a ruling's `之一` suffix is not a case and is refused."""
    try:
        parsed = identifiers.parse_case_number(text)
    except identifiers.IdentifierError as exc:
        raise case_number_error(exc) from exc
    if parsed.suffix:
        raise ApplicationError(
            _("案号的%(part)s有误：“%(suffix)s”标识同一案件的后续裁定，立案时请去掉。")
            % {"part": _part_name("suffix"), "suffix": parsed.suffix},
            code="invalid_case_number",
            extra={"field": "number", "part": "suffix", "reason": "ruling_suffix"},
        )
    return parsed
