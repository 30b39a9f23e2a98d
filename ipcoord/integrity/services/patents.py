"""Abnormal patent applications (《规范申请专利行为的规定》, CNIPA order 77) over the register.

`patent_register_screen(actor=…)` queues a run; `patent_screen_run(run_id=…)` (the task
`patent_screen_task`, or `ipcoord screen patents --now`) computes the signals and records
each as an `abnormal_patent` lead naming the rule (第三条第（n）项) and its evidence:

- near-duplicates (item 1): a NearDupIndex over every patent's title + abstract, streamed
  from the database; each pair at Jaccard ≥ `rules.patent_dup()` is one lead on the later
  application, naming the twin's application number and the overlap. Caveat: claims are not
  in the register, so the overlap is of title + abstract only.
- bulk same-day filings (item 3): ≥ `rules.patent_same_day()` applications by one applicant
  on one filing date. Caveat: the register keeps current owners (PatentOwner), and a transfer
  replaces them, so applications transferred since filing are left out (their applicant at
  filing is unknown).
- bulk same-day filings by an agency (item 8, an agency helping abnormal filing): the same
  threshold, by the patent agency recorded on each application (`Patent.agency`); one lead
  per agency and day, on no party (the agency is not a party of the register).
- frequent transfers with no use (item 7): `rules.patent_transfers()` transfers inside the
  window with no licence recorded between them.

- split filings (item 6): parties registered at the same address (whitespace, width and case
  folded) that together file ≥ `rules.patent_same_day()` applications on one day, from at
  least two of them, none reaching it alone: one lead on the party that filed most, listing
  every party. Caveat: a shared address is the only relation the register holds (no
  shareholders or legal representatives), and it also joins unrelated tenants.

Out-of-scale filings (item 3, `patent_signals.out_of_scale`) need R&D staff figures the
register does not hold; they are not screened here.
"""

import logging
import unicodedata
from collections import defaultdict
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcoord.core.audit import audit_record
from ipcoord.core.models import User
from ipcoord.integrity import rules
from ipcoord.integrity.engine.neardup import NearDupIndex
from ipcoord.integrity.engine.patent_signals import (
    Filing,
    Transfer,
    bulk_same_day,
    frequent_transfers,
    rule_name,
    split_filings,
)
from ipcoord.integrity.models import FindingKind, RunSource, RunStatus, ScreeningRun
from ipcoord.integrity.services._common import acting_office
from ipcoord.integrity.services.leads import Lead, record_lead
from ipcoord.registry.models import EventKind, LegalEvent, Party, Patent, PatentOwner

log = logging.getLogger(__name__)
CHUNK = 5_000
MAX_LISTED = 50


def _near_duplicates() -> list[Lead]:
    index = NearDupIndex(threshold=rules.patent_dup())
    ids: list[int] = []
    texts: list[str] = []
    rows = Patent.objects.order_by("pk").values_list("pk", "title", "abstract")
    for pk, title, abstract in rows.iterator(chunk_size=CHUNK):
        ids.append(pk)
        texts.append(f"{title} {abstract}")
        if len(ids) >= CHUNK:
            index.add_many(ids, texts)
            ids, texts = [], []
    if ids:
        index.add_many(ids, texts)
    pairs = index.pairs()
    info = Patent.objects.in_bulk({i for a, b, _j in pairs for i in (a, b)})
    leads = []
    for a, b, jaccard in pairs:
        pa, pb = info[a], info[b]
        # The lead is on the later application (by filing date, then number).
        later, twin = (pb, pa) if (pa.filing_date, pa.pk) <= (pb.filing_date, pb.pk) else (pa, pb)
        leads.append(
            Lead(
                kind=FindingKind.ABNORMAL_PATENT,
                rule="order77_1",
                legal_basis=rule_name(1),
                score=jaccard,
                reasons=[
                    _("申请%(a)s与申请%(b)s（%(date)s）的名称和摘要文字重合 %(pct)d%%")
                    % {
                        "a": later.application_number,
                        "b": twin.application_number,
                        "date": twin.filing_date,
                        "pct": round(jaccard * 100),
                    },
                    _("可能为相同或简单组合的申请；登记簿中没有权利要求，须核对权利要求"),
                ],
                evidence={
                    "twin": twin.application_number,
                    "twin_id": twin.pk,
                    "overlap": round(jaccard, 4),
                },
                patent_id=later.pk,
                matched_ref=twin.application_number,
                matched_text=twin.title,
            )
        )
    return leads


def _filings() -> list[Filing]:
    """Applications whose applicant at filing is known (never transferred), by party id."""
    transferred = LegalEvent.objects.filter(kind=EventKind.TRANSFER, patent__isnull=False)
    owners = (
        PatentOwner.objects.exclude(patent_id__in=transferred.values("patent_id"))
        .values_list("party_id", "patent__application_number", "patent__filing_date")
        .iterator(chunk_size=CHUNK)
    )
    return [Filing(id=num, applicant=str(party), filed=day) for party, num, day in owners]


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


def _split(filings: list[Filing]) -> list[Lead]:
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


def _same_day(filings: list[Filing]) -> list[Lead]:
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


def _agency_same_day() -> list[Lead]:
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


def _transfers() -> list[Lead]:
    count, days = rules.patent_transfers()
    events = (
        LegalEvent.objects.filter(
            patent__isnull=False, kind__in=(EventKind.TRANSFER, EventKind.LICENCE)
        )
        .values_list("patent_id", "kind", "date", "counterparty__name")
        .iterator(chunk_size=CHUNK)
    )
    transfers: list[Transfer] = []
    uses: dict[int, list[date]] = defaultdict(list)
    for patent_id, kind, day, name in events:
        if kind == EventKind.TRANSFER:
            transfers.append(Transfer(right=patent_id, on=day, assignee=name or ""))
        else:
            uses[patent_id].append(day)
    found = frequent_transfers(transfers, uses, threshold=count, window_days=days)
    numbers = dict(
        Patent.objects.filter(pk__in=[f.subject for f in found]).values_list(
            "pk", "application_number"
        )
    )
    return [
        Lead(
            kind=FindingKind.ABNORMAL_PATENT,
            rule="order77_7_transfers",
            legal_basis=rule_name(7),
            score=min(1.0, 0.5 + 0.1 * f.evidence["count"]),
            reasons=[
                _("专利（申请）%(number)s在 %(first)s 至 %(last)s 间转让 %(n)d 次")
                % {
                    "number": numbers[f.subject],
                    "first": f.evidence["from"],
                    "last": f.evidence["to"],
                    "n": f.evidence["count"],
                },
                _("其间登记簿中没有许可备案；实施情况须由审查人员核实"),
            ],
            evidence=f.evidence,
            patent_id=f.subject,
        )
        for f in found
    ]


def patent_leads() -> list[Lead]:
    """Every abnormal-application signal the register shows now (reads only)."""
    filings = _filings()
    return [
        *_near_duplicates(),
        *_same_day(filings),
        *_split(filings),
        *_agency_same_day(),
        *_transfers(),
    ]


@transaction.atomic
def patent_register_screen(*, actor: User | None) -> ScreeningRun:
    """Queue a screening of the whole patent register for the background worker.

    Only IP officers screen (a judge or anyone else is refused and nothing is written); the
    run belongs to the officer's IP administration.
    """
    from ipcoord.integrity.tasks import patent_screen_task

    office = acting_office(actor)
    run = ScreeningRun.objects.create(
        owner_org=office, actor=actor, source=RunSource.PATENTS, status=RunStatus.QUEUED
    )
    audit_record(
        actor=actor, action="integrity.patent_screen", obj=run, organisation=office, after={}
    )
    transaction.on_commit(lambda: patent_screen_task.enqueue(run.pk))
    return run


def patent_screen_run(*, run_id: int) -> ScreeningRun:
    """Compute the signals and record them as leads of the run's office (idempotent: a run
    that is not queued is left alone). An unexpected error marks the run failed."""
    claimed = ScreeningRun.objects.filter(
        pk=run_id, status=RunStatus.QUEUED, source=RunSource.PATENTS
    ).update(status=RunStatus.RUNNING, updated_at=timezone.now())
    run = ScreeningRun.objects.select_related("owner_org", "actor").get(pk=run_id)
    if not claimed:
        return run
    try:
        leads = patent_leads()
        with transaction.atomic():
            new = sum(
                record_lead(actor=run.actor, office=run.owner_org, run=run, lead=lead)[1]
                for lead in leads
            )
            ScreeningRun.objects.filter(pk=run.pk).update(
                status=RunStatus.DONE,
                rows_total=Patent.objects.count(),
                rows_done=Patent.objects.count(),
                hit_count=len(leads),
                finding_count=new,
                finished_at=timezone.now(),
            )
            audit_record(
                actor=run.actor,
                action="integrity.patent_screen_done",
                obj=run,
                organisation=run.owner_org,
                after={"signals": len(leads), "findings": new},
            )
    except Exception as exc:
        log.exception("patent screening run %s failed", run_id)
        ScreeningRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
    run.refresh_from_db()
    return run
