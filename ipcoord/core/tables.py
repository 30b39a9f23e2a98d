"""Writing tables: CSV, XLSX and JSON Lines, chosen by the file ending or `fmt`.

The one writer of the project: the data line's round-trip exports (`exchange.formats`
re-exports it with the readers) and the list pages' "export what I see" (core.list_export)
both write through `write_table`. It lives in core because core imports no other app.
"""

import csv
import io
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from ipcoord.core.exceptions import ApplicationError

FORMATS = ("csv", "xlsx", "jsonl")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {"xlsx": XLSX_CONTENT_TYPE, "csv": "text/csv; charset=utf-8"}


class FormatError(ApplicationError):
    """The file cannot be read as a table at all (encoding, format, formulas, merged cells)."""

    def __init__(self, message: str, *, code: str = "bad_file", **kw: Any) -> None:
        super().__init__(message, code=code, **kw)


def format_for(name: str | os.PathLike[str]) -> str:
    """'csv', 'xlsx' or 'jsonl' from the file ending; anything else is refused."""
    suffix = Path(name).suffix.lower().lstrip(".")
    if suffix == "json" or suffix == "ndjson":
        suffix = "jsonl"
    if suffix not in FORMATS:
        raise FormatError(
            _("不支持的文件类型“%(suffix)s”：请使用 .csv、.xlsx 或 .jsonl 文件。")
            % {"suffix": suffix or "-"},
            code="unknown_format",
        )
    return suffix


def write_table(
    target: str | os.PathLike[str] | IO[bytes],
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    fmt: str | None = None,
    keys: Sequence[str] | None = None,
    sheet_title: str = "data",
) -> int:
    """Write `rows` under `header`; returns the number of data rows written.

    CSV is UTF-8 with a BOM so Excel opens it correctly. XLSX cells are all text, so
    identifiers keep their leading zeros and a value starting with "=" stays text. JSON Lines
    objects are keyed by `keys` (the stable column keys), not by the headers.
    Cells are written as given: neutralising formulas in CSV is the caller's choice (the
    list exports do it; the round-trip exports must not, or a re-import would change data).
    """
    if fmt is None:
        name = target if isinstance(target, str | os.PathLike) else getattr(target, "name", "")
        fmt = format_for(name) if name else "xlsx"
    if isinstance(target, str | os.PathLike):
        with open(target, "wb") as fh:
            return write_table(fh, header, rows, fmt=fmt, keys=keys, sheet_title=sheet_title)
    count = 0
    if fmt == "csv":
        text = io.TextIOWrapper(target, encoding="utf-8-sig", newline="")
        writer = csv.writer(text)
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
        text.flush()
        text.detach()
    elif fmt == "jsonl":
        names = list(keys or header)
        for row in rows:
            line = json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False)
            target.write(line.encode("utf-8") + b"\n")
            count += 1
    else:
        count = _write_xlsx(target, header, rows, sheet_title)
    return count


def _write_xlsx(
    target: IO[bytes], header: Sequence[str], rows: Iterable[Sequence[str]], title: str
) -> int:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)

    def text_cell(value: str, *, header_cell: bool = False) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # never a formula, even when the text starts with "="
        if header_cell:
            cell.font = bold
        return cell

    sheet.append([text_cell(h, header_cell=True) for h in header])
    count = 0
    for row in rows:
        sheet.append([text_cell(str(v)) for v in row])
        count += 1
    workbook.save(target)
    return count
