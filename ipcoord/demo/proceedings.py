"""Demo validity proceedings before CNIPA, their links to court cases, and the administrative
cases they provoke.

An accused infringer often asks CNIPA to declare the patent invalid (owned by the
复审和无效审理部) or the trademark invalid (商标局); the civil case and the proceeding are linked
(`validity_challenge`: some confirmed by the court, some only proposed by the platform, a few
rejected). A decided invalidation is recorded as a LegalEvent on the right after its last
event, and the right's status follows. The losing side may sue CNIPA at the Beijing IP Court
(`京73行初`), appealed to `最高法知行终` (inventions, utility models) or `京行终`.
Also: evaluation reports, trademark oppositions and provincial offices' adjudications.
"""

import datetime
from zoneinfo import ZoneInfo

from ipcoord.cases.models import CaseLink, CaseRole, Cause, Proceeding
from ipcoord.core.courtcodes import PROVINCE_ABBREVIATIONS
from ipcoord.demo.casebook import CaseContext, CaseDraft, appeal, save_cases
from ipcoord.demo.rights import PoolRight
from ipcoord.demo.timeline import AS_OF, DAY, between
from ipcoord.registry.models import EventKind, LegalEvent, Patent, RightStatus, Trademark

_TZ = ZoneInfo("Asia/Shanghai")
PATENT_GROUNDS = (
    "不具备专利法第二十二条第二款规定的新颖性",
    "不具备专利法第二十二条第三款规定的创造性",
    "说明书公开不充分，不符合专利法第二十六条第三款的规定",
    "权利要求得不到说明书的支持，不符合专利法第二十六条第四款的规定",
)
TRADEMARK_GROUNDS = ("违反商标法第三十二条，损害他人在先权利", "违反商标法第四十四条第一款，以不正当手段取得注册", "违反商标法第十五条")  # fmt: skip
_INFRINGEMENT = {Cause.PATENT_INFRINGEMENT, Cause.UTILITY_INFRINGEMENT, Cause.DESIGN_INFRINGEMENT}


class ProcDraft:
    """A proceeding before it has a row, with the cases it is to be linked to."""

    def __init__(self, row: Proceeding, right: PoolRight | None) -> None:
        self.row = row
        self.right = right
        self.links: list[tuple[CaseDraft, str, str]] = []  # case, LinkKind, LinkStatus


def _decide_invalidation(
    ctx: CaseContext, right: PoolRight, filing: datetime.date, *, patent: bool
) -> tuple[str, str, datetime.date | None, str]:
    """(status, outcome, decision date, decision number); records the effect on the right."""
    rng = ctx.rng
    decided = filing + DAY * rng.randint(120, 300)
    if decided > AS_OF:
        return ("examining" if filing + DAY * 30 < AS_OF else "filed"), "", None, ""
    outcome = rng.choices(("upheld", "partly_invalid", "invalid", "withdrawn"), (40, 20, 32, 8))[0]
    if outcome == "withdrawn":
        return "withdrawn", "withdrawn", decided, ""
    decided = max(decided, right.last_date)
    if patent:
        number = f"第{ctx.next('patent_decision', 40_000)}号无效宣告请求审查决定"
    else:
        number = f"商评字〔{decided.year}〕第{ctx.next('tm_decision', 100_000):010d}号"
    if outcome != "upheld":
        ctx.events.append(
            LegalEvent(
                patent_id=right.pk if patent else None,
                trademark_id=None if patent else right.pk,
                kind=EventKind.INVALIDATION,
                date=decided,
                partial=outcome == "partly_invalid",
                authority="国家知识产权局",
                reference=number,
            )
        )
        right.last_date = decided
        key = ("patent" if patent else "trademark") + (
            "_partial" if outcome == "partly_invalid" else ""
        )
        ctx.changed.setdefault(key, []).append(right.pk)
        right.invalidated = right.invalidated or outcome == "invalid"
    return "decided", outcome, decided, number


def _link_status(ctx: CaseContext) -> str:
    return ctx.rng.choices(("confirmed", "proposed", "rejected"), (60, 30, 10))[0]


def for_cases(ctx: CaseContext, firsts: list[CaseDraft]) -> list[ProcDraft]:
    """Proceedings the parties of these first-instance cases started, before the cases close."""
    rng, d = ctx.rng, ctx.directory
    out: list[ProcDraft] = []
    for case in firsts:
        right = case.right
        if right is None or right.invalidated:
            continue
        plaintiff = case.role_of(CaseRole.PLAINTIFF)[0]
        defendant = case.role_of(CaseRole.DEFENDANT)[0]
        patent = right.kind != "trademark"
        if (
            case.cause in _INFRINGEMENT
            and right.kind in ("utility", "design")
            and rng.random() < 0.25
        ):
            asked = max(right.grant_date, case.filing - DAY * rng.randint(30, 150))
            issued = asked + DAY * rng.randint(60, 120)
            row = Proceeding(
                kind="evaluation_report",
                number=f"PJ{asked.year}{ctx.next('report', 10_000):06d}",
                patent_id=right.pk,
                requester_id=plaintiff,
                filing_date=asked,
                status="decided" if issued <= AS_OF else "examining",
                decision_date=issued if issued <= AS_OF else None,
                outcome="report_issued" if issued <= AS_OF else "",
                owner_org_id=d.cnipa["patent"].pk,
            )
            proc = ProcDraft(row, None)
            proc.links.append((case, "related_dispute", "confirmed"))
            out.append(proc)
        challenge = (
            0.4
            if case.cause in _INFRINGEMENT
            else 0.15
            if case.cause == Cause.TRADEMARK_INFRINGEMENT
            else 0
        )
        if rng.random() >= challenge:
            continue
        filing = case.filing + DAY * rng.randint(15, 90)
        if filing > AS_OF - DAY:
            continue
        status, outcome, decided, number = _decide_invalidation(ctx, right, filing, patent=patent)
        grounds = rng.choice(PATENT_GROUNDS if patent else TRADEMARK_GROUNDS)
        row = Proceeding(
            kind="patent_invalidation" if patent else "trademark_invalidation",
            number=f"4W1{ctx.next('patent_case', 10_000):05d}"
            if patent
            else f"{filing.year}W{ctx.next('tm_case', 1_000):07d}",
            patent_id=right.pk if patent else None,
            trademark_id=None if patent else right.pk,
            requester_id=defendant,
            respondent_id=plaintiff,
            status=status,
            filing_date=filing,
            decision_date=decided,
            decision_number=number,
            outcome=outcome,
            grounds=grounds,
            owner_org_id=(d.cnipa["reexam"] if patent else d.cnipa["trademark"]).pk,
        )
        if outcome == "invalid" and case.closing and decided and decided < case.closing:
            case.manner, case.outcome = "dismissal", "other"  # the right is gone: 驳回起诉
        proc = ProcDraft(row, right)
        proc.links.append((case, "validity_challenge", _link_status(ctx)))
        out.append(proc)
    return out


def _admin_case(ctx: CaseContext, proc: ProcDraft) -> CaseDraft | None:
    """The losing side's suit against CNIPA's invalidation decision, if there is one."""
    rng, row, right = ctx.rng, proc.row, proc.right
    if (
        right is None
        or row.outcome not in ("upheld", "partly_invalid", "invalid")
        or rng.random() > 0.45
    ):
        return None
    filing = row.decision_date + DAY * rng.randint(30, 100)
    if filing > AS_OF - DAY * 3:
        return None
    loser, winner = (
        (row.requester_id, row.respondent_id)
        if row.outcome == "upheld"
        else (row.respondent_id, row.requester_id)
    )
    if row.outcome == "partly_invalid" and rng.random() < 0.5:
        loser, winner = winner, loser
    patent = right.kind != "trademark"
    case = CaseDraft(
        court="京73",
        type_code="行初",
        filing=filing,
        cause=Cause.PATENT_ADMIN if patent else Cause.TRADEMARK_ADMIN,
        technical=right.kind in ("invention", "utility"),
        patents=[right.pk] if patent else [],
        trademarks=[] if patent else [right.pk],
        summary=f"原告不服国家知识产权局{row.decision_number}，涉及{right.label}。",
        right=right,
    )
    case.parties = [
        (loser, CaseRole.PLAINTIFF),
        (ctx.parties.authority.pk, CaseRole.DEFENDANT),
        (winner, CaseRole.THIRD_PARTY),
    ]  # type: ignore[union-attr]
    closing = filing + DAY * rng.randint(120, 500)
    if closing <= AS_OF:
        case.closing = closing
        case.manner = rng.choices(("judgment", "withdrawal"), (85, 15))[0]
        case.outcome = (
            "withdrawn"
            if case.manner == "withdrawal"
            else rng.choices(("claim_dismissed", "claim_granted"), (80, 20))[0]
        )
    return case


def _when(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(min(day, AS_OF), datetime.time(10, 0), tzinfo=_TZ)


def save(ctx: CaseContext, procs: list[ProcDraft], appeals: list[CaseDraft]) -> None:
    """Write proceedings, their links, the administrative cases and the invalidation events."""
    rng = ctx.rng
    Proceeding.objects.bulk_create([p.row for p in procs], batch_size=1000)
    appeal_of = {id(a.previous): a for a in appeals}
    admin = [(p, c) for p in procs if (c := _admin_case(ctx, p)) is not None]
    admin_firsts = [c for _p, c in admin]
    ctx.counts["case_parties"] += save_cases(
        admin_firsts, numbers=ctx.numbers, court_orgs=ctx.court_orgs, rng=rng
    )
    admin_appeals = [a for a in (appeal(ctx, c, administrative=True) for c in admin_firsts) if a]
    ctx.counts["case_parties"] += save_cases(
        admin_appeals, numbers=ctx.numbers, court_orgs=ctx.court_orgs, rng=rng
    )
    ctx.counts["cases"] += len(admin_firsts) + len(admin_appeals)
    ctx.counts["appeals"] += len(admin_appeals)
    ctx.counts["admin_cases"] += len(admin_firsts) + len(admin_appeals)
    for p, c in admin:
        p.links.append((c, "admin_review", "confirmed"))
    links: list[CaseLink] = []
    for p in procs:
        for case, kind, status in p.links:
            links.append(_link(ctx, case, p, kind, status))
            later = appeal_of.get(id(case))
            if later is not None and kind == "validity_challenge" and rng.random() < 0.5:
                links.append(_link(ctx, later, p, kind, "confirmed"))
    CaseLink.objects.bulk_create(links, batch_size=1000)
    LegalEvent.objects.bulk_create(ctx.events, batch_size=1000)
    ctx.counts["proceedings"] += len(procs)
    ctx.counts["links"] += len(links)
    ctx.counts["events"] += len(ctx.events)
    ctx.events.clear()


def _link(ctx: CaseContext, case: CaseDraft, p: ProcDraft, kind: str, status: str) -> CaseLink:
    assert case.row is not None and p.row.pk is not None
    decided = status != "proposed"
    judge = ctx.judges.get(case.court)
    return CaseLink(
        case_id=case.row.pk,
        proceeding_id=p.row.pk,
        kind=kind,
        status=status,
        automatic=status == "proposed" or ctx.rng.random() < 0.5,
        decided_by_id=judge if decided else None,
        decided_at=_when(max(case.filing, p.row.filing_date) + DAY * 7) if decided else None,
        reason="同一专利的侵权诉讼与无效宣告程序" if kind == "validity_challenge" else "",
    )


def standalone(ctx: CaseContext, *, count: int) -> None:
    """Proceedings without a court case: trademark oppositions and local adjudications."""
    rng, d = ctx.rng, ctx.directory
    rows: list[Proceeding] = []
    for plan in ctx.rights.oppositions:
        opponent = ctx.parties.company(rng)
        rows.append(
            Proceeding(
                kind="trademark_opposition",
                number=f"{plan.filed.year}Y{ctx.next('opposition', 1_000):07d}",
                trademark_id=plan.trademark_pk,
                requester_id=opponent.pk,
                respondent_id=plan.owner.pk,
                status="decided" if plan.decided else "examining",
                filing_date=plan.filed,
                decision_date=plan.decided,
                outcome=plan.outcome,
                decision_number=f"（{plan.decided.year}）商标异字第{ctx.next('opp_decision', 10_000):010d}号"
                if plan.decided
                else "",
                grounds="违反商标法第三十条，与引证商标构成使用在类似商品上的近似商标",
                owner_org_id=d.cnipa["trademark"].pk,
            )
        )
    pools = [r for kind in ("invention", "utility", "design") for r in ctx.rights.patents[kind]]
    for _ in range(count if pools else 0):
        right = rng.choice(pools)
        respondent = ctx.parties.company(rng)
        p2 = respondent.province if respondent.province in ctx.directory.ip_offices else "11"
        filing = between(
            rng, max(datetime.date(2019, 1, 1), right.last_date + DAY), AS_OF - DAY * 10
        )
        decided = filing + DAY * rng.randint(60, 150)
        rows.append(
            Proceeding(
                kind="admin_adjudication",
                number=f"{PROVINCE_ABBREVIATIONS[p2]}知裁字〔{filing.year}〕{ctx.next('adj' + p2, 0)}号",
                patent_id=right.pk,
                requester_id=right.owner.pk,
                respondent_id=respondent.pk,
                status="decided" if decided <= AS_OF else "examining",
                filing_date=filing,
                decision_date=decided if decided <= AS_OF else None,
                outcome=rng.choices(("infringement_found", "no_infringement"), (70, 30))[0]
                if decided <= AS_OF
                else "",
                owner_org_id=d.ip_offices[p2].pk,
            )
        )
    Proceeding.objects.bulk_create(rows, batch_size=1000)
    ctx.counts["proceedings"] += len(rows)


def apply_invalidations(ctx: CaseContext) -> None:
    """Write back the status the invalidation decisions gave the rights."""
    models = {"patent": Patent, "trademark": Trademark}
    for key, pks in ctx.changed.items():
        model = models[key.removesuffix("_partial")]
        for i in range(0, len(pks), 500):
            qs = model.objects.filter(pk__in=pks[i : i + 500])
            if key.endswith("_partial"):
                qs.update(partially_invalidated=True)
            else:
                qs.update(status=RightStatus.INVALIDATED)
