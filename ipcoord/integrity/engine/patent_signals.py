"""Abnormal-patent-application signals (CNIPA order 77, 2024) as pure functions.

Every function returns `Finding`s: leads for a person, never verdicts. Each names the rule
(《规范申请专利行为的规定》第三条, item n — the platform's reading of which item a signal
points to), the evidence (ids, counts) and a sentence a person can check.

Signals and their defaults (all parameters):
- near-duplicates (item 1, identical or simple recombination): `order77_findings` over the
  pairs of `neardup.NearDupIndex.pairs()` (3-gram Jaccard ≥ 0.6).
- bulk same-day filings (item 3 for an applicant — volume out of line with capacity; item 8
  for an agency — helping abnormal filing): ≥ 20 applications on one day by one party.
- out of scale (item 3): applications in one calendar year above
  max(`floor` = 20, `per_staff` = 2 × R&D staff); also applications spread over more than
  `max_fields` = 5 IPC subclasses in that year when R&D staff ≤ 10. Heuristic: real R&D
  output per person varies a lot by field, so both numbers are configuration, and an
  applicant with no known staff figure is not judged on scale.
- split filings (item 6, related filings split up to evade checks): on one day, related
  applicants (one group in a given mapping — the platform groups parties registered at the
  same address) file ≥ `threshold` = 20 applications together, from at least two of them,
  while none of them reaches the threshold alone. Heuristic: a shared address also joins
  unrelated tenants of one building or incubator; the evidence lists every applicant.
- frequent transfers with no use (item 7): a right transferred ≥ 3 times within 365 days
  with no recorded use (licence, implementation, product) in that span.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

RULE = "《规范申请专利行为的规定》第三条第（{}）项"
ITEMS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九"}


def rule_name(item: int) -> str:
    """Rule label for order 77, art. 3, item `item`."""
    return RULE.format(ITEMS[item])


@dataclass(frozen=True, slots=True)
class Finding:
    """One lead: the rule, the subject (application, party or right) and its evidence."""

    kind: str
    item: int
    rule: str
    subject: object
    reason: str
    evidence: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Filing:
    id: object
    applicant: str
    filed: date
    agency: str = ""
    ipc: str = ""  # main IPC symbol, e.g. "H01M 10/42"


@dataclass(frozen=True, slots=True)
class Transfer:
    right: object
    on: date
    assignor: str = ""
    assignee: str = ""


def order77_findings(
    pairs: Iterable[tuple[object, object, float]], both_sides: bool = False
) -> list[Finding]:
    """One finding per near-duplicate pair (two with `both_sides`, one per application)."""
    out = []
    for a, b, j in pairs:
        for subject, twin in ((a, b), (b, a)) if both_sides else ((a, b),):
            out.append(
                Finding(
                    kind="near_duplicate",
                    item=1,
                    rule=rule_name(1),
                    subject=subject,
                    reason=(
                        f"申请{subject}与申请{twin}的名称、摘要和权利要求文字重合{j:.0%}"
                        "（三字组Jaccard），可能为相同或简单组合的申请"
                    ),
                    evidence={"twin": twin, "overlap": round(j, 4)},
                )
            )
    return out


def bulk_same_day(
    filings: Iterable[Filing], threshold: int = 20, by: str = "applicant"
) -> list[Finding]:
    """Parties (by "applicant" or "agency") with ≥ threshold filings on one day."""
    if by not in ("applicant", "agency"):
        raise ValueError("by is 'applicant' or 'agency'")
    groups: dict[tuple[str, date], list[object]] = defaultdict(list)
    for f in filings:
        party = getattr(f, by)
        if party:
            groups[(party, f.filed)].append(f.id)
    item = 3 if by == "applicant" else 8
    who = "申请人" if by == "applicant" else "代理机构"
    return [
        Finding(
            kind="bulk_same_day",
            item=item,
            rule=rule_name(item),
            subject=party,
            reason=f"{who}{party}于{day.isoformat()}同日提交{len(ids)}件申请（阈值{threshold}件）",
            evidence={"date": day.isoformat(), "count": len(ids), "applications": ids},
        )
        for (party, day), ids in sorted(groups.items(), key=lambda kv: (kv[0][1], kv[0][0]))
        if len(ids) >= threshold
    ]


def split_filings(
    filings: Iterable[Filing], related: Mapping[str, str], threshold: int = 20
) -> list[Finding]:
    """Groups of related applicants filing ≥ threshold together on one day, none alone."""
    days: dict[tuple[str, date], dict[str, list[object]]] = defaultdict(lambda: defaultdict(list))
    for f in filings:
        group = related.get(f.applicant)
        if group:
            days[(group, f.filed)][f.applicant].append(f.id)
    out = []
    for (group, day), by_applicant in sorted(days.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        counts = {a: len(ids) for a, ids in by_applicant.items()}
        total = sum(counts.values())
        if len(counts) < 2 or total < threshold or max(counts.values()) >= threshold:
            continue
        parts = "、".join(f"{a} {n}件" for a, n in sorted(counts.items(), key=lambda kv: -kv[1]))
        out.append(
            Finding(
                kind="split_filings",
                item=6,
                rule=rule_name(6),
                subject=group,
                reason=(
                    f"关联申请人（{group}）于{day.isoformat()}同日分别提交申请：{parts}，"
                    f"合计{total}件，达到阈值{threshold}件，而单个申请人均未达到"
                ),
                evidence={
                    "date": day.isoformat(),
                    "count": total,
                    "by_applicant": counts,
                    "applications": sorted(i for ids in by_applicant.values() for i in ids),
                },
            )
        )
    return out


def out_of_scale(
    filings: Iterable[Filing],
    rd_staff: Mapping[str, int],
    per_staff: float = 2.0,
    floor: int = 20,
    max_fields: int = 5,
    small: int = 10,
) -> list[Finding]:
    """Applicants filing more per year than their R&D staff suggests, or over too many fields."""
    per_year: dict[tuple[str, int], list[Filing]] = defaultdict(list)
    for f in filings:
        per_year[(f.applicant, f.filed.year)].append(f)
    out = []
    for (applicant, year), fs in sorted(per_year.items()):
        staff = rd_staff.get(applicant)
        if staff is None:
            continue
        cap = max(floor, per_staff * staff)
        ids = [f.id for f in fs]
        if len(fs) > cap:
            out.append(
                Finding(
                    kind="out_of_scale",
                    item=3,
                    rule=rule_name(3),
                    subject=applicant,
                    reason=(
                        f"申请人{applicant}{year}年提交{len(fs)}件申请，研发人员{staff}人，"
                        f"超过按规模估计的上限{cap:g}件"
                    ),
                    evidence={"year": year, "count": len(fs), "rd_staff": staff, "cap": cap},
                )
            )
        fields = sorted({f.ipc.split()[0][:4] for f in fs if f.ipc})
        if staff <= small and len(fields) > max_fields:
            out.append(
                Finding(
                    kind="out_of_field",
                    item=3,
                    rule=rule_name(3),
                    subject=applicant,
                    reason=(
                        f"申请人{applicant}研发人员{staff}人，{year}年申请分布于"
                        f"{len(fields)}个IPC小类（阈值{max_fields}个）"
                    ),
                    evidence={"year": year, "fields": fields, "applications": ids},
                )
            )
    return out


def frequent_transfers(
    transfers: Iterable[Transfer],
    uses: Mapping[object, Iterable[date]] | None = None,
    threshold: int = 3,
    window_days: int = 365,
) -> list[Finding]:
    """Rights transferred ≥ threshold times within window_days with no recorded use then."""
    uses = uses or {}
    by_right: dict[object, list[Transfer]] = defaultdict(list)
    for t in transfers:
        by_right[t.right].append(t)
    out = []
    window = timedelta(days=window_days)
    for right, ts in by_right.items():
        ts.sort(key=lambda t: t.on)
        used = sorted(uses.get(right, ()))
        lo = 0
        for hi in range(len(ts)):
            while ts[hi].on - ts[lo].on > window:
                lo += 1
            span = ts[lo : hi + 1]
            if len(span) < threshold:
                continue
            if any(span[0].on <= u <= span[-1].on for u in used):
                continue
            out.append(
                Finding(
                    kind="frequent_transfers",
                    item=7,
                    rule=rule_name(7),
                    subject=right,
                    reason=(
                        f"专利（申请）{right}在{span[0].on.isoformat()}至{span[-1].on.isoformat()}"
                        f"间转让{len(span)}次，其间无实施、许可等使用记录"
                    ),
                    evidence={
                        "count": len(span),
                        "from": span[0].on.isoformat(),
                        "to": span[-1].on.isoformat(),
                        "parties": [t.assignee for t in span],
                    },
                )
            )
            break
    return out
