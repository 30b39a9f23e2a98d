"""Trademark screening: one mark against the protected lists and the register.

`mark_screen` runs the engine (`integrity.engine`) and records the run with its hits, so what
was screened, by whom and what came back can be read later; `finding_record` turns one of the
run's hits into a lead for a person to decide. With `record=True` every hit becomes a lead at
once (batch screening does this).
"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ipcoord.core.audit import audit_record
from ipcoord.core.exceptions import ApplicationError
from ipcoord.core.models import Organisation, User
from ipcoord.integrity import rules, selectors
from ipcoord.integrity.engine import Hit, screen_protected
from ipcoord.integrity.engine.protected import LEGAL_BASIS
from ipcoord.integrity.models import (
    Finding,
    FindingKind,
    FindingStatus,
    RunSource,
    RunStatus,
    ScreeningRun,
)
from ipcoord.integrity.services._common import acting_office
from ipcoord.integrity.services.index_cache import register_index
from ipcoord.registry.models import Party, RightStatus, Trademark

MAX_TEXT = 200


def clean_mark(text: str) -> str:
    text = (text or "").strip()
    if not text or len(text) > MAX_TEXT:
        raise ApplicationError(
            _("请输入商标文字（1 至 200 个字符）。"), code="invalid_text", extra={"field": "text"}
        )
    return text


def clean_classes(classes: Iterable[int | str] | str | None) -> list[int]:
    """Nice classes as sorted distinct ints 1–45; accepts "30,32" or a list."""
    if classes is None:
        return []
    if isinstance(classes, str):
        classes = [c for c in classes.replace("，", ",").replace(" ", ",").split(",") if c]
    try:
        got = sorted({int(c) for c in classes})
    except (TypeError, ValueError):
        got = [0]
    if any(not 1 <= c <= 45 for c in got):
        raise ApplicationError(
            _("尼斯分类应为 1 至 45 的类别号，用逗号分隔，例如 30,32。"),
            code="invalid_classes",
            extra={"field": "classes"},
        )
    return got


def _protected_hit(hit: Hit) -> dict[str, Any]:
    category = str(hit.id).split(":", 1)[0]
    return {
        "source": "protected",
        "kind": FindingKind.PROTECTED_SIGN,
        "ref": str(hit.id),
        "text": hit.text,
        "score": round(hit.score, 3),
        "reasons": list(hit.reasons),
        "class_relation": hit.class_relation,
        "classes": [],
        "rule": hit.rule,
        "basis": LEGAL_BASIS.get(category, ("", ""))[1],
        "trademark": None,
        "number": "",
        "owner": "",
    }


def _register_basis(mark: Trademark, relation: str) -> str:
    basis = "商标法第三十一条" if mark.status == RightStatus.PENDING else "商标法第三十条"
    if mark.well_known:
        basis = f"商标法第十三条、{basis.removeprefix('商标法')}"
    return basis


def screen_hits(
    text: str, classes: list[int], applicant: Party | None = None
) -> list[dict[str, Any]]:
    """The hits for one mark, protected signs first, then register marks (best first).

    No writes. The applicant's own marks are left out: an owner's earlier mark is not a
    conflict. Caveat: only pending and registered marks are in the index (index_cache).
    """
    hits = [_protected_hit(h) for h in screen_protected(text)]
    found = register_index().query(text, classes=classes or None, limit=rules.register_hits())
    marks = Trademark.objects.select_related("owner").in_bulk([h.id for h in found])
    for h in found:
        mark = marks.get(h.id)
        if mark is None or (applicant is not None and mark.owner_id == applicant.pk):
            continue
        hits.append(
            {
                "source": "register",
                "kind": FindingKind.TRADEMARK_SIMILARITY,
                "ref": mark.number,
                "text": h.text,
                "score": round(h.score, 3),
                "reasons": list(h.reasons),
                "class_relation": h.class_relation,
                "classes": list(h.classes),
                "rule": h.rule,
                "basis": _register_basis(mark, h.class_relation),
                "trademark": mark.pk,
                "number": mark.number,
                "owner": mark.owner.name,
            }
        )
    return hits


def record_hit(
    *,
    actor: User | None,
    office: Organisation,
    run: ScreeningRun | None,
    hit: dict[str, Any],
    text: str,
    classes: list[int],
    applicant: Party | None,
    applicant_name: str = "",
) -> tuple[Finding, bool]:
    """Create the lead for one hit, or return the open one already raised for the same mark,
    applicant and match by this office (so a re-screened mark does not double the queue).
    Call inside a transaction."""
    same = Finding.objects.filter(
        owner_org=office,
        kind=hit["kind"],
        subject_text=text,
        matched_ref=hit["ref"],
        party=applicant,
        status__in=(FindingStatus.LEAD, FindingStatus.CONFIRMED),
    ).first()
    if same is not None:
        return same, False
    finding = Finding.objects.create(
        owner_org=office,
        kind=hit["kind"],
        run=run,
        subject_text=text,
        subject_classes=classes,
        party=applicant,
        applicant_name=applicant_name if applicant is None else "",
        matched_trademark_id=hit["trademark"],
        matched_ref=hit["ref"],
        matched_text=hit["text"],
        evidence={k: hit[k] for k in ("source", "number", "owner", "classes") if hit.get(k)},
        score=min(max(float(hit["score"]), 0.0), 1.0),
        reasons=hit["reasons"],
        rule=hit["rule"],
        legal_basis=hit["basis"],
        class_relation=hit["class_relation"],
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="integrity.finding_record",
        obj=finding,
        organisation=office,
        after={
            "kind": finding.kind,
            "subject": text,
            "matched": finding.matched_ref,
            "score": finding.score,
            "run": run.pk if run else None,
        },
    )
    return finding, True


@transaction.atomic
def mark_screen(
    *,
    actor: User | None,
    text: str,
    classes: Iterable[int | str] | str | None = None,
    applicant: Party | None = None,
    record: bool = False,
) -> ScreeningRun:
    """Screen one mark; returns the recorded run, whose `hits` list each hit's score, reasons,
    class relation and legal basis. With `record=True` each hit also becomes a lead
    (`run.recorded` lists them). Only IP officers screen; a refusal writes nothing.
    """
    office = acting_office(actor)
    text = clean_mark(text)
    wanted = clean_classes(classes)
    hits = screen_hits(text, wanted, applicant)
    run = ScreeningRun.objects.create(
        owner_org=office,
        actor=actor,
        source=RunSource.MARK,
        text=text,
        classes=wanted,
        applicant=applicant,
        hits=hits,
        status=RunStatus.DONE,
        rows_total=1,
        rows_done=1,
        hit_count=len(hits),
        finished_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="integrity.screen",
        obj=run,
        organisation=office,
        after={
            "text": text,
            "classes": wanted,
            "applicant": applicant.pk if applicant else None,
            "hits": [h["ref"] for h in hits],
        },
    )
    run.recorded = []  # type: ignore[attr-defined]
    if record:
        for hit in hits:
            finding, _created = record_hit(
                actor=actor,
                office=office,
                run=run,
                hit=hit,
                text=text,
                classes=wanted,
                applicant=applicant,
            )
            run.recorded.append(finding)  # type: ignore[attr-defined]
        run.finding_count = len(run.recorded)  # type: ignore[attr-defined]
        run.save(update_fields=["finding_count", "updated_at"])
    return run


@transaction.atomic
def finding_record(*, actor: User | None, run: ScreeningRun, hit_number: int) -> Finding:
    """Record hit number `hit_number` (0-based) of a single-mark run as a lead.

    Only an IP officer of the office that ran the screening (or one above it) records; the
    hit is taken from the run as stored, never from the caller, so a lead says exactly what
    the engine said.
    """
    acting_office(actor)  # refuses anyone who is not an IP officer
    if actor is not None and run.owner_org_id not in selectors.decider_org_ids(actor):
        raise ApplicationError(
            _("只能记录本机关（或下级机关）甄别结果中的命中。"), code="not_own_run", status=403
        )
    if run.source != RunSource.MARK or not 0 <= hit_number < len(run.hits):
        raise ApplicationError(
            _("该甄别结果中没有这一命中，请重新甄别。"), code="no_such_hit", status=404
        )
    finding, created = record_hit(
        actor=actor,
        office=run.owner_org,
        run=run,
        hit=run.hits[hit_number],
        text=run.text,
        classes=list(run.classes),
        applicant=run.applicant,
    )
    if created:
        ScreeningRun.objects.filter(pk=run.pk).update(finding_count=run.findings.count())
    return finding
