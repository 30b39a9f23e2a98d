"""Order 77 signals about who files: bulk same-day filings by an applicant (item 3) or an
agency (item 8), filings out of scale or field for the applicant's R&D staff (item 3), and
filings split across parties at one address (item 6). See `patents.py` for the run and
the rules' caveats; thresholds are in `integrity.rules`.
"""

import unicodedata
from collections import defaultdict

from django.utils.translation import gettext as _

from ipcoord.integrity import rules
from ipcoord.integrity.engine.patent_signals import (
    Filing,
    bulk_same_day,
    out_of_scale,
    rule_name,
    split_filings,
)
from ipcoord.integrity.models import FindingKind
from ipcoord.integrity.services.leads import Lead
from ipcoord.registry.models import EventKind, LegalEvent, Party, Patent, PatentOwner

CHUNK = 5_000
MAX_LISTED = 50


def filings_at_filing() -> list[Filing]:
    """Applications whose applicant at filing is known (never transferred), by party id."""
    transferred = LegalEvent.objects.filter(kind=EventKind.TRANSFER, patent__isnull=False)
    owners = (
        PatentOwner.objects.exclude(patent_id__in=transferred.values("patent_id"))
        .values_list("party_id", "patent__application_number", "patent__filing_date", "patent__ipc")
        .iterator(chunk_size=CHUNK)
    )
    return [
        Filing(id=num, applicant=str(party), filed=day, ipc=ipc.split(";")[0].strip())
        for party, num, day, ipc in owners
    ]


def _same_address() -> dict[str, str]:
    """Party id → its address, for parties that share an address with another party."""
    by_address: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for pk, address in Party.objects.exclude(address="").values_list("pk", "address"):
        key = "".join(unicodedata.normalize("NFKC", address).casefold().split())
        by_address[key].append((pk, address.strip()))
    return {
        str(pk): parties[0][1]
        for parties in by_address.values()
        if len(parties) >= 2
        for pk, _address in parties
    }


def split_leads(filings: list[Filing]) -> list[Lead]:
    related = _same_address()
    if not related:
        return []
    threshold = rules.patent_same_day()
    found = split_filings(filings, related, threshold=threshold)
    names = Party.objects.in_bulk({int(a) for f in found for a in f.evidence["by_applicant"]})
    leads = []
    for f in found:
        counts = sorted(f.evidence["by_applicant"].items(), key=lambda kv: (-kv[1], kv[0]))
        top = names[int(counts[0][0])]
        day, total = f.evidence["date"], f.evidence["count"]
        reasons = [
            _(
                "登记地址相同的%(k)d个申请人于 %(date)s 同日分别提交专利申请，合计 %(n)d 件"
                "（阈值 %(t)d 件），单个申请人均未达到阈值"
            )
            % {"k": len(counts), "date": day, "n": total, "t": threshold},
            *(
                _("%(party)s 当日提交 %(n)d 件") % {"party": names[int(a)].name, "n": n}
                for a, n in counts
            ),
            _(
                "地址相同不一定是关联企业（同一楼宇、孵化器）；是否拆分申请以规避审查，须由审查人员判断"
            ),
        ]
        leads.append(
            Lead(
                kind=FindingKind.ABNORMAL_PATENT,
                rule="order77_6_split",
                legal_basis=rule_name(6),
                score=min(1.0, 0.5 + 0.5 * total / (threshold * 5)),
                reasons=reasons,
                evidence={
                    "date": day,
                    "count": total,
                    "address": f.subject,
                    "by_applicant": {names[int(a)].name: n for a, n in counts},
                    "parties": [int(a) for a, _n in counts],
                    "applications": f.evidence["applications"][:MAX_LISTED],
                },
                party_id=top.pk,
                matched_ref=f"{day} {f.subject}",
            )
        )
    return leads


def same_day_leads(filings: list[Filing]) -> list[Lead]:
    threshold = rules.patent_same_day()
    found = bulk_same_day(filings, threshold=threshold)
    names = Party.objects.in_bulk([int(f.subject) for f in found])
    leads = []
    for f in found:
        party = names[int(f.subject)]
        count, day, apps = f.evidence["count"], f.evidence["date"], f.evidence["applications"]
        leads.append(
            Lead(
                kind=FindingKind.ABNORMAL_PATENT,
                rule="order77_3_same_day",
                legal_basis=rule_name(3),
                score=min(1.0, 0.5 + 0.5 * count / (threshold * 5)),
                reasons=[
                    _("申请人%(party)s于 %(date)s 同日提交专利申请 %(n)d 件（阈值 %(t)d 件）")
                    % {"party": party.name, "date": day, "n": count, "t": threshold},
                    _("申请数量是否与其研发能力相符，须由审查人员判断"),
                ],
                evidence={"date": day, "count": count, "applications": sorted(apps)[:MAX_LISTED]},
                party_id=party.pk,
                matched_ref=day,
            )
        )
    return leads


def out_of_scale_leads(filings: list[Filing]) -> list[Lead]:
    staff = {
        str(pk): n for pk, n in Party.objects.exclude(rd_staff=None).values_list("pk", "rd_staff")
    }
    if not staff:
        return []
    per_staff, floor, max_fields, small = rules.patent_scale()
    found = out_of_scale(
        filings, staff, per_staff=per_staff, floor=floor, max_fields=max_fields, small=small
    )
    names = Party.objects.in_bulk([int(f.subject) for f in found])
    leads = []
    for f in found:
        party, ev = names[int(f.subject)], f.evidence
        if f.kind == "out_of_scale":
            reason = _(
                "申请人%(party)s %(year)s 年提交专利申请 %(n)d 件，研发人员 %(staff)d 人，"
                "超过按规模估计的上限 %(cap)s 件"
            ) % {
                "party": party.name,
                "year": ev["year"],
                "n": ev["count"],
                "staff": ev["rd_staff"],
                "cap": f"{ev['cap']:g}",
            }
            rule, score = "order77_3_scale", min(1.0, 0.5 + 0.5 * ev["count"] / (ev["cap"] * 5))
        else:
            reason = _(
                "申请人%(party)s研发人员 %(staff)d 人，%(year)s 年的申请分布于 %(k)d 个 IPC 小类"
                "（阈值 %(t)d 个）：%(fields)s"
            ) % {
                "party": party.name,
                "staff": staff[f.subject],
                "year": ev["year"],
                "k": len(ev["fields"]),
                "t": max_fields,
                "fields": "、".join(ev["fields"]),
            }
            rule, score = "order77_3_field", 0.6
        leads.append(
            Lead(
                kind=FindingKind.ABNORMAL_PATENT,
                rule=rule,
                legal_basis=rule_name(3),
                score=score,
                reasons=[
                    reason,
                    _(
                        "研发人员数来自企业年报或申报材料，可能已过时；申请量是否与能力相符，须由审查人员判断"
                    ),
                ],
                evidence={k: v for k, v in ev.items() if k != "applications"}
                | {"applications": sorted(ev.get("applications", []))[:MAX_LISTED]},
                party_id=party.pk,
                matched_ref=f"{ev['year']} {rule}",
            )
        )
    return leads


def agency_same_day_leads() -> list[Lead]:
    threshold = rules.patent_same_day()
    rows = (
        Patent.objects.exclude(agency="")
        .values_list("application_number", "agency", "filing_date")
        .iterator(chunk_size=CHUNK)
    )
    filings = [Filing(id=num, applicant="", agency=agency, filed=day) for num, agency, day in rows]
    leads = []
    for f in bulk_same_day(filings, threshold=threshold, by="agency"):
        count, day, apps = f.evidence["count"], f.evidence["date"], f.evidence["applications"]
        leads.append(
            Lead(
                kind=FindingKind.ABNORMAL_PATENT,
                rule="order77_8_agency_same_day",
                legal_basis=rule_name(8),
                score=min(1.0, 0.5 + 0.5 * count / (threshold * 5)),
                reasons=[
                    _(
                        "代理机构%(agency)s于 %(date)s 同日代理提交专利申请 %(n)d 件（阈值 %(t)d 件）"
                    )
                    % {"agency": f.subject, "date": day, "n": count, "t": threshold},
                    _("代理量大不等于代理非正常申请；申请是否属于非正常申请，须由审查人员逐件判断"),
                ],
                evidence={
                    "agency": f.subject,
                    "date": day,
                    "count": count,
                    "applications": sorted(apps)[:MAX_LISTED],
                },
                matched_ref=f"{day} {f.subject}",
                matched_text=str(f.subject),
            )
        )
    return leads
