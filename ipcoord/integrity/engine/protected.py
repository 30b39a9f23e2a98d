"""Screening a mark against the protected lists shipped in `data/protected_marks.json`.

Signs of the categories in CONTAINED_CATEGORIES (state names, the Red Cross, Olympic words …)
are raised when the mark merely contains them, because 商标法 art. 10 para. 1 is applied to
marks that include such a sign, not only to marks that resemble it; every other category is
raised when the mark is similar by `compare`. Famous marks are raised whatever the classes
(cross-class protection of well-known marks, art. 13); a person weighs the class relation.

Caveat: the list is a small hand-kept sample; whether a mark is "well-known" is a legal
finding the list does not make.
"""

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from .index import Hit, MarkIndex
from .normalise import normalise

CONTAINED_CATEGORIES = frozenset({"state", "organisation", "event"})

# Category → (what the sign is, legal basis), worded for the reason shown to a person.
LEGAL_BASIS: dict[str, tuple[str, str]] = {
    "state": ("禁用标志", "商标法第十条第一款"),
    "organisation": ("禁用标志", "商标法第十条第一款"),
    "event": ("特殊标志", "商标法第十条第一款、特殊标志管理条例"),
    "place": ("县级以上行政区划地名", "商标法第十条第二款"),
    "famous": ("知名商标", "商标法第十三条、第三十条"),
    "person": ("公众人物姓名", "商标法第三十二条，在先姓名权"),
}


@dataclass(frozen=True, slots=True)
class ProtectedSign:
    text: str
    category: str


@cache
def protected_signs() -> tuple[ProtectedSign, ...]:
    raw = json.loads(files(__package__).joinpath("data/protected_marks.json").read_text("utf-8"))
    return tuple(ProtectedSign(e["text"], e["category"]) for e in raw["entries"])


@cache
def protected_index() -> MarkIndex:
    return MarkIndex((f"{s.category}:{s.text}", s.text, ()) for s in protected_signs())


def _label(category: str, text: str, how: str) -> str:
    what, basis = LEGAL_BASIS[category]
    if how == "包含":
        return f"包含{what}「{text}」（{basis}）"
    return f"与{what}「{text}」{how}（{basis}）"


def screen_protected(text: str) -> list[Hit]:
    """Protected signs the mark resembles or (for art. 10 signs) contains, best first.

    Class relation is "any": classes do not limit protected signs (see the module docstring).
    """
    found: dict[str, Hit] = {}
    for hit in protected_index().query(text, limit=None):
        category = str(hit.id).split(":", 1)[0]
        how = "相同" if hit.score >= 1.0 else "近似"
        reasons = [_label(category, hit.text, how), *hit.reasons]
        found[str(hit.id)] = Hit(hit.id, hit.text, hit.score, reasons, "any", hit.rule)
    mark = normalise(text).text
    for sign in protected_signs():
        key = f"{sign.category}:{sign.text}"
        if key in found or sign.category not in CONTAINED_CATEGORIES:
            continue
        if normalise(sign.text).text in mark:
            reason = _label(sign.category, sign.text, "包含")
            found[key] = Hit(key, sign.text, 0.8, [reason], "any", "contains")
    return sorted(found.values(), key=lambda h: (-h.score, str(h.id)))
