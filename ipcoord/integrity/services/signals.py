"""Applicant signals of malicious trademark registration (商标法第四条、第十五条、第三十二条;
规范商标申请注册行为若干规定), approximated with what the register holds.

`applicant_signals(party=…)` reads only; `applicant_screen(actor=…, party=…)` records each
signal as a lead about the party for an officer to decide.

The three signals and their caveats:
- resembling_marks: at least `rules.resembling_marks()` of the party's marks resemble other
  owners' pending or registered marks, or one resembles a well-known mark or a famous sign on
  the protected list. The register cannot tell how distinctive the earlier mark is beyond the
  well-known flag, so every earlier mark counts.
- mass_filing: `rules.mass_filing()` = (N, D): N or more applications inside D days. The
  reasons count the marks of that window with a licence recorded or a renewal (USE_SIGNS),
  the only signs of use the register holds; evidence of use itself is left to the officer.
- refused_before: a refusal or invalidation on one of the party's marks whose reference,
  authority or note cites art. 4, 15 or 32. The register keeps no structured ground of
  refusal; a refusal recorded without citing the article is not counted.
"""

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ipcoord.core.audit import audit_record
from ipcoord.core.models import User
from ipcoord.integrity import rules
from ipcoord.integrity.engine import screen_protected
from ipcoord.integrity.models import Finding, FindingKind, FindingStatus
from ipcoord.integrity.services._common import acting_office
from ipcoord.integrity.services.index_cache import register_index
from ipcoord.registry.models import EventKind, LegalEvent, Party, Trademark

# What the register holds that suggests a mark is used: a recorded licence, a renewal.
USE_SIGNS = (EventKind.LICENCE, EventKind.RENEWAL)
BAD_FAITH_ARTICLES = re.compile(r"第\s*(四|4|十五|15|三十二|32)\s*条")
MAX_LISTED = 10


@dataclass(frozen=True)
class Signal:
    """One applicant signal: rule name, score 0–1, reasons a person can check, evidence."""

    rule: str
    score: float
    reasons: list[str]
    legal_basis: str
    evidence: dict[str, Any] = field(default_factory=dict)


def _resembling(party: Party, marks: list[Trademark]) -> Signal | None:
    index = register_index()
    pairs: list[tuple[Trademark, str, str]] = []  # (own mark, other's text, label)
    strong = False
    hit_ids: dict[int, list[int]] = {}
    for mark in marks:
        hit_ids[mark.pk] = [h.id for h in index.query(mark.mark_text, mark.class_list, limit=20)]
    others = Trademark.objects.select_related("owner").in_bulk(
        {i for ids in hit_ids.values() for i in ids}
    )
    for mark in marks:
        for other in (others.get(i) for i in hit_ids[mark.pk]):
            if other is None or other.owner_id == party.pk or other.pk == mark.pk:
                continue
            strong |= other.well_known
            label = _("第%(number)s号，%(owner)s") % {
                "number": other.number,
                "owner": other.owner.name,
            }
            pairs.append((mark, other.mark_text, label))
            break
        for sign in screen_protected(mark.mark_text):
            if str(sign.id).split(":", 1)[0] in ("famous", "person"):
                strong = True
                pairs.append((mark, sign.text, _("受保护标志")))
                break
    marked = {m.pk for m, _t, _l in pairs}
    if not pairs or (len(marked) < rules.resembling_marks() and not strong):
        return None
    reasons = [
        _("%(n)d 件申请与他人在先商标或知名标志近似") % {"n": len(marked)},
        *(
            _("「%(own)s」（第%(number)s号）与「%(other)s」（%(label)s）近似")
            % {"own": m.mark_text, "number": m.number, "other": t, "label": lab}
            for m, t, lab in pairs[:MAX_LISTED]
        ),
    ]
    return Signal(
        rule="resembling_marks",
        score=min(1.0, 0.6 + 0.1 * len(marked) + (0.2 if strong else 0.0)),
        reasons=reasons,
        legal_basis="商标法第四条、第三十二条；规范商标申请注册行为若干规定第三条",
        evidence={"trademarks": sorted({m.number for m, _t, _l in pairs})},
    )


def _mass_filing(marks: list[Trademark]) -> Signal | None:
    count, days = rules.mass_filing()
    dates = sorted(m.application_date for m in marks)
    best, best_start = 0, 0
    start = 0
    for end, day in enumerate(dates):
        while day - dates[start] >= datetime.timedelta(days=days):
            start += 1
        if end - start + 1 > best:
            best, best_start = end - start + 1, start
    if best < count:
        return None
    first, last = dates[best_start], dates[best_start + best - 1]
    window = [m for m in marks if first <= m.application_date <= last]
    used = (
        LegalEvent.objects.filter(trademark__in=window, kind__in=USE_SIGNS)
        .values("trademark_id")
        .distinct()
        .count()
    )
    return Signal(
        rule="mass_filing",
        score=min(1.0, 0.5 + 0.5 * best / (count * 5)),
        reasons=[
            _("%(first)s 至 %(last)s 共申请商标 %(n)d 件（阈值：%(days)d 天内 %(count)d 件）")
            % {"first": first, "last": last, "n": best, "days": days, "count": count},
            _("其中 %(used)d 件登记有许可备案或续展，这是登记簿中仅有的使用迹象") % {"used": used},
            _("登记簿中没有使用证据的记录，是否有真实使用意图须由审查人员判断"),
        ],
        legal_basis="商标法第四条；规范商标申请注册行为若干规定第三条",
        evidence={"applications": best, "from": str(first), "to": str(last), "use_signs": used},
    )


def _refused(marks: list[Trademark]) -> Signal | None:
    events = LegalEvent.objects.filter(
        trademark__in=marks, kind__in=(EventKind.REJECTION, EventKind.INVALIDATION)
    ).select_related("trademark")
    cited = [
        e for e in events if BAD_FAITH_ARTICLES.search(" ".join((e.reference, e.authority, e.note)))
    ]
    if not cited:
        return None
    reasons = [
        _("第%(number)s号「%(text)s」于 %(date)s 被%(what)s（%(ref)s）")
        % {
            "number": e.trademark.number,
            "text": e.trademark.mark_text,
            "date": e.date,
            "what": e.get_kind_display(),
            "ref": e.reference or e.note,
        }
        for e in cited[:MAX_LISTED]
    ]
    return Signal(
        rule="refused_before",
        score=min(1.0, 0.7 + 0.1 * len(cited)),
        reasons=reasons,
        legal_basis="商标法第四条、第十五条、第三十二条",
        evidence={"trademarks": sorted({e.trademark.number for e in cited})},
    )


def applicant_signals(*, party: Party) -> list[Signal]:
    """The signals the register shows about `party` as a trademark applicant (no writes).

    Caveat: the caller decides who may see them; the page and API offer them to IP officers.
    """
    marks = list(Trademark.objects.filter(owner=party))
    if not marks:
        return []
    found = [_resembling(party, marks), _mass_filing(marks), _refused(marks)]
    return [s for s in found if s is not None]


@transaction.atomic
def applicant_screen(*, actor: User | None, party: Party) -> list[Finding]:
    """Record each applicant signal about `party` as a lead of the actor's office.

    An open lead of the same rule for the same party is reused rather than doubled.
    """
    office = acting_office(actor)
    out: list[Finding] = []
    for signal in applicant_signals(party=party):
        same = Finding.objects.filter(
            owner_org=office,
            kind=FindingKind.APPLICANT_SIGNAL,
            party=party,
            rule=signal.rule,
            status=FindingStatus.LEAD,
        ).first()
        if same is not None:
            out.append(same)
            continue
        finding = Finding.objects.create(
            owner_org=office,
            kind=FindingKind.APPLICANT_SIGNAL,
            party=party,
            score=signal.score,
            reasons=signal.reasons,
            rule=signal.rule,
            legal_basis=signal.legal_basis,
            evidence=signal.evidence,
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="integrity.finding_record",
            obj=finding,
            organisation=office,
            after={"kind": finding.kind, "party": party.pk, "rule": signal.rule},
        )
        out.append(finding)
    return out
