"""Showcase records of the newer apps, made through their services by the demo users.

Freeze orders and inquiries (preservation), screening leads, decisions and dishonesty listings
(integrity), notices between courts and IP offices and a machine client (exchange). A few
dozen rows, the same absolute numbers from `small` up (`tiny` gets a handful): they are
there to make the pages worth opening, not bulk. Each goes through its service with a demo
user as actor, so its own audit events, steps and notifications exist like real ones.

Dates: the services stamp with `timezone.now()` and check against `timezone.localdate()`
(a freeze runs from the day it is registered; a case may not be filed in the future), so
these records are dated relative to the real today, not to the builder's fixed
`timeline.AS_OF`. The preservation cases are numbered in the real year. Names, numbers and
which rights are chosen depend only on the seed; the dates move with the day the demo is
built. The machine client's service user gets a random username (the service makes it).
"""

import datetime
import hashlib
import random
from collections import Counter
from collections.abc import Callable

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.utils import timezone

from ipcoord.cases.models import Case, CaseRole, Cause
from ipcoord.cases.services import case_file
from ipcoord.core.models import User
from ipcoord.demo import texts
from ipcoord.demo.batches import send_demo_batches
from ipcoord.demo.orgs import OrgDirectory
from ipcoord.exchange.clients import machine_client_register
from ipcoord.exchange.notices import notice_post, notice_reply
from ipcoord.integrity import services as integrity
from ipcoord.integrity.credit_rules import ListKind
from ipcoord.integrity.models import Finding
from ipcoord.preservation import services as preservation
from ipcoord.preservation.models import FreezeKind
from ipcoord.registry.models import Party, Patent, PatentOwner, RightStatus, Trademark

# Per order, in this order; "queued" freezes a right an earlier "active" order holds.
_FREEZE_PLAN = {
    "tiny": ["active", "queued", "renewed", "released", "expiring", "submitted"],
    "showcase": ["active"] * 14
    + ["queued"] * 6
    + ["renewed"] * 2
    + ["released"] * 2
    + ["expiring"] * 2
    + ["submitted"] * 4,
}
_INQUIRIES = {"tiny": 3, "showcase": 10}
_LEADS = {"tiny": 4, "showcase": 20}
_DECIDED = {"tiny": 1, "showcase": 3}  # confirmed, and as many dismissed
_NUMERALS = "一二三四五六七八九十"


def build_extras(
    *,
    directory: OrgDirectory,
    users: dict[str, User],
    seed: int,
    size: str,
    progress: Callable[[str], None],
) -> dict[str, int]:
    """Make the showcase records; returns their counts."""
    plan = "tiny" if size == "tiny" else "showcase"
    counts: Counter[str] = Counter()
    progress("preservation")
    _preservation(random.Random(f"{seed}:preservation"), directory, users, plan, counts)
    progress("integrity")
    _integrity(random.Random(f"{seed}:integrity"), users, plan, counts)
    progress("exchange")
    _exchange(seed, directory, users, plan, counts)
    return dict(counts)


# Preservation -------------------------------------------------------------------------------


def _freezable_patents(rng: random.Random) -> list[Patent]:
    ids = list(
        Patent.objects.filter(status__in=[RightStatus.VALID, RightStatus.PENDING])
        .order_by("application_number")
        .values_list("pk", flat=True)
    )
    rng.shuffle(ids)
    return list(Patent.objects.filter(pk__in=ids[:80]).order_by("application_number"))


def _owner(patent: Patent) -> Party | None:
    row = PatentOwner.objects.filter(patent=patent).order_by("position").first()
    return row.party if row else None


class _Court:
    """One court's preservation cases and document numbers."""

    def __init__(self, clerk: User, code: str, year: int) -> None:
        self.clerk, self.code, self.year = clerk, code, year
        taken = Case.objects.filter(court_code=code, year=year, type_code="执保")
        self.serial = max(taken.values_list("serial", flat=True), default=0)
        self.cases: list[Case] = []
        self.docs: Counter[str] = Counter()

    def new_case(self, rng: random.Random, today: datetime.date, parties: list[Party]) -> Case:
        self.serial += rng.randint(1, 9)
        filed = max(datetime.date(today.year, 1, 1), today - datetime.timedelta(rng.randint(0, 40)))
        applicant, respondent = parties
        case = case_file(
            actor=self.clerk,
            number=f"（{self.year}）{self.code}执保{self.serial}号",
            cause=Cause.PRESERVATION,
            filing_date=filed,
            parties=[(applicant, CaseRole.APPLICANT), (respondent, CaseRole.RESPONDENT)],
        )
        self.cases.append(case)
        return case

    def documents(self, case: Case) -> tuple[str, str]:
        """A ruling (the case's 裁定书 with a running 之N) and its assistance notice."""
        self.docs[case.number] += 1
        n = self.docs[case.number]
        suffix = _NUMERALS[n - 1] if n <= len(_NUMERALS) else str(n)
        ruling = f"{case.number.removesuffix('号')}号之{suffix}"
        return ruling, f"{ruling}（协助执行通知书）"


def _preservation(
    rng: random.Random, directory: OrgDirectory, users: dict[str, User], plan: str, counts: Counter
) -> None:
    today = timezone.localdate()
    officer = users["cnipa_officer"]
    bj = _Court(users["bj_clerk"], "京73", today.year)
    zj = _Court(users["zj_clerk"], "浙01", today.year)
    patents = _freezable_patents(rng)
    parties = list(Party.objects.order_by("name")[:200])
    held: list[Patent] = []  # actively frozen by 京73, for 浙01 to queue behind

    def case_for(court: _Court, respondent: Party | None) -> Case:
        if court.cases and rng.random() < 0.5:
            return rng.choice(court.cases)
        applicant = rng.choice(parties)
        other = respondent if respondent and respondent != applicant else rng.choice(parties)
        return court.new_case(rng, today, [applicant, other])

    for step in _FREEZE_PLAN[plan]:
        court = zj if step == "queued" and held else bj
        if step == "queued" and held:
            rights = [held.pop(0)]
        else:
            rights = [patents.pop()]
            if step == "active" and rng.random() < 0.25:
                rights.append(patents.pop())
        case = case_for(court, _owner(rights[0]))
        ruling, notice = court.documents(case)
        months = 1 if step == "expiring" else rng.choice([3, 6, 6])
        order = preservation.freeze_order_submit(
            actor=court.clerk,
            case_number=case.number,
            kind=rng.choice([FreezeKind.IN_LITIGATION, FreezeKind.ENFORCEMENT_SEIZURE]),
            ruling_number=ruling,
            notice_number=notice,
            months=months,
            rights=rights,
            note="演示数据",
        )
        counts["freeze_orders"] += 1
        if step == "submitted":
            continue
        preservation.freeze_order_register(actor=officer, order=order)
        if step == "active":
            held.append(rights[0])
        elif step == "renewed":
            ruling, notice = court.documents(case)
            preservation.freeze_renew(
                actor=court.clerk,
                order=order,
                ruling_number=ruling,
                notice_number=notice,
                months=6,
            )
            counts["freeze_renewals"] += 1
        elif step == "released":
            ruling, notice = court.documents(case)
            preservation.freeze_release(
                actor=court.clerk, order=order, ruling_number=ruling, notice_number=notice
            )
            counts["freeze_releases"] += 1

    cases = [(bj, c) for c in bj.cases] + [(zj, c) for c in zj.cases]
    for i in range(_INQUIRIES[plan]):
        court, case = cases[i % len(cases)]
        respondent = case.case_parties.filter(role=CaseRole.RESPONDENT).first()
        party = respondent.party if respondent else rng.choice(parties)
        query = (party.uscc or party.name) if rng.random() < 0.5 else party.name
        preservation.inquiry_run(actor=court.clerk, case_number=case.number, query=query)
        counts["inquiries"] += 1
    counts["preservation_cases"] = len(cases)


# Integrity ----------------------------------------------------------------------------------


def _integrity(rng: random.Random, users: dict[str, User], plan: str, counts: Counter) -> None:
    officer = users["cnipa_officer"]
    marks = list(
        Trademark.objects.filter(status=RightStatus.VALID)
        .select_related("owner")
        .order_by("-well_known", "number")[:60]
    )
    parties = list(Party.objects.order_by("name")[:300])
    target = _LEADS[plan]
    for _attempt in range(4 * target):
        if not marks or Finding.objects.filter(created_by=officer).count() >= target:
            break
        famous = marks.pop(rng.randrange(min(len(marks), 10)))
        applicant = rng.choice([p for p in parties[:50] if p.pk != famous.owner_id])
        classes = [c for c in famous.nice_classes.strip(",").split(",") if c][:2]
        integrity.mark_screen(
            actor=officer,
            text=texts.near_copy(rng, famous.mark_text),
            classes=classes,
            applicant=applicant,
            record=True,
        )
        counts["screenings"] += 1
    leads = list(Finding.objects.filter(created_by=officer).order_by("subject_text", "matched_ref"))
    counts["findings"] = len(leads)
    n = _DECIDED[plan]
    confirmed: list[Finding] = []
    for finding in leads[:n]:
        reason = (
            f"申请人在后申请的“{finding.subject_text}”与在先商标“{finding.matched_text}”"
            "仅一字之差，指定商品相同或类似，且申请人另有多件摹仿他人商标的申请，确认为恶意抢注线索。"
        )
        confirmed.append(integrity.finding_confirm(actor=officer, finding=finding, reason=reason))
    for finding in leads[n : 2 * n]:
        reason = (
            f"“{finding.subject_text}”与“{finding.matched_text}”读音、含义均有明显区别，"
            "指定商品不构成类似，不足以造成混淆，排除。"
        )
        integrity.finding_dismiss(actor=officer, finding=finding, reason=reason)
    counts["findings_confirmed"] = len(confirmed)
    counts["findings_dismissed"] = len(leads[n : 2 * n])
    _listings(rng, officer, confirmed, parties, counts)


def _listings(
    rng: random.Random,
    officer: User,
    confirmed: list[Finding],
    parties: list[Party],
    counts: Counter,
) -> None:
    basis = "《知识产权领域严重失信主体名单管理办法》第五条"
    # One listing a party: two confirmed findings on the same party go into one proposal.
    by_party: dict[int, tuple[Party, list[int]]] = {}
    for f in confirmed:
        if f.party:
            by_party.setdefault(f.party.pk, (f.party, []))[1].append(f.pk)
    subjects = list(by_party.values())
    spare = [p for p in parties[50:] if p.pk not in by_party]
    rng.shuffle(spare)
    while len(subjects) < 4:
        subjects.append((spare.pop(), []))
    steps = ["listed", "removed", "notified", "proposed"]
    for step, (party, finding_ids) in zip(steps, subjects, strict=False):
        listing = integrity.listing_propose(
            actor=officer,
            party_id=party.pk,
            kind=ListKind.CNIPA,
            facts=f"{party.name}大量申请与他人在先商标近似的商标，不以使用为目的，扰乱商标注册秩序。",
            legal_basis=basis,
            finding_ids=finding_ids,
        )
        counts["listings"] += 1
        if step == "proposed":
            continue
        listing = integrity.listing_notify(
            actor=officer,
            listing=listing,
            notice_text="拟将你单位列入知识产权领域严重失信主体名单，可在异议期内提出书面异议。",
        )
        if step == "notified":
            continue
        listing = integrity.listing_waive(
            actor=officer, listing=listing, note="当事人书面声明放弃异议（签收回执附卷）。"
        )
        listing = integrity.listing_decide(
            actor=officer, listing=listing, reason="事实清楚，证据确凿，决定列入。"
        )
        if step == "removed":
            integrity.listing_withdraw(
                actor=officer,
                listing=listing,
                reason="据以列入的商标无效宣告裁定已被法院判决撤销，提前移出名单。",
            )


# Exchange -----------------------------------------------------------------------------------


def _exchange(
    seed: int, directory: OrgDirectory, users: dict[str, User], plan: str, counts: Counter
) -> None:
    bj_court, zj_court = directory.courts["京73"], directory.courts["浙01"]
    bj_ipo, zj_ipo = directory.ip_offices["11"], directory.ip_offices["33"]
    cnipa = directory.cnipa["patent"]
    notices = [
        (
            users["bj_judge"],
            bj_court,
            [bj_ipo],
            "关于协查涉案专利行政处理情况的函",
            "本院正在审理的侵害发明专利权纠纷案件中，被告称涉案专利已在贵局提起侵权纠纷行政裁决。"
            "请告知行政裁决的受理时间和进展。",
            users["bj_officer"],
            "经查，该行政裁决请求已于本月受理，目前中止审理，待贵院判决后再行处理。",
        ),
        (
            users["cnipa_officer"],
            cnipa,
            [bj_court, zj_court],
            "关于专利权冻结登记办理时限的通报",
            "自即日起，专利权冻结令在提交后三个工作日内完成登记；轮候冻结的，登记时一并告知在先冻结的法院。",
            users["zj_clerk"],
            "收悉。本院已通知执行局各合议庭按新时限跟进冻结登记情况。",
        ),
        (
            users["zj_clerk"],
            zj_court,
            [zj_ipo],
            "关于商标恶意抢注线索的移送函",
            "本院在审理一起侵害商标权纠纷中发现被告批量申请与他人驰名商标近似的商标，现将线索移送贵局处理。",
            users["zj_officer"],
            "线索已收到，我局已启动甄别，结果将另行函告。",
        ),
    ]
    for actor, org, to, title, body, replier, answer in notices:
        notice = notice_post(actor=actor, organisation=org, title=title, body=body, addressees=to)
        notice_reply(actor=replier, notice=notice, body=answer)
        counts["notices"] += 1
    key = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"{seed}:client".encode()).digest())
    pem = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    client, _token = machine_client_register(
        actor=users["cnipa_admin"],
        organisation=directory.cnipa["cnipa"],
        name="国家知识产权局专利业务系统",
        public_key=pem,
        allowed_kinds=["patents", "trademarks", "events"],
    )
    counts["machine_clients"] = 1
    year = timezone.localdate().year
    records = 5 if plan == "tiny" else 60
    send_demo_batches(client=client, key=key, seed=seed, year=year, records=records, counts=counts)
