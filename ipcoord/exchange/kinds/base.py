"""The pieces every kind of record is described with: columns, cell parsers and `Kind`.

A column has a stable key (JSON Lines and the code use it), a Chinese and an English header
(either is accepted on import; exports choose), a parser from the cell's text to a clean
value and a formatter back. `parse(fmt(v)) == v` for every value a kind exports: that is
what makes an export re-importable unchanged.

Parsers raise `CellError(reason)` with a translated reason; `Kind` methods may raise
`CellError(reason, column=key)` to blame another column, or let a service's
ApplicationError through (the engine reports it on the row).
"""

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.identifiers import IdentifierError
from ipcoord.core.models import Organisation, User
from ipcoord.exchange.report import Issue

Record = dict[str, Any]


class CellError(Exception):
    """A cell's value is wrong; `column` (a key) when it is not the cell being parsed."""

    def __init__(self, reason: str, *, column: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.column = column


def reason_of(exc: ApplicationError) -> str:
    return exc.message


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    parse: Callable[[str], Any] = field(default=lambda s: s)
    fmt: Callable[[Any, str], str] = field(default=lambda v, lang: "" if v is None else str(v))
    required: bool = False
    export_only: bool = False
    blank: Any = ""  # the value of an empty cell; None means "not given, keep as it is"

    def header(self, lang: str) -> str:
        return self.zh if lang.startswith("zh") else self.en


# --- cell types -------------------------------------------------------------------------


def text(key: str, zh: str, en: str, *, max_length: int = 0, **kw: Any) -> Column:
    def parse(s: str) -> str:
        if max_length and len(s) > max_length:
            raise CellError(_("不能超过 %(n)s 个字符。") % {"n": max_length})
        return s

    return Column(key, zh, en, parse=parse, **kw)


_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]00:00(?::00)?)?"
)


def parse_date(s: str) -> datetime.date:
    m = _DATE.fullmatch(s.strip())
    if m is None:
        raise CellError(_("日期应写成 2023-05-17 或 2023年5月17日。"))
    try:
        return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise CellError(_("没有这一天，请核对日期。")) from exc


def fmt_date(value: datetime.date | None, lang: str) -> str:
    return value.isoformat() if value else ""


def date(key: str, zh: str, en: str, **kw: Any) -> Column:
    kw.setdefault("blank", None)
    return Column(key, zh, en, parse=parse_date, fmt=fmt_date, **kw)


def integer(key: str, zh: str, en: str, *, minimum: int = 0, **kw: Any) -> Column:
    """A whole number (digits, with or without thousands separators); empty is "not given"."""
    kw.setdefault("blank", None)

    def parse(s: str) -> int:
        digits = s.strip().replace(",", "").replace("，", "")
        if digits.endswith(".0"):  # Excel writes whole numbers as floats
            digits = digits[:-2]
        if not digits.lstrip("-").isdigit() or int(digits) < minimum:
            raise CellError(_("应是不小于 %(n)s 的整数。") % {"n": minimum})
        return int(digits)

    return Column(key, zh, en, parse=parse, **kw)


_TRUE = {"是", "true", "yes", "y", "1", "√", "✓", "t"}
_FALSE = {"否", "false", "no", "n", "0", "×", "f"}


def parse_bool(s: str) -> bool:
    low = s.strip().lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise CellError(_("请填写“是”或“否”。"))


def boolean(key: str, zh: str, en: str, **kw: Any) -> Column:
    kw.setdefault("blank", False)
    return Column(
        key,
        zh,
        en,
        parse=parse_bool,
        fmt=lambda v, lang: (
            ("是" if v else "否") if lang.startswith("zh") else str(bool(v)).lower()
        ),
        **kw,
    )


def _labels(choices: type[models.TextChoices], language: str) -> dict[str, str]:
    with translation.override(language):
        return {str(label).strip().lower(): value for value, label in choices.choices}


def choice(
    key: str,
    zh: str,
    en: str,
    choices: type[models.TextChoices],
    *,
    aliases: dict[str, str] | None = None,
    **kw: Any,
) -> Column:
    """Accepts the stable code, the Chinese label, the English label or one of `aliases`
    (short forms people type); exports the Chinese label in a Chinese file and the code in
    an English one."""

    def parse(s: str) -> str:
        low = s.strip().lower()
        if low in choices.values:
            return low
        if aliases and low in aliases:
            return aliases[low]
        for language in ("zh-hans", "en"):
            found = _labels(choices, language).get(low)
            if found:
                return found
        allowed = "、".join(_labels(choices, "zh-hans"))
        raise CellError(_("“%(v)s”不是可选值；可选：%(allowed)s。") % {"v": s, "allowed": allowed})

    def fmt(value: str, lang: str) -> str:
        if not value:
            return ""
        if lang.startswith("zh"):
            with translation.override("zh-hans"):
                return str(choices(value).label)
        return value

    return Column(key, zh, en, parse=parse, fmt=fmt, **kw)


_LIST_SEP = re.compile(r"\s*[;；\n]\s*")


def split_list(s: str) -> list[str]:
    return [p for p in _LIST_SEP.split(s.strip()) if p]


def listing(
    key: str,
    zh: str,
    en: str,
    *,
    item: Callable[[str], Any] = lambda s: s,
    item_fmt: Callable[[Any], str] = str,
    **kw: Any,
) -> Column:
    """A list in one cell, separated by ；/; or line breaks; order kept, duplicates dropped."""
    kw.setdefault("blank", ())

    def parse(s: str) -> tuple[Any, ...]:
        return tuple(dict.fromkeys(item(p) for p in split_list(s)))

    return Column(
        key, zh, en, parse=parse, fmt=lambda v, lang: "；".join(item_fmt(i) for i in v), **kw
    )


def identifier(
    key: str,
    zh: str,
    en: str,
    parser: Callable[[str], Any],
    explain: Callable[[IdentifierError, str], ApplicationError],
    **kw: Any,
) -> Column:
    """A column parsed by `core.identifiers`; the reason is the services' translated message."""

    def parse(s: str) -> str:
        try:
            return parser(s).normalized
        except IdentifierError as exc:
            raise CellError(explain(exc, s).message) from exc

    return Column(key, zh, en, parse=parse, **kw)


# --- kinds ------------------------------------------------------------------------------


@dataclass
class Context:
    """Who imports, for which organisation, and what earlier rows of the file created (for
    forward references).

    `organisation`: the one an upload is filed under; a new record whose row names no
    `owner_org` is recorded for it (None: the services' default, the actor's own office).
    """

    actor: User | None
    cache: dict[Any, Any] = field(default_factory=dict)
    organisation: Organisation | None = None


class Conflict(CellError):
    """An existing record differs and no service may change those fields."""


class Kind:
    """How one kind of record is read, matched, applied and exported.

    Subclasses set `name`, `label`, `columns` and implement `key`, `find`, `current`,
    `create`, `queryset`; `update` refuses by default (no service changes the record).
    """

    name: ClassVar[str]
    label: ClassVar[Any]
    columns: ClassVar[tuple[Column, ...]]
    # Columns compared by `changes()` with a custom rule instead of ==.
    compare_with: ClassVar[dict[str, Callable[..., bool]]] = {}

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def check(self, rec: Record) -> None:
        """Cross-column checks that need no database; raise CellError(column=…)."""

    def key(self, rec: Record) -> str:
        raise NotImplementedError

    def find(self, rec: Record, ctx: Context) -> Any:
        raise NotImplementedError

    def current(self, obj: Any) -> Record:
        raise NotImplementedError

    def create(self, rec: Record, ctx: Context) -> Any:
        raise NotImplementedError

    def changes(self, obj: Any, rec: Record, ctx: Context) -> list[str]:
        """Keys whose file value differs from the record; None in the file means "keep"."""
        now = self.current(obj)
        changed = []
        for key, value in rec.items():
            if value is None or key not in now:
                continue
            same = self.compare_with.get(key)
            if not (same(self, now[key], value, ctx) if same else now[key] == value):
                changed.append(key)
        return changed

    def update(self, obj: Any, rec: Record, changed: list[str], ctx: Context) -> Any:
        raise conflict(self, changed)

    # Kinds with a bulk service set `bulk` and implement the two methods below; large
    # machine batches of them are streamed (exchange/batches/stream.py).
    bulk: ClassVar[bool] = False

    def existing_keys(self, keys: list[str]) -> set[str]:
        """Which of these natural keys are on the register already (seen or not)."""
        raise NotImplementedError

    def create_many(self, rows: list[tuple[int, Record, Any]], ctx: Context) -> list[Issue]:
        """Create every row through the bulk service, all or none; returns the Issues."""
        raise NotImplementedError

    def queryset(self, viewer: User | None, filters: dict[str, Any]) -> Iterable[Any]:
        raise NotImplementedError

    def row(self, obj: Any, lang: str) -> list[str]:
        values = self.current(obj)
        return [c.fmt(values.get(c.key), lang) for c in self.columns]


def row_issue(
    kind: Kind, row: int, raw: dict[str, tuple[str, str]], key: str, reason: str
) -> Issue:
    """The report's Issue for `row`, blaming column `key` (its header and cell as written)."""
    if key in raw:
        header, value = raw[key]
    elif key and any(c.key == key for c in kind.columns):
        header, value = kind.column(key).zh, ""
    else:
        header, value = key, ""
    return Issue(row, header, value, reason)


def service_issue(
    kind: Kind, row: int, raw: dict[str, tuple[str, str]], exc: ApplicationError
) -> Issue:
    """The Issue for a service's refusal of `row`: blames the field the error names, if any."""
    field = str(exc.extra.get("field", ""))
    return row_issue(kind, row, raw, field if field in raw else "", exc.message)


def conflict(kind: Kind, changed: list[str]) -> Conflict:
    headers = "、".join(
        kind.column(k).header(translation.get_language() or "zh-hans") for k in changed
    )
    return Conflict(
        _(
            "该记录已经登记，但%(columns)s与文件不同，导入不能修改这些内容；请核对，或在页面上办理变更。"
        )
        % {"columns": headers},
        column=changed[0] if changed else "",
    )
