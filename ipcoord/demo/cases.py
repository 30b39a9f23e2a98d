"""Demo court cases: first-instance IP civil cases on the register's rights and their appeals.

Technical cases (inventions, utility models, trade secrets …) are tried as `知民初` by IP courts
and intermediate courts and appealed to the SPC IP tribunal as `最高法知民终`; other IP cases
are tried by district or intermediate courts as `民初` and appealed one level up (`京73民终`,
`浙民终`), as `orgs.appellate_court` routes them. An appeal is filed after the first instance
closed, so its year is the same or later, and it is owned by the court whose code it carries.
Validity proceedings, links and administrative cases come from `proceedings.py`.
"""

import datetime
import random
from collections.abc import Callable

from ipcoord.cases.models import CaseRole, Cause
from ipcoord.core.courtcodes import PROVINCE_ABBREVIATIONS, court_level
from ipcoord.demo import proceedings, texts
from ipcoord.demo.casebook import CaseContext, CaseDraft, appeal, save_cases
from ipcoord.demo.orgs import OrgDirectory
from ipcoord.demo.rights import PoolRight
from ipcoord.demo.timeline import AS_OF, DAY, between

# cause → (weight, pool of rights it is about, technical)
CAUSES: dict[str, tuple[float, str, bool]] = {
    Cause.PATENT_INFRINGEMENT: (18, "invention", True),
    Cause.UTILITY_INFRINGEMENT: (18, "utility", True),
    Cause.DESIGN_INFRINGEMENT: (9, "design", False),
    Cause.TRADEMARK_INFRINGEMENT: (25, "trademark", False),
    Cause.UNFAIR_COMPETITION: (8, "", False),
    Cause.COPYRIGHT_INFRINGEMENT: (10, "", False),
    Cause.TRADE_SECRET: (3, "", True),
    Cause.PATENT_OWNERSHIP: (2, "invention", True),
    Cause.PATENT_LICENCE: (2, "invention", True),
    Cause.NON_INFRINGEMENT: (1, "utility", True),
    Cause.MALICIOUS_LITIGATION: (1, "", False),
    Cause.TRADEMARK_OWNERSHIP: (1, "trademark", False),
    Cause.DRUG_PATENT_LINKAGE: (0.5, "invention", True),
}
# Courts that try patent and other technical cases, weighted by their real case load.
TECHNICAL_COURTS = {"京73": 10, "沪73": 8, "粤73": 8, "粤03": 9, "浙01": 7, "苏05": 5, "苏01": 4, "川01": 3, "鄂01": 3, "陕01": 2, "鲁01": 2, "鲁02": 2, "浙02": 2, "闽02": 1, "渝01": 2, "皖01": 1, "湘01": 1, "豫01": 1, "琼73": 1, "津03": 1}  # fmt: skip
_MUNICIPAL = "京津沪渝"
FIRST_CASE_YEAR = 2019  # the SPC IP tribunal took technical appeals from 2019


def _court_tables(directory: OrgDirectory) -> tuple[list[str], list[float], list[str], list[float]]:
    technical, t_weights, general, g_weights = [], [], [], []
    for code in directory.courts:
        level = court_level(code)
        if level in ("intermediate", "specialised"):
            # Guangzhou's and Haikou's technical cases go to their IP courts.
            capital = (
                code.endswith("01") and code[0] not in _MUNICIPAL and code not in ("粤01", "琼01")
            )
            weight = TECHNICAL_COURTS.get(code, 0.3 if capital else 0)
            if weight:
                technical.append(code)
                t_weights.append(weight)
            general.append(code)
            g_weights.append(2 if code in ("京73", "沪73", "粤73") else 0.3)
        elif level == "basic":
            general.append(code)
            g_weights.append(
                4 if code in ("京0108", "京0105", "京0491", "沪0115", "浙0192", "粤0305") else 1.5
            )
    return technical, t_weights, general, g_weights


def _province(code: str) -> str | None:
    return next((p2 for p2, a in PROVINCE_ABBREVIATIONS.items() if a == code[0]), None)


def _pick_right(ctx: CaseContext, pool_name: str) -> PoolRight | None:
    pool = ctx.rights.trademarks if pool_name == "trademark" else ctx.rights.patents[pool_name]
    for _ in range(5):
        if not pool:
            return None
        # A few rights are sued on again and again (批量维权), most once.
        right = pool[int(len(pool) * ctx.rng.random() ** 1.6)]
        if not right.invalidated:
            return right
    return None


def _first_instance_close(
    rng: random.Random, filing: datetime.date
) -> tuple[datetime.date | None, str, str]:
    closing = filing + DAY * rng.randint(60, 540)
    if closing > AS_OF:
        return None, "", ""
    manner = rng.choices(("judgment", "mediation", "withdrawal", "dismissal"), (55, 10, 30, 5))[0]
    outcome = {
        "judgment": rng.choices(
            ("claim_granted", "claim_partly_granted", "claim_dismissed"), (15, 50, 35)
        )[0],
        "mediation": "settled",
        "withdrawal": "withdrawn",
        "dismissal": "other",
    }[manner]
    return closing, manner, outcome


def first_instance(
    ctx: CaseContext, tables: tuple[list[str], list[float], list[str], list[float]]
) -> CaseDraft:
    """One first-instance civil case, with its right and parties."""
    rng = ctx.rng
    causes = list(CAUSES)
    cause = rng.choices(causes, [CAUSES[c][0] for c in causes])[0]
    _weight, pool_name, technical = CAUSES[cause]
    right = _pick_right(ctx, pool_name) if pool_name else None
    if pool_name and right is None:
        cause, pool_name, technical = Cause.COPYRIGHT_INFRINGEMENT, "", False
    tech_courts, t_w, general, g_w = tables
    if cause == Cause.DRUG_PATENT_LINKAGE:
        court = "京73"  # the Beijing IP Court has sole jurisdiction (SPC interpretation 2021)
    elif technical or pool_name in ("invention", "utility", "design"):
        court = rng.choices(tech_courts, t_w)[0]
    else:
        court = rng.choices(general, g_w)[0]
    low = datetime.date(FIRST_CASE_YEAR, 1, 1)
    if right is not None:
        low = max(low, right.last_date + DAY * 30)
    filing = between(rng, low, AS_OF - DAY * 5)
    plaintiff = right.owner.pk if right is not None else ctx.parties.company(rng).pk
    defendant = ctx.parties.company(rng, _province(court))
    while defendant.pk == plaintiff:
        defendant = ctx.parties.company(rng)
    if cause == Cause.NON_INFRINGEMENT:  # the accused sues the patentee
        plaintiff, defendant = defendant.pk, ctx.parties.by_pk.get(plaintiff) or defendant
    draft = CaseDraft(
        court=court,
        type_code="知民初"
        if technical or pool_name in ("invention", "utility", "design")
        else "民初",
        filing=filing,
        cause=cause,
        technical=technical,
        sealed=rng.random() < (0.4 if cause == Cause.TRADE_SECRET else 0.003),
    )
    draft.parties = [(plaintiff, CaseRole.PLAINTIFF), (defendant.pk, CaseRole.DEFENDANT)]
    if rng.random() < 0.3:
        seller = ctx.parties.company(rng, _province(court))
        if seller.pk not in (plaintiff, defendant.pk):
            draft.parties.append((seller.pk, CaseRole.DEFENDANT))
    if right is not None:
        (draft.trademarks if right.kind == "trademark" else draft.patents).append(right.pk)
    draft.closing, draft.manner, draft.outcome = _first_instance_close(rng, filing)
    names = ctx.parties.by_pk
    p_name = names[plaintiff].name if plaintiff in names else ""
    draft.summary = texts.case_summary(
        str(Cause(cause).label), p_name, defendant.name, right.label if right else ""
    )
    draft.right = right
    return draft


def build_cases(
    ctx: CaseContext, *, count: int, chunk: int, progress: Callable[[str], None]
) -> None:
    """About `count` first-instance civil cases in chunks, each chunk with its appeals,
    validity proceedings, links and the administrative cases those provoke."""
    tables = _court_tables(ctx.directory)
    done = 0
    while done < count:
        firsts = [first_instance(ctx, tables) for _ in range(min(chunk, count - done))]
        procs = proceedings.for_cases(ctx, firsts)
        appeals = [a for a in (appeal(ctx, f) for f in firsts) if a is not None]
        ctx.counts["case_parties"] += save_cases(
            firsts, numbers=ctx.numbers, court_orgs=ctx.court_orgs, rng=ctx.rng
        )
        ctx.counts["case_parties"] += save_cases(
            appeals, numbers=ctx.numbers, court_orgs=ctx.court_orgs, rng=ctx.rng
        )
        ctx.counts["cases"] += len(firsts) + len(appeals)
        ctx.counts["appeals"] += len(appeals)
        proceedings.save(ctx, procs, appeals)
        done += len(firsts)
        progress(f"  first-instance cases: {done}/{count} (+ {ctx.counts['appeals']} appeals)")
    proceedings.standalone(ctx, count=max(1, count // 30))
    proceedings.apply_invalidations(ctx)
