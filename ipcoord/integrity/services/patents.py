"""Abnormal patent applications (《规范申请专利行为的规定》, CNIPA order 77) over the register.

`patent_register_screen(actor=…)` queues a run; `patent_screen_run(run_id=…)` (the task
`patent_screen_task`, or `ipcoord screen patents --now`) computes the signals and records
each as an `abnormal_patent` lead naming the rule (第三条第（n）项) and its evidence:

- near-duplicates (item 1): a NearDupIndex over every patent's title + abstract + claims,
  streamed from the database; each pair at Jaccard ≥ `rules.patent_dup()` is one lead on the
  later application, naming the twin's application number and the overlap. Caveat: where the
  register has no claims for an application (older records), title + abstract stand alone.
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

- filings out of scale (item 3): an applicant whose R&D staff is known (`Party.rd_staff`,
  imported or entered from annual reports) filing more in one year than
  `rules.patent_scale()` allows for that staff, or a small team filing across many IPC
  subclasses. Applicants with no staff figure are not judged.
"""

import logging
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
    Transfer,
    frequent_transfers,
    rule_name,
)
from ipcoord.integrity.models import FindingKind, RunSource, RunStatus, ScreeningRun
from ipcoord.integrity.services._common import acting_office
from ipcoord.integrity.services.leads import Lead, record_lead
from ipcoord.integrity.services.patent_filings import (
    agency_same_day_leads,
    filings_at_filing,
    out_of_scale_leads,
    same_day_leads,
    split_leads,
)
from ipcoord.registry.models import EventKind, LegalEvent, Patent

log = logging.getLogger(__name__)
CHUNK = 5_000
MAX_LISTED = 50


def _near_duplicate_reasons(later: Patent, twin: Patent, jaccard: float) -> list[str]:
    params = {
        "a": later.application_number,
        "b": twin.application_number,
        "date": twin.filing_date,
        "pct": round(jaccard * 100),
    }
    if later.claims and twin.claims:
        return [
            _("申请%(a)s与申请%(b)s（%(date)s）的名称、摘要和权利要求文字重合 %(pct)d%%") % params,
            _("可能为相同或简单组合的申请；请逐项比对权利要求"),
        ]
    return [
        _("申请%(a)s与申请%(b)s（%(date)s）的名称和摘要文字重合 %(pct)d%%") % params,
        _("可能为相同或简单组合的申请；登记簿中没有权利要求，须核对权利要求"),
    ]


def _near_duplicates() -> list[Lead]:
    index = NearDupIndex(threshold=rules.patent_dup())
    ids: list[int] = []
    texts: list[str] = []
    rows = Patent.objects.order_by("pk").values_list("pk", "title", "abstract", "claims")
    for pk, title, abstract, claims in rows.iterator(chunk_size=CHUNK):
        ids.append(pk)
        texts.append(f"{title} {abstract} {claims}")
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
                reasons=_near_duplicate_reasons(later, twin, jaccard),
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
    filings = filings_at_filing()
    return [
        *_near_duplicates(),
        *same_day_leads(filings),
        *split_leads(filings),
        *out_of_scale_leads(filings),
        *agency_same_day_leads(),
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
