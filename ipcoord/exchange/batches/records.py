"""The records of a batch: their `source_id` and `version`, and why a batch is refused.

A batch's payload is JSON Lines keyed by the kind's column keys (what `ipcoord export KIND
x.jsonl` writes), plus `source_id` (text, unique in the batch) and `version` (a
non-negative integer, or digits as text) on every record. The engine's `parse_rows` and
`apply_rows` do the rest (see stream.py), so a batch and a file obey the same rules.

Caveats: a stored SourceRecord whose natural key differs from the record's now (the source
renamed the record) is overwritten with the new key; the old register record stays.
"""

from typing import Any

from django.utils.translation import gettext as _

from ipcoord.exchange.formats import FormatError, Table
from ipcoord.exchange.report import Issue, Report

SOURCE_KEYS = ("source_id", "version")


class RecordsRefused(Exception):
    """Some records are wrong; `rejected` lists each with its line, source id and reason."""

    def __init__(self, rejected: list[dict[str, Any]], total: int | None = None) -> None:
        super().__init__(f"{len(rejected)} rejected records")
        self.rejected = rejected
        self.total = len(rejected) if total is None else total


def split_source_columns(table: Table) -> tuple[Table, dict[int, tuple[str, str]]]:
    """The table without `source_id`/`version`, and line → (source id, version text)."""
    missing = [k for k in SOURCE_KEYS if k not in table.header]
    if missing and table.rows:
        raise FormatError(
            _("每条记录都须有 source_id 和 version；载荷中没有：%(keys)s。")
            % {"keys": "、".join(missing)},
            code="no_source_keys",
        )
    where = {k: table.header.index(k) for k in SOURCE_KEYS if k in table.header}
    keep = [i for i in range(len(table.header)) if i not in where.values()]
    stripped = Table(header=[table.header[i] for i in keep], fmt=table.fmt)
    sources: dict[int, tuple[str, str]] = {}
    for number, cells in table.rows:
        sources[number] = (cells[where["source_id"]].strip(), cells[where["version"]].strip())
        stripped.rows.append((number, [cells[i] for i in keep]))
    return stripped, sources


def check_sources(sources: dict[int, tuple[str, str]], report: Report) -> dict[int, int]:
    """line → version as int; problems (blank, not an integer, repeated id) → report."""
    versions: dict[int, int] = {}
    first_line: dict[str, int] = {}
    for line, (source_id, version) in sources.items():
        if not source_id or len(source_id) > 128:
            report.issues.append(
                Issue(line, "source_id", source_id, _("必填，不超过 128 个字符。"))
            )
        elif source_id in first_line:
            reason = _("与第 %(line)s 行的 source_id 相同；同一批次内每条记录只能出现一次。")
            report.issues.append(
                Issue(line, "source_id", source_id, reason % {"line": first_line[source_id]})
            )
        else:
            first_line[source_id] = line
        if not version.isdigit() or int(version) >= 2**63:
            report.issues.append(Issue(line, "version", version, _("应是非负整数。")))
        else:
            versions[line] = int(version)
    return versions
