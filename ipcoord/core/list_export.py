"""Export what I see: a list page's rows as an XLSX or CSV file (`?export=xlsx|csv`).

A list view passes the queryset it paginates, so the file holds exactly the rows of every
page of the list: the same filters and the same visibility rule, decided by the selector
that built the queryset. The columns are the page's, with the page's headers.

These files are for reading in a spreadsheet, not for `ipcoord import` (the register exports
of `exchange:export` are the round-trippable ones). So a CSV cell that Excel would take for a
formula gets a leading "'" (OWASP "CSV injection"); XLSX cells are always written as text.
"""

import datetime
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from ipcoord.core.tables import CONTENT_TYPES, write_table

LIST_FORMATS = ("xlsx", "csv")
_FORMULA_STARTS = ("=", "+", "@", "\t", "\r")
_CHUNK = 500  # rows fetched per query; also what prefetch_related needs with .iterator()


@dataclass(frozen=True)
class Column:
    """One column of a list export: its header (a lazy translatable string, the page's own)
    and the cell of one object (`cell_text` turns dates, booleans and None into text)."""

    header: Promise | str
    value: Callable[[Any], Any]


def cell_text(value: Any) -> str:
    """A cell as the page shows it: dates ISO (local time), booleans 是/否, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def neutralise_formula(text: str) -> str:
    """`text` with a leading "'" when a spreadsheet would run it as a formula: it starts with
    =, +, @, tab or CR, or with "-" not followed by a digit (so "-5" stays a number)."""
    if text.startswith(_FORMULA_STARTS) or (text.startswith("-") and not text[1:2].isdigit()):
        return "'" + text
    return text


def export_format(request: HttpRequest) -> str | None:
    """'xlsx' or 'csv' when the request asks for a list export, else None."""
    fmt = request.GET.get("export", "")
    return fmt if fmt in LIST_FORMATS else None


def _rows(qs: QuerySet, columns: Sequence[Column], fmt: str) -> Iterator[list[str]]:
    for obj in qs.iterator(chunk_size=_CHUNK):
        cells = [cell_text(column.value(obj)) for column in columns]
        yield [neutralise_formula(c) for c in cells] if fmt == "csv" else cells


def list_export(
    request: HttpRequest, qs: QuerySet, columns: Sequence[Column], stem: str
) -> FileResponse | None:
    """The file of `qs` (the page's own queryset) when `?export=xlsx|csv`, else None.

    Call it after the view's own permission checks (a user who may not see the page gets
    its 404, not a file) and before rendering:
    `if (response := list_export(request, qs, COLUMNS, "freeze-orders")) is not None:`.
    The file is named `<stem>-<local date-time>.<fmt>`; a large file spills to disk.
    """
    fmt = export_format(request)
    if fmt is None:
        return None
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - FileResponse closes it
    try:
        write_table(
            out,
            [str(column.header) for column in columns],
            _rows(qs, columns, fmt),
            fmt=fmt,
            sheet_title=stem,
        )
    except BaseException:
        out.close()
        raise
    out.seek(0)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return FileResponse(
        out, as_attachment=True, filename=f"{stem}-{stamp}.{fmt}", content_type=CONTENT_TYPES[fmt]
    )
