"""Reading and writing tables: CSV, XLSX and JSON Lines, chosen by the file ending.

The writer (`write_table`, `format_for`, `FormatError`) is `ipcoord.core.tables`, re-exported
here so the data line keeps one import for both directions.

A table is a header (list of column names as written in the file) and rows of text cells,
each with the row number a person sees in the file: the header is row 1 in CSV and XLSX, the
first data row row 2. JSON Lines has no header row: its "header" is the union of the keys
in order of appearance, and a row's number is its line number.

Caveats:
- CSV is decoded as UTF-8 (with or without BOM) if it decodes strictly, else as GB18030 (what
  Excel on a Chinese Windows saves); anything else is refused. A file that happens to decode
  as GB18030 but was written in another legacy encoding cannot be told apart.
- XLSX is read in read-only mode from its first worksheet only. Formula cells (data type
  "f") and merged cells are refused with the cell's address. Dates become ISO dates.
- Files are read whole into memory; a million-row file is for the batch door (issue 5 §2).
"""

import csv
import datetime
import io
import json
import os
import xml.etree.ElementTree as ET  # noqa: S405 - parses our own workbook's sheet, read-only
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

# The writer lives in core (the list pages' exports use it too); re-exported here.
from ipcoord.core.tables import FORMATS, FormatError, format_for, write_table

__all__ = [
    "FORMATS",
    "FormatError",
    "Table",
    "format_for",
    "json_cell",
    "json_record",
    "read_table",
    "write_table",
]

_SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@dataclass
class Table:
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    fmt: str = "csv"
    encoding: str = ""


# --- reading ----------------------------------------------------------------------------


def decode_csv_bytes(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 (BOM or not) if strict decoding works, else GB18030."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding, errors="strict")
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text, encoding
    raise FormatError(
        _(
            "无法识别文件的编码：请把文件另存为“CSV UTF-8（逗号分隔）”，"
            "或使用 Excel 在中文 Windows 上默认保存的 GB18030/GBK 编码。"
        ),
        code="bad_encoding",
    )


def _read_csv(data: bytes) -> Table:
    text, encoding = decode_csv_bytes(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    table: Table | None = None
    # A person counts records as Excel shows them (header = row 1), not physical lines: a
    # quoted cell with a line break is still one row.
    for number, row in enumerate(reader, start=1):
        if table is None:
            table = Table(header=[h.strip() for h in row], fmt="csv", encoding=encoding)
            continue
        if any(cell.strip() for cell in row):
            table.rows.append((number, row))
    return table or Table(header=[], fmt="csv", encoding=encoding)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _merged_ranges(sheet: Any) -> list[str]:
    """The mergeCell references of a read-only worksheet (openpyxl does not bind them there)."""
    refs: list[str] = []
    with sheet._get_source() as source:  # read-only worksheets expose no merged_cells
        for _event, element in ET.iterparse(source):  # noqa: S314 - local, size-bounded zip member
            if element.tag == f"{_SHEET_NS}mergeCell":
                refs.append(element.get("ref", ""))
            element.clear()
    return refs


def _read_xlsx(data: bytes) -> Table:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise FormatError(
            _("无法读取该 XLSX 文件：%(error)s。请用 Excel 另存为 .xlsx 后重试。") % {"error": exc},
            code="bad_xlsx",
        ) from exc
    try:
        sheet = workbook.worksheets[0]
        merged = _merged_ranges(sheet)
        if merged:
            raise FormatError(
                _("工作表“%(sheet)s”的单元格 %(cell)s 是合并单元格；请取消合并，每格只填一个值。")
                % {"sheet": sheet.title, "cell": merged[0]},
                code="merged_cells",
                extra={"cells": merged},
            )
        table: Table | None = None
        for row in sheet.iter_rows():
            cells: list[str] = []
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    raise FormatError(
                        _(
                            "工作表“%(sheet)s”的单元格 %(cell)s 含有公式；"
                            "请把公式复制后“粘贴为数值”再导入。"
                        )
                        % {"sheet": sheet.title, "cell": cell.coordinate},
                        code="formula",
                        extra={"cell": cell.coordinate},
                    )
                cells.append(_cell_text(cell.value))
            number = row[0].row if row and hasattr(row[0], "row") else 0
            if table is None:
                table = Table(header=[h.strip() for h in cells], fmt="xlsx")
                continue
            if any(c.strip() for c in cells):
                table.rows.append((number, cells))
        return table or Table(header=[], fmt="xlsx")
    finally:
        workbook.close()


def json_record(number: int, line: str) -> dict[str, Any]:
    """Line `number` of a JSON Lines file as an object; FormatError naming the line if not."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise FormatError(
            _("第 %(row)s 行不是合法的 JSON：%(error)s。") % {"row": number, "error": exc.msg},
            code="bad_json",
            extra={"row": number},
        ) from exc
    if not isinstance(obj, dict):
        raise FormatError(
            _("第 %(row)s 行应是一个 JSON 对象。") % {"row": number},
            code="bad_json",
            extra={"row": number},
        )
    return obj


def _read_jsonl(data: bytes) -> Table:
    text, encoding = decode_csv_bytes(data)
    header: dict[str, None] = {}
    objects: list[tuple[int, dict[str, Any]]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        obj = json_record(number, line)
        header.update(dict.fromkeys(obj))
        objects.append((number, obj))
    keys = list(header)
    table = Table(header=keys, fmt="jsonl", encoding=encoding)
    for number, obj in objects:
        table.rows.append((number, [json_cell(obj.get(k)) for k in keys]))
    return table


def json_cell(value: Any) -> str:
    if isinstance(value, list):
        return "；".join(_cell_text(v) for v in value)
    return _cell_text(value)


def read_table(source: str | os.PathLike[str] | IO[bytes], *, name: str | None = None) -> Table:
    """Read a whole table from a path or a binary file object (`name` gives the ending)."""
    if isinstance(source, str | os.PathLike):
        fmt = format_for(name or source)
        data = Path(source).read_bytes()
    else:
        fmt = format_for(name or getattr(source, "name", ""))
        data = source.read()
    reader = {"csv": _read_csv, "xlsx": _read_xlsx, "jsonl": _read_jsonl}[fmt]
    return reader(data)
