"""What an import did or would do, row by row, and the error report people download."""

import os
from collections import Counter
from dataclasses import dataclass, field
from typing import IO

from django.utils.translation import gettext as _

from ipcoord.exchange.formats import write_table

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass(frozen=True)
class Issue:
    """One reason a row cannot go in: row as the user sees it (header = 1), column header."""

    row: int
    column: str
    value: str
    reason: str


@dataclass(frozen=True)
class RowResult:
    row: int
    key: str
    action: str  # created | updated | unchanged
    changed: tuple[str, ...] = ()


@dataclass
class Report:
    kind: str
    total: int = 0
    dry_run: bool = False
    applied: bool = False
    issues: list[Issue] = field(default_factory=list)
    results: list[RowResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues

    def counts(self) -> dict[str, int]:
        counted = Counter(r.action for r in self.results)
        return {a: counted.get(a, 0) for a in (CREATED, UPDATED, UNCHANGED)}

    def summary(self) -> str:
        c = self.counts()
        if self.issues:
            return _("%(n)s 处错误，未写入任何记录（共 %(total)s 行）。") % {
                "n": len(self.issues),
                "total": self.total,
            }
        # Two whole sentences: a verb glued into one does not translate (word order, number).
        if self.dry_run:
            text = _(
                "共 %(total)s 行：将新增 %(created)s，将更新 %(updated)s，%(unchanged)s 行无变化。"
            )
        else:
            text = _(
                "共 %(total)s 行：已新增 %(created)s，已更新 %(updated)s，%(unchanged)s 行无变化。"
            )
        return text % {"total": self.total, **c}

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "total": self.total,
            "dry_run": self.dry_run,
            "applied": self.applied,
            "counts": self.counts(),
            "issues": [i.__dict__ for i in self.issues],
            "results": [
                {"row": r.row, "key": r.key, "action": r.action, "changed": list(r.changed)}
                for r in self.results
            ],
        }


def write_report(report: Report, target: str | os.PathLike[str] | IO[bytes]) -> int:
    """The issues as a table (row, column, value, reason) in the active language.

    With no issues the table lists what each row did instead, so a preview can be saved too.
    """
    if report.issues:
        header = [_("行号"), _("列"), _("值"), _("原因")]
        rows = [[str(i.row), i.column, i.value, i.reason] for i in report.issues]
    else:
        labels = {CREATED: _("新增"), UPDATED: _("更新"), UNCHANGED: _("无变化")}
        header = [_("行号"), _("记录"), _("处理"), _("变化的列")]
        rows = [[str(r.row), r.key, labels[r.action], "、".join(r.changed)] for r in report.results]
    return write_table(target, header, rows, sheet_title=_("导入报告"))
