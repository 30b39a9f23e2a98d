"""Texts of the demo register: patent titles, IPC strings and abstracts, trademark texts and
goods, case summaries. Pure functions of a `random.Random`, no Django import.
"""

import random

from ipcoord.demo.vocab import (
    BENEFITS,
    BRAND_CHARS,
    DESIGN_PRODUCTS,
    DESIGN_VARIANTS,
    DEVICE_FORMS,
    MARK_SUFFIXES,
    METHOD_FORMS,
    NICE_GOODS,
    POPULAR_CLASSES,
    PRODUCT_FORMS,
    TECH_FIELDS,
    UTILITY_FORMS,
    TechField,
)

_BRAND = "".join(dict.fromkeys(BRAND_CHARS))
_ALL_FIELDS = TECH_FIELDS
_ALL_WEIGHTS = [f.weight for f in TECH_FIELDS]
_DEVICE_FIELDS = tuple(f for f in TECH_FIELDS if f.devices)
_DEVICE_WEIGHTS = [f.weight for f in _DEVICE_FIELDS]
KIND_WORDS = {
    "invention": "发明",
    "pct_invention": "发明",
    "utility_model": "实用新型",
    "pct_utility_model": "实用新型",
    "design": "外观设计",
}


def pick_field(rng: random.Random, kind: str) -> TechField | None:
    """A technical field that can carry a right of `kind` (designs have none)."""
    if kind == "design":
        return None
    if kind in ("utility_model", "pct_utility_model"):
        return rng.choices(_DEVICE_FIELDS, _DEVICE_WEIGHTS)[0]
    return rng.choices(_ALL_FIELDS, _ALL_WEIGHTS)[0]


def patent_title(rng: random.Random, kind: str, tech: TechField | None) -> str:
    if tech is None:
        return rng.choice(DESIGN_PRODUCTS) + rng.choice(DESIGN_VARIANTS)
    q = rng.choice(tech.qualifiers)
    if kind in ("utility_model", "pct_utility_model"):
        return rng.choice(UTILITY_FORMS).format(q=q, d=rng.choice(tech.devices))
    options: list[str] = []
    if tech.methods:
        options.append(rng.choice(METHOD_FORMS).format(q=q, m=rng.choice(tech.methods)))
    if tech.products:
        options.append(rng.choice(PRODUCT_FORMS).format(q=q, p=rng.choice(tech.products)))
    if tech.devices:
        options.append(rng.choice(DEVICE_FORMS).format(q=q, d=rng.choice(tech.devices)))
    return rng.choice(options)


def ipc_string(rng: random.Random, tech: TechField | None) -> str:
    """Main symbol first, then up to two secondary ones: `H04L 9/32; G06F 21/60`."""
    if tech is None:
        return ""
    extra = rng.sample(tech.extra_ipc, rng.randint(0, len(tech.extra_ipc)))
    return "; ".join([tech.ipc, *extra])


def patent_abstract(rng: random.Random, kind: str, title: str) -> str:
    word = KIND_WORDS[kind]
    if kind == "design":
        return f"本外观设计产品的名称为{title}，设计要点在于产品的形状与图案。"
    subject = title.removeprefix("一种")
    return f"本{word}公开了{subject}。与现有技术相比，本{word}{rng.choice(BENEFITS)}。"


# Invented names in the form patent agencies take; about a third of applicants file alone.
AGENCIES = tuple(
    f"{city}{word}知识产权代理有限公司"
    for city, word in (
        ("北京", "信远"), ("北京", "中研"), ("上海", "浦泰"), ("上海", "华诚"), ("杭州", "求是"),
        ("杭州", "钱塘"), ("深圳", "鹏程"), ("广州", "岭南"), ("南京", "金陵"), ("成都", "天府"),
    )
)  # fmt: skip


def agency(rng: random.Random) -> str:
    return rng.choice(AGENCIES) if rng.random() < 0.65 else ""


def brand_word(rng: random.Random, length: int = 2) -> str:
    return "".join(rng.sample(_BRAND, length))


def mark_text(rng: random.Random, owner_brand: str) -> str:
    """A word mark: the owner's brand half of the time, otherwise a new one."""
    base = (
        owner_brand
        if owner_brand and rng.random() < 0.5
        else brand_word(rng, rng.choice((2, 2, 3)))
    )
    return base + rng.choice(MARK_SUFFIXES)


def near_copy(rng: random.Random, mark: str) -> str:
    """A squatter's variant of an existing mark: one character changed, or a suffix added."""
    if len(mark) >= 3 and rng.random() < 0.6:
        i = rng.randrange(1, len(mark))
        return mark[:i] + rng.choice(_BRAND) + mark[i + 1 :]
    return mark + rng.choice(("优品", "家", "小铺", "官方"))


def nice_classes(rng: random.Random) -> list[int]:
    n = 1 if rng.random() < 0.7 else rng.randint(2, 3)
    pool = POPULAR_CLASSES if rng.random() < 0.8 else tuple(range(1, 46))
    return sorted(rng.sample(pool, n))


def goods_for(rng: random.Random, classes: list[int]) -> str:
    items: list[str] = []
    for c in classes:
        goods = NICE_GOODS[c]
        items += rng.sample(goods, rng.randint(1, len(goods)))
    return "；".join(items)


def case_summary(cause_label: str, plaintiff: str, defendant: str, right: str) -> str:
    if right:
        return f"{plaintiff}诉{defendant}{cause_label}，涉及{right}。"
    return f"{plaintiff}诉{defendant}{cause_label}。"
